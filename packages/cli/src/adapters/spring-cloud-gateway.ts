import { defaultHeaderList } from '@corsguard/core';
import type { CorsPolicy, HeaderList, Located, MaxAge, OriginMatcher, SourceLocation, Tri } from '@corsguard/core';
import {
  configHeaderList,
  configMaxAge,
  get,
  isMap,
  isPlaceholder,
  isScalar,
  isSeq,
  items,
  keyName,
  listEntries,
  type ListEntry,
  relaxedEquals,
  relaxedKey,
  renamedKey,
  splitCommaList,
  str,
  tri,
} from '../document/access.js';
import type { ConfigDocument, DocNode, MapEntry, MapNode } from '../document/node.js';
import { parseConfigText } from '../document/parse.js';
import type { Adapter } from './adapter.js';
import { filterItems, headerFilterPolicies } from './spring-gateway-header-filters.js';

/**
 * Spring Cloud Gateway CORS in `application.yml` / `bootstrap.yml` (cors-facts 2.17): the global
 * `spring.cloud.gateway.globalcors.cors-configurations` map (path pattern → CorsConfiguration; also
 * under `spring.cloud.gateway.server.webflux.globalcors`, the prefix of the server-webflux module that
 * projects on Spring Cloud Gateway 4.3+ use, while the reference page still shows the old one), and
 * per-route `spring.cloud.gateway[.server.webflux].routes[].metadata.cors`. Keys from
 * docs.spring.io/spring-cloud-gateway/reference/spring-cloud-gateway/cors-configuration.html and
 * spring-cloud-gateway `RoutePredicateHandlerMapping.getCorsConfiguration` (route metadata keys
 * `allowCredentials`, `allowedHeaders`, `allowedMethods`, `allowedOriginPatterns`, `allowedOrigins`,
 * `exposedHeaders`, `maxAge`; a route's configuration replaces the global one). Global keys bind with
 * Spring Boot's relaxed names, so `allowed-origins` and `allowedOrigins` are the same setting, and a
 * comma-separated string binds to a list. Semantics from spring-framework
 * `spring-web/src/main/java/org/springframework/web/cors/CorsConfiguration.java` and
 * `.../cors/reactive/DefaultCorsProcessor.java`:
 * - `allowedOrigins` are compared case-insensitively, with a trailing `/` trimmed, and the request
 *   origin echoed; `*` is sent literally, and with `allowCredentials: true` Spring throws at request
 *   time ("allowedOrigins cannot contain the special value "*"");
 * - `allowedOriginPatterns` become regexes where `*` is `.*` (any characters, dots included) and a
 *   `:[*]` / `:[8080,8081]` suffix matches ports; the request origin is always echoed, so `*` with
 *   credentials reflects every origin;
 * - methods default to GET and HEAD; `*` methods or headers echo the request's;
 * - `Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers` is always added;
 *   Max-Age is sent only when set.
 *
 * Spring Boot Actuator's endpoints take their CORS from `management.endpoints.web.cors.*` (Spring Boot
 * `CorsEndpointProperties`, spring-boot-actuator-autoconfigure; reference "Actuator > Endpoints > CORS
 * Support"), and the Spring for GraphQL endpoint from `spring.graphql.cors.*` (Spring Boot
 * `GraphQlCorsProperties`, the same keys, defaults and `toCorsConfiguration()`), bound with the same
 * relaxed names into the same `CorsConfiguration`, so the same semantics apply. `toCorsConfiguration()` returns no configuration, so CORS stays off, unless `allowed-origins` or
 * `allowed-origin-patterns` holds something; methods default to GET and HEAD (CorsConfiguration's
 * default, the property doc says "GET"), no headers are allowed unless set, credentials are off unless
 * `allow-credentials` is true, and `max-age` is a `Duration` (a bare number is seconds, `30m`, `PT1H`)
 * that defaults to 1800 seconds and is always sent. The endpoint handler mappings answer preflights.
 */
/**
 * CORS property groups that Spring Boot binds and that take effect only once an origin setting holds
 * something, with how a finding names each. `defaultMaxAge` is the seconds sent when `max-age` is not
 * set (`CorsEndpointProperties` and `GraphQlCorsProperties` default it to 1800 and take a `Duration`);
 * JHipster binds `jhipster.cors` straight into a `CorsConfiguration` (`JHipsterProperties.getCors()`,
 * registered by the generated `WebConfigurer.corsFilter()` when allowed origins or origin patterns are
 * set), which sends Max-Age only when set, in seconds, and also takes `allow-private-network`.
 */
