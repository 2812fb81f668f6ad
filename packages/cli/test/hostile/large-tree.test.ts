/**
 * A 20,000-file tree, shaped like an infrastructure monorepo, linted with two worker threads and with
 * none: the JSON report and the exit code must be identical, and memory must stay bounded (files are
 * read, linted and let go, not all held at once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectWellBehaved } from './expect.js';
import { createScratch, generateTree, type Scratch } from './generate.js';
import { jsonResults, report, runCli, summarize } from './run-cli.js';

const FILES = 20_000;

let scratch: Scratch;
let expectedReflecting: number;
beforeAll(() => {
  scratch = createScratch('tree');
  expectedReflecting = generateTree(scratch.root, FILES).kongWithFinding;
}, 60_000);
afterAll(() => scratch.remove(), 60_000);

describe('large trees', () => {
  it(`${FILES.toLocaleString('en')} files: --concurrency 2 gives the same report and exit code as --concurrency 1`, { timeout: 120_000 }, async () => {
    const single = await runCli(['--format', 'json', '--concurrency', '1', scratch.root], { killAfterMs: 60_000 });
    const parallel = await runCli(['--format', 'json', '--concurrency', '2', scratch.root], { killAfterMs: 60_000 });
    report(`${FILES} files, --concurrency 1`, single, summarize(single));
    report(`${FILES} files, --concurrency 2`, parallel, summarize(parallel));
    const bounds = { cpuMs: 20_000, peakRssMiB: 512, wallMs: 40_000 };
    expectWellBehaved(single, bounds);
    expectWellBehaved(parallel, bounds);

    // Two threads: the main thread lints alongside one worker.
    expect(single.workerThreads).toBe(0);
    expect(parallel.workerThreads).toBe(1);
    expect(parallel.exitCode).toBe(single.exitCode);
    expect(parallel.stdout).toBe(single.stdout);

    // Every Kong plugin without origins but with credentials is found, once, and nothing else fires.
    expect(single.exitCode).toBe(1);
    const withMessages = jsonResults(single).filter((result) => result.messages.length > 0);
    expect(withMessages).toHaveLength(expectedReflecting);
    for (const result of withMessages) {
      expect(result.filePath).toMatch(/kong-plugin-\d+\.yaml$/);
      expect(result.messages.map(({ ruleId, line, column }) => ({ ruleId, line, column }))).toEqual([
        { ruleId: 'no-reflected-origin-with-credentials', line: 7, column: 3 },
      ]);
    }
  });
});
