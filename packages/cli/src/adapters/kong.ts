import { BoundedCache, defaultHeaderList } from '@corsguard/core';
import type { CorsPolicy, HeaderList, Located, OriginMatcher, SourceLocation, Tri } from '@corsguard/core';
import { RegExpParser } from '@eslint-community/regexpp';
import {
  configHeaderList,
  configMaxAge,
  get,
  isMap,
  isPlaceholder,
  isScalar,
  items,
  keyName,
  keyNode,
  listEntries,
  resourceHeader,
  spanOf,
  str,
  tri,
  type ListEntry,
} from '../document/access.js';
import type { DocNode, MapNode } from '../document/node.js';
import { openApi3Paths, pathOperations } from './openapi-paths.js';
import type { Adapter } from './adapter.js';
import { acceptsEveryOrigin } from './envoy-cors.js';
import { manifestTri } from './kubernetes-yaml.js';

/**
 * Kong `cors` plugin (cors-facts 2.12) in decK declarative files (`_format_version`; `plugins` at the
 * top level and under `services[]`, `routes[]`, `services[].routes[]`, `consumer_groups[]`; not on a
 * consumer, which the plugin's schema refuses) and in Kong Ingress Controller `KongPlugin` / `KongClusterPlugin`
 * (`configuration.konghq.com/v1`, `plugin: cors`, settings in the top-level `config`), and in
 * OpenAPI documents written for `deck file openapi2kong` (see `openApiPlugins`). Schema from
 * Kong/kong `kong/plugins/cors/schema.lua`; behaviour from `kong/plugins/cors/handler.lua`
 * (`configure_origin`, `configure_credentials`, `CorsHandler:access`):
 * - no `origins`, or a `*` entry, sends `Access-Control-Allow-Origin: *`; with `credentials: true` Kong
 *   replaces it by the request origin, so every origin is reflected with credentials;
 * - a single entry made only of `[A-Za-z0-9.:/-]` is sent verbatim to every caller;
 * - otherwise each entry is compared: one with other characters is a PCRE regex, a leading `^`
 *   dropped and `$` appended, searched anchored at the start (`ngx.re.find` flag `a`); one without `:`
 *   is matched against the request's host only (any scheme and port); plain entries must equal the
 *   normalised origin; the matching origin is echoed;
 * - `Vary: Origin` whenever the origin is not a plain `*`;
 * - `methods` defaults to GET, HEAD, PUT, PATCH, POST, DELETE, OPTIONS, TRACE, CONNECT; without
 *   `headers` the request's Access-Control-Request-Headers is echoed; `max_age`, `exposed_headers` are
 *   sent only when set;
 * - Kong answers preflights itself (200) unless `preflight_continue` passes them to the upstream.
 */
const DEFAULT_METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'];
const PLAIN_ORIGIN = /^[A-Za-z0-9.:/-]+$/;
const REGEX_PARSER = new RegExpParser();
/** Collections of a decK file whose entities carry their own `plugins`, with nested collections. */
const NESTED: Record<string, string[]> = {
  services: ['routes'],
  routes: [],
  consumers: [],
  consumer_groups: [],
};