interface CorsGroup {
  path: readonly string[];
  source: string;
  defaultMaxAge?: number;
}
const BOOT_CORS_GROUPS: readonly CorsGroup[] = [
  { path: ['management', 'endpoints', 'web', 'cors'], source: 'Spring Boot Actuator management.endpoints.web.cors', defaultMaxAge: 1800 },
  { path: ['spring', 'graphql', 'cors'], source: 'Spring for GraphQL spring.graphql.cors', defaultMaxAge: 1800 },
  { path: ['jhipster', 'cors'], source: 'JHipster jhipster.cors' },
];
const GATEWAY_ROOTS = [
  ['spring', 'cloud', 'gateway'],
  ['spring', 'cloud', 'gateway', 'server', 'webflux'],
];
/**
 * Spring Cloud Gateway Server MVC reads the same route `metadata.cors` keys
 * (`org.springframework.cloud.gateway.server.mvc.config.CorsConfigurationParser`) under its own
 * prefix: `spring.cloud.gateway.server.webmvc` (4.3+) or the older `spring.cloud.gateway.mvc`. It has
 * no `globalcors`.
 */
const MVC_ROOTS = [
  ['spring', 'cloud', 'gateway', 'server', 'webmvc'],
  ['spring', 'cloud', 'gateway', 'mvc'],
];
/** The relaxed first segment of every path the adapter reads. */
const FIRST_SEGMENTS: readonly string[] = [
  ...new Set([...GATEWAY_ROOTS, ...MVC_ROOTS, ...BOOT_CORS_GROUPS.map((group) => group.path)].map((path) => relaxedKey(path[0] ?? ''))),
];

