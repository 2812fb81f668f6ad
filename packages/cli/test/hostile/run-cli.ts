/**
 * Runs the built corsguard CLI as a subprocess under the `preload/observe.mjs` preload and reports
 * what happened: exit code, output, wall time, peak resident memory, CPU time, and every network
 * attempt or watched-file read the preload recorded. Each hostile case then asserts its bounds on
 * these numbers and prints them, so the CI log shows the margin, not just a pass.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const cliBin = join(repoRoot, 'packages/cli/bin/corsguard.js');
const observePreload = pathToFileURL(fileURLToPath(new URL('./preload/observe.mjs', import.meta.url))).href;

export interface CliRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  cpuMs: number;
  /** Peak resident set of the whole process (worker threads included), in MiB. */
  peakRssMiB: number;
  networkAttempts: { api: string; detail: string }[];
  /** Properties added to or changed on the built-in prototypes by the time the process exited. */
  prototypeChanges: string[];
  watchedReads: { api: string; path: string; real: string }[];
  /** How many worker threads the process started. */
  workerThreads: number;
  timedOut: boolean;
}

export interface RunOptions {
  cwd?: string;
  /** Written to the CLI's standard input (for `-`). */
  input?: string | Uint8Array;
  /** Record every file opened whose real path lies in this directory. */
  watchDir?: string;
  /** Kill the CLI after this long; a hang then fails the case instead of the whole suite. */
  killAfterMs?: number;
}

function readJsonLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

export async function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  if (!existsSync(cliBin)) throw new Error(`${cliBin} is missing: build first (npx tsc -b packages/cli)`);
  return runNode([cliBin, ...args], options);
}

/**
 * For cases whose cost sits close to their bound: run twice and keep the run that used less CPU.
 * Contention from a parallel test run only ever adds CPU time (shared caches, GC helper threads), so
 * the smaller figure is the better measure of what the input itself costs.
 */
export async function runCliBestOf2(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const first = await runCli(args, options);
  const second = await runCli(args, options);
  return second.cpuMs < first.cpuMs ? second : first;
}

let startupCpu: Promise<number> | undefined;

/**
 * The CPU the CLI spends before any input matters — Node's start-up, loading the linter, linting a
 * one-line config — measured in this run (the smaller of two), so the heaviest cases can be bounded by
 * the work their input adds, not by how fast this machine starts Node.
 */
export function cliStartupCpuMs(scratchFile: string): Promise<number> {
  startupCpu ??= runCliBestOf2(['--format', 'json', scratchFile]).then((run) => run.cpuMs);
  return startupCpu;
}

/**
 * Cases run concurrently, but at most one subprocess per core at a time: more would only stretch each
 * one's wall time without finishing the suite sooner.
 */
const slots = { free: Math.max(1, availableParallelism()), waiting: [] as (() => void)[] };

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (slots.free === 0) await new Promise<void>((resolve) => slots.waiting.push(resolve));
  else slots.free -= 1;
  try {
    return await work();
  } finally {
    const next = slots.waiting.shift();
    if (next === undefined) slots.free += 1;
    else next();
  }
}

/** Run node with the observing preload; `runCli` is this with the CLI's bin script. */
export async function runNode(nodeArgs: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  return withSlot(() => runObserved(nodeArgs, options));
}

async function runObserved(nodeArgs: readonly string[], options: RunOptions): Promise<CliRun> {
  const logs = mkdtempSync(join(tmpdir(), 'corsguard-hostile-observe-'));
  const usageFile = join(logs, 'usage.json');
  const networkLog = join(logs, 'network.jsonl');
  const readLog = join(logs, 'reads.jsonl');
  const threadLog = join(logs, 'threads.log');
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOSTILE_USAGE_FILE: usageFile,
      HOSTILE_NETWORK_LOG: networkLog,
      HOSTILE_THREAD_LOG: threadLog,
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    };
    if (options.watchDir !== undefined) {
      env.HOSTILE_WATCH_DIR = options.watchDir;
      env.HOSTILE_READ_LOG = readLog;
    }
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', observePreload, ...nodeArgs], {
      cwd: options.cwd ?? repoRoot,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => {
      // The CLI may exit before reading all of its input (a usage error); that is its answer, not ours.
    });
    child.stdin.end(options.input ?? '');
    let timedOut = false;
    const killer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.killAfterMs ?? 30_000);
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, sig) => resolve([code, sig]));
    });
    const wallMs = performance.now() - started;
    clearTimeout(killer);
    const usage = existsSync(usageFile)
      ? (JSON.parse(readFileSync(usageFile, 'utf8')) as NodeJS.ResourceUsage & { prototypeChanges: string[] })
      : undefined;
    return {
      exitCode,
      signal,
      stdout: Buffer.concat(stdout).toString('utf8'),
      stderr: Buffer.concat(stderr).toString('utf8'),
      wallMs,
      cpuMs: usage === undefined ? Number.NaN : (usage.userCPUTime + usage.systemCPUTime) / 1000,
      peakRssMiB: usage === undefined ? Number.NaN : usage.maxRSS / 1024,
      networkAttempts: readJsonLines(networkLog),
      prototypeChanges: usage === undefined ? [] : usage.prototypeChanges,
      watchedReads: readJsonLines(readLog),
      workerThreads: readJsonLines(threadLog).length,
      timedOut,
    };
  } finally {
    rmSync(logs, { recursive: true, force: true });
  }
}