export const kongAdapter: Adapter = {
  name: 'kong',
  description: 'Kong cors plugin (decK kong.yaml, KongPlugin, KongClusterPlugin)',
  detect(doc) {
    return kicPlugin(doc.root) || isDeckFile(doc.root) || adminPlugins(doc.root).length > 0 || openApiPlugins(doc.root).length > 0;
  },
  extract(doc) {
    const header = resourceHeader(doc.root);
    if (kicPlugin(doc.root) && isMap(doc.root)) {
      const config = get(doc.root, 'config');
      if (str(get(doc.root, 'plugin')) !== 'cors' || manifestTri(get(doc.root, 'disabled'), false, doc.root.loc).value === true)
        return [];
      // Settings kept in a Secret (`configFrom`) cannot be read; the CRD only admits an object.
      if (config === undefined && get(doc.root, 'configFrom') !== undefined) return [];
      if (config !== undefined && !isMap(config) && !isNull(config)) return [];
      const patched = patchedSettings(get(doc.root, 'configPatches'));
      if (refusedListSetting(config, patched) || quotedBoolean(config, patched)) return [];
      return [
        policy(
          isMap(config) ? config : undefined,
          doc.root,
          `${header?.kind ?? 'KongPlugin'} ${header?.name ?? '(unnamed)'}`,
          settingSpan(doc.root, 'plugin'),
          patched,
          // A KongPlugin reaches the cluster through kubectl or Helm, which read YAML 1.1 booleans.
          manifestTri,
        ),
      ];
    }
    const found = [
      ...[...deckPlugins(doc.root), ...adminPlugins(doc.root)].map((plugin) => ({ ...plugin, defaults: settingSpan(plugin.plugin, 'name') })),
      ...openApiPlugins(doc.root),
    ];
    const shadowed = globalCorsShadowed(doc.root);
    return found
      .filter(({ plugin, onConsumer }) => servedPlugin(plugin) && !onConsumer)
      .filter(({ global }) => !(global === true && shadowed))
      .map(({ plugin, where, defaults }) => {
        const config = get(plugin, 'config');
        return policy(isMap(config) ? config : undefined, plugin, `Kong cors plugin on ${where}`, defaults);
      });
  },
};

/** The `cors` plugin's own settings (`kong/plugins/cors/schema.lua`), which belong under `config`. */
const CONFIG_KEYS = ['origins', 'methods', 'headers', 'exposed_headers', 'credentials', 'max_age', 'preflight_continue', 'private_network'];
/** Every field of the cors schema, `allow_origin_absent` (3.8) included. */
const SCHEMA_KEYS = [...CONFIG_KEYS, 'allow_origin_absent'];

/**
 * A `config` with a field Kong's cors schema does not have, which Kong refuses ("unknown field"). Where
 * nothing else says a file is Kong's (no `_format_version`, a lone plugin object), such a config is
 * another gateway's plugin of the same name: Janus lists `{ name: cors, config: { domains,
 * request_headers, options_passthrough } }`, whose shared `methods` and `exposed_headers` are no sign
 * of Kong.
 */
function hasForeignSettings(config: DocNode | undefined): boolean {
  return isMap(config) && config.entries.some((entry) => !SCHEMA_KEYS.includes(keyName(entry.key)));
}

/**
 * A plugin entity with the plugin's settings written beside `config` instead of under it (`- name: cors`
 * then `origins: [...]`). Kong's plugin entity schema has no such fields, so decK and the Admin API
 * refuse the entity: it serves nothing that could be judged.
 */
function misplacedSettings(plugin: MapNode): boolean {
  return get(plugin, 'config') === undefined && CONFIG_KEYS.some((key) => get(plugin, key) !== undefined);
}

/** The cors schema's list settings (`type = "array"` in `kong/plugins/cors/schema.lua`). */
const LIST_KEYS = ['origins', 'methods', 'headers', 'exposed_headers'];

/**
 * A config whose list setting is written as one string (`origins: "https://a.com,https://b.com"`,
 * `origins: "*"`) or as a mapping. Kong's schema takes only a sequence for an array field
 * (`Schema:validate_field`: "expected an array", `kong/db/schema/init.lua`); only form-encoded Admin
 * API arguments are wrapped into a one-item list (`infer_value`, `kong/api/arguments.lua`), never a
 * JSON body, which is what decK, the ingress controller and a DB-less declarative config send. The
 * plugin is refused and serves nothing. A templated value (`${{ env "DECK_ORIGINS" }}`) may render
 * to a list, so it does not count, nor does a setting a KongPlugin's `configPatches` replaces.
 */
function refusedListSetting(config: DocNode | undefined, patched: ReadonlyMap<string, DocNode> = new Map()): boolean {
  return anySettingRefused(config, patched, LIST_KEYS, (node) => node.type === 'map' || (isScalar(node) && node.value !== null && !isPlaceholder(node)));
}