/** Whether a mapping has a key whose first segment is one of `firsts` (relaxed), as `descend` would match it. */
function hasKeyStartingAny(node: DocNode, firsts: readonly string[]): boolean {
  if (!isMap(node)) return false;
  return node.entries.some((entry) => {
    const key = String(entry.key.value);
    const firstEnd = key.search(/[.[]/);
    return firsts.some((first) => relaxedEquals(key, first, firstEnd < 0 ? key.length : firstEnd));
  });
}

const DEFAULT_METHODS = ['GET', 'HEAD'];
const PORT_LIST = /^(.*):\[(\*|\d+(?:,\d+)*)\]$/;
/** A comma outside a `[8080,8443]` port list. */
const OUTSIDE_PORT_LIST = /,(?![^[]*\])/;

export const springCloudGatewayAdapter: Adapter = {
  name: 'spring-cloud-gateway',
  description:
    'Spring Cloud Gateway and Spring Boot application.yml and application.properties: globalcors, routes[].metadata.cors, management.endpoints.web.cors, spring.graphql.cors and jhipster.cors',
  detect(doc) {
    // Every document is asked; most have no top-level key any of the paths starts with.
    if (!hasKeyStartingAny(doc.root, FIRST_SEGMENTS)) return false;
    return gatewaySections(doc.root).length > 0 || BOOT_CORS_GROUPS.some((group) => descend(doc.root, group.path).length > 0);
  },
  extract(doc) {
    return propertySources(doc).flatMap(({ root, underneath }) => sourcePolicies(root, underneath, doc.syntax));
  },
};

/** The policies of one property source, laid over the sources `underneath` it (see `propertySources`). */
function sourcePolicies(root: DocNode, underneath: readonly DocNode[], syntax: ConfigDocument['syntax']): CorsPolicy[] {
  const policies: CorsPolicy[] = [];
  const configurations = globalCorsMaps(root);
  const baseConfigurations = corsConfigurations(underneath.flatMap(globalCorsMaps).flatMap((map) => map.entries));
  // Flat property keys reach here one per key, so a pattern's settings are gathered across them all.
  for (const { pattern, cors, key } of corsConfigurations(configurations.flatMap((map) => map.entries))) {
    if (!keptAsWritten(key)) continue;
    const under = baseConfigurations.filter((base) => base.key === key).map((base) => base.cors);
    policies.push(policy(overlaid(under, cors), `Spring Cloud Gateway globalcors ${pattern}`, true));
  }
  for (const path of [...GATEWAY_ROOTS, ...MVC_ROOTS]) {
    const sections = descend(root, path);
    const routes = [
      ...sections.flatMap((gateway) => descend(gateway, ['routes'])).flatMap((list) => items(list)),
      // Indexed keys reach here one per key, so a route's settings are gathered across them all.
      ...indexedRoutes(sections.filter(isMap).flatMap((gateway) => gateway.entries)),
    ];
    const named = routes.map((route, index) => ({ route, name: str(get(route, 'id')) ?? String(index) }));
    const routeCors = named.flatMap(({ route, name }) => {
      const cors = get(get(route, 'metadata'), 'cors');
      return isMap(cors) ? [{ cors, name }] : [];
    });
    // One route whose metadata the gateway cannot cast stops it before any route's CORS is installed.
    if (!routeCors.some(({ cors }) => routeMetadataCastFails(cors, syntax))) {
      for (const { cors, name } of routeCors) policies.push(routeMetadataPolicy(cors, `Spring Cloud Gateway route ${name}`));
    }
    const defaults = sections.flatMap((gateway) => descend(gateway, ['default-filters']));
    policies.push(
      ...headerFilterPolicies(
        filterItems(defaults),
        defaults[0]?.loc,
        named.map(({ route, name }) => ({ name, filters: filterItems(descend(route, ['filters'])), loc: route.loc })),
        configurations.length > 0,
      ),
    );
  }
  for (const group of BOOT_CORS_GROUPS) {
    // A group's settings may be spread over several sections of a document (flat keys): each
    // document's are gathered before one document's are laid over the other's.
    const own = descend(root, group.path).filter(isMap);
    const under = underneath.flatMap((source) => descend(source, group.path)).filter(isMap);
    const first = own[0];
    const sections =
      first === undefined ? [] : [overlaid(under.length === 0 ? [] : [gathered(under, first.loc)], gathered(own, first.loc))];
    const boot = bootCorsPolicy(sections, group);
    if (boot !== undefined) policies.push(boot);
  }
  return policies;
}

function globalCorsMaps(root: DocNode): MapNode[] {
  return descendAll(root, GATEWAY_ROOTS)
    .flatMap((gateway) => descend(gateway, ['globalcors', 'cors-configurations']))
    .filter(isMap);
}

/**
 * Spring Boot reads each document of a multi-document `application.yml` (and each part of an
 * `application.properties` split by a `#---` or `!---` line) as a property source of its own, later
 * ones taking precedence, and one with an activation condition (`spring.config.activate.on-profile`,
 * or the older `spring.profiles: prod`) only when that profile is active. Map entries bound from
 * several sources are merged setting by setting (Spring Boot reference, "Externalized Configuration":
 * "Working With Multi-Document Files" and "Merging Complex Types"), so a profile source's CORS
 * settings are bound over those of the unconditional sources before it: what it leaves out keeps
 * their values. These are the property sources of a document, each with the roots it is laid over.
 */
function propertySources(doc: ConfigDocument): Array<{ root: DocNode; underneath: DocNode[] }> {
  if (doc.syntax === 'properties') {
    const parts = propertiesParts(doc);
    return parts.map((root, index) => ({
      root,
      underneath: index > 0 && isProfileDocument(root) ? parts.slice(0, index).filter((part) => !isProfileDocument(part)) : [],
    }));
  }
  if (doc.index === 0 || doc.syntax !== 'yaml' || !isProfileDocument(doc.root)) return [{ root: doc.root, underneath: [] }];
  const stream = streamDocuments(doc);
  // A document read from a string inside the file (a ConfigMap's application.yml) is not one of its
  // file's documents: its own stream is not at hand, so it is read alone.
  const sameDocument = stream[doc.index]?.root.loc;
  if (sameDocument?.line !== doc.root.loc.line || sameDocument.column !== doc.root.loc.column) return [{ root: doc.root, underneath: [] }];
  const underneath = stream.filter((other) => other.index < doc.index && !isProfileDocument(other.root)).map((other) => other.root);
  return [{ root: doc.root, underneath }];
}

const DOCUMENT_SEPARATOR = /^[#!]---[ \t]*$/;

/** A properties file's entries split into documents at its `#---` / `!---` lines (Spring Boot 2.4+). */
function propertiesParts(doc: ConfigDocument): MapNode[] {
  const root = doc.root;
  if (!isMap(root)) return [];
  const separators = doc.fileText.split(/\r?\n/).flatMap((line, index) => (DOCUMENT_SEPARATOR.test(line) ? [index + 1] : []));
  if (separators.length === 0) return [root];
  const parts: MapNode[] = separators.map(() => ({ type: 'map', entries: [], loc: root.loc }));
  parts.push({ type: 'map', entries: [], loc: root.loc });
  for (const entry of root.entries) {
    const part = parts[separators.filter((line) => line < entry.key.loc.line).length];
    part?.entries.push(entry);
  }
  return parts.filter((part) => part.entries.length > 0);
}

function isProfileDocument(root: DocNode): boolean {
  // `spring.profiles.active` / `.include` (a mapping) choose profiles; a scalar `spring.profiles` is a condition.
  return descend(root, ['spring', 'config', 'activate']).length > 0 || descend(root, ['spring', 'profiles']).some(isScalar);
}

let streamText: string | undefined;
let streamParsed: readonly ConfigDocument[] = [];

/** The documents of the stream a document belongs to, read once per file. */
function streamDocuments(doc: ConfigDocument): readonly ConfigDocument[] {
  if (doc.fileText !== streamText) {
    streamText = doc.fileText;
    streamParsed = parseConfigText(doc.path, doc.fileText).documents;
  }
  return streamParsed;
}

function gathered(sections: readonly MapNode[], loc: SourceLocation): MapNode {
  return { type: 'map', entries: sections.flatMap((section) => section.entries), loc };
}

/**
 * One CORS configuration bound from property sources, `top` taking precedence over `under` and each
 * of those over the ones before it: a setting comes from the last source that sets it, a list
 * (`allowed-origins[0]=…` included) whole from that source, as Spring Boot replaces a list rather than
 * merging it.
 */
function overlaid(under: readonly MapNode[], top: MapNode): MapNode {
  if (under.length === 0) return top;
  const entries: MapEntry[] = [];
  const setLater = new Set<string>();
  for (const layer of [top, ...[...under].reverse()]) {
    const own = indexedLists(layer.entries);
    entries.unshift(...own.filter((entry) => !setLater.has(relaxedKey(keyName(entry.key)))));
    for (const entry of own) setLater.add(relaxedKey(keyName(entry.key)));
  }
  return { type: 'map', entries, loc: top.loc };
}

/**
 * The CORS of one Spring Boot property group (Actuator, GraphQL, JHipster), from its sections in a document (a
 * nested mapping, or one flat key each as `application.properties` writes them), or undefined when
 * neither origin setting holds anything, which leaves CORS off.
 */
function bootCorsPolicy(sections: MapNode[], group: CorsGroup): CorsPolicy | undefined {
  const first = sections[0];
  if (first === undefined) return undefined;
  const cors: MapNode = { type: 'map', entries: indexedLists(sections.flatMap((section) => section.entries)), loc: first.loc };
  const enabling = ['allowedOrigins', 'allowedOriginPatterns'].map((key) => relaxedSetting(cors, key));
  const enabled = enabling.some((node) => node !== undefined && listEntries(node, true).some((entry) => entry.value === undefined || entry.value.trim() !== ''));
  if (!enabled) return undefined;
  const { defaultMaxAge } = group;
  // Only a bare CorsConfiguration (JHipster) can hold allowPrivateNetwork; its maxAge is a Long of seconds.
  const result = policy(cors, group.source, true, defaultMaxAge === undefined);
  if (defaultMaxAge === undefined) return result;
  const maxAge = relaxedSetting(cors, 'maxAge');
  result.maxAge = maxAge === undefined ? { kind: 'value', seconds: defaultMaxAge, raw: String(defaultMaxAge), loc: cors.loc } : springDurationMaxAge(maxAge);
  return result;
}

/**
 * Settings with list items written as indexed keys (`allowed-origins[0]=…`, `allowed-origins[1]=…`)
 * gathered into one sequence per setting, as Spring Boot binds them.
 */
function indexedLists(entries: readonly MapEntry[]): MapEntry[] {
  const result: MapEntry[] = [];
  const lists = new Map<string, MapEntry>();
  for (const entry of entries) {
    const indexed = /^(.+)\[(\d+)\]$/s.exec(String(entry.key.value));
    if (indexed === null) {
      result.push(entry);
      continue;
    }
    const [, name = ''] = indexed;
    let list = lists.get(relaxedKey(name));
    if (list === undefined) {
      list = { key: renamedKey(entry.key, name), value: { type: 'seq', items: [], loc: entry.key.loc } };
      lists.set(relaxedKey(name), list);
      result.push(list);
    }
    if (isSeq(list.value)) list.value.items.push(entry.value);
  }
  return result;
}

function relaxedSetting(cors: MapNode, key: string): DocNode | undefined {
  return cors.entries.filter((entry) => relaxedKey(keyName(entry.key)) === relaxedKey(key)).at(-1)?.value;
}

const DURATION_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };
/** Java's `Duration.parse` format (`PT30M`, `P1DT2H`, `PT0.5S`). */
const ISO_DURATION = /^([-+]?)P(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?)?$/i;

/**
 * A `Duration` property bound by Spring Boot (`DurationStyle`): a number with an optional unit suffix
 * (`1800`, `30m`, `2h`; no suffix means seconds here), or ISO-8601 (`PT30M`), sent as whole seconds
 * (`Duration.getSeconds`, which floors). Text Spring Boot cannot bind stops the application, so it
 * sends nothing and is unknown here.
 */
function springDurationMaxAge(node: DocNode): MaxAge {
  if (!isScalar(node) || isPlaceholder(node) || node.value === null) return { kind: 'unknown', loc: node.loc };
  const raw = str(node) ?? '';
  const seconds = springDurationSeconds(raw.trim());
  return seconds === undefined ? { kind: 'unknown', loc: node.loc } : { kind: 'value', seconds, raw, loc: node.loc };
}

function springDurationSeconds(text: string): number | undefined {
  const simple = /^([+-]?\d+)([a-zA-Z]{0,2})$/.exec(text);
  if (simple !== null) {
    const [, amount = '', unit = ''] = simple;
    const factor = unit === '' ? 1 : DURATION_SECONDS[unit.toLowerCase()];
    return factor === undefined ? undefined : Math.floor(Number(amount) * factor);
  }
  const iso = ISO_DURATION.exec(text);
  if (iso === null || !/[DHMS]$/i.test(text)) return undefined;
  const [, sign = '', days = '0', hours = '0', minutes = '0', secs = '0', fraction = ''] = iso;
  const total = Number(days) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(fraction === '' ? secs : `${secs}.${fraction}`);
  return Math.floor(sign === '-' ? -total : total);
}

/**
 * Whether Spring Boot binds a `cors-configurations` key as written: a map key outside `[…]` loses every
 * character but letters, digits, `-` and `.` (Spring Boot reference, "Externalized Configuration >
 * Binding Maps"), so an unbracketed `/**` or `/api/**` is bound as no path pattern at all and its
 * configuration reaches no request.
 */
function keptAsWritten(key: string): boolean {
  return /^\[.*\]$/s.test(key) || /^[A-Za-z0-9.-]+$/.test(key);
}

/**
 * The `cors-configurations` map's configurations: a path pattern keying a mapping, or settings spelled
 * as flat property keys (`cors-configurations.[/**].allowed-origins: "*"`, as `application.properties`
 * writes them and Spring Boot binds them in YAML too), gathered per pattern. A bracketed pattern may
 * hold dots (`[/v1.0/**]`); an unbracketed one ends at the first dot.
 */
function corsConfigurations(entries: readonly MapEntry[]): Array<{ pattern: string; cors: MapNode; key: string }> {
  const found: Array<{ pattern: string; cors: MapNode; key: string }> = [];
  const flat = new Map<string, MapNode>();
  for (const entry of entries) {
    if (isMap(entry.value)) {
      found.push({ pattern: entry.key.text, cors: entry.value, key: String(entry.key.value) });
      continue;
    }
    const key = String(entry.key.value);
    const split = /^(\[[^\]]*\]|[^.[]+)\.(.+)$/s.exec(key);
    if (split === null) continue;
    const [, pattern = '', setting = ''] = split;
    let cors = flat.get(pattern);
    if (cors === undefined) {
      cors = { type: 'map', entries: [], loc: entry.key.loc };
      flat.set(pattern, cors);
      found.push({ pattern, cors, key: pattern });
    }
    cors.entries.push({ key: renamedKey(entry.key, setting), value: entry.value });
  }
  return found;
}

const INDEXED_ROUTE_KEY = /^routes\[(\d+)\]\.(.+)$/s;

/**
 * Routes written as indexed property keys (`routes[0].id=orders`,
 * `routes[0].metadata.cors.allowedOrigins=…`, as `application.properties` writes them and Spring Boot
 * binds them in YAML too), gathered per index into the shape a YAML route has: `id`, the
 * `metadata.cors` settings, and the `filters` (as `[0]`-keyed entries, see `filterItems`).
 */
function indexedRoutes(entries: readonly MapEntry[]): MapNode[] {
  const routes = new Map<string, { key: MapEntry['key']; id: MapEntry | undefined; cors: MapEntry[]; filters: MapEntry[] }>();
  for (const entry of entries) {
    const match = INDEXED_ROUTE_KEY.exec(String(entry.key.value));
    if (match === null) continue;
    const [, index = '', rest = ''] = match;
    let found = routes.get(index);
    if (found === undefined) {
      found = { key: entry.key, id: undefined, cors: [], filters: [] };
      routes.set(index, found);
    }
    const filter = /^filters(\[\d+\])$/.exec(rest)?.[1];
    if (rest === 'id') found.id = { key: renamedKey(entry.key, 'id'), value: entry.value };
    else if (rest.startsWith('metadata.cors.')) found.cors.push({ key: renamedKey(entry.key, rest.slice('metadata.cors.'.length)), value: entry.value });
    else if (filter !== undefined) found.filters.push({ key: renamedKey(entry.key, filter), value: entry.value });
  }
  return [...routes.values()]
    .filter(({ cors, filters }) => cors.length > 0 || filters.length > 0)
    .map(({ key, id, cors, filters }) => {
      const route: MapNode = { type: 'map', entries: id === undefined ? [] : [id], loc: key.loc };
      if (cors.length > 0) {
        const metadata: MapNode = { type: 'map', entries: [{ key: renamedKey(key, 'cors'), value: { type: 'map', entries: cors, loc: key.loc } }], loc: key.loc };
        route.entries.push({ key: renamedKey(key, 'metadata'), value: metadata });
      }
      if (filters.length > 0) route.entries.push({ key: renamedKey(key, 'filters'), value: { type: 'map', entries: filters, loc: key.loc } });
      return route;
    });
}

function gatewaySections(root: DocNode): DocNode[] {
  return [...descendAll(root, GATEWAY_ROOTS), ...descendAll(root, MVC_ROOTS)];
}

function descendAll(root: DocNode, paths: readonly (readonly string[])[]): DocNode[] {
  return paths.flatMap((path) => descend(root, path));
}

/**
 * The nodes at a property path, where a YAML key may spell several segments at once
 * (`spring.cloud.gateway:`) and segments compare by Spring Boot's relaxed rules. A key that runs past
 * the path (`spring.cloud.gateway.globalcors:`) yields a mapping holding the rest of the key.
 */
function descend(node: DocNode, path: readonly string[]): DocNode[] {
  if (path.length === 0) return [node];
  if (!isMap(node)) return [];
  const found: DocNode[] = [];
  const first = relaxedKey(path[0] ?? '');
  for (const entry of node.entries) {
    const key = String(entry.key.value);
    // Most keys of most documents are not on the path: reject them on their first segment, unsplit.
    const firstEnd = key.search(/[.[]/);
    if (!relaxedEquals(key, first, firstEnd < 0 ? key.length : firstEnd)) continue;
    const segments = keySegments(key);
    const matched = segments.slice(0, path.length);
    if (!matched.every((segment, index) => relaxedKey(segment.name) === relaxedKey(path[index] ?? ''))) continue;
    const next = segments[path.length];
    if (next === undefined) {
      found.push(...descend(entry.value, path.slice(segments.length)));
      continue;
    }
    const rest = key.slice(next.start);
    found.push({ type: 'map', entries: [{ key: renamedKey(entry.key, rest), value: entry.value }], loc: entry.key.loc });
  }
  return found;
}

/**
 * The elements of a property name as Spring Boot parses it (`ConfigurationPropertyName`): dotted
 * names and bracketed keys, which may follow a name without a dot (`cors-configurations[/**]`, the
 * same as `cors-configurations.[/**]`) and may hold dots (`[/v1.0/**]`). `start` is where each begins.
 */
function keySegments(key: string): Array<{ name: string; start: number }> {
  const segments: Array<{ name: string; start: number }> = [];
  let start = 0;
  let i = 0;
  while (i <= key.length) {
    const char = key[i];
    if (char === '[') {
      if (i > start) segments.push({ name: key.slice(start, i), start });
      const close = key.indexOf(']', i);
      const end = close < 0 ? key.length : close + 1;
      segments.push({ name: key.slice(i, end), start: i });
      i = key[end] === '.' ? end + 1 : end;
      start = i;
      continue;
    }
    if (char === '.' || char === undefined) {
      if (i > start) segments.push({ name: key.slice(start, i), start });
      start = i + 1;
    }
    i++;
  }
  return segments;
}

/** The plain scalars SnakeYAML, which Spring Boot reads application.yml with, resolves as YAML 1.1 booleans. */
const YAML_11_BOOLEANS: ReadonlyMap<string, boolean> = new Map(
  ['yes', 'Yes', 'YES', 'on', 'On', 'ON'].map((word): [string, boolean] => [word, true]).concat(
    ['no', 'No', 'NO', 'off', 'Off', 'OFF'].map((word): [string, boolean] => [word, false]),
  ),
);

/** The words spring-core's `StringToBooleanConverter` takes, compared trimmed and lowercased. */
const CONVERTED_BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['on', true],
  ['yes', true],
  ['1', true],
  ['false', false],
  ['off', false],
  ['no', false],
  ['0', false],
]);

