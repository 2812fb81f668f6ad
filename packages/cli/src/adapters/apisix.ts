import { defaultHeaderList } from '@corsguard/core';
import type { CorsPolicy, HeaderList, Located, LocatedString, MaxAge, OriginMatcher, SourceLocation, Tri } from '@corsguard/core';
import {
  at,
  configMaxAge,
  get,
  isMap,
  isPlaceholder,
  isScalar,
  items,
  listEntries,
  keyNode,
  locateInScalar,
  renamedKey,
  resourceHeader,
  spanOf,
  splitCommaList,
  str,
  tri,
  type ResourceHeader,
} from '../document/access.js';
import type { DocNode, MapEntry, MapNode, ScalarNode } from '../document/node.js';
import { openApi3Paths, pathOperations } from './openapi-paths.js';
import type { Adapter } from './adapter.js';
import { acceptsEveryOrigin, exactOrigin } from './envoy-cors.js';
import { manifestTri } from './kubernetes-yaml.js';

/**
 * Apache APISIX `cors` plugin (cors-facts 2.16) wherever a plugin map can hold it: standalone
 * `apisix.yaml` (`routes`, `services`, `global_rules`, `plugin_configs`, and ADC-style
 * `services[].routes[]` and `global_rules` keyed by plugin name), an Admin API route/service JSON
 * body (`plugins.cors`), OpenAPI documents carrying APISIX plugins (see `openApiPluginBlocks`),
 * and the ingress controller's `ApisixRoute` (`spec.http[].plugins[]`),
 * `ApisixPluginConfig` and `ApisixGlobalRule` (`spec.plugins[]`), where a plugin counts only with
 * `enable: true` and without a `secretRef`, and the Gateway API mode's `PluginConfig` and
 * `GatewayProxy` (`spec.plugins[]`), and a plain `Ingress` the controller translates from
 * `k8s.apisix.apache.org/*` annotations (see `ingressAnnotationsCors`). Schema and behaviour from apache/apisix
 * `apisix/plugins/cors.lua` (`schema`, `check_schema`, `set_cors_headers`,
 * `process_with_allow_origins`, `process_with_allow_origins_by_regex`, `header_filter`, `rewrite`) and
 * docs/en/latest/plugins/cors.md:
 * - defaults `allow_origins`, `allow_methods`, `allow_headers`, `expose_headers` `"*"`, `max_age` 5,
 *   `allow_credential` false; `check_schema` rejects `allow_credential: true` while any of them is `*`;
 * - `allow_origins: "**"` echoes any request origin (also with credentials); a comma list is compared
 *   exactly and the match echoed; `"*"` is sent literally;
 * - `header_filter` tries `allow_origins` first, then `allow_origins_by_regex` (joined with `|`,
 *   searched unanchored with `ngx.re.find`), then `allow_origins_by_metadata`, so the three add up; the
 *   docs' "allow_origins is ignored" once a regex is set describes older releases, not the code. An
 *   `allow_origins` of `*` or `**` (`*` being the default) matches every origin, so the regex is then
 *   never tried;
 * - `allow_origins_by_metadata` names keys of the plugin metadata's `allow_origins` map (`plugin_metadata`
 *   of the `cors` plugin), each an origins string as `allow_origins` takes it; a request origin it
 *   matches is echoed, so there `*` echoes every origin too (`process_with_allow_origins_by_metadata`).
 *   Releases before apache/apisix#10948 tried the default `*` first, so the metadata never counted
 *   unless `allow_origins` was set; later ones stop the default from matching everyone when metadata is
 *   referenced, so that default is left out. The metadata is read only from the same standalone file
 *   (`plugin_metadata: [{ id: cors, allow_origins: {...} }]`, or ADC's map keyed by plugin name);
 *   anywhere else it is unknown;
 * - `allow_methods: "**"` sends every method including CONNECT and TRACE, `allow_headers: "**"` echoes
 *   the request's Access-Control-Request-Headers; Max-Age is always sent;
 * - `Vary: Origin` is added whenever the origin sent is not `*`; every OPTIONS request gets 200.
 * Newer releases dropped the `expose_headers` default, so it is not assumed next to credentials,
 * where the old default would only have made the configuration invalid.
 */