/** Whether one of `keys` that `configPatches` does not replace is written in a way Kong's schema refuses. */
function anySettingRefused(
  config: DocNode | undefined,
  patched: ReadonlyMap<string, DocNode>,
  keys: readonly string[],
  refused: (node: DocNode) => boolean,
): boolean {
  return (
    isMap(config) &&
    keys.some((key) => {
      const node = patched.has(key) ? undefined : get(config, key);
      return node !== undefined && refused(node);
    })
  );
}

/** The cors schema's boolean settings this adapter reads. */
const BOOLEAN_KEYS = ['credentials', 'preflight_continue', 'private_network'];

/**
 * A config whose boolean setting is quoted text (`credentials: "true"`, a JSON string): Kong's schema
 * takes only a boolean there ("expected a boolean"), and no JSON body is converted, so the plugin is
 * refused. A plain word (`yes`) is left to the reader of the file.
 */
function quotedBoolean(config: DocNode | undefined, patched: ReadonlyMap<string, DocNode> = new Map()): boolean {
  return anySettingRefused(config, patched, BOOLEAN_KEYS, (node) => isScalar(node) && typeof node.value === 'string' && node.text !== node.value && !isPlaceholder(node));
}

const OPENAPI_CORS = 'x-kong-plugin-cors';

/**
 * The `cors` plugins `deck file openapi2kong` generates from an OpenAPI document (Kong/go-apiops
 * `openapi2kong`; decK docs "deck file openapi2kong", "Adding plugins"): an `x-kong-plugin-cors` plugin
 * object (`config`, `enabled`…; the name comes from the key) on the document goes on the service; on a
 * path item, on the route of each of its operations, unless the operation has its own, which wins. A
 * path's plugin that no operation inherits (each has its own, or there is none) is generated nowhere.
 * Settings a plugin leaves out are blamed on its key.
 */
function openApiPlugins(root: DocNode): Array<FoundPlugin & { defaults: SourceLocation }> {
  const paths = openApi3Paths(root);
  if (paths === undefined) return [];
  const found: Array<FoundPlugin & { defaults: SourceLocation }> = [];
  const collect = (owner: DocNode, where: string): void => {
    const plugin = get(owner, OPENAPI_CORS);
    if (!isMap(owner) || !isMap(plugin) || tri(get(plugin, 'enabled'), true, plugin.loc).value === false) return;
    found.push({ plugin, where, defaults: settingSpan(owner, OPENAPI_CORS) });
  };
  collect(root, 'the OpenAPI service');
  for (const { key, value: pathItem } of paths.entries) {
    const operations = pathOperations(pathItem);
    if (operations.some(({ operation }) => get(operation, OPENAPI_CORS) === undefined)) {
      collect(pathItem, `the routes of ${key.text}`);
    }
    for (const { method, operation } of operations) {
      collect(operation, `the route of ${str(get(operation, 'operationId')) ?? `${method.toUpperCase()} ${key.text}`}`);
    }
  }
  return found;
}

function kicPlugin(root: DocNode): boolean {
  const header = resourceHeader(root);
  return (
    header?.group === 'configuration.konghq.com' &&
    (header.kind === 'KongPlugin' || header.kind === 'KongClusterPlugin')
  );
}

function isDeckFile(root: DocNode): boolean {
  if (!isMap(root) || resourceHeader(root) !== undefined) return false;
  if (get(root, '_format_version') !== undefined) return true;
  // Without the version marker, a top-level entity list whose plugins are Kong's name/config objects.
  return deckPlugins(root).some(({ plugin }) => !hasForeignSettings(get(plugin, 'config')));
}