/**
 * A boolean setting as Spring reads it: an unquoted YAML 1.1 boolean (`yes`, `on`) is a boolean
 * before binding, and Spring Boot's binder (`relaxed`) converts any of `true`/`on`/`yes`/`1` and
 * `false`/`off`/`no`/`0` text, whatever the case. Anything else (a YAML number, whose conversion to a
 * boolean is not established) is left to `tri`.
 */
function springBoolean(node: DocNode | undefined, relaxed: boolean, fallbackLoc: SourceLocation): Located<Tri> {
  if (isScalar(node) && typeof node.value === 'string') {
    const yaml11 = node.text === node.value ? YAML_11_BOOLEANS.get(node.value) : undefined;
    const converted = relaxed ? CONVERTED_BOOLEANS.get(node.value.trim().toLowerCase()) : undefined;
    const value = yaml11 ?? converted;
    if (value !== undefined) return { value, loc: node.loc };
  }
  return tri(node, false, fallbackLoc);
}

/**
 * One `CorsConfiguration`. `relaxed` when Spring Boot binds the keys (globalcors, `BOOT_CORS_GROUPS`), not route
 * metadata; `privateNetworkSetting` when the settings can hold `allowPrivateNetwork` (Boot's own groups cannot).
 */
function policy(written: MapNode, source: string, relaxed: boolean, privateNetworkSetting = true): CorsPolicy {
  // Spring Boot binds `allowed-origins[0]=…` keys into the list; route metadata is not bound.
  const cors: MapNode = relaxed ? { type: 'map', entries: indexedLists(written.entries), loc: written.loc } : written;
  const setting = (key: string): DocNode | undefined => (relaxed ? relaxedSetting(cors, key) : get(cors, key));
  const credentials = springBoolean(setting('allowCredentials'), relaxed, cors.loc);
  const origins: OriginMatcher[] = [];
  const allowedOrigins = setting('allowedOrigins');
  if (allowedOrigins !== undefined) {
    for (const entry of listEntries(allowedOrigins, true)) {
      if (entry.value === undefined) origins.push({ kind: 'unknown', loc: entry.loc });
      else if (entry.value === '*') origins.push({ kind: 'any', loc: entry.loc });
      else origins.push(comparedOrigin(entry.value.replace(/\/$/, ''), entry.loc));
    }
  }
  const patterns = setting('allowedOriginPatterns');
  // `checkOrigin` answers from `allowedOrigins` first: a `*` there returns `*` (or throws with
  // credentials) before any origin pattern is tried, so the patterns beside it never take effect.
  const starOrigin = origins.some((origin) => origin.kind === 'any');
  if (patterns !== undefined && !starOrigin) {
    for (const entry of patternEntries(patterns, relaxed)) origins.push(patternOrigin(entry.value, entry.loc));
  }
  const methods = setting('allowedMethods');
  const headers = setting('allowedHeaders');
  const expose = setting('exposedHeaders');
  const maxAge = setting('maxAge');
  const privateNetwork = privateNetworkSetting ? setting('allowPrivateNetwork') : undefined;
  const result: CorsPolicy = {
    loc: cors.loc,
    source,
    origins,
    credentials,
    allowMethods: methods === undefined ? defaultHeaderList(DEFAULT_METHODS, cors.loc) : echoStar(configHeaderList(methods)),
    vary: { value: true, loc: cors.loc },
    preflight: { handling: 'answered', loc: cors.loc },
  };
  if (headers !== undefined) result.allowHeaders = echoStar(configHeaderList(headers));
  if (expose !== undefined) result.exposeHeaders = configHeaderList(expose);
  if (maxAge !== undefined) result.maxAge = configMaxAge(maxAge, 'seconds');
  if (privateNetwork !== undefined) result.allowPrivateNetwork = springBoolean(privateNetwork, relaxed, cors.loc);
  return result;
}

