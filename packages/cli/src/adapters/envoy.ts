import type { CorsPolicy, Located, OriginMatcher, Tri } from '@corsguard/core';
import { get, isMap, isScalar, isSeq, isVaryOnOrigin, items, listEntries, str, tri, walkMaps } from '../document/access.js';
import type { ConfigDocument, DocNode, MapEntry, MapNode, SeqNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { envoyCorsPolicy, exactOrigin, optionalEnvoyFields, stringMatchOrigin, type CorsKeys } from './envoy-cors.js';
import { rawHeaderGroupPolicy } from './raw-headers.js';

/**
 * Raw Envoy configuration (cors-facts 2.10): bootstrap files with `static_resources`, and RDS/xDS
 * dumps, wherever a route configuration's `virtual_hosts` appear. A CORS policy sits in a virtual
 * host's or route's `typed_per_filter_config` (any key whose value has `@type`
 * `type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy`, possibly wrapped in
 * `envoy.config.route.v3.FilterConfig`), or in the legacy `cors` field of a virtual host or of a
 * route's `route` action. Keys from envoyproxy/envoy
 * `api/envoy/extensions/filters/http/cors/v3/cors.proto` and
 * `api/envoy/config/route/v3/route_components.proto`: `allow_origin_string_match` (StringMatchers;
 * v2's `allow_origin` exact strings and `allow_origin_regex` too), `allow_methods`, `allow_headers`,
 * `expose_headers` and `max_age` as strings, `allow_credentials`, `allow_private_network_access`,
 * `filter_enabled`. How they combine, from `source/extensions/filters/http/cors/cors_filter.cc`
 * (`initializeCorsPolicies` and the per-field getters): typed per-filter policies win and the legacy
 * fields are read only when there are none; each setting comes from the route's policy when it sets
 * it, else from the virtual host's. Without the `envoy.filters.http.cors` HTTP filter in the listener,
 * none of this has any effect, so a document that lists HTTP filters without it yields no policy. The
 * filter adds no Vary; `response_headers_to_add` on the route, virtual host or route configuration may.
 * Where no CORS policy applies, `Access-Control-*` headers in `response_headers_to_add` are sent as
 * written, with or without the filter, so they are read as raw headers (raw-headers.ts).
 */
const ENVOY_KEYS: CorsKeys = {
  methods: 'allow_methods',
  headers: 'allow_headers',
  expose: 'expose_headers',
  maxAge: 'max_age',
};
const CORS_POLICY_TYPE = /envoy\.extensions\.filters\.http\.cors\.v3\.CorsPolicy$/;
const FILTER_CONFIG_TYPE = /envoy\.config\.route\.v3\.FilterConfig$/;
const CORS_FILTER_TYPE = /envoy\.extensions\.filters\.http\.cors\.v3\.Cors$/;
/**
 * Top-level keys of the files that hold route configurations: a bootstrap, an RDS/xDS resource file
 * (`resources`, or a bare RouteConfiguration), an admin `config_dump` (`configs`).
 */
const ENVOY_ROOT_KEYS = [
  'static_resources',
  'dynamic_resources',
  'resources',
  'virtual_hosts',
  'route_config',
  'configs',
];

export const envoyAdapter: Adapter = {
  name: 'envoy',
  description: 'Envoy static/xDS route configuration CORS (typed_per_filter_config CorsPolicy and legacy cors)',
  detect(doc) {
    return ENVOY_ROOT_KEYS.some((key) => get(doc.root, key) !== undefined) && virtualHostLists(doc.root).length > 0;
  },
  extract(doc) {
    const filterInstalled = corsFilterInstalled(doc);
    const policies: CorsPolicy[] = [];
    for (const { routeConfig, hosts } of virtualHostLists(doc.root)) {
      if (filterInstalled) for (const host of hosts.items) policies.push(...hostPolicies(host, routeConfig));
      policies.push(...rawHeaderPolicies(routeConfig, hosts, filterInstalled));
    }
    return policies;
  },
};

interface RouteConfiguration {
  routeConfig: MapNode;
  hosts: SeqNode;
}

/** Every route configuration (a map with `virtual_hosts`) in the document, found by a bounded walk. */
function virtualHostLists(root: DocNode): RouteConfiguration[] {
  const found: RouteConfiguration[] = [];
  walkMaps(root, (map) => {
    const hosts = get(map, 'virtual_hosts');
    const isHost = (host: DocNode): boolean =>
      isMap(host) && (get(host, 'domains') !== undefined || get(host, 'routes') !== undefined);
    if (isSeq(hosts) && hosts.items.some(isHost)) found.push({ routeConfig: map, hosts });
  });
  return found;
}

/** False only when the document lists HTTP filters and none of them is the CORS filter. */
function corsFilterInstalled(doc: ConfigDocument): boolean {
  let listsFilters = false;
  let hasCors = false;
  walkMaps(doc.root, (map) => {
    const filters = get(map, 'http_filters');
    if (!isSeq(filters)) return;
    listsFilters = true;
    for (const filter of filters.items) {
      const name = str(get(filter, 'name')) ?? '';
      const type = str(get(get(filter, 'typed_config'), '@type')) ?? '';
      if (name === 'envoy.filters.http.cors' || name === 'envoy.cors' || CORS_FILTER_TYPE.test(type)) hasCors = true;
      // A filter the linter cannot read might be the CORS filter.
      if (filter.type === 'dynamic') hasCors = true;
    }
  });
  return hasCors || !listsFilters;
}

/** The typed CorsPolicy in a `typed_per_filter_config` map, unwrapping FilterConfig. */
function typedCors(owner: DocNode): MapNode | undefined {
  const perFilter = get(owner, 'typed_per_filter_config');
  if (!isMap(perFilter)) return undefined;
  let found: MapNode | undefined;
  for (const entry of perFilter.entries) {
    let config = entry.value;
    if (FILTER_CONFIG_TYPE.test(str(get(config, '@type')) ?? '')) config = get(config, 'config') ?? config;
    const type = str(get(config, '@type'));
    const named = entry.key.value === 'envoy.filters.http.cors' && type === undefined;
    if (isMap(config) && (named || CORS_POLICY_TYPE.test(type ?? ''))) found = config;
  }
  return found;
}

function legacyCors(owner: DocNode | undefined): MapNode | undefined {
  const cors = get(owner, 'cors');
  return isMap(cors) ? cors : undefined;
}

/** A `Vary: Origin` in the first of these owners' `response_headers_to_add` (route, host, route config). */
function varyHeader(owners: readonly (DocNode | undefined)[]): Located<Tri> | undefined {
  for (const owner of owners) {
    for (const option of items(get(owner, 'response_headers_to_add'))) {
      const header = get(option, 'header');
      const value = get(header, 'value');
      if (value !== undefined && isVaryOnOrigin(str(get(header, 'key')), str(value)))
        return { value: true, loc: value.loc };
    }
  }
  return undefined;
}

/** The headers an owner's `response_headers_to_add` adds, as one `{ Name: value }` mapping. */
function addedHeaders(owner: DocNode | undefined): MapNode | undefined {
  const options = get(owner, 'response_headers_to_add');
  if (!isSeq(options)) return undefined;
  const entries: MapEntry[] = [];
  for (const option of options.items) {
    const header = get(option, 'header');
    const key = get(header, 'key');
    const value = get(header, 'value');
    if (isScalar(key) && value !== undefined) entries.push({ key, value });
  }
  return { type: 'map', entries, loc: options.loc };
}

/**
 * Raw Access-Control-* headers added by a route configuration, virtual host or route that no CORS
 * policy covers (with the filter installed, a policy on the host or route takes over the headers).
 */
function rawHeaderPolicies(routeConfig: MapNode, hosts: SeqNode, filterInstalled: boolean): CorsPolicy[] {
  const policies: CorsPolicy[] = [];
  const add = (owner: DocNode | undefined, source: string): void => {
    const headers = addedHeaders(owner);
    const policy = headers === undefined ? undefined : rawHeaderGroupPolicy(headers, headers, source);
    if (policy !== undefined) policies.push(policy);
  };
  const hostCors = (host: DocNode): boolean => typedCors(host) !== undefined || legacyCors(host) !== undefined;
  const routeCors = (route: DocNode): boolean =>
    typedCors(route) !== undefined || legacyCors(get(route, 'route')) !== undefined;
  const covered = (host: DocNode): boolean => filterInstalled && (hostCors(host) || items(get(host, 'routes')).some(routeCors));
  if (!hosts.items.some(covered)) add(routeConfig, `Envoy route configuration ${str(get(routeConfig, 'name')) ?? '(unnamed)'}`);
  for (const host of hosts.items) {
    const hostName = str(get(host, 'name')) ?? '(unnamed)';
    if (covered(host)) continue;
    add(host, `Envoy virtual host ${hostName}`);
    items(get(host, 'routes')).forEach((route, index) => {
      add(route, `Envoy virtual host ${hostName} route ${str(get(route, 'name')) ?? routeMatch(route) ?? String(index)}`);
    });
  }
  return policies;
}

function hostPolicies(host: DocNode, routeConfig: MapNode): CorsPolicy[] {
  const hostName = str(get(host, 'name')) ?? '(unnamed)';
  const routes = items(get(host, 'routes'));
  const typedHost = typedCors(host);
  const policies: CorsPolicy[] = [];
  const hostBlock = typedHost ?? legacyCors(host);
  if (hostBlock !== undefined) {
    const policy = combinedPolicy([hostBlock], `Envoy virtual host ${hostName}`, varyHeader([host, routeConfig]));
    if (policy) policies.push(policy);
  }
  routes.forEach((route, index) => {
    const typedRoute = typedCors(route);
    const legacyRoute = legacyCors(get(route, 'route'));
    // Typed per-filter policies are used whenever any exists for the request; legacy ones otherwise.
    const chain =
      typedRoute !== undefined || typedHost !== undefined ? [typedRoute, typedHost] : [legacyRoute, legacyCors(host)];
    if (chain[0] === undefined) return;
    const routeName = str(get(route, 'name')) ?? routeMatch(route) ?? String(index);
    const policy = combinedPolicy(
      chain.filter((block): block is MapNode => block !== undefined),
      `Envoy virtual host ${hostName} route ${routeName}`,
      varyHeader([route, host, routeConfig]),
    );
    if (policy) policies.push(policy);
  });
  return policies;
}

function routeMatch(route: DocNode): string | undefined {
  const match = get(route, 'match');
  return str(get(match, 'prefix')) ?? str(get(match, 'path')) ?? str(get(get(match, 'safe_regex'), 'regex'));
}

/**
 * The policy for blocks in precedence order (route first): each setting comes from the first block
 * that sets it, as the filter's getters do. Undefined when the filter is switched off at 0%.
 */
function combinedPolicy(blocks: MapNode[], source: string, vary: Located<Tri> | undefined): CorsPolicy | undefined {
  const first = blocks[0];
  if (first === undefined) return undefined;
  const pick = (key: string): MapNode | undefined => blocks.find((block) => get(block, key) !== undefined);
  const enabled = pick('filter_enabled');
  if (enabled !== undefined && str(get(get(get(enabled, 'filter_enabled'), 'default_value'), 'numerator')) === '0')
    return undefined;
  // v2's `enabled: false` switched the policy off.
  const legacyEnabled = pick('enabled');
  if (legacyEnabled !== undefined && tri(get(legacyEnabled, 'enabled'), true, first.loc).value === false)
    return undefined;

  const originBlock = blocks.find((block) =>
    ['allow_origin_string_match', 'allow_origin', 'allow_origin_regex'].some((key) => get(block, key) !== undefined),
  );
  const optional = Object.assign(
    {},
    ...[...blocks].reverse().map((block) => optionalEnvoyFields(block, ENVOY_KEYS, 'seconds')),
  ) as ReturnType<typeof optionalEnvoyFields>;
  const credentialsBlock = pick('allow_credentials');
  const privateNetworkBlock = pick('allow_private_network_access');
  return envoyCorsPolicy({
    block: first,
    source,
    origins: originBlock === undefined ? [] : origins(originBlock),
    credentials: boolValue(credentialsBlock, 'allow_credentials', first),
    ...optional,
    ...(privateNetworkBlock === undefined
      ? {}
      : { allowPrivateNetwork: boolValue(privateNetworkBlock, 'allow_private_network_access', first) }),
    // Without a Vary header the fault lies with the block whose origins vary per request; blaming it
    // (rather than each route that inherits them) reports it once.
    varyHeader: vary ?? { value: false, loc: (originBlock ?? first).loc },
  });
}

/** A google.protobuf.BoolValue, written as a bare bool or as `{ value: bool }`. */
function boolValue(block: MapNode | undefined, key: string, fallback: MapNode): Located<Tri> {
  if (block === undefined) return { value: false, loc: fallback.loc };
  const node = get(block, key);
  return tri(isMap(node) ? (get(node, 'value') ?? node) : node, false, fallback.loc);
}

function origins(block: MapNode): OriginMatcher[] {
  const matchers: OriginMatcher[] = [];
  for (const matcher of items(get(block, 'allow_origin_string_match'))) matchers.push(stringMatchOrigin(matcher));
  const exact = get(block, 'allow_origin');
  if (exact !== undefined) {
    for (const entry of listEntries(exact, false)) {
      matchers.push(
        entry.value === undefined ? { kind: 'unknown', loc: entry.loc } : exactOrigin(entry.value, entry.loc),
      );
    }
  }
  const regexes = get(block, 'allow_origin_regex');
  if (regexes !== undefined) {
    for (const entry of listEntries(regexes, false)) {
      matchers.push(
        entry.value === undefined
          ? { kind: 'unknown', loc: entry.loc }
          : { kind: 'pattern', source: entry.value, flags: '', dialect: 're2-full', loc: entry.loc },
      );
    }
  }
  return matchers;
}
