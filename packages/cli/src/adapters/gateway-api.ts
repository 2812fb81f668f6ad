import type { CorsPolicy, Located, MaxAge, OriginMatcher, Tri } from '@corsguard/core';
import {
  configMaxAge,
  get,
  helmReleaseValues,
  isMap,
  isScalar,
  isSeq,
  isVaryOnOrigin,
  items,
  keyName,
  keptOn,
  perFileText,
  resourceHeader,
  str,
  tri,
} from '../document/access.js';
import type { ConfigDocument, DocNode, MapEntry, MapNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { dottedValuesPath, walkChartValues } from './chart-values.js';
import { manifestTri } from './kubernetes-yaml.js';
import { envoyCorsPolicy, optionalEnvoyFields, wildcardHostOrigins, type CorsKeys } from './envoy-cors.js';
import { envoyHeaderPolicy, levelOf, type HeaderLevel } from './envoy-headers.js';

/**
 * Gateway API `HTTPRoute` CORS filter (cors-facts 2.13): `spec.rules[].filters[]` and
 * `spec.rules[].backendRefs[].filters[]` entries with `type: CORS` and a `cors` block. Keys from
 * kubernetes-sigs/gateway-api `apis/v1/httproute_types.go` (`HTTPCORSFilter`, Standard channel since
 * v1.6.0): `allowOrigins` (`*` alone, exact origins, or host wildcards whose `*` spans labels),
 * `allowCredentials`, `allowMethods`, `allowHeaders`, `exposeHeaders`, `maxAge` in seconds with a
 * default of 5. The spec requires echoing the request origin, method and headers instead of `*` when
 * credentials are allowed, and leaves a literal `*` to the implementation otherwise. The spec says
 * nothing of `Vary`, and implementations differ: the Envoy-based ones (Envoy Gateway, Istio, Cilium)
 * and NGINX Gateway Fabric send none, APISIX adds `Vary: Origin` whenever the allowed origin is not `*`
 * (`cors.lua`). The implementation is the Gateway's class, which an HTTPRoute does not name, so `Vary`
 * is unknown unless a ResponseHeaderModifier filter next to the CORS filter adds it. Where no CORS filter runs,
 * `Access-Control-*` headers a ResponseHeaderModifier writes are read as raw headers.
 * Chart values that describe an HTTPRoute's rules are read the same way (see `chartValuesRoutes`).
 */
const GATEWAY_API_KEYS: CorsKeys = {
  methods: 'allowMethods',
  headers: 'allowHeaders',
  expose: 'exposeHeaders',
  maxAge: 'maxAge',
};
const DEFAULT_MAX_AGE_SECONDS = 5;

export const gatewayApiAdapter: Adapter = {
  name: 'gateway-api',
  description: 'Gateway API HTTPRoute CORS filter (spec.rules[].filters[type=CORS]) and Access-Control-* response headers',
  detect(doc) {
    const header = resourceHeader(doc.root);
    if (header?.group === 'gateway.networking.k8s.io' && header.kind === 'HTTPRoute') return true;
    return chartValuesRoutes(doc).length > 0;
  },
  extract(doc) {
    const header = resourceHeader(doc.root);
    if (header?.group === 'gateway.networking.k8s.io' && header.kind === 'HTTPRoute') {
      return rulesPolicies(get(get(doc.root, 'spec'), 'rules'), `HTTPRoute ${header.name ?? '(unnamed)'}`, true);
    }
    // The chart templates write each rule's backendRefs themselves, without filters.
    return chartValuesRoutes(doc).flatMap(({ rules, source }) => rulesPolicies(rules, source, false));
  },
};

function rulesPolicies(rules: DocNode | undefined, routeSource: string, readBackends: boolean): CorsPolicy[] {
  const filterLists = items(rules).flatMap((rule) => [
    get(rule, 'filters'),
    ...(readBackends ? items(get(rule, 'backendRefs')).map((backend) => get(backend, 'filters')) : []),
  ]);
  if (filterLists.some((filters) => corsFilters(filters).some(refusedCors))) return [];
  const policies: CorsPolicy[] = [];
  // A rule, backend or filter listed again through a YAML alias is the same one, read once: its
  // findings sit at one place, and rules × backends × filters listed by alias would otherwise
  // multiply into millions of copies of one policy.
  const firstTime = (seen: Set<DocNode>, node: DocNode): boolean => {
    if (seen.has(node)) return false;
    seen.add(node);
    return true;
  };
  const seenRules = new Set<DocNode>();
  items(rules).forEach((rule, ruleIndex) => {
    if (!firstTime(seenRules, rule)) return;
    const seenBackends = new Set<DocNode>();
    const ruleName = str(get(rule, 'name')) ?? String(ruleIndex);
    const ruleVary = varyHeader(get(rule, 'filters'));
    const ruleSource = `${routeSource} rules[${ruleName}]`;
    // A redirect is answered by the gateway itself, where Envoy's CORS filter does not run (it
    // needs a route entry, `CorsFilter::decodeHeaders`), so the rule's CORS filter sends nothing.
    const redirects = items(get(rule, 'filters')).some((filter) => str(get(filter, 'type')) === 'RequestRedirect');
    const ruleCors = redirects ? [] : corsFilters(get(rule, 'filters'));
    for (const cors of ruleCors) policies.push(policy(cors, ruleSource, ruleVary));
    const backends = readBackends ? items(get(rule, 'backendRefs')) : [];
    // What the rule's modifier alone sends, as read for each backend without one: reported once.
    const sentByRule = new Set<string>();
    if (ruleCors.length === 0 && backends.length === 0) policies.push(...rawHeaderPolicy(get(rule, 'filters'), ruleSource, undefined));
    backends.forEach((backend, backendIndex) => {
      if (!firstTime(seenBackends, backend)) return;
      const backendName = str(get(backend, 'name')) ?? String(backendIndex);
      const backendSource = `${ruleSource} backendRefs[${backendName}]`;
      const vary = varyHeader(get(backend, 'filters')) ?? ruleVary;
      const backendCors = corsFilters(get(backend, 'filters'));
      for (const cors of backendCors) policies.push(policy(cors, backendSource, vary));
      if (ruleCors.length > 0 || backendCors.length > 0) return;
      for (const raw of rawHeaderPolicy(get(rule, 'filters'), ruleSource, { filters: get(backend, 'filters'), source: backendSource })) {
        const key = JSON.stringify(raw);
        if (raw.source === ruleSource && sentByRule.has(key)) continue;
        if (raw.source === ruleSource) sentByRule.add(key);
        policies.push(raw);
      }
    });
  });
  return policies;
}

interface ValuesRoute {
  rules: DocNode;
  source: string;
}

/**
 * How deep chart values are searched: an umbrella chart's `<subchart>.route.<name>`, a helmfile's
 * `releases[].values[].httpRoute`.
 */
const MAX_VALUES_DEPTH = 6;

/**
 * HTTPRoutes that chart values describe, in a values file or in the values a Flux `HelmRelease` or an
 * Argo CD `Application` (`helm.valuesObject`) gives a chart, when they hold a CORS filter or an
 * `Access-Control-*` header:
 * - `httpRoute` as `helm create` scaffolds it since Helm 3.17 (and the charts built from it): its
 *   template writes each of `httpRoute.rules` with `toYaml .filters` and backendRefs of its own;
 * - `route.<name>` of the bjw-s common library (app-template), whose `_route.tpl` writes each rule's
 *   `filters` with `toYaml` for an HTTPRoute (`kind` left out or `HTTPRoute`).
 * A route whose `enabled` is `false` is not rendered; one without `enabled` is read, as an environment's
 * values file that only adds rules leaves `enabled` to the chart's own values.
 * Either may sit below a subchart's key, or in a helmfile's `releases[].values`. Manifests nested in
 * values (`extraObjects`) are read as manifests, not here. Both adapter calls (detect, extract) need
 * them: they are kept on the document.
 */
const chartValuesRoutes = keptOn('gatewayApiValuesRoutes', readChartValuesRoutes);

function readChartValuesRoutes(doc: ConfigDocument): ValuesRoute[] {
  const found: ValuesRoute[] = [];
  const header = resourceHeader(doc.root);
  const start = header === undefined ? doc.root : helmReleaseValues(doc.root, header);
  if (start === undefined || !mayHoldCors(doc.fileText)) return found;
  const routeRules = (route: DocNode, kind: string | undefined): DocNode | undefined => {
    const rules = get(route, 'rules');
    if (!isMap(route) || !isSeq(rules) || (kind !== undefined && kind !== 'HTTPRoute')) return undefined;
    return tri(get(route, 'enabled'), true, route.loc).value === false ? undefined : rules;
  };
  walkChartValues(start, MAX_VALUES_DEPTH, (map, path) =>
    map.entries.filter((entry) => {
      const key = keyName(entry.key);
      if (/^httproute$/i.test(key)) {
        const rules = routeRules(entry.value, undefined);
        if (rules !== undefined && !found.some((route) => route.rules === rules)) found.push({ rules, source: `Helm values ${dottedValuesPath(path, key)}` });
        return false;
      }
      if (key === 'route' && isMap(entry.value)) {
        for (const named of entry.value.entries) {
          const rules = routeRules(named.value, str(get(named.value, 'kind')));
          if (rules !== undefined && !found.some((route) => route.rules === rules)) {
            found.push({ rules, source: `Helm values ${dottedValuesPath(path, key)}.${keyName(named.key)}` });
          }
        }
        return false;
      }
      return true;
    }),
  );
  return found;
}

/** Whether a file's text can hold a CORS filter or an `Access-Control-*` header. */
// Substring searches, not a case-insensitive regex: this runs over every file without a manifest header.
const mayHoldCors = perFileText(
  (text) => text.includes('CORS') || text.includes('ccess-Control-') || text.includes('ccess-control-') || text.includes('CCESS-CONTROL-'),
);

/**
 * What one list of filters' ResponseHeaderModifier does, as levels: its `set` entries overwrite, its
 * `add` entries append (HTTPHeaderFilter: "Set overwrites", "Add … appends to any existing values"),
 * its `remove` entries go first. The spec fixes no order between `set` and `add`, nor between a rule's
 * filters and a backend's, so each is a level of its own whose order is left open.
 */
function modifierLevels(filters: DocNode | undefined): { modifier: MapNode; levels: HeaderLevel[] } | undefined {
  for (const filter of items(filters)) {
    if (str(get(filter, 'type')) !== 'ResponseHeaderModifier') continue;
    const modifier = get(filter, 'responseHeaderModifier');
    if (!isMap(modifier)) continue;
    const entries = (operation: string): MapEntry[] =>
      items(get(modifier, operation)).flatMap((header) => {
        const headerName = get(header, 'name');
        const value = get(header, 'value');
        return isScalar(headerName) && value !== undefined ? [{ key: headerName, value }] : [];
      });
    const remove = items(get(modifier, 'remove')).flatMap((name) => (isScalar(name) ? [String(name.value)] : []));
    return {
      modifier,
      levels: [
        { ...levelOf(entries('set'), 'OVERWRITE_IF_EXISTS_OR_ADD'), remove },
        levelOf(entries('add'), 'APPEND_IF_EXISTS_OR_ADD'),
      ],
    };
  }
  return undefined;
}

function setsAccessControl(modifier: MapNode): boolean {
  return ['set', 'add'].some((operation) => items(get(modifier, operation)).some((header) => /^\s*access-control-/i.test(str(get(header, 'name')) ?? '')));
}

/** Every order of `levels`. */
function orders<T>(levels: readonly T[]): T[][] {
  if (levels.length <= 1) return [[...levels]];
  return levels.flatMap((level, index) => orders([...levels.slice(0, index), ...levels.slice(index + 1)]).map((rest) => [level, ...rest]));
}

/**
 * `Access-Control-*` headers ResponseHeaderModifier filters write where no CORS filter runs (how
 * routes sent CORS headers before the filter existed): what reaches the browser once the rule's and
 * the backend's modifiers have run in any order (envoy-headers.ts), so a header added twice is one
 * combined value and one whose value depends on the order is unknown. Reported at the backend's
 * modifier when it writes an Access-Control-* header, at the rule's otherwise.
 */
function rawHeaderPolicy(ruleFilters: DocNode | undefined, ruleSource: string, backend: { filters: DocNode | undefined; source: string } | undefined): CorsPolicy[] {
  const rule = modifierLevels(ruleFilters);
  const own = backend === undefined ? undefined : modifierLevels(backend.filters);
  const reporter =
    own !== undefined && backend !== undefined && setsAccessControl(own.modifier)
      ? { modifier: own.modifier, source: backend.source }
      : rule !== undefined && setsAccessControl(rule.modifier)
        ? { modifier: rule.modifier, source: ruleSource }
        : undefined;
  if (reporter === undefined) return [];
  const policy = envoyHeaderPolicy(orders([...(rule?.levels ?? []), ...(own?.levels ?? [])]), reporter.modifier.loc, reporter.source);
  return policy === undefined ? [] : [policy];
}

/**
 * Whether the API server refuses the route for its CORS filter: `allowOrigins` and `allowMethods` take
 * `*` only alone (`HTTPCORSFilter` CEL rules "AllowOrigins cannot contain '*' alongside other origins",
 * and the same for methods), so the whole HTTPRoute is never stored and sends nothing.
 */
function refusedCors(cors: DocNode): boolean {
  return ['allowOrigins', 'allowMethods'].some((key) => {
    const list = items(get(cors, key));
    return list.length > 1 && list.some((item) => str(item) === '*');
  });
}

/** The CORS filters of a list, each once (a filter listed again through a YAML alias is the same one). */
function corsFilters(filters: DocNode | undefined): DocNode[] {
  return [
    ...new Set(
      items(filters)
        .filter((filter) => str(get(filter, 'type')) === 'CORS')
        .map((filter) => get(filter, 'cors'))
        .filter(isMap),
    ),
  ];
}

/** A `Vary: Origin` added by a ResponseHeaderModifier filter in the same list. */
function varyHeader(filters: DocNode | undefined): Located<Tri> | undefined {
  for (const filter of items(filters)) {
    if (str(get(filter, 'type')) !== 'ResponseHeaderModifier') continue;
    const modifier = get(filter, 'responseHeaderModifier');
    for (const header of [...items(get(modifier, 'set')), ...items(get(modifier, 'add'))]) {
      const value = get(header, 'value');
      if (value !== undefined && isVaryOnOrigin(str(get(header, 'name')), str(value)))
        return { value: true, loc: value.loc };
    }
  }
  return undefined;
}

/**
 * The spec reads an origin without a port as having its scheme's default one, so `https://a.example.com:443`
 * and `https://a.example.com` are the same allowed origin.
 */
function withoutDefaultPort(matcher: OriginMatcher): OriginMatcher {
  if (matcher.kind !== 'exact') return matcher;
  const value = matcher.value.replace(/^(https:\/\/[^/:]+):443$/i, '$1').replace(/^(http:\/\/[^/:]+):80$/i, '$1');
  return { ...matcher, value };
}

/**
 * `maxAge` is an int32 of at least 1 in the CRD schema (`+kubebuilder:validation:Minimum=1`), and the
 * API server does not convert text to a number: a route holding `"86400s"`, `"3600"`, a fraction or 0
 * is refused, so nothing of its value is sent, and the max-age is unknown.
 */
function admittedMaxAge(node: DocNode): MaxAge {
  if (isScalar(node) && (typeof node.value !== 'number' || !Number.isInteger(node.value) || node.value < 1)) return { kind: 'unknown', loc: node.loc };
  return configMaxAge(node, 'seconds');
}

function policy(cors: DocNode, source: string, vary: Located<Tri> | undefined): CorsPolicy {
  const fields = optionalEnvoyFields(cors, GATEWAY_API_KEYS, 'seconds');
  const maxAgeNode = get(cors, 'maxAge');
  const maxAge: MaxAge =
    maxAgeNode === undefined
      ? { kind: 'value', seconds: DEFAULT_MAX_AGE_SECONDS, raw: String(DEFAULT_MAX_AGE_SECONDS), loc: cors.loc }
      : admittedMaxAge(maxAgeNode);
  const allowOrigins = get(cors, 'allowOrigins');
  return envoyCorsPolicy({
    block: cors,
    source,
    origins: allowOrigins === undefined ? [] : wildcardHostOrigins(allowOrigins).map(withoutDefaultPort),
    credentials: manifestTri(get(cors, 'allowCredentials'), false, cors.loc),
    ...fields,
    maxAge,
    wildcardLiteralWithoutCredentials: true,
    varyHeader: vary ?? { value: 'unknown', loc: cors.loc },
  });
}
