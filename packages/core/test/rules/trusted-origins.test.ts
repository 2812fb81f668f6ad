import { describe, expect, it } from 'vitest';
import type { RuleConfig } from '../../src/engine.js';
import { at, buildPolicy, origin, POLICY_LOC } from '../policy-builder.js';
import { detailsOf, findingsOf } from './findings.js';

const RULE = 'trusted-origins';
const finding = (messageId: string, line: number, column: number) => ({
  ruleId: RULE,
  messageId,
  severity: 'error',
  line,
  column,
});
const configured: RuleConfig = {
  [RULE]: ['error', { trustedOrigins: ['https://app.example.com', 'https://*.example.org', '/^https:\\/\\/[a-z]+\\.example\\.net$/'] }],
};

describe(RULE, () => {
  it('fires on every kind of allowed origin that reaches outside the list', () => {
    const policy = buildPolicy({
      origins: [
        origin.exact('https://partner.example.com', at(2, 9, 29)),
        origin.pattern('^https://[a-z]+\\.example\\.(net|com)$', at(3, 9, 36)),
        origin.any(at(4, 9, 3)),
        origin.reflectAny(at(5, 9, 4)),
        origin.null(at(6, 9, 6)),
        origin.suffix('.example.org', at(7, 9, 14)),
      ],
    });
    expect(findingsOf(RULE, policy, configured)).toEqual([
      finding('untrustedOrigin', 2, 9),
      finding('untrustedMatcher', 3, 9),
      finding('untrustedAnyOrigin', 4, 9),
      finding('untrustedAnyOrigin', 5, 9),
      finding('untrustedNullOrigin', 6, 9),
      finding('untrustedMatcher', 7, 9),
    ]);
  });

  it('shows an accepted untrusted origin', () => {
    const policy = buildPolicy({
      origins: [origin.pattern('^https://[a-z]+\\.example\\.(net|com)$', at(3, 9, 36)), origin.any(at(4, 9, 3))],
    });
    expect(detailsOf(RULE, policy, configured).map((detail) => detail.data.origin)).toEqual([
      'https://x.example.com',
      'https://attacker.test',
    ]);
  });

  it('stays silent on origins and matchers inside the list', () => {
    const policy = buildPolicy({
      origins: [
        origin.exact('https://app.example.com', at(2, 9)),
        origin.glob('https://*.example.org', at(3, 9)),
        origin.pattern('^https://(api|www)\\.example\\.net$', at(4, 9)),
        origin.unknown(at(5, 9)),
      ],
    });
    expect(findingsOf(RULE, policy, configured)).toEqual([]);
  });

  it('is silent with no list configured, and off in the recommended set', () => {
    const policy = buildPolicy({ origins: [origin.any(at(4, 9, 3))] });
    expect(findingsOf(RULE, policy, { [RULE]: 'error' })).toEqual([]);
    expect(findingsOf(RULE, policy)).toEqual([]);
  });

  it('reports an entry it cannot analyse once, at the policy', () => {
    const policy = buildPolicy({ origins: [origin.any(at(4, 9, 3))] });
    const broken: RuleConfig = { [RULE]: ['warn', { trustedOrigins: ['/^https:\\/\\/(a/'] }] };
    expect(findingsOf(RULE, policy, broken)).toEqual([
      { ...finding('unreadableAllowlist', POLICY_LOC.line, POLICY_LOC.column), severity: 'warn' },
    ]);
  });
});
