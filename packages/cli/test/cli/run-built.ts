/**
 * Runs the built CLI (`packages/cli/bin/corsguard.js`, which loads dist/) as a subprocess, as users
 * and CI run it. `pnpm test` builds first; a missing build fails loudly instead of testing stale code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const cliBin = join(repoRoot, 'packages/cli/bin/corsguard.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runBuilt(args: readonly string[], options: { cwd?: string; input?: string | Uint8Array } = {}): Run {
  if (!existsSync(join(repoRoot, 'packages/cli/dist/cli/main.js'))) {
    throw new Error('packages/cli/dist is missing: build first (npx tsc -b packages/cli)');
  }
  const result = spawnSync(process.execPath, [cliBin, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface JsonMessage {
  ruleId: string | null;
  messageId?: string;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
}

export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  suppressedMessages: (JsonMessage & { suppressions: { kind: string; justification: string }[] })[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
}

export function parseJsonOutput(run: Run): JsonResult[] {
  try {
    return JSON.parse(run.stdout) as JsonResult[];
  } catch {
    throw new Error(`not JSON (exit ${run.status}):\n${run.stdout.slice(0, 2000)}\nstderr:\n${run.stderr.slice(0, 2000)}`);
  }
}