const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE'];
const DEFAULT_MAX_AGE = 5;
const STANDALONE_COLLECTIONS = ['routes', 'services', 'global_rules', 'plugin_configs', 'stream_routes'];
/**
 * Custom resources holding plugin lists, with the field that switches a plugin on. The `Apisix*` kinds
 * (`apisix.apache.org/v2`) need `enable: true`; the Gateway API mode of ingress controller 2.x has
 * `PluginConfig` (`v1alpha1`), whose plugins have no switch and always run, and `GatewayProxy`, whose
 * global plugins need `enabled: true` (apache/apisix-ingress-controller `api/v1alpha1`
 * `pluginconfig_types.go`, `gatewayproxy_types.go`).
 */
const CRD_KINDS = new Map<string, 'enable' | 'enabled' | undefined>([
  ['ApisixRoute', 'enable'],
  ['ApisixPluginConfig', 'enable'],
  ['ApisixGlobalRule', 'enable'],
  ['PluginConfig', undefined],
  ['GatewayProxy', 'enabled'],
]);

export const apisixAdapter: Adapter = {
  name: 'apisix',
  description:
    'Apache APISIX cors plugin (apisix.yaml, Admin API JSON, ApisixRoute/ApisixPluginConfig/ApisixGlobalRule)',
  detect(doc) {
    const header = resourceHeader(doc.root);
    if (header !== undefined) {
      return (header.group === 'apisix.apache.org' && CRD_KINDS.has(header.kind)) || ingressAnnotationsCors(doc.root, header) !== undefined;
    }
    return (
      isAdminObject(doc.root) ||
      adminResponseBodies(doc.root).length > 0 ||
      standaloneBlocks(doc.root).length > 0 ||
      openApiPluginBlocks(doc.root).length > 0
    );
  },
  extract(doc) {
    const header = resourceHeader(doc.root);
    const annotated = header === undefined ? undefined : ingressAnnotationsCors(doc.root, header);
    const blocks =
      header === undefined
        ? plainBlocks(doc.root)
        : annotated !== undefined
          ? [{ cors: annotated, source: `Ingress ${header.name ?? '(unnamed)'} (APISIX annotations)`, defaults: annotated.loc }]
          : crdBlocks(doc.root, `${header.kind} ${header.name ?? '(unnamed)'}`, CRD_KINDS.get(header.kind));
    const standalone = header === undefined && !isAdminObject(doc.root) && adminResponseBodies(doc.root).length === 0;
    const metadata = standalone ? standaloneMetadata(doc.root) : UNKNOWN_METADATA;
    const readBool = header !== undefined ? manifestTri : standalone && END_FLAG.test(doc.fileText) ? lyamlTri : tri;
    return blocks
      .filter(({ cors }) => !disabled(cors, readBool) && !rejected(cors) && !credentialAsText(cors, readBool))
      .map((block) => policy(block, metadata, readBool));
  },
};

interface CorsBlock {
  cors: MapNode;
  source: string;
  /**
   * Where settings nobody wrote are blamed: the plugin's `cors` key (or `name: cors` entry), not the
   * settings mapping, whose location starts at its first, unrelated key.
   */
  defaults: SourceLocation;
}

/**
 * Keys only an Admin API route or service body holds beside its `plugins` (apache/apisix
 * `apisix/schema_def.lua`, `_M.route`, `_M.service`). A route must have `uri` or `uris`, so a `host`
 * without them is no route: an application's own config (`{"host": "0.0.0.0", "plugins": {"cors": …}}`)
 * is not read as one.
 */
const ROUTE_KEYS = ['uri', 'uris', 'upstream', 'upstream_id', 'service_id', 'hosts'];
/** `cors` plugin settings no other gateway's plugin map spells this way (Kong's are `origins`, `credentials`). */
const APISIX_CORS_KEYS = ['allow_origins', 'allow_origins_by_regex', 'allow_origins_by_metadata', 'allow_credential'];

/** Whether an Admin API body is a route or service: its `plugins` map sits next to what it applies to. */
function isAdminRoute(root: DocNode): boolean {
  return ROUTE_KEYS.some((key) => get(root, key) !== undefined);
}

/**
 * An Admin API body: a route or service, or a global rule or plugin config (`PUT
 * /apisix/admin/global_rules/{id}`, `/plugin_configs/{id}`), which hold only an id and a `plugins`
 * map; those are told apart from other tools' `plugins` maps by a `cors` plugin with APISIX's own keys.
 */
