#!/usr/bin/env node
/**
 * Runs the hostile-input suite once and prints its measurements as a markdown table: case, time, peak
 * memory, outcome. The cases live in the suite (packages/cli/test/hostile, packages/eslint-plugin/
 * tests/hostile); each one appends its measured numbers to HOSTILE_REPORT_FILE, and vitest's JSON
 * report says which tests did not pass (listed under the table). Usage: `node scripts/hostile-report.js` from the repo root.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const suites = ['packages/cli/test/hostile', 'packages/eslint-plugin/tests/hostile'];

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw result.error;
  return result.status;
}

const work = mkdtempSync(join(tmpdir(), 'corsguard-hostile-report-'));
try {
  const built = run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'packages/core', 'packages/eslint-plugin', 'packages/cli']);
  if (built !== 0) {
    console.error('The build failed; the suite needs the built CLI.');
    process.exit(2);
  }
  const records = join(work, 'records.jsonl');
  const vitestReport = join(work, 'vitest.json');
  run(
    process.execPath,
    [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...suites, '--reporter=json', `--outputFile=${vitestReport}`],
    { ...process.env, HOSTILE_REPORT_FILE: records },
  );

  /** Test name (vitest's fullName) → passed/failed. */
  const status = new Map();
  if (existsSync(vitestReport)) {
    const summary = JSON.parse(readFileSync(vitestReport, 'utf8'));
    for (const file of summary.testResults) {
      for (const assertion of file.assertionResults) status.set(assertion.fullName, assertion.status);
    }
  }
  const rows = existsSync(records)
    ? readFileSync(records, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line))
    : [];

  const cell = (text) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');
  const lines = ['| case | time | peak memory | outcome |', '|---|---:|---:|---|'];
  for (const row of rows) {
    const seconds = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
    const time = row.cpuMs === null ? seconds(row.wallMs) : `${seconds(row.wallMs)} (${seconds(row.cpuMs)} CPU)`;
    const memory = row.peakRssMiB === null ? 'in-process' : `${row.peakRssMiB.toFixed(0)} MiB`;
    lines.push(`| ${cell(row.case)} | ${time} | ${memory} | ${cell(row.outcome)} |`);
  }
  console.log(`\n${lines.join('\n')}\n`);
  const failed = [...status].filter(([, value]) => value !== 'passed' && value !== 'skipped').map(([name]) => name);
  console.log(
    `${status.size} tests, ${failed.length} not passed. Time is wall-clock including node start-up, with the CPU the ` +
      "process used; peak memory is the CLI process's maximum resident set.",
  );
  for (const name of failed) console.log(`not passed: ${name}`);
  process.exitCode = failed.length === 0 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
