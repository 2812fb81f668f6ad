/**
 * OpenAPI / Swagger definitions imported into Amazon API Gateway. References:
 *
 * - `x-amazon-apigateway-cors` (root object; allowOrigins, allowCredentials, exposeHeaders, maxAge,
 *   allowMethods, allowHeaders): API Gateway Developer Guide,
 *   api-gateway-swagger-extensions-cors-configuration.html. It configures an HTTP API, whose CORS
 *   semantics are those of `AWS::ApiGatewayV2::Api` (see aws-cloudformation.ts): the gateway answers
 *   preflights itself.
 * - REST APIs (`x-amazon-apigateway-integration` on operations, without `x-amazon-apigateway-cors`):
 *   API Gateway Developer Guide, how-to-cors.html and enable-cors-for-resource-using-swagger-importer-tool.html.
 *   A REST API answers a preflight only through an `options` operation, usually a MOCK integration that
 *   maps static `'…'` literals to `method.response.header.Access-Control-*`. A path whose operations send
 *   CORS headers (mapped in `responseParameters` or declared in `responses.*.headers`) but that has no
 *   `options` operation leaves preflights to API Gateway's default 403, so its policy says
 *   `no-options-route`; the rule decides from the served methods and Allow-Headers whether browsers
 *   preflight those requests. An `x-amazon-apigateway-any-method` operation also receives OPTIONS
 *   (api-gateway-method-settings-method-request.html: ANY stands for whatever method the request
 *   brings), so there the preflight is up to its backend: unknown.
 * - `x-amazon-apigateway-gateway-responses` (api-gateway-swagger-extensions-gateway-responses.html):
 *   the headers on the errors API Gateway generates itself; see `gatewayResponsePolicy` in cloud-common.ts.
 */
import type { CorsPolicy, LocatedString, SourceLocation } from '@corsguard/core';
import { get, isMap, isScalar, isSeq } from '../document/access.js';
import type { ConfigDocument, DocNode, MapEntry, MapNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { CAMEL_CORS_KEYS, GATEWAY_ANY_METHODS, httpApiCorsPolicy } from './aws-cloudformation.js';
import { apiKeyFromHeader, authorizerRefusesPreflight, gatewayResponseHeaders, identitySourceHeaders, isDefaultRoutePath, isProxyIntegrationType, gatewayResponsePolicy, mapsCorsHeaders, markOpaque, restHeaderMapping, restMappingPolicy, text, type RestHeaderMapping } from './cloud-common.js';

const OPERATION_KEYS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'x-amazon-apigateway-any-method']);
const INTEGRATION = 'x-amazon-apigateway-integration';
const HTTP_API_CORS = 'x-amazon-apigateway-cors';
const GATEWAY_RESPONSES = 'x-amazon-apigateway-gateway-responses';

export interface OpenApiOptions {
  /**
   * Whether a REST path without an `options` operation is a preflight gap. False where something else
   * adds the OPTIONS methods (SAM's `Cors` property, an HTTP API body).
   */
  restPreflight: boolean;
  /**
   * Whether the definition is the body of a REST API (`AWS::ApiGateway::RestApi`,
   * `AWS::Serverless::Api`, `aws_api_gateway_rest_api`). REST APIs have no CORS configuration, so they
   * ignore `x-amazon-apigateway-cors` ("Specifies the … CORS configuration for an HTTP API",
   * api-gateway-swagger-extensions-cors-configuration.html): its paths are read as REST paths, and
   * the extension shows that browsers call them. A standalone file's API type only the definition
   * tells: REST when it can only be a REST API's (`isRestOnlyDefinition`).
   */
  restApi?: boolean;
}

function operations(pathItem: MapNode): MapEntry[] {
  return pathItem.entries.filter((entry) => OPERATION_KEYS.has(String(entry.key.value).toLowerCase()) && isMap(entry.value));
}

/** The first integration response of an operation that maps CORS headers. */
function integrationMapping(operation: DocNode): RestHeaderMapping | undefined {
  const integration = get(operation, INTEGRATION);
  if (isProxyIntegrationType(text(get(integration, 'type')))) return undefined;
  const responses = get(integration, 'responses');
  if (!isMap(responses)) return undefined;
  for (const response of responses.entries) {
    const mapping = restHeaderMapping(get(response.value, 'responseParameters'), get(response.value, 'responseTemplates'));
    if (mapsCorsHeaders(mapping)) return mapping;
  }
  return undefined;
}

