import type { CorsPolicy, Located, MaxAge, OriginMatcher, Tri } from '@corsguard/core';
import {
  get,
  helmReleaseValues,
  isMap,
  isScalar,
  isVaryOnOrigin,
  items,
  keptOn,
  keyName,
  keyNode,
  listEntries,
  perFileText,
  resourceHeader,
  str,
  tri,
  type ResourceHeader,
} from '../document/access.js';
import type { ConfigDocument, DocNode, MapEntry } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { dottedValuesPath, walkChartValues } from './chart-values.js';
import { goRegexpRejects } from './go-regexp.js';
import { manifestTri } from './kubernetes-yaml.js';
import {
  envoyCorsPolicy,
  exactOrigin,
  optionalEnvoyFields,
  rawPoliciesBesideCors,
  stringMatchOrigin,
  withRawHeaders,
  type CorsKeys,
} from './envoy-cors.js';
import { envoyHeaderPolicy, levelOf, type HeaderLevel } from './envoy-headers.js';

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
 * that sets `Access-Control-*` in `headers.response.set`/`add` sends those values as Envoy evaluates
 * them (envoy-headers.ts), so they are read as raw headers: on every response without `corsPolicy`,
 * and beside one on the responses to the origins it does not allow. A `corsPolicy` that chart values
 * or a Flagger `Canary` hand to a VirtualService is read too (see `chartValuesCorsPolicies`).
 */
export const istioAdapter: Adapter = {
  name: 'istio',
  description: 'Istio VirtualService spec.http[].corsPolicy',
  detect(doc) {
    const header = resourceHeader(doc.root);
    return (header?.group === 'networking.istio.io' && header.kind === 'VirtualService') || chartValuesCorsPolicies(doc).length > 0;
  },
  extract(doc) {
    const header = resourceHeader(doc.root);
    if (header?.group !== 'networking.istio.io' || header.kind !== 'VirtualService') {
      return chartValuesCorsPolicies(doc).map(({ cors, source }) => corsPolicyOf(cors, source, { varyHeader: { value: 'unknown', loc: cors.loc } }));
    }
    const name = header.name ?? '(unnamed)';
    const routes = items(get(get(doc.root, 'spec'), 'http'));
    if (routes.some(refusedOrigins)) return [];
    const policies: CorsPolicy[] = [];
    // A route listed again through a YAML alias is the same one, read once: its findings sit at one place.
    const seen = new Set<DocNode>();
    routes.forEach((route, index) => {
      if (seen.has(route)) return;
      seen.add(route);
      if (!ROUTE_ACTIONS.some((action) => get(route, action) !== undefined)) return;
      // Envoy's CORS filter does nothing for a route it answers itself (`CorsFilter::decodeHeaders`
      // needs a route entry), so a redirect's or direct response's corsPolicy sends nothing.
      const forwards = get(route, 'route') !== undefined || get(route, 'delegate') !== undefined;
      const cors = forwards ? get(route, 'corsPolicy') : undefined;
      const routeName = str(get(route, 'name'));
      const label = `Istio VirtualService ${name} http[${routeName ?? index}]`;
      if (!isMap(cors)) {
        policies.push(...rawHeaderPolicies(route, label));
        return;
      }
      const policy = corsPolicyOf(cors, label, varyHeader(route));
      const raw = rawHeaderPolicies(route, label);
      policies.push(withRawHeaders(policy, raw.length === 1 ? raw[0] : undefined), ...rawPoliciesBesideCors(policy, raw));
    });
    return policies;
  },
};

function corsPolicyOf(cors: DocNode, source: string, vary: { varyHeader?: Located<Tri> }): CorsPolicy {
  return envoyCorsPolicy({
    block: cors,
    source,
    origins: origins(cors),
    credentials: manifestTri(get(cors, 'allowCredentials'), false, cors.loc),
    originsKey: (keyNode(cors, 'allowOrigins') ?? keyNode(cors, 'allowOrigin'))?.loc,
    ...secondsMaxAge(optionalEnvoyFields(cors, ISTIO_KEYS, 'duration')),
    ...vary,
  });
}

const mentionsCorsPolicy = perFileText((text) => text.includes('corsPolicy'));

/** How deep chart values are searched for a `corsPolicy`. */
const MAX_VALUES_DEPTH = 6;

/**
 * `corsPolicy` blocks that chart values hand to a VirtualService template (`corsPolicy: {{ toYaml
 * .Values.corsPolicy | nindent 6 }}`, or under `virtualService`/`istio`), in a values file or in the
 * values a Flux `HelmRelease` or an Argo CD `Application` gives a chart. Only a block whose
 * `allowOrigins` lists Istio's StringMatch objects (`exact`, `prefix`, `regex`) is taken: no other
 * gateway writes origins that way (Contour's and Envoy Gateway's are strings). A block below a mapping
 * with `enabled: false` is not rendered, and one with an origin Istio refuses is left out as in a
 * VirtualService. Whether the template adds `Vary: Origin` is not in the values: unknown. A Flagger
 * `Canary` is read for its `spec.service.corsPolicy` alone (see `flaggerCorsPolicy`).
 */
