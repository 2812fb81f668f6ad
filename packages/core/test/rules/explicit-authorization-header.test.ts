import { describe, expect, it } from 'vitest';
import { at, buildPolicy, list, reflectList, tri } from '../policy-builder.js';
import { detailsOf, findingsOf } from './findings.js';

const RULE = 'explicit-authorization-header';
const finding = (line: number, column: number) => ({
  ruleId: RULE,
  messageId: 'authorizationNotCovered',
  severity: 'warn',
  line,
  column,
});

describe(RULE, () => {
  it("blames the '*' of an Allow-Headers list without Authorization", () => {
    expect(findingsOf(RULE, buildPolicy({ allowHeaders: list(4, 20, ['*']) }))).toEqual([finding(4, 21)]);
    expect(findingsOf(RULE, buildPolicy({ allowHeaders: list(4, 20, ['Content-Type', '*']) }))).toEqual([finding(4, 37)]);
  });

  it("finds '*' and Authorization inside comma-joined items", () => {
    expect(findingsOf(RULE, buildPolicy({ allowHeaders: list(4, 20, ['Content-Type, *']) }))).toEqual([finding(4, 21)]);
    expect(findingsOf(RULE, buildPolicy({ allowHeaders: list(4, 20, ['*, Authorization']) }))).toEqual([]);
  });

  it('fires when credentials are unknown', () => {
    const policy = buildPolicy({ credentials: tri('unknown', at(2, 1)), allowHeaders: list(4, 20, ['*']) });
    expect(findingsOf(RULE, policy)).toEqual([finding(4, 21)]);
  });

  it('says that today’s browsers still let it through', () => {
    expect(detailsOf(RULE, buildPolicy({ allowHeaders: list(4, 20, ['*']) }))[0]?.message).toContain('today both still let it through');
  });

  it('stays silent when Authorization is listed, in any case', () => {
    for (const name of ['Authorization', 'authorization', ' AUTHORIZATION ']) {
      expect(findingsOf(RULE, buildPolicy({ allowHeaders: list(4, 20, ['*', name]) }))).toEqual([]);
    }
  });

  it("stays silent without '*', on partial, reflected and unknown lists, and with credentials", () => {
    for (const fields of [
      { allowHeaders: list(4, 20, ['Content-Type', 'X-Api-Key']) },
      { allowHeaders: list(4, 20, ['*'], true) },
      { allowHeaders: reflectList(at(4, 1)) },
      { allowHeaders: { kind: 'unknown' as const, loc: at(4, 1) } },
      { allowHeaders: list(4, 20, ['*']), credentials: tri(true, at(2, 1)) },
      {},
    ]) {
      expect(findingsOf(RULE, buildPolicy(fields))).toEqual([]);
    }
  });
});