/**
 * Plugin entities as the Admin API takes and gives them, kept as JSON or YAML files (`curl -X POST
 * …/plugins -d @cors.json`, or a saved `GET /plugins`): one entity at the top level (`name: cors`,
 * `config`, optional `service`/`route`/`consumer` references) or the `data` list of a listing. A lone
 * object is taken for Kong's only when its `config` holds a setting of Kong's cors schema.
 */
function adminPlugins(root: DocNode): FoundPlugin[] {
  if (!isMap(root) || resourceHeader(root) !== undefined || isDeckFile(root)) return [];
  const config = get(root, 'config');
  const single =
    str(get(root, 'name')) === 'cors' &&
    isMap(config) &&
    CONFIG_KEYS.some((key) => get(config, key) !== undefined) &&
    !hasForeignSettings(config);
  const entities = single ? [root] : items(get(root, 'data')).filter((entity) => isMap(entity) && isMap(get(entity, 'config')));
  return entities.flatMap((plugin) =>
    isMap(plugin) && str(get(plugin, 'name')) === 'cors' && tri(get(plugin, 'enabled'), true, plugin.loc).value !== false
      ? [{ plugin, where: scopeOf(plugin) ?? 'Admin API plugin (global)', onConsumer: namesConsumer(plugin) }]
      : [],
  );
}

interface FoundPlugin {
  plugin: MapNode;
  where: string;
  /**
   * Applied to a consumer, which the cors schema forbids (`consumer = typedefs.no_consumer`,
   * `kong/plugins/cors/schema.lua`): decK and the Admin API refuse the plugin, so it serves nothing.
   */
  onConsumer?: boolean;
  /** A decK file's top-level plugin scoped to no entity: it runs on every route without its own. */
  global?: boolean;
}

/** A cors plugin entity Kong takes: its settings under `config`, its list settings lists. */
function servedPlugin(plugin: MapNode): boolean {
  return !misplacedSettings(plugin) && !refusedListSetting(get(plugin, 'config')) && !quotedBoolean(get(plugin, 'config'));
}

/** Whether an entity's own `plugins` hold an enabled cors plugin Kong takes. */
function ownsCors(entity: DocNode): boolean {
  return items(get(entity, 'plugins')).some(
    (plugin) =>
      isMap(plugin) &&
      str(get(plugin, 'name')) === 'cors' &&
      tri(get(plugin, 'enabled'), true, plugin.loc).value !== false &&
      !namesConsumer(plugin) &&
      servedPlugin(plugin),
  );
}

/** The entity a reference names (`service: orders`, `route: { name: orders-api }`, `{ id: … }`). */
function referencedName(reference: DocNode | undefined): string | undefined {
  return str(reference) ?? str(get(reference, 'name')) ?? str(get(reference, 'id'));
}

/**
 * Whether a decK file's global cors plugin runs on none of its routes: Kong runs one instance of a
 * plugin per request, the most specific one ("Plugin precedence": route, then service, then global),
 * so a route whose own or whose service's cors plugin is enabled never runs the global one. Only when
 * the file has routes and every one of them is covered so; a file without routes (plugins kept apart
 * from the routes, `deck gateway sync` of several files) leaves the global plugin's reach unknown, and
 * it is read.
 */
function globalCorsShadowed(root: DocNode): boolean {
  const topLevel = items(get(root, 'plugins')).filter(
    (plugin): plugin is MapNode =>
      isMap(plugin) &&
      str(get(plugin, 'name')) === 'cors' &&
      tri(get(plugin, 'enabled'), true, plugin.loc).value !== false &&
      !namesConsumer(plugin) &&
      servedPlugin(plugin),
  );
  const scopedTo = (scope: string): Set<string> =>
    new Set(topLevel.flatMap((plugin) => referencedName(get(plugin, scope)) ?? []));
  const servicesWithCors = scopedTo('service');
  const routesWithCors = scopedTo('route');
  const routeCovered = (route: DocNode): boolean => {
    const names = [str(get(route, 'name')), str(get(route, 'id'))];
    return ownsCors(route) || names.some((name) => name !== undefined && routesWithCors.has(name));
  };
  let routes = 0;
  for (const service of items(get(root, 'services'))) {
    const names = [str(get(service, 'name')), str(get(service, 'id'))].filter((name): name is string => name !== undefined);
    const covered = ownsCors(service) || names.some((name) => servicesWithCors.has(name));
    if (covered) names.forEach((name) => servicesWithCors.add(name));
    for (const route of items(get(service, 'routes'))) {
      routes += 1;
      if (!covered && !routeCovered(route)) return false;
    }
  }
  for (const route of items(get(root, 'routes'))) {
    routes += 1;
    const service = referencedName(get(route, 'service'));
    if (!routeCovered(route) && (service === undefined || !servicesWithCors.has(service))) return false;
  }
  return routes > 0;
}

