/**
 * Azure App Service and Azure Functions CORS.
 *
 * - ARM templates (`$schema` …/deploymentTemplate.json): `Microsoft.Web/sites` (and `/sites/slots`)
 *   `properties.siteConfig.cors`, and `Microsoft.Web/sites/config` named `web` (or `<site>/web`, or a
 *   child `config` resource named `web`) `properties.cors`, each `{ allowedOrigins: [string],
 *   supportCredentials: bool }`. References: Azure REST API, App Service `CorsSettings`
 *   (@azure-rest/arm-appservice `CorsSettingsOutput`, azure-mgmt-web `CorsSettings`: "Gets or sets the
 *   list of origins that should be allowed to make cross-origin calls (for example:
 *   http://example.com:12345). Use \"*\" to allow all."; supportCredentials "Gets or sets whether CORS
 *   requests with credentials are allowed"; absent means false). The platform compares the request
 *   origin with the list and answers preflights itself; it documents no `*`-inside-an-entry wildcard
 *   and no Vary behaviour, so such entries and vary are unknown, as are the methods and headers it
 *   allows (not configurable here). ARM expressions are unknown, except a whole-value reference to a
 *   variable (`"[variables('origins')]"`, fixed in the template) or to a parameter whose value is
 *   fixed: one a nested deployment passes, or its default. Nested deployments
 *   (`Microsoft.Resources/deployments` with an inline `properties.template`, what Bicep modules
 *   compile to) are read like the outer template, in their own expression scope when it is `inner`.
 * - Azure Storage service CORS in ARM templates: `Microsoft.Storage/storageAccounts/blobServices` (and
 *   `fileServices`, `queueServices`, `tableServices`; named `default` or `<account>/default`)
 *   `properties.cors.corsRules[]`, each `{ allowedOrigins, allowedMethods, allowedHeaders,
 *   exposedHeaders, maxAgeInSeconds }`; Terraform's `azurerm_storage_account` writes the same rules as
 *   `blob_properties` / `queue_properties` / `share_properties` `cors_rule` in snake case. See
 *   `storageCorsRulePolicy` for the semantics.
 * - Azure Container Apps in ARM templates: `Microsoft.App/containerApps`
 *   `properties.configuration.ingress.corsPolicy` (`allowedOrigins`, `allowedMethods`,
 *   `allowedHeaders`, `exposeHeaders`, `maxAge`, `allowCredentials`; learn.microsoft.com
 *   container-apps/cors: each list "controls" its Access-Control-* response header, `*` allows all;
 *   allowCredentials "indicates whether to return the Access-Control-Allow-Credentials header").
 *   The ingress answers preflights itself. What a `*` answers (a literal `*`, or the request's own
 *   origin, method or headers) is not documented, so a `*` method or header list is unknown, and so is
 *   a `*` origin when credentials are allowed (without them browsers read both answers alike).
 *   Terraform's `azurerm_container_app` writes the block as `ingress.cors` in snake case.
 * - Azure Functions Core Tools `local.settings.json`: `Host.CORS` (origins as one comma-separated
 *   string, `*` for all) and `Host.CORSCredentials` (bool), read by the local host only (cors-facts
 *   2.18; learn.microsoft.com azure-functions/functions-develop-local, "Local settings file"). From
 *   the Core Tools source (Azure/azure-functions-core-tools): `AppSettingsFile` reads the file with
 *   Newtonsoft `JsonConvert.DeserializeObject`, which skips comments and matches property names
 *   case-insensitively when no exact match exists (`HostStartSettings` maps `CORS`, `CORSCredentials`)
 *   and binds a string to a bool as `Boolean.Parse` reads it (`"True"` is true);
 *   `Startup` splits `CORS` on `,` without trimming (the `--cors` help: "A comma separated list of CORS
 *   origins with no spaces") and hands the pieces to ASP.NET Core `CorsPolicyBuilder.WithOrigins`,
 *   which lowercases each entry (`GetNormalizedOrigin`), treats a lone `*` as any origin and compares
 *   the request's Origin with the entries ordinally. So ` https://b.com` after `", "` never matches,
 *   while uppercase letters do. The host answers preflights; Vary and the methods and headers it
 *   allows (echoed) are left unknown.
 * - Azure Functions `host.json` (version 2.0 and later): `extensions.http.customHeaders`, a map of
 *   response headers the host adds to every HTTP response of the function app (learn.microsoft.com
 *   azure-functions/functions-bindings-http-webhook, host.json settings: "Allows you to set custom
 *   headers in the HTTP response"). Users set raw Access-Control-* headers there, so every rule
 *   applies to the literal values, as for the static hosting header files (raw-headers.ts). From the
 *   host's source (Azure/azure-functions-host): `HostJsonFileConfigurationProvider` loads host.json
 *   with Newtonsoft `JObject.Parse` (comments skipped) into .NET configuration, whose keys ignore
 *   case, writing each value as `JValue.ToString(CultureInfo.InvariantCulture)`, so a JSON `true` is
 *   sent as `True`; `CustomHttpHeadersMiddleware` adds each header with `TryAdd` as the response
 *   starts, so a header the function sets itself is kept instead (not visible here). Whether OPTIONS
 *   requests reach a function that answers them is not in this file, so preflight handling is unknown.
 */
