/**
 * Broken and odd files as they turn up in real repositories. A config that cannot be read gets one
 * error with its position and exit code 2; a file that is no config is skipped quietly; an encoding
 * or line-ending quirk that YAML and JSON allow changes nothing about the findings or their
 * positions; and one bad file never stops the others from being linted.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFindings, expectQuiet, expectReadError, expectWellBehaved, type Bounds } from './expect.js';
import { binaryBytes, createScratch, kongPlugin, largeIngressStream, utf16be, utf16le, type Scratch } from './generate.js';
import { jsonResults, report, runCli, STACK_FRAME, summarize } from './run-cli.js';

const BOUNDS: Bounds = { cpuMs: 2000, peakRssMiB: 160 };

/** The finding every `kongPlugin()` file produces: Kong echoes any origin with credentials. */
const KONG_REFLECTED = { ruleId: 'no-reflected-origin-with-credentials', line: 7, column: 3 };

let scratch: Scratch;
beforeAll(() => {
  scratch = createScratch('broken');
});
afterAll(() => scratch.remove());

async function lintOne(label: string, name: string, content: string | Uint8Array) {
  const file = scratch.write(name, content);
  const run = await runCli(['--format', 'json', file]);
  report(label, run, summarize(run));
  expectWellBehaved(run, BOUNDS);
  return { file, run };
}

