import { availableParallelism } from 'node:os';
import { lintFile } from './lint-file.js';
import type { FileOutcome } from './lint-text.js';
import { buildSetup, type SetupSpec } from './setup.js';

/**
 * Files each thread should have before another one is started. A worker loads the rules and adapters
 * again and warms up its own JIT (measured: its first thousand files take twice as long as the next),
 * which only pays off with about this many files to share.
 */
export const FILES_PER_THREAD = 500;
const MAX_AUTO_THREADS = 8;

/**
 * How many threads `--concurrency auto` lints this many files on (1: the main thread alone). One
 * thread per two cores: a linting thread keeps about one more core busy with V8's garbage collector
 * and compiler threads (measured on 2 cores: one thread used 9.7 s of CPU in 8.3 s, and a second
 * thread made the run slower, not faster).
 */
export function autoThreads(fileCount: number): number {
  const cores = availableParallelism();
  return Math.max(1, Math.min(Math.floor(cores / 2), MAX_AUTO_THREADS, Math.floor(fileCount / FILES_PER_THREAD)));
}

/** Lint files in order on `threads` threads (the main one included); the outcomes do not depend on it. */
export async function lintPaths(files: readonly string[], spec: SetupSpec, threads: number): Promise<FileOutcome[]> {
  if (threads > 1 && files.length > 1) {
    const { lintInThreads } = await import('./pool.js');
    return lintInThreads(files, spec, threads);
  }
  const setup = await buildSetup(spec);
  return files.map((file) => lintFile(file, setup));
}
