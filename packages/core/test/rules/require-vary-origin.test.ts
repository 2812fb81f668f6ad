import { describe, expect, it } from 'vitest';
import type { OriginMatcher } from '../../src/model.js';
import { at, buildPolicy, origin, tri } from '../policy-builder.js';
import { detailsOf, findingsOf } from './findings.js';

const RULE = 'require-vary-origin';
const VARY_LOC = at(12, 3, 14);
const finding = { ruleId: RULE, messageId: 'missingVary', severity: 'error', line: 12, column: 3 };
const withoutVary = (origins: OriginMatcher[]) => buildPolicy({ origins, vary: tri(false, VARY_LOC) });

describe(RULE, () => {
  it.each([
    ['a reflected origin', [origin.reflectAny(at(2, 3))], 'the request origin is echoed back'],
    ['a regex', [origin.pattern('^https://[a-z]+\\.example\\.com$', at(2, 3))], 'when it matches a pattern'],
    ['a prefix', [origin.prefix('https://app.example.com', at(2, 3))], 'when it matches a pattern'],
    ['a suffix', [origin.suffix('.example.com', at(2, 3))], 'when it matches a pattern'],
    ['a host glob', [origin.glob('https://*.example.com', at(2, 3))], 'when it matches a pattern'],
    [
      'a list of origins',
      [origin.exact('https://a.example.com', at(2, 3)), origin.exact('https://b.example.com', at(3, 3))],
      'one of 2 allowed origins is picked',
    ],
    ['one compared origin', [origin.exact('https://a.example.com', at(2, 3))], 'only when it equals the allowed origin'],
    [
      'a list that also holds an origin the linter cannot see',
      [origin.exact('https://a.example.com', at(2, 3)), origin.unknown(at(3, 3))],
      'one of 2 allowed origins is picked',
    ],
  ])('fires on the Vary setting when the origin comes from %s', (_label, origins, reason) => {
    const policy = withoutVary(origins);
    expect(findingsOf(RULE, policy)).toEqual([finding]);
    expect(detailsOf(RULE, policy)[0]?.message).toContain(reason);
  });

  it('stays silent when Vary: Origin is sent or unknown', () => {
    const origins = [origin.reflectAny(at(2, 3))];
    expect(findingsOf(RULE, buildPolicy({ origins, vary: tri(true, VARY_LOC) }))).toEqual([]);
    expect(findingsOf(RULE, buildPolicy({ origins, vary: tri('unknown', VARY_LOC) }))).toEqual([]);
  });

  it('stays silent when every caller gets the same Access-Control-Allow-Origin', () => {
    for (const origins of [
      [origin.any(at(2, 3))],
      [origin.verbatim('https://a.example.com', at(2, 3))],
      [origin.null(at(2, 3))],
      [origin.unknown(at(2, 3))],
      [],
    ]) {
      expect(findingsOf(RULE, withoutVary(origins))).toEqual([]);
    }
  });
});
