/**
 * What a hostile file must never make corsguard do: run code from a tag, write to a built-in
 * prototype, walk forever through a symlink loop, read outside the roots it was given, or touch the
 * network. Every subprocess run is also checked by `expectWellBehaved` for network attempts and
 * prototype changes; these cases aim at each of them directly.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFindings, expectWellBehaved, type Bounds } from './expect.js';
import { createScratch, kongPlugin, type Scratch } from './generate.js';
import { recommendedRules } from '@corsguard/core';
import { buildSetup, lintText, run } from '../../src/index.js';
import { jsonResults, report, runCli, runNode, summarize } from './run-cli.js';

const BOUNDS: Bounds = { cpuMs: 2000, peakRssMiB: 160 };
const KONG_REFLECTED = { ruleId: 'no-reflected-origin-with-credentials', line: 7, column: 3 };

let scratch: Scratch;
beforeAll(() => {
  scratch = createScratch('safety');
});
afterAll(() => scratch.remove());

describe.concurrent('tags are data, never code', () => {
  it('js-yaml, PyYAML, Ruby and custom tags stay inert and their values count as unknown', async () => {
    const sentinel = join(scratch.root, 'tags/executed');
    const included = scratch.write('tags/secret/credentials.yaml', kongPlugin({ name: 'included' }));
    const payload = `require('fs').writeFileSync('${sentinel}', 'pwned')`;
    const text = kongPlugin({
      name: 'cors-tags',
      configExtra: [
        `  origins:`,
        `    - !!js/function "function () { ${payload}; return 'https://a.example.com' }"`,
        `    - !<tag:yaml.org,2002:js/function> "function () { ${payload} }"`,
        `    - !!python/object/apply:os.system ["touch ${sentinel}"]`,
        `    - !ruby/object:Gem::Installer { i: x }`,
        `    - !include ${included}`,
        `    - !!js/undefined ""`,
        `    - !!constructor "https://b.example.com"`,
        `    - !!__proto__ { polluted: true }`,
        `  headers: !!js/regexp /^(a+)+$/`,
        `  max_age: !Ref PreflightCacheSeconds`,
      ].join('\n'),
    });
    const file = scratch.write('tags/kong.yaml', text);
    const run = await runCli(['--format', 'json', file], { watchDir: join(scratch.root, 'tags/secret') });
    report('executable and custom tags', run, summarize(run));
    expectWellBehaved(run, BOUNDS);
    expect(existsSync(sentinel)).toBe(false);
    expect(run.watchedReads).toEqual([]);
    // Every origin is unknown, so whether Kong would reflect cannot be known: nothing is reported.
    expect(run.exitCode).toBe(0);
    expectFindings(run, file, []);
  });
});

const POLLUTING_YAML = kongPlugin({
  name: 'cors-proto',
  topExtra: ['__proto__:', '  polluted: yes', 'constructor:', '  prototype:', '    polluted: yes'].join('\n'),
  configExtra: [
    '  __proto__: { polluted: yes, credentials: false }',
    '  constructor: { prototype: { polluted: yes } }',
    '  <<: { __proto__: { polluted: yes }, hasOwnProperty: 1, toString: 2 }',
    '  headers: [__proto__, constructor, hasOwnProperty, toString, valueOf]',
  ].join('\n'),
});

const POLLUTING_JSON = JSON.stringify(
  {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      ['__proto__']: { Type: 'AWS::Lambda::Url', Properties: { polluted: true } },
      constructor: { prototype: { polluted: true } },
      FunctionUrl: {
        Type: 'AWS::Lambda::Url',
        Properties: {
          AuthType: 'NONE',
          TargetFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:api',
          Cors: { ['__proto__']: { polluted: true }, AllowOrigins: ['*'], AllowCredentials: true, AllowHeaders: ['__proto__', 'constructor'] },
        },
      },
    },
  },
  null,
  2,
).replace('"polluted": true', '"polluted": true, "__proto__": { "polluted": true }');

describe.concurrent('a config file in the linted checkout', () => {
  it("names adapters, which are code: they run with config lookup, and --no-config-lookup keeps them out", async () => {
    const dir = join(scratch.root, 'untrusted-config');
    const sentinel = join(dir, 'adapter-ran');
    scratch.write('untrusted-config/kong.yaml', kongPlugin());
    scratch.write(
      'untrusted-config/pwn.mjs',
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(sentinel)}, 'ran');\n` +
        "export default { name: 'pwn', description: 'x', detect: () => false, extract: () => [] };\n",
    );
    scratch.write('untrusted-config/.corsguardrc.json', '{ "adapters": ["./pwn.mjs"] }\n');
    const ignoringConfig = await runCli(['--format', 'json', '--no-config-lookup', '.'], { cwd: dir });
    expectWellBehaved(ignoringConfig, BOUNDS);
    expect(existsSync(sentinel)).toBe(false);
    expect(ignoringConfig.exitCode).toBe(1);
    expectFindings(ignoringConfig, join(dir, 'kong.yaml'), [KONG_REFLECTED]);
    const usingConfig = await runCli(['--format', 'json', '.'], { cwd: dir });
    report('a checkout config naming an adapter module', usingConfig, `module ran: ${existsSync(sentinel)}; with --no-config-lookup: not loaded`);
    expectWellBehaved(usingConfig, BOUNDS);
    expect(existsSync(sentinel)).toBe(true);
  });
});

describe.concurrent('__proto__ and constructor keys never reach a prototype', () => {
  it('through the CLI as a subprocess', async () => {
    const yaml = scratch.write('proto/kong.yaml', POLLUTING_YAML);
    const json = scratch.write('proto/template.json', POLLUTING_JSON);
    const run = await runCli(['--format', 'json', yaml, json]);
    report('__proto__ / constructor keys (subprocess)', run, summarize(run));
    expectWellBehaved(run, BOUNDS);
    expect(run.prototypeChanges).toEqual([]);
    expect(run.exitCode).toBe(1);
    // The keys are ordinary keys: credentials stays true, and Kong still reflects any origin.
    expectFindings(run, yaml, [{ ...KONG_REFLECTED, line: KONG_REFLECTED.line + 5 }]);
    const jsonFindings = jsonResults(run).find((result) => result.filePath === json)?.messages ?? [];
    expect(jsonFindings.map((message) => message.ruleId)).toContain('no-reflected-origin-with-credentials');
  });

  it('in process, through the exported run() and lintText()', async () => {
    const yaml = scratch.write('proto-inproc/kong.yaml', POLLUTING_YAML);
    const json = scratch.write('proto-inproc/template.json', POLLUTING_JSON);
    const stdout: string[] = [];
    const stderr: string[] = [];
    const exitCode = await run(['--format', 'json', yaml, json], {
      cwd: scratch.root,
      stdout: (text) => stdout.push(text),
      stderr: (text) => stderr.push(text),
      readStdin: async () => new Uint8Array(),
      colorDefault: false,
    });
    const setup = await buildSetup({ rules: recommendedRules, adapterModules: [], reportUnusedDisableDirectives: 'off' });
    const direct = lintText(yaml, POLLUTING_YAML, setup);
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect((probe.constructor as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(stderr.join('')).toBe('');
    expect(exitCode).toBe(1);
    expect(direct.kind).toBe('linted');
    const findings = direct.kind === 'linted' ? direct.result.messages.map(({ ruleId, line, column }) => ({ ruleId, line, column })) : [];
    expect(findings).toEqual([{ ...KONG_REFLECTED, line: KONG_REFLECTED.line + 5 }]);
  });

  it('through a config file and --rule options named like prototype members', async () => {
    const dir = join(scratch.root, 'proto-config');
    scratch.write('proto-config/with-config/kong.yaml', kongPlugin());
    scratch.write(
      'proto-config/with-config/corsguard.config.json',
      '{ "rules": { "__proto__": { "polluted": true }, "constructor": { "prototype": { "polluted": true } } } }\n',
    );
    scratch.write('proto-config/no-config/kong.yaml', kongPlugin());
    const fromConfig = await runCli(['--format', 'json', '.'], { cwd: join(dir, 'with-config') });
    const fromFlags = await runCli(['--format', 'json', '--rule', '__proto__:off', '--rule', 'constructor:error', '.'], {
      cwd: join(dir, 'no-config'),
    });
    report('__proto__ rules in the config file', fromConfig, `exit ${fromConfig.exitCode}: ${fromConfig.stderr.trim()}`);
    report('__proto__ and constructor in --rule', fromFlags, `exit ${fromFlags.exitCode}: ${fromFlags.stderr.trim()}`);
    for (const run of [fromConfig, fromFlags]) {
      expectWellBehaved(run, BOUNDS);
      // Neither is a rule id: a configuration or usage error that names it, not a crash.
      expect(run.exitCode).toBe(2);
    }
    expect(fromConfig.stderr).toMatch(/\/rules\/__proto__: unknown rule "__proto__"/);
    expect(fromFlags.stderr).toMatch(/__proto__/);
  });
});

describe.concurrent('values named like prototype members are ordinary values', () => {
  it('schemes, header names and methods called constructor, __proto__ or toString get the findings any other name would', async () => {
    const lines = (scheme: string, header: string, method: string) =>
      kongPlugin({
        name: `cors-${scheme}`,
        methods: `[GET, ${method}]`,
        configExtra: [
          `  headers: [Content-Type, ${header}]`,
          `  exposed_headers: [${header}]`,
          '  origins:',
          `    - "${scheme}://App.Example.com:80"`,
          '    - "https://app.example.com"',
        ].join('\n'),
      });
    const hostile = scratch.write('proto-values/hostile.yaml', lines('constructor', '__proto__', 'toString'));
    const control = scratch.write('proto-values/control.yaml', lines('custom', 'x-custom', 'toStrong'));
    const run = await runCli(['--format', 'json', hostile, control]);
    report('values named constructor / __proto__ / toString', run, summarize(run));
    expectWellBehaved(run, BOUNDS);
    const shape = (file: string) =>
      (jsonResults(run).find((result) => result.filePath === file)?.messages ?? []).map(({ ruleId, messageId, line, column }) => ({
        ruleId,
        messageId,
        line,
        column,
      }));
    // Only the made-up method is reported, in both files; `App.Example.com:80` under an unknown scheme is opaque.
    expect(shape(control)).toEqual([{ ruleId: 'valid-methods', messageId: 'unknown', line: 8, column: 18 }]);
    expect(shape(hostile)).toEqual(shape(control));
  });
});

describe.concurrent('suppression comments naming prototype members', () => {
  it('are unknown rules, reported as ESLint does, and suppress nothing', async () => {
    const text = `# corsguard-disable-next-line __proto__, constructor, toString -- testing\n${kongPlugin().replace(
      '  credentials: true',
      '  credentials: true # corsguard-disable-line hasOwnProperty',
    )}`;
    const file = scratch.write('proto-directives/kong.yaml', text);
    const run = await runCli(['--format', 'json', file]);
    report('disable directives naming __proto__ / constructor / toString', run, summarize(run));
    expectWellBehaved(run, BOUNDS);
    expect(run.exitCode).toBe(1);
    expectFindings(run, file, [
      { ruleId: '__proto__', line: 1, column: 1 },
      { ruleId: 'constructor', line: 1, column: 1 },
      { ruleId: 'toString', line: 1, column: 1 },
      { ...KONG_REFLECTED, line: 8 },
      { ruleId: 'hasOwnProperty', line: 8, column: 21 },
    ]);
  });
});

describe.concurrent('config values cannot rewrite the report', () => {
  // A value quoted in a message: a fake finding after a newline, terminal escapes that erase the line
  // or hide text, and a GitHub workflow command.
  const HOSTILE_ORIGIN = 'https://app.example.com/\\r\\n  1:1  error  all clear\\u001b[2K\\u001b[8m::add-mask::x%0A::error::fake';
  const traefik = [
    'apiVersion: traefik.io/v1alpha1',
    'kind: Middleware',
    'metadata:',
    '  name: cors',
    'spec:',
    '  headers:',
    '    accessControlAllowMethods: [GET]',
    '    accessControlAllowOriginList:',
    `      - "${HOSTILE_ORIGIN}"`,
    '',
  ].join('\n');

  it.each(['stylish', 'github'])('%s output carries no control character and no line a value made', async (format) => {
    const file = scratch.write(`report-injection/${format}/traefik.yaml`, traefik);
    const json = await runCli(['--format', 'json', file]);
    const run = await runCli(['--format', format, file]);
    report(`control characters and workflow commands in a value (${format})`, run, `exit ${run.exitCode}`);
    expectWellBehaved(run, BOUNDS);
    const findings = jsonResults(json).flatMap((result) => result.messages);
    expect(findings.length).toBeGreaterThan(0);
    // Nothing but tabs and line breaks: no ESC, CR, BEL or other C0/C1 control.
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const lines = run.stdout.split('\n');
    if (format === 'github') {
      expect(lines.filter((line) => line !== '')).toHaveLength(findings.length);
      for (const line of lines.filter((line) => line !== '')) expect(line).toMatch(/^::(error|warning) file=/);
    } else {
      expect(lines.filter((line) => /^\s+\d+:\d+\s+(error|warning)\s/.test(line))).toHaveLength(findings.length);
      expect(run.stdout).not.toMatch(/^\s+1:1\s+error\s+all clear/m);
    }
  });
});

describe.concurrent('symlinks during discovery', () => {
  it('loops terminate and every file is linted once', async () => {
    const root = join(scratch.root, 'loops/repo');
    scratch.write('loops/repo/gateway/kong.yaml', kongPlugin());
    scratch.link('loops/repo/gateway/again', '.');
    scratch.link('loops/repo/gateway/up', '..');
    scratch.link('loops/repo/self.yaml', 'self.yaml');
    scratch.link('loops/repo/ping', 'pong');
    scratch.link('loops/repo/pong', 'ping');
    const run = await runCli(['--format', 'json', root]);
    report('symlink loops in discovery', run, summarize(run));
    expectWellBehaved(run, BOUNDS);
    expect(run.exitCode).toBe(1);
    const withFindings = jsonResults(run).filter((result) => result.messages.length > 0);
    expect(withFindings.map((result) => result.filePath)).toEqual([join(root, 'gateway/kong.yaml')]);
    expectFindings(run, join(root, 'gateway/kong.yaml'), [KONG_REFLECTED]);
  });

  it('files outside the given root are not read through symlinks', async () => {
    const outside = join(scratch.root, 'escape/outside');
    scratch.write('escape/outside/secret-gateway/kong.yaml', kongPlugin({ name: 'outside' }));
    scratch.write('escape/outside/plugin.yaml', kongPlugin({ name: 'outside-file' }));
    const root = join(scratch.root, 'escape/repo');
    scratch.write('escape/repo/kong.yaml', kongPlugin());
    scratch.link('escape/repo/linked-dir', join(outside, 'secret-gateway'));
    scratch.link('escape/repo/linked-file.yaml', join(outside, 'plugin.yaml'));
    scratch.link('escape/repo/nested/relative.yaml', '../../outside/plugin.yaml');
    const run = await runCli(['--format', 'json', root], { watchDir: outside });
    report('symlinks pointing outside the root', run, summarize(run));
    expectWellBehaved(run, BOUNDS);
    expect(run.watchedReads).toEqual([]);
    expect(run.exitCode).toBe(1);
    const reported = jsonResults(run)
      .filter((result) => result.messages.length > 0)
      .map((result) => result.filePath);
    expect(reported).toEqual([join(root, 'kong.yaml')]);
  });
});

describe.concurrent('no network', () => {
  it('the guard catches connections, so an empty record means none were tried', async () => {
    const run = await runNode([
      '--input-type=module',
      '--eval',
      "import dns from 'node:dns'; dns.lookup('example.com', () => {}); await fetch('https://example.com').catch(() => {});",
    ]);
    expect(run.networkAttempts.map((attempt) => attempt.api)).toEqual(['dns.lookup', 'fetch']);
  });

  it('linting configs full of URLs, from files and standard input, with worker threads, opens no connection', async () => {
    const dir = join(scratch.root, 'network');
    for (let index = 0; index < 8; index += 1) {
      scratch.write(
        `network/kong-${index}.yaml`,
        kongPlugin({ configExtra: `  origins:\n    - https://app-${index}.example.com\n    - http://127.0.0.1:${8000 + index}\n    - "https://.*\\\\.attacker\\\\.example"` }),
      );
    }
    const fromFiles = await runCli(['--format', 'json', '--concurrency', '2', dir]);
    const fromStdin = await runCli(['--format', 'json', '-'], { input: kongPlugin() });
    report('lint run under the network guard', fromFiles, summarize(fromFiles));
    expectWellBehaved(fromFiles, { cpuMs: 4000, peakRssMiB: 300 });
    expectWellBehaved(fromStdin, BOUNDS);
    expect(fromFiles.networkAttempts).toEqual([]);
    expect(fromStdin.networkAttempts).toEqual([]);
    expect(fromStdin.exitCode).toBe(1);
  });
});
