import { describe, expect, it } from 'vitest';
import { at, buildPolicy, origin, tri } from '../policy-builder.js';
import { findingsOf } from './findings.js';

const RULE = 'no-reflected-origin-with-credentials';
const finding = (line: number, column: number) => ({
  ruleId: RULE,
  messageId: 'reflectedWithCredentials',
  severity: 'error',
  line,
  column,
});

describe(RULE, () => {
  it('blames the reflecting origin setting when credentials are allowed', () => {
    const policy = buildPolicy({ origins: [origin.reflectAny(at(5, 13, 4))], credentials: tri(true, at(6, 18, 4)) });
    expect(findingsOf(RULE, policy)).toEqual([finding(5, 13)]);
  });

  it('fires next to an allowlist that the reflection makes moot', () => {
    const policy = buildPolicy({
      origins: [origin.exact('https://app.example.com', at(2, 12, 25)), origin.reflectAny(at(3, 12, 20))],
      credentials: tri(true, at(8, 3, 17)),
    });
    expect(findingsOf(RULE, policy)).toEqual([finding(3, 12)]);
  });

  it('stays silent without credentials, or when credentials are unknown', () => {
    const origins = [origin.reflectAny(at(5, 13, 4))];
    expect(findingsOf(RULE, buildPolicy({ origins, credentials: tri(false, at(6, 1)) }))).toEqual([]);
    expect(findingsOf(RULE, buildPolicy({ origins, credentials: tri('unknown', at(6, 1)) }))).toEqual([]);
  });

  it('stays silent for origins that are not echoed for everyone', () => {
    const credentials = tri(true, at(6, 18, 4));
    for (const matcher of [
      origin.any(at(5, 13)),
      origin.exact('https://app.example.com', at(5, 13)),
      origin.pattern('^https://app\\.example\\.com$', at(5, 13)),
      origin.unknown(at(5, 13)),
    ]) {
      expect(findingsOf(RULE, buildPolicy({ origins: [matcher], credentials }))).toEqual([]);
    }
  });
});