import type { CorsPolicy, HeaderList, Located, OriginMatcher, SourceLocation, Tri } from '@corsguard/core';
import {
  configHeaderList,
  configMaxAge,
  get,
  getRelaxed,
  isMap,
  isPlaceholder,
  isScalar,
  isSeq,
  listEntries,
  splitCommaList,
  tri,
} from '../document/access.js';
import type { ConfigDocument, DocNode, MapNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { rawHeaderGroupPolicy } from './raw-headers.js';
import {
  allowlistOrigin,
  allowlistOrigins,
  dedupePolicies,
  dig,
  dynamic,
  fileName,
  opaquePolicy,
  present,
  rewriteOpaque,
  setUndocumentedStarLists,
  text,
} from './cloud-common.js';

/** Where one format writes the keys of an App Service CORS block. */
export interface AppServiceKeyNames {
  allowedOrigins: string;
  supportCredentials: string;
}

export const APP_SERVICE_ARM_KEYS: AppServiceKeyNames = { allowedOrigins: 'allowedOrigins', supportCredentials: 'supportCredentials' };
export const APP_SERVICE_TERRAFORM_KEYS: AppServiceKeyNames = { allowedOrigins: 'allowed_origins', supportCredentials: 'support_credentials' };

/**
 * An App Service allowlist entry, compared without regard to case: on Linux Consumption the Functions
 * host applies the site's CORS itself, building an ASP.NET Core `CorsPolicyBuilder` from the origins
 * (Azure/azure-functions-host `CorsOptionsSetup`), which lowercases each entry; the platform's own
 * comparison elsewhere is not documented, so an uppercase entry is not known never to match.
 */
function appServiceOrigin(matcher: OriginMatcher): OriginMatcher {
  return matcher.kind === 'exact' ? { ...matcher, caseInsensitive: true } : matcher;
}

/** The policy App Service / Azure Functions enforce for a CORS block. */
export function appServiceCorsPolicy(block: DocNode, keys: AppServiceKeyNames, source: string): CorsPolicy {
  const loc = block.loc;
  const origins = present(get(block, keys.allowedOrigins));
  const credentials: Located<Tri> = block.type === 'map' ? tri(present(get(block, keys.supportCredentials)), false, loc) : { value: 'unknown', loc };
  return {
    loc,
    source,
    origins:
      block.type !== 'map'
        ? [{ kind: 'unknown', loc }]
        : origins === undefined
          ? []
          : listEntries(origins, false).map((entry) => appServiceOrigin(allowlistOrigin(entry, 'unknown'))),
    credentials,
    allowMethods: { kind: 'unknown', loc },
    allowHeaders: { kind: 'unknown', loc },
    vary: { value: 'unknown', loc },
    preflight: { handling: 'answered', loc },
  };
}

/** Where one format writes the keys of an Azure Storage CORS rule. */
export interface StorageKeyNames {
  allowedOrigins: string;
  allowedMethods: string;
  allowedHeaders: string;
  exposedHeaders: string;
  maxAgeInSeconds: string;
}

export const STORAGE_ARM_KEYS: StorageKeyNames = {
  allowedOrigins: 'allowedOrigins',
  allowedMethods: 'allowedMethods',
  allowedHeaders: 'allowedHeaders',
  exposedHeaders: 'exposedHeaders',
  maxAgeInSeconds: 'maxAgeInSeconds',
};
export const STORAGE_TERRAFORM_KEYS: StorageKeyNames = {
  allowedOrigins: 'allowed_origins',
  allowedMethods: 'allowed_methods',
  allowedHeaders: 'allowed_headers',
  exposedHeaders: 'exposed_headers',
  maxAgeInSeconds: 'max_age_in_seconds',
};

/** A header list whose entries may be Azure Storage prefix wildcards (`x-ms-meta-*`): what such an entry sends is not documented. */
function storageHeaderList(node: DocNode | undefined): HeaderList | undefined {
  const value = present(node);
  if (value === undefined) return undefined;
  const list = configHeaderList(value, false);
  if (list.kind !== 'list' || !list.items.some((item) => item.value.includes('*'))) return list;
  return { kind: 'unknown', loc: value.loc };
}

/**
 * The policy of one Azure Storage CORS rule (Azure Storage REST API, "Cross-Origin Resource Sharing
 * (CORS) support for Azure Storage"; azure-mgmt-storage `CorsRule`). Each rule is matched on its own.
 * An origin "must be an exact case-sensitive match with the origin that the user agent sends", or `*`
 * for every origin; no other wildcard is documented, so an entry holding one is unknown. Header lists
 * take literal names, prefixes (`x-ms-meta-*`) or `*`, whose answer is not documented (unknown).
 * `MERGE` is an Azure Table service method scripts can send, so it is not reported as unregistered.
 * Like S3 there is no credentials setting: false when every origin is `*`, else unknown. The service
 * answers preflights itself; its Vary behaviour is not documented.
 */
export function storageCorsRulePolicy(rule: DocNode, keys: StorageKeyNames, source: string): CorsPolicy {
  const loc = rule.loc;
  const originsNode = rule.type === 'map' ? present(get(rule, keys.allowedOrigins)) : undefined;
  const origins: OriginMatcher[] =
    rule.type !== 'map' ? [{ kind: 'unknown', loc }] : originsNode === undefined ? [] : allowlistOrigins(originsNode, 'unknown');
  const onlyWildcard = origins.length > 0 && origins.every((matcher) => matcher.kind === 'any');
  const policy: CorsPolicy = {
    loc,
    source,
    origins,
    credentials: { value: onlyWildcard ? false : 'unknown', loc },
    vary: { value: 'unknown', loc },
    preflight: { handling: 'answered', loc },
  };
  if (rule.type !== 'map') return policy;
  const methodsNode = present(get(rule, keys.allowedMethods));
  if (methodsNode !== undefined) {
    const methods = configHeaderList(methodsNode, false);
    policy.allowMethods = methods.kind === 'list' ? { ...methods, items: methods.items.filter((item) => item.value.toUpperCase() !== 'MERGE') } : methods;
  }
  const allowHeaders = storageHeaderList(get(rule, keys.allowedHeaders));
  const exposeHeaders = storageHeaderList(get(rule, keys.exposedHeaders));
  const maxAge = present(get(rule, keys.maxAgeInSeconds));
  if (allowHeaders) policy.allowHeaders = allowHeaders;
  if (exposeHeaders) policy.exposeHeaders = exposeHeaders;
  if (maxAge) policy.maxAge = configMaxAge(maxAge, 'seconds');
  return policy;
}

/** Where one format writes the keys of a Container Apps CORS block. */
export interface ContainerAppKeyNames {
  allowedOrigins: string;
  allowedMethods: string;
  allowedHeaders: string;
  exposeHeaders: string;
  maxAge: string;
  allowCredentials: string;
}

export const CONTAINER_APP_ARM_KEYS: ContainerAppKeyNames = {
  allowedOrigins: 'allowedOrigins',
  allowedMethods: 'allowedMethods',
  allowedHeaders: 'allowedHeaders',
  exposeHeaders: 'exposeHeaders',
  maxAge: 'maxAge',
  allowCredentials: 'allowCredentials',
};
/** Terraform's `azurerm_container_app` `ingress.cors` block. */
export const CONTAINER_APP_TERRAFORM_KEYS: ContainerAppKeyNames = {
  allowedOrigins: 'allowed_origins',
  allowedMethods: 'allowed_methods',
  allowedHeaders: 'allowed_headers',
  exposeHeaders: 'exposed_headers',
  maxAge: 'max_age_in_seconds',
  allowCredentials: 'allow_credentials_enabled',
};

/** The policy of an Azure Container Apps ingress CORS block (see the header comment). */
export function containerAppCorsPolicy(block: DocNode, keys: ContainerAppKeyNames, source: string): CorsPolicy {
  const loc = block.loc;
  if (block.type !== 'map') return opaquePolicy(block, source);
  const credentials = tri(present(get(block, keys.allowCredentials)), false, loc);
  const originsNode = present(get(block, keys.allowedOrigins));
  const origins = (originsNode === undefined ? [] : listEntries(originsNode, false)).map(
    (entry): OriginMatcher =>
      entry.value?.trim() === '*' && credentials.value !== false ? { kind: 'unknown', loc: entry.loc } : allowlistOrigin(entry, 'unknown'),
  );
  const policy: CorsPolicy = { loc, source, origins, credentials, vary: { value: 'unknown', loc }, preflight: { handling: 'answered', loc } };
  setUndocumentedStarLists(policy, block, { methods: keys.allowedMethods, headers: keys.allowedHeaders, expose: keys.exposeHeaders, maxAge: keys.maxAge });
  return policy;
}

/** The storage services whose `properties.cors.corsRules` set the service's CORS rules. */
const STORAGE_SERVICE_TYPES = new Set(
  ['blobServices', 'fileServices', 'queueServices', 'tableServices'].map((service) => `microsoft.storage/storageaccounts/${service}`.toLowerCase()),
);

/** An ARM template expression: a string in `[…]` (a leading `[[` escapes a literal bracket). */
function isArmExpression(value: string): boolean {
  return value.startsWith('[') && !value.startsWith('[[') && value.endsWith(']');
}

/** ARM resources: the `resources` array, or the symbolic-name object of languageVersion 2.0 templates. */
function armResources(node: DocNode | undefined): DocNode[] {
  if (isSeq(node)) return node.items;
  if (isMap(node)) return node.entries.map((entry) => entry.value);
  return [];
}

/** Deepest child-resource or nested-deployment level read; Bicep module trees are a few levels deep. */
const ARM_NESTING_DEPTH = 8;

/** Deepest chain of variables and parameters followed (a variable naming a parameter naming …). */
const ARM_REFERENCE_DEPTH = 8;

/** `[variables('name')]` or `[parameters('name')]` as a whole value: the only ARM expressions resolved. */
const ARM_REFERENCE = /^\[\s*(variables|parameters)\s*\(\s*'([^']*)'\s*\)\s*\]$/i;

/**
 * How the expressions of one template resolve: its `variables`, fixed when the template is written,
 * and the parameters whose value is fixed too (those a nested deployment passes or defaults);
 * a top-level template's parameters are given at deploy time and stay unknown.
 */
interface ArmScope {
  variables: DocNode | undefined;
  parameter(name: string, depth: number): DocNode | undefined;
}

/** ARM variable and parameter names are case-insensitive. */
function armMember(node: DocNode | undefined, name: string): DocNode | undefined {
  return present(get(node, name) ?? getRelaxed(node, name));
}

/**
 * A copy of `node` in which every ARM expression is a dynamic (unknown) node, except a reference to a
 * variable or a fixed parameter, which takes that value (itself resolved).
 */
function resolveArm(node: DocNode, scope: ArmScope, depth = 0): DocNode {
  return rewriteOpaque(node, (scalar) => {
    if (isPlaceholder(scalar)) return dynamic(scalar, 'replaced token');
    if (typeof scalar.value !== 'string' || !isArmExpression(scalar.value)) return undefined;
    const reference = ARM_REFERENCE.exec(scalar.value);
    let value: DocNode | undefined;
    if (reference !== null && depth < ARM_REFERENCE_DEPTH) {
      const [, kind = '', name = ''] = reference;
      if (kind.toLowerCase() === 'variables') {
        const variable = armMember(scope.variables, name);
        value = variable === undefined ? undefined : resolveArm(variable, scope, depth + 1);
      } else value = scope.parameter(name, depth + 1);
    }
    return value ?? dynamic(scalar, 'expression');
  });
}

/**
 * The scope of a nested deployment's inline template. With `expressionEvaluationOptions.scope: inner`
 * (what Bicep modules compile to) it has its own variables, and its parameters take the values the
 * deployment passes (evaluated in the outer scope) or their `defaultValue`; otherwise its expressions
 * are evaluated in the outer template's scope (learn.microsoft.com, "Using linked and nested templates
 * when deploying Azure resources", Expression evaluation scope in nested templates).
 */
function nestedScope(properties: DocNode | undefined, template: DocNode | undefined, outer: ArmScope): ArmScope {
  if (text(get(get(properties, 'expressionEvaluationOptions'), 'scope'))?.toLowerCase() !== 'inner') return outer;
  const inner: ArmScope = {
    variables: get(template, 'variables'),
    parameter(name, depth) {
      if (depth >= ARM_REFERENCE_DEPTH) return undefined;
      const passed = armMember(get(properties, 'parameters'), name);
      // A Key Vault `reference` instead of a `value` is a secret, unknown here.
      if (passed !== undefined) {
        const value = present(get(passed, 'value'));
        return value === undefined ? undefined : resolveArm(value, outer, depth);
      }
      const fallback = present(get(armMember(get(template, 'parameters'), name), 'defaultValue'));
      return fallback === undefined ? undefined : resolveArm(fallback, inner, depth);
    },
  };
  return inner;
}

function armPolicies(root: DocNode): CorsPolicy[] {
  const policies: CorsPolicy[] = [];
  const visit = (resources: DocNode | undefined, parentType: string | undefined, scope: ArmScope, depth: number): void => {
    for (const resource of armResources(resources)) {
      const declared = text(get(resource, 'type')) ?? '';
      const type = parentType !== undefined && !declared.includes('/') ? `${parentType}/${declared}` : declared;
      const name = text(get(resource, 'name')) ?? '(unnamed)';
      const lowerType = type.toLowerCase();
      const properties = present(get(resource, 'properties'));
      if (properties !== undefined && (lowerType === 'microsoft.web/sites' || lowerType === 'microsoft.web/sites/slots')) {
        const cors = present(get(get(resolveArm(properties, scope), 'siteConfig'), 'cors'));
        if (cors !== undefined) policies.push(appServiceCorsPolicy(cors, APP_SERVICE_ARM_KEYS, `${type} ${name}`));
      } else if (properties !== undefined && (lowerType === 'microsoft.web/sites/config' || lowerType === 'microsoft.web/sites/slots/config')) {
        const isWeb = isArmExpression(name) || /(^|\/)web$/i.test(name);
        const cors = isWeb ? present(get(resolveArm(properties, scope), 'cors')) : undefined;
        if (cors !== undefined) policies.push(appServiceCorsPolicy(cors, APP_SERVICE_ARM_KEYS, `${type} ${name}`));
      } else if (properties !== undefined && lowerType === 'microsoft.app/containerapps') {
        const cors = present(dig(resolveArm(properties, scope), 'configuration', 'ingress', 'corsPolicy'));
        if (cors !== undefined) policies.push(containerAppCorsPolicy(cors, CONTAINER_APP_ARM_KEYS, `${type} ${name}`));
      } else if (properties !== undefined && STORAGE_SERVICE_TYPES.has(lowerType)) {
        const rules = present(get(get(resolveArm(properties, scope), 'cors'), 'corsRules'));
        (isSeq(rules) ? rules.items : []).forEach((rule, index) =>
          policies.push(storageCorsRulePolicy(rule, STORAGE_ARM_KEYS, `${type} ${name} corsRules[${index}]`)),
        );
      }
      if (depth >= ARM_NESTING_DEPTH) continue;
      visit(get(resource, 'resources'), type, scope, depth + 1);
      // A nested deployment (what a Bicep module compiles to) carries its own template inline.
      if (lowerType === 'microsoft.resources/deployments') {
        const template = get(properties, 'template');
        visit(get(template, 'resources'), undefined, nestedScope(properties, template, scope), depth + 1);
      }
    }
  };
  visit(get(root, 'resources'), undefined, { variables: get(root, 'variables'), parameter: () => undefined }, 0);
  // Sites that share one variable's CORS block are reported once.
  return dedupePolicies(policies);
}

function isArmTemplate(doc: ConfigDocument): boolean {
  const schema = text(get(doc.root, '$schema'));
  return schema !== undefined && /deploymentTemplate\.json/i.test(schema) && get(doc.root, 'resources') !== undefined;
}

/** `local.settings.json` keys as Newtonsoft binds them: the exact name, else any casing. */
function localSetting(node: DocNode | undefined, key: string): DocNode | undefined {
  return get(node, key) ?? getRelaxed(node, key);
}

/**
 * `local.settings.json`, or the copy a repository commits in its place (`local.settings.example.json`,
 * `local.settings.sample.json`, `local.settings.template.json`…), since the Functions project templates
 * list `local.settings.json` itself in `.gitignore`; developers copy the committed file unchanged.
 */
const LOCAL_SETTINGS_NAME = /^local\.settings(?:\.[^.]+)*\.json$/i;

function isLocalSettings(doc: ConfigDocument): boolean {
  return LOCAL_SETTINGS_NAME.test(fileName(doc)) && isMap(localSetting(doc.root, 'Host'));
}

/**
 * The origins of `Host.CORS` as the Core Tools host holds them: split on `,` and kept untrimmed, so
 * whitespace around an entry stays in it; compared after lowercasing; `*` means any origin only alone.
 */
function localSettingsOrigins(cors: DocNode): OriginMatcher[] {
  if (!isScalar(cors) || typeof cors.value !== 'string' || isPlaceholder(cors)) return [{ kind: 'unknown', loc: cors.loc }];
  const pieces = cors.value.split(',').filter((piece) => piece.trim() !== '');
  // splitCommaList skips the same blank pieces, so its locations line up with `pieces`.
  const located = splitCommaList(cors);
  return pieces.map((value, index): OriginMatcher => {
    const loc = located[index]?.loc ?? cors.loc;
    if (value === '*') return pieces.length === 1 ? { kind: 'any', loc } : { kind: 'unknown', loc };
    if (isPlaceholder({ ...cors, value })) return { kind: 'unknown', loc };
    if (value === 'null') return { kind: 'null', loc };
    return { kind: 'exact', value, compared: true, caseInsensitive: true, loc };
  });
}

/**
 * A bool Newtonsoft binds: a JSON boolean, or a string `Boolean.Parse` reads (any casing, surrounding
 * whitespace ignored), so `"True"` is true.
 */
function newtonsoftBool(node: DocNode | undefined, fallbackLoc: SourceLocation): Located<Tri> {
  const text = isScalar(node) && typeof node.value === 'string' && !isPlaceholder(node) ? node.value.trim().toLowerCase() : undefined;
  if (node !== undefined && (text === 'true' || text === 'false')) return { value: text === 'true', loc: node.loc };
  return tri(node, false, fallbackLoc);
}

function localSettingsPolicies(root: DocNode): CorsPolicy[] {
  const host = localSetting(root, 'Host');
  const cors = present(localSetting(host, 'CORS'));
  if (host === undefined || cors === undefined) return [];
  const credentialsNode = present(localSetting(host, 'CORSCredentials'));
  return [
    {
      loc: host.loc,
      source: 'local.settings.json Host.CORS (Azure Functions Core Tools)',
      origins: localSettingsOrigins(cors),
      credentials: newtonsoftBool(credentialsNode, host.loc),
      allowMethods: { kind: 'unknown', loc: host.loc },
      allowHeaders: { kind: 'unknown', loc: host.loc },
      vary: { value: 'unknown', loc: host.loc },
      preflight: { handling: 'answered', loc: host.loc },
    },
  ];
}

/** host.json's `extensions.http.customHeaders` map, its keys matched as .NET configuration does, ignoring case. */
function hostJsonCustomHeaders(root: DocNode): MapNode | undefined {
  const headers = localSetting(localSetting(localSetting(root, 'extensions'), 'http'), 'customHeaders');
  return isMap(headers) ? headers : undefined;
}

function isHostJson(doc: ConfigDocument): boolean {
  return fileName(doc).toLowerCase() === 'host.json' && hostJsonCustomHeaders(doc.root) !== undefined;
}

/** A header value as the host's configuration holds it: a JSON boolean becomes .NET's `True` / `False`. */
function configurationText(value: DocNode): DocNode {
  if (!isScalar(value) || typeof value.value !== 'boolean') return value;
  const dotNet = value.value ? 'True' : 'False';
  return { type: 'scalar', value: dotNet, text: dotNet, loc: value.loc };
}

function hostJsonPolicies(root: DocNode): CorsPolicy[] {
  const headers = hostJsonCustomHeaders(root);
  if (headers === undefined) return [];
  const sent: MapNode = { ...headers, entries: headers.entries.map((entry) => ({ key: entry.key, value: configurationText(entry.value) })) };
  // Configuration keys ignore case, so of two spellings of one header the later value is kept.
  const policy = rawHeaderGroupPolicy(headers, sent, 'host.json extensions.http.customHeaders (Azure Functions)', { repeated: 'last-wins' });
  return policy === undefined ? [] : [policy];
}

export const azure: Adapter = {
  name: 'azure',
  description:
    'Azure ARM templates (Microsoft.Web/sites siteConfig.cors, Microsoft.App/containerApps ingress corsPolicy, Microsoft.Storage service corsRules), Azure Functions local.settings.json (Host.CORS, Host.CORSCredentials) and host.json (extensions.http.customHeaders)',
  detect: (doc) => isArmTemplate(doc) || isLocalSettings(doc) || isHostJson(doc),
  extract: (doc) => (isArmTemplate(doc) ? armPolicies(doc.root) : isHostJson(doc) ? hostJsonPolicies(doc.root) : localSettingsPolicies(doc.root)),
  // ARM template syntax allows `//` and `/* */` comments (learn.microsoft.com, "Understand the
  // structure and syntax of ARM templates", Comments); Azure CLI and PowerShell deploy them. Core
  // Tools reads local.settings.json, and the host reads host.json, with Newtonsoft, which skips comments too.
  acceptsJsonComments: (doc) => isArmTemplate(doc) || isLocalSettings(doc) || isHostJson(doc),
  // Newtonsoft also reads past trailing commas (JamesNK/Newtonsoft.Json#818); ARM deployments do not.
  acceptsJsonTrailingCommas: (doc) => isLocalSettings(doc),
};
