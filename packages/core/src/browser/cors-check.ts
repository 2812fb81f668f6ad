/**
 * fetch.bs §"CORS check" (#concept-cors-check), run on the actual response and, with the actual
 * request's credentials mode, on the preflight response. The steps decide pass or fail; which failure
 * is reported follows Chromium's `CheckAccess()` (services/network/public/cpp/cors/cors.cc), which
 * tells a list, `null`, an unparseable value and a plain mismatch apart for the console.
 */
import { getHeader, type HeaderLines } from './header-values.js';
import type { CorsFailure } from './messages.js';
import type { CredentialsMode } from './request.js';

export function corsCheck(responseHeaders: HeaderLines, origin: string, credentials: CredentialsMode): CorsFailure | null {
  // Step 1: "get" Access-Control-Allow-Origin, so duplicate headers arrive joined with ", ".
  const allowOrigin = getHeader(responseHeaders, 'access-control-allow-origin');

  if (allowOrigin === '*') {
    // Step 3: `*` passes unless credentials mode is "include" ('same-origin' sends no credentials
    // cross-origin, so it counts as not "include").
    if (credentials !== 'include') return null;
    return { code: 'wildcard-origin-with-credentials' };
  }
  // Step 2: a missing header fails ("null is not `null`").
  if (allowOrigin === null) return { code: 'missing-allow-origin' };
  // Step 4: byte-for-byte equality with the serialized request origin. An opaque origin serializes
  // as `null`, so `Access-Control-Allow-Origin: null` does pass for a sandboxed page.
  if (allowOrigin !== origin) return describeMismatch(allowOrigin);

  // Steps 5–8: with credentials, Access-Control-Allow-Credentials must be exactly `true`.
  if (credentials !== 'include') return null;
  const allowCredentials = getHeader(responseHeaders, 'access-control-allow-credentials');
  if (allowCredentials === 'true') return null;
  return { code: 'invalid-allow-credentials', hint: allowCredentials ?? '' };
}

/** Chromium's order: a space or comma means a list; `null` and URLs are mismatches; the rest is invalid. */
function describeMismatch(allowOrigin: string): CorsFailure {
  if (/[ ,]/.test(allowOrigin)) return { code: 'multiple-allow-origin-values', hint: allowOrigin };
  if (allowOrigin === 'null') return { code: 'allow-origin-mismatch', hint: allowOrigin };
  // Chromium asks GURL whether the value is a valid URL; the WHATWG URL parser rejects the same
  // everyday mistakes (no scheme, `*.example.com`, an empty host).
  if (!parsesAsUrl(allowOrigin)) return { code: 'invalid-allow-origin-value', hint: allowOrigin };
  return { code: 'allow-origin-mismatch', hint: allowOrigin };
}

function parsesAsUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