/** Whether a plugin entity names a consumer (`consumer: mobile-app`, `consumer: { id: … }`; null is none). */
function namesConsumer(plugin: DocNode): boolean {
  const consumer = get(plugin, 'consumer');
  return consumer !== undefined && !isNull(consumer);
}

/** Every enabled `cors` plugin of a decK file, with a readable owner for the policy's source. */
function deckPlugins(root: DocNode): FoundPlugin[] {
  const found: FoundPlugin[] = [];
  // An entity or plugin shared through YAML aliases (`routes: [*route, *route, …]` in every service)
  // is read once per role, the first place it appears naming it: it is one plugin, whose findings sit
  // at one place, and reading it once per path would cost the aliases' whole fan-out.
  const seenOwners = new Set<DocNode>();
  const seenPlugins = { owned: new Set<DocNode>(), onConsumer: new Set<DocNode>() };
  const collect = (owner: DocNode, where: string, consumerOwned = false): void => {
    for (const plugin of items(get(owner, 'plugins'))) {
      if (!isMap(plugin) || str(get(plugin, 'name')) !== 'cors') continue;
      if (tri(get(plugin, 'enabled'), true, plugin.loc).value === false) continue;
      const onConsumer = consumerOwned || namesConsumer(plugin);
      const seen = onConsumer ? seenPlugins.onConsumer : seenPlugins.owned;
      if (seen.has(plugin)) continue;
      seen.add(plugin);
      const scope = owner === root ? scopeOf(plugin) : undefined;
      found.push({ plugin, where: owner === root ? (scope ?? 'kong.yaml (global)') : where, onConsumer, global: owner === root && scope === undefined });
    }
  };
  const firstTime = (entity: DocNode): boolean => {
    if (seenOwners.has(entity)) return false;
    seenOwners.add(entity);
    return true;
  };
  collect(root, 'kong.yaml');
  for (const [collection, nested] of Object.entries(NESTED)) {
    items(get(root, collection)).forEach((entity, index) => {
      if (!firstTime(entity)) return;
      const label = `${singular(collection)} ${entityName(entity) ?? index}`;
      collect(entity, label, collection === 'consumers');
      for (const child of nested) {
        items(get(entity, child)).forEach((nestedEntity, nestedIndex) => {
          if (firstTime(nestedEntity)) collect(nestedEntity, `${label} ${singular(child)} ${entityName(nestedEntity) ?? nestedIndex}`);
        });
      }
    });
  }
  return found;
}

/** A top-level plugin scoped by name to one entity (`service: orders`, `route: orders-api`). */
function scopeOf(plugin: DocNode): string | undefined {
  for (const scope of ['route', 'service', 'consumer', 'consumer_group']) {
    const target = get(plugin, scope);
    const name = str(target) ?? str(get(target, 'name')) ?? str(get(target, 'id'));
    if (name !== undefined) return `${singular(scope)} ${name}`;
  }
  return undefined;
}

function singular(collection: string): string {
  return collection.replace(/s$/, '').replace(/_/g, ' ');
}

function entityName(entity: DocNode): string | undefined {
  return str(get(entity, 'name')) ?? str(get(entity, 'username'));
}

