import { describe, expect, it } from 'vitest';
import { defaultHeaderList } from '../../src/model.js';
import { at, buildPolicy, list, reflectList } from '../policy-builder.js';
import { detailsOf, findingsOf } from './findings.js';

const RULE = 'valid-methods';
const finding = (messageId: string, line: number, column: number) => ({
  ruleId: RULE,
  messageId,
  severity: 'warn',
  line,
  column,
});
const methods = (names: string[]) => buildPolicy({ allowMethods: list(5, 12, names) });

describe(RULE, () => {
  it('reports lowercase and mixed-case methods that need a preflight', () => {
    // ['GET', 'put', 'Patch', 'delete']: items at columns 13, 20, 27, 36.
    const policy = methods(['GET', 'put', 'Patch', 'delete']);
    expect(findingsOf(RULE, policy)).toEqual([
      finding('lowercase', 5, 20),
      finding('lowercase', 5, 27),
      finding('lowercase', 5, 36),
    ]);
    expect(detailsOf(RULE, policy)[0]?.message).toContain("Write 'PUT'");
  });

  it('reports forbidden methods in any case (Kong’s default list holds TRACE and CONNECT)', () => {
    const policy = methods(['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);
    expect(findingsOf(RULE, policy)).toEqual([finding('forbidden', 5, 73), finding('forbidden', 5, 82)]);
    expect(findingsOf(RULE, methods(['track']))).toEqual([finding('forbidden', 5, 13)]);
  });

  it('reports the forbidden methods of a default list once, asking for a list', () => {
    const kongDefaults = defaultHeaderList(['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'], at(9, 9, 10));
    const policy = buildPolicy({ allowMethods: kongDefaults });
    expect(findingsOf(RULE, policy)).toEqual([finding('forbiddenByDefault', 9, 9)]);
    expect(detailsOf(RULE, policy)[0]?.message).toContain("the default list, which holds 'TRACE' and 'CONNECT'");
    expect(findingsOf(RULE, buildPolicy({ allowMethods: defaultHeaderList(['GET', 'HEAD', 'POST'], at(9, 9)) }))).toEqual([]);
  });

  it('reports unregistered methods and items that are not a method token', () => {
    expect(findingsOf(RULE, methods(['FETCH', 'ANY']))).toEqual([finding('unknown', 5, 13), finding('unknown', 5, 22)]);
    expect(findingsOf(RULE, methods(['GET POST']))).toEqual([finding('notAToken', 5, 13)]);
  });

  it('reads an item holding a comma-joined list as the header will, blaming the item', () => {
    expect(findingsOf(RULE, methods(['GET, put', 'POST,DELETE']))).toEqual([finding('lowercase', 5, 13)]);
    expect(findingsOf(RULE, methods(['GET,,PUT']))).toEqual([]);
  });

  it('accepts registered but unusual methods, WebDAV and QUERY included', () => {
    const unusual = ['PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'REPORT', 'SEARCH', 'QUERY', 'MKCALENDAR'];
    expect(findingsOf(RULE, methods(unusual))).toEqual([]);
  });

  it('stays silent on a lowercase method listed beside its uppercase form, which browsers find', () => {
    // Serverless sends the event's own method in uppercase after the configured ones: `patch,OPTIONS,PATCH`.
    expect(findingsOf(RULE, methods(['patch', 'OPTIONS', 'PATCH']))).toEqual([]);
    expect(findingsOf(RULE, methods(['put, PUT', 'delete']))).toEqual([finding('lowercase', 5, 25)]);
  });

  it('stays silent on * and on lowercase safelisted methods, which never need allowing', () => {
    expect(findingsOf(RULE, methods(['*']))).toEqual([]);
    expect(findingsOf(RULE, methods(['get', 'head', 'post']))).toEqual([]);
  });

  it('stays silent on reflected, unknown and absent lists', () => {
    expect(findingsOf(RULE, buildPolicy({ allowMethods: reflectList(at(5, 1)) }))).toEqual([]);
    expect(findingsOf(RULE, buildPolicy({ allowMethods: { kind: 'unknown', loc: at(5, 1) } }))).toEqual([]);
    expect(findingsOf(RULE, buildPolicy())).toEqual([]);
  });
});
