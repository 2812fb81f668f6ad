/**
 * Catastrophic origin regexes in configs. The server runs them on attacker-chosen Origin headers;
 * corsguard must only analyse them. Each config also lists long exact origins made of the characters
 * the patterns backtrack on, so a linter that tested its patterns against the config's own strings
 * (or against long probes) would hang here instead of finishing in time.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectWellBehaved } from './expect.js';
import { catastrophicRegexConfigs, createScratch, type Scratch } from './generate.js';
import { jsonResults, report, runCli, summarize } from './run-cli.js';

const CONFIGS = catastrophicRegexConfigs();

let scratch: Scratch;
beforeAll(() => {
  scratch = createScratch('redos');
  for (const [name, text] of Object.entries(CONFIGS)) scratch.write(name, text);
});
afterAll(() => scratch.remove());

/**
 * What the other rules say about these configs, reviewed against cors-facts: Kong matches an entry
 * without `:` against the host alone, so `^(a+)+$` also accepts `http://a`; `(https?://)?` accepts
 * plain http; Istio and Traefik echo matched origins without `Vary: Origin`. Whether a pattern is
 * super-linear is `no-redos-origin-pattern`'s question, tested with that rule, so it is left out here.
 */
const EXPECTED: Record<string, { ruleId: string; line: number; column: number }[]> = {
  'kong.yaml': [
    { ruleId: 'no-insecure-origin', line: 10, column: 7 },
    { ruleId: 'no-insecure-origin', line: 11, column: 7 },
  ],
  'istio.yaml': [
    { ruleId: 'require-vary-origin', line: 13, column: 9 },
    { ruleId: 'no-insecure-origin', line: 15, column: 20 },
  ],
  'traefik.yaml': [
    { ruleId: 'require-vary-origin', line: 8, column: 5 },
    { ruleId: 'no-insecure-origin', line: 10, column: 9 },
  ],
};

describe.concurrent('catastrophic origin regexes in configs', () => {
  it.each(Object.keys(CONFIGS))('%s is analysed, not run: linting stays fast', async (name) => {
    const file = join(scratch.root, name);
    const run = await runCli(['--format', 'json', file]);
    report(`catastrophic regexes in ${name}`, run, summarize(run));
    expectWellBehaved(run, { cpuMs: 2000, peakRssMiB: 200 });
    expect(run.exitCode).toBe(1);
    const [result] = jsonResults(run);
    expect(result?.filePath).toBe(file);
    const findings = (result?.messages ?? [])
      .filter((message) => message.ruleId !== 'no-redos-origin-pattern')
      .map(({ ruleId, line, column }) => ({ ruleId, line, column }));
    expect(findings).toEqual(EXPECTED[name]);
  });
});
