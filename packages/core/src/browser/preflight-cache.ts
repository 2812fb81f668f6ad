/**
 * How long each engine keeps a successful preflight in its preflight cache, given the
 * `Access-Control-Max-Age` value (facts 1.1). The standard leaves the cap to the user agent (fetch.bs
 * §CORS-preflight fetch steps 7.8–7.10: failure or null → 5 s, above "an imposed limit" → the limit),
 * and every engine parses the value its own way, so the same header means different things.
 */

export type BrowserEngine = 'chromium' | 'webkit' | 'firefox';

export const BROWSER_ENGINES: readonly BrowserEngine[] = ['chromium', 'webkit', 'firefox'];

/** Longest lifetime each engine grants, in seconds. */
export const PREFLIGHT_CACHE_CAP_SECONDS: Readonly<Record<BrowserEngine, number>> = {
  // services/network/cors/preflight_result.cc: kMaxTimeout = base::Hours(2).
  chromium: 7200,
  // Source/WebCore/loader/CrossOriginPreflightResultCache.cpp: maxPreflightCacheTimeout = 600_s.
  webkit: 600,
  // netwerk/protocol/http/nsCORSListenerProxy.cpp AddResultToCache: std::min(age, 86400U).
  firefox: 86400,
};

/** Lifetime when the header is absent, in every engine and in the standard. */
export const DEFAULT_PREFLIGHT_CACHE_SECONDS = 5;

export interface PreflightCacheLifetime {
  /** Seconds the entry stays usable; 0 when it is not cached at all. */
  seconds: number;
  /** Whether a later request can reuse this preflight. */
  cached: boolean;
  /** The value asked for more than the engine's cap, which was applied instead. */
  capped: boolean;
  /**
   * The header is present but is not a lifetime this engine accepts (not a number as it parses them,
   * or negative), so it fell back to its default or to not caching.
   */
  invalid: boolean;
}

/**
 * `maxAge` is the header value as the browser reads it (several headers joined with ", "; leading and
 * trailing whitespace already stripped), or null when the header is absent.
 */
export function preflightCacheLifetime(engine: BrowserEngine, maxAge: string | null): PreflightCacheLifetime {
  switch (engine) {
    case 'chromium':
      return chromiumLifetime(maxAge);
    case 'webkit':
      return webkitLifetime(maxAge);
    case 'firefox':
      return firefoxLifetime(maxAge);
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** base::StringToInt64 / WTF::parseInteger<int64_t>: optional sign, digits only, within int64. */
function parseSignedInt64(value: string): bigint | null {
  if (!/^[+-]?[0-9]+$/.test(value)) return null;
  const parsed = BigInt(value);
  return parsed < INT64_MIN || parsed > INT64_MAX ? null : parsed;
}

function lifetime(seconds: bigint, cap: number, invalid: boolean): PreflightCacheLifetime {
  const capped = seconds > BigInt(cap);
  const granted = capped ? cap : Number(seconds);
  return { seconds: granted, cached: granted > 0, capped, invalid };
}

const DEFAULT_SECONDS = BigInt(DEFAULT_PREFLIGHT_CACHE_SECONDS);
const NOT_CACHED_INVALID: PreflightCacheLifetime = { seconds: 0, cached: false, capped: false, invalid: true };

/**
 * Chromium `ParseAccessControlMaxAge()` (services/network/cors/preflight_result.cc): absent or not an
 * int64 (`1.5`, `abc`, empty) → 5 s; negative → 0 ("cannot be cached"); a leading `+` is accepted by
 * base::StringToInt64 (`StringToNumber` in base/strings/string_number_conversions_internal.h).
 */
function chromiumLifetime(maxAge: string | null): PreflightCacheLifetime {
  const cap = PREFLIGHT_CACHE_CAP_SECONDS.chromium;
  if (maxAge === null) return lifetime(DEFAULT_SECONDS, cap, false);
  const parsed = parseSignedInt64(maxAge);
  if (parsed === null) return lifetime(DEFAULT_SECONDS, cap, true);
  if (parsed < 0n) return NOT_CACHED_INVALID;
  return lifetime(parsed, cap, false);
}

/**
 * WebKit `parseAccessControlMaxAge()` (CrossOriginPreflightResultCache.cpp): `parseInteger<int64_t>`;
 * failure (including an absent or empty header) → 5 s; a leading `+` is accepted (a comment in the
 * source says it should not be); a negative value gives an expiry in the past, so nothing is cached.
 */
function webkitLifetime(maxAge: string | null): PreflightCacheLifetime {
  const cap = PREFLIGHT_CACHE_CAP_SECONDS.webkit;
  const parsed = maxAge === null ? null : parseSignedInt64(maxAge);
  if (parsed === null) return lifetime(DEFAULT_SECONDS, cap, maxAge !== null);
  if (parsed < 0n) return NOT_CACHED_INVALID;
  return lifetime(parsed, cap, false);
}

/**
 * Firefox `nsCORSPreflightListener::AddResultToCache` (nsCORSListenerProxy.cpp): an absent or empty
 * header → 5 s; otherwise every character must be a digit or the result is not cached at all (no
 * sign, no decimal point); the running value is clamped to 86400 digit by digit, so huge numbers cap
 * instead of overflowing; 0 → not cached.
 */
function firefoxLifetime(maxAge: string | null): PreflightCacheLifetime {
  const cap = PREFLIGHT_CACHE_CAP_SECONDS.firefox;
  if (maxAge === null || maxAge === '') return lifetime(DEFAULT_SECONDS, cap, maxAge === '');
  if (!/^[0-9]+$/.test(maxAge)) return NOT_CACHED_INVALID;
  return lifetime(BigInt(maxAge), cap, false);
}
