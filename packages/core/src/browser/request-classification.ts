/**
 * Which requests a browser sends without asking first, following fetch.bs §"Methods" and
 * §"Requests": CORS-safelisted methods and request-headers (with their value limits), forbidden
 * methods and request-headers, and the "CORS-unsafe request-header names" that decide whether a
 * CORS-preflight request is needed and what it announces in `Access-Control-Request-Headers`.
 */
import { normalizeHeaderValue, type HeaderLines } from './header-values.js';

/** fetch.bs #cors-safelisted-method. Compared after normalization, so byte-exact. */
const SAFELISTED_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST']);

/** fetch.bs #concept-method-normalize: only these six are uppercased; `patch` stays `patch`. */
const NORMALIZED_METHODS: ReadonlySet<string> = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/** fetch.bs #forbidden-method, matched byte-case-insensitively. */
const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(['CONNECT', 'TRACE', 'TRACK']);

export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

export function isCorsSafelistedMethod(method: string): boolean {
  return SAFELISTED_METHODS.has(method);
}

export function isForbiddenMethod(method: string): boolean {
  return FORBIDDEN_METHODS.has(method.toUpperCase());
}

/**
 * fetch.bs #forbidden-request-header, plus `User-Agent`: the standard no longer forbids it, but
 * Chromium still drops it (`kForbiddenHeaderFields` in net/http/http_util.cc, crbug.com/571722).
 */
const FORBIDDEN_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'via',
]);

const METHOD_OVERRIDE_HEADERS: ReadonlySet<string> = new Set(['x-http-method', 'x-http-method-override', 'x-method-override']);

/** `headers.set()` on a request silently ignores these, so the page can never send them. */
export function isForbiddenRequestHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (FORBIDDEN_REQUEST_HEADERS.has(lower)) return true;
  if (lower.startsWith('proxy-') || lower.startsWith('sec-')) return true;
  if (METHOD_OVERRIDE_HEADERS.has(lower)) {
    return value.split(',').some((method) => isForbiddenMethod(normalizeHeaderValue(method)));
  }
  return false;
}

/** fetch.bs #cors-unsafe-request-header-byte. */
function isCorsUnsafeRequestHeaderByte(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || '"():<>?@[\\]{}'.includes(String.fromCharCode(code)) || code === 0x7f;
}

function containsUnsafeByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (isCorsUnsafeRequestHeaderByte(value.charCodeAt(i))) return true;
  return false;
}

/** Accept-Language and Content-Language values may hold only 0-9 A-Z a-z space * , - . ; = */
const LANGUAGE_VALUE = /^[0-9A-Za-z *,\-.;=]*$/;

const SAFELISTED_CONTENT_TYPES: ReadonlySet<string> = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The essence (`type/subtype`, lowercased) of mimesniff's "parse a MIME type", or null on failure.
 * Parameters never make parsing fail, so they are not read.
 */
export function mimeEssence(value: string): string | null {
  const input = value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  const slash = input.indexOf('/');
  if (slash === -1) return null;
  const type = input.slice(0, slash);
  const semicolon = input.indexOf(';', slash + 1);
  const subtype = input.slice(slash + 1, semicolon === -1 ? undefined : semicolon).replace(/[\t\n\r ]+$/, '');
  if (!HTTP_TOKEN.test(type) || !HTTP_TOKEN.test(subtype)) return null;
  return `${type}/${subtype}`.toLowerCase();
}

/**
 * fetch.bs "simple range header value" via "parse a single range header value" with whitespace not
 * allowed: `bytes=N-` or `bytes=N-M` (N ≤ M; `bytes` in any case). Suffix ranges (`bytes=-500`) and
 * several ranges are not simple. Chromium agrees (`IsCorsSafelistedHeader`, `range` branch, in
 * services/network/public/cpp/cors/cors.cc).
 */
export function isSimpleRangeHeaderValue(value: string): boolean {
  const match = /^bytes=(\d*)-(\d*)$/i.exec(value);
  if (match === null) return false;
  const [, start = '', end = ''] = match;
  if (start === '') return false;
  return end === '' || BigInt(start) <= BigInt(end);
}

/** fetch.bs #cors-safelisted-request-header: the name and the value limits together. */
export function isCorsSafelistedRequestHeader(name: string, value: string): boolean {
  if (value.length > 128) return false;
  switch (name.toLowerCase()) {
    case 'accept':
      return !containsUnsafeByte(value);
    case 'accept-language':
    case 'content-language':
      return LANGUAGE_VALUE.test(value);
    case 'content-type': {
      if (containsUnsafeByte(value)) return false;
      const essence = mimeEssence(value);
      return essence !== null && SAFELISTED_CONTENT_TYPES.has(essence);
    }
    case 'range':
      return isSimpleRangeHeaderValue(value);
    default:
      return false;
  }
}

/** Above this many bytes of safelisted values, every safelisted header counts as unsafe. */
const SAFELISTED_VALUES_BUDGET = 1024;

/**
 * fetch.bs #cors-unsafe-request-header-names: the names a preflight must approve, lowercased, unique
 * and sorted (the order `Access-Control-Request-Headers` lists them in and the preflight checks them in).
 */
export function corsUnsafeRequestHeaderNames(headers: HeaderLines): string[] {
  const unsafe = new Set<string>();
  const potentiallyUnsafe: string[] = [];
  let safelistedValueBytes = 0;
  // Each header entry is judged on its own value, so `accept` set twice counts twice toward 1024.
  for (const [name, value] of headers) {
    if (isCorsSafelistedRequestHeader(name, value)) {
      potentiallyUnsafe.push(name);
      safelistedValueBytes += value.length;
    } else {
      unsafe.add(name);
    }
  }
  if (safelistedValueBytes > SAFELISTED_VALUES_BUDGET) for (const name of potentiallyUnsafe) unsafe.add(name);
  return [...unsafe].sort();
}

/**
 * fetch.bs main fetch, "use-CORS-preflight flag is set, or the unsafe-request flag is set and either
 * the method is not a CORS-safelisted method or the CORS-unsafe request-header names are not empty".
 * `fetch()` always sets the unsafe-request flag.
 */
export function needsPreflight(method: string, headers: HeaderLines): boolean {
  return !isCorsSafelistedMethod(method) || corsUnsafeRequestHeaderNames(headers).length > 0;
}
