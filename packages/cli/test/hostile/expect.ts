/**
 * Assertions shared by the hostile CLI cases: every run is checked for the same invariants (no stack
 * trace, no network, finished in time and memory) before its own outcome.
 */
import { expect } from 'vitest';
import { jsonResults, STACK_FRAME, type CliRun, type JsonMessage, type JsonResult } from './run-cli.js';

/**
 * Time is bounded by the CPU the CLI process used (main thread and workers): that is the work the
 * input caused, and it does not grow when other jobs share the machine's two cores, as wall time
 * does (measured here: the same 0.6 s run took 0.5 to 1.8 s of wall time under a neighbour's build).
 * Wall time is still bounded, more loosely, so a hang or a run waiting on I/O fails the case.
 */
export interface Bounds {
  cpuMs: number;
  peakRssMiB: number;
  /** Defaults to five times `cpuMs`, and at least 15 s: the machine may be shared with other jobs. */
  wallMs?: number;
}

/** What every hostile run must satisfy whatever its input. */
export function expectWellBehaved(run: CliRun, bounds: Bounds): void {
  expect(run.timedOut, 'the CLI was killed after hanging').toBe(false);
  expect(run.signal).toBeNull();
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(run.stdout).not.toMatch(STACK_FRAME);
  expect(run.networkAttempts).toEqual([]);
  expect(run.prototypeChanges).toEqual([]);
  expect(run.cpuMs).toBeLessThan(bounds.cpuMs);
  expect(run.wallMs).toBeLessThan(bounds.wallMs ?? Math.max(5 * bounds.cpuMs, 15_000));
  expect(run.peakRssMiB).toBeLessThan(bounds.peakRssMiB);
}

/** A finding as the suite compares it: the rule and where it points. */
export interface ExpectedFinding {
  ruleId: string;
  line: number;
  column: number;
}

function resultFor(results: JsonResult[], filePath: string): JsonResult {
  const result = results.find((entry) => entry.filePath === filePath);
  if (result === undefined) {
    throw new Error(`no result for ${filePath}; results are for: ${results.map((entry) => entry.filePath).join(', ')}`);
  }
  return result;
}

function isFatal(message: JsonMessage): boolean {
  return message.fatal === true;
}

/** The file was linted and produced exactly these findings (sorted by line, then column). */
export function expectFindings(run: CliRun, filePath: string, expected: ExpectedFinding[]): void {
  const result = resultFor(jsonResults(run), filePath);
  expect(result.messages.filter(isFatal)).toEqual([]);
  const actual = result.messages.map(({ ruleId, line, column }) => ({ ruleId, line, column }));
  expect(actual).toEqual(expected);
}

/**
 * The file got one fatal error: no rule, at `line:column`, with a message matching `message`. The
 * message must read as a sentence about the input, not as an internal error.
 */
export function expectReadError(
  run: CliRun,
  filePath: string,
  expected: { line: number; column: number; message: RegExp },
): JsonMessage {
  const result = resultFor(jsonResults(run), filePath);
  expect(result.messages).toHaveLength(1);
  const [error] = result.messages as [JsonMessage];
  expect(error).toMatchObject({ ruleId: null, fatal: true, severity: 2, line: expected.line, column: expected.column });
  expect(error.message).toMatch(expected.message);
  expect(error.message).not.toMatch(/is not a function|is not defined|Cannot read propert|undefined|\[object /);
  expect(result.errorCount).toBe(1);
  return error;
}

/** The file is no config: skipped quietly, so nothing at all is reported against it. */
export function expectQuiet(run: CliRun, filePath: string): void {
  const result = jsonResults(run).find((entry) => entry.filePath === filePath);
  expect(result?.messages ?? []).toEqual([]);
}
