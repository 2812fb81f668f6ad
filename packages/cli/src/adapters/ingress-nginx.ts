import { defaultHeaderList } from '@corsguard/core';
import type { CorsPolicy, HeaderList, Located, MaxAge, OriginMatcher, SourceLocation, Tri } from '@corsguard/core';
import {
  appendToGroup,
  at,
  get,
  helmReleaseValues,
  isMap,
  isPlaceholder,
  isScalar,
  isVaryOnOrigin,
  keptOn,
  keyNode,
  locateInScalar,
  perFileText,
  type ResourceHeader,
  resourceHeader,
  spanOf,
  splitCommaList,
  str,
  tri,
} from '../document/access.js';
import type { ConfigDocument, DocNode, MapEntry, MapNode, ScalarNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { dottedValuesPath, valuesPathKeys, walkChartValues, type ValuesPath } from './chart-values.js';
import { headerValueOrigin } from './cloud-common.js';
import { exactOrigin } from './envoy-cors.js';
import { goParseBool } from './go-parse-bool.js';
import { isTemplated, snippetHeaders, type NginxHeader, type OriginTest } from './nginx-snippet.js';

/**
 * Kubernetes ingress-nginx: CORS through `nginx.ingress.kubernetes.io/*` annotations on an Ingress,
 * or in a Helm values file's `ingress.annotations` (cors-facts 2.8). Keys, defaults and validation
 * from kubernetes/ingress-nginx `internal/ingress/annotations/cors/main.go` (`Parse`,
 * `corsOriginRegexValidator`, `corsOriginRegex`, `defaultCorsMethods`, `defaultCorsHeaders`,
 * `defaultCorsMaxAge`) and `parser/validators.go`
 * (`ValidateRegex` removes spaces before validating, `HeadersVariable` allows no `*`; annotation
 * validation is on by default since v1.9); emitted headers from `rootfs/etc/nginx/template/
 * nginx.tmpl` (define "CORS") and `internal/ingress/controller/template/template.go`
 * (`buildCorsOriginRegex`, `buildOriginRegex`):
 * - without `cors-allow-origin`, or when the annotation fails validation, the origin is `*`, sent as a
 *   literal `*` (`set $http_origin *`) together with Allow-Credentials;
 * - an explicit list becomes `if ($http_origin ~* (…)$)`: case-insensitive, each entry quoted, a
 *   `*.` label wildcard turned into `[A-Za-z0-9\-]+`; the request origin is echoed. An entry is
 *   `scheme://host[:port]` with any lowercase scheme (kubernetes/ingress-nginx#11153, for app origins
 *   such as `capacitor://localhost`) or `null` (#12402), which then echoes `null`; other entries are
 *   skipped;
 * - `cors-allow-credentials` defaults to true, and a value Go's `strconv.ParseBool` rejects is true too;
 * - `cors-max-age` defaults to 1728000 (also for a non-integer); methods and headers fall back to their
 *   defaults when they fail validation; expose-headers to none;
 * - the template adds no `Vary` (users add it in `configuration-snippet`) and answers preflights
 *   itself (204).
 * Without `enable-cors`, CORS is often hand-written in `configuration-snippet` as raw headers
 * (`more_set_headers "Access-Control-Allow-Origin: $http_origin";`, `add_header Name value always;`,
 * nginx and headers-more docs): those values are what browsers get, `$http_origin` echoing the
 * origins its enclosing `if`s let through (nginx-snippet.ts); other variables are unknown, and so is
 * the preflight. Each `location` block of a server snippet is a policy of its own.
 * F5's NGINX Ingress Controller (nginxinc/kubernetes-ingress, `nginx.org/*` annotations) takes the same
 * hand-written headers in `nginx.org/location-snippets` (put into each location of the Ingress) and
 * `nginx.org/server-snippets` (the server block): docs.nginx.com, "Advanced configuration with
 * Snippets". They are read as ingress-nginx's `configuration-snippet` and `server-snippet` are.
 * The same raw headers can come from a ConfigMap of response headers, which the controller's
 * `add-headers` setting (or an Ingress's `custom-headers` annotation) names: each `Name: value` entry
 * becomes `more_set_headers "Name: value"` on every response (`nginx.tmpl`, "Custom headers for
 * response"). A ConfigMap is read so when its data sets Access-Control-Allow-Origin, as only a header
 * map would.
 */

const PREFIX = 'nginx.ingress.kubernetes.io/';
/** The NGINX Ingress Controller's (F5, nginxinc/kubernetes-ingress) annotation prefix. */
const NGINX_INC_PREFIX = 'nginx.org/';
/** Annotations that can carry CORS: the switch, or snippets where headers are written by hand. */
const CORS_ANNOTATIONS = [
  PREFIX + 'enable-cors',
  PREFIX + 'configuration-snippet',
  PREFIX + 'server-snippet',
  NGINX_INC_PREFIX + 'location-snippets',
  NGINX_INC_PREFIX + 'server-snippets',
];
/** How deep chart values are searched. */
const MAX_VALUES_DEPTH = 8;
const DEFAULT_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'];
const DEFAULT_HEADERS = [
  'DNT',
  'Keep-Alive',
  'User-Agent',
  'X-Requested-With',
  'If-Modified-Since',
  'Cache-Control',
  'Content-Type',
  'Range',
  'Authorization',
];
const DEFAULT_MAX_AGE = 1728000;
/*
 * The controller's validators, rewritten so that JavaScript's backtracking matcher runs them in linear
 * time: as written in Go (`((([a-z]+://)?(\*\.)?[A-Za-z0-9\-.]*(:\d+)?,?)|null)+`, `([A-Za-z]+,?\s?)+`,
 * `(([A-Za-z0-9\-_]+|\*),?\s?)+`) they split a run of letters in exponentially many ways before
 * rejecting a value such as `https://app.example.com/`, which RE2 never does. Each accepts the same
 * strings: the origin validator's repeated group can be one piece at a time, so a value is any sequence
 * of the pieces `[a-z]+://` (a `://` after a lowercase letter), `*.`, a host character, `:` and a
 * digit, and `,`; a list validator's value is runs of its characters separated by `,`, a whitespace or
 * both, with one optional separator at the end.
 */
const ORIGIN_ANNOTATION_VALIDATOR = /^(?:\*|(?:[A-Za-z0-9\-.,]|(?<=[a-z]):\/\/|\*\.|:\d)*)$/;
const ORIGIN_ENTRY = /^([a-z]+:\/\/(\*\.)?[A-Za-z0-9\-.]*(:\d+)?|\*|null)?$/;
const METHODS_VALIDATOR = /^[A-Za-z]+(?:(?:,[\t\n\f\r ]?|[\t\n\f\r ])[A-Za-z]+)*(?:,[\t\n\f\r ]?|[\t\n\f\r ])?$/;
/** `parser.HeadersVariable`: no `*`, so `cors-allow-headers: "*"` falls back to the default list. */
const HEADERS_VALIDATOR = /^[A-Za-z0-9\-_, ]*$/;
const EXPOSE_HEADERS_VALIDATOR = /^[A-Za-z0-9\-_*]+(?:(?:,[\t\n\f\r ]?|[\t\n\f\r ])[A-Za-z0-9\-_*]+)*(?:,[\t\n\f\r ]?|[\t\n\f\r ])?$/;

export const ingressNginxAdapter: Adapter = {
  name: 'ingress-nginx',
  description: 'Kubernetes Ingress with ingress-nginx CORS annotations (nginx.ingress.kubernetes.io/enable-cors)',
  detect(doc) {
    return annotationSets(doc).length > 0 || headerMaps(doc).length > 0 || controllerSnippetPolicies(doc).length > 0;
  },
  extract(doc) {
    const policies = annotationSets(doc).flatMap(({ annotations, source, patch }) => annotationPolicies(annotations, source, patch === true));
    return [
      ...policies,
      ...headerMaps(doc).flatMap(({ data, source }) => headerMapCorsPolicy(data, source) ?? []),
      ...controllerSnippetPolicies(doc),
    ];
  },
};

interface AnnotationSet {
  annotations: MapNode;
  source: string;
  /**
   * A kustomize strategic-merge patch (an Ingress without `spec`): its annotations are merged into a
   * base Ingress, which may set any CORS annotation the patch leaves out, so those are unknown rather
   * than the controller's defaults.
   */
  patch?: boolean;
}

/**
 * The annotations of an Ingress, or those a Helm chart's values give an Ingress, when they mention
 * ingress-nginx's CORS switch (see `chartValues`).
 */
function annotationSets(doc: ConfigDocument): AnnotationSet[] {
  const root = doc.root;
  const header = resourceHeader(root);
  if (header !== undefined && isIngress(header)) {
    const annotations = get(get(root, 'metadata'), 'annotations');
    const ingressClass = str(at(root, 'spec', 'ingressClassName')) ?? str(get(annotations, 'kubernetes.io/ingress.class'));
    if (!isMap(annotations) || servedByOtherController(ingressClass)) return [];
    return [{ annotations, source: `Ingress ${header.name ?? '(unnamed)'}`, patch: get(root, 'spec') === undefined }];
  }
  return chartValues(doc).annotationSets;
}

/**
 * The ingress class names other controllers install by default (Traefik, Kong, the AWS Load Balancer
 * Controller, GKE, APISIX, Istio, HAProxy, Contour, Azure Application Gateway, Cilium, Emissary).
 * ingress-nginx annotations left on an Ingress of such a class (a migration's leftovers) do nothing.
 * A cluster can name its nginx class anything (`public`, `internal`), so other names are read.
 */
const OTHER_CONTROLLER_CLASSES = new Set([
  'traefik',
  'kong',
  'alb',
  'gce',
  'gce-internal',
  'apisix',
  'istio',
  'haproxy',
  'contour',
  'azure-application-gateway',
  'cilium',
  'ambassador',
]);

/**
 * The policies one Ingress's annotations configure: the CORS annotations, or else CORS headers a
 * snippet adds. Also what Terraform's `kubernetes_ingress_v1` writes as `metadata.annotations`.
 */
export function annotationPolicies(annotations: MapNode, source: string, patch = false): CorsPolicy[] {
  const policy = corsPolicy(source, annotations, patch);
  return policy === undefined ? snippetPolicy(source, annotations) : [policy];
}

export function servedByOtherController(ingressClass: string | undefined): boolean {
  return ingressClass !== undefined && OTHER_CONTROLLER_CLASSES.has(ingressClass);
}

function isIngress(header: ResourceHeader): boolean {
  return header.kind === 'Ingress' && (header.group === 'networking.k8s.io' || header.group === 'extensions');
}

interface HeaderMap {
  data: MapNode;
  source: string;
}

interface ChartValues {
  annotationSets: AnnotationSet[];
  headerMaps: HeaderMap[];
  /** The chart's `controller.config`: the controller ConfigMap's settings. */
  controllerConfigs: HeaderMap[];
}

/**
 * What chart values configure for ingress-nginx, in a values file or in the values a resource carries
 * for a chart (Flux `HelmRelease` `spec.values`, Argo CD `helm.valuesObject`):
 * - ingress annotations: an `annotations` map with the CORS switch or a snippet whose path has a key naming an
 *   ingress (`ingress.annotations`, `<component>.ingress.annotations`, `ingress.<name>.annotations` as
 *   the bjw-s app-template and common-library charts key them, an umbrella chart's
 *   `<subchart>.<component>.ingress.annotations`), unless its owner has `enabled: false` or a
 *   `className` another controller serves;
 * - the ingress-nginx chart's `controller.addHeaders`, which the chart writes into a ConfigMap named
 *   in the controller's `add-headers`, so every response carries those headers.
 * Both adapter calls (detect, extract) need the answer, so it is kept on the document.
 */
const chartValues = keptOn('ingressNginxChartValues', readChartValues);

function readChartValues(doc: ConfigDocument): ChartValues {
  const root = doc.root;
  const found: ChartValues = { annotationSets: [], headerMaps: [], controllerConfigs: [] };
  const header = resourceHeader(root);
  const start = header === undefined ? root : helmReleaseValues(root, header);
  if (start !== undefined && !(header?.kind === 'ConfigMap' && header.group === '') && mayHoldChartValues(doc.fileText)) {
    walkChartValues(start, MAX_VALUES_DEPTH, (map, path) => {
      const given = valuesAnnotations(map);
      const annotations = given?.annotations;
      if (
        annotations !== undefined &&
        CORS_ANNOTATIONS.some((name) => get(annotations, name) !== undefined) &&
        valuesPathKeys(path).some((key) => /ingress/i.test(key)) &&
        tri(get(map, 'enabled'), true, annotations.loc).value !== false &&
        !servedByOtherController(str(get(map, 'className') ?? get(map, 'ingressClassName')))
      ) {
        found.annotationSets.push({ annotations, source: `Helm values ${dottedValuesPath(path, given?.key ?? 'annotations')}` });
      }
      const addHeaders = get(map, 'addHeaders');
      if (path?.key === 'controller' && isMap(addHeaders) && addHeaders.entries.some(isAllowOriginEntry)) {
        found.headerMaps.push({ data: addHeaders, source: `Helm values ${dottedValuesPath(path, 'addHeaders')} (response headers)` });
      }
      const config = get(map, 'config');
      if (path?.key === 'controller' && isMap(config)) {
        found.controllerConfigs.push({ data: config, source: `Helm values ${dottedValuesPath(path, 'config')}` });
      }
      return map.entries;
    }, header === undefined ? undefined : releaseValuesPath(header));
  }
  return found;
}

/**
 * The annotations chart values give an ingress: its `annotations`, together with the
 * `extraAnnotations` many charts write below them (Rancher's `ingress.extraAnnotations`, and charts
 * whose templates render `toYaml .Values.ingress.extraAnnotations` after `annotations`, so a key set
 * in both takes the extra value, as the last of two duplicate keys does in the rendered Ingress).
 */
function valuesAnnotations(owner: MapNode): { annotations: MapNode; key: string } | undefined {
  const annotations = get(owner, 'annotations');
  const extra = get(owner, 'extraAnnotations');
  if (!isMap(extra)) return isMap(annotations) ? { annotations, key: 'annotations' } : undefined;
  if (!isMap(annotations)) return { annotations: extra, key: 'extraAnnotations' };
  const overridden = new Set(extra.entries.map((entry) => entry.key.value));
  const kept = annotations.entries.filter((entry) => !overridden.has(entry.key.value));
  return { annotations: { type: 'map', loc: annotations.loc, entries: [...kept, ...extra.entries] }, key: 'annotations' };
}

/**
 * Whether a file's text can hold what `chartValues` looks for: an ingress-nginx annotation, the chart's
 * `addHeaders`, or a controller snippet. The walk reads every small mapping of a document, which costs
 * most of a lint of a large template that holds none of them.
 */
const mayHoldChartValues = perFileText(
  (text) =>
    // The annotation prefix without its slash, which JSON may write as `\/`, and as a `--set`
    // parameter's name writes it, its dots escaped (the backslash doubled in a double-quoted scalar).
    text.includes('nginx.ingress.kubernetes.io') ||
    // The regex only where an escaped dot can be: it is a slow scan of a large file that lacks one.
    (text.includes('ingress\\') && /nginx\\{1,2}\.ingress\\{1,2}\.kubernetes/.test(text)) ||
    text.includes('addHeaders') ||
    text.includes('-snippet'),
);

/** Where `helmReleaseValues` found a release's values, as the path their sources are named by. */
function releaseValuesPath(header: ResourceHeader): ValuesPath | undefined {
  const keys = header.kind === 'HelmRelease' ? ['spec', 'values'] : ['spec', 'source', 'helm', 'valuesObject'];
  return keys.reduce<ValuesPath | undefined>((parent, key) => ({ key, parent }), undefined);
}

function corsPolicy(source: string, annotations: MapNode, patch: boolean): CorsPolicy | undefined {
  const annotation = (name: string): DocNode | undefined => get(annotations, PREFIX + name);
  const enable = annotation('enable-cors');
  if (goBool(enable) !== true) return undefined;
  const enableKey = keyNode(annotations, PREFIX + 'enable-cors');
  // Settings nobody wrote come from enabling CORS: blame that annotation.
  const defaults =
    enableKey !== undefined && enable !== undefined ? spanOf(enableKey.loc, enable.loc) : annotations.loc;
  // In a patch, a setting it leaves out is whatever the base Ingress says.
  const unset = (name: string): boolean => patch && annotation(name) === undefined;

  const originNode = annotation('cors-allow-origin');
  const allowed = unset('cors-allow-origin') ? [{ kind: 'unknown' as const, loc: defaults }] : origins(originNode, defaults);
  if (allowed === undefined) return undefined;
  const policy: CorsPolicy = {
    loc: defaults,
    source,
    origins: allowed,
    credentials: unset('cors-allow-credentials')
      ? { value: 'unknown', loc: defaults }
      : credentials(annotation('cors-allow-credentials'), defaults),
    allowMethods: unset('cors-allow-methods')
      ? { kind: 'unknown', loc: defaults }
      : validatedList(annotation('cors-allow-methods'), METHODS_VALIDATOR, DEFAULT_METHODS, defaults),
    allowHeaders: unset('cors-allow-headers')
      ? { kind: 'unknown', loc: defaults }
      : validatedList(annotation('cors-allow-headers'), HEADERS_VALIDATOR, DEFAULT_HEADERS, defaults),
    maxAge: unset('cors-max-age') ? { kind: 'unknown', loc: defaults } : maxAge(annotation('cors-max-age'), defaults),
    // nginx.tmpl never adds Vary; the annotation that makes the origin per-request is the one to fix.
    vary: annotationsVary(annotations) ?? { value: patch ? 'unknown' : false, loc: originNode?.loc ?? defaults },
    preflight: { handling: 'answered', loc: defaults },
  };
  const exposeNode = annotation('cors-expose-headers');
  if (exposeNode !== undefined) {
    const expose = validatedList(exposeNode, EXPOSE_HEADERS_VALIDATOR, [], defaults);
    if (expose.kind !== 'list' || expose.items.length > 0) policy.exposeHeaders = expose;
  }
  return policy;
}

/**
 * A `Vary: Origin` added by hand in a snippet (`more_set_headers "Vary: Origin";`,
 * `add_header Vary Origin always;`), read with the same directive parser as the CORS headers.
 */
function snippetVary(snippet: DocNode | undefined): Located<Tri> | undefined {
  if (!isScalar(snippet) || str(snippet) === undefined) return undefined;
  const vary = snippetHeaders(snippet).find((header) => isVaryOnOrigin(header.name, header.value));
  return vary === undefined ? undefined : { value: true, loc: snippet.loc };
}

/**
 * The snippet annotations of an Ingress, the location's before the server's: ingress-nginx's, then the
 * NGINX Ingress Controller's (`nginx.org/location-snippets`, `nginx.org/server-snippets`).
 */
const SNIPPET_ANNOTATIONS = [
  PREFIX + 'configuration-snippet',
  NGINX_INC_PREFIX + 'location-snippets',
  PREFIX + 'server-snippet',
  NGINX_INC_PREFIX + 'server-snippets',
];

/**
 * CORS written by hand as raw headers, when `enable-cors` is off: in a location snippet, else in a
 * server snippet (the server block, whose headers reach the location's responses too). A `Vary` added
 * in any snippet counts.
 */
function snippetPolicy(source: string, annotations: MapNode): CorsPolicy[] {
  const vary = annotationsVary(annotations);
  for (const name of SNIPPET_ANNOTATIONS) {
    const snippet = get(annotations, name);
    if (!isScalar(snippet) || isTemplated(snippet)) continue;
    const policies = snippetPolicies(snippet, `${source} ${name.startsWith(PREFIX) ? name.slice(PREFIX.length) : name}`, vary);
    if (policies.length > 0) return policies;
  }
  return [];
}

/**
 * The policies of a snippet's headers: one for those outside any `location` block, and one for each
 * `location` of a server snippet, which answers only the requests it matches.
 */
function snippetPolicies(snippet: ScalarNode, source: string, vary: Located<Tri> | undefined): CorsPolicy[] {
  const byLocation = new Map<string | undefined, NginxHeader[]>();
  for (const header of snippetHeaders(snippet)) {
    appendToGroup(byLocation, header.location, header);
  }
  return [...byLocation].flatMap(([location, headers]) => {
    const where = location === undefined ? source : `${source} location ${location}`;
    return nginxHeadersPolicy(headers, where, snippet.loc, vary) ?? [];
  });
}

/** A `Vary: Origin` added by hand in the location's or the server's snippet. */
function annotationsVary(annotations: MapNode): Located<Tri> | undefined {
  for (const name of SNIPPET_ANNOTATIONS) {
    const vary = snippetVary(get(annotations, name));
    if (vary !== undefined) return vary;
  }
  return undefined;
}

/**
 * The controller ConfigMap's snippets (`location-snippet`, `server-snippet`, `http-snippet`), which
 * nginx.tmpl puts into every location, server or the http block: CORS headers written there by hand
 * reach every Ingress's responses. Read from a ConfigMap's data or the chart's `controller.config`;
 * the innermost snippet with an Access-Control-Allow-Origin counts, as for annotation snippets.
 */
function controllerSnippetPolicies(doc: ConfigDocument): CorsPolicy[] {
  const root = doc.root;
  const header = resourceHeader(root);
  const data = get(root, 'data');
  const configs: HeaderMap[] =
    header?.kind !== 'ConfigMap' || header.group !== ''
      ? chartValues(doc).controllerConfigs
      : isMap(data)
        ? [{ data, source: `ConfigMap ${header.name ?? '(unnamed)'}` }]
        : [];
  const policies: CorsPolicy[] = [];
  for (const { data, source } of configs) {
    const snippets = CONTROLLER_SNIPPETS.map((name) => [name, get(data, name)] as const);
    const vary = snippets.map(([, snippet]) => snippetVary(snippet)).find((found) => found !== undefined);
    for (const [name, snippet] of snippets) {
      if (!isScalar(snippet) || isTemplated(snippet)) continue;
      const found = snippetPolicies(snippet, `${source} ${name}`, vary);
      if (found.length === 0) continue;
      policies.push(...found);
      break;
    }
  }
  return policies;
}

const CONTROLLER_SNIPPETS = ['location-snippet', 'server-snippet', 'http-snippet'];

/** Maps of response headers including Access-Control-Allow-Origin: a ConfigMap's data, or chart values. */
function headerMaps(doc: ConfigDocument): HeaderMap[] {
  const root = doc.root;
  const header = resourceHeader(root);
  if (header?.kind !== 'ConfigMap' || header.group !== '') return chartValues(doc).headerMaps;
  const data = get(root, 'data');
  if (!isMap(data) || !data.entries.some(isAllowOriginEntry)) return [];
  return [{ data, source: `ConfigMap ${header.name ?? '(unnamed)'} (response headers)` }];
}

function isAllowOriginEntry(entry: MapEntry): boolean {
  return typeof entry.key.value === 'string' && entry.key.value.toLowerCase() === 'access-control-allow-origin';
}

function headerMapCorsPolicy(data: MapNode, source: string): CorsPolicy | undefined {
  const headers: NginxHeader[] = [];
  for (const entry of data.entries) {
    const name = entry.key.value;
    const value = entry.value;
    if (typeof name !== 'string' || !isScalar(value)) continue;
    const text = str(value) ?? String(value.value);
    headers.push({ name, value: text, scalar: value, valueStart: 0, computed: text.includes('$') || isPlaceholder(value), gate: { kind: 'every-origin' } });
  }
  const vary = headers.filter((header) => header.name.toLowerCase() === 'vary').at(-1);
  const varies: Located<Tri> | undefined =
    vary === undefined ? undefined : { value: vary.computed ? 'unknown' : isVaryOnOrigin(vary.name, vary.value), loc: vary.scalar.loc };
  return nginxHeadersPolicy(headers, source, data.loc, varies);
}

/**
 * The policy raw headers sent by nginx make (`more_set_headers`, `add_header`): values are literal
 * except nginx variables, where `$http_origin` echoes the origins its enclosing `if`s let through
 * (nginx-snippet.ts): all of them, those an origin test matches, or unknown ones; any other variable
 * is unknown. None without Access-Control-Allow-Origin.
 */
function nginxHeadersPolicy(headers: readonly NginxHeader[], source: string, loc: SourceLocation, vary: Located<Tri> | undefined): CorsPolicy | undefined {
  const named = (name: string): NginxHeader[] => headers.filter((header) => header.name.toLowerCase() === name);
  const last = (name: string): NginxHeader | undefined => named(name).at(-1);
  // The same value set in several places (inside `if ($request_method = 'OPTIONS') { … }` for
  // preflights and again for other requests) is one origin for every request, not a per-request choice.
  const echoesOrigin = (header: NginxHeader): boolean => header.value === '$http_origin' || header.echoesTestedOrigin === true;
  const sameForEveryRequest = (header: NginxHeader): boolean =>
    !header.computed || (echoesOrigin(header) && header.gate.kind === 'every-origin');
  const allowOrigin = named('access-control-allow-origin').filter(
    (header, index, all) =>
      !sameForEveryRequest(header) ||
      all.findIndex((other) => sameForEveryRequest(other) && other.value === header.value) === index,
  );
  if (allowOrigin.length === 0) return undefined;
  const where = (header: NginxHeader): SourceLocation =>
    locateInScalar(header.scalar, header.valueStart, header.valueStart + header.value.length);
  const matchers = allowOrigin.flatMap((header): OriginMatcher[] => {
    const loc = where(header);
    if (!echoesOrigin(header)) return [header.computed ? { kind: 'unknown', loc } : headerValueOrigin(header.value, loc)];
    if (header.gate.kind === 'every-origin') return [{ kind: 'reflect-any', loc }];
    if (header.gate.kind === 'unknown') return [{ kind: 'unknown', loc }];
    return header.gate.tests.map((test) => testedOrigin(header.scalar, test));
  });
  // Blocks for each method (`if ($cors = "true")`, `if ($cors = "trueoptions")`) repeat the same test.
  const origins = matchers.filter(
    (matcher, index) =>
      matcher.kind !== 'pattern' ||
      matchers.findIndex((other) => other.kind === 'pattern' && other.loc.line === matcher.loc.line && other.loc.column === matcher.loc.column) === index,
  );
  const credentialsHeader = last('access-control-allow-credentials');
  const list = (header: NginxHeader | undefined): HeaderList | undefined => {
    if (header === undefined) return undefined;
    if (header.computed) return { kind: 'unknown', loc: where(header) };
    const items: Array<{ value: string; loc: SourceLocation }> = [];
    let offset = 0;
    for (const part of header.value.split(',')) {
      const item = part.trim();
      const start = header.valueStart + offset + part.indexOf(item);
      offset += part.length + 1;
      if (item !== '') items.push({ value: item, loc: locateInScalar(header.scalar, start, start + item.length) });
    }
    return { kind: 'list', items, loc: where(header) };
  };
  const maxAgeHeader = last('access-control-max-age');
  const policy: CorsPolicy = {
    loc,
    source,
    origins,
    credentials:
      credentialsHeader === undefined
        ? { value: false, loc }
        : {
            value: credentialsHeader.computed ? 'unknown' : credentialsHeader.value === 'true',
            loc: where(credentialsHeader),
          },
    vary: vary ?? { value: false, loc: origins[0]?.loc ?? loc },
    preflight: { handling: 'unknown', loc },
  };
  if (credentialsHeader !== undefined && !credentialsHeader.computed) {
    policy.credentialsText = { value: credentialsHeader.value, loc: where(credentialsHeader) };
  }
  const allowMethods = list(last('access-control-allow-methods'));
  if (allowMethods !== undefined) policy.allowMethods = allowMethods;
  const allowHeaders = list(last('access-control-allow-headers'));
  if (allowHeaders !== undefined) policy.allowHeaders = allowHeaders;
  const exposeHeaders = list(last('access-control-expose-headers'));
  if (exposeHeaders !== undefined) policy.exposeHeaders = exposeHeaders;
  if (maxAgeHeader !== undefined) {
    const loc = where(maxAgeHeader);
    policy.maxAge = maxAgeHeader.computed
      ? { kind: 'unknown', loc }
      : { kind: 'value', seconds: /^[+-]?\d+$/.test(maxAgeHeader.value) ? Number(maxAgeHeader.value) : NaN, raw: maxAgeHeader.value, loc };
  }
  return policy;
}

/** The origins an `if ($http_origin ~* regex)` or `if ($http_origin = origin)` lets through, echoed back. */
function testedOrigin(snippet: ScalarNode, test: OriginTest): OriginMatcher {
  const loc = locateInScalar(snippet, test.start, test.end);
  if (test.kind === 'equals') return exactOrigin(test.value, loc);
  return { kind: 'pattern', source: test.source, flags: test.caseInsensitive ? 'i' : '', dialect: 'pcre-search', loc };
}

function goBool(node: DocNode | undefined): boolean | undefined {
  if (!isScalar(node)) return undefined;
  const text = str(node);
  return text === undefined ? undefined : goParseBool(text);
}

/**
 * The origins of `cors-allow-origin`, or undefined when the controller keeps none of its entries: it
 * then sets up no origin check, and whether any CORS header follows depends on the template version,
 * so nothing is read. An entry the controller skips beside valid ones (`app.example.com` without a
 * scheme) never matches: it is kept as an allowlist entry the request is compared with, case-sensitively,
 * so that valid-origin says why.
 */
function origins(node: DocNode | undefined, defaults: SourceLocation): OriginMatcher[] | undefined {
  if (node === undefined) return [{ kind: 'any', loc: defaults }];
  if (!isScalar(node) || isPlaceholder(node)) return [{ kind: 'unknown', loc: node.loc }];
  const text = str(node) ?? '';
  // A value that fails the annotation validator is replaced by `*` as a whole.
  const valid = ORIGIN_ANNOTATION_VALIDATOR.test(text.replace(/ /g, '')) && !/[\r\n]/.test(text);
  if (text.trim() === '' || !valid) return [{ kind: 'any', loc: node.loc }];
  const matchers: OriginMatcher[] = [];
  const skipped: OriginMatcher[] = [];
  for (const entry of splitCommaList(node)) {
    if (entry.value === '*') return [{ kind: 'any', loc: entry.loc }];
    if (!ORIGIN_ENTRY.test(entry.value)) {
      skipped.push({ kind: 'exact', value: entry.value, compared: true, loc: entry.loc });
      continue;
    }
    if (entry.value === 'null') {
      matchers.push({ kind: 'null', loc: entry.loc });
      continue;
    }
    matchers.push(
      entry.value.includes('*')
        ? { kind: 'glob', value: entry.value, star: 'label', loc: entry.loc }
        : { kind: 'exact', value: entry.value, compared: true, caseInsensitive: true, loc: entry.loc },
    );
  }
  if (matchers.length === 0) return undefined;
  return [...matchers, ...skipped].sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column);
}

