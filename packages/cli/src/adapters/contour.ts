import type { CorsPolicy, Located, OriginMatcher, Tri } from '@corsguard/core';
import {
  at,
  get,
  isMap,
  isPlaceholder,
  isScalar,
  isVaryOnOrigin,
  items,
  keyNode,
  listEntries,
  resourceHeader,
  str,
} from '../document/access.js';
import type { DocNode, MapEntry } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { goRegexpRejects } from './go-regexp.js';
import { manifestTri } from './kubernetes-yaml.js';
import { envoyHeaderPolicy, type HeaderLevel } from './envoy-headers.js';
import {
  envoyCorsPolicy,
  exactOrigin,
  optionalEnvoyFields,
  rawPoliciesBesideCors,
  refusedDuration,
  wholeSecondsMaxAge,
  type CorsKeys,
} from './envoy-cors.js';

/**
 * Contour `HTTPProxy` `spec.virtualhost.corsPolicy` (cors-facts 2.14). Keys from projectcontour/contour
 * `apis/projectcontour/v1/httpproxy.go` (`CORSPolicy`: `allowOrigin`, `allowMethods`, `allowHeaders`,
 * `exposeHeaders`, `maxAge` as a Go duration where `0` turns caching off, sent in whole seconds,
 * `allowCredentials`, `allowPrivateNetwork`). Origins from `internal/dag/httpproxy_processor.go` `toCORSPolicy`: `*`, or a
 * string that Go's `url.Parse` reads back exactly as `scheme://host[:port]`, is an exact match, which
 * `internal/envoy/v3/route.go` `corsPolicy` compiles with `ignore_case: true`; anything else is an RE2
 * regex matched against the whole origin (one that is an origin with a path never matches, and is read
 * as that origin; `null` matches the null origin only). The result is Envoy's CORS filter (shared Envoy semantics);
 * `Vary: Origin` can only come from a `responseHeadersPolicy.set` on every route (or on every service
 * of a route), including the routes of the proxies this one `includes`, which another document holds.
 * `Access-Control-*` headers a route sets as plain response headers are read as raw headers: on
 * every response of a proxy without a CORS policy, and beside one on the responses to the origins it
 * does not allow (the filter only writes Access-Control-Allow-Origin for the ones it allows). Contour escapes `%` except in a list of Envoy header
 * formatter commands and `%REQ(name)%` (`internal/dag` `escapeHeaderValue`), which Envoy fills in, so
 * `%REQ(origin)%` echoes the request's Origin. A regex Go's `regexp.Compile` refuses (the glob
 * `*.example.com` the CRD documentation warns about), or no `allowOrigin` or `allowMethods` at all,
 * makes `toCORSPolicy` fail ("invalid allowed origin", "invalid allowed methods configuration with
 * length 0"), as does a `maxAge` that is not a Go duration (`"86400"`: the CRD pattern demands a unit,
 * and `timeout.ParseMaxAge` fails on it), and Contour then rejects the whole proxy, so it sends nothing
 * at all.
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
/**
 * An origin written with a path or a trailing slash (`https://app.example.com/`): `url.Parse` does not
 * read it back as `scheme://host`, so Contour compiles it as a regex, and with no metacharacter but
 * `.` that regex still demands a third `/`, which no Origin header has. It is checked as the allowlist
 * entry its author meant, so the report says why it never matches.
 */
const ORIGIN_WITH_PATH = /^[a-z]+:\/\/[A-Za-z0-9.:-]+\/[A-Za-z0-9._~/-]*$/;
/** A regex that matches the string `null` and nothing else (RE2 anchors are redundant in a full match). */
const NULL_ORIGIN_REGEX = /^\^?null\$?$/;