function isAdminObject(root: DocNode): boolean {
  const plugins = get(root, 'plugins');
  if (!isMap(plugins)) return false;
  if (isAdminRoute(root)) return true;
  const cors = get(plugins, 'cors');
  return isMap(cors) && APISIX_CORS_KEYS.some((key) => get(cors, key) !== undefined);
}

/** Entities of a standalone file that hold a plugin map, with their label. */
function standaloneBlocks(root: DocNode): CorsBlock[] {
  const blocks: CorsBlock[] = [];
  // An entity listed again through a YAML alias (`routes: *shared` in every service) is read once,
  // under the first label it appears with: its findings sit at one place, and services × routes
  // listed by alias would otherwise multiply into as many copies of one policy.
  const visited = new Set<DocNode>();
  const visit = (entity: DocNode, label: string): void => {
    if (switchedOff(entity) || visited.has(entity)) return;
    visited.add(entity);
    const block = pluginMapBlock(get(entity, 'plugins'), `APISIX ${label}`);
    if (block !== undefined) blocks.push(block);
  };
  for (const collection of STANDALONE_COLLECTIONS) {
    const list = get(root, collection);
    // Kong's decK files list plugins as sequences; APISIX keys them by plugin name.
    items(list).forEach((entity, index) => {
      if (!isMap(entity) || visited.has(entity)) return;
      const label = `${collection.replace(/s$/, '')} ${entityLabel(entity) ?? index}`;
      visit(entity, label);
      items(get(entity, 'routes')).forEach((route, routeIndex) =>
        visit(route, `${label} route ${entityLabel(route) ?? routeIndex}`),
      );
    });
  }
  // ADC (APISIX Declarative CLI) files key global rules by plugin name: `global_rules: { cors: {…} }`.
  const globalRules = get(root, 'global_rules');
  const globalCors = isMap(globalRules) ? pluginMapBlock(globalRules, 'APISIX global rule cors') : undefined;
  if (globalCors !== undefined) blocks.push(globalCors);
  return blocks;
}

/** The `cors` entry of a map keyed by plugin name, blamed at its key for the settings it leaves out. */
function pluginMapBlock(plugins: DocNode | undefined, source: string): CorsBlock | undefined {
  const cors = get(plugins, 'cors');
  if (!isMap(cors)) return undefined;
  return { cors, source, defaults: keyNode(plugins, 'cors')?.loc ?? cors.loc };
}

/** A route with `status: 0`, which APISIX does not match (route schema: 1 enabled, the default; 0 disabled). */
function switchedOff(entity: DocNode): boolean {
  return str(get(entity, 'status')) === '0';
}

function entityLabel(entity: DocNode): string | undefined {
  return str(get(entity, 'id')) ?? str(get(entity, 'name')) ?? str(get(entity, 'uri'));
}

function plainBlocks(root: DocNode): CorsBlock[] {
  if (isAdminObject(root)) return adminBlock(root);
  const responses = adminResponseBodies(root);
  if (responses.length > 0) return responses.flatMap(adminBlock);
  return [...standaloneBlocks(root), ...openApiPluginBlocks(root)];
}

function adminBlock(body: DocNode): CorsBlock[] {
  if (switchedOff(body)) return [];
  const label = entityLabel(body);
  const kind = isAdminRoute(body) ? 'route' : 'global rule or plugin config';
  const block = pluginMapBlock(get(body, 'plugins'), `APISIX ${label === undefined ? kind : `${kind} ${label}`}`);
  return block === undefined ? [] : [block];
}

/**
 * The objects an Admin API answer holds, as users save `curl …/apisix/admin/routes` output for a backup or a
 * migration: each object sits under `value` next to its etcd `key` (`/apisix/routes/1`), one object alone
 * (3.x `GET`/`PUT`: `{ key, value }`; 2.x: `{ node: { key, value }, action }`) or a listing (3.x:
 * `{ list: [{ key, value }], total }`; 2.x: `{ node: { dir: true, nodes: [{ key, value }] } }`)
 * (apache/apisix docs/en/latest/admin-api.md, "Response Parameters"). Objects without a cors plugin of
 * APISIX's shape are left out, as in a request body.
 */
function adminResponseBodies(root: DocNode): DocNode[] {
  const stored = (entry: DocNode | undefined): DocNode[] => {
    const key = str(get(entry, 'key'));
    const value = get(entry, 'value');
    return key !== undefined && key.startsWith('/apisix/') && value !== undefined && isAdminObject(value) ? [value] : [];
  };
  const node = get(root, 'node');
  return [
    ...stored(root),
    ...items(get(root, 'list')).flatMap(stored),
    ...stored(node),
    ...items(get(node, 'nodes')).flatMap(stored),
  ];
}

