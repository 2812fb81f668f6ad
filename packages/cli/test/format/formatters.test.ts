import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { github } from '../../src/format/github.js';
import { json } from '../../src/format/json.js';
import { junit } from '../../src/format/junit.js';
import { sarif } from '../../src/format/sarif.js';
import { stylish } from '../../src/format/stylish.js';
import { runBuilt } from '../cli/run-built.js';
import type { FormatterContext } from '../../src/format/formatter.js';
import { makeResult, type LintMessage, type LintResult } from '../../src/lint/result.js';

const cwd = '/repo';
const context: FormatterContext = {
  cwd,
  color: false,
  version: '1.2.3',
  rulesMeta: {
    'no-wildcard-origin-with-credentials': {
      description: 'Disallow * with credentials.',
      type: 'problem',
      docsUrl: 'https://example.test/docs/no-wildcard-origin-with-credentials.md',
    },
    'max-age-within-browser-cap': {
      description: 'Keep max-age within what browsers honour.',
      type: 'suggestion',
      docsUrl: 'https://example.test/docs/max-age-within-browser-cap.md',
    },
  },
};

const lines: Record<number, string> = {
  4: '      - "*"',
  7: '\tMaxAge: 86400',
};

function result(filePath: string, messages: LintMessage[]): LintResult {
  return makeResult(filePath, messages, [], (line) => lines[line] ?? '');
}

const wildcard: LintMessage = {
  ruleId: 'no-wildcard-origin-with-credentials',
  severity: 2,
  message: "Access-Control-Allow-Origin is '*' with credentials",
  line: 4,
  column: 9,
  endLine: 4,
  endColumn: 12,
  messageId: 'wildcardWithCredentials',
};
const maxAge: LintMessage = {
  ruleId: 'max-age-within-browser-cap',
  severity: 1,
  message: 'Max-age 86400, more than browsers keep',
  line: 7,
  column: 10,
  endLine: 7,
  endColumn: 15,
  messageId: 'aboveBrowserCap',
};
const parseError: LintMessage = { ruleId: null, severity: 2, message: 'Parsing error: bad indentation', line: 2, column: 3, fatal: true };

const results: LintResult[] = [
  result('/repo/infra/api gateway.yaml', [wildcard, maxAge]),
  result('/repo/broken.yaml', [parseError]),
  result('/repo/clean.yaml', []),
];

describe('stylish', () => {
  it('lists problems per file with a code frame and a summary', () => {
    expect(stylish(results, context)).toBe(
      [
        '',
        '/repo/infra/api gateway.yaml',
        "  4:9  error  Access-Control-Allow-Origin is '*' with credentials  no-wildcard-origin-with-credentials",
        '    4 |       - "*"',
        '      |         ^^^',
        '  7:10  warning  Max-age 86400, more than browsers keep  max-age-within-browser-cap',
        '    7 |  MaxAge: 86400',
        '      |          ^^^^^',
        '',
        '/repo/broken.yaml',
        '  2:3  error  Parsing error: bad indentation',
        '',
        '✖ 3 problems (2 errors, 1 warning)',
        '',
      ].join('\n'),
    );
  });

  it("drops a message's final period, as ESLint's stylish does", () => {
    const messages = [
      { ...wildcard, message: 'Ends with a period.' },
      { ...maxAge, message: 'Ends with a spaced period .' },
    ];
    const output = stylish([makeResult('/repo/a.yaml', messages, [], () => '')], context);
    expect(output.split('\n').filter((line) => line.startsWith('  '))).toEqual([
      '  4:9  error  Ends with a period  no-wildcard-origin-with-credentials',
      '  7:10  warning  Ends with a spaced period .  max-age-within-browser-cap',
    ]);
  });

  it('prints nothing when there is no problem', () => {
    expect(stylish([result('/repo/clean.yaml', [])], context)).toBe('');
  });

  it('cuts a long line around the reported column', () => {
    const long = `${'x'.repeat(300)}"*"${'y'.repeat(300)}`;
    const message = { ...wildcard, line: 1, column: 301, endLine: 1, endColumn: 304 };
    const output = stylish([makeResult('/repo/a.yaml', [message], [], () => long)], context);
    const [, , frame = '', caret = ''] = output.split('\n').slice(1);
    expect(frame).toBe(`    1 | …${'x'.repeat(20)}"*"${'y'.repeat(97)}…`);
    expect(caret.indexOf('^')).toBe(frame.indexOf('"*"'));
    expect(caret.match(/\^/g)).toHaveLength(3);
  });
});

