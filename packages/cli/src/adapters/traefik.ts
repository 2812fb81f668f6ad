import type { CorsPolicy, Located, MaxAge, OriginMatcher, SourceLocation, Tri } from '@corsguard/core';
import {
  configHeaderList,
  configMaxAge,
  get,
  getRelaxed,
  isMap,
  isScalar,
  isVaryOnOrigin,
  items,
  keyName,
  listEntries,
  relaxedEquals,
  relaxedKey,
  renamedKey,
  resourceHeader,
  str,
  tri,
} from '../document/access.js';
import type { DocNode, MapEntry, MapNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { goParseBool } from './go-parse-bool.js';
import { goRegexpRejects } from './go-regexp.js';
import { manifestTri } from './kubernetes-yaml.js';
import { acceptsEveryOrigin, exactOrigin, withRawHeaders } from './envoy-cors.js';
import { rawHeaderGroupPolicy, type RawHeaderSemantics } from './raw-headers.js';

/**
 * Traefik `headers` middleware CORS (cors-facts 2.11): the `Middleware` CRD (`traefik.io/v1alpha1`, or
 * `traefik.containo.us/v1alpha1`) `spec.headers`, and the file provider's
 * `http.middlewares.<name>.headers` in YAML or TOML (keys matched case-insensitively, as Traefik's file
 * decoder does),
 * Docker Compose labels `traefik.http.middlewares.<name>.headers.<option>` (comma-separated lists),
 * and TrueCharts chart values (`ingressMiddlewares.traefik.<name>.data`, see `chartValuesMiddlewares`).
 * Keys from doc.traefik.io/traefik/middlewares/http/headers; behaviour from traefik/traefik
 * `pkg/middlewares/headers/header.go` (`processCorsHeaders`, `isOriginAllowed`,
 * `PostRequestModifyResponseHeaders`):
 * - an `accessControlAllowOriginList` entry `*` is sent as a literal `*`; another entry is sent when it
 *   equals the request origin (case-sensitive);
 * - `accessControlAllowOriginListRegex` entries are Go regexps applied with `MatchString`, an
 *   unanchored search, and the matching request origin is echoed (every origin, for `.*`); one Go
 *   cannot compile (`*.example.com`) makes `NewHeader` fail, so the middleware sends nothing;
 * - a preflight (OPTIONS with Origin and Access-Control-Request-Method) is answered by Traefik, always
 *   with `Access-Control-Max-Age`, `0` when `accessControlMaxAge` is unset;
 * - `Vary: Origin` is added only with `addVaryHeader: true` (or set by hand in the same middleware's
 *   `customResponseHeaders`, which are written first).
 * A middleware without any accessControl* option that sets `Access-Control-*` headers in
 * `customResponseHeaders` sends them verbatim (an empty value removes a header instead), so those are
 * read as raw headers (raw-headers.ts); such a middleware does not answer preflights itself. Next to
 * the options, they are what the origins outside the list get (`customBesideCors`).
 */
const CORS_KEYS = /^(accesscontrol|addvaryheader$)/;

export const traefikAdapter: Adapter = {
  name: 'traefik',
  description: 'Traefik headers middleware CORS (Middleware CRD spec.headers, file provider http.middlewares)',
  detect(doc) {
    return (
      crdHeaders(doc.root) !== undefined ||
      fileProviderMiddlewares(doc.root).length > 0 ||
      labelMiddlewares(doc.root).length > 0 ||
      chartValuesMiddlewares(doc.root).length > 0
    );
  },
  extract(doc) {
    const crd = crdHeaders(doc.root);
    const blocks =
      crd !== undefined
        ? [crd]
        : [...fileProviderMiddlewares(doc.root), ...labelMiddlewares(doc.root), ...chartValuesMiddlewares(doc.root)];
    const policies: CorsPolicy[] = [];
    for (const { name, headers, commaLists } of blocks) {
      if (refusedRegex(headers, commaLists) || refusedListText(headers, commaLists)) continue;
      const customSource = `Traefik middleware ${name} customResponseHeaders`;
      if (headers.entries.some((entry) => CORS_KEYS.test(keyName(entry.key).toLowerCase()))) {
        const cors = policy(headers, `Traefik middleware ${name}`, commaLists);
        // Custom credentials and exposed headers stay on the allowed origins' responses where the
        // options write none (`PostRequestModifyResponseHeaders`), as with Envoy's filter.
        const custom = rawHeaderGroupPolicy(headers, customResponseHeaders(headers), customSource, CUSTOM_HEADERS);
        policies.push(withRawHeaders(cors, custom), ...customBesideCors(headers, cors, customSource, commaLists));
        continue;
      }
      const custom = rawHeaderGroupPolicy(headers, customResponseHeaders(headers), customSource, CUSTOM_HEADERS);
      if (custom !== undefined) policies.push(custom);
    }
    return policies;
  },
};

interface HeadersBlock {
  name: string;
  headers: MapNode;
  /**
   * Which list values are comma-separated: every label value (`all`); in the file provider, a lone
   * string (`scalar`: traefik/paerser joins a YAML sequence into one value and `setSlice` splits a
   * value at commas, so `"https://a.com,https://b.com"` is two entries); none in the CRD, whose
   * lists are JSON arrays.
   */
  commaLists: 'all' | 'scalar' | 'none';
}

function crdHeaders(root: DocNode): HeadersBlock | undefined {
  const header = resourceHeader(root);
  if (header?.kind !== 'Middleware' || (header.group !== 'traefik.io' && header.group !== 'traefik.containo.us'))
    return undefined;
  const headers = getRelaxed(getRelaxed(root, 'spec'), 'headers');
  return isMap(headers) ? { name: header.name ?? '(unnamed)', headers, commaLists: 'none' } : undefined;
}

function fileProviderMiddlewares(root: DocNode): HeadersBlock[] {
  const middlewares = getRelaxed(getRelaxed(root, 'http'), 'middlewares');
  if (!isMap(middlewares)) return [];
  const blocks: HeadersBlock[] = [];
  for (const entry of middlewares.entries) {
    const headers = getRelaxed(entry.value, 'headers');
    if (isMap(headers)) blocks.push({ name: keyName(entry.key), headers, commaLists: 'scalar' });
  }
  return blocks;
}

/**
 * Headers middlewares the TrueCharts common library renders from chart values:
 * `ingressMiddlewares.traefik.<name>` with `enabled: true`, `type: headers` and the middleware's
 * `spec.headers` as `data` (truecharts/public `website/src/content/docs/common/middlewares/traefik`).
 */
function chartValuesMiddlewares(root: DocNode): HeadersBlock[] {
  if (resourceHeader(root) !== undefined) return [];
  const middlewares = get(get(root, 'ingressMiddlewares'), 'traefik');
  if (!isMap(middlewares)) return [];
  const blocks: HeadersBlock[] = [];
  for (const entry of middlewares.entries) {
    const data = get(entry.value, 'data');
    if (str(get(entry.value, 'type')) !== 'headers' || !isMap(data)) continue;
    if (tri(get(entry.value, 'enabled'), false, data.loc).value !== true) continue;
    blocks.push({ name: keyName(entry.key), headers: data, commaLists: 'none' });
  }
  return blocks;
}

/**
 * Traefik writes each custom response header with `http.Header.Set` (or deletes it for an empty
 * value), walking a Go map: names differing only in case are one header, and which entry is written
 * last is not fixed.
 */
const CUSTOM_HEADERS: RawHeaderSemantics = { repeated: 'unordered', emptyRemoves: true };

/**
 * The headers `customResponseHeaders` sets, from its map or from labels that spell the header name
 * into the key (`headers.customresponseheaders.Access-Control-Allow-Origin=*`).
 */
function customResponseHeaders(headers: MapNode): MapNode {
  const custom = getRelaxed(headers, 'customResponseHeaders');
  const entries = isMap(custom) ? [...custom.entries] : [];
  for (const entry of headers.entries) {
    const [option, name] = keyName(entry.key).split(/\.(.*)/s);
    if (option?.toLowerCase() !== 'customresponseheaders' || name === undefined) continue;
    entries.push({ key: renamedKey(entry.key, name), value: entry.value });
  }
  return { type: 'map', entries, loc: custom?.loc ?? headers.loc };
}

/**
 * An Access-Control-Allow-Origin in `customResponseHeaders` next to the CORS options: Traefik writes
 * the custom headers first, then replaces Access-Control-Allow-Origin for an allowed origin only, and
 * always writes Access-Control-Allow-Credentials and -Expose-Headers when those options are set
 * (`PostRequestModifyResponseHeaders`). So every origin the list does not allow gets the custom value,
 * with the options' credentials and exposed headers; none when the list allows every origin. A
 * middleware with CORS options answers every preflight itself, before the custom headers are written
 * (`ServeHTTP` returns once `processCorsHeaders` has handled one), so the custom preflight-only headers
 * (allowed methods and headers, max-age) reach no preflight and are left out.
 */
const PREFLIGHT_ONLY_HEADERS = new Set(['access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age']);

function customBesideCors(headers: MapNode, cors: CorsPolicy, source: string, commaLists: HeadersBlock['commaLists']): CorsPolicy[] {
  if (cors.origins.some((matcher) => matcher.kind === 'any' || matcher.kind === 'reflect-any' || matcher.kind === 'unknown')) return [];
  const custom = customResponseHeaders(headers);
  const overriding = new Map<string, DocNode>();
  const credentials = getRelaxed(headers, 'accessControlAllowCredentials');
  if (credentials !== undefined && decodedBool(credentials, commaLists, headers.loc).value !== false) overriding.set('access-control-allow-credentials', credentials);
  const expose = getRelaxed(headers, 'accessControlExposeHeaders');
  if (expose !== undefined) overriding.set('access-control-expose-headers', expose);
  const entries = custom.entries.filter((entry) => {
    const name = keyName(entry.key).trim().toLowerCase();
    return !overriding.has(name) && !PREFLIGHT_ONLY_HEADERS.has(name);
  });
  for (const [name, value] of overriding) entries.push({ key: { type: 'scalar', value: name, text: name, loc: value.loc }, value });
  const raw = rawHeaderGroupPolicy(custom, { ...custom, entries }, `${source} (origins its CORS options do not allow)`, CUSTOM_HEADERS);
  return raw !== undefined && raw.origins.length > 0 ? [{ ...raw, preflight: { handling: 'unknown', loc: raw.loc } }] : [];
}

const ORIGIN_SETTINGS = ['accessControlAllowOrigin', 'accessControlAllowOriginList', 'accessControlAllowOriginListRegex'].map(
  relaxedKey,
);

/**
 * `addVaryHeader`, or a `Vary: Origin` among the same middleware's `customResponseHeaders`. Without
 * either, the missing Vary is placed on the first origin setting, which is what makes it needed (a
 * mapping's own location starts at its first key, often an unrelated one).
 */
function vary(headers: MapNode, commaLists: HeadersBlock['commaLists']): Located<Tri> {
  const originKey = headers.entries.find((entry) => ORIGIN_SETTINGS.some((key) => relaxedEquals(keyName(entry.key), key)))?.key;
  const addVary = decodedBool(getRelaxed(headers, 'addVaryHeader'), commaLists, originKey?.loc ?? headers.loc);
  if (addVary.value !== false) return addVary;
  const custom = getRelaxed(headers, 'customResponseHeaders');
  for (const entry of isMap(custom) ? custom.entries : []) {
    if (isVaryOnOrigin(keyName(entry.key), str(entry.value))) return { value: true, loc: entry.value.loc };
  }
  // A label spells the header name into the key: `headers.customresponseheaders.Vary=Origin`.
  for (const entry of headers.entries) {
    const [option, name] = keyName(entry.key).split(/\.(.*)/s);
    if (option?.toLowerCase() === 'customresponseheaders' && isVaryOnOrigin(name, str(entry.value))) {
      return { value: true, loc: entry.value.loc };
    }
  }
  return addVary;
}

/**
 * Middlewares declared in Docker Compose labels (`services.<name>.labels`, or `deploy.labels` for
 * Swarm), as a list of `key=value` strings or a map:
 * `traefik.http.middlewares.<name>.headers.<option>=<value>`, where lists are comma-separated.
 */
function labelMiddlewares(root: DocNode): HeadersBlock[] {
  const services = get(root, 'services');
  if (!isMap(services)) return [];
  const byName = new Map<string, MapNode>();
  for (const service of services.entries) {
    for (const labels of [get(service.value, 'labels'), get(get(service.value, 'deploy'), 'labels')]) {
      for (const { key, value } of labelEntries(labels)) {
        const match = LABEL_KEY.exec(keyName(key));
        if (match === null) continue;
        const [, name = '', option = ''] = match;
        let headers = byName.get(name);
        if (headers === undefined) {
          headers = { type: 'map', entries: [], loc: key.loc };
          byName.set(name, headers);
        }
        headers.entries.push({ key: renamedKey(key, option), value });
      }
    }
  }
  return [...byName].map(([name, headers]) => ({ name, headers, commaLists: 'all' }));
}

const LABEL_KEY = /^traefik\.http\.middlewares\.([^.]+)\.headers\.(.+)$/i;

/** Labels as key and value nodes; a `key=value` string is split, the value keeping its own columns. */
function labelEntries(labels: DocNode | undefined): MapEntry[] {
  if (isMap(labels)) return labels.entries;
  const entries: MapEntry[] = [];
  for (const item of items(labels)) {
    if (!isScalar(item) || typeof item.value !== 'string') continue;
    const equals = item.value.indexOf('=');
    if (equals === -1) continue;
    const key = item.value.slice(0, equals);
    const value = item.value.slice(equals + 1);
    // The key is written as is; the value may hold escapes (`\\.` in a double-quoted regex), so its
    // source text runs from after the `=` to the closing quote, and entries are found in it verbatim.
    const start = item.text.indexOf(`${key}=`);
    const exact = start !== -1 && item.loc.line === item.loc.endLine;
    const keyLoc = exact
      ? { ...item.loc, column: item.loc.column + start, endColumn: item.loc.column + start + equals }
      : item.loc;
    const quoted = item.text.length > 1 && (item.text.startsWith('"') || item.text.startsWith("'"));
    const valueText = exact ? item.text.slice(start + equals + 1, quoted ? -1 : undefined) : value;
    const valueStart = item.loc.column + start + equals + 1;
    const valueLoc = exact ? { ...item.loc, column: valueStart, endColumn: valueStart + valueText.length } : item.loc;
    entries.push({
      key: { type: 'scalar', value: key, text: key, loc: keyLoc },
      value: { type: 'scalar', value, text: valueText, loc: valueLoc },
    });
  }
  return entries;
}

/** Which of a block's list values are comma-separated (see `HeadersBlock.commaLists`). */
function splitsAtCommas(commaLists: HeadersBlock['commaLists'], node: DocNode): boolean {
  return commaLists === 'all' || (commaLists === 'scalar' && node.type === 'scalar');
}

/**
 * Whether an `accessControlAllowOriginListRegex` entry is one Go's `regexp.Compile` refuses (a glob
 * such as `*.example.com`): `NewHeader` then fails ("error occurred during origin parsing"), so the
 * middleware is never built and the routers using it serve nothing through it.
 */
function refusedRegex(headers: MapNode, commaLists: HeadersBlock['commaLists']): boolean {
  const regexes = getRelaxed(headers, 'accessControlAllowOriginListRegex');
  if (regexes === undefined) return false;
  return listEntries(regexes, splitsAtCommas(commaLists, regexes)).some((entry) => entry.value !== undefined && goRegexpRejects(entry.value));
}

const LIST_OPTIONS = [
  'accessControlAllowOriginList',
  'accessControlAllowOriginListRegex',
  'accessControlAllowMethods',
  'accessControlAllowHeaders',
  'accessControlExposeHeaders',
];

/**
 * Whether a Middleware CRD (or chart values rendered into one) writes a list option as one string
 * (`accessControlAllowOriginList: "https://a.com,https://b.com"`). The CRD schema types these as
 * arrays, so the API server refuses the resource (and where an old CRD has no schema, Traefik fails to
 * decode it): the middleware never exists and sends nothing. Labels and the file provider split such a
 * string at commas instead (`commaLists`).
 */
function refusedListText(headers: MapNode, commaLists: HeadersBlock['commaLists']): boolean {
  if (commaLists !== 'none') return false;
  return LIST_OPTIONS.some((option) => {
    const node = getRelaxed(headers, option);
    return isScalar(node) && node.value !== null;
  });
}

/**
 * A boolean option (default false). Labels and the file provider hand Traefik text, which
 * traefik/paerser decodes with Go's `strconv.ParseBool` (`TRUE` and `1` are true); text it refuses fails
 * the decode of the whole label set or file, so nothing is known. The CRD's schema types the field,
 * so there only a boolean counts.
 */
function decodedBool(node: DocNode | undefined, commaLists: HeadersBlock['commaLists'], fallbackLoc: SourceLocation): Located<Tri> {
  if (commaLists !== 'none' && isScalar(node) && typeof node.value === 'string') {
    return { value: goParseBool(node.value) ?? 'unknown', loc: node.loc };
  }
  // A Middleware CRD, or the one TrueCharts renders from chart values, goes through kubectl or Helm.
  return commaLists === 'none' ? manifestTri(node, false, fallbackLoc) : tri(node, false, fallbackLoc);
}

/**
 * `accessControlMaxAge` is an int64 that Traefik writes with `strconv.Itoa`, so what reaches a browser
 * is always a whole number. A value that is none (`24h`, `2.5`) fails to decode, which makes Traefik
 * drop the file or label set, and the CRD schema refuses a string (`"86400"`): nothing is sent.
 */
function decodedMaxAge(node: DocNode, commaLists: HeadersBlock['commaLists']): MaxAge {
  const maxAge = configMaxAge(node, 'seconds');
  if (maxAge.kind !== 'value') return maxAge;
  const typed = commaLists !== 'none' || (isScalar(node) && typeof node.value === 'number');
  return typed && Number.isInteger(maxAge.seconds) ? maxAge : { kind: 'unknown', loc: node.loc };
}

function policy(headers: MapNode, source: string, commaLists: HeadersBlock['commaLists']): CorsPolicy {
  const commaSeparated = (node: DocNode): boolean => splitsAtCommas(commaLists, node);
  const setting = (key: string): DocNode | undefined => getRelaxed(headers, key);
  const origins: OriginMatcher[] = [];
  for (const key of ['accessControlAllowOrigin', 'accessControlAllowOriginList']) {
    const node = setting(key);
    if (node === undefined) continue;
    // The deprecated `accessControlAllowOrigin` is a string, appended to the list as one entry
    // (traefik/traefik v2 `pkg/middlewares/headers` `handleDeprecation`): a label's commas stay in it.
    const split = key === 'accessControlAllowOriginList' && commaSeparated(node);
    for (const entry of listEntries(node, split)) {
      if (entry.value === undefined) origins.push({ kind: 'unknown', loc: entry.loc });
      else if (entry.value === '*') origins.push({ kind: 'any', loc: entry.loc });
      else origins.push(exactOrigin(entry.value, entry.loc));
    }
  }
  const regexes = setting('accessControlAllowOriginListRegex');
  if (regexes !== undefined) {
    for (const entry of listEntries(regexes, commaSeparated(regexes))) {
      if (entry.value === undefined) origins.push({ kind: 'unknown', loc: entry.loc });
      // `.*` or `(.*?)`: MatchString finds every origin, and each is echoed.
      else if (acceptsEveryOrigin(entry.value, 'search')) origins.push({ kind: 'reflect-any', loc: entry.loc });
      else origins.push({ kind: 'pattern', source: entry.value, flags: '', dialect: 're2-search', loc: entry.loc });
    }
  }
  const maxAgeNode = setting('accessControlMaxAge');
  const maxAge: MaxAge =
    maxAgeNode === undefined
      ? { kind: 'value', seconds: 0, raw: '0', loc: headers.loc }
      : decodedMaxAge(maxAgeNode, commaLists);
  const result: CorsPolicy = {
    loc: headers.loc,
    source,
    origins,
    credentials: decodedBool(setting('accessControlAllowCredentials'), commaLists, headers.loc),
    maxAge,
    vary: vary(headers, commaLists),
    preflight: { handling: 'answered', loc: headers.loc },
  };
  const methods = setting('accessControlAllowMethods');
  const allowHeaders = setting('accessControlAllowHeaders');
  const expose = setting('accessControlExposeHeaders');
  // Header lists are joined with "," into one header, so an item holding commas is several names.
  if (methods !== undefined) result.allowMethods = configHeaderList(methods);
  if (allowHeaders !== undefined) result.allowHeaders = configHeaderList(allowHeaders);
  if (expose !== undefined) result.exposeHeaders = configHeaderList(expose);
  return result;
}
