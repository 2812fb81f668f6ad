/**
 * Lints source text with the real ESLint class and the plugin's recommended config, the way a user's
 * project runs it (espree for JavaScript and JSX, @typescript-eslint/parser for TypeScript). A rule
 * that throws makes `lintText` reject; a parser failure comes back as a fatal message. Either is a
 * crash for this suite.
 */
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import plugin from '@corsguard/eslint-plugin';

/** Files are linted as text under a path that need not exist; no config file is looked up. */
const cwd = join(tmpdir(), 'corsguard-hostile-eslint');

function recommendedConfig(): Linter.Config[] {
  const recommended = (plugin as { configs: Record<string, Linter.Config | Linter.Config[]> }).configs.recommended;
  if (recommended === undefined) throw new Error('the plugin has no recommended config');
  return Array.isArray(recommended) ? recommended : [recommended];
}

const eslint = new ESLint({
  cwd,
  overrideConfigFile: true,
  overrideConfig: [
    ...recommendedConfig(),
    { files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser } },
    { files: ['**/*.jsx', '**/*.tsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
  ],
});

export interface Linted {
  messages: Linter.LintMessage[];
  ms: number;
}

/** Lint `code` as if it were the file `name` in a project; `ms` is the wall time of the lint. */
export async function lint(name: string, code: string): Promise<Linted> {
  const started = performance.now();
  const [result] = await eslint.lintText(code, { filePath: join(cwd, name) });
  const ms = performance.now() - started;
  if (result === undefined) throw new Error(`ESLint returned no result for ${name}`);
  return { messages: result.messages, ms };
}

/** Findings as the suite compares them. */
export function findings(linted: Linted): { ruleId: string | null; line: number; column: number }[] {
  return linted.messages.map(({ ruleId, line, column }) => ({ ruleId, line, column }));
}

/**
 * Print a case's lint time; under `scripts/hostile-report.js` (HOSTILE_REPORT_FILE set) also append it
 * for the report table. Memory is the test process's, so none is given.
 */
export function report(label: string, linted: Linted, outcome: string): void {
  console.log(`[hostile] ${label}: ${linted.ms.toFixed(0)} ms → ${outcome}`);
  const file = process.env.HOSTILE_REPORT_FILE;
  if (file !== undefined) appendFileSync(file, `${JSON.stringify({ case: label, wallMs: linted.ms, cpuMs: null, peakRssMiB: null, outcome })}\n`);
}

/** A one-line outcome: fatal messages or the findings by rule. */
export function summarize(linted: Linted): string {
  const fatals = fatal(linted);
  if (fatals.length > 0) return `fatal: ${fatals[0]?.message ?? ''}`;
  if (linted.messages.length === 0) return 'no findings';
  return `${linted.messages.length} finding(s): ${[...new Set(linted.messages.map((message) => message.ruleId))].join(', ')}`;
}

export function fatal(linted: Linted): Linter.LintMessage[] {
  return linted.messages.filter((message) => message.fatal === true);
}
