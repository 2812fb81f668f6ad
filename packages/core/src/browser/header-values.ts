/**
 * Header lists as the Fetch standard reads them (fetch.bs §"Headers" and §"HTTP extensions to the
 * CORS protocol"). Names compare byte-case-insensitively; several headers with one name are read
 * together with "get", which joins their values with ", ". That join is why a gateway and an app that
 * both send `Access-Control-Allow-Origin` break CORS: the browser sees `a, b`, never `a`.
 */

/** One header line: name and value as sent on the wire. */
export type HeaderLine = readonly [name: string, value: string];

/**
 * Headers as a caller writes them. The record form mirrors Node's `res.writeHead(status, headers)`,
 * where an array value is sent as several header lines; the pair-list form keeps line order.
 */
export type HeaderInput = Readonly<Record<string, string | readonly string[]>> | readonly HeaderLine[];

/** A header list with names lowercased and values stripped of leading and trailing HTTP whitespace. */
export type HeaderLines = readonly HeaderLine[];

const HTTP_TAB_OR_SPACE = /^[\t ]+|[\t ]+$/g;

/**
 * fetch.bs "normalize" a header value: strip leading and trailing HTTP whitespace bytes. HTTP parsers
 * drop the optional whitespace around a field value the same way (RFC 9110 §5.5).
 */
export function normalizeHeaderValue(value: string): string {
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
}

export function toHeaderLines(input: HeaderInput | undefined): HeaderLines {
  if (input === undefined) return [];
  const lines: HeaderLine[] = [];
  const entries: Iterable<readonly [string, string | readonly string[]]> = isLineList(input) ? input : Object.entries(input);
  for (const [name, value] of entries) {
    const values = typeof value === 'string' ? [value] : value;
    for (const single of values) lines.push([name.toLowerCase(), normalizeHeaderValue(single)]);
  }
  return lines;
}

function isLineList(input: HeaderInput): input is readonly HeaderLine[] {
  return Array.isArray(input);
}

/** fetch.bs "get" a header: null when absent, otherwise every value of that name joined with ", ". */
export function getHeader(list: HeaderLines, name: string): string | null {
  const wanted = name.toLowerCase();
  const values = list.filter(([lineName]) => lineName === wanted).map(([, value]) => value);
  return values.length === 0 ? null : values.join(', ');
}

export function hasHeader(list: HeaderLines, name: string): boolean {
  const wanted = name.toLowerCase();
  return list.some(([lineName]) => lineName === wanted);
}

/** RFC 9110 `token` (fetch.bs uses it for methods and header names). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/**
 * fetch.bs "extract header list values" for the `#token` headers (`Access-Control-Allow-Methods =
 * #method`, `Access-Control-Allow-Headers = #field-name`): null when the header is absent, 'failure'
 * when any element is not a token, otherwise the elements in order. Empty list elements are allowed
 * and ignored (RFC 9110 §5.6.1), so `GET,,PUT` and an empty header both parse. Chromium does the same
 * (`ParseAccessControlAllowList` in services/network/cors/preflight_result.cc: `ValuesIterator` with
 * empty values ignored, then `HttpUtil::IsToken` on each).
 */
export function extractTokenList(list: HeaderLines, name: string): string[] | null | 'failure' {
  const combined = getHeader(list, name);
  if (combined === null) return null;
  const items: string[] = [];
  for (const element of combined.split(',')) {
    const item = element.replace(HTTP_TAB_OR_SPACE, '');
    if (item === '') continue;
    if (!isToken(item)) return 'failure';
    items.push(item);
  }
  return items;
}
