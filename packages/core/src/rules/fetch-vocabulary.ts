/**
 * Method and header names the Fetch standard gives special meaning to (fetch.bs §methods,
 * §cors-safelisted-request-header), shared by the rules that decide whether a preflight is needed
 * or whether a method name is sensible.
 */

/** CORS-safelisted methods: a request using only these (and safelisted headers) is sent without a preflight. */
export const SAFELISTED_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST']);

/** Forbidden methods (compared case-insensitively): fetch() refuses to send them at all. */
export const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * Methods fetch() uppercases before sending (fetch.bs "normalize a method"); every other method is
 * sent exactly as the script spelled it.
 */
export const NORMALIZED_METHODS: ReadonlySet<string> = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/**
 * The IANA HTTP Method Registry (RFC 9110 §16.1), which includes WebDAV, CalDAV, DeltaV and QUERY,
 * plus PURGE, which caches such as Varnish and Fastly accept without it being registered.
 */
export const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'ACL',
  'BASELINE-CONTROL',
  'BIND',
  'CHECKIN',
  'CHECKOUT',
  'CONNECT',
  'COPY',
  'DELETE',
  'GET',
  'HEAD',
  'LABEL',
  'LINK',
  'LOCK',
  'MERGE',
  'MKACTIVITY',
  'MKCALENDAR',
  'MKCOL',
  'MKREDIRECTREF',
  'MKWORKSPACE',
  'MOVE',
  'OPTIONS',
  'ORDERPATCH',
  'PATCH',
  'POST',
  'PRI',
  'PROPFIND',
  'PROPPATCH',
  'PURGE',
  'PUT',
  'QUERY',
  'REBIND',
  'REPORT',
  'SEARCH',
  'TRACE',
  'UNBIND',
  'UNCHECKOUT',
  'UNLINK',
  'UNLOCK',
  'UPDATE',
  'UPDATEREDIRECTREF',
  'VERSION-CONTROL',
]);

/**
 * CORS-safelisted request-header names, lowercase. (`Range` is safelisted only for a single
 * `bytes=N-` range; a policy that lists it is taken to expect other ranges too, so it is not here.)
 */
export const SAFELISTED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'accept-language',
  'content-language',
  'content-type',
]);

/** RFC 9110 `token`: what a method name (and a header name) must consist of. */
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whether a request with this method needs a preflight, given how fetch() normalizes methods. */
export function methodNeedsPreflight(method: string): boolean {
  const upper = method.toUpperCase();
  const sent = NORMALIZED_METHODS.has(upper) ? upper : method;
  return !SAFELISTED_METHODS.has(sent);
}
