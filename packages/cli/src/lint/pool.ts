import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { lintFile } from './lint-file.js';
import type { FileOutcome } from './lint-text.js';
import { buildSetup, type SetupSpec } from './setup.js';
import type { WorkerRequest, WorkerResponse } from './worker.js';

/** Batches each worker holds at once, so it never waits for the main thread between two of them. */
const BATCHES_IN_FLIGHT = 2;

/**
 * Bytecode a function runs before V8 optimizes it. Node 20's default (66 KB) optimizes the adapters
 * early, before most of their branches have run, then deoptimizes and optimizes them again: over the
 * benchmark corpus V8's compiler threads executed 11.5 G instructions beside the lint thread's 20.8 G
 * (valgrind), keeping a second core busy, so a second lint thread made the run slower. With a later
 * tier-up the compiler threads do a third of that; a lint thread runs its less optimized code about
 * 15% longer, which threads sharing the work more than repay (2,570 files on two threads: 3.3 s
 * against 3.8 s on one). It is set only when lint threads are started, so a one-thread run keeps the default.
 */
const INTERRUPT_BUDGET_FOR_THREADS = 1_000_000;

/**
 * Lint files on `threads` threads: the main thread and `threads - 1` workers. Every thread takes the
 * next small batch of files when it is free; each outcome lands at its file's index, so the result
 * list is exactly the one a single thread gives. The main thread lints too: a worker costs a second
 * copy of the rules, adapters and their JIT warm-up, which is only worth paying for the other cores.
 */
export async function lintInThreads(files: readonly string[], spec: SetupSpec, threads: number): Promise<FileOutcome[]> {
  const outcomes: (FileOutcome | undefined)[] = new Array<FileOutcome | undefined>(files.length);
  const batchSize = Math.max(1, Math.min(32, Math.ceil(files.length / (threads * 8))));
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
  const finished: Promise<void>[] = [];
  if (threads > 1) setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET_FOR_THREADS}`);
  for (let i = 1; i < Math.min(threads, files.length); i++) {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: spec });
    workers.push(worker);
    finished.push(
      new Promise<void>((resolve, reject) => {
        let inFlight = 0;
        const refill = (): void => {
          while (inFlight < BATCHES_IN_FLIGHT) {
            const batch = takeBatch();
            if (batch.length === 0) break;
            worker.postMessage({ batch } satisfies WorkerRequest);
            inFlight++;
          }
          if (inFlight === 0) resolve();
        };
        worker.on('message', (response: WorkerResponse) => {
          if (response.kind === 'failed') {
            reject(new Error(response.message));
            return;
          }
          if (response.kind === 'outcomes') {
            inFlight--;
            for (const { index, outcome } of response.outcomes) outcomes[index] = outcome;
          }
          refill();
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (inFlight > 0 || next < files.length) reject(new Error(`lint worker stopped with exit code ${code}`));
        });
      }),
    );
  }

  try {
    const mainThread = (async () => {
      const setup = await buildSetup(spec);
      for (let batch = takeBatch(); batch.length > 0; batch = takeBatch()) {
        for (const { index, path } of batch) outcomes[index] = lintFile(path, setup);
        // Let the workers' answers in, so they get their next batch while this thread works on.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all([mainThread, ...finished]);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return outcomes.map((outcome, index) => {
    if (outcome === undefined) throw new Error(`no outcome for ${files[index]}`);
    return outcome;
  });
}
