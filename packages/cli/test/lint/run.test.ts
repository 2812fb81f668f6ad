import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { autoThreads, FILES_PER_THREAD } from '../../src/lint/run.js';

describe('autoThreads', () => {
  it('lints on the main thread alone until a second thread has enough files to repay its warm-up', () => {
    expect(autoThreads(0)).toBe(1);
    expect(autoThreads(FILES_PER_THREAD * 2 - 1)).toBe(1);
  });

  it('adds a thread per FILES_PER_THREAD files, one per core at most', () => {
    expect(autoThreads(FILES_PER_THREAD * 2)).toBe(Math.min(2, availableParallelism()));
    expect(autoThreads(FILES_PER_THREAD * 1000)).toBe(Math.min(8, availableParallelism()));
  });
});
