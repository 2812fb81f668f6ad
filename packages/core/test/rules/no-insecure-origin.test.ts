import { describe, expect, it } from 'vitest';
import { at, buildPolicy, origin, tri } from '../policy-builder.js';
import { detailsOf, findingsOf } from './findings.js';

const RULE = 'no-insecure-origin';
const finding = (messageId: string, line: number, column: number, severity = 'warn') => ({
  ruleId: RULE,
  messageId,
  severity,
  line,
  column,
});

describe(RULE, () => {
  it('warns on exact http origins and on matchers that accept one', () => {
    const policy = buildPolicy({
      origins: [
        origin.exact('http://app.example.com', at(2, 14, 24)),
        origin.pattern('^https?://(.*\\.)?example\\.com$', at(3, 14, 33)),
        origin.glob('http://*.example.com', at(4, 14, 22)),
        origin.verbatim('http://192.168.1.20:8080', at(5, 14, 26)),
      ],
    });
    expect(findingsOf(RULE, policy)).toEqual([
      finding('insecureOrigin', 2, 14),
      finding('insecureOriginMatched', 3, 14),
      finding('insecureOriginMatched', 4, 14),
      finding('insecureOrigin', 5, 14),
    ]);
  });

  it('shows the accepted http origin', () => {
    const policy = buildPolicy({ origins: [origin.pattern('^https?://(.*\\.)?example\\.com$', at(3, 14, 33))] });
    expect(detailsOf(RULE, policy)[0]?.data).toEqual({ matcher: '^https?://(.*\\.)?example\\.com$', origin: 'http://example.com' });
  });

  it('escalates to error with its own message when credentials are allowed', () => {
    const policy = buildPolicy({
      origins: [origin.exact('http://app.example.com', at(2, 14, 24)), origin.prefix('http://app', at(3, 14, 12))],
      credentials: tri(true, at(6, 3, 4)),
    });
    expect(findingsOf(RULE, policy)).toEqual([
      finding('insecureOriginWithCredentials', 2, 14, 'error'),
      finding('insecureOriginMatchedWithCredentials', 3, 14, 'error'),
    ]);
  });

  it('stays silent on loopback, https and what it cannot see', () => {
    const policy = buildPolicy({
      origins: [
        origin.exact('http://localhost:3000', at(2, 3)),
        origin.exact('http://127.0.0.1:8080', at(3, 3)),
        origin.exact('http://[::1]:8080', at(4, 3)),
        origin.exact('http://app.localhost', at(5, 3)),
        origin.exact('https://app.example.com', at(6, 3)),
        origin.pattern('^https?://(localhost|127\\.0\\.0\\.1)(:\\d+)?$', at(7, 3)),
        origin.pattern('^https://.*\\.example\\.com$', at(8, 3)),
        origin.pattern('\\Ahttp://example\\.com', at(9, 3), 're2-search'),
        origin.unknown(at(10, 3)),
        origin.reflectAny(at(11, 3)),
      ],
      credentials: tri('unknown', at(12, 3)),
    });
    expect(findingsOf(RULE, policy)).toEqual([]);
  });
});
