import { describe, expect, it } from 'vitest';
import type { OriginMatcher, RegexDialect } from '../../src/model.js';
import { findSuperLinearBacktracking } from '../../src/origin-analysis/index.js';

const LOC = { line: 1, column: 1, endLine: 1, endColumn: 2 };
const pattern = (source: string, dialect: RegexDialect = 'js', flags = ''): OriginMatcher => ({
  kind: 'pattern',
  source,
  flags,
  dialect,
  loc: LOC,
});

describe('findSuperLinearBacktracking', () => {
  it('finds exponential backtracking in nested quantifiers, in JS and PCRE', () => {
    expect(findSuperLinearBacktracking(pattern('^(a+)+$'))).toEqual({ verdict: 'super-linear', exponential: true, character: 'a' });
    expect(findSuperLinearBacktracking(pattern('^https://([a-z0-9]+)*\\.example\\.com$'))).toMatchObject({
      verdict: 'super-linear',
      exponential: true,
    });
    expect(findSuperLinearBacktracking(pattern('https://([a-z]+|[a-z0-9]+)+\\.example\\.com', 'pcre-full'))).toMatchObject({
      verdict: 'super-linear',
      exponential: true,
    });
  });

  it('finds polynomial backtracking between adjacent quantifiers', () => {
    expect(findSuperLinearBacktracking(pattern('^https://[a-z]+[a-z0-9]*\\.example\\.com$'))).toEqual({
      verdict: 'super-linear',
      exponential: false,
      character: 'a',
    });
  });

  it('finds nothing in linear patterns, in RE2 (linear by design) or in unanchored searches alone', () => {
    for (const matcher of [
      pattern('^https://[a-z0-9-]+\\.example\\.com$'),
      pattern('^https://([a-z0-9-]+\\.)*example\\.com$'),
      pattern('[a-z]+\\.example\\.com$'),
      pattern('^(a+)+$', 're2-full'),
      pattern('(a+)+$', 're2-search'),
    ]) {
      expect(findSuperLinearBacktracking(matcher)).toEqual({ verdict: 'linear' });
    }
  });

  it('is unknown for patterns it cannot read and for non-patterns', () => {
    expect(findSuperLinearBacktracking(pattern('^(a+', 'js'))).toEqual({ verdict: 'unknown' });
    expect(findSuperLinearBacktracking(pattern('\\A(a+)+\\z', 'pcre-search'))).toEqual({ verdict: 'unknown' });
    expect(findSuperLinearBacktracking({ kind: 'prefix', value: 'https://a', loc: LOC })).toEqual({ verdict: 'unknown' });
  });

  it('agrees with the examples on the rule page', () => {
    const verdicts = [
      pattern('^https:\\/\\/([a-z0-9]+)*\\.example\\.com$'),
      pattern('^https:\\/\\/[a-z]+[a-z0-9]*\\.example\\.com$'),
      pattern('https://([a-z0-9]+)*\\.example\\.com', 'pcre-full'),
      pattern('^https://(\\w+)+\\.example\\.com$', 'pcre-search'),
      pattern('^https:\\/\\/([a-z0-9-]+\\.)*example\\.com$'),
      pattern('^https:\\/\\/[a-z][a-z0-9]*\\.example\\.com$'),
      pattern('https://[a-z0-9-]+\\.example\\.com', 'pcre-full'),
      pattern('^https://[a-z0-9-]+\\.example\\.com$', 'pcre-search'),
    ].map((matcher) => findSuperLinearBacktracking(matcher).verdict);
    expect(verdicts).toEqual(['super-linear', 'super-linear', 'super-linear', 'super-linear', 'linear', 'linear', 'linear', 'linear']);
  });

  it('analyses without running the regex: a catastrophic pattern takes milliseconds', () => {
    const start = performance.now();
    const result = findSuperLinearBacktracking(pattern('^(([a-z])+.)+[A-Z]([a-z])+$'));
    const elapsed = performance.now() - start;
    console.log(`catastrophic pattern analysed in ${elapsed.toFixed(1)} ms`);
    expect(result.verdict).toBe('super-linear');
    expect(elapsed).toBeLessThan(1000);
  });
});
