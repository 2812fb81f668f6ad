#!/usr/bin/env node
/**
 * Crash scan (not part of CI): runs ESLint with the plugin's recommended config over every .js,
 * .mjs, .cjs and .ts file in the workspace's node_modules and prints each file on which a corsguard
 * rule threw, with the error. Files the parser rejects are counted apart: a parse error is not a
 * plugin crash. Needs the built plugin (`pnpm build`).
 *
 *   node scripts/crash-scan-eslint.js [--verbose]
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pluginRequire = createRequire(join(root, 'packages/eslint-plugin/package.json'));
const { Linter } = pluginRequire('eslint');
const tsParser = pluginRequire('@typescript-eslint/parser');
const { default: plugin } = await import(join(root, 'packages/eslint-plugin/dist/index.js'));

const EXTENSIONS = /\.(js|mjs|cjs|ts)$/;
const verbose = process.argv.includes('--verbose');

/** Every matching file under the workspace's node_modules folders, each real file once. */
function collectFiles() {
  const seen = new Set();
  const files = [];
  const walk = (directory) => {
    let entries;
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(directory, entry.name);
      let real;
      try {
        real = realpathSync(path);
      } catch {
        continue;
      }
      // Workspace packages are linked into node_modules; only third-party code is scanned.
      if (seen.has(real) || !real.includes(`${sep}node_modules${sep}`)) continue;
      seen.add(real);
      const stats = statSync(real, { throwIfNoEntry: false });
      if (stats === undefined) continue;
      if (stats.isDirectory()) walk(real);
      else if (stats.isFile() && EXTENSIONS.test(entry.name)) files.push(real);
    }
  };
  walk(join(root, 'node_modules'));
  for (const name of readdirSync(join(root, 'packages'))) walk(join(root, 'packages', name, 'node_modules'));
  return files.sort();
}

const linter = new Linter({ configType: 'flat' });
const recommended = plugin.configs.recommended;

function configFor(file, sourceType) {
  const typescript = file.endsWith('.ts');
  return [
    recommended,
    {
      files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.ts'],
      // Inline directives in third-party code must neither switch our rules off nor add noise.
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
      languageOptions: typescript
        ? { parser: tsParser, sourceType: 'module' }
        : { sourceType, ecmaVersion: 'latest', parserOptions: { ecmaFeatures: { jsx: false } } },
    },
  ];
}

const files = collectFiles();
const crashes = [];
let parseFailures = 0;
let findings = 0;
const started = performance.now();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const name = relative(root, file);
  // .cjs is CommonJS; .js may be either, so try it as a module first and as CommonJS if that fails.
  const sourceTypes = file.endsWith('.cjs') ? ['commonjs'] : file.endsWith('.js') ? ['module', 'commonjs'] : ['module'];
  // ESLint ignores node_modules by default, so each file is linted under a neutral name.
  const lintedAs = `scan/${basename(file)}`;
  let messages;
  try {
    for (const sourceType of sourceTypes) {
      messages = linter.verify(text, configFor(file, sourceType), lintedAs);
      if (!messages.some((message) => message.fatal)) break;
    }
  } catch (error) {
    crashes.push({ name, error });
    console.log(`CRASH ${name}\n  ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n  ')}`);
    continue;
  }
  if (messages.some((message) => message.fatal)) {
    parseFailures++;
    if (verbose) console.log(`parse error ${name}: ${messages.find((message) => message.fatal).message}`);
    continue;
  }
  const unlinted = messages.find((message) => message.ruleId === null && /no matching configuration/i.test(message.message));
  if (unlinted !== undefined) throw new Error(`${name} was not linted: ${unlinted.message}`);
  const ours = messages.filter((message) => message.ruleId?.startsWith('corsguard/'));
  findings += ours.length;
  if (verbose && ours.length > 0) {
    for (const message of ours) console.log(`${name}:${message.line}:${message.column} ${message.ruleId} ${message.messageId}`);
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `crash scan: ${files.length} files, ${crashes.length} crashes, ${parseFailures} not parseable, ${findings} findings, ${seconds} s`,
);
process.exitCode = crashes.length === 0 ? 0 : 1;
