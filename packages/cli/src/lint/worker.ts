import { parentPort, workerData } from 'node:worker_threads';
import { lintFile } from './lint-file.js';
import type { FileOutcome } from './lint-text.js';
import { buildSetup, type SetupSpec } from './setup.js';

/**
 * A lint worker: builds its own setup from the spec, then lints each batch of files the pool sends
 * and answers with the outcomes, tagged with the files' positions so the pool can keep input order.
 */
export interface WorkerRequest {
  batch: { index: number; path: string }[];
}

export type WorkerResponse =
  | { kind: 'ready' }
  | { kind: 'outcomes'; outcomes: { index: number; outcome: FileOutcome }[] }
  | { kind: 'failed'; message: string };

const port = parentPort;
if (port === null) throw new Error('lint worker must run in a worker thread');

buildSetup(workerData as SetupSpec).then(
  (setup) => {
    port.on('message', (request: WorkerRequest) => {
      try {
        const outcomes = request.batch.map(({ index, path }) => ({ index, outcome: lintFile(path, setup) }));
        port.postMessage({ kind: 'outcomes', outcomes } satisfies WorkerResponse);
      } catch (error) {
        port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies WorkerResponse);
      }
    });
    port.postMessage({ kind: 'ready' } satisfies WorkerResponse);
  },
  (error: unknown) => {
    port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies WorkerResponse);
  },
);