function credentials(node: DocNode | undefined, defaults: SourceLocation): Located<Tri> {
  if (node === undefined) return { value: true, loc: defaults };
  if (!isScalar(node) || isPlaceholder(node)) return { value: 'unknown', loc: node.loc };
  // Anything ParseBool rejects falls back to the default, true.
  return { value: goBool(node) ?? true, loc: node.loc };
}

function validatedList(
  node: DocNode | undefined,
  validator: RegExp,
  fallback: readonly string[],
  defaults: SourceLocation,
): HeaderList {
  if (node === undefined) return defaultHeaderList(fallback, defaults);
  if (!isScalar(node) || isPlaceholder(node)) return { kind: 'unknown', loc: node.loc };
  const text = str(node) ?? '';
  if (text === '' || !validator.test(text)) return defaultHeaderList(fallback, node.loc);
  return { kind: 'list', items: splitCommaList(node), loc: node.loc };
}

function maxAge(node: DocNode | undefined, defaults: SourceLocation): MaxAge {
  const fallback = (loc: SourceLocation): MaxAge => ({
    kind: 'value',
    seconds: DEFAULT_MAX_AGE,
    raw: String(DEFAULT_MAX_AGE),
    loc,
  });
  if (node === undefined) return fallback(defaults);
  if (!isScalar(node) || isPlaceholder(node)) return { kind: 'unknown', loc: node.loc };
  const raw = str(node) ?? '';
  // Go strconv.Atoi: optional sign and decimal digits only; anything else keeps the default.
  return /^[+-]?\d+$/.test(raw) ? { kind: 'value', seconds: Number(raw), raw, loc: node.loc } : fallback(node.loc);
}