/**
 * Settings a KongPlugin fills in from Secrets (`configPatches: [{ path: /origins, valueFrom: … }]`,
 * Kong Ingress Controller 3.x), keyed by the top-level `config` key each patch path starts with. The
 * patched value cannot be read, so each is a dynamic node located at the patch's `path`.
 */
function patchedSettings(patches: DocNode | undefined): Map<string, DocNode> {
  const patched = new Map<string, DocNode>();
  for (const patch of items(patches)) {
    const path = get(patch, 'path');
    const key = /^\/([^/]+)/.exec(str(path) ?? '')?.[1]?.replace(/~1/g, '/').replace(/~0/g, '~');
    if (key === undefined || !isScalar(path)) continue;
    patched.set(key, { type: 'dynamic', tag: 'configPatches', inner: path, loc: path.loc });
  }
  return patched;
}

/** A setting's key through its value (`name: cors`, `plugin: cors`), or the mapping when it is missing. */
function settingSpan(map: MapNode, key: string): SourceLocation {
  const keyAt = keyNode(map, key);
  const value = get(map, key);
  return keyAt !== undefined && value !== undefined ? spanOf(keyAt.loc, value.loc) : map.loc;
}

/**
 * The policy of one plugin. The methods and headers its config leaves out take Kong's defaults and
 * are blamed on `defaults`, the line naming the plugin, rather than on the config mapping, whose
 * location starts at its first, unrelated key.
 */
function policy(
  config: MapNode | undefined,
  plugin: MapNode,
  source: string,
  defaults: SourceLocation,
  patched: ReadonlyMap<string, DocNode> = new Map(),
  readBool: typeof tri = tri,
): CorsPolicy {
  const block = config ?? plugin;
  const setting = (key: string): DocNode | undefined =>
    patched.get(key) ?? (config === undefined ? undefined : get(config, key));
  const credentials = readBool(setting('credentials'), false, block.loc);
  const originsNode = setting('origins');
  // Without origins every origin is allowed, echoed when credentials are on: blamed on the config
  // those two settings live in.
  const originMatchers = origins(
    originsNode === undefined ? [] : listEntries(originsNode, false),
    originsNode?.loc ?? block.loc,
    credentials,
  );
  const methods = setting('methods');
  const headers = setting('headers');
  const expose = setting('exposed_headers');
  const maxAge = setting('max_age');
  const privateNetwork = setting('private_network');
  const preflightContinue = readBool(setting('preflight_continue'), false, defaults);
  const onlyLiteralStar = originMatchers.every((matcher) => matcher.kind === 'any');
  const result: CorsPolicy = {
    loc: block.loc,
    source,
    origins: originMatchers,
    credentials,
    allowMethods:
      methods === undefined || isNull(methods) ? defaultHeaderList(DEFAULT_METHODS, methods?.loc ?? defaults) : configHeaderList(methods),
    allowHeaders: headers === undefined || emptyList(headers) ? reflect(headers?.loc ?? defaults) : configHeaderList(headers),
    vary: { value: !onlyLiteralStar, loc: originsNode?.loc ?? defaults },
    preflight:
      preflightContinue.value === false
        ? { handling: 'answered', loc: defaults }
        : { handling: 'unknown', loc: preflightContinue.loc },
  };
  if (expose !== undefined && !emptyList(expose)) result.exposeHeaders = configHeaderList(expose);
  if (maxAge !== undefined && !isNull(maxAge)) result.maxAge = configMaxAge(maxAge, 'seconds');
  if (privateNetwork !== undefined) result.allowPrivateNetwork = readBool(privateNetwork, false, defaults);
  return result;
}

function isNull(node: DocNode): boolean {
  return node.type === 'scalar' && node.value === null;
}

function emptyList(node: DocNode): boolean {
  return (node.type === 'seq' && node.items.length === 0) || isNull(node);
}

function reflect(loc: SourceLocation): HeaderList {
  return { kind: 'reflect', loc };
}

