import { describe, expect, it } from 'vitest';
import { at, buildPolicy, list, reflectList, unknownList } from '../policy-builder.js';
import { detailsOf, findingsOf } from './findings.js';

const RULE = 'valid-expose-headers';
const finding = (messageId: string, line: number, column: number) => ({
  ruleId: RULE,
  messageId,
  severity: 'warn',
  line,
  column,
});
const exposing = (names: string[]) => buildPolicy({ exposeHeaders: list(7, 18, names) });

describe(RULE, () => {
  it('reports Set-Cookie and Set-Cookie2 in any case, which browsers never expose', () => {
    // ['X-Request-Id', 'Set-Cookie', 'set-cookie2']: items at columns 19, 35, 49.
    const policy = exposing(['X-Request-Id', 'Set-Cookie', 'set-cookie2']);
    expect(findingsOf(RULE, policy)).toEqual([finding('neverExposed', 7, 35), finding('neverExposed', 7, 49)]);
    expect(detailsOf(RULE, policy)[0]?.message).toContain("lists 'Set-Cookie', a response header browsers never let scripts read");
  });

  it('reports an item that is not one header name, which makes browsers expose none', () => {
    expect(findingsOf(RULE, exposing(['X-Total-Count X-Page']))).toEqual([finding('notAToken', 7, 19)]);
    expect(findingsOf(RULE, exposing(['X-Total-Count', 'X-Page;']))).toEqual([finding('notAToken', 7, 36)]);
  });

  it('reads an item holding a comma-joined list as the header will, blaming the item', () => {
    expect(findingsOf(RULE, exposing(['ETag, Set-Cookie']))).toEqual([finding('neverExposed', 7, 19)]);
    expect(findingsOf(RULE, exposing(['ETag,,X-Page']))).toEqual([]);
  });

  it('stays silent on header names browsers expose, *, and lists it cannot read', () => {
    expect(findingsOf(RULE, exposing(['ETag', 'X-Total-Count', 'Content-Disposition', '*']))).toEqual([]);
    expect(findingsOf(RULE, buildPolicy({ exposeHeaders: unknownList(at(2, 1)) }))).toEqual([]);
    expect(findingsOf(RULE, buildPolicy({ exposeHeaders: reflectList(at(2, 1)) }))).toEqual([]);
    expect(findingsOf(RULE, buildPolicy({}))).toEqual([]);
  });
});
