import { describe, expect, it } from 'vitest';
import type { OriginMatcher, RegexDialect } from '../../src/model.js';
import { findInsecureOrigin } from '../../src/origin-analysis/index.js';
import { isSerializedOrigin, runMatcher } from './run-matcher.js';

const LOC = { line: 1, column: 1, endLine: 1, endColumn: 2 };
const pattern = (source: string, dialect: RegexDialect = 'js', flags = ''): OriginMatcher => ({
  kind: 'pattern',
  source,
  flags,
  dialect,
  loc: LOC,
});
const exact = (value: string): OriginMatcher => ({ kind: 'exact', value, compared: true, loc: LOC });

describe('findInsecureOrigin', () => {
  const accepted: [OriginMatcher, string][] = [
    [exact('http://example.com'), 'http://example.com'],
    [exact('http://192.168.1.20:8080'), 'http://192.168.1.20:8080'],
    [pattern('^https?://(.*\\.)?example\\.com$'), 'http://example.com'],
    [pattern('^http://[a-z]+\\.example\\.com$'), 'http://x.example.com'],
    [pattern('http://.*\\.example\\.com', 're2-full'), 'http://x.example.com'],
    // Not loopback: a name that merely starts with localhost or 127.
    [pattern('^http://localhost'), 'http://localhostx'],
    [{ kind: 'glob', value: 'http://*.example.com', star: 'label', loc: LOC }, 'http://x.example.com'],
    [{ kind: 'prefix', value: 'http://app', loc: LOC }, 'http://app'],
    [pattern('^http://app\\.example\\.com:80(80)?$'), 'http://app.example.com:8080'],
  ];
  for (const [matcher, origin] of accepted) {
    it(`${JSON.stringify(matcher)} accepts ${origin}`, () => {
      expect(findInsecureOrigin(matcher)).toEqual({ verdict: 'accepted', origin });
      expect(isSerializedOrigin(origin)).toBe(true);
      expect(runMatcher(matcher, origin)).toBe(true);
    });
  }

  const loopbackOrSecure: OriginMatcher[] = [
    exact('https://example.com'),
    exact('http://localhost:3000'),
    exact('http://127.0.0.1:8080'),
    exact('http://127.1.2.3'),
    exact('http://[::1]:8080'),
    exact('http://app.localhost:5173'),
    exact('http://0.0.0.0:3000'),
    pattern('^http://(localhost|0\\.0\\.0\\.0):\\d+$'),
    pattern('^https?://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:\\d+)?$'),
    pattern('^http://([a-z0-9-]+\\.)*localhost(:[0-9]+)?$'),
    pattern('^https://.*\\.example\\.com$'),
    // Browsers never send an http origin with its default port, nor two origins in one.
    exact('http://app.example.com:80'),
    exact('http://a.example.com,http://b.example.com'),
    { kind: 'glob', value: 'http://*.example.com:80', star: 'label', loc: LOC },
    pattern('^http://[a-z]+\\.example\\.com:80$'),
  ];
  for (const matcher of loopbackOrSecure) {
    it(`${JSON.stringify(matcher)} trusts no insecure origin`, () => {
      expect(findInsecureOrigin(matcher)).toEqual({ verdict: 'none' });
    });
  }

  it('is unknown for patterns it cannot read', () => {
    expect(findInsecureOrigin(pattern('\\Ahttp://x\\.com', 're2-search'))).toEqual({ verdict: 'unknown' });
    expect(findInsecureOrigin({ kind: 'unknown', loc: LOC })).toEqual({ verdict: 'unknown' });
  });
});