/** The operations of an OpenAPI path item, in the order the Dashboard's exporter writes them (CONNECT included). */
const DASHBOARD_METHODS = ['get', 'post', 'put', 'delete', 'patch', 'head', 'connect', 'trace', 'options'];

/**
 * APISIX plugins an OpenAPI document carries as extensions:
 * - APISIX Dashboard's route export (`RoutesExport`: apache/apisix-dashboard
 *   `api/internal/handler/data_loader/route_export.go` `RouteToOpenAPI3`), which the Dashboard imports
 *   back (`loader/openapi_legacy/import.go` `parseExtension` turns every `x-apisix-*` extension of an
 *   operation into that field of a route): each operation is a route, its plugins the
 *   `x-apisix-plugins` map (the route's own merged over its service's), and `x-apisix-status: 0` a
 *   route switched off; the copies of one route (one per method, sharing its `x-apisix-id`) are read once;
 * - ADC's OpenAPI converter (`adc convert openapi`, api7/adc `libs/converter-openapi`, docs "OpenAPI
 *   extensions"): `x-adc-plugins` on the document (the service's plugins), a path item or an operation
 *   (their routes' plugins), each overridden by an `x-adc-plugin-cors` at the same level.
 */
function openApiPluginBlocks(root: DocNode): CorsBlock[] {
  const paths = openApi3Paths(root);
  if (paths === undefined) return [];
  const blocks: CorsBlock[] = [];
  const adc = (owner: DocNode, source: string): void => {
    const single = get(owner, 'x-adc-plugin-cors');
    const block = isMap(single)
      ? { cors: single, source, defaults: keyNode(owner, 'x-adc-plugin-cors')?.loc ?? single.loc }
      : pluginMapBlock(get(owner, 'x-adc-plugins'), source);
    if (block !== undefined) blocks.push(block);
  };
  adc(root, 'APISIX service from OpenAPI (ADC)');
  // The Dashboard writes a route once per method, each copy with the route's `x-apisix-id`.
  const exportedRoutes = new Set<string>();
  for (const { key, value: pathItem } of paths.entries) {
    adc(pathItem, `APISIX routes of ${key.text} from OpenAPI (ADC)`);
    for (const { method, operation } of pathOperations(pathItem, DASHBOARD_METHODS)) {
      const label = str(get(operation, 'operationId')) ?? `${method.toUpperCase()} ${key.text}`;
      adc(operation, `APISIX route ${label} from OpenAPI (ADC)`);
      const routeId = str(get(operation, 'x-apisix-id'));
      if (str(get(operation, 'x-apisix-status')) === '0' || (routeId !== undefined && exportedRoutes.has(routeId))) continue;
      if (routeId !== undefined) exportedRoutes.add(routeId);
      const exported = pluginMapBlock(get(operation, 'x-apisix-plugins'), `APISIX Dashboard route ${label}`);
      if (exported !== undefined) blocks.push(exported);
    }
  }
  return blocks;
}

function crdBlocks(root: DocNode, source: string, switchKey: 'enable' | 'enabled' | undefined): CorsBlock[] {
  const spec = get(root, 'spec');
  const pluginLists = new Set([get(spec, 'plugins'), ...items(get(spec, 'http')).map((route) => get(route, 'plugins'))]);
  const blocks: CorsBlock[] = [];
  // A route or plugin listed again through a YAML alias is the same one, read once (its blocks would be
  // identical, and routes × plugins listed by alias would multiply into as many copies).
  const seen = new Set<DocNode>();
  for (const plugins of pluginLists) {
    for (const plugin of items(plugins)) {
      if (!isMap(plugin) || str(get(plugin, 'name')) !== 'cors' || seen.has(plugin)) continue;
      seen.add(plugin);
      // The CRDs reach the cluster through kubectl or Helm, which read YAML 1.1 booleans (`enable: yes`).
      if (switchKey !== undefined && manifestTri(get(plugin, switchKey), false, plugin.loc).value !== true) continue;
      // `secretRef` names a Secret whose keys override `config`: any setting may differ from what is written.
      if (get(plugin, 'secretRef') !== undefined) continue;
      const config = get(plugin, 'config');
      const nameKey = keyNode(plugin, 'name');
      const name = get(plugin, 'name');
      // Settings the config leaves out (all of them without config) are blamed on `name: cors`.
      const defaults = nameKey !== undefined && name !== undefined ? spanOf(nameKey.loc, name.loc) : plugin.loc;
      blocks.push({ cors: isMap(config) ? config : plugin, source, defaults });
    }
  }
  return blocks;
}

