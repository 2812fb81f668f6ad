/**
 * Why a browser blocks a cross-origin response, as machine-readable codes and as Chromium's console
 * text. Every template below is copied from Blink's `GetErrorString()` in
 * third_party/blink/renderer/platform/loader/cors/cors_error_string.cc (chromium/chromium, read at
 * 5b83ed4 and 1e90f27; the texts are identical in both), keyed by the `network::mojom::CorsError` that
 * the network service reports (services/network/public/mojom/cors.mojom).
 */

export type CorsErrorCode =
  /** kWildcardOriginNotAllowed: `Access-Control-Allow-Origin: *` on a request with credentials mode 'include'. */
  | 'wildcard-origin-with-credentials'
  /** kMissingAllowOriginHeader. */
  | 'missing-allow-origin'
  /** kMultipleAllowOriginValues: the (combined) value contains a space or a comma. */
  | 'multiple-allow-origin-values'
  /** kInvalidAllowOriginValue: the value does not even parse as a URL. */
  | 'invalid-allow-origin-value'
  /** kAllowOriginMismatch: a single origin that is not byte-for-byte the request's origin. */
  | 'allow-origin-mismatch'
  /** kInvalidAllowCredentials: credentials mode 'include' and the header is not exactly `true`. */
  | 'invalid-allow-credentials'
  /** kPreflightInvalidStatus: the preflight passed the CORS check but its status is not 200–299. */
  | 'preflight-not-ok-status'
  /** kPreflightDisallowedRedirect: the preflight was answered with a redirect. */
  | 'preflight-redirect'
  /** kInvalidAllowMethodsPreflightResponse: an Allow-Methods element is not an HTTP token. */
  | 'invalid-allow-methods'
  /** kInvalidAllowHeadersPreflightResponse: an Allow-Headers element is not an HTTP token. */
  | 'invalid-allow-headers'
  /** kMethodDisallowedByPreflightResponse. */
  | 'method-not-allowed'
  /** kHeaderDisallowedByPreflightResponse. */
  | 'header-not-allowed'
  /**
   * kHeaderDisallowedByPreflightResponse with `has_authorization_covered_by_wildcard_on_preflight`:
   * `Authorization` was sent, Allow-Headers is `*` and does not name it (fetch.bs
   * #cors-non-wildcard-request-header-name). Only reported when that rule is enforced.
   */
  | 'authorization-not-covered-by-wildcard';

export type CorsStage = 'preflight' | 'actual';

/** A failed check: the code and the value Chromium quotes in its message (`failed_parameter`). */
export interface CorsFailure {
  code: CorsErrorCode;
  hint?: string;
}

/** Errors Blink prefixes with the preflight sentence (`IsPreflightError` in cors_error_string.cc). */
const PREFLIGHT_PREFIXED: ReadonlySet<CorsErrorCode> = new Set<CorsErrorCode>([
  'wildcard-origin-with-credentials',
  'missing-allow-origin',
  'multiple-allow-origin-values',
  'invalid-allow-origin-value',
  'allow-origin-mismatch',
  'invalid-allow-credentials',
  'preflight-not-ok-status',
  'preflight-redirect',
]);

const PREFLIGHT_PREFIX = "Response to preflight request doesn't pass access control check: ";

function describe(failure: CorsFailure): string {
  const hint = failure.hint ?? '';
  switch (failure.code) {
    case 'wildcard-origin-with-credentials':
      return "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.";
    case 'missing-allow-origin':
      return "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    case 'multiple-allow-origin-values':
      return `The 'Access-Control-Allow-Origin' header contains multiple values '${hint}', but only one is allowed.`;
    case 'invalid-allow-origin-value':
      return `The 'Access-Control-Allow-Origin' header contains the invalid value '${hint}'.`;
    case 'allow-origin-mismatch':
      return `The 'Access-Control-Allow-Origin' header has a value '${hint}' that is not equal to the supplied origin.`;
    case 'invalid-allow-credentials':
      return `The value of the 'Access-Control-Allow-Credentials' header in the response is '${hint}' which must be 'true' when the request's credentials mode is 'include'.`;
    case 'preflight-not-ok-status':
      return 'It does not have HTTP ok status.';
    case 'preflight-redirect':
      return 'Redirect is not allowed for a preflight request.';
    case 'invalid-allow-methods':
      return 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.';
    case 'invalid-allow-headers':
      return 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.';
    case 'method-not-allowed':
      return `Method ${hint} is not allowed by Access-Control-Allow-Methods in preflight response.`;
    case 'header-not-allowed':
    case 'authorization-not-covered-by-wildcard':
      return `Request header field ${hint} is not allowed by Access-Control-Allow-Headers in preflight response.`;
  }
}

/**
 * The part of Chromium's console error after "has been blocked by CORS policy: ". Failures of the CORS
 * check on a preflight response carry the preflight sentence in front, as in Blink (the network
 * service reports them as the kPreflight… variants, services/network/cors/preflight_controller.cc
 * `CheckPreflightAccess`).
 */
export function corsErrorText(failure: CorsFailure, stage: CorsStage): string {
  const prefix = stage === 'preflight' && PREFLIGHT_PREFIXED.has(failure.code) ? PREFLIGHT_PREFIX : '';
  return prefix + describe(failure);
}

/** Blink adds these only when the request came from `fetch()` (`fetch_initiator_type_names::kFetch`). */
const NO_CORS_HINT = " If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.";
const NO_CORS_INFORMATION =
  " Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.";

function fetchHint(code: CorsErrorCode): string {
  switch (code) {
    case 'missing-allow-origin':
      return NO_CORS_HINT;
    case 'multiple-allow-origin-values':
    case 'invalid-allow-origin-value':
    case 'allow-origin-mismatch':
      return NO_CORS_INFORMATION;
    default:
      return '';
  }
}

/**
 * The whole line Chromium logs to the console when a page's `fetch(url)` is blocked, for comparing
 * the model with a real browser. `url` is the request URL (serialized as the browser does), `origin`
 * the page's serialized origin.
 */
export function chromiumFetchConsoleMessage(failure: CorsFailure, stage: CorsStage, url: string, origin: string): string {
  return `Access to fetch at '${new URL(url).href}' from origin '${origin}' has been blocked by CORS policy: ${corsErrorText(failure, stage)}${fetchHint(failure.code)}`;
}

/**
 * DevTools' deprecation text for a request whose `Authorization` header was let through only by
 * `Access-Control-Allow-Headers: *` (devtools-frontend `DeprecationIssue` UIStrings,
 * `authorizationCoveredByWildcard`; the network service flags it with
 * `has_authorization_covered_by_wildcard_on_preflight`, services/network/cors/preflight_result.cc).
 */
export const AUTHORIZATION_COVERED_BY_WILDCARD_WARNING =
  'Authorization will not be covered by the wildcard symbol (*) in CORS `Access-Control-Allow-Headers` handling.';
