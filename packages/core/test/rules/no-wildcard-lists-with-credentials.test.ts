import { describe, expect, it } from 'vitest';
import { at, buildPolicy, list, reflectList, tri } from '../policy-builder.js';
import { findingsOf } from './findings.js';

const RULE = 'no-wildcard-lists-with-credentials';
const finding = (messageId: string, line: number, column: number) => ({
  ruleId: RULE,
  messageId,
  severity: 'error',
  line,
  column,
});
const CREDENTIALS = tri(true, at(2, 18, 4));

describe(RULE, () => {
  it("blames each '*' item of the three lists", () => {
    const policy = buildPolicy({
      credentials: CREDENTIALS,
      allowMethods: list(3, 14, ['*']),
      allowHeaders: list(4, 14, ['Content-Type', '*']),
      exposeHeaders: list(5, 15, ['*']),
    });
    expect(findingsOf(RULE, policy)).toEqual([
      finding('wildcardMethods', 3, 15),
      finding('wildcardHeaders', 4, 31),
      finding('wildcardExposeHeaders', 5, 16),
    ]);
  });

  it("reports a list that repeats '*' once, at its first '*'", () => {
    const policy = buildPolicy({ credentials: CREDENTIALS, allowHeaders: list(4, 14, ['X-Id', '*', '*', '*']) });
    expect(findingsOf(RULE, policy)).toEqual([finding('wildcardHeaders', 4, 23)]);
  });

  it("finds a '*' in a list the linter only partly sees", () => {
    const policy = buildPolicy({ credentials: CREDENTIALS, allowHeaders: list(7, 3, ['*'], true) });
    expect(findingsOf(RULE, policy)).toEqual([finding('wildcardHeaders', 7, 4)]);
  });

  it("finds '*' inside a comma-joined item", () => {
    const policy = buildPolicy({ credentials: CREDENTIALS, exposeHeaders: list(6, 20, ['ETag, *']) });
    expect(findingsOf(RULE, policy)).toEqual([finding('wildcardExposeHeaders', 6, 21)]);
  });

  it('stays silent without credentials or when they are unknown', () => {
    for (const value of [false, 'unknown'] as const) {
      const policy = buildPolicy({ credentials: tri(value, at(2, 1)), allowHeaders: list(4, 14, ['*']) });
      expect(findingsOf(RULE, policy)).toEqual([]);
    }
  });

  it('stays silent on named items, reflected lists and unknown lists', () => {
    const policy = buildPolicy({
      credentials: CREDENTIALS,
      allowMethods: list(3, 14, ['GET', 'PUT']),
      allowHeaders: reflectList(at(4, 1)),
      exposeHeaders: { kind: 'unknown', loc: at(5, 1) },
    });
    expect(findingsOf(RULE, policy)).toEqual([]);
  });
});