const ANNOTATION_PREFIX = 'k8s.apisix.apache.org/';
/** The Ingress annotations the controller copies into the cors plugin, by plugin setting. */
const CORS_ANNOTATIONS: ReadonlyArray<readonly [string, string]> = [
  ['cors-allow-origin', 'allow_origins'],
  ['cors-allow-methods', 'allow_methods'],
  ['cors-allow-headers', 'allow_headers'],
];

/**
 * The cors plugin config the APISIX ingress controller builds for an Ingress with
 * `k8s.apisix.apache.org/enable-cors: "true"` (exactly that string): `cors-allow-origin`,
 * `cors-allow-methods` and `cors-allow-headers` become `allow_origins`, `allow_methods` and
 * `allow_headers`, an empty or missing one left out so the plugin's default `*` applies, and nothing
 * else is set, so credentials stay off (apache/apisix-ingress-controller
 * `pkg/providers/ingress/translation/annotations/plugins/cors.go`, `types.go` `GetBoolAnnotation`).
 * The mapping is located at the switch, which settings nobody wrote are blamed on.
 */
function ingressAnnotationsCors(root: DocNode, header: ResourceHeader): MapNode | undefined {
  if (header.kind !== 'Ingress' || (header.group !== 'networking.k8s.io' && header.group !== 'extensions')) return undefined;
  const annotations = at(root, 'metadata', 'annotations');
  const enable = get(annotations, ANNOTATION_PREFIX + 'enable-cors');
  const enableKey = keyNode(annotations, ANNOTATION_PREFIX + 'enable-cors');
  if (enable === undefined || enableKey === undefined || str(enable) !== 'true') return undefined;
  const entries: MapEntry[] = [];
  for (const [annotation, setting] of CORS_ANNOTATIONS) {
    const key = keyNode(annotations, ANNOTATION_PREFIX + annotation);
    const value = get(annotations, ANNOTATION_PREFIX + annotation);
    if (key !== undefined && value !== undefined && str(value) !== '') entries.push({ key: renamedKey(key, setting), value });
  }
  return { type: 'map', entries, loc: spanOf(enableKey.loc, enable.loc) };
}

/**
 * What the `cors` plugin metadata's `allow_origins` map holds: `unknown` when it is kept outside the file
 * (Admin API, etcd, another resource), else the map node, or undefined when the file's metadata has none.
 */
type OriginsMetadata = { kind: 'unknown' } | { kind: 'known'; allowOrigins: DocNode | undefined };

const UNKNOWN_METADATA: OriginsMetadata = { kind: 'unknown' };

/**
 * The `cors` plugin metadata of a standalone file: `plugin_metadata` as a list of entries named by `id`
 * (apisix.yaml) or as a map keyed by plugin name (ADC). A file without `plugin_metadata` may rely on
 * metadata set elsewhere, so it is unknown; one with it holds all of it.
 */
function standaloneMetadata(root: DocNode): OriginsMetadata {
  const section = get(root, 'plugin_metadata');
  if (section === undefined) return UNKNOWN_METADATA;
  const entry = isMap(section) ? get(section, 'cors') : items(section).find((item) => str(get(item, 'id')) === 'cors');
  if (entry !== undefined && !isMap(entry)) return UNKNOWN_METADATA;
  return { kind: 'known', allowOrigins: get(entry, 'allow_origins') };
}

function disabled(cors: MapNode, readBool: typeof tri): boolean {
  return readBool(get(get(cors, '_meta'), 'disable'), false, cors.loc).value === true;
}

/**
 * The end mark APISIX requires of a standalone `apisix.yaml` (`#END` within its last bytes,
 * `read_apisix_yaml` in `apisix/core/config_yaml.lua`); ADC files and other plugin maps have none.
 */
const END_FLAG = /#END\s*$/;

