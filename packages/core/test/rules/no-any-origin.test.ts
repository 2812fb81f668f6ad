import { describe, expect, it } from 'vitest';
import { strictRules } from '../../src/rules/index.js';
import { at, buildPolicy, origin } from '../policy-builder.js';
import { findingsOf } from './findings.js';

const RULE = 'no-any-origin';
const finding = (messageId: string, line: number, column: number) => ({
  ruleId: RULE,
  messageId,
  severity: 'error',
  line,
  column,
});

describe(RULE, () => {
  it("fires in the strict set on '*' and on a reflected origin", () => {
    const policy = buildPolicy({ origins: [origin.any(at(2, 11, 3)), origin.reflectAny(at(9, 11, 4))] });
    expect(findingsOf(RULE, policy, strictRules)).toEqual([finding('wildcardOrigin', 2, 11), finding('reflectedOrigin', 9, 11)]);
  });

  it('honours a configured severity', () => {
    expect(findingsOf(RULE, buildPolicy({ origins: [origin.any(at(2, 11))] }), { [RULE]: 'warn' })).toEqual([
      { ...finding('wildcardOrigin', 2, 11), severity: 'warn' },
    ]);
  });

  it('is off in the recommended set', () => {
    expect(findingsOf(RULE, buildPolicy({ origins: [origin.any(at(2, 11))] }))).toEqual([]);
  });

  it('stays silent on restricted and unknown origins, patterns included', () => {
    for (const matcher of [
      origin.exact('https://app.example.com', at(2, 11)),
      origin.pattern('.*', at(2, 11)),
      origin.glob('https://*.example.com', at(2, 11)),
      origin.unknown(at(2, 11)),
    ]) {
      expect(findingsOf(RULE, buildPolicy({ origins: [matcher] }), strictRules)).toEqual([]);
    }
  });
});