/**
 * Route `metadata.cors`, as spring-cloud-gateway reads it (WebFlux:
 * `CorsGatewayFilterApplicationListener.getCorsConfiguration`; Server MVC: `CorsConfigurationParser.map`,
 * the same code): Spring Boot binds route
 * metadata as plain objects (`Map<String, Object>`), and the listener hands a string to the
 * `CorsConfiguration` list setters as one item (`asList`). `setAllowedOrigins` and
 * `setAllowedOriginPatterns` split each item at commas themselves, but `setAllowedMethods` and
 * `setAllowedHeaders` do not, so `allowedMethods: GET,POST` allows the one method `GET,POST` (none a
 * request uses) and Spring rejects the requests. `allowPrivateNetwork` is not read.
 */
function routeMetadataPolicy(written: MapNode, source: string): CorsPolicy {
  // Indexed keys (`metadata.cors.allowedMethods[0]=GET`) bind into a map whose values `asList` takes in order.
  const cors: MapNode = { ...written, entries: indexedLists(written.entries) };
  const result = policy(cors, source, false, false);
  const methods = get(cors, 'allowedMethods');
  const headers = get(cors, 'allowedHeaders');
  if (isOneItemString(methods)) result.allowMethods = echoStar(configHeaderList(methods, false));
  if (isOneItemString(headers)) result.allowHeaders = echoStar(configHeaderList(headers, false));
  return result;
}

