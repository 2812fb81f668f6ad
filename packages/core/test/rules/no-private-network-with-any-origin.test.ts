import { describe, expect, it } from 'vitest';
import { at, buildPolicy, origin, tri } from '../policy-builder.js';
import { detailsOf, findingsOf } from './findings.js';

const RULE = 'no-private-network-with-any-origin';
const finding = (line: number, column: number) => ({
  ruleId: RULE,
  messageId: 'privateNetworkForAnyOrigin',
  severity: 'warn',
  line,
  column,
});

describe(RULE, () => {
  it('fires at the private-network setting when every website is allowed: *, an echo of every origin, null', () => {
    for (const matcher of [origin.any(at(3, 5)), origin.reflectAny(at(3, 5)), origin.null(at(3, 5))]) {
      const policy = buildPolicy({ origins: [matcher], allowPrivateNetwork: tri(true, at(7, 26, 4)) });
      expect(findingsOf(RULE, policy)).toEqual([finding(7, 26)]);
    }
  });

  it('reports once however many matchers let everyone in, and says which one', () => {
    const policy = buildPolicy({
      origins: [origin.exact('https://app.example.com', at(3, 5)), origin.reflectAny(at(4, 5)), origin.any(at(5, 5))],
      allowPrivateNetwork: tri(true, at(8, 3, 4)),
    });
    expect(findingsOf(RULE, policy)).toEqual([finding(8, 3)]);
    expect(detailsOf(RULE, policy)[0]?.message).toContain('every request origin is echoed back');
  });

  it('stays silent without the header, when it is off or unknown, and for listed or unknown origins', () => {
    expect(findingsOf(RULE, buildPolicy({ origins: [origin.any(at(3, 5))] }))).toEqual([]);
    for (const value of [false, 'unknown'] as const) {
      expect(findingsOf(RULE, buildPolicy({ origins: [origin.any(at(3, 5))], allowPrivateNetwork: tri(value, at(7, 26)) }))).toEqual([]);
    }
    for (const matcher of [
      origin.exact('https://intranet.example.com', at(3, 5)),
      origin.glob('https://*.example.com', at(3, 5)),
      origin.pattern('^https://[a-z]+\\.example\\.com$', at(3, 5)),
      origin.unknown(at(3, 5)),
    ]) {
      expect(findingsOf(RULE, buildPolicy({ origins: [matcher], allowPrivateNetwork: tri(true, at(7, 26)) }))).toEqual([]);
    }
  });
});
