/**
 * Which headers of a CORS response script can read (`response.headers.get()`), per fetch.bs main
 * fetch ("CORS-exposed header-name list"), #cors-safelisted-response-header-name and
 * #forbidden-response-header-name.
 */
import { extractTokenList, type HeaderLines } from './header-values.js';
import type { CredentialsMode } from './request.js';

const SAFELISTED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
]);

/** Never readable, even when listed in Access-Control-Expose-Headers. */
export const FORBIDDEN_RESPONSE_HEADERS: ReadonlySet<string> = new Set(['set-cookie', 'set-cookie2']);

/** The lowercased names present on the response that script may read, sorted. */
export function readableResponseHeaderNames(responseHeaders: HeaderLines, credentials: CredentialsMode): string[] {
  const exposeList = extractTokenList(responseHeaders, 'access-control-expose-headers');
  const exposed = new Set(Array.isArray(exposeList) ? exposeList.map((name) => name.toLowerCase()) : []);
  // `*` exposes every header only without credentials; with 'include' it names a header called `*`.
  const exposeAll = credentials !== 'include' && exposed.has('*');
  const present = new Set(responseHeaders.map(([name]) => name));
  return [...present]
    .filter((name) => !FORBIDDEN_RESPONSE_HEADERS.has(name))
    .filter((name) => exposeAll || SAFELISTED_RESPONSE_HEADERS.has(name) || exposed.has(name))
    .sort();
}