function origins(entries: ListEntry[], listLoc: SourceLocation, credentials: Located<Tri>): OriginMatcher[] {
  const everyOrigin = (loc: SourceLocation): OriginMatcher[] =>
    credentials.value === true ? [{ kind: 'reflect-any', loc }] : [{ kind: 'any', loc }];
  if (entries.length === 0) return everyOrigin(listLoc);
  const star = entries.find((entry) => entry.value === '*');
  if (star !== undefined) return everyOrigin(star.loc);
  const only = entries.length === 1 ? entries[0] : undefined;
  // `null` is a plain entry: sent verbatim when alone, compared with the request's `Origin: null`
  // otherwise. Either way it is the null origin, as every other adapter reads it.
  if (only?.value === 'null') return [{ kind: 'null', loc: only.loc }];
  if (only?.value !== undefined && PLAIN_ORIGIN.test(only.value)) {
    return [{ kind: 'exact', value: only.value, compared: false, loc: only.loc }];
  }
  return entries.map((entry): OriginMatcher => {
    if (entry.value === undefined) return { kind: 'unknown', loc: entry.loc };
    if (entry.value === 'null') return { kind: 'null', loc: entry.loc };
    if (PLAIN_ORIGIN.test(entry.value)) {
      return { kind: 'exact', value: normalizedOrigin(entry.value), compared: true, loc: entry.loc };
    }
    return regexOrigin(entry.value, entry.loc);
  });
}

/**
 * Kong compares plain entries after `normalize_origin`, which keeps only scheme, host and a port that
 * is not the scheme's default, so `https://a.example.com:443/` matches `https://a.example.com`.
 */
function normalizedOrigin(origin: string): string {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/:?#]+)(?::(\d+))?(?:[/?#].*)?$/s.exec(origin);
  if (match === null) return origin;
  const [, scheme = '', host = '', port] = match;
  const defaultPort = (scheme === 'http' && port === '80') || (scheme === 'https' && port === '443');
  return `${scheme}://${host}${port === undefined || defaultPort ? '' : `:${port}`}`;
}

/**
 * A regex entry as Kong applies it: a leading `^` dropped, `$` appended, and the match anchored at the
 * start, so `E` behaves as `^(?:E$)`: a whole-string match unless `E` has top-level alternatives, whose
 * `$` binds only to the last one. An entry without `:` is tested against the request's host alone; it
 * is widened here to the whole origin with any scheme and port.
 */
function regexOrigin(entry: string, loc: SourceLocation): OriginMatcher {
  const body = entry.replace(/^\^/, '').replace(/\$$/, '');
  const single = topLevelAlternatives(body) === 1;
  // `.*` matches every host (or origin), and the matching origin is echoed.
  if (single && acceptsEveryOrigin(body, 'full')) return { kind: 'reflect-any', loc };
  const scheme = '[A-Za-z][A-Za-z0-9+.-]*://';
  if (entry.includes(':')) {
    return single
      ? { kind: 'pattern', source: body, flags: '', dialect: 'pcre-full', loc }
      : { kind: 'pattern', source: `^(?:${body}$)`, flags: '', dialect: 'pcre-search', loc };
  }
  return single
    ? { kind: 'pattern', source: `${scheme}(?:${body})(?::[0-9]+)?`, flags: '', dialect: 'pcre-full', loc }
    : { kind: 'pattern', source: `^${scheme}(?:${body}$)`, flags: '', dialect: 'pcre-search', loc };
}

/** How many top-level alternatives a regex has; unparseable text counts as several (the careful case). */
function topLevelAlternatives(source: string): number {
  return alternativeCounts.getOrCompute(source, () => countTopLevelAlternatives(source));
}

/** Counts per source: a decK file repeats its origin regexes on every service. */
const alternativeCounts = new BoundedCache<string, number>(1024);

function countTopLevelAlternatives(source: string): number {
  try {
    return REGEX_PARSER.parsePattern(source).alternatives.length;
  } catch {
    return 2;
  }
}
