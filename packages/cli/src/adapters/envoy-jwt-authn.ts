import type { LocatedString, SourceLocation } from '@corsguard/core';
import { get, isMap, isSeq, items, keyNode, str, tri } from '../document/access.js';
import type { DocNode, MapNode } from '../document/node.js';
import { perFilterConfig } from './envoy-per-filter-config.js';

/**
 * Envoy's `envoy.filters.http.jwt_authn` filter in front of the CORS filter (envoyproxy/envoy
 * `source/extensions/filters/http/jwt_authn/filter.cc`, `Filter::decodeHeaders`). HTTP filters decode
 * a request in the order `http_filters` lists them, so when jwt_authn comes first it sees every
 * preflight before the CORS filter can answer it. A preflight never carries the token (Fetch standard,
 * "CORS-preflight request": no credentials, no author headers), so a requirement that needs one fails
 * with `JwtMissed` and the filter answers 401 itself (`onComplete`), without CORS headers. It lets the
 * preflight through when:
 *
 * - `bypass_cors_preflight` is true (checked before anything else);
 * - no requirement applies: the most specific per-route `JwtPerRoute` config (`disabled: true`, or a
 *   `requirement_name` from `requirement_map`) wins over `rules`, and otherwise the first rule whose
 *   `match` matches the request decides (`FilterConfigImpl::findVerifier`), none meaning no check;
 * - the requirement accepts a missing token: `allow_missing`, `allow_missing_or_failed`, a
 *   `requires_any` with such an alternative (api/envoy/extensions/filters/http/jwt_authn/v3/config.proto).
 *
 * A provider that takes the token from a query parameter (`from_params`) may find it in the
 * preflight's URL, so it is unknown; one with no location set reads `Authorization: Bearer` (and the
 * `access_token` parameter, which browsers' clients rarely use). Everything the linter cannot read
 * is unknown, and only a certain refusal is reported.
 */
const JWT_AUTHN_NAMES = ['envoy.filters.http.jwt_authn'];
const JWT_AUTHN_TYPE = /envoy\.extensions\.filters\.http\.jwt_authn\.v3\.JwtAuthentication$/;
const JWT_PER_ROUTE_TYPE = /envoy\.extensions\.filters\.http\.jwt_authn\.v3\.PerRouteConfig$/;
/** requires_any / requires_all nest; real configs go two or three deep. */
const MAX_REQUIREMENT_DEPTH = 16;

/** The jwt_authn filter a connection manager runs before its CORS filter. */
export interface JwtAuthnGate {
  /** The filter's entry in `http_filters`, where a refused preflight is reported. */
  filter: MapNode;
  /** Its JwtAuthentication config. */
  config: MapNode;
  /** The names its per-route config goes under in `typed_per_filter_config`. */
  names: ReadonlySet<string>;
}

/** A preflight the gate certainly refuses, with the headers the requirement makes every request carry. */
export interface JwtRefusal {
  loc: SourceLocation;
  refusedBy: string;
  requiredHeaders: LocatedString[];
}

/**
 * The jwt_authn filter of an `http_filters` list when it runs before the CORS filter, enabled and with
 * a config the linter can read; undefined otherwise. `isCorsFilter` says which entry is the CORS filter.
 */
export function jwtAuthnGate(filters: readonly DocNode[], isCorsFilter: (filter: DocNode) => boolean): JwtAuthnGate | undefined {
  for (const filter of filters) {
    if (isCorsFilter(filter)) return undefined;
    if (!isMap(filter)) continue;
    const name = str(get(filter, 'name')) ?? '';
    const config = get(filter, 'typed_config') ?? get(filter, 'config');
    if (!JWT_AUTHN_NAMES.includes(name) && !JWT_AUTHN_TYPE.test(str(get(config, '@type')) ?? '')) continue;
    // A filter disabled by default runs only where a route's config turns it on: left unknown.
    if (tri(get(filter, 'disabled'), false, filter.loc).value !== false || !isMap(config)) return undefined;
    return { filter, config, names: new Set([...JWT_AUTHN_NAMES, ...(name === '' ? [] : [name])]) };
  }
  return undefined;
}

/**
 * Whether the gate refuses the preflights of a CORS policy whose owners are `owners` (most specific
 * first: weighted cluster, route, virtual host, route configuration) for the requests of `routes`: the
 * policy's route, or the routes that inherit a virtual host's policy (none: any path). Refused when the
 * requests of one of them include some the applying requirement certainly refuses.
 */
export function jwtPreflightRefusal(gate: JwtAuthnGate, owners: readonly DocNode[], routes: readonly DocNode[]): JwtRefusal | undefined {
  const { config } = gate;
  if (tri(get(config, 'bypass_cors_preflight'), false, config.loc).value !== false) return undefined;
  const verdicts = routes.length === 0 ? [applyingRequirement(gate, owners, undefined)] : routes.map((route) => applyingRequirement(gate, [route, ...owners.filter((owner) => owner !== route)], route));
  const verdict = verdicts.find((candidate) => candidate.kind === 'refuses');
  if (verdict?.kind !== 'refuses') return undefined;
  return { loc: gate.filter.loc, refusedBy: `the ${str(get(gate.filter, 'name')) ?? 'jwt_authn'} filter (listed before the CORS filter, without bypass_cors_preflight: true)`, requiredHeaders: verdict.headers };
}

