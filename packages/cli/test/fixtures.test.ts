/**
 * Every config fixture, linted by the built CLI in one run, must give exactly the findings its
 * expectation file lists: fixtures/configs/<path> → fixtures/expected/configs/<path>.json, an array
 * of { ruleId, messageId, severity, line, column } sorted by line then column.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonOutput, repoRoot, runBuilt, type JsonResult } from './cli/run-built.js';

const configsDir = join(repoRoot, 'fixtures/configs');
const expectedDir = join(repoRoot, 'fixtures/expected/configs');

interface Expected {
  ruleId: string | null;
  messageId: string | null;
  severity: 1 | 2;
  line: number;
  column: number;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function severityNumber(value: unknown): 1 | 2 {
  if (value === 1 || value === 'warn' || value === 'warning') return 1;
  if (value === 2 || value === 'error') return 2;
  throw new Error(`severity must be 1, 2, "warn" or "error", got ${JSON.stringify(value)}`);
}

function readExpected(file: string): Expected[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[];
  if (!Array.isArray(raw)) throw new Error(`${file} must hold a JSON array`);
  return raw.map((entry) => ({
    ruleId: (entry.ruleId as string | null | undefined) ?? null,
    messageId: (entry.messageId as string | null | undefined) ?? null,
    severity: severityNumber(entry.severity),
    line: entry.line as number,
    column: entry.column as number,
  }));
}

const fixtures = listFiles(configsDir);
const relativePath = (file: string): string => relative(configsDir, file).split(sep).join('/');

describe('config fixtures through the built CLI', () => {
  const run = fixtures.length === 0 ? undefined : runBuilt(['--format', 'json', '--no-config-lookup', '--concurrency', 'off', 'fixtures/configs']);
  const results = run === undefined ? [] : parseJsonOutput(run);
  const byPath = new Map<string, JsonResult>(results.map((result) => [result.filePath, result]));

  it('finds fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it.each(fixtures.map((file) => [relativePath(file), file]))('%s', (rel, file) => {
    const expectationFile = join(expectedDir, `${rel}.json`);
    expect(existsSync(expectationFile), `missing expectation file fixtures/expected/configs/${rel}.json`).toBe(true);
    const result = byPath.get(file);
    expect(result, `${rel} was not linted: no adapter recognised it (run with --debug)`).toBeDefined();
    const actual = (result as JsonResult).messages.map((message) => ({
      ruleId: message.ruleId,
      messageId: message.messageId ?? null,
      severity: message.severity,
      line: message.line,
      column: message.column,
    }));
    expect(actual).toEqual(readExpected(expectationFile));
  });

  it('gives the same output and exit code on worker threads as on one thread', () => {
    if (run === undefined) return;
    const parallel = runBuilt(['--format', 'json', '--no-config-lookup', '--concurrency', '2', 'fixtures/configs']);
    expect(parallel.status).toBe(run.status);
    expect(parallel.stdout).toBe(run.stdout);
  });

  it('has an expectation only for fixtures that exist', () => {
    const orphans = listFiles(expectedDir)
      .map((file) => relative(expectedDir, file).split(sep).join('/'))
      .filter((rel) => rel.endsWith('.json') && !existsSync(join(configsDir, rel.slice(0, -'.json'.length))));
    expect(orphans).toEqual([]);
  });
});