export const contourAdapter: Adapter = {
  name: 'contour',
  description: 'Contour HTTPProxy spec.virtualhost.corsPolicy and Access-Control-* response headers',
  detect(doc) {
    const header = resourceHeader(doc.root);
    return header?.group === 'projectcontour.io' && header.kind === 'HTTPProxy';
  },
  extract(doc) {
    const cors = at(doc.root, 'spec', 'virtualhost', 'corsPolicy');
    if (!isMap(cors)) return rawHeaderPolicies(doc.root);
    const allowPrivateNetwork = get(cors, 'allowPrivateNetwork');
    const allowOrigin = get(cors, 'allowOrigin');
    const matchers = allowOrigin === undefined ? [] : origins(allowOrigin);
    if (matchers.some((matcher) => matcher.kind === 'pattern' && goRegexpRejects(matcher.source))) return [];
    // `toCORSPolicy` refuses a policy without origins or methods (both required by the CRD too).
    if (isEmptyList(allowOrigin) || isEmptyList(get(cors, 'allowMethods'))) return [];
    // A maxAge without a unit (`"86400"`, or the number) fails the CRD and `timeout.ParseMaxAge`.
    if (refusedDuration(get(cors, 'maxAge'))) return [];
    if ([CONTOUR_KEYS.methods, CONTOUR_KEYS.headers, CONTOUR_KEYS.expose].some((key) => refusedHeaderValues(get(cors, key)))) return [];
    const policy = envoyCorsPolicy({
      block: cors,
      source: `HTTPProxy ${resourceHeader(doc.root)?.name ?? '(unnamed)'}`,
      origins: matchers,
      credentials: manifestTri(get(cors, 'allowCredentials'), false, cors.loc),
      originsKey: keyNode(cors, 'allowOrigin')?.loc,
      // `internal/envoy/v3/route.go` sends `fmt.Sprintf("%.0f", MaxAge.Seconds())`.
      ...wholeSecondsMaxAge(optionalEnvoyFields(cors, CONTOUR_KEYS, 'duration'), roundHalfEven),
      ...(allowPrivateNetwork === undefined
        ? {}
        : { allowPrivateNetwork: manifestTri(allowPrivateNetwork, false, cors.loc) }),
      ...varyHeader(get(doc.root, 'spec'), cors),
    });
    return [policy, ...rawPoliciesBesideCors(policy, rawHeaderPolicies(doc.root))];
  },
};

/**
 * A `Vary: Origin` set on every route of the proxy: the CORS policy covers the whole virtual host, so a
 * route without it still answers without Vary. When the proxy also includes other proxies, their
 * routes are out of sight, so unless a route here lacks it, whether Vary is sent is unknown.
 */
function varyHeader(spec: DocNode | undefined, cors: DocNode): { varyHeader?: Located<Tri> } {
  let first: Located<Tri> | undefined;
  for (const route of items(get(spec, 'routes'))) {
    const vary = routeVary(route);
    if (vary === undefined) return {};
    first ??= vary;
  }
  if (items(get(spec, 'includes')).length > 0) return { varyHeader: { value: 'unknown', loc: cors.loc } };
  return first === undefined ? {} : { varyHeader: first };
}

/** The route's own `Vary: Origin`, or the first of its services' when every service sets one. */
function routeVary(route: DocNode): Located<Tri> | undefined {
  const own = setVary(route);
  if (own !== undefined) return own;
  const services = items(get(route, 'services'));
  const perService = services.map(setVary);
  const [first] = perService;
  return first !== undefined && perService.every((vary) => vary !== undefined) ? first : undefined;
}

function setVary(owner: DocNode): Located<Tri> | undefined {
  for (const header of items(at(owner, 'responseHeadersPolicy', 'set'))) {
    const value = get(header, 'value');
    if (value !== undefined && isVaryOnOrigin(str(get(header, 'name')), str(value))) return { value: true, loc: value.loc };
  }
  return undefined;
}

/**
 * What an owner's `responseHeadersPolicy.set` does: each entry overwrites (Contour hands Envoy these
 * headers with OVERWRITE_IF_EXISTS_OR_ADD), after `remove`. A name set twice (compared as Go's
 * `http.CanonicalHeaderKey` does) makes Contour reject the proxy ("duplicate header addition",
 * `internal/dag` `headersPolicyRoute`), so its value is unknown.
 */
function setLevel(owner: DocNode): HeaderLevel {
  const headersPolicy = get(owner, 'responseHeadersPolicy');
  const entries: MapEntry[] = [];
  for (const header of items(get(headersPolicy, 'set'))) {
    const name = get(header, 'name');
    const value = get(header, 'value');
    if (isScalar(name) && value !== undefined) entries.push({ key: name, value });
  }
  const count = (key: MapEntry['key']): number => entries.filter((entry) => sameName(entry.key, key)).length;
  const remove = items(get(headersPolicy, 'remove')).flatMap((name) => (isScalar(name) ? [String(name.value)] : []));
  return {
    add: entries.map(({ key, value }) => ({ key, value, action: count(key) > 1 ? undefined : 'OVERWRITE_IF_EXISTS_OR_ADD' })),
    remove,
  };
}

function sameName(a: MapEntry['key'], b: MapEntry['key']): boolean {
  return String(a.value).trim().toLowerCase() === String(b.value).trim().toLowerCase();
}

