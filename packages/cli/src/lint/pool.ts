import { Worker } from 'node:worker_threads';
import type { FileOutcome } from './lint-text.js';
import type { SetupSpec } from './setup.js';
import type { WorkerRequest, WorkerResponse } from './worker.js';

/**
 * Lint files on worker threads. Files go out in small batches to whichever worker is free, and each
 * outcome lands at its file's index, so the result list is the one a single thread would give.
 */
export async function lintInWorkers(files: readonly string[], spec: SetupSpec, workerCount: number): Promise<FileOutcome[]> {
  const outcomes: (FileOutcome | undefined)[] = new Array<FileOutcome | undefined>(files.length);
  const batchSize = Math.max(1, Math.min(32, Math.ceil(files.length / (workerCount * 8))));
  let next = 0;
  const takeBatch = (): WorkerRequest['batch'] => {
    const batch: WorkerRequest['batch'] = [];
    while (batch.length < batchSize && next < files.length) {
      batch.push({ index: next, path: files[next] as string });
      next++;
    }
    return batch;
  };

  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: Math.min(workerCount, files.length) }, async () => {
        const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: spec });
        workers.push(worker);
        await new Promise<void>((resolve, reject) => {
          const send = (): void => {
            const batch = takeBatch();
            if (batch.length === 0) resolve();
            else worker.postMessage({ batch } satisfies WorkerRequest);
          };
          worker.on('message', (response: WorkerResponse) => {
            if (response.kind === 'failed') reject(new Error(response.message));
            else {
              if (response.kind === 'outcomes') for (const { index, outcome } of response.outcomes) outcomes[index] = outcome;
              send();
            }
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (code !== 0) reject(new Error(`lint worker stopped with exit code ${code}`));
          });
        });
      }),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return outcomes.map((outcome, index) => {
    if (outcome === undefined) throw new Error(`no outcome for ${files[index]}`);
    return outcome;
  });
}