const chartValuesCorsPolicies = keptOn('istioChartValuesCorsPolicies', readChartValuesCorsPolicies);

function readChartValuesCorsPolicies(doc: ConfigDocument): Array<{ cors: DocNode; source: string }> {
  const header = resourceHeader(doc.root);
  if (header !== undefined && header.group === 'flagger.app' && header.kind === 'Canary') return flaggerCorsPolicy(doc.root, header);
  const start = header === undefined ? doc.root : helmReleaseValues(doc.root, header);
  if (start === undefined || !mentionsCorsPolicy(doc.fileText)) return [];
  const found: Array<{ cors: DocNode; source: string }> = [];
  walkChartValues(start, MAX_VALUES_DEPTH, (map, path) => {
    if (tri(get(map, 'enabled'), true, map.loc).value === false) return [];
    return map.entries.filter((entry) => {
      if (keyName(entry.key) !== 'corsPolicy' || !takesStringMatches(entry.value)) return true;
      if (!refusedCorsOrigins(entry.value)) found.push({ cors: entry.value, source: `Helm values ${dottedValuesPath(path, 'corsPolicy')}` });
      return false;
    });
  });
  return found;
}

/**
 * A Flagger `Canary`'s `spec.service`, whose `corsPolicy` (Istio's CorsPolicy) Flagger copies into the
 * http routes of the VirtualService it generates (fluxcd/flagger `pkg/router/istio.go`; docs "Istio
 * Canary Deployments"). Other providers ignore it.
 */
function flaggerCorsPolicy(root: DocNode, header: ResourceHeader): Array<{ cors: DocNode; source: string }> {
  const spec = get(root, 'spec');
  const provider = str(get(spec, 'provider'));
  const cors = get(get(spec, 'service'), 'corsPolicy');
  if ((provider !== undefined && !provider.startsWith('istio')) || !isMap(cors)) return [];
  if (refusedCorsOrigins(cors)) return [];
  return [{ cors, source: `Flagger Canary ${header.name ?? '(unnamed)'} service.corsPolicy` }];
}

/** A `corsPolicy` whose `allowOrigins` holds StringMatch objects, as only Istio's does. */
function takesStringMatches(cors: DocNode): boolean {
  const allowOrigins = items(get(cors, 'allowOrigins'));
  return (
    isMap(cors) &&
    allowOrigins.length > 0 &&
    allowOrigins.every((match) => isMap(match) && match.entries.length === 1 && ['exact', 'prefix', 'regex'].some((key) => get(match, key) !== undefined))
  );
}

/**
 * Whether Istio's validation refuses one of a route's CORS origins, and so the whole VirtualService
 * (istio/istio `pkg/config/validation` `validateAllowOrigins`): an empty `exact`, `prefix` or `regex`
 * ("is not a valid match type for CORS allow origins"), or a regex Go's `regexp.Compile` refuses
 * (`validateStringMatchRegexp`), such as the glob `*.example.com`. Envoy's RE2 would refuse that regex
 * too, so without the validating webhook the route configuration is rejected instead.
 */
function refusedOrigins(route: DocNode): boolean {
  return refusedCorsOrigins(get(route, 'corsPolicy'));
}

function refusedCorsOrigins(cors: DocNode | undefined): boolean {
  return items(get(cors, 'allowOrigins')).some((match) =>
    ['exact', 'prefix', 'regex'].some((key) => {
      const value = get(match, key);
      if (!isScalar(value) || typeof value.value !== 'string') return false;
      return value.value === '' || (key === 'regex' && goRegexpRejects(value.value));
    }),
  );
}

/**
 * What an http route does with a request; Istio's validation refuses a route with none of them ("HTTP
 * route, redirect or direct_response is required", istio/istio `pkg/config/validation`
 * `validateHTTPRoute`), so a route holding only a `corsPolicy` sends nothing.
 */
const ROUTE_ACTIONS = ['route', 'redirect', 'directResponse', 'delegate'];

/**
 * Istio hands Envoy `maxAge` in whole seconds (`TranslateCORSPolicy`:
 * `strconv.FormatInt(in.MaxAge.GetSeconds(), 10)`), so `"90m"` and `"1h30m"` are sent as `5400`. Its
 * validation refuses a duration with a fraction of a second ("max_age duration is accurate only to
 * seconds precision", istio/istio `pkg/config/validation` `validateCORSPolicy`), so whether `"1.5s"`
 * is sent at all depends on whether that validation ran: unknown. A bare number (`"86400"`) is no
 * Duration at all: Istio reads the field as a Go duration (its own examples write `"24h"`, which
 * protobuf's JSON form would refuse), and `time.ParseDuration` fails with "missing unit in duration",
 * so the resource is refused or its maxAge dropped: the seconds the user meant are never sent.
 */
