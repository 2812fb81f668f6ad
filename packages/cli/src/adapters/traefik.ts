import type { CorsPolicy, Located, MaxAge, OriginMatcher, Tri } from '@corsguard/core';
import { configHeaderList, configMaxAge, getRelaxed, isMap, isVaryOnOrigin, listEntries, resourceHeader, str, tri } from '../document/access.js';
import type { DocNode, MapNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { exactOrigin } from './envoy-cors.js';

/**
 * Traefik `headers` middleware CORS (cors-facts 2.11): the `Middleware` CRD (`traefik.io/v1alpha1`, or
 * `traefik.containo.us/v1alpha1`) `spec.headers`, and the file provider's
 * `http.middlewares.<name>.headers` (keys matched case-insensitively, as Traefik's file decoder does).
 * Keys from doc.traefik.io/traefik/middlewares/http/headers; behaviour from traefik/traefik
 * `pkg/middlewares/headers/header.go` (`processCorsHeaders`, `isOriginAllowed`,
 * `PostRequestModifyResponseHeaders`):
 * - an `accessControlAllowOriginList` entry `*` is sent as a literal `*`; another entry is sent when it
 *   equals the request origin (case-sensitive);
 * - `accessControlAllowOriginListRegex` entries are Go regexps applied with `MatchString`, an
 *   unanchored search, and the matching request origin is echoed;
 * - a preflight (OPTIONS with Origin and Access-Control-Request-Method) is answered by Traefik, always
 *   with `Access-Control-Max-Age`, `0` when `accessControlMaxAge` is unset;
 * - `Vary: Origin` is added only with `addVaryHeader: true` (or set by hand in the same middleware's
 *   `customResponseHeaders`, which are written first).
 */
const CORS_KEYS = /^(accesscontrol|addvaryheader$)/;

export const traefikAdapter: Adapter = {
  name: 'traefik',
  description: 'Traefik headers middleware CORS (Middleware CRD spec.headers, file provider http.middlewares)',
  detect(doc) {
    return crdHeaders(doc.root) !== undefined || fileProviderMiddlewares(doc.root).length > 0;
  },
  extract(doc) {
    const crd = crdHeaders(doc.root);
    const blocks = crd !== undefined ? [crd] : fileProviderMiddlewares(doc.root);
    const policies: CorsPolicy[] = [];
    for (const { name, headers } of blocks) {
      if (!headers.entries.some((entry) => CORS_KEYS.test(entry.key.text.toLowerCase()))) continue;
      policies.push(policy(headers, `Traefik middleware ${name}`));
    }
    return policies;
  },
};

interface HeadersBlock {
  name: string;
  headers: MapNode;
}

function crdHeaders(root: DocNode): HeadersBlock | undefined {
  const header = resourceHeader(root);
  if (header?.kind !== 'Middleware' || (header.group !== 'traefik.io' && header.group !== 'traefik.containo.us')) return undefined;
  const headers = getRelaxed(getRelaxed(root, 'spec'), 'headers');
  return isMap(headers) ? { name: header.name ?? '(unnamed)', headers } : undefined;
}

function fileProviderMiddlewares(root: DocNode): HeadersBlock[] {
  const middlewares = getRelaxed(getRelaxed(root, 'http'), 'middlewares');
  if (!isMap(middlewares)) return [];
  const blocks: HeadersBlock[] = [];
  for (const entry of middlewares.entries) {
    const headers = getRelaxed(entry.value, 'headers');
    if (isMap(headers)) blocks.push({ name: entry.key.text, headers });
  }
  return blocks;
}

/** `addVaryHeader`, or a `Vary: Origin` among the same middleware's `customResponseHeaders`. */
function vary(headers: MapNode): Located<Tri> {
  const addVary = tri(getRelaxed(headers, 'addVaryHeader'), false, headers.loc);
  if (addVary.value !== false) return addVary;
  const custom = getRelaxed(headers, 'customResponseHeaders');
  for (const entry of isMap(custom) ? custom.entries : []) {
    if (isVaryOnOrigin(entry.key.text, str(entry.value))) return { value: true, loc: entry.value.loc };
  }
  return addVary;
}

function policy(headers: MapNode, source: string): CorsPolicy {
  const setting = (key: string): DocNode | undefined => getRelaxed(headers, key);
  const origins: OriginMatcher[] = [];
  for (const key of ['accessControlAllowOrigin', 'accessControlAllowOriginList']) {
    const node = setting(key);
    if (node === undefined) continue;
    for (const entry of listEntries(node, false)) {
      if (entry.value === undefined) origins.push({ kind: 'unknown', loc: entry.loc });
      else if (entry.value === '*') origins.push({ kind: 'any', loc: entry.loc });
      else origins.push(exactOrigin(entry.value, entry.loc));
    }
  }
  const regexes = setting('accessControlAllowOriginListRegex');
  if (regexes !== undefined) {
    for (const entry of listEntries(regexes, false)) {
      origins.push(
        entry.value === undefined
          ? { kind: 'unknown', loc: entry.loc }
          : { kind: 'pattern', source: entry.value, flags: '', dialect: 're2-search', loc: entry.loc },
      );
    }
  }
  const maxAgeNode = setting('accessControlMaxAge');
  const maxAge: MaxAge = maxAgeNode === undefined ? { kind: 'value', seconds: 0, raw: '0', loc: headers.loc } : configMaxAge(maxAgeNode, 'seconds');
  const result: CorsPolicy = {
    loc: headers.loc,
    source,
    origins,
    credentials: tri(setting('accessControlAllowCredentials'), false, headers.loc),
    maxAge,
    vary: vary(headers),
    preflight: { handling: 'answered', loc: headers.loc },
  };
  const methods = setting('accessControlAllowMethods');
  const allowHeaders = setting('accessControlAllowHeaders');
  const expose = setting('accessControlExposeHeaders');
  if (methods !== undefined) result.allowMethods = configHeaderList(methods);
  if (allowHeaders !== undefined) result.allowHeaders = configHeaderList(allowHeaders);
  if (expose !== undefined) result.exposeHeaders = configHeaderList(expose);
  return result;
}
