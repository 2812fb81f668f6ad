import { describe, expect, it } from 'vitest';
import { at, buildPolicy, maxAge } from '../policy-builder.js';
import { detailsOf, findingsOf } from './findings.js';

const RULE = 'max-age-within-browser-cap';
const LOC = at(6, 13, 5);
const finding = (messageId: string) => ({ ruleId: RULE, messageId, severity: 'warn', line: 6, column: 13 });
const withMaxAge = (seconds: number, raw?: string) => buildPolicy({ maxAge: maxAge(seconds, LOC, raw) });

describe(RULE, () => {
  it('names the engines that clamp a value above 7200 seconds and offers the cap', () => {
    const policy = withMaxAge(86400, '24h');
    expect(findingsOf(RULE, policy)).toEqual([finding('aboveBrowserCap')]);
    const [detail] = detailsOf(RULE, policy);
    expect(detail?.data).toMatchObject({ engines: 'Chromium (7200 s) and WebKit/Safari (600 s)', suggested: 7200 });
    expect(detail?.message).toContain("86400 seconds ('24h')");
  });

  it('names all three engines above Firefox’s cap (ingress-nginx default)', () => {
    const policy = withMaxAge(1728000, '"1728000"');
    expect(findingsOf(RULE, policy)).toEqual([finding('aboveBrowserCap')]);
    expect(detailsOf(RULE, policy)[0]?.data['engines']).toBe('Chromium (7200 s), WebKit/Safari (600 s) and Firefox (86400 s)');
    expect(detailsOf(RULE, policy)[0]?.message).toContain('is 1728000 seconds,');
  });

  it('follows the maxAge option and names only the engines below the value', () => {
    const config = { [RULE]: ['warn', { maxAge: 600 }] as ['warn', { maxAge: number }] };
    const policy = withMaxAge(3600);
    expect(findingsOf(RULE, policy, config)).toEqual([finding('aboveBrowserCap')]);
    expect(detailsOf(RULE, policy, config)[0]?.data).toMatchObject({ engines: 'WebKit/Safari (600 s)', suggested: 600 });
  });

  it('reports a value above a stricter configured limit that no browser clamps', () => {
    const config = { [RULE]: ['error', { maxAge: 300 }] as ['error', { maxAge: number }] };
    expect(findingsOf(RULE, withMaxAge(500), config)).toEqual([{ ...finding('aboveConfiguredLimit'), severity: 'error' }]);
  });

  it('reports negative, fractional and unparseable values', () => {
    expect(findingsOf(RULE, withMaxAge(-1))).toEqual([finding('negative')]);
    expect(detailsOf(RULE, withMaxAge(-1))[0]?.data['suggested']).toBe(0);
    expect(findingsOf(RULE, withMaxAge(1.5))).toEqual([finding('notAnInteger')]);
    expect(findingsOf(RULE, withMaxAge(7200.5))).toEqual([finding('notAnInteger')]);
    expect(detailsOf(RULE, withMaxAge(7200.5))[0]?.data['suggested']).toBe(7200);
    expect(findingsOf(RULE, withMaxAge(Number.NaN, 'ten minutes'))).toEqual([finding('notANumber')]);
    expect(detailsOf(RULE, withMaxAge(Number.NaN, 'ten minutes'))[0]?.message).toContain("'ten minutes'");
  });

  it('stays silent on values every engine at or below the limit honours, and on unknown values', () => {
    for (const seconds of [0, 5, 600, 7200]) expect(findingsOf(RULE, withMaxAge(seconds))).toEqual([]);
    expect(findingsOf(RULE, buildPolicy({ maxAge: { kind: 'unknown', loc: LOC } }))).toEqual([]);
    expect(findingsOf(RULE, buildPolicy())).toEqual([]);
  });
});