/** The key of an `Access-Control-Allow-Origin` header an operation declares in its responses. */
function declaredOriginHeader(operation: DocNode): DocNode | undefined {
  const responses = get(operation, 'responses');
  if (!isMap(responses)) return undefined;
  for (const response of responses.entries) {
    const headers = get(response.value, 'headers');
    if (!isMap(headers)) continue;
    const entry = headers.entries.find((candidate) => String(candidate.key.value).toLowerCase() === 'access-control-allow-origin');
    if (entry !== undefined) return entry.key;
  }
  return undefined;
}

function servedMethods(entries: MapEntry[]): LocatedString[] {
  return entries.flatMap((entry) => {
    const method = String(entry.key.value).toLowerCase();
    const values = method === 'x-amazon-apigateway-any-method' ? GATEWAY_ANY_METHODS : [method.toUpperCase()];
    return values.map((value) => ({ value, loc: entry.key.loc }));
  });
}

/** An operation of a path that sends CORS headers on its own responses. */
interface CorsOperation {
  entry: MapEntry;
  mapping: RestHeaderMapping | undefined;
  declared: DocNode | undefined;
}

function corsOperations(entries: MapEntry[]): CorsOperation[] {
  return entries
    .map((entry) => ({ entry, mapping: integrationMapping(entry.value), declared: declaredOriginHeader(entry.value) }))
    .filter((operation) => operation.mapping !== undefined || operation.declared !== undefined);
}

function mapsOrigin(operation: CorsOperation): operation is CorsOperation & { mapping: RestHeaderMapping } {
  return operation.mapping?.headers.has('access-control-allow-origin') === true;
}

/** The headers an operation's own (non-preflight) responses carry, read from its integration mapping. */
function actualResponsePolicy(
  operation: CorsOperation & { mapping: RestHeaderMapping },
  pathName: string,
  sourcePrefix: string,
  preflight: CorsPolicy['preflight'],
): CorsPolicy {
  const method = String(operation.entry.key.value).toUpperCase();
  return restMappingPolicy(operation.mapping, operation.entry.value, `${sourcePrefix} ${method} ${pathName}`, preflight);
}

/** The security schemes of a definition: OpenAPI 3 `components.securitySchemes`, Swagger 2 `securityDefinitions`. */
function securitySchemes(root: DocNode): DocNode | undefined {
  return get(get(root, 'components'), 'securitySchemes') ?? get(root, 'securityDefinitions');
}

/**
 * Whether an operation's `security` requires what a preflight never carries (browsers send it without
 * credentials or custom headers): a SigV4 signature, a Cognito token, a JWT, a TOKEN authorizer's
 * header, a REQUEST authorizer's identity sources, or an API key (api-gateway-swagger-extensions-authtype.html,
 * -authorizer.html). `open` when it requires nothing (no `security`, or an empty `{}` alternative);
 * `unknown` when a scheme cannot be read.
 */
function operationSecurity(operation: DocNode, schemes: DocNode | undefined): { verdict: 'open' | 'unknown' | 'refuses'; names: string; loc?: SourceLocation } {
  const security = get(operation, 'security');
  if (!isSeq(security) || security.items.length === 0) return { verdict: 'open', names: '' };
  if (security.items.some((requirement) => isMap(requirement) && requirement.entries.length === 0)) return { verdict: 'open', names: '' };
  const requirement = security.items[0];
  if (!isMap(requirement)) return { verdict: 'unknown', names: '', loc: security.loc };
  for (const entry of requirement.entries) {
    const scheme = get(schemes, String(entry.key.value));
    const authorizer = get(scheme, 'x-amazon-apigateway-authorizer');
    const authType = text(get(scheme, 'x-amazon-apigateway-authtype'))?.toLowerCase();
    const authorizerType = text(get(authorizer, 'type'));
    const refuses =
      authorizer !== undefined
        ? authorizerType?.toLowerCase() === 'jwt' || authorizerRefusesPreflight(authorizerType, text(get(authorizer, 'identitySource')))
        : authType === 'awssigv4' || authType === 'cognito_user_pools' || text(get(scheme, 'type'))?.toLowerCase() === 'apikey';
    if (scheme === undefined || !refuses) return { verdict: 'unknown', names: '', loc: security.loc };
  }
  return { verdict: 'refuses', names: requirement.entries.map((entry) => String(entry.key.value)).join(', '), loc: security.loc };
}