describe('json', () => {
  it("prints ESLint's result shape, without corsguard's own fields", () => {
    const parsed = JSON.parse(json(results, context)) as Record<string, unknown>[];
    expect(parsed[0]).toEqual({
      filePath: '/repo/infra/api gateway.yaml',
      messages: [
        {
          ruleId: 'no-wildcard-origin-with-credentials',
          severity: 2,
          message: "Access-Control-Allow-Origin is '*' with credentials",
          line: 4,
          column: 9,
          messageId: 'wildcardWithCredentials',
          endLine: 4,
          endColumn: 12,
        },
        {
          ruleId: 'max-age-within-browser-cap',
          severity: 1,
          message: 'Max-age 86400, more than browsers keep',
          line: 7,
          column: 10,
          messageId: 'aboveBrowserCap',
          endLine: 7,
          endColumn: 15,
        },
      ],
      suppressedMessages: [],
      errorCount: 1,
      fatalErrorCount: 0,
      warningCount: 1,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: [],
    });
    expect(parsed[1]).toMatchObject({
      messages: [{ ruleId: null, severity: 2, message: 'Parsing error: bad indentation', line: 2, column: 3, fatal: true }],
      errorCount: 1,
      fatalErrorCount: 1,
    });
    expect(parsed).toHaveLength(3);
  });
});

describe('sarif', () => {
  const require = createRequire(import.meta.url);
  const schemaPath = join(require.resolve('@microsoft/jest-sarif/package.json'), '..', 'lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  // The schema's language-tag pattern is not valid with the u flag; ajv would otherwise refuse to compile it.
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('is valid against the official SARIF 2.1.0 schema', () => {
    const log = JSON.parse(sarif(results, context)) as unknown;
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('describes each rule once with its help URI and points results at relative URIs', () => {
    const log = JSON.parse(sarif(results, context)) as {
      runs: {
        tool: { driver: { name: string; version: string; rules: { id: string; helpUri: string }[] } };
        originalUriBaseIds: Record<string, { uri: string }>;
        results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: unknown }[] }[];
        invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
      }[];
    };
    const [run] = log.runs;
    expect(run?.tool.driver).toMatchObject({ name: 'corsguard', version: '1.2.3' });
    expect(run?.tool.driver.rules.map((rule) => [rule.id, rule.helpUri])).toEqual([
      ['no-wildcard-origin-with-credentials', 'https://example.test/docs/no-wildcard-origin-with-credentials.md'],
      ['max-age-within-browser-cap', 'https://example.test/docs/max-age-within-browser-cap.md'],
    ]);
    expect(run?.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
    expect(run?.results.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['no-wildcard-origin-with-credentials', 0, 'error'],
      ['max-age-within-browser-cap', 1, 'warning'],
    ]);
    expect(run?.results[0]?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'infra/api%20gateway.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 4, startColumn: 9, endLine: 4, endColumn: 12 },
    });
    expect(run?.invocations[0]?.toolExecutionNotifications.map((n) => [n.level, n.message.text])).toEqual([
      ['error', 'Parsing error: bad indentation'],
    ]);
  });

  it("keeps the built CLI's own report valid: findings, a parse error, directive reports, standard input", () => {
    const dir = mkdtempSync(join(tmpdir(), 'corsguard-sarif-'));
    try {
      const template = [
        'Resources:',
        '  FnUrl:',
        '    Type: AWS::Lambda::Url',
        '    Properties:',
        '      TargetFunctionArn: arn',
        '      AuthType: NONE',
        '      Cors:',
        '        AllowOrigins: ["*"] # corsguard-disable-line no-null-origin',
        '        AllowCredentials: true',
        '        MaxAge: 86400 # corsguard-disable-line no-such-rule',
        '',
      ].join('\n');
      writeFileSync(join(dir, 'stack template.yaml'), template);
      writeFileSync(join(dir, 'broken.yaml'), 'Resources:\n  X: [1, 2\n  Y: 3\n');
      const run = runBuilt(['--no-config-lookup', '--format', 'sarif', '.'], { cwd: dir });
      expect(run.status).toBe(2);
      const log = JSON.parse(run.stdout) as {
        runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: unknown; region: unknown } }[] }[]; invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[];
      };
      expect(validate(log)).toBe(true);
      const [sarifRun] = log.runs;
      expect(sarifRun?.results.map((r) => [r.ruleId, r.locations[0]?.physicalLocation.artifactLocation, r.locations[0]?.physicalLocation.region])).toEqual([
        ['no-reflected-origin-with-credentials', { uri: 'stack%20template.yaml', uriBaseId: '%SRCROOT%' }, { startLine: 8, startColumn: 24, endLine: 8, endColumn: 27 }],
        ['max-age-within-browser-cap', { uri: 'stack%20template.yaml', uriBaseId: '%SRCROOT%' }, { startLine: 10, startColumn: 17, endLine: 10, endColumn: 22 }],
      ]);
      expect(sarifRun?.invocations[0]?.toolExecutionNotifications.map((n) => n.message.text)).toEqual([
        'Parsing error: deficient indentation',
        "Unused corsguard-disable directive (no problems were reported from 'no-null-origin').",
        "Definition for rule 'no-such-rule' was not found.",
      ]);
      const stdin = runBuilt(['--no-config-lookup', '--format', 'sarif', '-'], { cwd: dir, input: template });
      expect(validate(JSON.parse(stdin.stdout))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stays valid for files outside the working directory and standard input', () => {
    const outside = [result('/elsewhere/x.yaml', [wildcard]), result('<stdin>', [maxAge])];
    const log = JSON.parse(sarif(outside, context)) as { runs: { results: { locations: { physicalLocation: { artifactLocation: unknown } }[] }[] }[] };
    expect(validate(log)).toBe(true);
    expect(log.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation)).toEqual([
      { uri: 'file:///elsewhere/x.yaml' },
      { uri: 'stdin' },
    ]);
  });
});

