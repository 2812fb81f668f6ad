/**
 * Method and header names the rules judge a policy by. What a browser does with one concrete request
 * (normalization, safelisting with header values) lives in the browser model; the rules only see names.
 */
import { isCorsSafelistedMethod, normalizeMethod } from '../browser/request-classification.js';

/**
 * The IANA HTTP Method Registry (RFC 9110 §16.1.1; iana.org/assignments/http-methods, updated
 * 2026-06-17), which includes WebDAV, CalDAV, DeltaV and QUERY,
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
 * Names of the CORS-safelisted request headers (fetch.bs #cors-safelisted-request-header), lowercase.
 * Whether a header is safelisted also depends on its value, which a policy never shows; listing one
 * of these in Allow-Headers is not taken as a sign that a preflight is coming. `Range` is left out: it
 * is safelisted only for a single `bytes=N-` range, and a policy that names it expects others too.
 */
export const SAFELISTED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'accept-language',
  'content-language',
  'content-type',
]);

/** Whether a request with this method needs a preflight, once fetch() has normalized the method. */
export function methodNeedsPreflight(method: string): boolean {
  return !isCorsSafelistedMethod(normalizeMethod(method));
}