/**
 * The headers an operation's `security` makes every caller send: the header of each `apiKey` scheme
 * (`in: header`) its only security requirement names, an API key or a Lambda authorizer's token. An
 * API key whose source is `AUTHORIZER` (`x-amazon-apigateway-api-key-source`) comes from the authorizer,
 * not the caller, and a source the definition does not spell out is unknown.
 */
function requiredSecurityHeaders(operation: DocNode, schemes: DocNode | undefined, apiKeySource: DocNode | undefined): LocatedString[] {
  const security = get(operation, 'security');
  // Alternatives (`[{a: []}, {b: []}]`) let a caller pick one: only a single requirement is certain.
  if (!isSeq(security) || security.items.length !== 1) return [];
  const requirement = security.items[0];
  if (!isMap(requirement)) return [];
  const keyFromHeader = apiKeyFromHeader(apiKeySource);
  return requirement.entries.flatMap((entry): LocatedString[] => {
    const scheme = get(schemes, String(entry.key.value));
    const authorizer = get(scheme, 'x-amazon-apigateway-authorizer');
    const authorizerType = text(get(authorizer, 'type'))?.toLowerCase();
    const identitySource = text(get(authorizer, 'identitySource'));
    // A Lambda authorizer reads the headers its identity source names, a REQUEST authorizer every one
    // of them, whatever the scheme's `name` says (AWS SAM writes `name: Unused` for a REQUEST authorizer).
    if (authorizerType === 'request') return identitySource === undefined ? [] : identitySourceHeaders(identitySource).map((value) => ({ value, loc: entry.key.loc }));
    const tokenHeader = authorizerType === 'token' && identitySource !== undefined ? identitySourceHeaders(identitySource)[0] : undefined;
    if (tokenHeader !== undefined) return [{ value: tokenHeader, loc: entry.key.loc }];
    if (text(get(scheme, 'type'))?.toLowerCase() !== 'apikey' || text(get(scheme, 'in'))?.toLowerCase() !== 'header') return [];
    const name = text(get(scheme, 'name'))?.trim();
    if (name === undefined || name === '') return [];
    const isApiKey = get(scheme, 'x-amazon-apigateway-authorizer') === undefined && name.toLowerCase() === 'x-api-key';
    return isApiKey && !keyFromHeader ? [] : [{ value: name, loc: entry.key.loc }];
  });
}

/**
 * The preflight of an `options` operation whose `security` refuses preflights: API Gateway then
 * refuses them (401/403) before the mock answers. So does an `x-amazon-apigateway-any-method`
 * operation on a path without `options`, which receives the preflights (`operationName` names it in
 * the finding). Undefined when the operation requires nothing.
 */
function securedPreflight(
  operation: MapEntry,
  pathName: string,
  schemes: DocNode | undefined,
  operationName = 'options operation',
): CorsPolicy['preflight'] | undefined {
  const { verdict, names, loc } = operationSecurity(operation.value, schemes);
  if (verdict === 'open' || loc === undefined) return undefined;
  if (verdict === 'unknown') return { handling: 'unknown', target: pathName, loc };
  return { handling: 'refused-before-cors', target: pathName, refusedBy: `the security requirement ${names} of the ${operationName}`, loc };
}

/**
 * The preflight of an HTTP API whose `$default` route (path `/$default` in exports), or an ANY route
 * (`x-amazon-apigateway-any-method`), requires authorization. The `$default` route catches every
 * request no other route matches, OPTIONS included, so with CORS configured a preflight still reaches
 * the authorizer, which refuses it (API Gateway Developer Guide, http-api-cors.html, "Configuring CORS
 * for an HTTP API with a $default route and an authorizer"); an ANY route matches OPTIONS on its path
 * the same way (anomalyco/sst#5493). Undefined when there is no such route, an `options` operation
 * exists, or the authorizer may let preflights through.
 */
