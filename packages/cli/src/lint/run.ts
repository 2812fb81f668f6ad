import { availableParallelism } from 'node:os';
import { lintFile } from './lint-file.js';
import type { FileOutcome } from './lint-text.js';
import { buildSetup, type SetupSpec } from './setup.js';

/**
 * Files each thread should have before another one is started. A worker loads the rules and adapters
 * again and warms up its own JIT, which only pays off with this many files to share (measured on two
 * cores: a second thread made 1,000 files 2% slower and 2,570 files 12% faster).
 */
export const FILES_PER_THREAD = 1000;
const MAX_AUTO_THREADS = 8;

/** How many threads `--concurrency auto` lints this many files on (1: the main thread alone), one per core at most. */
export function autoThreads(fileCount: number): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_AUTO_THREADS, Math.floor(fileCount / FILES_PER_THREAD)));
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
