/**
 * The command as users run it: the built CLI in a subprocess over files in a temporary directory,
 * checking exit codes, output and options.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonOutput, runBuilt, type JsonMessage, type Run } from './run-built.js';

/** A Lambda function URL whose CORS block sets `origins` and, optionally, credentials and max-age. */
function lambdaUrl(options: { origin: string; credentials?: boolean; maxAge?: number; corsComment?: string }): string {
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  FnUrl:',
    '    Type: AWS::Lambda::Url',
    '    Properties:',
    '      TargetFunctionArn: !GetAtt Fn.Arn',
    '      AuthType: NONE',
    `      Cors:${options.corsComment === undefined ? '' : ` ${options.corsComment}`}`,
    '        AllowOrigins:',
    `          - "${options.origin}"`,
    ...(options.credentials === undefined ? [] : [`        AllowCredentials: ${options.credentials}`]),
    ...(options.maxAge === undefined ? [] : [`        MaxAge: ${options.maxAge}`]),
    '',
  ].join('\n');
}

// Line 10 holds the origin, line 11 the credentials (when set), the next one the max-age.
const ANY_ORIGIN_WITH_CREDENTIALS = lambdaUrl({ origin: '*', credentials: true });
const LONG_MAX_AGE = lambdaUrl({ origin: 'https://app.example.com', maxAge: 86400 });
const CLEAN = lambdaUrl({ origin: 'https://app.example.com', maxAge: 600 });

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'corsguard-cli-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(rel: string, content: string | Uint8Array): string {
  const path = join(dir, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function lint(args: readonly string[], input?: string): Run {
  return runBuilt(['--no-config-lookup', ...args], { cwd: dir, ...(input === undefined ? {} : { input }) });
}

function brief(messages: readonly JsonMessage[]): [string | null, number, number, number][] {
  return messages.map((message) => [message.ruleId, message.severity, message.line, message.column]);
}

describe('exit codes', () => {
  it('exits 0 on a clean file and prints nothing', () => {
    write('template.yaml', CLEAN);
    const run = lint(['.']);
    expect(run).toMatchObject({ status: 0, stdout: '' });
  });

  it('exits 0 with warnings only, and 1 once they exceed --max-warnings', () => {
    write('template.yaml', LONG_MAX_AGE);
    expect(lint(['.']).status).toBe(0);
    expect(lint(['--max-warnings', '1', '.']).status).toBe(0);
    const over = lint(['--max-warnings', '0', '.']);
    expect(over.status).toBe(1);
    expect(over.stderr).toContain('too many warnings (maximum: 0)');
  });

  it('counts warnings hidden by --quiet against --max-warnings, as ESLint does', () => {
    write('template.yaml', LONG_MAX_AGE);
    expect(lint(['--quiet', '.'])).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(lint(['--quiet', '--max-warnings', '0', '.'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'corsguard found too many warnings (maximum: 0).\n',
    });
  });

  it('prints the warning limit only when no error decides the exit code, as ESLint does', () => {
    write('a.yaml', LONG_MAX_AGE);
    write('b.yaml', lambdaUrl({ origin: '*', credentials: true }));
    expect(lint(['--max-warnings', '0', '--format', 'json', '.'])).toMatchObject({ status: 1, stderr: '' });
    write('c.yaml', 'Resources:\n  X: [1, 2\n  Y: 3\n');
    expect(lint(['--max-warnings', '0', '--format', 'json', '.'])).toMatchObject({ status: 2, stderr: '' });
  });

  it('sets no warning limit with any negative --max-warnings, as ESLint does', () => {
    write('template.yaml', LONG_MAX_AGE);
    expect(lint(['--max-warnings=-1', '--format', 'json', '.']).status).toBe(0);
    expect(lint(['--max-warnings=-2', '--format', 'json', '.']).status).toBe(0);
    expect(lint(['--max-warnings=', '.'])).toMatchObject({
      status: 2,
      stderr: 'corsguard: --max-warnings needs a whole number, got ""\nRun "corsguard --help" for usage.\n',
    });
    expect(lint(['--max-warnings', '1e3', '.']).stderr).toContain('--max-warnings needs a whole number, got "1e3"');
  });

  it('exits 1 on an error and reports it at the offending value', () => {
    const file = write('template.yaml', ANY_ORIGIN_WITH_CREDENTIALS);
    const run = lint(['--format', 'json', '.']);
    expect(run.status).toBe(1);
    const [result] = parseJsonOutput(run);
    expect(result?.filePath).toBe(file);
    expect(result?.messages).toEqual([
      {
        ruleId: 'no-reflected-origin-with-credentials',
        severity: 2,
        message: expect.stringContaining('Every request origin is echoed back'),
        line: 10,
        column: 13,
        endLine: 10,
        endColumn: 16,
        messageId: 'reflectedWithCredentials',
      },
    ]);
    expect(result).toMatchObject({ errorCount: 1, warningCount: 0, fatalErrorCount: 0 });
  });

  it('exits 2 on a file that does not parse, and still lints the others', () => {
    const broken = write('a-broken.yaml', 'Resources:\n  X: [1, 2\n  Y: 3\n');
    const bad = write('b-template.yaml', ANY_ORIGIN_WITH_CREDENTIALS);
    const run = lint(['--format', 'json', '.']);
    expect(run.status).toBe(2);
    const results = parseJsonOutput(run);
    expect(results.map((result) => result.filePath)).toEqual([broken, bad]);
    expect(results[0]?.messages).toEqual([
      { ruleId: null, severity: 2, message: 'Parsing error: deficient indentation', line: 3, column: 3, fatal: true },
    ]);
    expect(results[0]).toMatchObject({ errorCount: 1, fatalErrorCount: 1 });
    expect(brief(results[1]?.messages ?? [])).toEqual([['no-reflected-origin-with-credentials', 2, 10, 13]]);
  });

  it('exits 2 on usage errors', () => {
    expect(lint(['--frobnicate']).status).toBe(2);
    expect(lint(['--format', 'xml', '.']).stderr).toContain('unknown format "xml"');
    expect(lint(['--max-warnings', 'many', '.']).status).toBe(2);
    expect(lint(['--concurrency', '0', '.']).status).toBe(2);
    const missing = lint(['nowhere.yaml']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('No files matching the pattern "nowhere.yaml" were found.');
    write('legacy/old.yaml', CLEAN);
    expect(lint(['--ignore-pattern', 'legacy', 'legacy/*.yaml', 'nothing/*.json'])).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'corsguard: No files matching the pattern "nothing/*.json" were found.\n' +
        'corsguard: All files matching the pattern "legacy/*.yaml" are ignored (by .gitignore or an ignore pattern; --no-ignore lints them).\n',
    });
  });
});

describe('files', () => {
  it('skips what no adapter recognises, quietly unless --debug', () => {
    write('docker-compose.yaml', 'services:\n  web:\n    image: nginx\n');
    write('tsconfig.json', '{\n  // comments are fine here\n  "compilerOptions": {},\n}\n');
    write('chart/templates/ingress.yaml', 'metadata:\n  annotations:\n    {{- toYaml .Values.annotations | nindent 4 }}\n');
    write('logo.yaml', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    write('api/openapi.yaml', 'openapi: 3.0.1\nx-amazon-apigateway-cors:\n  allowOrigins:\n%{ for origin in origins ~}\n    - ${origin}\n%{ endfor ~}\n');
    const run = lint(['--format', 'json', '.']);
    expect(run).toMatchObject({ status: 0, stdout: '[]' });
    const debug = lint(['--debug', '.']);
    expect(debug.stderr).toContain('docker-compose.yaml: skipped, no adapter recognises its document');
    expect(debug.stderr).toContain('tsconfig.json: skipped, no adapter recognises its document');
    expect(debug.stderr).toContain('ingress.yaml: skipped, a template that does not parse before rendering');
    expect(debug.stderr).toContain('openapi.yaml: skipped, a template that does not parse before rendering');
    expect(debug.stderr).toContain('logo.yaml: skipped, contains NUL bytes');
  });

  it('reports comments in a JSON config as a parse error', () => {
    write(
      'template.json',
      '{\n  "Resources": {\n    "FnUrl": {\n      // the URL\n      "Type": "AWS::Lambda::Url",\n      "Properties": { "TargetFunctionArn": "arn", "AuthType": "NONE", "Cors": { "AllowOrigins": ["https://a.example.com"] } }\n    }\n  }\n}\n',
    );
    const run = lint(['--format', 'json', '.']);
    expect(run.status).toBe(2);
    expect(parseJsonOutput(run)[0]?.messages).toEqual([
      {
        ruleId: null,
        severity: 2,
        message: "Parsing error: Unexpected character '/' found. JSON allows no comments or trailing commas.",
        line: 4,
        column: 7,
        fatal: true,
      },
    ]);
  });

  it('honours .gitignore, --ignore-pattern and --no-ignore', () => {
    write('.gitignore', 'generated/\n');
    write('generated/template.yaml', ANY_ORIGIN_WITH_CREDENTIALS);
    write('infra/template.yaml', ANY_ORIGIN_WITH_CREDENTIALS);
    write('node_modules/pkg/template.yaml', ANY_ORIGIN_WITH_CREDENTIALS);
    const files = (run: Run): string[] => parseJsonOutput(run).map((result) => result.filePath);
    expect(files(lint(['--format', 'json', '.']))).toEqual([join(dir, 'infra/template.yaml')]);
    expect(files(lint(['--format', 'json', '--ignore-pattern', 'infra/**', '.']))).toEqual([]);
    expect(files(lint(['--format', 'json', '--no-ignore', '.']))).toEqual([
      join(dir, 'generated/template.yaml'),
      join(dir, 'infra/template.yaml'),
    ]);
    // A path named on the command line is linted even when a .gitignore above it ignores it.
    expect(files(lint(['--format', 'json', 'generated']))).toEqual([join(dir, 'generated/template.yaml')]);
  });

  it('reads standard input for "-"', () => {
    const run = lint(['--format', 'json', '-'], ANY_ORIGIN_WITH_CREDENTIALS);
    expect(run.status).toBe(1);
    const [result] = parseJsonOutput(run);
    expect(result?.filePath).toBe('<stdin>');
    expect(brief(result?.messages ?? [])).toEqual([['no-reflected-origin-with-credentials', 2, 10, 13]]);
    const named = lint(['--format', 'json', '--stdin-filename', 'infra/api.yaml', '-'], ANY_ORIGIN_WITH_CREDENTIALS);
    expect(parseJsonOutput(named)[0]?.filePath).toBe(join(dir, 'infra/api.yaml'));
    expect(lint(['-'], 'a: [1\n').status).toBe(2);
  });

  it('skips standard input whose --stdin-filename an ignore pattern matches, as a named file', () => {
    const args = ['--format', 'json', '--ignore-pattern', 'legacy/', '--stdin-filename', 'legacy/api.yaml', '-'];
    expect(lint(args, ANY_ORIGIN_WITH_CREDENTIALS)).toEqual({ status: 0, stdout: '[]', stderr: '' });
    expect(lint(['--no-ignore', ...args], ANY_ORIGIN_WITH_CREDENTIALS).status).toBe(1);
  });

  it('writes the report to a file with -o', () => {
    write('template.yaml', ANY_ORIGIN_WITH_CREDENTIALS);
    const run = lint(['--format', 'json', '-o', 'reports/corsguard.json', '.']);
    expect(run).toMatchObject({ status: 1, stdout: '' });
    const written = JSON.parse(readFileSync(join(dir, 'reports/corsguard.json'), 'utf8')) as { messages: unknown[] }[];
    expect(written[0]?.messages).toHaveLength(1);
  });

  it('exits 2 naming the reason when -o cannot be written', () => {
    write('template.yaml', CLEAN);
    write('reports', 'a file where a folder should be');
    expect(lint(['-o', 'reports/corsguard.txt', '.'])).toEqual({
      status: 2,
      stdout: '',
      stderr: `corsguard: cannot write ${join(dir, 'reports/corsguard.txt')}: ENOTDIR\n`,
    });
    mkdirSync(join(dir, 'out'));
    expect(lint(['-o', 'out', '.']).stderr).toBe(`corsguard: cannot write ${join(dir, 'out')}: EISDIR\n`);
  });
});

describe('options', () => {
  it('--quiet reports errors only, leaving out files with none, as ESLint does', () => {
    write('a.yaml', LONG_MAX_AGE);
    const b = write('b.yaml', lambdaUrl({ origin: '*', credentials: true, maxAge: 86400 }));
    write('c.yaml', CLEAN);
    const run = lint(['--format', 'json', '--quiet', '.']);
    expect(run.status).toBe(1);
    const results = parseJsonOutput(run);
    expect(results.map((result) => [result.filePath, brief(result.messages), result.warningCount])).toEqual([
      [b, [['no-reflected-origin-with-credentials', 2, 10, 13]], 0],
    ]);
  });

  it('--quiet leaves suppressed warnings out too', () => {
    write('t.yaml', lambdaUrl({ origin: '*', credentials: true, maxAge: 86400 }).replace('MaxAge: 86400', 'MaxAge: 86400 # corsguard-disable-line'));
    const all = parseJsonOutput(lint(['--format', 'json', '.']));
    expect(all[0]?.suppressedMessages.map((message) => [message.ruleId, message.severity, message.line])).toEqual([['max-age-within-browser-cap', 1, 12]]);
    const quiet = parseJsonOutput(lint(['--format', 'json', '--quiet', '.']));
    expect(quiet.map((result) => [brief(result.messages), result.suppressedMessages])).toEqual([[[['no-reflected-origin-with-credentials', 2, 10, 13]], []]]);
  });

  it('--rule changes a severity', () => {
    write('template.yaml', LONG_MAX_AGE);
    const raised = lint(['--format', 'json', '--rule', 'max-age-within-browser-cap:error', '.']);
    expect(raised.status).toBe(1);
    expect(brief(parseJsonOutput(raised)[0]?.messages ?? [])).toEqual([['max-age-within-browser-cap', 2, 11, 17]]);
    const off = lint(['--format', 'json', '--rule', 'max-age-within-browser-cap:off', '.']);
    expect(parseJsonOutput(off)[0]?.messages).toEqual([]);
    const unknown = lint(['--rule', 'no-such-rule:off', '.']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown rule "no-such-rule"');
  });

  it('prints the version and help', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(lint(['--version'])).toMatchObject({ status: 0, stdout: `v${pkg.version}\n` });
    const help = lint(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--max-warnings <n>');
  });

  it('shows a code frame under each problem in the default format', () => {
    write('template.yaml', ANY_ORIGIN_WITH_CREDENTIALS);
    const run = lint(['.']);
    expect(run.stdout).toContain(`${join(dir, 'template.yaml')}\n  10:13  error  `);
    expect(run.stdout).toContain('    10 |           - "*"\n       |             ^^^\n');
    expect(run.stdout).toContain('✖ 1 problem (1 error, 0 warnings)');
  });
});

describe('inline suppressions', () => {
  const withComment = (comment: string): string =>
    ANY_ORIGIN_WITH_CREDENTIALS.replace('          - "*"', comment.startsWith('#') ? `          ${comment}\n          - "*"` : `          - "*" ${comment.slice(1)}`);

  it('disable-next-line suppresses the rule on the next line, keeping the reason', () => {
    write('t.yaml', withComment('# corsguard-disable-next-line no-reflected-origin-with-credentials -- public, cookie-less API'));
    const run = lint(['--format', 'json', '.']);
    expect(run.status).toBe(0);
    const [result] = parseJsonOutput(run);
    expect(result?.messages).toEqual([]);
    expect(result?.suppressedMessages.map((message) => [message.ruleId, message.line, message.suppressions])).toEqual([
      ['no-reflected-origin-with-credentials', 11, [{ kind: 'directive', justification: 'public, cookie-less API' }]],
    ]);
  });

  it('disable-line suppresses on its own line; disable-file everywhere', () => {
    write('line.yaml', withComment(' # corsguard-disable-line no-reflected-origin-with-credentials'));
    write('file.yaml', `# corsguard-disable-file\n${ANY_ORIGIN_WITH_CREDENTIALS}`);
    const run = lint(['--format', 'json', '.']);
    expect(run.status).toBe(0);
    expect(parseJsonOutput(run).map((result) => [result.messages.length, result.suppressedMessages.length])).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });

  it('reports an unused directive as a warning, or an error when asked', () => {
    write('t.yaml', withComment('# corsguard-disable-next-line valid-origin'));
    const run = lint(['--format', 'json', '.']);
    const messages = parseJsonOutput(run)[0]?.messages ?? [];
    expect(messages.map((message) => [message.ruleId, message.severity, message.line, message.column, message.message])).toEqual([
      [null, 1, 10, 11, "Unused corsguard-disable directive (no problems were reported from 'valid-origin')."],
      ['no-reflected-origin-with-credentials', 2, 11, 13, expect.any(String)],
    ]);
    const strict = lint(['--format', 'json', '--report-unused-disable-directives', '--rule', 'no-reflected-origin-with-credentials:off', '.']);
    expect(strict.status).toBe(1);
    expect(brief(parseJsonOutput(strict)[0]?.messages ?? [])).toEqual([[null, 2, 10, 11]]);
    const quiet = lint(['--format', 'json', '--report-unused-disable-directives-severity', 'off', '--rule', 'no-reflected-origin-with-credentials:off', '.']);
    expect(parseJsonOutput(quiet)[0]?.messages).toEqual([]);
    // ESLint's numeric spellings, and its refusal of both options at once.
    const numeric = lint(['--format', 'json', '--report-unused-disable-directives-severity', '2', '--rule', 'no-reflected-origin-with-credentials:off', '.']);
    expect(brief(parseJsonOutput(numeric)[0]?.messages ?? [])).toEqual([[null, 2, 10, 11]]);
    expect(lint(['--report-unused-disable-directives-severity', 'toString', '.'])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'corsguard: --report-unused-disable-directives-severity needs off, warn, error, 0, 1 or 2, got "toString"\nRun "corsguard --help" for usage.\n',
    });
    expect(lint(['--report-unused-disable-directives', '--report-unused-disable-directives-severity', 'warn', '.'])).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'corsguard: --report-unused-disable-directives and --report-unused-disable-directives-severity cannot be used together\nRun "corsguard --help" for usage.\n',
    });
  });

  it('reads reportUnusedDisableDirectives in the config file as ESLint reads it in linterOptions', () => {
    write('t.yaml', withComment('# corsguard-disable-next-line valid-origin'));
    const severityWith = (value: string): unknown => {
      write('corsguard.config.json', `{"reportUnusedDisableDirectives": ${value}}`);
      const run = runBuilt(['--print-config'], { cwd: dir });
      expect(run.status).toBe(0);
      return (JSON.parse(run.stdout) as { reportUnusedDisableDirectives: unknown }).reportUnusedDisableDirectives;
    };
    expect([severityWith('true'), severityWith('false'), severityWith('2'), severityWith('0'), severityWith('"error"')]).toEqual(['warn', 'off', 'error', 'off', 'error']);
    write('corsguard.config.json', '{"reportUnusedDisableDirectives": "loud"}');
    expect(runBuilt(['.'], { cwd: dir }).stderr).toBe(
      `corsguard: ${join(dir, 'corsguard.config.json')}: /reportUnusedDisableDirectives: must be equal to one of the allowed values: "off", "warn", "error", 0, 1, 2\n`,
    );
  });

  it('reports a directive naming an unknown rule', () => {
    write('t.yaml', withComment('# corsguard-disable-next-line no-wildcard-origin-with-credential'));
    const messages = parseJsonOutput(lint(['--format', 'json', '.']))[0]?.messages ?? [];
    expect(messages[0]).toMatchObject({
      ruleId: 'no-wildcard-origin-with-credential',
      severity: 2,
      message: "Definition for rule 'no-wildcard-origin-with-credential' was not found.",
      line: 10,
    });
  });

  it('ignores directive text inside a string', () => {
    write('t.yaml', ANY_ORIGIN_WITH_CREDENTIALS.replace('AuthType: NONE', 'AuthType: NONE\n      Description: "# corsguard-disable-file"'));
    expect(lint(['.']).status).toBe(1);
  });
});