/** ESLint's JSON result shape, as `--format json` prints it. */
export interface JsonMessage {
  ruleId: string | null;
  messageId?: string;
  severity: 1 | 2;
  message: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
}
export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
}

/** Parse `--format json` output; a clear failure message when it is not JSON. */
export function jsonResults(run: CliRun): JsonResult[] {
  try {
    return JSON.parse(run.stdout) as JsonResult[];
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.exitCode}):\n${run.stdout.slice(0, 2000)}\nstderr:\n${run.stderr.slice(0, 2000)}`);
  }
}

/** Node's stack frames (`    at fn (file:line:col)`) in any output mean an internal error leaked to the user. */
export const STACK_FRAME = /^\s+at .+(?:\(|\s)(?:node:|file:|\/).*:\d+:\d+\)?$/m;

/** One line per case in the test log: what the bounds are measured against. */
export function describeRun(label: string, run: CliRun): string {
  return `${label}: exit ${run.exitCode}, ${run.wallMs.toFixed(0)} ms wall, ${run.cpuMs.toFixed(0)} ms CPU, peak RSS ${run.peakRssMiB.toFixed(1)} MiB`;
}

/**
 * Print a case's numbers to the test log; when `scripts/hostile-report.js` runs the suite with
 * `HOSTILE_REPORT_FILE` set, also append them there for the table.
 */
export function report(label: string, run: CliRun, outcome: string): void {
  console.log(`[hostile] ${describeRun(label, run)} → ${outcome}`);
  recordCase({ case: label, wallMs: run.wallMs, cpuMs: run.cpuMs, peakRssMiB: run.peakRssMiB, outcome });
}

export function recordCase(row: { case: string; wallMs: number; cpuMs: number | null; peakRssMiB: number | null; outcome: string }): void {
  const file = process.env.HOSTILE_REPORT_FILE;
  if (file !== undefined) appendFileSync(file, `${JSON.stringify(row)}\n`);
}

/** A one-line outcome for the report table: the exit code, then the errors and findings reported. */
export function summarize(run: CliRun): string {
  if (run.timedOut) return 'killed after hanging';
  let results: JsonResult[];
  try {
    results = JSON.parse(run.stdout) as JsonResult[];
  } catch {
    return `exit ${run.exitCode}, no JSON output: ${run.stderr.split('\n')[0] ?? ''}`;
  }
  const errors = results.flatMap((result) => result.messages.filter((message) => message.fatal === true));
  const withFindings = results.filter((result) => result.messages.some((message) => message.fatal !== true));
  const rules = [...new Set(withFindings.flatMap((result) => result.messages.map((message) => message.ruleId)))];
  const findings = withFindings.reduce((sum, result) => sum + result.messages.length, 0);
  const parts: string[] = [];
  for (const error of errors.slice(0, 2)) parts.push(`error at ${error.line}:${error.column} "${error.message}"`);
  if (errors.length > 2) parts.push(`${errors.length - 2} more errors`);
  if (findings > 0) {
    const where = withFindings.length > 1 ? ` in ${withFindings.length} files` : '';
    parts.push(`${findings} finding(s)${where}: ${rules.join(', ')}`);
  }
  return `exit ${run.exitCode}; ${parts.length === 0 ? 'nothing reported' : parts.join('; ')}`;
}
