/**
 * fetch.bs §"CORS-preflight fetch" (#cors-preflight-fetch-0): what the browser sends as the OPTIONS
 * request, and the checks the response must pass before the actual request goes out. The check order
 * is Chromium's (services/network/cors/preflight_controller.cc `CreatePreflightResult` then
 * `CheckPreflightResult`; services/network/cors/preflight_result.cc), which only changes which of
 * several failures is reported, never whether the preflight fails.
 */
import { corsCheck } from './cors-check.js';
import { extractTokenList, hasHeader, type HeaderLines } from './header-values.js';
import type { CorsFailure } from './messages.js';
import type { PreparedRequest } from './request.js';
import { corsUnsafeRequestHeaderNames, isCorsSafelistedMethod } from './request-classification.js';

export interface PreflightResponse {
  status: number;
  headers: HeaderLines;
}

export interface PreflightOptions {
  /**
   * Whether `Authorization` must be named explicitly even when Allow-Headers is `*` (fetch.bs
   * #cors-non-wildcard-request-header-name). The standard says yes; Chromium 156 as measured lets it
   * through (the enforcement sits behind `NonWildcardRequestHeadersSupport`), and so does Firefox.
   */
  enforceNonWildcardAuthorization: boolean;
}

export interface PreflightOutcome {
  failure: CorsFailure | null;
  /** `Authorization` passed only because of `*`: DevTools shows a deprecation warning for it. */
  authorizationCoveredByWildcard: boolean;
}

/** The headers of the OPTIONS request (steps 1–5): Origin, the method, and the unsafe header names. */
export function preflightRequestHeaders(request: PreparedRequest): Record<string, string> {
  const headers: Record<string, string> = {
    origin: request.origin,
    'access-control-request-method': request.method,
  };
  // Step 5: the names are sorted, lowercased and joined with "," (no space).
  const unsafeNames = corsUnsafeRequestHeaderNames(request.headers);
  if (unsafeNames.length > 0) headers['access-control-request-headers'] = unsafeNames.join(',');
  return headers;
}

/** fetch.bs #ok-status: 200 to 299. */
export function isOkStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export function preflightCheck(request: PreparedRequest, response: PreflightResponse, options: PreflightOptions): PreflightOutcome {
  const fail = (failure: CorsFailure): PreflightOutcome => ({ failure, authorizationCoveredByWildcard: false });

  // The standard's preflight never follows redirects, so a 3xx is simply not an ok status; Chromium
  // notices the redirect first and says so (`PreflightLoader::HandleRedirect`).
  if (REDIRECT_STATUSES.has(response.status) && hasHeader(response.headers, 'location')) {
    return fail({ code: 'preflight-redirect' });
  }

  // Step 7: "If a CORS check for request and response returns success and response's status is an ok
  // status". Chromium runs the CORS check first, so a 403 without Allow-Origin reports the header.
  const accessFailure = corsCheck(response.headers, request.origin, request.credentials);
  if (accessFailure !== null) return fail(accessFailure);
  if (!isOkStatus(response.status)) return fail({ code: 'preflight-not-ok-status' });

  // Steps 7.1–7.3: both lists must parse as #token.
  const methods = extractTokenList(response.headers, 'access-control-allow-methods');
  if (methods === 'failure') return fail({ code: 'invalid-allow-methods' });
  const headerNames = extractTokenList(response.headers, 'access-control-allow-headers');
  if (headerNames === 'failure') return fail({ code: 'invalid-allow-headers' });

  // `*` is a wildcard only for requests without credentials; with 'include' it is a literal name.
  const credentialed = request.credentials === 'include';

  // Step 7.5: methods compare byte-for-byte (the request method is already normalized, so
  // `Access-Control-Allow-Methods: put` does not allow PUT).
  const allowedMethods = methods ?? [];
  const methodAllowed =
    allowedMethods.includes(request.method) || isCorsSafelistedMethod(request.method) || (!credentialed && allowedMethods.includes('*'));
  if (!methodAllowed) return fail({ code: 'method-not-allowed', hint: request.method });

  // Header names compare byte-case-insensitively.
  const allowedHeaders = new Set((headerNames ?? []).map((name) => name.toLowerCase()));
  const wildcardHeaders = !credentialed && allowedHeaders.has('*');
  const sendsAuthorization = request.headers.some(([name]) => name === 'authorization');
  const authorizationOnlyByWildcard = wildcardHeaders && sendsAuthorization && !allowedHeaders.has('authorization');

  // Step 7.6: `Authorization` is a CORS non-wildcard request-header name. Without a wildcard it is
  // caught by step 7.7 like any other unsafe header.
  if (authorizationOnlyByWildcard && options.enforceNonWildcardAuthorization) {
    return fail({ code: 'authorization-not-covered-by-wildcard', hint: 'authorization' });
  }

  // Step 7.7: every CORS-unsafe request-header name must be listed, unless `*` applies.
  if (!wildcardHeaders) {
    const missing = corsUnsafeRequestHeaderNames(request.headers).find((name) => !allowedHeaders.has(name));
    if (missing !== undefined) return fail({ code: 'header-not-allowed', hint: missing });
  }

  return { failure: null, authorizationCoveredByWildcard: authorizationOnlyByWildcard };
}
