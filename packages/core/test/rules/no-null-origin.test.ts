import { describe, expect, it } from 'vitest';
import { at, buildPolicy, origin, tri } from '../policy-builder.js';
import { findingsOf } from './findings.js';

const RULE = 'no-null-origin';
const finding = (messageId: string, line: number, column: number) => ({
  ruleId: RULE,
  messageId,
  severity: 'error',
  line,
  column,
});

describe(RULE, () => {
  it("fires on a 'null' matcher", () => {
    const policy = buildPolicy({ origins: [origin.exact('https://app.example.com', at(2, 5, 25)), origin.null(at(3, 5, 6))] });
    expect(findingsOf(RULE, policy)).toEqual([finding('nullOrigin', 3, 5)]);
  });

  it('says so when credentials make it worse', () => {
    const policy = buildPolicy({ origins: [origin.null(at(3, 5, 6))], credentials: tri(true, at(4, 5, 4)) });
    expect(findingsOf(RULE, policy)).toEqual([finding('nullOriginWithCredentials', 3, 5)]);
  });

  it('fires on an origin pattern that singles out null, not on one that lets every site in', () => {
    const anchored = origin.pattern('^(https://app\\.example\\.com|null)$', at(7, 12, 36));
    expect(findingsOf(RULE, buildPolicy({ origins: [anchored] }))).toEqual([finding('nullOrigin', 7, 12)]);
    expect(findingsOf(RULE, buildPolicy({ origins: [origin.pattern('null', at(7, 12, 6), 're2-full')] }))).toEqual([finding('nullOrigin', 7, 12)]);
    expect(findingsOf(RULE, buildPolicy({ origins: [origin.pattern('^https://app\\.example\\.com$', at(7, 12, 30))] }))).toEqual([]);
    expect(findingsOf(RULE, buildPolicy({ origins: [origin.pattern('.*', at(7, 12, 4), 're2-full')] }))).toEqual([]);
  });

  it("fires on an allowlist entry 'null' and on a verbatim 'null' header", () => {
    expect(findingsOf(RULE, buildPolicy({ origins: [origin.exact('null', at(6, 20, 6))] }))).toEqual([
      finding('nullOrigin', 6, 20),
    ]);
    expect(findingsOf(RULE, buildPolicy({ origins: [origin.verbatim(' null', at(2, 40, 7))] }))).toEqual([
      finding('nullOrigin', 2, 40),
    ]);
  });

  it("fires on 'NULL' when the comparison ignores case", () => {
    expect(findingsOf(RULE, buildPolicy({ origins: [origin.exact('NULL', at(4, 9, 6), true)] }))).toEqual([
      finding('nullOrigin', 4, 9),
    ]);
  });

  it("stays silent on values that never equal the browser's lowercase 'null'", () => {
    for (const matcher of [origin.exact('NULL', at(4, 9)), origin.exact('Null', at(4, 9)), origin.exact(' null', at(4, 9))]) {
      expect(findingsOf(RULE, buildPolicy({ origins: [matcher] }))).toEqual([]);
    }
  });

  it('stays silent on other origins, including unknown ones', () => {
    for (const matcher of [
      origin.exact('https://null.example.com', at(4, 9)),
      origin.any(at(4, 9)),
      origin.reflectAny(at(4, 9)),
      origin.unknown(at(4, 9)),
    ]) {
      expect(findingsOf(RULE, buildPolicy({ origins: [matcher], credentials: tri(true, at(5, 1)) }))).toEqual([]);
    }
  });
});
