import { describe, expect, it } from 'vitest';
import { checkPolicy, resolveRules, type RuleConfig } from '../../src/engine.js';
import type { CorsPolicy } from '../../src/model.js';
import rule from '../../src/rules/no-redos-origin-pattern.js';
import { at, buildPolicy, origin } from '../policy-builder.js';

const RULE = 'no-redos-origin-pattern';
const recommended: RuleConfig = { [RULE]: rule.defaultSeverity };

/** Runs this rule through the engine directly, so the test does not depend on the registry listing it. */
function findingsOf(policy: CorsPolicy, config: RuleConfig = recommended) {
  return checkPolicy(policy, resolveRules([rule], config)).map((finding) => ({
    ruleId: finding.ruleId,
    messageId: finding.messageId,
    severity: finding.severity,
    line: finding.loc.line,
    column: finding.loc.column,
    message: finding.message,
  }));
}

describe(RULE, () => {
  it('warns on exponential and polynomial backtracking, at the pattern', () => {
    const policy = buildPolicy({
      origins: [
        origin.pattern('^https://([a-z0-9]+)*\\.example\\.com$', at(4, 7, 36)),
        origin.pattern('https://[a-z]+[a-z0-9]*\\.example\\.com', at(5, 7, 34), 'pcre-full'),
      ],
    });
    expect(findingsOf(policy).map(({ message: _message, ...shape }) => shape)).toEqual([
      { ruleId: RULE, messageId: 'exponentialBacktracking', severity: 'warn', line: 4, column: 7 },
      { ruleId: RULE, messageId: 'polynomialBacktracking', severity: 'warn', line: 5, column: 7 },
    ]);
  });

  it('names the pattern and the character to repeat', () => {
    const policy = buildPolicy({ origins: [origin.pattern('^(a+)+$', at(2, 3, 9))] });
    expect(findingsOf(policy)[0]?.message).toBe(
      "The origin pattern '^(a+)+$' can backtrack exponentially: an Origin header made of many 'a' characters makes the server's regex engine run for seconds or longer, and anyone can send that header. Rewrite the pattern so no two quantifiers can match the same text.",
    );
  });

  it('stays silent on linear patterns, RE2 dialects, unreadable patterns and other matchers', () => {
    const policy = buildPolicy({
      origins: [
        origin.pattern('^https://([a-z0-9-]+\\.)*example\\.com$', at(2, 3)),
        origin.pattern('https://([a-z0-9]+)*\\.example\\.com', at(3, 3), 're2-full'),
        origin.pattern('https://([a-z0-9]+)*\\.example\\.com', at(4, 3), 're2-search'),
        origin.pattern('\\A(a+)+\\z', at(5, 3), 'pcre-search'),
        origin.glob('https://*.example.com', at(6, 3)),
        origin.unknown(at(7, 3)),
      ],
    });
    expect(findingsOf(policy)).toEqual([]);
  });

  it('warns on a repeated group whose alternatives match a common word, naming both and the word', () => {
    const policy = buildPolicy({
      origins: [
        origin.pattern('^https://(www\\.|[a-z]{3}\\.)*example\\.com$', at(3, 9, 50)),
        origin.pattern('https://(?:api|dev|[a-z]{3})+\\.example\\.com', at(4, 9, 48), 'pcre-full'),
        origin.pattern('(a|a)*example', at(5, 9, 22)),
      ],
    });
    const findings = findingsOf(policy);
    expect(findings.map(({ message: _message, ...shape }) => shape)).toEqual([
      { ruleId: RULE, messageId: 'ambiguousRepetition', severity: 'warn', line: 3, column: 9 },
      { ruleId: RULE, messageId: 'ambiguousRepetition', severity: 'warn', line: 4, column: 9 },
      { ruleId: RULE, messageId: 'ambiguousRepetition', severity: 'warn', line: 5, column: 9 },
    ]);
    expect(findings[0]?.message).toBe(
      "The origin pattern '^https://(www\\.|[a-z]{3}\\.)*example\\.com$' can backtrack exponentially: 'www\\.' and '[a-z]{3}\\.' are alternatives of one repeated group and both match 'www.', so an Origin header that repeats 'www.' many times makes the server's regex engine try every way to split it, for seconds or longer, and anyone can send that header. Rewrite the group so its alternatives cannot match the same text.",
    );
    expect(findings[1]?.message).toContain("'api' and '[a-z]{3}' are alternatives of one repeated group and both match 'api'");
  });

  it('stays silent on repeated groups whose alternatives cannot match the same text, or that nothing after can fail', () => {
    const policy = buildPolicy({
      origins: [
        // Disjoint alternatives: each run has one split.
        origin.pattern('^https://(www\\.|api\\.)*example\\.com$', at(2, 3)),
        origin.pattern('^https://(?:[a-z]+-|[0-9]+\\.)*example\\.com$', at(3, 3)),
        // Bounded repetition: at most 2^2 splits.
        origin.pattern('^https://(www\\.|[a-z]{3}\\.){0,2}example\\.com$', at(4, 3)),
        // An unanchored search that ends with the repetition stops at the first split it finds.
        origin.pattern('example\\.com(/a|/[a-z])*', at(5, 3)),
        // RE2 matches in linear time whatever the pattern.
        origin.pattern('^https://(www\\.|[a-z]{3}\\.)*example\\.com$', at(6, 3), 're2-full'),
      ],
    });
    expect(findingsOf(policy)).toEqual([]);
  });

  it('honours the configured severity', () => {
    const policy = buildPolicy({ origins: [origin.pattern('^(a+)+$', at(2, 3, 9))] });
    expect(findingsOf(policy, { [RULE]: 'error' }).map((finding) => finding.severity)).toEqual(['error']);
    expect(findingsOf(policy, { [RULE]: 'off' })).toEqual([]);
  });
});