describe('github', () => {
  it('prints one workflow command per problem, escaped', () => {
    const tricky = { ...maxAge, message: 'line one\nline two, 100% sure' };
    const unreadable: LintMessage = { ruleId: null, severity: 2, message: 'File is not valid UTF-8', line: 1, column: 18, fatal: true };
    expect(github([result('/repo/infra/a,b.yaml', [wildcard, tricky]), results[1] as LintResult, result('/repo/latin1.properties', [unreadable])], context)).toBe(
      [
        "::error file=infra/a%2Cb.yaml,line=4,col=9,endLine=4,endColumn=12,title=corsguard(no-wildcard-origin-with-credentials)::Access-Control-Allow-Origin is '*' with credentials",
        '::warning file=infra/a%2Cb.yaml,line=7,col=10,endLine=7,endColumn=15,title=corsguard(max-age-within-browser-cap)::line one%0Aline two, 100%25 sure',
        '::error file=broken.yaml,line=2,col=3,title=corsguard%3A parse error::Parsing error: bad indentation',
        '::error file=latin1.properties,line=1,col=18,title=corsguard%3A file not linted::File is not valid UTF-8',
        '',
      ].join('\n'),
    );
  });
});

describe('junit', () => {
  it("writes ESLint's JUnit layout, escaping XML", () => {
    const output = junit([result('/repo/a.yaml', [{ ...wildcard, message: 'a <b> & "c" ]]> \u0001' }]), results[2] as LintResult], context);
    expect(output).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<testsuites>',
        '<testsuite package="org.corsguard" time="0" tests="1" errors="1" name="/repo/a.yaml">',
        '<testcase time="0" name="org.corsguard.no-wildcard-origin-with-credentials" classname="/repo/a"><failure message="a &lt;b&gt; &amp; &quot;c&quot; ]]&gt; "><![CDATA[line 4, col 9, Error - a <b> & "c" ]]]]><![CDATA[>  (no-wildcard-origin-with-credentials)]]></failure></testcase>',
        '</testsuite>',
        '<testsuite package="org.corsguard" time="0" tests="1" errors="0" name="/repo/clean.yaml">',
        '<testcase time="0" name="/repo/clean.yaml" classname="/repo/clean" />',
        '</testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('writes a parse error as an <error> and keeps line breaks in attributes', () => {
    const twoLines = { ...maxAge, message: 'line one\nline two\ttabbed' };
    const output = junit([results[1] as LintResult, result('/repo/b.yaml', [twoLines])], context);
    expect(output).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<testsuites>',
        '<testsuite package="org.corsguard" time="0" tests="1" errors="1" name="/repo/broken.yaml">',
        '<testcase time="0" name="org.corsguard.unknown" classname="/repo/broken"><error message="Parsing error: bad indentation"><![CDATA[line 2, col 3, Error - Parsing error: bad indentation]]></error></testcase>',
        '</testsuite>',
        '<testsuite package="org.corsguard" time="0" tests="1" errors="0" name="/repo/b.yaml">',
        '<testcase time="0" name="org.corsguard.max-age-within-browser-cap" classname="/repo/b"><failure message="line one&#10;line two&#9;tabbed"><![CDATA[line 7, col 10, Warning - line one\nline two\ttabbed (max-age-within-browser-cap)]]></failure></testcase>',
        '</testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });
});
