#!/usr/bin/env node
/**
 * What the corsguard ESLint plugin adds to an ESLint run. Over a corpus of real JavaScript files from
 * the workspace's node_modules (copied into .bench-corpus/eslint/), it times ESLint with `no-debugger` alone
 * against ESLint with `no-debugger` plus the plugin's recommended rules, alternating the two in the
 * same process, and reports the ratio of the medians. A run with no rules at all would let ESLint
 * skip its traversal and measure that instead of the plugin, hence the one trivial core rule.
 * It then lints the corpus once more under TIMING=all (in a child process, as ESLint reads TIMING
 * when it loads) and reports the plugin's rules' share of that run.
 *
 *   node scripts/bench-eslint.js [--files 3000] [--runs 5]
 *
 * Needs the built plugin (`pnpm build`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, extname, join, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Its own folder: .bench-corpus/cli/ belongs to the CLI benchmark and must survive a rebuild of this one.
const corpusDir = join(root, '.bench-corpus', 'eslint');
const pluginRequire = createRequire(join(root, 'packages/eslint-plugin/package.json'));
const { ESLint, Linter } = pluginRequire('eslint');
const { default: plugin } = await import(join(root, 'packages/eslint-plugin/dist/index.js'));

const argument = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const FILE_COUNT = argument('--files', 3000);
const RUNS = argument('--runs', 5);
/** Bundles of several MB would dominate the corpus; real source files are smaller. */
const MAX_FILE_BYTES = 512 * 1024;

const baselineConfig = [{ files: ['**/*.mjs', '**/*.cjs'], rules: { 'no-debugger': 'error' } }];
const pluginConfig = [plugin.configs.recommended, ...baselineConfig];
const sourceTypes = [
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module', ecmaVersion: 'latest' } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', ecmaVersion: 'latest' } },
];

/**
 * Copies up to FILE_COUNT JavaScript files (sorted by path, so the corpus is the same each time)
 * into .bench-corpus/eslint/, each renamed .mjs or .cjs after the source type it parses as, so that ESLint
 * parses every file instead of failing on half of them.
 */
function buildCorpus() {
  rmSync(corpusDir, { recursive: true, force: true });
  mkdirSync(corpusDir, { recursive: true });
  const candidates = [];
  const seen = new Set();
  const walk = (directory) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      const real = realpathSync(path);
      if (seen.has(real) || !real.includes(`${sep}node_modules${sep}`)) continue;
      seen.add(real);
      const stats = statSync(real);
      if (stats.isDirectory()) walk(real);
      else if (/\.(js|mjs|cjs)$/.test(entry.name) && stats.size <= MAX_FILE_BYTES) candidates.push(real);
    }
  };
  walk(join(root, 'node_modules'));
  candidates.sort();
  const parser = new Linter({ configType: 'flat' });
  let copied = 0;
  for (const file of candidates) {
    if (copied >= FILE_COUNT) break;
    const text = readFileSync(file, 'utf8');
    const parses = (sourceType) =>
      !parser
        .verify(text, [{ files: ['**/*'], languageOptions: { sourceType, ecmaVersion: 'latest' } }], 'probe.js')
        .some((message) => message.fatal);
    const extension = extname(file) === '.cjs' ? '.cjs' : parses('module') ? '.mjs' : parses('commonjs') ? '.cjs' : undefined;
    if (extension === undefined) continue;
    copyFileSync(file, join(corpusDir, `${String(copied).padStart(5, '0')}-${basename(file, extname(file))}${extension}`));
    copied++;
  }
  return copied;
}

async function lintCorpus(config) {
  const eslint = new ESLint({ cwd: corpusDir, overrideConfigFile: true, overrideConfig: [...sourceTypes, ...config], cache: false });
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const results = await eslint.lintFiles(['.']);
  const cpu = process.cpuUsage(cpuStarted);
  const ms = performance.now() - started;
  // CPU time of this process: other processes on a shared machine shift wall time far more.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const fatal = results.filter((result) => result.messages.some((message) => message.fatal)).length;
  const findings = results.reduce((sum, result) => sum + result.messages.filter((m) => m.ruleId?.startsWith('corsguard/')).length, 0);
  return { ms, cpuMs, files: results.length, fatal, findings };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

if (process.argv.includes('--timing-child')) {
  // Run under TIMING=all: ESLint prints its rule timing table when the process exits.
  const { ms } = await lintCorpus(pluginConfig);
  console.log(`WALL_MS ${ms.toFixed(1)}`);
} else {
  const files = buildCorpus();
  console.log(`corpus: ${files} JavaScript files from node_modules in .bench-corpus/eslint/`);
  // One untimed pass of each warms the module and file caches.
  const warm = await lintCorpus(pluginConfig);
  await lintCorpus(baselineConfig);
  console.log(`linted ${warm.files} files, ${warm.fatal} with parse errors, ${warm.findings} corsguard findings`);
  const baseline = [];
  const withPlugin = [];
  for (let run = 0; run < RUNS; run++) {
    baseline.push(await lintCorpus(baselineConfig));
    withPlugin.push(await lintCorpus(pluginConfig));
  }
  const report = (label, key) => {
    const baselineMedian = median(baseline.map((run) => run[key]));
    const pluginMedian = median(withPlugin.map((run) => run[key]));
    const list = (runs) => runs.map((run) => run[key].toFixed(0)).join(', ');
    console.log(`${label}: no-debugger only median ${baselineMedian.toFixed(0)} ms (${list(baseline)})`);
    console.log(`${label}: no-debugger + corsguard recommended median ${pluginMedian.toFixed(0)} ms (${list(withPlugin)})`);
    const ratio = pluginMedian / baselineMedian;
    console.log(`${label}: ratio of medians ${ratio.toFixed(3)} (plugin adds ${((ratio - 1) * 100).toFixed(1)}%; target < 5%)`);
  };
  console.log(`${RUNS} alternating runs of each:`);
  report('CPU time', 'cpuMs');
  report('wall time', 'ms');

  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--timing-child'], {
    env: { ...process.env, TIMING: 'all' },
    encoding: 'utf8',
  });
  const output = child.stdout ?? '';
  const wall = Number(/WALL_MS ([\d.]+)/.exec(output)?.[1]);
  // ESLint's table rows: "corsguard/rule-name | 12.345 | 1.2%"
  const rows = [...output.matchAll(/^(\S+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)%/gm)].map(([, rule, ms]) => ({ rule, ms: Number(ms) }));
  const corsguardMs = rows.filter((row) => row.rule.startsWith('corsguard/')).reduce((sum, row) => sum + row.ms, 0);
  const allRulesMs = rows.reduce((sum, row) => sum + row.ms, 0);
  console.log(`TIMING=all: corsguard rules ${corsguardMs.toFixed(1)} ms of ${allRulesMs.toFixed(1)} ms of rule time, ${((corsguardMs / wall) * 100).toFixed(2)}% of the ${wall.toFixed(0)} ms run`);
  for (const row of rows.filter((row) => row.rule.startsWith('corsguard/'))) console.log(`  ${row.rule} ${row.ms.toFixed(1)} ms`);
  if (child.status !== 0) {
    console.error(child.stderr);
    process.exitCode = 1;
  }
}