const LYAML_BOOLEANS = new Map<string, boolean>(
  ['true', 'True', 'TRUE', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']
    .map((word): [string, boolean] => [word, true])
    .concat(['false', 'False', 'FALSE', 'no', 'No', 'NO', 'off', 'Off', 'OFF'].map((word): [string, boolean] => [word, false])),
);

/**
 * A boolean of a standalone `apisix.yaml`, which APISIX reads with lyaml (`apisix/core/config_yaml.lua`).
 * lyaml resolves plain scalars the YAML 1.1 way (`implicit.bool` in gvvaughan/lyaml
 * `lib/lyaml/implicit.lua`): `yes`, `on` and their capitalised forms are true, `no` and `off` false;
 * unlike Kubernetes' reader, `y` and `n` stay text. A quoted word stays text, which the plugin schema
 * refuses for a boolean; every other value reads as `tri` reads it.
 */
function lyamlTri(node: DocNode | undefined, fallback: Tri, fallbackLoc: SourceLocation): Located<Tri> {
  if (isScalar(node) && typeof node.value === 'string' && node.text === node.value) {
    const value = LYAML_BOOLEANS.get(node.value);
    if (value !== undefined) return { value, loc: node.loc };
  }
  return tri(node, fallback, fallbackLoc);
}

/** Settings the plugin schema types as one comma-separated string. */
const STRING_SETTINGS = ['allow_origins', 'allow_methods', 'allow_headers', 'expose_headers'];

/**
 * A config the plugin's `check_schema` rejects because a string setting is written as a list or a
 * mapping (`allow_origins: ["*"]`): APISIX refuses the route (Admin API 400, a standalone file's route
 * skipped with an error), so it serves no CORS headers that could be judged.
 */
function rejected(cors: MapNode): boolean {
  return STRING_SETTINGS.some((key) => {
    const node = get(cors, key);
    return node !== undefined && (node.type === 'seq' || node.type === 'map');
  });
}

/**
 * A config whose `allow_credential` is text (`"true"`, `"yes"`, or a word the file's reader keeps as
 * text): the plugin schema types it as a boolean, so APISIX refuses the route as it does a list-typed
 * string setting. A plain word the reader turns into a boolean (lyaml's `yes`, kubectl's `on`) is
 * one, and a templated value is unknown.
 */
function credentialAsText(cors: MapNode, readBool: typeof tri): boolean {
  const node = get(cors, 'allow_credential');
  if (!isScalar(node) || typeof node.value !== 'string' || isPlaceholder(node)) return false;
  const plainWord = node.text === node.value && typeof readBool(node, false, node.loc).value === 'boolean';
  return !plainWord;
}

function policy({ cors, source, defaults }: CorsBlock, metadata: OriginsMetadata, readBool: typeof tri): CorsPolicy {
  const credentials = readBool(get(cors, 'allow_credential'), false, defaults);
  const origins = originMatchers(cors, defaults, metadata);
  const literalStarOnly = origins.length > 0 && origins.every((matcher) => matcher.kind === 'any');
  const result: CorsPolicy = {
    loc: cors.loc,
    source,
    origins,
    credentials,
    allowMethods: starList(get(cors, 'allow_methods'), defaults, (loc) => literalList(ALL_METHODS, loc)),
    allowHeaders: starList(get(cors, 'allow_headers'), defaults, (loc) => ({ kind: 'reflect', loc })),
    maxAge: maxAge(get(cors, 'max_age'), defaults),
    vary: { value: !literalStarOnly, loc: get(cors, 'allow_origins')?.loc ?? defaults },
    preflight: { handling: 'answered', loc: defaults },
  };
  const expose = get(cors, 'expose_headers');
  if (expose !== undefined || credentials.value === false) {
    result.exposeHeaders = starList(expose, defaults, (loc) => literalList(['**'], loc));
  }
  return result;
}

function originMatchers(cors: MapNode, defaults: SourceLocation, metadata: OriginsMetadata): OriginMatcher[] {
  const allowOriginsNode = get(cors, 'allow_origins');
  const byMetadata = get(cors, 'allow_origins_by_metadata');
  // With metadata referenced, the default `*` no longer matches everyone (apache/apisix#10948).
  const matchers = allowOriginsNode === undefined && byMetadata !== undefined ? [] : allowOrigins(allowOriginsNode, defaults);
  // `*` and `**` match every origin, so header_filter never gets to the regex or the metadata.
  if (matchers.some((matcher) => matcher.kind === 'any' || matcher.kind === 'reflect-any')) return matchers;
  const byRegex = get(cors, 'allow_origins_by_regex');
  if (byRegex !== undefined) {
    for (const entry of listEntries(byRegex, false)) {
      if (entry.value === undefined) matchers.push({ kind: 'unknown', loc: entry.loc });
      // A regex that accepts every origin (`.*`, `^(.+)$`) echoes each one back, as Kong's and Traefik's do.
      else if (acceptsEveryOrigin(entry.value, 'search')) matchers.push({ kind: 'reflect-any', loc: entry.loc });
      else matchers.push({ kind: 'pattern', source: entry.value, flags: '', dialect: 'pcre-search', loc: entry.loc });
    }
  }
  if (byMetadata !== undefined) matchers.push(...metadataOrigins(byMetadata, metadata));
  return matchers;
}

/**
 * The origins `allow_origins_by_metadata` keys allow: each key's origins string from the metadata, whose
 * match is echoed (so `*` and `**` echo every origin); a key the metadata lacks allows nothing.
 */
function metadataOrigins(keys: DocNode, metadata: OriginsMetadata): OriginMatcher[] {
  if (metadata.kind === 'unknown' || !isSeqOfScalars(keys)) return [{ kind: 'unknown', loc: keys.loc }];
  return listEntries(keys, false).flatMap((key): OriginMatcher[] => {
    if (key.value === undefined) return [{ kind: 'unknown', loc: key.loc }];
    const origins = get(metadata.allowOrigins, key.value);
    if (origins === undefined) return [];
    return allowOrigins(origins, origins.loc).map((matcher) => (matcher.kind === 'any' ? { kind: 'reflect-any', loc: matcher.loc } : matcher));
  });
}

function isSeqOfScalars(node: DocNode): boolean {
  return node.type === 'seq' && node.items.every(isScalar);
}

function allowOrigins(node: DocNode | undefined, blockLoc: SourceLocation): OriginMatcher[] {
  if (node === undefined) return [{ kind: 'any', loc: blockLoc }];
  if (!isScalar(node) || isPlaceholder(node)) return [{ kind: 'unknown', loc: node.loc }];
  const text = str(node) ?? '';
  if (text === '*') return [{ kind: 'any', loc: node.loc }];
  if (text === '**') return [{ kind: 'reflect-any', loc: node.loc }];
  // In a list, `*` is compared as text like any entry and so matches no browser origin.
  return commaEntries(node)
    .filter((entry) => entry.value.trim() !== '*')
    .map((entry) => exactOrigin(entry.value, entry.loc));
}

/**
 * The entries of a comma-separated `allow_origins` as APISIX keeps them: `create_multiple_origin_cache`
 * collects the runs of `[^,]+` untrimmed, so in `"https://a.com, https://b.com"` the second entry
 * starts with a space and never equals a request's Origin. Each entry is located at its text.
 */
function commaEntries(node: ScalarNode): LocatedString[] {
  const text = str(node) ?? '';
  if (!text.includes(',')) return splitCommaList(node);
  const entries: LocatedString[] = [];
  for (const match of text.matchAll(/[^,]+/g)) {
    const value = match[0];
    const trimmed = value.trim();
    if (trimmed === '') continue;
    const start = match.index + value.indexOf(trimmed);
    entries.push({ value, loc: locateInScalar(node, start, start + trimmed.length) });
  }
  return entries;
}

/** What a written `**` stands for, every item blamed on it. */
function literalList(values: readonly string[], loc: SourceLocation): HeaderList {
  return { kind: 'list', items: values.map((value) => ({ value, loc })), loc };
}

/** A comma-separated setting whose default is `*` and whose `**` means `forced`. */
function starList(
  node: DocNode | undefined,
  blockLoc: SourceLocation,
  forced: (loc: SourceLocation) => HeaderList,
): HeaderList {
  if (node === undefined) return defaultHeaderList(['*'], blockLoc);
  if (!isScalar(node) || isPlaceholder(node)) return { kind: 'unknown', loc: node.loc };
  if (str(node) === '**') return forced(node.loc);
  return { kind: 'list', items: splitCommaList(node), loc: node.loc };
}

function maxAge(node: DocNode | undefined, blockLoc: SourceLocation): MaxAge {
  if (node === undefined)
    return { kind: 'value', seconds: DEFAULT_MAX_AGE, raw: String(DEFAULT_MAX_AGE), loc: blockLoc };
  return configMaxAge(node, 'seconds');
}