function secondsMaxAge<Fields extends { maxAge?: MaxAge }>(fields: Fields): Fields {
  const { maxAge } = fields;
  if (maxAge?.kind !== 'value') return fields;
  // Go accepts a lone "0" without a unit, and nothing else.
  const unitless = /^[-+]?\d+(\.\d+)?$/.test(maxAge.raw.trim()) && !/^[-+]?0$/.test(maxAge.raw.trim());
  if (!unitless && (!Number.isFinite(maxAge.seconds) || Number.isInteger(maxAge.seconds))) return fields;
  return { ...fields, maxAge: { kind: 'unknown', loc: maxAge.loc } };
}

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

/**
 * What `headers.response` does, as Istio hands it to Envoy (istio/istio
 * `pilot/pkg/networking/core/route/route.go`, `TranslateHeadersOperations`): `set` entries, sorted by
 * name, as OVERWRITE_IF_EXISTS_OR_ADD, then `add` entries, sorted, as APPEND_IF_EXISTS_OR_ADD, after
 * `remove`.
 */
function headerLevel(owner: DocNode): HeaderLevel {
  const response = get(get(owner, 'headers'), 'response');
  const sorted = (operation: string): MapEntry[] => {
    const headers = get(response, operation);
    return isMap(headers) ? [...headers.entries].sort((a, b) => (String(a.key.value) < String(b.key.value) ? -1 : String(a.key.value) > String(b.key.value) ? 1 : 0)) : [];
  };
  const remove = listEntries(get(response, 'remove') ?? { type: 'seq', items: [], loc: owner.loc }, false).flatMap((entry) =>
    entry.value === undefined ? [] : [entry.value],
  );
  return {
    add: [...levelOf(sorted('set'), 'OVERWRITE_IF_EXISTS_OR_ADD').add, ...levelOf(sorted('add'), 'APPEND_IF_EXISTS_OR_ADD').add],
    remove,
  };
}

function setsAccessControl(owner: DocNode): boolean {
  const response = get(get(owner, 'headers'), 'response');
  return ['set', 'add'].some((operation) => {
    const headers = get(response, operation);
    return isMap(headers) && headers.entries.some((entry) => /^\s*access-control-/i.test(String(entry.key.value)));
  });
}

/**
 * `Access-Control-*` headers a route without `corsPolicy` sends through `headers.response`. A single
 * destination's headers join the route's own list; with several destinations, each destination's
 * headers run first on its own (as a weighted cluster), then the route's (Istio `processDestination`,
 * `processWeightedDestination`; Envoy's order, envoy-headers.ts).
 */
function rawHeaderPolicies(route: DocNode, label: string): CorsPolicy[] {
  const destinations = items(get(route, 'route'));
  const routeLevel = headerLevel(route);
  const report = (owner: DocNode, source: string, levels: HeaderLevel[]): CorsPolicy[] => {
    const response = get(get(owner, 'headers'), 'response');
    const policy = isMap(response) ? envoyHeaderPolicy([levels], response.loc, source) : undefined;
    return policy === undefined ? [] : [policy];
  };
  const routeSource = `${label} headers.response`;
  if (destinations.length <= 1) {
    const [only] = destinations;
    const destinationLevel = only === undefined ? undefined : headerLevel(only);
    const level: HeaderLevel =
      destinationLevel === undefined
        ? routeLevel
        : { add: [...routeLevel.add, ...destinationLevel.add], remove: [...routeLevel.remove, ...destinationLevel.remove] };
    if (setsAccessControl(route)) return report(route, routeSource, [level]);
    return only !== undefined && setsAccessControl(only) ? report(only, `${label} route[0] headers.response`, [level]) : [];
  }
  const policies: CorsPolicy[] = [];
  let routeReported = false;
  destinations.forEach((destination, index) => {
    // Istio leaves out destinations of weight 0 when a route has several.
    if (str(get(destination, 'weight')) === '0') return;
    const levels = [headerLevel(destination), routeLevel];
    if (setsAccessControl(destination)) policies.push(...report(destination, `${label} route[${index}] headers.response`, levels));
    else if (setsAccessControl(route) && !routeReported) {
      routeReported = true;
      policies.push(...report(route, routeSource, levels));
    }
  });
  return policies;
}

function responseVary(owner: DocNode): Located<Tri> | undefined {
  const response = get(get(owner, 'headers'), 'response');
  for (const operation of ['set', 'add']) {
    const headers = get(response, operation);
    if (!isMap(headers)) continue;
    for (const entry of headers.entries) {
      if (isVaryOnOrigin(str(entry.key), str(entry.value))) return { value: true, loc: entry.value.loc };
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
