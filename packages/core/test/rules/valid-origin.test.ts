import { describe, expect, it } from 'vitest';
import type { OriginMatcher } from '../../src/model.js';
import { at, buildPolicy, origin } from '../policy-builder.js';
import { detailsOf, findingsOf } from './findings.js';

const RULE = 'valid-origin';
const finding = (messageId: string, line: number, column: number) => ({
  ruleId: RULE,
  messageId,
  severity: 'error',
  line,
  column,
});
const only = (matcher: OriginMatcher) => buildPolicy({ origins: [matcher] });

describe(RULE, () => {
  it.each([
    ['https://app.example.com/', 'trailingSlash', 'https://app.example.com'],
    ['https://app.example.com/callback?x=1', 'path', 'https://app.example.com'],
    ['https://app.example.com#top', 'path', 'https://app.example.com'],
    ['https://app.example.com:443', 'defaultPort', 'https://app.example.com'],
    ['http://localhost:80', 'defaultPort', 'http://localhost'],
    ['https://App.Example.com', 'uppercase', 'https://app.example.com'],
    ['HTTPS://app.example.com', 'uppercase', 'https://app.example.com'],
    ['app.example.com', 'missingScheme', 'https://app.example.com'],
    ['localhost:3000', 'missingScheme', 'https://localhost:3000'],
    ['//app.example.com', 'missingScheme', 'https://app.example.com'],
    ['https://app .example.com', 'whitespace', 'https://app.example.com'],
    ['https://bücher.example', 'notSerialized', 'https://xn--bcher-kva.example'],
    ['https://user@app.example.com', 'notSerialized', 'https://app.example.com'],
    ['http://0x7f.1:8080', 'notSerialized', 'http://127.0.0.1:8080'],
  ])("reports '%s' as %s and names the origin browsers send", (value, messageId, fixed) => {
    const policy = only(origin.exact(value, at(4, 7, value.length + 2)));
    expect(findingsOf(RULE, policy)).toEqual([finding(messageId, 4, 7)]);
    expect(detailsOf(RULE, policy)[0]?.data).toMatchObject({ value, fixed });
    expect(detailsOf(RULE, policy)[0]?.message).toContain(`'${fixed}'`);
  });

  it('reports every defect of one value, each with the complete fix', () => {
    const policy = only(origin.exact('HTTPS://App.example.com:443/', at(2, 3, 30)));
    expect(findingsOf(RULE, policy)).toEqual([
      finding('trailingSlash', 2, 3),
      finding('defaultPort', 2, 3),
      finding('uppercase', 2, 3),
    ]);
    expect(new Set(detailsOf(RULE, policy).map((detail) => detail.data['fixed']))).toEqual(new Set(['https://app.example.com']));
  });

  it('reports several origins in one value, comma or space separated, and lists them', () => {
    const comma = only(origin.verbatim('https://a.example.com, https://b.example.com', at(9, 44, 46)));
    expect(findingsOf(RULE, comma)).toEqual([finding('severalOrigins', 9, 44)]);
    expect(detailsOf(RULE, comma)[0]?.data).toMatchObject({
      count: 2,
      origins: "'https://a.example.com', 'https://b.example.com'",
    });
    const spaces = only(origin.exact('https://a.example.com https://b.example.com https://c.example.com', at(3, 5, 70)));
    expect(findingsOf(RULE, spaces)).toEqual([finding('severalOrigins', 3, 5)]);
  });

  it('reports values that are no origin at all', () => {
    expect(findingsOf(RULE, only(origin.exact('https:/app.example.com', at(5, 9, 24))))).toEqual([finding('notAnOrigin', 5, 9)]);
    expect(findingsOf(RULE, only(origin.exact('https://[::1', at(5, 9, 14))))).toEqual([finding('notAnOrigin', 5, 9)]);
    expect(findingsOf(RULE, only(origin.exact('https://app.example.com,', at(5, 9, 26))))).toEqual([finding('notAnOrigin', 5, 9)]);
    // Quotes kept inside the value: one finding, not missingScheme, path and notSerialized at once.
    expect(findingsOf(RULE, only(origin.exact("'http://localhost:9000'", at(5, 9, 25))))).toEqual([finding('notAnOrigin', 5, 9)]);
    expect(findingsOf(RULE, only(origin.exact('"https://app.example.com"', at(5, 9, 27))))).toEqual([finding('notAnOrigin', 5, 9)]);
  });

  it('reports a * inside an origin compared or sent as written: only a host glob makes it a wildcard', () => {
    expect(findingsOf(RULE, only(origin.exact('https://*.example.com', at(8, 11, 34))))).toEqual([finding('literalWildcard', 8, 11)]);
    expect(findingsOf(RULE, only(origin.exact('*.example.com', at(8, 11, 26))))).toEqual([finding('literalWildcard', 8, 11)]);
    expect(findingsOf(RULE, only(origin.verbatim('https://*.example.com', at(3, 45, 68))))).toEqual([finding('literalWildcard', 3, 45)]);
    expect(findingsOf(RULE, only(origin.exact('https://app.example.com/*', at(8, 11, 38))))).toEqual([finding('literalWildcard', 8, 11)]);
    expect(detailsOf(RULE, only(origin.exact('https://*.example.com', at(8, 11, 34))))[0]?.message).toContain('allowedOriginPatterns');
    expect(findingsOf(RULE, only(origin.glob('https://*.example.com', at(8, 11, 34))))).toEqual([]);
  });

  it('reports surrounding whitespace in an allowlist entry but not in a header value, which HTTP trims', () => {
    expect(findingsOf(RULE, only(origin.exact(' https://app.example.com', at(6, 11, 26))))).toEqual([finding('whitespace', 6, 11)]);
    expect(findingsOf(RULE, only(origin.verbatim(' https://app.example.com', at(6, 11, 26))))).toEqual([]);
  });

  it('checks host globs for the defects a star cannot excuse', () => {
    expect(findingsOf(RULE, only(origin.glob('https://*.example.com/', at(7, 15, 24))))).toEqual([finding('trailingSlash', 7, 15)]);
    expect(findingsOf(RULE, only(origin.glob('https://*.example.com:443', at(7, 15, 27))))).toEqual([finding('defaultPort', 7, 15)]);
    expect(findingsOf(RULE, only(origin.glob('https://*.a.example.com,https://*.b.example.com', at(7, 15, 50))))).toEqual([
      finding('severalOrigins', 7, 15),
    ]);
  });

  it('blames each bad entry of a list at its own location', () => {
    const policy = buildPolicy({
      origins: [
        origin.exact('https://a.example.com', at(3, 5, 23)),
        origin.exact('https://b.example.com/', at(4, 5, 24)),
        origin.exact('c.example.com', at(5, 5, 15)),
      ],
    });
    expect(findingsOf(RULE, policy)).toEqual([finding('trailingSlash', 4, 5), finding('missingScheme', 5, 5)]);
  });

  it.each([
    'https://app.example.com',
    'http://localhost:3000',
    'https://app.example.com:8443',
    'http://app.example.com:443',
    'https://[::1]:8080',
    'http://127.0.0.1:5173',
    'https://xn--bcher-kva.example',
    'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
    'capacitor://localhost',
    'constructor://Host',
    '*',
    'null',
    '',
  ])("stays silent on '%s'", (value) => {
    expect(findingsOf(RULE, only(origin.exact(value, at(2, 2))))).toEqual([]);
  });

  it('stays silent on case when the comparison ignores case, and on globs whose case rules are the gateway’s', () => {
    expect(findingsOf(RULE, only(origin.exact('https://App.Example.com', at(2, 2), true)))).toEqual([]);
    expect(findingsOf(RULE, only(origin.glob('https://*.Example.com', at(2, 2))))).toEqual([]);
    expect(findingsOf(RULE, only(origin.glob('*.example.com', at(2, 2), 'any')))).toEqual([]);
    expect(findingsOf(RULE, only(origin.glob('https://*.example.com', at(2, 2))))).toEqual([]);
  });

  it('leaves other matcher kinds to other rules', () => {
    for (const matcher of [
      origin.prefix('https://app.example.com/', at(2, 2)),
      origin.suffix('.example.com/', at(2, 2)),
      origin.pattern('https://APP\\.example\\.com/', at(2, 2)),
      origin.any(at(2, 2)),
      origin.null(at(2, 2)),
      origin.unknown(at(2, 2)),
    ]) {
      expect(findingsOf(RULE, only(matcher))).toEqual([]);
    }
  });
});
