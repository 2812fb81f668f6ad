import { describe, expect, it } from 'vitest';
import { BROWSER_ENGINES, preflightCacheLifetime, type BrowserEngine, type PreflightCacheLifetime } from '../../src/browser/index.js';

const lifetime = (seconds: number, extra: Partial<PreflightCacheLifetime> = {}): PreflightCacheLifetime => ({
  seconds,
  cached: seconds > 0,
  capped: false,
  invalid: false,
  ...extra,
});
const notCachedInvalid = lifetime(0, { invalid: true });

// Expected values worked out from the engines' sources (facts 1.1): Chromium ParseAccessControlMaxAge,
// WebKit parseAccessControlMaxAge, Firefox AddResultToCache.
const cases: [string | null, Record<BrowserEngine, PreflightCacheLifetime>][] = [
  [null, { chromium: lifetime(5), webkit: lifetime(5), firefox: lifetime(5) }],
  ['86400', { chromium: lifetime(7200, { capped: true }), webkit: lifetime(600, { capped: true }), firefox: lifetime(86400) }],
  ['7200', { chromium: lifetime(7200), webkit: lifetime(600, { capped: true }), firefox: lifetime(7200) }],
  ['600', { chromium: lifetime(600), webkit: lifetime(600), firefox: lifetime(600) }],
  ['86401', { chromium: lifetime(7200, { capped: true }), webkit: lifetime(600, { capped: true }), firefox: lifetime(86400, { capped: true }) }],
  ['0', { chromium: lifetime(0), webkit: lifetime(0), firefox: lifetime(0) }],
  ['-1', { chromium: notCachedInvalid, webkit: notCachedInvalid, firefox: notCachedInvalid }],
  ['1.5', { chromium: lifetime(5, { invalid: true }), webkit: lifetime(5, { invalid: true }), firefox: notCachedInvalid }],
  ['+5', { chromium: lifetime(5), webkit: lifetime(5), firefox: notCachedInvalid }],
  ['abc', { chromium: lifetime(5, { invalid: true }), webkit: lifetime(5, { invalid: true }), firefox: notCachedInvalid }],
  ['', { chromium: lifetime(5, { invalid: true }), webkit: lifetime(5, { invalid: true }), firefox: lifetime(5, { invalid: true }) }],
  // Two Max-Age headers arrive joined as "5, 10": no engine reads that as a number.
  ['5, 10', { chromium: lifetime(5, { invalid: true }), webkit: lifetime(5, { invalid: true }), firefox: notCachedInvalid }],
  // Beyond int64: Chromium and WebKit fail to parse; Firefox clamps digit by digit.
  [
    '99999999999999999999',
    { chromium: lifetime(5, { invalid: true }), webkit: lifetime(5, { invalid: true }), firefox: lifetime(86400, { capped: true }) },
  ],
];

describe('preflightCacheLifetime', () => {
  for (const [maxAge, expected] of cases) {
    for (const engine of BROWSER_ENGINES) {
      it(`${engine} reads Access-Control-Max-Age ${maxAge === null ? '(absent)' : JSON.stringify(maxAge)}`, () => {
        expect(preflightCacheLifetime(engine, maxAge)).toEqual(expected[engine]);
      });
    }
  }
});
