import type { Located, OriginMatcher, Tri } from '@corsguard/core';
import { at, get, isMap, isVaryOnOrigin, items, listEntries, resourceHeader, str, tri } from '../document/access.js';
import type { DocNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { envoyCorsPolicy, exactOrigin, optionalEnvoyFields, type CorsKeys } from './envoy-cors.js';

/**
 * Contour `HTTPProxy` `spec.virtualhost.corsPolicy` (cors-facts 2.14). Keys from projectcontour/contour
 * `apis/projectcontour/v1/httpproxy.go` (`CORSPolicy`: `allowOrigin`, `allowMethods`, `allowHeaders`,
 * `exposeHeaders`, `maxAge` as a Go duration where `0` turns caching off, `allowCredentials`,
 * `allowPrivateNetwork`). Origins from `internal/dag/httpproxy_processor.go` `toCORSPolicy`: `*`, or a
 * string that Go's `url.Parse` reads back exactly as `scheme://host[:port]`, is an exact match, which
 * `internal/envoy/v3/route.go` `corsPolicy` compiles with `ignore_case: true`; anything else is an RE2
 * regex matched against the whole origin. The result is Envoy's CORS filter (shared Envoy semantics);
 * `Vary: Origin` can only come from every route's `responseHeadersPolicy.set`.
 */
const CONTOUR_KEYS: CorsKeys = {
  methods: 'allowMethods',
  headers: 'allowHeaders',
  expose: 'exposeHeaders',
  maxAge: 'maxAge',
};
/**
 * What Go's `url.Parse` reads back unchanged as `scheme://host[:port]`: it lowercases the scheme and
 * rejects host characters outside its allowed set (a `\` or `|` makes the string a regex).
 */
const EXACT_ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9\-._~!$&'()*+,;=:[\]%]+$/;

export const contourAdapter: Adapter = {
  name: 'contour',
  description: 'Contour HTTPProxy spec.virtualhost.corsPolicy',
  detect(doc) {
    const header = resourceHeader(doc.root);
    return header?.group === 'projectcontour.io' && header.kind === 'HTTPProxy';
  },
  extract(doc) {
    const cors = at(doc.root, 'spec', 'virtualhost', 'corsPolicy');
    if (!isMap(cors)) return [];
    const allowPrivateNetwork = get(cors, 'allowPrivateNetwork');
    const allowOrigin = get(cors, 'allowOrigin');
    return [
      envoyCorsPolicy({
        block: cors,
        source: `HTTPProxy ${resourceHeader(doc.root)?.name ?? '(unnamed)'}`,
        origins: allowOrigin === undefined ? [] : origins(allowOrigin),
        credentials: tri(get(cors, 'allowCredentials'), false, cors.loc),
        ...optionalEnvoyFields(cors, CONTOUR_KEYS, 'duration'),
        ...(allowPrivateNetwork === undefined
          ? {}
          : { allowPrivateNetwork: tri(allowPrivateNetwork, false, cors.loc) }),
        ...varyHeader(get(get(doc.root, 'spec'), 'routes')),
      }),
    ];
  },
};

/**
 * A `Vary: Origin` set by `responseHeadersPolicy` on every route of the proxy: the CORS policy covers
 * the whole virtual host, so a route without it still answers without Vary.
 */
function varyHeader(routes: DocNode | undefined): { varyHeader?: Located<Tri> } {
  const list = items(routes);
  let first: Located<Tri> | undefined;
  for (const route of list) {
    const vary = items(get(get(route, 'responseHeadersPolicy'), 'set'))
      .map((header) =>
        get(header, 'value') !== undefined && isVaryOnOrigin(str(get(header, 'name')), str(get(header, 'value')))
          ? get(header, 'value')
          : undefined,
      )
      .find((value) => value !== undefined);
    if (vary === undefined) return {};
    first ??= { value: true, loc: vary.loc };
  }
  return first === undefined ? {} : { varyHeader: first };
}

function origins(node: DocNode): OriginMatcher[] {
  return listEntries(node, false).map((entry): OriginMatcher => {
    if (entry.value === undefined) return { kind: 'unknown', loc: entry.loc };
    if (entry.value === '*') return exactOrigin('*', entry.loc);
    if (EXACT_ORIGIN.test(entry.value)) return exactOrigin(entry.value, entry.loc, true);
    return { kind: 'pattern', source: entry.value, flags: '', dialect: 're2-full', loc: entry.loc };
  });
}
