import type { CorsPolicy, Located, OriginMatcher, Tri } from '@corsguard/core';
import {
  at,
  get,
  isMap,
  isScalar,
  isSeq,
  isVaryOnOrigin,
  items,
  keyNode,
  listEntries,
  renamedKey,
  resourceHeader,
  str,
  tri,
  walkMaps,
} from '../document/access.js';
import { MAX_DEPTH } from '../document/parse.js';
import type { ConfigDocument, DocNode, MapNode, SeqNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { appendAction, envoyHeaderPolicy, type HeaderLevel, type HeaderMutation } from './envoy-headers.js';
import {
  coversEveryOrigin,
  envoyCorsPolicy,
  exactOrigin,
  withRawHeaders,
  optionalEnvoyFields,
  stringMatchOrigin,
  type CorsKeys,
} from './envoy-cors.js';
import { jwtAuthnGate, jwtPreflightRefusal, type JwtAuthnGate } from './envoy-jwt-authn.js';
import { isFilterConfig, perFilterConfig } from './envoy-per-filter-config.js';

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
 * (`initializeCorsPolicies` and the per-field getters; the levels from
 * `source/common/router/config_impl.cc` `perFilterConfigs`): typed per-filter policies of the route
 * configuration, virtual host, route and weighted cluster are all read, and the legacy route and
 * virtual host fields only when there are none; each setting comes from the most specific policy that
 * sets it (the origin list from the first non-empty one), while `filter_enabled` is the most specific
 * policy's own. Without the `envoy.filters.http.cors` HTTP filter in the connection manager that
 * serves a route configuration, none of this has any effect: a route configuration inline in a
 * connection manager follows that manager's `http_filters`, one referenced through
 * `rds.route_config_name` follows the managers that name it, and any other (an RDS resource file)
 * follows the document's filter lists when it has any. A filter marked `disabled: true` there runs
 * only for requests whose most specific per-filter config for it is a CorsPolicy or a FilterConfig
 * not disabled, and a FilterConfig with `disabled: true` switches an enabled filter off (Envoy docs,
 * "Route based filter chain"; Envoy Gateway's xDS output is written this way). The filter adds no Vary;
 * `response_headers_to_add` on the weighted cluster, route, virtual host or route configuration may.
 * Where no CORS policy applies, `Access-Control-*` headers in `response_headers_to_add` are sent as
 * written, with or without the filter, so they are read as raw headers (raw-headers.ts), except that
 * header formatter commands are filled in per request (Envoy docs, "Custom request/response
 * headers"): `%REQ(origin)%` echoes the request's Origin, any other command is unknown.
 */
const ENVOY_KEYS: CorsKeys = {
  methods: 'allow_methods',
  headers: 'allow_headers',
  expose: 'expose_headers',
  maxAge: 'max_age',
};
const CORS_POLICY_TYPE = /envoy\.extensions\.filters\.http\.cors\.v3\.CorsPolicy$/;
const CORS_FILTER_TYPE = /envoy\.extensions\.filters\.http\.cors\.v3\.Cors$/;
const CONNECTION_MANAGER_TYPE = /\.http_connection_manager\.v[23]\.HttpConnectionManager$/;
/**
 * Top-level keys of the files that hold route configurations: a bootstrap, an RDS/xDS resource file
 * (`resources`, or a bare RouteConfiguration), an admin `config_dump` (`configs`), or one part of it
 * on its own (a RoutesConfigDump or ListenersConfigDump, as `egctl x translate -t route` prints).
 */
const ENVOY_ROOT_KEYS = [
  'static_resources',
  'dynamic_resources',
  'resources',
  'virtual_hosts',
  'route_config',
  'configs',
  'dynamic_route_configs',
  'static_route_configs',
  'dynamic_listeners',
  'static_listeners',
];

export const envoyAdapter: Adapter = {
  name: 'envoy',
  description: 'Envoy static/xDS route configuration CORS (typed_per_filter_config CorsPolicy and legacy cors)',
  detect(doc) {
    if (isEnvoyFilter(doc.root)) return true;
    const root = protoNamed(doc);
    // `istioctl proxy-config routes|listeners -o json|yaml` prints a list of RouteConfigurations or Listeners.
    const resourceList = isSeq(root) && root.items.some((item) => get(item, 'virtual_hosts') !== undefined || get(item, 'filter_chains') !== undefined);
    return (resourceList || ENVOY_ROOT_KEYS.some((key) => get(root, key) !== undefined)) && virtualHostLists(root).length > 0;
  },
  extract(doc) {
    const root = protoNamed(doc);
    if (isEnvoyFilter(doc.root)) return envoyFilterPolicies(root);
    const scope = corsFilterScope(root);
    return virtualHostLists(root).flatMap(({ routeConfig, hosts }) =>
      servedPolicies({ routeConfig, hosts }, scope.filterFor(routeConfig), scope.names, scope.gatesFor(routeConfig)),
    );
  },
};

/**
 * The CORS and raw-header policies of one route configuration served with the CORS filter in `filter`,
 * behind the jwt_authn filters in `gates` (one for each connection manager serving it, when every one
 * runs jwt_authn before the CORS filter; see envoy-jwt-authn.ts).
 */
function servedPolicies({ routeConfig, hosts }: RouteConfiguration, filter: CorsFilterState, names: ReadonlySet<string>, gates: readonly JwtAuthnGate[] = []): CorsPolicy[] {
  const enabledAt = (owners: readonly DocNode[]): boolean =>
    filter !== 'absent' &&
    (owners.map((owner) => perFilterEnabled(owner, names)).find((value) => value !== undefined) ?? filter === 'enabled');
  return [
    ...(filter === 'absent' ? [] : routeConfigPolicies(routeConfig, hosts, enabledAt, gates)),
    ...rawHeaderPolicies(routeConfig, hosts, enabledAt),
  ];
}

/**
 * An Istio `EnvoyFilter` (`networking.istio.io`) patches the Envoy configuration istiod generates, and
 * every HTTP connection manager istiod builds (sidecar inbound and outbound, gateway) runs the CORS
 * filter (istio/istio `pilot/pkg/networking/core` `buildHTTPConnectionManager`: "TypedPerFilterConfig
 * in route needs these filters", `xdsfilters.Cors`). So a patch's Envoy fragment is read as served
 * with the filter on: a `VIRTUAL_HOST` patch's value is a virtual host, an `HTTP_ROUTE` patch's a
 * route, a `ROUTE_CONFIGURATION` patch's a route configuration (its per-filter config reaching every
 * virtual host it merges into), and any other's (`NETWORK_FILTER`, `LISTENER`, `FILTER_CHAIN`) holds
 * whole route configurations inside a connection manager. A `MERGE` keeps istiod's HTTP filters (a
 * list it lists is appended to them); a connection manager added or replacing one runs the filters it
 * lists. A virtual host, route or route configuration merged into istiod's may get `Vary: Origin` from
 * the VirtualService's response headers, which another document holds, so whether it is sent is
 * unknown there. A `REMOVE` patch has no value to read.
 */
function envoyFilterPolicies(root: DocNode): CorsPolicy[] {
  const spec = get(root, 'spec');
  return items(get(spec, 'config_patches') ?? get(spec, 'configPatches')).flatMap((configPatch) => {
    const patch = get(configPatch, 'patch');
    const value = get(patch, 'value');
    const operation = str(get(patch, 'operation')) ?? 'MERGE';
    if (!isMap(value) || operation === 'REMOVE') return [];
    const names = new Set(CORS_FILTER_NAMES);
    // Merged into istiod's virtual hosts and routes, whose VirtualService may add Vary out of sight.
    const merged = (policies: CorsPolicy[]): CorsPolicy[] => (operation === 'MERGE' ? policies.map(varyOutOfSight) : policies);
    switch (str(get(configPatch, 'apply_to') ?? get(configPatch, 'applyTo'))) {
      case 'VIRTUAL_HOST':
        return merged(servedPolicies(fragmentRouteConfiguration(value, [value]), 'enabled', names));
      case 'HTTP_ROUTE':
        return merged(servedPolicies(fragmentRouteConfiguration(value, [fragmentMap(value, 'routes', [value])]), 'enabled', names));
      case 'ROUTE_CONFIGURATION': {
        const [routeConfig] = virtualHostLists(value);
        // Without virtual hosts of its own it merges into every virtual host of the configuration.
        return merged(servedPolicies(routeConfig ?? { routeConfig: value, hosts: fragmentSeq(value, [fragmentMap(value)]) }, 'enabled', names));
      }
      default: {
        const scope = corsFilterScope(value);
        return virtualHostLists(value).flatMap((routeConfig) =>
          servedPolicies(routeConfig, operation === 'MERGE' ? 'enabled' : scope.filterFor(routeConfig.routeConfig), scope.names),
        );
      }
    }
  });
}

function varyOutOfSight(policy: CorsPolicy): CorsPolicy {
  return policy.vary.value === false ? { ...policy, vary: { value: 'unknown', loc: policy.vary.loc } } : policy;
}

function isEnvoyFilter(root: DocNode): boolean {
  const header = resourceHeader(root);
  return header?.group === 'networking.istio.io' && header.kind === 'EnvoyFilter';
}

/** A route configuration around a patch's virtual hosts, positioned at the patch value. */
function fragmentRouteConfiguration(value: MapNode, hosts: DocNode[]): RouteConfiguration {
  return { routeConfig: fragmentMap(value), hosts: fragmentSeq(value, hosts) };
}

function fragmentMap(at: DocNode, key?: string, list?: DocNode[]): MapNode {
  const entries = key === undefined ? [] : [{ key: { type: 'scalar' as const, value: key, text: key, loc: at.loc }, value: fragmentSeq(at, list ?? []) }];
  return { type: 'map', entries, loc: at.loc };
}

function fragmentSeq(at: DocNode, list: DocNode[]): SeqNode {
  return { type: 'seq', items: list, loc: at.loc };
}

/**
 * Envoy loads YAML and JSON with the protobuf JSON parser, which accepts every field under its
 * lowerCamelCase JSON name as well as its proto name, and go-control-plane snapshots or Envoy Gateway's
 * xDS output are written that way (`virtualHosts`, `typedPerFilterConfig`, `allowOriginStringMatch`).
 * The adapter reads proto names, so such a document is read through a copy whose field names are
 * renamed, every node keeping its position. Files without a camelCase route field are read as they are.
 */
const CAMEL_CASE_FIELDS = /\b(?:virtualHosts|routeConfig|staticResources|dynamicResources|typedPerFilterConfig)\b/;
/** Maps whose keys are names (filter names, metadata namespaces, jwt_authn providers and requirements) rather than fields, kept as written. */
const NAME_KEYED_FIELDS = new Set(['typed_per_filter_config', 'per_filter_config', 'filter_metadata', 'typed_filter_metadata', 'providers', 'requirement_map']);
const protoNamedRoots = new WeakMap<ConfigDocument, DocNode>();

/** The last file text searched for camelCase fields: the documents of one stream share it. */
let searchedText: { text: string; camelCase: boolean } | undefined;

function protoNamed(doc: ConfigDocument): DocNode {
  if (searchedText?.text !== doc.fileText) searchedText = { text: doc.fileText, camelCase: CAMEL_CASE_FIELDS.test(doc.fileText) };
  if (!searchedText.camelCase) return doc.root;
  let root = protoNamedRoots.get(doc);
  if (root === undefined) {
    root = withProtoNames(doc.root, new Map(), 0);
    protoNamedRoots.set(doc, root);
  }
  return root;
}

/** A copy of `node` with lowerCamelCase field names in snake_case; shared (aliased) nodes stay shared. */
function withProtoNames(node: DocNode, copies: Map<DocNode, DocNode>, depth: number): DocNode {
  const done = copies.get(node);
  if (done !== undefined) return done;
  if (depth > MAX_DEPTH || (node.type !== 'map' && node.type !== 'seq')) return node;
  if (node.type === 'seq') {
    const copy: SeqNode = { type: 'seq', items: [], loc: node.loc };
    copies.set(node, copy);
    for (const item of node.items) copy.items.push(withProtoNames(item, copies, depth + 1));
    return copy;
  }
  const copy: MapNode = { type: 'map', entries: [], loc: node.loc };
  copies.set(node, copy);
  for (const { key, value } of node.entries) {
    const name = typeof key.value === 'string' && /^[a-z][A-Za-z0-9]*$/.test(key.value)
      ? key.value.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
      : key.value;
    // renamedKey, not a spread: a parsed key computes its `loc` lazily, which a spread would lose.
    const field = name === key.value || typeof name !== 'string' ? key : renamedKey(key, name);
    // The entries of a name-keyed map are renamed below it, not their own keys.
    const childRenames = !(typeof name === 'string' && NAME_KEYED_FIELDS.has(name));
    const childValue = childRenames
      ? withProtoNames(value, copies, depth + 1)
      : withNamesKept(value, copies, depth + 1);
    copy.entries.push({ key: field, value: childValue });
  }
  return copy;
}

/** A name-keyed map: its keys stay as written, the values below them are renamed as usual. */
function withNamesKept(node: DocNode, copies: Map<DocNode, DocNode>, depth: number): DocNode {
  if (node.type !== 'map' || copies.has(node)) return withProtoNames(node, copies, depth);
  const copy: MapNode = { type: 'map', entries: [], loc: node.loc };
  copies.set(node, copy);
  for (const { key, value } of node.entries) copy.entries.push({ key, value: withProtoNames(value, copies, depth + 1) });
  return copy;
}

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

/**
 * How the CORS filter is installed in the connection managers serving a route configuration:
 * `enabled` for every route, `disabled` by default (`disabled: true` on the HTTP filter: only routes
 * whose per-filter config names it run it), or `absent`.
 */
type CorsFilterState = 'enabled' | 'disabled' | 'absent';

const STATE_RANK: Readonly<Record<CorsFilterState, number>> = { absent: 0, disabled: 1, enabled: 2 };

function widest(a: CorsFilterState | undefined, b: CorsFilterState): CorsFilterState {
  return a !== undefined && STATE_RANK[a] >= STATE_RANK[b] ? a : b;
}

interface CorsFilterScope {
  filterFor(routeConfig: MapNode): CorsFilterState;
  /** The jwt_authn filters that see its preflights first: one per serving manager, or none unless every one has it. */
  gatesFor(routeConfig: MapNode): JwtAuthnGate[];
  /** The names the CORS filter has in `http_filters`, the keys its per-filter config goes under. */
  names: ReadonlySet<string>;
}

/**
 * The CORS filter's state for each route configuration: the connection manager holding it inline, or
 * any manager naming it in `rds.route_config_name`, decides; a route configuration no manager in the
 * document claims is served unless the document lists HTTP filters and none of them is the CORS filter.
 */
function corsFilterScope(root: DocNode): CorsFilterScope {
  const inline = new Map<MapNode, CorsFilterState>();
  const byName = new Map<string, CorsFilterState>();
  const inlineGates = new Map<MapNode, (JwtAuthnGate | undefined)[]>();
  const gatesByName = new Map<string, (JwtAuthnGate | undefined)[]>();
  const names = new Set(CORS_FILTER_NAMES);
  let listsFilters = false;
  let widestState: CorsFilterState = 'absent';
  walkMaps(root, (manager) => {
    const filters = get(manager, 'http_filters');
    // A connection manager written without `http_filters` runs the router alone.
    if (!isSeq(filters) && !CONNECTION_MANAGER_TYPE.test(str(get(manager, '@type')) ?? '')) return;
    listsFilters = true;
    let state: CorsFilterState = 'absent';
    for (const filter of items(filters)) {
      const filterState = corsFilterState(filter);
      if (filterState === 'absent') continue;
      state = widest(state, filterState);
      const name = str(get(filter, 'name'));
      if (name !== undefined) names.add(name);
    }
    widestState = widest(widestState, state);
    const gate = jwtAuthnGate(items(filters), (filter) => corsFilterState(filter) !== 'absent');
    const routeConfig = get(manager, 'route_config');
    if (isMap(routeConfig)) {
      inline.set(routeConfig, widest(inline.get(routeConfig), state));
      inlineGates.set(routeConfig, [...(inlineGates.get(routeConfig) ?? []), gate]);
    }
    const rdsName = str(at(manager, 'rds', 'route_config_name'));
    if (rdsName !== undefined) {
      byName.set(rdsName, widest(byName.get(rdsName), state));
      gatesByName.set(rdsName, [...(gatesByName.get(rdsName) ?? []), gate]);
    }
  });
  return {
    names,
    filterFor(routeConfig) {
      const name = str(get(routeConfig, 'name'));
      const claimed = inline.get(routeConfig) ?? (name === undefined ? undefined : byName.get(name));
      return claimed ?? (listsFilters ? widestState : 'enabled');
    },
    gatesFor(routeConfig) {
      const name = str(get(routeConfig, 'name'));
      // A route configuration no manager in the document claims may be served by any: no gate is certain.
      const gates = inlineGates.get(routeConfig) ?? (name === undefined ? undefined : gatesByName.get(name)) ?? [];
      return gates.every((gate) => gate !== undefined) ? gates : [];
    },
  };
}

const CORS_FILTER_NAMES = ['envoy.filters.http.cors', 'envoy.cors'];

function corsFilterState(filter: DocNode): CorsFilterState {
  // A filter the linter cannot read might be the CORS filter.
  if (filter.type === 'dynamic') return 'enabled';
  const name = str(get(filter, 'name')) ?? '';
  const type = str(get(get(filter, 'typed_config'), '@type')) ?? '';
  if (!CORS_FILTER_NAMES.includes(name) && !CORS_FILTER_TYPE.test(type)) return 'absent';
  return tri(get(filter, 'disabled'), false, filter.loc).value === true ? 'disabled' : 'enabled';
}

/**
 * Whether an owner's per-filter config switches the CORS filter on or off for its requests
 * (`RouteEntryImplBase::filterDisabled`, Envoy docs "Route based filter chain"): a FilterConfig's
 * `disabled` decides, any other config for the filter enables it; undefined when the owner has none.
 */
function perFilterEnabled(owner: DocNode, names: ReadonlySet<string>): boolean | undefined {
  const perFilter = perFilterConfig(owner, names, CORS_POLICY_TYPE);
  return perFilter === undefined ? undefined : perFilter.disabled?.value !== true;
}

/** The typed CorsPolicy in a `typed_per_filter_config` map, unwrapping FilterConfig. */
function typedCors(owner: DocNode): MapNode | undefined {
  const perFilter = get(owner, 'typed_per_filter_config');
  if (!isMap(perFilter)) return undefined;
  let found: MapNode | undefined;
  for (const entry of perFilter.entries) {
    let config = entry.value;
    if (isFilterConfig(config)) config = get(config, 'config') ?? config;
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

/** What an owner's `response_headers_to_add` and `response_headers_to_remove` do to response headers. */
function headerLevel(owner: DocNode): HeaderLevel {
  const add: HeaderMutation[] = [];
  for (const option of items(get(owner, 'response_headers_to_add'))) {
    const header = get(option, 'header');
    const key = get(header, 'key');
    const value = get(header, 'value');
    // An empty value adds nothing unless `keep_empty_value` asks for it (HeaderValueOption).
    const empty = isScalar(value) && (value.value === '' || value.value === null);
    if (empty && tri(get(option, 'keep_empty_value'), false, option.loc).value !== true) continue;
    if (isScalar(key) && value !== undefined)
      add.push({ key, value, action: appendAction(get(option, 'append_action'), get(option, 'append')) });
  }
  const remove = listEntries(get(owner, 'response_headers_to_remove') ?? { type: 'seq', items: [], loc: owner.loc }, false)
    .flatMap((entry) => (entry.value === undefined ? [] : [entry.value]));
  return { add, remove };
}

const ACCESS_CONTROL = /^\s*access-control-/i;

const CORS_HEADER = /^\s*(access-control-|vary\s*$)/i;

/** Whether an owner adds or removes an Access-Control-* or Vary header. */
function touchesCorsHeaders(owner: DocNode): boolean {
  const added = items(get(owner, 'response_headers_to_add')).some((option) => CORS_HEADER.test(str(get(get(option, 'header'), 'key')) ?? ''));
  return added || items(get(owner, 'response_headers_to_remove')).some((name) => CORS_HEADER.test(str(name) ?? ''));
}

function setsAccessControl(owner: DocNode): boolean {
  return items(get(owner, 'response_headers_to_add')).some((option) => ACCESS_CONTROL.test(str(get(get(option, 'header'), 'key')) ?? ''));
}

/**
 * Raw Access-Control-* headers the router adds to responses (envoy-headers.ts): for each route (and
 * each weighted cluster), what its chain of levels sends, reported at the most specific level that adds
 * an Access-Control-* header; routes whose chains send the same headers give one policy. Where the
 * CORS filter runs a policy for the route, it replaces Access-Control-Allow-Origin with the request's
 * origin on the responses to the origins it allows (`CorsFilter::encodeHeaders`), and answers their
 * preflights itself; every other origin gets the raw headers as added ("Origin did not match. Do not
 * modify the response headers."), so they are read as the policy those origins meet, unless the filter
 * allows every origin (or may: its matchers are unknown).
 */
function rawHeaderPolicies(routeConfig: MapNode, hosts: SeqNode, filterEnabledAt: (owners: readonly DocNode[]) => boolean): CorsPolicy[] {
  const policies: CorsPolicy[] = [];
  const seen = new Set<string>();
  const configName = `Envoy route configuration ${str(get(routeConfig, 'name')) ?? '(unnamed)'}`;
  const owners = new Map<DocNode, number>();
  const ownerId = (owner: DocNode): number => {
    const id = owners.get(owner) ?? owners.size;
    owners.set(owner, id);
    return id;
  };
  /** `chain` is cluster (if any), route, host, route configuration, each with its label. */
  const add = (chain: readonly { owner: DocNode; source: string }[], cluster: boolean): void => {
    const reporter = chain.find(({ owner }) => setsAccessControl(owner));
    if (reporter === undefined) return;
    const filtered = filterAllows(chain.map(({ owner }) => owner), cluster ? 'cluster' : chain.length === 2 ? 'host' : 'route', filterEnabledAt);
    if (filtered === 'every origin') return;
    // Routes whose chains differ only in headers that are not CORS headers send the same policy.
    const contributing = chain.filter(({ owner }) => touchesCorsHeaders(owner));
    const key = `${contributing.map(({ owner }) => ownerId(owner)).join(',')}${filtered === 'some origins' ? '+' : ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const orders = headerOrders(routeConfig, chain.map(({ owner }) => owner), cluster);
    const list = get(reporter.owner, 'response_headers_to_add') ?? reporter.owner;
    const source = filtered === 'some origins' ? `${reporter.source} (origins its CORS policy does not allow)` : reporter.source;
    const policy = envoyHeaderPolicy(orders, list.loc, source);
    // Behind a CORS policy only Access-Control-Allow-Origin decides which of them the headers serve.
    if (policy !== undefined && (filtered === 'no policy' || policy.origins.length > 0)) policies.push(policy);
  };
  const configLevel = { owner: routeConfig, source: configName };
  for (const { node: host } of firstListings(hosts.items)) {
    const hostName = str(get(host, 'name')) ?? '(unnamed)';
    const hostLevel = { owner: host, source: `Envoy virtual host ${hostName}` };
    const routes = items(get(host, 'routes'));
    if (routes.length === 0) add([hostLevel, configLevel], false);
    firstListings(routes).forEach(({ node: route, index }) => {
      const routeLevel = { owner: route, source: `Envoy virtual host ${hostName} route ${str(get(route, 'name')) ?? routeMatch(route) ?? String(index)}` };
      const clusters = weightedClusters(route);
      if (clusters.length === 0) add([routeLevel, hostLevel, configLevel], false);
      clusters.forEach((cluster, clusterIndex) => {
        const clusterLevel = { owner: cluster, source: `${routeLevel.source} cluster ${str(get(cluster, 'name')) ?? String(clusterIndex)}` };
        add([clusterLevel, routeLevel, hostLevel, configLevel], true);
      });
    });
  }
  return policies;
}

/**
 * The orders Envoy may run a chain's header levels in (`chain` most specific first, a weighted cluster
 * first when `cluster` is set): a weighted cluster's headers come first either way, and the rest of the
 * chain is reversed under `most_specific_header_mutations_wins` (both orders when that is unknown).
 */
function headerOrders(routeConfig: MapNode, chain: readonly DocNode[], cluster: boolean): HeaderLevel[][] {
  const mostSpecificWins = tri(get(routeConfig, 'most_specific_header_mutations_wins'), false, routeConfig.loc).value;
  const levels = chain.map(headerLevel);
  const [first, ...rest] = levels;
  const reversed = cluster && first !== undefined ? [first, ...rest.reverse()] : [...levels].reverse();
  return mostSpecificWins === true ? [reversed] : mostSpecificWins === false ? [levels] : [levels, reversed];
}

/**
 * Which origins the CORS filter serves itself on a route's responses: none (`no policy`: the filter is
 * absent or off for the route, or no policy reaches it), `some origins` (an allowlist), or `every
 * origin` (a matcher that matches everything, or one the linter cannot read). `chain` is the owners,
 * most specific first: a weighted cluster's, a route's or (for a host without routes) a host's.
 */
function filterAllows(
  chain: readonly DocNode[],
  leaf: 'cluster' | 'route' | 'host',
  filterEnabledAt: (owners: readonly DocNode[]) => boolean,
): 'no policy' | 'some origins' | 'every origin' {
  const [route, host] = leaf === 'cluster' ? chain.slice(1) : chain;
  // The filter does nothing without a route entry (`CorsFilter::decodeHeaders`): no route matched, or
  // the route answers itself (a redirect, a direct response).
  if (leaf === 'host' || route === undefined || !routeReachesUpstream(route) || !filterEnabledAt(chain)) return 'no policy';
  const typed = chain.map(typedCors);
  const legacy = [legacyCors(get(route, 'route')), legacyCors(host)];
  const blocks = (typed.some((block) => block !== undefined) ? typed : legacy).filter((block): block is MapNode => block !== undefined);
  if (blocks.length === 0) return 'no policy';
  const policy = combinedPolicy(blocks, '', undefined);
  if (policy === undefined) return 'no policy';
  return coversEveryOrigin(policy) ? 'every origin' : 'some origins';
}

/**
 * One policy for every level that holds its own CORS block (route configuration, virtual host, route,
 * weighted cluster), combined with the blocks it inherits from, most specific first. Levels whose
 * routes all answer from Envoy itself (`redirect`, `direct_response`) are skipped: the filter does
 * nothing for a route without a route entry (`CorsFilter::decodeHeaders`).
 */
function routeConfigPolicies(
  routeConfig: MapNode,
  hosts: SeqNode,
  filterEnabledAt: (owners: readonly DocNode[]) => boolean,
  gates: readonly JwtAuthnGate[],
): CorsPolicy[] {
  const policies: CorsPolicy[] = [];
  const add = (
    typed: (MapNode | undefined)[],
    legacy: (MapNode | undefined)[],
    source: string,
    headerOwners: DocNode[],
    reachesUpstream: boolean,
    routes: readonly DocNode[],
  ): void => {
    // The owners, most specific first, are also the levels whose per-filter config turns the filter on or off.
    if (!reachesUpstream || !filterEnabledAt(headerOwners)) return;
    // Typed per-filter policies are used whenever any exists for the request; legacy ones otherwise.
    const chain = typed.some((block) => block !== undefined) ? typed : legacy;
    if (chain[0] === undefined) return;
    const blocks = chain.filter((block): block is MapNode => block !== undefined);
    const policy = combinedPolicy(blocks, source, varyHeader(headerOwners));
    if (policy === undefined) return;
    // What the levels' raw headers add where the filter writes nothing (credentials, exposed headers).
    const raw = envoyHeaderPolicy(headerOrders(routeConfig, headerOwners, headerOwners.length === 4), policy.loc, source);
    policies.push(refusedByJwtAuthn(withRawHeaders(policy, raw), gates, headerOwners, routes));
  };
  const typedConfig = typedCors(routeConfig);
  const configSource = `Envoy route configuration ${str(get(routeConfig, 'name')) ?? '(unnamed)'}`;
  add([typedConfig], [], configSource, [routeConfig], hosts.items.some((host) => typedCors(host) === undefined && inheritingRouteReachesUpstream(host, true)), []);
  for (const { node: host } of firstListings(hosts.items)) {
    const hostSource = `Envoy virtual host ${str(get(host, 'name')) ?? '(unnamed)'}`;
    const typedHost = typedCors(host);
    const legacyHost = legacyCors(host);
    const typedAbove = typedHost !== undefined || typedConfig !== undefined;
    add([typedHost, typedConfig], [legacyHost], hostSource, [host, routeConfig], inheritingRouteReachesUpstream(host, typedAbove), inheritingRoutes(host, typedAbove));
    firstListings(items(get(host, 'routes'))).forEach(({ node: route, index }) => {
      const routeSource = `${hostSource} route ${str(get(route, 'name')) ?? routeMatch(route) ?? String(index)}`;
      const typedRoute = typedCors(route);
      const owners = [route, host, routeConfig];
      const legacy = [legacyCors(get(route, 'route')), legacyHost];
      add([typedRoute, typedHost, typedConfig], legacy, routeSource, owners, routeReachesUpstream(route), [route]);
      weightedClusters(route).forEach((cluster, clusterIndex) => {
        const clusterSource = `${routeSource} cluster ${str(get(cluster, 'name')) ?? String(clusterIndex)}`;
        add([typedCors(cluster), typedRoute, typedHost, typedConfig], [], clusterSource, [cluster, ...owners], true, [route]);
      });
    });
  }
  return policies;
}

/**
 * The policy with the preflight the jwt_authn filters in front of the CORS filter refuse, when every
 * one certainly does for these owners' requests, and the token header as what makes browsers preflight.
 */
function refusedByJwtAuthn(policy: CorsPolicy, gates: readonly JwtAuthnGate[], owners: readonly DocNode[], routes: readonly DocNode[]): CorsPolicy {
  const refusals = gates.map((gate) => jwtPreflightRefusal(gate, owners, routes));
  const [refusal] = refusals;
  if (refusal === undefined || refusals.some((other) => other === undefined)) return policy;
  const target = policy.source.replace(/^Envoy /, '');
  const headers = refusal.requiredHeaders.length > 0 ? { requiredRequestHeaders: refusal.requiredHeaders } : {};
  return { ...policy, preflight: { handling: 'refused-before-cors', target, refusedBy: refusal.refusedBy, loc: refusal.loc }, ...headers };
}

/**
 * The nodes of a list with their places, each only where it is first listed: a virtual host or route
 * listed again through a YAML alias is the same one, whose findings sit at one place, and hosts ×
 * routes listed by alias would otherwise multiply into as many copies of one policy.
 */
function firstListings(list: readonly DocNode[]): { node: DocNode; index: number }[] {
  const seen = new Set<DocNode>();
  return list.flatMap((node, index) => {
    if (seen.has(node)) return [];
    seen.add(node);
    return [{ node, index }];
  });
}

/** A route Envoy answers itself (a redirect or a direct response) has no route entry. */
function routeReachesUpstream(route: DocNode): boolean {
  return get(route, 'route') !== undefined || (get(route, 'redirect') === undefined && get(route, 'direct_response') === undefined);
}

/**
 * Whether a request reaches upstream on a route of the host that takes its CORS policy from the levels
 * above it: one without a policy of its own (with a typed per-filter policy above, a route's legacy
 * `cors` is not read). A route with its own policy is reported with what it inherits, so a level
 * whose every such route has one (`filter_enabled` at 0 on each, say) applies to no request.
 */
function inheritingRouteReachesUpstream(host: DocNode, typedAbove: boolean): boolean {
  return items(get(host, 'routes')).length === 0 || inheritingRoutes(host, typedAbove).length > 0;
}

/** The routes of a host that reach upstream and take their CORS policy from the levels above them. */
function inheritingRoutes(host: DocNode, typedAbove: boolean): DocNode[] {
  return items(get(host, 'routes')).filter(
    (route) => routeReachesUpstream(route) && typedCors(route) === undefined && (typedAbove || legacyCors(get(route, 'route')) === undefined),
  );
}

/** The clusters of a route's `weighted_clusters` action, each of which may carry per-filter config. */
function weightedClusters(route: DocNode): DocNode[] {
  return items(at(route, 'route', 'weighted_clusters', 'clusters'));
}

function routeMatch(route: DocNode): string | undefined {
  const match = get(route, 'match');
  return str(get(match, 'prefix')) ?? str(get(match, 'path')) ?? str(get(get(match, 'safe_regex'), 'regex'));
}

/** The keys that set a CORS policy's allowed origins, current and v2. */
const ORIGIN_KEYS = ['allow_origin_string_match', 'allow_origin', 'allow_origin_regex'];

/**
 * The policy for blocks in precedence order (route first): each setting comes from the first block
 * that sets it, as the filter's getters do. Undefined when the filter is switched off at 0%.
 */
function combinedPolicy(blocks: MapNode[], source: string, vary: Located<Tri> | undefined): CorsPolicy | undefined {
  const first = blocks[0];
  if (first === undefined) return undefined;
  const pick = (key: string): MapNode | undefined => blocks.find((block) => get(block, key) !== undefined);
  // Whether the filter is on is the most specific policy's own setting (`CorsFilter::enabled`).
  if (str(at(first, 'filter_enabled', 'default_value', 'numerator')) === '0') return undefined;
  // v2's `enabled: false` switched the policy off.
  if (tri(get(first, 'enabled'), true, first.loc).value === false) return undefined;

  // The origins are the first policy's whose list is not empty (`CorsFilter::allowOrigins`).
  const setsOrigins = (block: MapNode, key: string): boolean => {
    const list = get(block, key);
    return list !== undefined && !(isSeq(list) && list.items.length === 0);
  };
  const originBlock = blocks.find((block) => ORIGIN_KEYS.some((key) => setsOrigins(block, key)));
  const originsKeyName = originBlock && ORIGIN_KEYS.find((key) => setsOrigins(originBlock, key));
  const originsKey = originBlock && originsKeyName ? keyNode(originBlock, originsKeyName) : undefined;
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
    // Without a Vary header the fault lies with the origins that vary per request: blaming their key
    // (rather than each route that inherits them, or the block's first key, often `@type`) reports it
    // once, where Istio, Contour and Emissary report it.
    varyHeader: vary ?? { value: false, loc: (originsKey ?? originBlock ?? first).loc },
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
  // A lone matcher written without the list (`allow_origin_string_match: { safe_regex: … }`) is read as
  // a one-item list, as the protobuf JSON parser Envoy loads YAML with does.
  const stringMatches = get(block, 'allow_origin_string_match');
  for (const matcher of isMap(stringMatches) ? [stringMatches] : items(stringMatches))
    matchers.push(stringMatchOrigin(matcher));
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