describe.concurrent('encodings and line endings YAML allows: same findings, same positions', () => {
  it.each([
    ['UTF-8 with a byte-order mark', 'utf8-bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(kongPlugin())])],
    ['UTF-16 LE with a byte-order mark', 'utf16le.yaml', utf16le(kongPlugin())],
    ['UTF-16 BE with a byte-order mark', 'utf16be.yaml', utf16be(kongPlugin())],
    ['CRLF line endings', 'crlf.yaml', kongPlugin().replaceAll('\n', '\r\n')],
    ['tabs as separators after keys and in comments', 'tabs.yaml', kongPlugin().replace('plugin: cors', 'plugin:\tcors\t#\tthe plugin')],
  ])('%s', async (label, name, content) => {
    const { file, run } = await lintOne(label, `encoding/${name}`, content);
    expect(run.exitCode).toBe(1);
    expectFindings(run, file, [KONG_REFLECTED]);
  });
});

describe.concurrent('configs that cannot be read: one positioned error, exit 2', () => {
  it('tab indentation', async () => {
    const { file, run } = await lintOne('tab indentation', 'broken/tab-indent.yaml', kongPlugin().replace('  credentials: true', '\tcredentials: true'));
    expect(run.exitCode).toBe(2);
    expectReadError(run, file, { line: 7, column: 1, message: /tab/ });
  });

  it('invalid UTF-8 (YAML allows UTF-8 and UTF-16 only), at the first bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('# owner: caf'), Buffer.from([0xe9, 0x20, 0xff, 0xfe, 0xc3]), Buffer.from(`\n${kongPlugin()}`)]);
    const { file, run } = await lintOne('invalid UTF-8 bytes', 'broken/invalid-utf8.yaml', bytes);
    expect(run.exitCode).toBe(2);
    expectReadError(run, file, { line: 1, column: 13, message: /UTF-8/ });
  });

  it('a NUL byte deep inside a config (past the binary sniff), at the byte', async () => {
    const padding = `# ${'padding '.repeat(1100)}\n`;
    const text = padding + kongPlugin().replace('name: cors', 'name: co\0rs');
    const { file, run } = await lintOne('NUL byte after 8 KB of a YAML config', 'broken/nul.yaml', text);
    expect(run.exitCode).toBe(2);
    expectReadError(run, file, { line: 5, column: 11, message: /null byte|NUL|non-printable/i });
  });

  it('a YAML file cut off inside a flow sequence', async () => {
    const text = kongPlugin({ configExtra: '  origins: ["https://app.example.com", "https://admin.exa' });
    const { file, run } = await lintOne('truncated YAML', 'broken/truncated.yaml', text.trimEnd());
    expect(run.exitCode).toBe(2);
    // At the end of the text, where the reader stopped.
    expectReadError(run, file, { line: 9, column: 58, message: /unexpected end of the stream/ });
  });

  it('a JSON template cut off in the middle', async () => {
    const text = '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "Url": { "Type": "AWS::Lambda::Url", "Properties": { "Cors": { "AllowOrigins": ["*"';
    const { file, run } = await lintOne('truncated JSON', 'broken/truncated.template.json', text);
    expect(run.exitCode).toBe(2);
    // momoa names the last token read (`"*"`) rather than the end of input, but the position is right there.
    expectReadError(run, file, { line: 4, column: 85, message: /^Parsing error: Unexpected/ });
  });

  it('a CloudFormation JSON template with a trailing comma (CloudFormation rejects it)', async () => {
    const text = [
      '{',
      '  "Resources": {',
      '    "Url": {',
      '      "Type": "AWS::Lambda::Url",',
      '      "Properties": { "AuthType": "NONE", "Cors": { "AllowOrigins": ["*"], "AllowCredentials": true, } }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const { file, run } = await lintOne('JSON config with a trailing comma', 'broken/trailing-comma.template.json', text);
    expect(run.exitCode).toBe(2);
    // At the `}` that follows the trailing comma.
    expectReadError(run, file, { line: 5, column: 102, message: /JSON allows no comments or trailing commas/ });
  });
});

describe.concurrent('files that are no config: skipped quietly, exit 0', () => {
  it.each([
    ['an empty .yaml file', 'empty/empty.yaml', ''],
    ['an empty .json file', 'empty/empty.json', ''],
    ['a .yaml file of blank lines', 'empty/blank.yaml', '\n\n   \n'],
    ['a .yaml file of comments only', 'empty/comments.yaml', '# nothing here yet\n# TODO: add the gateway config\n'],
    ['a .yaml stream of empty documents', 'empty/documents.yaml', '---\n---\n...\n'],
    ['tsconfig.json with comments and trailing commas', 'jsonc/tsconfig.json', '{\n  // editor settings\n  "compilerOptions": { "strict": true, },\n}\n'],
    ['a binary file named .yaml', 'binary/logo.yaml', binaryBytes()],
    // git's rule: NUL bytes in the first 8000 bytes make a file binary, whatever its name.
    ['a .yaml file with a NUL byte near its start', 'binary/nul-early.yaml', kongPlugin().replace('name: cors', 'name: co\0rs')],
  ])('%s', async (label, name, content) => {
    const { file, run } = await lintOne(label, name, content);
    expect(run.exitCode).toBe(0);
    expectQuiet(run, file);
  });
});

describe.concurrent('duplicate keys', () => {
  it('the last value of a repeated key is the one linted, as YAML loaders and gateways read it', async () => {
    const text = kongPlugin().replace('  credentials: true', '  credentials: false\n  credentials: true');
    const { file, run } = await lintOne('duplicate keys', 'dupes/kong.yaml', text);
    expect(run.exitCode).toBe(1);
    // The finding is on the `config` block, which starts at the first `credentials:`.
    expectFindings(run, file, [KONG_REFLECTED]);
  });
});

describe.concurrent('one run over a directory of broken, odd and good files', () => {
  it('reports every broken config, skips the rest quietly, and still lints the good ones', async () => {
    const dir = join(scratch.root, 'mixed');
    scratch.write('mixed/good/kong.yaml', kongPlugin());
    scratch.write('mixed/good/kong-crlf.yaml', kongPlugin().replaceAll('\n', '\r\n'));
    scratch.write('mixed/bad/truncated.yaml', kongPlugin({ configExtra: '  origins: ["https://app.exa' }).trimEnd());
    scratch.write('mixed/bad/self-alias.yaml', kongPlugin({ configExtra: '  headers: &h [X-A, *h]' }));
    scratch.write('mixed/odd/empty.yaml', '');
    scratch.write('mixed/odd/logo.yaml', binaryBytes());
    scratch.write('mixed/odd/tsconfig.json', '{ // comment\n  "compilerOptions": {},\n}\n');
    scratch.write('mixed/odd/notes.txt', 'not yaml at all: [');
    const run = await runCli(['--format', 'json', dir]);
    report('directory mixing broken, odd and good files', run, summarize(run));
    expectWellBehaved(run, BOUNDS);
    expect(run.exitCode).toBe(2);
    expectFindings(run, join(dir, 'good/kong.yaml'), [KONG_REFLECTED]);
    expectFindings(run, join(dir, 'good/kong-crlf.yaml'), [KONG_REFLECTED]);
    expectReadError(run, join(dir, 'bad/truncated.yaml'), { line: 9, column: 29, message: /unexpected end of the stream/ });
    expectReadError(run, join(dir, 'bad/self-alias.yaml'), { line: 9, column: 21, message: /refers to a node that contains it/ });
    const reported = jsonResults(run)
      .filter((result) => result.messages.length > 0)
      .map((result) => result.filePath)
      .sort();
    expect(reported).toEqual(['bad/self-alias.yaml', 'bad/truncated.yaml', 'good/kong-crlf.yaml', 'good/kong.yaml'].map((name) => join(dir, name)));
  });

  it('the default output names each broken file with line and column, without a stack trace', async () => {
    const file = scratch.write('stylish/truncated.yaml', kongPlugin({ configExtra: '  origins: ["https://app.exa' }).trimEnd());
    const run = await runCli([file]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout + run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toContain(file);
    expect(run.stdout).toMatch(/^\s+9:29\s+error\s+Parsing error: unexpected end of the stream/m);
  });
});

describe.concurrent('paths that do not exist', () => {
  it.each([
    ['a named file that does not exist', (root: string) => join(root, 'missing.yaml')],
    ['a named dangling symlink', (root: string) => scratch.link(`${root.slice(scratch.root.length + 1)}/dangling.yaml`, join(root, 'gone.yaml'))],
  ])('%s is a usage error naming the path (exit 2), as in ESLint', async (label, make) => {
    const dir = `unreadable/${label.replaceAll(' ', '-')}`;
    const good = scratch.write(`${dir}/kong.yaml`, kongPlugin());
    const path = make(join(scratch.root, dir));
    const run = await runCli(['--format', 'json', good, path]);
    report(label, run, `exit ${run.exitCode}: ${run.stderr.trim()}`);
    expectWellBehaved(run, BOUNDS);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`No files matching the pattern "${path}" were found.`);
  });
});

describe.concurrent('paths that are no regular file', () => {
  it('a named symlink to /dev/zero is refused at once, not read without end', async () => {
    const good = scratch.write('devices/kong.yaml', kongPlugin());
    const zero = scratch.link('devices/zero.yaml', '/dev/zero');
    const run = await runCli(['--format', 'json', good, zero]);
    report('a named symlink to /dev/zero', run, summarize(run));
    expectWellBehaved(run, BOUNDS);
    expect(run.exitCode).toBe(2);
    expectFindings(run, good, [KONG_REFLECTED]);
    expectReadError(run, zero, { line: 1, column: 1, message: /^Not a regular file or a pipe$/ });
  });

  it('a pipe is read (corsguard <(helm template …)), and a 50 MB one is cut off at the size limit', async () => {
    const { execFileSync } = await import('node:child_process');
    const { open } = await import('node:fs/promises');
    const throughPipe = async (name: string, text: string) => {
      const fifo = join(scratch.root, `pipes/${name}`);
      mkdirSync(join(scratch.root, 'pipes'), { recursive: true });
      execFileSync('mkfifo', [fifo]);
      // Opening a FIFO for writing waits for the reader; the CLI may stop reading early (EPIPE).
      const writer = open(fifo, 'w').then(async (handle) => {
        await handle.writeFile(text).catch(() => undefined);
        await handle.close().catch(() => undefined);
      });
      const run = await runCli(['--format', 'json', fifo]);
      await writer;
      return { fifo, run };
    };
    const small = await throughPipe('kong.yaml', kongPlugin());
    const large = await throughPipe('large.yaml', largeIngressStream(50 * 1024 * 1024));
    report('a config read from a pipe', small.run, summarize(small.run));
    report('50 MB read from a pipe', large.run, summarize(large.run));
    expectWellBehaved(small.run, BOUNDS);
    expectWellBehaved(large.run, { cpuMs: 2000, peakRssMiB: 200 });
    expect(small.run.exitCode).toBe(1);
    expectFindings(small.run, small.fifo, [KONG_REFLECTED]);
    expect(large.run.exitCode).toBe(2);
    expectReadError(large.run, large.fifo, { line: 1, column: 1, message: /^Input is larger than the \d+ MiB corsguard reads$/ });
  });

  it('a directory holding a FIFO and a symlink to a device is walked without blocking', async () => {
    const { execFileSync } = await import('node:child_process');
    scratch.write('special/kong.yaml', kongPlugin());
    execFileSync('mkfifo', [join(scratch.root, 'special/pipe.yaml')]);
    scratch.link('special/zero.yaml', '/dev/zero');
    const run = await runCli(['--format', 'json', join(scratch.root, 'special')]);
    report('FIFO and device symlink inside a walked directory', run, summarize(run));
    expectWellBehaved(run, BOUNDS);
    expect(run.exitCode).toBe(1);
    expect(jsonResults(run).map((result) => result.filePath)).toEqual([join(scratch.root, 'special/kong.yaml')]);
  });
});

describe.concurrent('odd paths', () => {
  it('file names with spaces, commas, quotes, brackets, a leading dash and non-ASCII letters are linted', async () => {
    const names = ['with space.yaml', 'comma,colon:.yaml', "quote'd\"name.yaml", '[bracket].yaml', '-leading-dash.yaml', 'ünïcødé-😀.yaml'];
    const dir = join(scratch.root, 'names');
    const files = names.map((name) => scratch.write(`names/${name}`, kongPlugin()));
    const walked = await runCli(['--format', 'json', dir]);
    const named = await runCli(['--format', 'json', '--', ...files]);
    report('odd file names, walked and named', walked, summarize(walked));
    for (const run of [walked, named]) {
      expectWellBehaved(run, BOUNDS);
      expect(run.exitCode).toBe(1);
      for (const file of files) expectFindings(run, file, [KONG_REFLECTED]);
    }
  });

  it('a config 200 directories deep is found', async () => {
    const relative = Array.from({ length: 200 }, () => 'd').join('/');
    const file = scratch.write(`deep-dirs/${relative}/kong.yaml`, kongPlugin());
    const run = await runCli(['--format', 'json', join(scratch.root, 'deep-dirs')]);
    report('a config 200 directories deep', run, summarize(run));
    expectWellBehaved(run, BOUNDS);
    expect(run.exitCode).toBe(1);
    expectFindings(run, file, [KONG_REFLECTED]);
  });
});
