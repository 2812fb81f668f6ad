import type { CorsPolicy, HeaderList, OriginMatcher } from '@corsguard/core';
import {
  configHeaderList,
  configMaxAge,
  defaultList,
  get,
  isMap,
  isPlaceholder,
  isScalar,
  isSeq,
  items,
  listEntries,
  type ListEntry,
  relaxedEquals,
  relaxedKey,
  renamedKey,
  splitCommaList,
  str,
  tri,
} from '../document/access.js';
import type { DocNode, MapEntry, MapNode } from '../document/node.js';
import type { Adapter } from './adapter.js';

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
 */
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
const DEFAULT_METHODS = ['GET', 'HEAD'];
const PORT_LIST = /^(.*):\[(\*|\d+(?:,\d+)*)\]$/;
/** A comma outside a `[8080,8443]` port list. */
const OUTSIDE_PORT_LIST = /,(?![^[]*\])/;

export const springCloudGatewayAdapter: Adapter = {
  name: 'spring-cloud-gateway',
  description: 'Spring Cloud Gateway application.yml and application.properties: globalcors and routes[].metadata.cors',
  detect(doc) {
    return gatewaySections(doc.root).length > 0;
  },
  extract(doc) {
    const policies: CorsPolicy[] = [];
    // Flat property keys reach here one per key, so a pattern's settings are gathered across them all.
    const configurations = descendAll(doc.root, GATEWAY_ROOTS)
      .flatMap((gateway) => descend(gateway, ['globalcors', 'cors-configurations']))
      .filter(isMap);
    for (const { pattern, cors } of corsConfigurations(configurations.flatMap((map) => map.entries))) {
      policies.push(policy(cors, `Spring Cloud Gateway globalcors ${pattern}`, true));
    }
    for (const path of [...GATEWAY_ROOTS, ...MVC_ROOTS]) {
      const sections = descend(doc.root, path);
      const routes = [
        ...sections.flatMap((gateway) => descend(gateway, ['routes'])).flatMap((list) => items(list)),
        // Indexed keys reach here one per key, so a route's settings are gathered across them all.
        ...indexedRoutes(sections.filter(isMap).flatMap((gateway) => gateway.entries)),
      ];
      routes.forEach((route, index) => {
        const cors = get(get(route, 'metadata'), 'cors');
        if (isMap(cors)) policies.push(policy(cors, `Spring Cloud Gateway route ${str(get(route, 'id')) ?? index}`, false));
      });
    }
    return policies;
  },
};

/**
 * The `cors-configurations` map's configurations: a path pattern keying a mapping, or settings spelled
 * as flat property keys (`cors-configurations.[/**].allowed-origins: "*"`, as `application.properties`
 * writes them and Spring Boot binds them in YAML too), gathered per pattern. A bracketed pattern may
 * hold dots (`[/v1.0/**]`); an unbracketed one ends at the first dot.
 */
function corsConfigurations(entries: readonly MapEntry[]): Array<{ pattern: string; cors: MapNode }> {
  const found: Array<{ pattern: string; cors: MapNode }> = [];
  const flat = new Map<string, MapNode>();
  for (const entry of entries) {
    if (isMap(entry.value)) {
      found.push({ pattern: entry.key.text, cors: entry.value });
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
      found.push({ pattern, cors });
    }
    cors.entries.push({ key: renamedKey(entry.key, setting), value: entry.value });
  }
  return found;
}

const INDEXED_ROUTE_KEY = /^routes\[(\d+)\]\.(.+)$/s;

/**
 * Routes written as indexed property keys (`routes[0].id=orders`,
 * `routes[0].metadata.cors.allowedOrigins=…`, as `application.properties` writes them and Spring Boot
 * binds them in YAML too), gathered per index into the shape a YAML route has: `id`, and the
 * `metadata.cors` settings.
 */
function indexedRoutes(entries: readonly MapEntry[]): MapNode[] {
  const routes = new Map<string, { route: MapNode; cors: MapNode }>();
  for (const entry of entries) {
    const match = INDEXED_ROUTE_KEY.exec(String(entry.key.value));
    if (match === null) continue;
    const [, index = '', rest = ''] = match;
    let found = routes.get(index);
    if (found === undefined) {
      const cors: MapNode = { type: 'map', entries: [], loc: entry.key.loc };
      const metadata: MapNode = { type: 'map', entries: [{ key: renamedKey(entry.key, 'cors'), value: cors }], loc: entry.key.loc };
      found = { route: { type: 'map', entries: [{ key: renamedKey(entry.key, 'metadata'), value: metadata }], loc: entry.key.loc }, cors };
      routes.set(index, found);
    }
    if (rest === 'id') found.route.entries.push({ key: renamedKey(entry.key, 'id'), value: entry.value });
    else if (rest.startsWith('metadata.cors.')) found.cors.entries.push({ key: renamedKey(entry.key, rest.slice('metadata.cors.'.length)), value: entry.value });
  }
  return [...routes.values()].filter(({ cors }) => cors.entries.length > 0).map(({ route }) => route);
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
    const firstDot = key.indexOf('.');
    if (!relaxedEquals(key, first, firstDot < 0 ? key.length : firstDot)) continue;
    const segments = key.split('.');
    const matched = segments.slice(0, path.length);
    if (!matched.every((segment, index) => relaxedKey(segment) === relaxedKey(path[index] ?? ''))) continue;
    if (segments.length <= path.length) {
      found.push(...descend(entry.value, path.slice(segments.length)));
      continue;
    }
    const rest = segments.slice(path.length).join('.');
    found.push({ type: 'map', entries: [{ key: renamedKey(entry.key, rest), value: entry.value }], loc: entry.key.loc });
  }
  return found;
}

function policy(cors: MapNode, source: string, relaxed: boolean): CorsPolicy {
  const setting = (key: string): DocNode | undefined =>
    relaxed
      ? cors.entries.filter((entry) => relaxedKey(entry.key.text) === relaxedKey(key)).at(-1)?.value
      : get(cors, key);
  const credentials = tri(setting('allowCredentials'), false, cors.loc);
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
  if (patterns !== undefined) {
    for (const entry of patternEntries(patterns, relaxed)) origins.push(patternOrigin(entry.value, entry.loc));
  }
  const methods = setting('allowedMethods');
  const headers = setting('allowedHeaders');
  const expose = setting('exposedHeaders');
  const maxAge = setting('maxAge');
  const privateNetwork = setting('allowPrivateNetwork');
  const result: CorsPolicy = {
    loc: cors.loc,
    source,
    origins,
    credentials,
    allowMethods: methods === undefined ? defaultList(DEFAULT_METHODS, cors.loc) : echoStar(configHeaderList(methods)),
    vary: { value: true, loc: cors.loc },
    preflight: { handling: 'answered', loc: cors.loc },
  };
  if (headers !== undefined) result.allowHeaders = echoStar(configHeaderList(headers));
  if (expose !== undefined) result.exposeHeaders = configHeaderList(expose);
  if (maxAge !== undefined) result.maxAge = configMaxAge(maxAge, 'seconds');
  if (privateNetwork !== undefined) result.allowPrivateNetwork = tri(privateNetwork, false, cors.loc);
  return result;
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