function guardedRoutePreflight(paths: DocNode | undefined, schemes: DocNode | undefined): { preflight: CorsPolicy['preflight']; served: LocatedString[] } | undefined {
  if (!isMap(paths)) return undefined;
  if (paths.entries.some((path) => isMap(path.value) && operations(path.value).some((entry) => String(entry.key.value).toLowerCase() === 'options'))) return undefined;
  const catchAll = paths.entries.filter((path) => isDefaultRoutePath(String(path.key.value)));
  const others = paths.entries.filter((path) => !isDefaultRoutePath(String(path.key.value)));
  for (const path of [...catchAll, ...others]) {
    if (!isMap(path.value)) continue;
    const defaultRoute = isDefaultRoutePath(String(path.key.value));
    for (const operation of operations(path.value)) {
      const method = String(operation.key.value);
      if (!defaultRoute && method.toLowerCase() !== 'x-amazon-apigateway-any-method') continue;
      const { verdict, names, loc } = operationSecurity(operation.value, schemes);
      if (verdict === 'open' || loc === undefined) continue;
      if (verdict === 'unknown') return { preflight: { handling: 'unknown', loc }, served: [] };
      const target = defaultRoute ? '$default' : String(path.key.value);
      const refusedBy = `the security requirement ${names} of the ${method} operation (which also receives the preflights)`;
      return { preflight: { handling: 'refused-before-cors', target, refusedBy, loc }, served: servedMethods([operation]) };
    }
  }
  return undefined;
}

/**
 * The REST policies of one path: its OPTIONS answer, or the gap where that answer is missing, and the
 * CORS headers each other operation maps onto its own responses (`'*'` with `'true'` breaks the
 * actual request even when the preflight answer is right).
 */