describe('config file', () => {
  function lintWithConfig(args: readonly string[], cwd = dir): Run {
    return runBuilt(args, { cwd });
  }

  it('is found upward from the working directory and applied', () => {
    write('corsguard.config.json', JSON.stringify({ rules: { 'max-age-within-browser-cap': ['error', { maxAge: 3600 }] } }));
    write('infra/template.yaml', LONG_MAX_AGE);
    const run = lintWithConfig(['--format', 'json', '.'], join(dir, 'infra'));
    expect(run.status).toBe(1);
    expect(brief(parseJsonOutput(run)[0]?.messages ?? [])).toEqual([['max-age-within-browser-cap', 2, 11, 17]]);
    const printed = JSON.parse(lintWithConfig(['--print-config'], join(dir, 'infra')).stdout) as Record<string, unknown>;
    expect(printed.configFile).toBe(join(dir, 'corsguard.config.json'));
    expect((printed.rules as Record<string, unknown>)['max-age-within-browser-cap']).toEqual(['error', { maxAge: 3600 }]);
  });

  it('reads YAML config with ignore patterns', () => {
    write('.corsguardrc.yaml', 'ignorePatterns:\n  - legacy/**\nrules:\n  max-age-within-browser-cap: off\n');
    write('legacy/template.yaml', ANY_ORIGIN_WITH_CREDENTIALS);
    write('template.yaml', LONG_MAX_AGE);
    const run = lintWithConfig(['--format', 'json', '.']);
    expect(run.status).toBe(0);
    expect(parseJsonOutput(run).map((result) => [result.filePath, result.messages.length])).toEqual([[join(dir, 'template.yaml'), 0]]);
  });

  it('skips the files a hook names inside a directory that ignorePatterns names', () => {
    write('.corsguardrc.yaml', 'ignorePatterns:\n  - legacy/\n');
    write('deploy/legacy/template.yaml', ANY_ORIGIN_WITH_CREDENTIALS);
    write('deploy/template.yaml', CLEAN);
    const run = lintWithConfig(['--format', 'json', 'deploy/legacy/template.yaml', 'deploy/template.yaml']);
    expect(run.status).toBe(0);
    expect(parseJsonOutput(run).map((result) => result.filePath)).toEqual([join(dir, 'deploy/template.yaml')]);
  });

  it.each([
    [{ rule: { 'valid-origin': 'error' } }, '/rule: unknown key "rule"'],
    [{ rules: { 'valid-orign': 'error' } }, '/rules/valid-orign: unknown rule "valid-orign"'],
    [{ rules: { 'valid-origin': 'fatal' } }, '/rules/valid-origin: must be equal to one of the allowed values: "off", "warn", "error", 0, 1, 2'],
    [{ rules: { 'max-age-within-browser-cap': ['warn', { maxAge: 'long' }] } }, '/rules/max-age-within-browser-cap/1/maxAge: must be integer'],
    [{ rules: { 'max-age-within-browser-cap': ['warn', { max: 1 }] } }, '/rules/max-age-within-browser-cap/1/max: unknown key "max"'],
    [{ ignorePatterns: 'dist' }, '/ignorePatterns: must be array'],
  ])('rejects %j with exit 2 and the path of the bad key', (config, message) => {
    write('corsguard.config.json', JSON.stringify(config));
    write('template.yaml', CLEAN);
    const run = lintWithConfig(['.']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`corsguard: ${join(dir, 'corsguard.config.json')}: ${message}\n`);
  });

  it('rejects a config that does not parse, naming the position', () => {
    write('.corsguardrc.yml', 'rules:\n  valid-origin: [error\n');
    const run = lintWithConfig(['.']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^corsguard: ${join(dir, '.corsguardrc.yml').replace(/[.]/g, '\\.')}:3:1: `));
  });

  it('reads a JSON config file with comments and trailing commas, as ESLint read .eslintrc.json', () => {
    write('.corsguardrc.json', '{\n  // prod only\n  "rules": { "max-age-within-browser-cap": "error", },\n}\n');
    write('template.yaml', LONG_MAX_AGE);
    const run = lintWithConfig(['--format', 'json', '.']);
    expect(run.status).toBe(1);
    expect(brief(parseJsonOutput(run)[0]?.messages ?? [])).toEqual([['max-age-within-browser-cap', 2, 11, 17]]);
    write('.corsguardrc.json', '{\n  "rules": { "max-age-within-browser-cap": "error" }\n  "preset": "strict"\n}\n');
    expect(lintWithConfig(['.']).stderr).toMatch(new RegExp(`^corsguard: ${join(dir, '.corsguardrc.json').replace(/[.]/g, '\\.')}:3:3: `));
  });

  it('refuses a JavaScript config file instead of linting with none', () => {
    write('corsguard.config.js', "export default { rules: { 'no-null-origin': 'off' } };\n");
    write('template.yaml', CLEAN);
    expect(lintWithConfig(['--config', 'corsguard.config.js', '.'])).toEqual({
      status: 2,
      stdout: '',
      stderr: `corsguard: ${join(dir, 'corsguard.config.js')}: a config file is JSON or YAML, not .js\n`,
    });
  });

  it('does not let a config key reach Object.prototype', () => {
    write('corsguard.config.json', '{"__proto__": {"polluted": true}, "rules": {}}');
    write('template.yaml', CLEAN);
    const run = lintWithConfig(['.']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('/__proto__: unknown key "__proto__"');
  });

  it('loads user adapters named in the config', () => {
    write(
      'adapters/my-gateway.mjs',
      `export default {
  name: 'my-gateway',
  description: 'kind: MyGateway documents',
  detect: (doc) => doc.root.type === 'map' && doc.root.entries.some((e) => e.key.value === 'kind' && e.value.value === 'MyGateway'),
  extract(doc) {
    const origin = doc.root.entries.find((e) => e.key.value === 'allowOrigin').value;
    return [{
      loc: doc.root.loc, source: 'MyGateway', origins: [{ kind: 'any', loc: origin.loc }],
      credentials: { value: true, loc: origin.loc }, vary: { value: 'unknown', loc: doc.root.loc },
      preflight: { handling: 'unknown', loc: doc.root.loc },
    }];
  },
};
`,
    );
    write('corsguard.config.yaml', 'adapters:\n  - ./adapters/my-gateway.mjs\n');
    write('gw.yaml', 'kind: MyGateway\nallowOrigin: "*"\n');
    const run = lintWithConfig(['--format', 'json', 'gw.yaml']);
    expect(run.status).toBe(1);
    expect(brief(parseJsonOutput(run)[0]?.messages ?? [])).toEqual([['no-wildcard-origin-with-credentials', 2, 2, 14]]);
    write('corsguard.config.yaml', 'adapters:\n  - ./adapters/missing.mjs\n');
    const missing = lintWithConfig(['gw.yaml']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Cannot load adapter module');
  });

  it('names what a user adapter module lacks, or what it threw while loading, with exit 2', () => {
    write('gw.yaml', 'kind: MyGateway\nallowOrigin: "*"\n');
    const url = (name: string) => pathToFileURL(join(dir, 'adapters', name)).href;
    write('adapters/partial.mjs', "export default { name: 'partial', detect: () => false };\n");
    write('corsguard.config.yaml', 'adapters:\n  - ./adapters/partial.mjs\n');
    expect(lintWithConfig(['gw.yaml'])).toEqual({
      status: 2,
      stdout: '',
      stderr: `corsguard: Adapter module ${url('partial.mjs')} must export an adapter (default export or "adapter") with name, description, detect() and extract(): its export lacks description (a string), extract()\n`,
    });
    write('adapters/named.mjs', "export const gateway = { name: 'named' };\n");
    write('corsguard.config.yaml', 'adapters:\n  - ./adapters/named.mjs\n');
    expect(lintWithConfig(['gw.yaml']).stderr).toBe(
      `corsguard: Adapter module ${url('named.mjs')} must export an adapter (default export or "adapter") with name, description, detect() and extract(): it exports neither\n`,
    );
    write('adapters/throws.mjs', "throw new Error('no credentials for the registry');\n");
    write('corsguard.config.yaml', 'adapters:\n  - ./adapters/throws.mjs\n');
    expect(lintWithConfig(['gw.yaml'])).toEqual({
      status: 2,
      stdout: '',
      stderr: `corsguard: Cannot load adapter module ${url('throws.mjs')}: no credentials for the registry\n`,
    });
  });
});