type Verdict = { kind: 'refuses'; headers: LocatedString[] } | { kind: 'open' } | { kind: 'unknown' };

const OPEN: Verdict = { kind: 'open' };
const UNKNOWN: Verdict = { kind: 'unknown' };

/**
 * The verdict for the requests of `route` (undefined: any path): the most specific per-route config
 * decides when there is one; otherwise `refuses` when some of those requests reach, past the earlier
 * rules, a rule whose requirement refuses them.
 */
function applyingRequirement(gate: JwtAuthnGate, owners: readonly DocNode[], route: DocNode | undefined): Verdict {
  const { config } = gate;
  for (const owner of owners) {
    const perRoute = perRouteConfig(owner, gate.names);
    if (perRoute === undefined) continue;
    if (perRoute === 'disabled') return OPEN;
    if (!isMap(perRoute)) return UNKNOWN;
    const disabled = tri(get(perRoute, 'disabled'), false, perRoute.loc).value;
    if (disabled !== false) return disabled === true ? OPEN : UNKNOWN;
    const name = str(get(perRoute, 'requirement_name'));
    const requirement = name === undefined ? undefined : get(get(config, 'requirement_map'), name);
    return requirement === undefined ? UNKNOWN : requirementVerdict(requirement, config, 0);
  }
  const requests = routePaths(route);
  if (requests === 'unreadable') return UNKNOWN;
  // Where a match ignores case, paths are compared lowercased: rules then overlap more, never less.
  const exact = requests.caseSensitive && items(get(config, 'rules')).every((rule) => caseSensitive(get(rule, 'match')));
  const normalize = (paths: Paths): Paths => (exact ? paths : { ...paths, value: paths.value.toLowerCase() });
  const taken: Paths[] = [];
  for (const rule of items(get(config, 'rules'))) {
    const match = get(rule, 'match');
    const paths = rulePaths(match);
    const region = paths === undefined ? undefined : intersection(normalize(requests), normalize(paths));
    if (paths !== undefined && region === undefined) continue;
    const verdict = ruleVerdict(rule, config);
    if (region === undefined || !plainMatch(match)) {
      // A rule with other conditions (headers such as `:method`, a regex) may take exactly the
      // preflights: unless it refuses them too, they may pass.
      if (verdict.kind !== 'refuses') return UNKNOWN;
      continue;
    }
    if (taken.some((earlier) => covers(earlier, region))) continue;
    if (verdict.kind === 'refuses') return verdict;
    taken.push(region);
  }
  return UNKNOWN;
}

/** The per-route config an owner gives the filter: `'disabled'` for a disabled FilterConfig; undefined when it has none. */
function perRouteConfig(owner: DocNode, names: ReadonlySet<string>): DocNode | 'disabled' | undefined {
  const perFilter = perFilterConfig(owner, names, JWT_PER_ROUTE_TYPE);
  if (perFilter === undefined) return undefined;
  // A FilterConfig whose `disabled` the linter cannot read may switch the check off: not a certain refusal.
  return perFilter.disabled !== undefined && perFilter.disabled.value !== false ? 'disabled' : perFilter.config;
}

function ruleVerdict(rule: DocNode, config: MapNode): Verdict {
  const requires = get(rule, 'requires');
  if (requires !== undefined) return requirementVerdict(requires, config, 0);
  const name = get(rule, 'requirement_name');
  if (name === undefined) return OPEN; // A rule without a requirement lets its requests through unchecked.
  const requirement = get(get(config, 'requirement_map'), str(name) ?? '');
  return requirement === undefined ? UNKNOWN : requirementVerdict(requirement, config, 0);
}

