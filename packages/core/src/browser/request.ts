/**
 * The request a page makes with `fetch(url, { method, headers, credentials, mode: 'cors' })`, and what
 * `fetch()` itself does to it before any CORS logic runs: method normalization, the TypeErrors it
 * throws for forbidden methods and malformed headers, and the forbidden request-headers it silently
 * drops (fetch.bs §"Request class" and §"Headers class").
 */
import { isToken, normalizeHeaderValue, type HeaderLine, type HeaderLines } from './header-values.js';
import { isForbiddenMethod, isForbiddenRequestHeader, normalizeMethod } from './request-classification.js';

/** fetch.bs #concept-request-credentials-mode. `fetch()` defaults to 'same-origin'. */
export type CredentialsMode = 'omit' | 'same-origin' | 'include';

export interface CorsRequest {
  /**
   * The page's origin, serialized as the `Origin` header carries it: `scheme://host[:port]` with a
   * lowercase scheme and host and no default port, or `null` for an opaque origin (a sandboxed
   * iframe, a `data:` document).
   */
  origin: string;
  /** As passed to `fetch()`; normalized here the way `fetch()` does. */
  method: string;
  /**
   * As passed to `fetch()` (a record, or name/value pairs where a name may repeat); names are
   * case-insensitive.
   */
  headers?: Readonly<Record<string, string>> | readonly HeaderLine[];
  credentials?: CredentialsMode;
  /** Only 'cors' is modelled: the mode `fetch()` uses for a cross-origin URL by default. */
  mode?: 'cors';
}

/** A request after `fetch()` has normalized it: what the browser really sends. */
export interface PreparedRequest {
  origin: string;
  method: string;
  /** One entry per header the page set (names lowercased, values normalized), forbidden ones removed. */
  headers: HeaderLines;
  credentials: CredentialsMode;
  /** Forbidden request-headers the page asked for and `fetch()` dropped without a word. */
  droppedHeaders: string[];
}

/**
 * Normalizes a request as `fetch()` would, and throws a TypeError wherever `fetch()` throws one (the
 * request would never reach the network, so there is no CORS outcome to model).
 */
export function prepareRequest(request: CorsRequest): PreparedRequest {
  assertSerializedOrigin(request.origin);
  if (request.mode !== undefined && request.mode !== 'cors') {
    throw new TypeError(`Only mode 'cors' is modelled, not '${String(request.mode)}'.`);
  }
  if (!isToken(request.method)) throw new TypeError(`fetch() rejects '${request.method}': it is not a valid HTTP method.`);
  if (isForbiddenMethod(request.method)) throw new TypeError(`fetch() rejects '${request.method}': the HTTP method is unsupported.`);

  const headers: [string, string][] = [];
  const droppedHeaders: string[] = [];
  const entries: readonly HeaderLine[] = Array.isArray(request.headers) ? request.headers : Object.entries(request.headers ?? {});
  for (const [name, rawValue] of entries) {
    const value = normalizeHeaderValue(rawValue);
    if (!isToken(name)) throw new TypeError(`fetch() rejects the header name '${name}': it is not a valid HTTP header name.`);
    if (/[\0\r\n]/.test(value)) throw new TypeError(`fetch() rejects the value of '${name}': it contains NUL, CR or LF.`);
    if (/[^\0-\xff]/.test(value)) throw new TypeError(`fetch() rejects the value of '${name}': it contains a non ISO-8859-1 code point.`);
    if (isForbiddenRequestHeader(name, value)) {
      droppedHeaders.push(name.toLowerCase());
      continue;
    }
    headers.push([name.toLowerCase(), value]);
  }
  return {
    origin: request.origin,
    method: normalizeMethod(request.method),
    headers,
    credentials: request.credentials ?? 'same-origin',
    droppedHeaders,
  };
}

/**
 * A browser only ever sends a serialized origin, so anything else is a mistake in the caller's test
 * (a trailing slash, a default port, uppercase) that would make every comparison meaningless.
 */
function assertSerializedOrigin(origin: string): void {
  if (origin === 'null') return;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    throw new TypeError(`'${origin}' is not a serialized origin: it does not parse as a URL.`);
  }
  if (parsed.origin !== origin) {
    throw new TypeError(`'${origin}' is not a serialized origin; the browser would send '${parsed.origin}'.`);
  }
}
