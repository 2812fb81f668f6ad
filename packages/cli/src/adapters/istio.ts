import type { CorsPolicy, Located, OriginMatcher, Tri } from '@corsguard/core';
import { get, isMap, isVaryOnOrigin, items, listEntries, resourceHeader, str, tri } from '../document/access.js';
import type { DocNode, MapEntry, MapNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { envoyCorsPolicy, exactOrigin, optionalEnvoyFields, stringMatchOrigin, type CorsKeys } from './envoy-cors.js';
import { rawHeaderGroupPolicy } from './raw-headers.js';

const ISTIO_KEYS: CorsKeys = {
  methods: 'allowMethods',
  headers: 'allowHeaders',
  expose: 'exposeHeaders',
  maxAge: 'maxAge',
};

/**
 * Istio `VirtualService` `spec.http[].corsPolicy` (cors-facts 2.9). Keys from istio/api
 * `networking/v1alpha3/virtual_service.proto`, message `CorsPolicy`: `allowOrigins` is a list of
 * StringMatch (`exact`, `prefix`, `regex` in RE2, matched against the whole origin), the deprecated
 * `allowOrigin` a list of exact strings (ignored next to `allowOrigins`), `maxAge` a protobuf Duration (`"24h"`, `"300s"`),
 * `allowCredentials` a bool, `unmatchedPreflights` (FORWARD by default) only decides what happens to
 * preflights from origins that do not match. A route's `headers.response.set`/`add` may add the
 * `Vary: Origin` the filter leaves out. Istio compiles the policy to Envoy's CORS filter, so the
 * shared Envoy semantics apply (echoed origin, `*` matchers allow everything, no Vary). A route
 * without `corsPolicy` that sets `Access-Control-*` in `headers.response.set`/`add` sends those values
 * verbatim, so they are read as raw headers (raw-headers.ts).
 */
export const istioAdapter: Adapter = {
  name: 'istio',
  description: 'Istio VirtualService spec.http[].corsPolicy',
  detect(doc) {
    const header = resourceHeader(doc.root);
    return header?.group === 'networking.istio.io' && header.kind === 'VirtualService';
  },
  extract(doc) {
    const name = resourceHeader(doc.root)?.name ?? '(unnamed)';
    const policies: CorsPolicy[] = [];
    items(get(get(doc.root, 'spec'), 'http')).forEach((route, index) => {
      const cors = get(route, 'corsPolicy');
      const routeName = str(get(route, 'name'));
      if (!isMap(cors)) {
        const response = get(get(route, 'headers'), 'response');
        const raw = isMap(response)
          ? rawHeaderGroupPolicy(
              response,
              responseHeaders(response),
              `Istio VirtualService ${name} http[${routeName ?? index}] headers.response`,
            )
          : undefined;
        if (raw !== undefined) policies.push(raw);
        return;
      }
      policies.push(
        envoyCorsPolicy({
          block: cors,
          source: `Istio VirtualService ${name} http[${routeName ?? index}]`,
          origins: origins(cors),
          credentials: tri(get(cors, 'allowCredentials'), false, cors.loc),
          ...optionalEnvoyFields(cors, ISTIO_KEYS, 'duration'),
          ...varyHeader(route),
        }),
      );
    });
    return policies;
  },
};

/**
 * A `Vary: Origin` the route adds to responses: in its own `headers.response.set`/`add`, or in that of
 * every destination it routes to.
 */
function varyHeader(route: DocNode): { varyHeader?: Located<Tri> } {
  const own = responseVary(route);
  if (own !== undefined) return { varyHeader: own };
  const destinations = items(get(route, 'route'));
  const perDestination = destinations.map(responseVary);
  const first = perDestination[0];
  return first !== undefined && perDestination.every((vary) => vary !== undefined) ? { varyHeader: first } : {};
}

/** The headers a route's `headers.response` sets or adds, as one `{ Name: value }` mapping. */
function responseHeaders(response: MapNode): MapNode {
  const entries: MapEntry[] = [];
  for (const operation of ['set', 'add']) {
    const headers = get(response, operation);
    if (isMap(headers)) entries.push(...headers.entries);
  }
  return { type: 'map', entries, loc: response.loc };
}

function responseVary(owner: DocNode): Located<Tri> | undefined {
  const response = get(get(owner, 'headers'), 'response');
  for (const operation of ['set', 'add']) {
    const headers = get(response, operation);
    if (!isMap(headers)) continue;
    for (const entry of headers.entries) {
      if (isVaryOnOrigin(entry.key.text, str(entry.value))) return { value: true, loc: entry.value.loc };
    }
  }
  return undefined;
}

/**
 * The origin matchers Istio compiles: `allowOrigins` when it holds any entry, the deprecated
 * `allowOrigin` only otherwise (istio/istio `pilot/pkg/networking/core/route/route.go`,
 * `TranslateCORSPolicy`: `if in.AllowOrigins != nil { … } else if in.AllowOrigin != nil { … }`; an
 * empty repeated field decodes to nil).
 */
function origins(cors: DocNode): OriginMatcher[] {
  const matchers: OriginMatcher[] = [];
  const allowOrigins = get(cors, 'allowOrigins');
  if (allowOrigins !== undefined) {
    if (allowOrigins.type === 'seq') matchers.push(...allowOrigins.items.map(stringMatchOrigin));
    else if (allowOrigins.type !== 'scalar' || allowOrigins.value !== null)
      matchers.push({ kind: 'unknown', loc: allowOrigins.loc });
  }
  const deprecated = get(cors, 'allowOrigin');
  if (deprecated !== undefined && matchers.length === 0) {
    for (const entry of listEntries(deprecated, false)) {
      matchers.push(
        entry.value === undefined ? { kind: 'unknown', loc: entry.loc } : exactOrigin(entry.value, entry.loc),
      );
    }
  }
  return matchers;
}