/** Whether a JwtRequirement refuses a request without a token, with the headers it makes every request carry. */
function requirementVerdict(requirement: DocNode, config: MapNode, depth: number): Verdict {
  if (!isMap(requirement) || depth > MAX_REQUIREMENT_DEPTH) return UNKNOWN;
  if (get(requirement, 'allow_missing') !== undefined || get(requirement, 'allow_missing_or_failed') !== undefined) return OPEN;
  const provider = get(requirement, 'provider_name') ?? get(get(requirement, 'provider_and_audiences'), 'provider_name');
  if (provider !== undefined) return providerVerdict(config, provider);
  const any = get(get(requirement, 'requires_any'), 'requirements');
  if (isSeq(any)) {
    const verdicts = any.items.map((item) => requirementVerdict(item, config, depth + 1));
    if (verdicts.length === 0 || verdicts.some((verdict) => verdict.kind === 'open')) return verdicts.length === 0 ? UNKNOWN : OPEN;
    if (verdicts.some((verdict) => verdict.kind === 'unknown')) return UNKNOWN;
    // A request carries the token of one alternative: only a header every alternative reads is certain.
    const headerSets = verdicts.map((verdict) => (verdict.kind === 'refuses' ? verdict.headers : []));
    const [first = [], ...rest] = headerSets;
    const common = first.filter((header) => rest.every((set) => set.some((other) => sameHeader(other, header))));
    return { kind: 'refuses', headers: common };
  }
  const all = get(get(requirement, 'requires_all'), 'requirements');
  if (isSeq(all)) {
    const verdicts = all.items.map((item) => requirementVerdict(item, config, depth + 1));
    const refusing = verdicts.filter((verdict) => verdict.kind === 'refuses');
    if (refusing.length === 0) return verdicts.length > 0 && verdicts.every((verdict) => verdict.kind === 'open') ? OPEN : UNKNOWN;
    return { kind: 'refuses', headers: refusing.flatMap((verdict) => (verdict.kind === 'refuses' ? verdict.headers : [])) };
  }
  return UNKNOWN;
}

function sameHeader(a: LocatedString, b: LocatedString): boolean {
  return a.value.toLowerCase() === b.value.toLowerCase();
}

/**
 * A provider refuses a request without its token, unless it may read the token from the preflight's
 * URL (`from_params`). The header it reads is required when it reads exactly one place: its one
 * `from_headers` entry, or `Authorization` when no location is set.
 */
function providerVerdict(config: MapNode, nameNode: DocNode): Verdict {
  const name = str(nameNode);
  const providers = get(config, 'providers');
  const provider = name === undefined ? undefined : get(providers, name);
  if (name === undefined || !isMap(provider)) return UNKNOWN;
  if (items(get(provider, 'from_params')).length > 0) return UNKNOWN;
  const headers = items(get(provider, 'from_headers'));
  const cookies = items(get(provider, 'from_cookies'));
  if (headers.length === 0 && cookies.length === 0) {
    return { kind: 'refuses', headers: [{ value: 'Authorization', loc: (keyNode(providers, name) ?? provider).loc }] };
  }
  const header = headers.length === 1 && cookies.length === 0 ? get(headers[0], 'name') : undefined;
  const value = str(header);
  return { kind: 'refuses', headers: header === undefined || value === undefined ? [] : [{ value, loc: header.loc }] };
}

/** Request paths: those starting with a prefix (`''`: any path) or one exact path. */
interface Paths {
  kind: 'prefix' | 'path';
  value: string;
}

/**
 * The paths of a route's requests (any path without a route), or `'unreadable'` for a match other
 * than `prefix`, `path` or `path_separated_prefix`. The last matches its prefix alone or followed by
 * `/`, `?` or `#`; the paths under `prefix/` are taken for it, some of its requests, which is all a
 * refusal needs.
 */
function routePaths(route: DocNode | undefined): (Paths & { caseSensitive: boolean }) | 'unreadable' {
  if (route === undefined) return { kind: 'prefix', value: '', caseSensitive: true };
  const match = get(route, 'match');
  const separated = str(get(match, 'path_separated_prefix'));
  const paths = separated === undefined ? rulePaths(match) : { kind: 'prefix' as const, value: `${separated}/` };
  return paths === undefined ? 'unreadable' : { ...paths, caseSensitive: caseSensitive(match) };
}

function rulePaths(match: DocNode | undefined): Paths | undefined {
  const prefix = str(get(match, 'prefix'));
  if (prefix !== undefined) return { kind: 'prefix', value: prefix };
  const path = str(get(match, 'path'));
  return path === undefined ? undefined : { kind: 'path', value: path };
}

function caseSensitive(match: DocNode | undefined): boolean {
  return match === undefined || tri(get(match, 'case_sensitive'), true, match.loc).value === true;
}

/** A RouteMatch with nothing but a `prefix` or `path` (and `case_sensitive`): it matches by path alone. */
function plainMatch(match: DocNode | undefined): boolean {
  return isMap(match) && match.entries.every((entry) => ['prefix', 'path', 'case_sensitive'].includes(String(entry.key.value)));
}

function intersection(a: Paths, b: Paths): Paths | undefined {
  if (a.kind === 'path' && b.kind === 'path') return a.value === b.value ? a : undefined;
  if (a.kind === 'path') return a.value.startsWith(b.value) ? a : undefined;
  if (b.kind === 'path') return b.value.startsWith(a.value) ? b : undefined;
  if (a.value.startsWith(b.value)) return a;
  return b.value.startsWith(a.value) ? b : undefined;
}

/** Whether an earlier rule's paths take every request of `region`. */
function covers(earlier: Paths, region: Paths): boolean {
  return earlier.kind === 'prefix' ? region.value.startsWith(earlier.value) : region.kind === 'path' && region.value === earlier.value;
}
