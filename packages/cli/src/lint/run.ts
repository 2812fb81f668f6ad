import { availableParallelism } from 'node:os';
import { lintFile } from './lint-file.js';
import type { FileOutcome } from './lint-text.js';
import { buildSetup, type SetupSpec } from './setup.js';

/**
 * Below this many files a run stays on the main thread: starting a worker (it loads the rules and
 * adapters again) costs more than it saves. Above it, one worker per core.
 */
export const FILES_PER_WORKER = 150;
const MAX_AUTO_WORKERS = 8;

/** How many worker threads `--concurrency auto` uses for this many files (0: lint on the main thread). */
export function autoWorkers(fileCount: number): number {
  const cores = availableParallelism();
  if (cores < 2 || fileCount < FILES_PER_WORKER * 2) return 0;
  return Math.min(cores, MAX_AUTO_WORKERS, Math.floor(fileCount / FILES_PER_WORKER));
}

/** Lint files in order; `workers` 0 or 1 lints on this thread, more uses a worker pool. */
export async function lintPaths(files: readonly string[], spec: SetupSpec, workers: number): Promise<FileOutcome[]> {
  if (workers > 1 && files.length > 1) {
    const { lintInWorkers } = await import('./pool.js');
    return lintInWorkers(files, spec, workers);
  }
  const setup = await buildSetup(spec);
  const outcomes: FileOutcome[] = [];
  for (const file of files) outcomes.push(lintFile(file, setup));
  return outcomes;
}