function isOneItemString(node: DocNode | undefined): node is DocNode {
  return isScalar(node) && typeof node.value === 'string' && !isPlaceholder(node);
}

/**
 * Whether the gateway throws on a route's `metadata.cors` (see `routeMetadataPolicy`): it casts
 * `allowCredentials` to `Boolean` and `maxAge` to `Integer` or `Long`, and route metadata keeps the
 * value as written, so text (every value of a `.properties` file, a quoted or `${…}` YAML value)
 * makes it throw. The WebFlux listener then installs no route's CORS configuration (the error is
 * only logged); Server MVC's parser has the same casts. So no route metadata of the document is
 * taken to apply.
 */
function routeMetadataCastFails(cors: MapNode, syntax: ConfigDocument['syntax']): boolean {
  const credentials = get(cors, 'allowCredentials');
  const maxAge = get(cors, 'maxAge');
  const yaml = syntax === 'yaml';
  const credentialsCast =
    credentials === undefined ||
    (isScalar(credentials) &&
      (credentials.value === null ||
        typeof credentials.value === 'boolean' ||
        (yaml && typeof credentials.value === 'string' && credentials.text === credentials.value && YAML_11_BOOLEANS.has(credentials.value))));
  const maxAgeCast =
    maxAge === undefined || (isScalar(maxAge) && (maxAge.value === null || (typeof maxAge.value === 'number' && Number.isInteger(maxAge.value))));
  return !credentialsCast || !maxAgeCast;
}

