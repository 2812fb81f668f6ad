/**
 * Catastrophic origin regexes in server code: regex literals and `new RegExp(...)` with nested or
 * overlapping quantifiers, next to long exact origins that would make them backtrack if anything ran
 * them. The plugin must analyse the patterns, never execute them, so linting stays fast.
 */
import { describe, expect, it } from 'vitest';
import { fatal, findings, lint, report, summarize } from './lint.js';

const PATTERNS = [
  '^(a+)+$',
  '^(https?:\\/\\/)?([a-z]+)*\\.example\\.com$',
  '^https:\\/\\/([a-zA-Z0-9]+\\.?)+\\.example\\.com$',
  '^https:\\/\\/(.*)*\\.example\\.com$',
  '^https:\\/\\/(\\w+\\s?)*$',
  '^https:\\/\\/(a|a)*\\.example\\.com$',
  '^https:\\/\\/(x+x+)+y\\.example\\.com$',
];

const BAITS = [`https://${'a'.repeat(60)}!`, `https://${'x'.repeat(60)}.example.com`];

const code = [
  "import express from 'express';",
  "import cors from 'cors';",
  '',
  'const app = express();',
  'const allowed = [',
  ...PATTERNS.map((pattern) => `  /${pattern}/,`),
  ...PATTERNS.map((pattern) => `  new RegExp(${JSON.stringify(pattern.replaceAll('\\/', '/'))}),`),
  ...PATTERNS.map((pattern) => `  new RegExp(${JSON.stringify(pattern.replaceAll('\\/', '/'))}, 'i'),`),
  ...BAITS.map((bait) => `  ${JSON.stringify(bait)},`),
  '];',
  "app.use('/api', cors({ origin: allowed, credentials: true }));",
  'app.use((req, res, next) => {',
  `  if (/${PATTERNS[1]}/.test(req.headers.origin)) res.setHeader('Access-Control-Allow-Origin', req.headers.origin);`,
  '  next();',
  '});',
  '',
].join('\n');

/**
 * The other rules' findings, reviewed: the second pattern's `(https?:\/\/)?` accepts plain http, once
 * as a literal, once through `new RegExp`, once with the `i` flag (lines 7, 14, 21), and in the
 * hand-written check (line 32), which also echoes the origin without `Vary: Origin`. Which patterns
 * are super-linear is `no-redos-origin-pattern`'s question, tested with that rule; it is left out here.
 */
const EXPECTED = [
  { ruleId: 'corsguard/no-insecure-origin', line: 7, column: 3 },
  { ruleId: 'corsguard/no-insecure-origin', line: 14, column: 3 },
  { ruleId: 'corsguard/no-insecure-origin', line: 21, column: 3 },
  { ruleId: 'corsguard/no-insecure-origin', line: 32, column: 7 },
  { ruleId: 'corsguard/require-vary-origin', line: 32, column: 120 },
];

describe('catastrophic origin regexes in code', () => {
  it('are analysed without being run: linting stays fast', async () => {
    // The first lint loads parsers and rules; time the second, which is what each further file costs.
    await lint('warm-up.js', code);
    const linted = await lint('origins.js', code);
    report('ESLint plugin: catastrophic origin regexes in code', linted, summarize(linted));
    expect(fatal(linted)).toEqual([]);
    expect(linted.ms).toBeLessThan(1000);
    expect(findings(linted).filter((finding) => finding.ruleId !== 'corsguard/no-redos-origin-pattern')).toEqual(EXPECTED);
  });
});