function setsAccessControl(owner: DocNode): boolean {
  return items(at(owner, 'responseHeadersPolicy', 'set')).some((header) => /^\s*access-control-/i.test(str(get(header, 'name')) ?? ''));
}

/**
 * Without a CORS policy, `Access-Control-*` headers a route or its services set through
 * `responseHeadersPolicy.set` are sent as written (raw-headers.ts). A route's and a service's both run
 * on the service's responses, in an order read here as open, so a header both set to different values
 * is unknown. Reported at the service's headers policy when it sets an Access-Control-* header, at the
 * route's otherwise.
 */
function rawHeaderPolicies(root: DocNode): CorsPolicy[] {
  const proxy = `HTTPProxy ${resourceHeader(root)?.name ?? '(unnamed)'}`;
  const policies: CorsPolicy[] = [];
  // A route or service listed again through a YAML alias is the same one, read once: its headers sit
  // at one place, and routes × services listed by alias would otherwise be read as many times.
  const seenRoutes = new Set<DocNode>();
  items(at(root, 'spec', 'routes')).forEach((route, index) => {
    if (seenRoutes.has(route)) return;
    seenRoutes.add(route);
    const routeSource = `${proxy} routes[${index}]`;
    const routeLevel = setLevel(route);
    const services = [...new Set(items(get(route, 'services')))];
    let routeReported = false;
    const report = (owner: DocNode, source: string, levels: HeaderLevel[]): void => {
      const headersPolicy = get(owner, 'responseHeadersPolicy');
      const policy = isMap(headersPolicy) ? envoyHeaderPolicy([levels, [...levels].reverse()], headersPolicy.loc, source) : undefined;
      if (policy !== undefined) policies.push(policy);
    };
    if (services.length === 0 && setsAccessControl(route)) report(route, routeSource, [routeLevel]);
    for (const service of services) {
      const levels = [setLevel(service), routeLevel];
      if (setsAccessControl(service)) report(service, `${routeSource} service ${str(get(service, 'name')) ?? ''}`.trim(), levels);
      else if (setsAccessControl(route) && !routeReported) {
        routeReported = true;
        report(route, routeSource, levels);
      }
    }
  });
  return policies;
}

function origins(node: DocNode): OriginMatcher[] {
  return listEntries(node, false).map((entry): OriginMatcher => {
    if (entry.value === undefined) return { kind: 'unknown', loc: entry.loc };
    if (entry.value === '*') return exactOrigin('*', entry.loc);
    if (EXACT_ORIGIN.test(entry.value)) return exactOrigin(entry.value, entry.loc, true);
    if (ORIGIN_WITH_PATH.test(entry.value)) return exactOrigin(entry.value, entry.loc);
    // `null` is no `scheme://host`, so it becomes a regex, which matches the `Origin: null` browsers
    // send (and nothing else): it allows the null origin.
    if (NULL_ORIGIN_REGEX.test(entry.value)) return exactOrigin('null', entry.loc);
    return { kind: 'pattern', source: entry.value, flags: '', dialect: 're2-full', loc: entry.loc };
  });
}

/**
 * `CORSHeaderValue` (`apis/projectcontour/v1/httpproxy.go`): each item of `allowMethods`,
 * `allowHeaders` and `exposeHeaders` must match `^[a-zA-Z0-9!#$%&'*+.^_`|~-]+$`, one token, and the
 * field must be a list, so the API server refuses the proxy for `"GET, POST"` written as one string or
 * one item, or for an item with a space. Templated values are not refused.
 */
function refusedHeaderValues(node: DocNode | undefined): boolean {
  if (node === undefined || isPlaceholder(node)) return false;
  if (isScalar(node)) return node.value !== null;
  return items(node).some((item) => isScalar(item) && !isPlaceholder(item) && !HEADER_TOKEN.test(str(item) ?? ''));
}

const HEADER_TOKEN = /^[a-zA-Z0-9!#$%&'*+.^_`|~-]+$/;

/** A list that is missing or written empty (`[]`, or a key with no value); a templated one is not. */
function isEmptyList(node: DocNode | undefined): boolean {
  if (node === undefined) return true;
  if (node.type === 'seq') return node.items.length === 0;
  return isScalar(node) && node.value === null;
}

/** Go's `%.0f`: to the nearest whole number, halves to the even one. */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction !== 0.5) return Math.round(value);
  return floor % 2 === 0 ? floor : floor + 1;
}