/**
 * `allowedOriginPatterns` entries. In `globalcors` (`bound` by Spring Boot) a plain string binds to a
 * list by splitting it at every comma; `CorsConfiguration.addAllowedOriginPattern` then splits each
 * list item at commas outside a port list (`parseCommaDelimitedOrigin`), so a sequence item
 * `https://*.a.com:[8080,8443]` stays whole. Route metadata is not bound: the gateway hands a plain
 * string to `setAllowedOriginPatterns` as one item (`CorsGatewayFilterApplicationListener.asList`),
 * so there it too is split only outside port lists.
 */
function patternEntries(node: DocNode, bound: boolean): ListEntry[] {
  if (!isSeq(node)) {
    return !bound && isScalar(node) && typeof node.value === 'string' && !isPlaceholder(node)
      ? splitCommaList(node, OUTSIDE_PORT_LIST)
      : listEntries(node, true);
  }
  return node.items.flatMap((item) =>
    isScalar(item) && item.value !== null && !isPlaceholder(item)
      ? splitCommaList(item, OUTSIDE_PORT_LIST)
      : listEntries(item, false),
  );
}

function comparedOrigin(value: string, loc: OriginMatcher['loc']): OriginMatcher {
  if (value.toLowerCase() === 'null') return { kind: 'null', loc };
  return { kind: 'exact', value, compared: true, caseInsensitive: true, loc };
}

/** One `allowedOriginPatterns` entry, as `CorsConfiguration.OriginPattern` compiles it. */
function patternOrigin(value: string | undefined, loc: OriginMatcher['loc']): OriginMatcher {
  if (value === undefined) return { kind: 'unknown', loc };
  if (value === '*') return { kind: 'reflect-any', loc };
  const ports = PORT_LIST.exec(value);
  if (ports !== null) {
    const [, base = '', portList = ''] = ports;
    const host = base
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    const port = portList === '*' ? '(:\\d+)?' : `:(${portList.replace(/,/g, '|')})`;
    return { kind: 'pattern', source: host + port, flags: '', dialect: 're2-full', loc };
  }
  // Without a `*` the pattern only matches itself (or equals it ignoring case).
  if (!value.includes('*')) return comparedOrigin(value.replace(/\/$/, ''), loc);
  return { kind: 'glob', value, star: 'any', loc };
}

/** Spring answers `*` methods or headers with the ones the request asked for. */
function echoStar(list: HeaderList): HeaderList {
  if (list.kind !== 'list' || list.partial) return list;
  const star = list.items.find((item) => item.value === '*');
  return star === undefined ? list : { kind: 'reflect', loc: star.loc };
}