function restPathPolicies(
  path: MapEntry,
  sourcePrefix: string,
  options: OpenApiOptions,
  schemes: DocNode | undefined,
  apiKeySource: DocNode | undefined,
  ignoredHttpCors: DocNode | undefined,
): CorsPolicy[] {
  if (!isMap(path.value)) return [];
  const pathName = String(path.key.value);
  const entries = operations(path.value);
  const optionsEntry = entries.find((entry) => String(entry.key.value).toLowerCase() === 'options');
  const others = corsOperations(entries.filter((entry) => entry !== optionsEntry));
  const optionsMapping = optionsEntry === undefined ? undefined : integrationMapping(optionsEntry.value);
  // An `options` operation without a header mapping proxies preflights to its backend, unless its
  // security turns them away first: then the path is reported as one whose preflight is refused.
  const proxiedVerdict = optionsEntry !== undefined && optionsMapping === undefined ? securedPreflight(optionsEntry, pathName, schemes) : undefined;
  const refusedByProxy = proxiedVerdict?.handling === 'refused-before-cors' && options.restPreflight ? proxiedVerdict : undefined;
  if (optionsEntry !== undefined && refusedByProxy === undefined) {
    const mapping = optionsMapping;
    // An `options` operation without a header mapping is a proxy whose backend answers preflights.
    const preflight: CorsPolicy['preflight'] =
      mapping === undefined
        ? { handling: 'unknown', target: pathName, loc: optionsEntry.key.loc }
        : (securedPreflight(optionsEntry, pathName, schemes) ?? { handling: 'answered', loc: optionsEntry.key.loc });
    const policies: CorsPolicy[] = [];
    if (mapping !== undefined) {
      const block = get(optionsEntry.value, INTEGRATION) ?? optionsEntry.value;
      const policy = restMappingPolicy(mapping, block, `${sourcePrefix} OPTIONS ${pathName}`, preflight);
      // A refused preflight is reported once, with the methods and headers that need it.
      if (preflight.handling === 'refused-before-cors') {
        const served = entries.filter((entry) => entry !== optionsEntry);
        policy.servedMethods = servedMethods(served);
        const required = served.flatMap((entry) => requiredSecurityHeaders(entry.value, schemes, apiKeySource));
        if (required.length > 0) policy.requiredRequestHeaders = required;
      }
      policies.push(policy);
    }
    if (options.restPreflight) {
      const actual: CorsPolicy['preflight'] = preflight.handling === 'refused-before-cors' ? { handling: 'unknown', target: pathName, loc: preflight.loc } : preflight;
      for (const operation of others.filter(mapsOrigin)) policies.push(actualResponsePolicy(operation, pathName, sourcePrefix, actual));
    }
    return policies;
  }
  if (!options.restPreflight) return [];
  // The operation whose mapping says what the origin is gives the most to check; one declaring the
  // header for a Lambda proxy to fill in still shows the path means to serve CORS.
  const evidence = others.find(mapsOrigin) ?? others[0];
  if (evidence === undefined) return ignoredHttpCors === undefined ? [] : ignoredCorsPolicies(path, entries, sourcePrefix, schemes, apiKeySource, ignoredHttpCors);
  // Without an `options` operation, API Gateway hands OPTIONS to the ANY method's integration (a
  // proxy backend that may answer preflights itself), so only a path without ANY leaves them
  // unanswered, or one whose ANY method's security turns them away first.
  const anyMethod = entries.find((candidate) => String(candidate.key.value).toLowerCase() === 'x-amazon-apigateway-any-method');
  const anyPreflight: CorsPolicy['preflight'] | undefined =
    anyMethod === undefined
      ? undefined
      : (securedPreflight(anyMethod, pathName, schemes, 'x-amazon-apigateway-any-method operation (which also receives the preflights)') ?? {
          handling: 'unknown',
          target: pathName,
          loc: anyMethod.key.loc,
        });
  const preflight: CorsPolicy['preflight'] = refusedByProxy ?? anyPreflight ?? { handling: 'no-options-route', target: pathName, loc: path.key.loc };
  const source = `${sourcePrefix} ${pathName}`;
  const policy = mapsOrigin(evidence)
    ? restMappingPolicy(evidence.mapping, evidence.entry.value, source, preflight)
    : {
        ...restMappingPolicy(evidence.mapping ?? { headers: new Map() }, evidence.entry.value, source, preflight),
        // Declared but filled in by the backend (a Lambda proxy): the values are unknown.
        origins: [{ kind: 'unknown' as const, loc: (evidence.declared ?? evidence.entry.key).loc }],
        credentials: { value: 'unknown' as const, loc: (evidence.declared ?? evidence.entry.key).loc },
        vary: { value: 'unknown' as const, loc: (evidence.declared ?? evidence.entry.key).loc },
      };
  policy.servedMethods = servedMethods(entries);
  const required = entries.flatMap((entry) => requiredSecurityHeaders(entry.value, schemes, apiKeySource));
  if (required.length > 0) policy.requiredRequestHeaders = required;
  // The missing preflight answer is reported once, on the path's first policy; the other operations'
  // own responses are checked for what they send.
  const rest = others
    .filter((operation) => operation !== evidence)
    .filter(mapsOrigin)
    .map((operation) => actualResponsePolicy(operation, pathName, sourcePrefix, { handling: 'unknown', target: pathName, loc: path.key.loc }));
  return [policy, ...rest];
}

/**
 * The preflight gap of a REST path whose operations send no CORS headers of their own, in a REST API
 * whose definition configures CORS with `x-amazon-apigateway-cors`, which only HTTP APIs apply: the
 * path has no `options` operation, so API Gateway refuses preflights, and what the responses carry is
 * up to the backend (unknown). None when an `x-amazon-apigateway-any-method` operation receives the
 * preflights.
 */
function ignoredCorsPolicies(
  path: MapEntry,
  entries: MapEntry[],
  sourcePrefix: string,
  schemes: DocNode | undefined,
  apiKeySource: DocNode | undefined,
  ignoredHttpCors: DocNode,
): CorsPolicy[] {
  if (entries.length === 0) return [];
  const pathName = String(path.key.value);
  const anyMethod = entries.find((candidate) => String(candidate.key.value).toLowerCase() === 'x-amazon-apigateway-any-method');
  const refused = anyMethod === undefined ? undefined : securedPreflight(anyMethod, pathName, schemes, 'x-amazon-apigateway-any-method operation (which also receives the preflights)');
  if (anyMethod !== undefined && refused === undefined) return [];
  const target = `${pathName}, a REST API path (${HTTP_API_CORS} configures HTTP APIs only)`;
  const loc = path.key.loc;
  const policy: CorsPolicy = {
    loc,
    source: `${sourcePrefix} ${pathName}`,
    origins: [{ kind: 'unknown', loc: ignoredHttpCors.loc }],
    credentials: { value: 'unknown', loc: ignoredHttpCors.loc },
    vary: { value: 'unknown', loc: ignoredHttpCors.loc },
    preflight: refused ?? { handling: 'no-options-route', target, loc },
    servedMethods: servedMethods(entries),
  };
  const required = entries.flatMap((entry) => requiredSecurityHeaders(entry.value, schemes, apiKeySource));
  if (required.length > 0) policy.requiredRequestHeaders = required;
  return [policy];
}

