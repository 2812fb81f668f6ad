import { describe, expect, it } from 'vitest';
import { at, buildPolicy, origin, tri } from '../policy-builder.js';
import { findingsOf } from './findings.js';

const RULE = 'no-wildcard-origin-with-credentials';
const finding = (line: number, column: number) => ({
  ruleId: RULE,
  messageId: 'wildcardWithCredentials',
  severity: 'error',
  line,
  column,
});

describe(RULE, () => {
  it("blames the '*' origin when credentials are allowed", () => {
    const policy = buildPolicy({ origins: [origin.any(at(3, 11, 3))], credentials: tri(true, at(4, 16, 4)) });
    expect(findingsOf(RULE, policy)).toEqual([finding(3, 11)]);
  });

  it("reports each '*' origin once", () => {
    const policy = buildPolicy({
      origins: [origin.any(at(2, 5, 3)), origin.exact('https://app.example.com', at(3, 5, 25)), origin.any(at(7, 9, 3))],
      credentials: tri(true, at(9, 3, 4)),
    });
    expect(findingsOf(RULE, policy)).toEqual([finding(2, 5), finding(7, 9)]);
  });

  it("fires when a default '*' origin meets credentials set elsewhere", () => {
    const policy = buildPolicy({ origins: [origin.any(at(1, 17, 6))], credentials: tri(true, at(1, 25, 17)) });
    expect(findingsOf(RULE, policy)).toEqual([finding(1, 17)]);
  });

  it('stays silent without credentials, or when credentials are unknown', () => {
    expect(findingsOf(RULE, buildPolicy({ origins: [origin.any(at(3, 11))], credentials: tri(false, at(4, 1)) }))).toEqual([]);
    expect(findingsOf(RULE, buildPolicy({ origins: [origin.any(at(3, 11))], credentials: tri('unknown', at(4, 1)) }))).toEqual(
      [],
    );
  });

  it('stays silent for origins that are not a literal *', () => {
    const credentials = tri(true, at(4, 16, 4));
    for (const matcher of [
      origin.reflectAny(at(3, 11)),
      origin.exact('https://app.example.com', at(3, 11)),
      origin.unknown(at(3, 11)),
      origin.null(at(3, 11)),
    ]) {
      expect(findingsOf(RULE, buildPolicy({ origins: [matcher], credentials }))).toEqual([]);
    }
  });
});