/**
 * The CORS policies of an OpenAPI definition (a file, or the `Body` of a CloudFormation API). The
 * definition should already have opaque values marked (see `markOpaque`).
 */
/**
 * The preflight the routes of an HTTP API definition leave refused (see `guardedRoutePreflight`), for
 * an API whose CORS is configured outside the definition (CloudFormation `CorsConfiguration` next to
 * `Body`, SAM `CorsConfiguration` next to `DefinitionBody`). The definition should already have opaque
 * values marked (see `markOpaque`).
 */
export function openApiRoutePreflight(root: DocNode): { preflight: CorsPolicy['preflight']; served: LocatedString[] } | undefined {
  return guardedRoutePreflight(get(root, 'paths'), securitySchemes(root));
}

export function openApiPolicies(root: DocNode, sourcePrefix: string, options: OpenApiOptions): CorsPolicy[] {
  const httpCors = get(root, HTTP_API_CORS);
  const paths = get(root, 'paths');
  if (httpCors !== undefined && options.restApi !== true) {
    const policy = httpApiCorsPolicy(httpCors, CAMEL_CORS_KEYS, `${sourcePrefix} ${HTTP_API_CORS}`);
    const guarded = guardedRoutePreflight(paths, securitySchemes(root));
    if (guarded === undefined) return [policy];
    return [{ ...policy, preflight: guarded.preflight, ...(guarded.served.length > 0 ? { servedMethods: guarded.served } : {}) }];
  }
  // An HTTP API definition without the CORS extension gets its CORS from elsewhere (the API
  // resource's CorsConfiguration) or from its backend; REST header mappings do not apply to it. The
  // body of a REST API resource is a REST definition whatever its integrations carry: the Terraform
  // provider's own aws_api_gateway_rest_api example writes `payloadFormatVersion = "1.0"`, which REST
  // APIs do not read, and definitions copied from it keep it.
  if (options.restApi !== true && isHttpApiDefinition(root, paths)) return [];
  const schemes = securitySchemes(root);
  const apiKeySource = get(root, 'x-amazon-apigateway-api-key-source');
  // Where something else adds the OPTIONS methods (SAM's Cors), the ignored extension leaves no gap.
  const ignoredHttpCors = options.restPreflight ? httpCors : undefined;
  const pathPolicies = isMap(paths) ? paths.entries.flatMap((path) => restPathPolicies(path, sourcePrefix, options, schemes, apiKeySource, ignoredHttpCors)) : [];
  return [...pathPolicies, ...gatewayResponsePolicies(root, sourcePrefix)];
}

/**
 * Whether a definition describes an HTTP API: it carries the HTTP API export marker
 * `x-amazon-apigateway-importexport-version`, a `$default` route path, or, with no integration only
 * REST APIs accept, an integration only HTTP APIs accept (api-gateway-swagger-extensions-integration.html): one naming a `payloadFormatVersion`
 * ("Required for HTTP APIs"; REST APIs have none) or an `integrationSubtype` (HTTP API AWS service
 * integrations).
 */
function isHttpApiDefinition(root: DocNode, paths: DocNode | undefined): boolean {
  if (hasHttpApiMarker(root, paths)) return true;
  const integrations = operationIntegrations(paths);
  // HTTP APIs take only AWS_PROXY and HTTP_PROXY integrations (API Gateway V2 API reference,
  // Integration IntegrationType: AWS, HTTP and MOCK are "supported only for WebSocket APIs"), so a MOCK
  // or non-proxy AWS/HTTP integration makes the definition REST whatever `payloadFormatVersion` a copied
  // integration also carries.
  if (integrations.some(restOnlyIntegration)) return false;
  return integrations.some(httpApiIntegration);
}

/**
 * Whether a definition can only be a REST API's: it has an integration only REST APIs accept (see
 * `isHttpApiDefinition`), and nothing that marks an HTTP API (the export marker, a `$default` route, an
 * integration's `payloadFormatVersion` or `integrationSubtype`). Such a definition is imported as a
 * REST API, which ignores `x-amazon-apigateway-cors` (the extension is often copied into REST
 * definitions that answer preflights with MOCK `options` operations), so its paths are what decides.
 * With both kinds of signal, as in a REST definition migrated to an HTTP API, the extension is read.
 */
function isRestOnlyDefinition(root: DocNode, paths: DocNode | undefined): boolean {
  if (hasHttpApiMarker(root, paths)) return false;
  const integrations = operationIntegrations(paths);
  return integrations.some(restOnlyIntegration) && !integrations.some(httpApiIntegration);
}

/** The HTTP API export marker `x-amazon-apigateway-importexport-version`, or a `$default` route path. */
function hasHttpApiMarker(root: DocNode, paths: DocNode | undefined): boolean {
  if (get(root, 'x-amazon-apigateway-importexport-version') !== undefined) return true;
  return isMap(paths) && paths.entries.some((path) => isDefaultRoutePath(String(path.key.value)));
}

function operationIntegrations(paths: DocNode | undefined): (DocNode | undefined)[] {
  if (!isMap(paths)) return [];
  return paths.entries.flatMap((path) => (isMap(path.value) ? operations(path.value).map((entry) => get(entry.value, INTEGRATION)) : []));
}

function restOnlyIntegration(integration: DocNode | undefined): boolean {
  const type = text(get(integration, 'type'))?.toLowerCase();
  return type === 'mock' || ((type === 'aws' || type === 'http') && get(integration, 'integrationSubtype') === undefined);
}

function httpApiIntegration(integration: DocNode | undefined): boolean {
  return get(integration, 'payloadFormatVersion') !== undefined || get(integration, 'integrationSubtype') !== undefined;
}

/** The CORS headers of `x-amazon-apigateway-gateway-responses`, the errors API Gateway generates itself. */
function gatewayResponsePolicies(root: DocNode, sourcePrefix: string): CorsPolicy[] {
  const responses = get(root, GATEWAY_RESPONSES);
  if (!isMap(responses)) return [];
  return responses.entries.flatMap((response) => {
    const policy = gatewayResponsePolicy(gatewayResponseHeaders(get(response.value, 'responseParameters')), response.value, `${sourcePrefix} ${GATEWAY_RESPONSES} ${String(response.key.value)}`);
    return policy === undefined ? [] : [policy];
  });
}

/**
 * The version field of an OpenAPI (`openapi`) or Swagger (`swagger`) document. YAML reads an unquoted
 * `swagger: 2.0` as a number, a spelling common in hand-written definitions, so numbers count too.
 */
function hasSpecVersion(root: DocNode): boolean {
  return ['openapi', 'swagger'].some((key) => {
    const version = get(root, key);
    return isScalar(version) && (typeof version.value === 'string' || typeof version.value === 'number');
  });
}

/** An OpenAPI document with API Gateway extensions: the CORS extension or integrations on operations. */
function isGatewayOpenApi(doc: ConfigDocument): boolean {
  const root = doc.root;
  if (!isMap(root) || !hasSpecVersion(root)) return false;
  if (get(root, HTTP_API_CORS) !== undefined || isMap(get(root, GATEWAY_RESPONSES))) return true;
  const paths = get(root, 'paths');
  if (!isMap(paths)) return false;
  return paths.entries.some((path) => isMap(path.value) && operations(path.value).some((entry) => get(entry.value, INTEGRATION) !== undefined));
}

export const openApi: Adapter = {
  name: 'openapi',
  description: 'OpenAPI/Swagger for Amazon API Gateway: x-amazon-apigateway-cors, and REST paths that send CORS headers without an options operation',
  detect: isGatewayOpenApi,
  extract: (doc) => {
    const root = markOpaque(doc.root);
    return openApiPolicies(root, 'OpenAPI', { restPreflight: true, restApi: isRestOnlyDefinition(root, get(root, 'paths')) });
  },
};
