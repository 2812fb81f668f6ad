/**
 * AWS SAM templates (`Transform: AWS::Serverless-2016-10-31`). References for keys and defaults:
 *
 * - `AWS::Serverless::Api` `Cors`: AWS SAM Developer Guide, sam-property-api-corsconfiguration.html, and
 *   the transform itself (aws/serverless-application-model `samtranslator/model/api/api_generator.py`
 *   `_add_cors`, `samtranslator/swagger/swagger.py` `add_cors` / `_options_method_response_for_cors`):
 *   a string is the AllowOrigin shorthand; the object keys are AllowOrigin (default `"'*'"`),
 *   AllowMethods (default: the path's own methods plus OPTIONS), AllowHeaders (no header when absent),
 *   MaxAge (no header when absent) and AllowCredentials (only the boolean `true` sends the header).
 *   The string values become API Gateway mapping values, so literals carry inner single quotes
 *   (`"'https://a.com'"`), which are stripped here; a value without them is not a literal and is
 *   unknown. SAM adds a MOCK OPTIONS method to every path, so preflights are answered; the real
 *   responses come from the Lambda proxy, so their Vary is unknown. A comma list in AllowOrigin is sent
 *   as one header value. The transform rejects AllowCredentials with a `*` origin; the finding still
 *   helps, since that deploy fails late.
 * - `AWS::Serverless::HttpApi` `CorsConfiguration`: `samtranslator/model/api/http_api_generator.py`
 *   `_add_cors` — `true` means AllowOrigins `["*"]` and nothing else; an object has the
 *   `AWS::ApiGatewayV2::Api` Cors keys (semantics in aws-cloudformation.ts).
 * - `AWS::Serverless::Function` `FunctionUrlConfig.Cors`: the `AWS::Lambda::Url` Cors keys.
 * - `Globals` (`Globals.Api.Cors`, `Globals.HttpApi.CorsConfiguration`, `Globals.Function.FunctionUrlConfig`):
 *   AWS SAM Developer Guide, sam-specification-template-anatomy-globals.html — maps merge with the
 *   resource's keys winning, lists concatenate, other values are replaced. Globals also reach the
 *   implicit `ServerlessRestApi` / `ServerlessHttpApi` that `Api` / `HttpApi` events without an explicit
 *   API create.
 * - `Auth.DefaultAuthorizer` with `AddDefaultAuthorizerToCorsPreflight` left at its default (true): SAM
 *   puts the authorizer on the OPTIONS methods it generates too (sam-property-api-apiauth.html;
 *   `swagger.py` `set_path_default_authorizer`), but preflights never carry credentials, so they are
 *   refused (401/403) without CORS headers: the preflight is not answered. `Auth.ApiKeyRequired: true`
 *   does the same to OPTIONS unless `AddApiKeyRequiredToCorsPreflight` is false (its default is true;
 *   aws/serverless-application-model#1786), and preflights carry no API key either.
 * - `GatewayResponses` (and `Globals.Api.GatewayResponses`), sam-property-api-gatewayresponse.html:
 *   `<Type>.ResponseParameters.Headers` maps header names to mapping values, the CORS headers on the
 *   errors API Gateway generates itself (cloud-common.ts `gatewayResponsePolicy`).
 * Plain CloudFormation resources in the template are read as aws-cloudformation.ts reads them.
 */
import type { CorsPolicy, HeaderList, Located, LocatedString, MaxAge, OriginMatcher, Tri } from '@corsguard/core';
import { appendToGroup, configHeaderList, configMaxAge, get, isMap, isScalar, isSeq } from '../document/access.js';
import type { DocNode, MapEntry, MapNode, ScalarNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { cloudFormationPolicies, GATEWAY_ANY_METHODS, httpApiCorsPolicy, lambdaUrlCorsPolicy, PASCAL_CORS_KEYS } from './aws-cloudformation.js';
import {
  apiKeyFromHeader,
  dedupePolicies,
  gatewayLiteral,
  gatewayResponseHeaders,
  gatewayResponsePolicy,
  headerValueOrigin,
  isDefaultRoutePath,
  isIntrinsic,
  isSamTemplate,
  literalMaxAge,
  markOpaque,
  opaquePolicy,
  present,
  templateResources,
  text,
  type TemplateResource,
} from './cloud-common.js';
import { openApiPolicies, openApiRoutePreflight } from './openapi.js';
import { conditionReadings } from './template-conditions.js';

/**
 * SAM's Globals merge: maps key by key (the resource wins), lists concatenated, anything else replaced.
 * Each pair of nodes is merged once (`done`): with YAML aliases the same pair recurs on every path of
 * a fan-out, and merging it again per path would cost the fan-out's expansion.
 */
function mergeGlobal(global: DocNode | undefined, local: DocNode | undefined, done = new Map<DocNode, Map<DocNode, DocNode>>()): DocNode | undefined {
  if (local === undefined) return global;
  if (global === undefined) return local;
  const known = done.get(global)?.get(local);
  if (known !== undefined) return known;
  let result = local;
  if (global.type === 'map' && local.type === 'map' && !isIntrinsic(global) && !isIntrinsic(local)) {
    const localKeys = new Set(local.entries.map((entry) => String(entry.key.value)));
    const inherited = global.entries.filter((entry) => !localKeys.has(String(entry.key.value)));
    const merged: MapEntry[] = local.entries.map((entry) => ({
      key: entry.key,
      value: mergeGlobal(get(global, String(entry.key.value)), entry.value, done) ?? entry.value,
    }));
    result = { type: 'map', entries: [...inherited, ...merged], loc: local.loc };
  } else if (global.type === 'seq' && local.type === 'seq') {
    result = { type: 'seq', items: [...global.items, ...local.items], loc: local.loc };
  }
  done.set(global, (done.get(global) ?? new Map<DocNode, DocNode>()).set(local, result));
  return result;
}

/** An API Gateway mapping value read as the header text it sends; anything but a `'…'` literal is unknown. */
function literalList(node: DocNode): HeaderList {
  const literal = gatewayLiteral(node);
  return literal === undefined ? { kind: 'unknown', loc: node.loc } : configHeaderList(literal);
}

function literalOrigin(node: DocNode): OriginMatcher {
  const literal = gatewayLiteral(node);
  return literal === undefined ? { kind: 'unknown', loc: node.loc } : headerValueOrigin(String(literal.value), literal.loc);
}

function literalAge(node: DocNode): MaxAge {
  if (isScalar(node) && typeof node.value === 'number') return configMaxAge(node, 'seconds');
  const literal = gatewayLiteral(node);
  return literal === undefined ? { kind: 'unknown', loc: node.loc } : literalMaxAge(literal);
}

/** `_options_method_response_for_cors` sends Allow-Credentials only for the boolean `true`. */
function samCredentials(node: DocNode | undefined, blockLoc: DocNode['loc']): Located<Tri> {
  if (node === undefined) return { value: false, loc: blockLoc };
  if (node.type === 'dynamic') return { value: 'unknown', loc: node.loc };
  return { value: isScalar(node) && node.value === true, loc: node.loc };
}

/** The policy of an `AWS::Serverless::Api` `Cors` value (string shorthand, object, or intrinsic). */
function restApiCorsPolicy(cors: DocNode, source: string): CorsPolicy {
  // `!If [Cond, { AllowOrigin: …, AllowCredentials: true }, "'*'"]` may be either form: all unknown.
  if (cors.type === 'dynamic') return { ...opaquePolicy(cors, source), allowMethods: { kind: 'unknown', loc: cors.loc } };
  const block = cors;
  const isObject = isMap(cors);
  const originNode = isObject ? present(get(cors, 'AllowOrigin')) : cors;
  const policy: CorsPolicy = {
    loc: block.loc,
    source,
    origins: [originNode === undefined ? { kind: 'any', loc: block.loc } : literalOrigin(originNode)],
    credentials: samCredentials(isObject ? present(get(cors, 'AllowCredentials')) : undefined, block.loc),
    // Without AllowMethods SAM lists the path's own methods, which this template may not show.
    allowMethods: { kind: 'unknown', loc: block.loc },
    vary: { value: 'unknown', loc: block.loc },
    preflight: { handling: 'answered', loc: block.loc },
  };
  if (!isObject) return policy;
  const methods = present(get(cors, 'AllowMethods'));
  const headers = present(get(cors, 'AllowHeaders'));
  const maxAge = present(get(cors, 'MaxAge'));
  if (methods) policy.allowMethods = literalList(methods);
  if (headers) policy.allowHeaders = literalList(headers);
  if (maxAge) policy.maxAge = literalAge(maxAge);
  return policy;
}

/** The policy of an `AWS::Serverless::HttpApi` `CorsConfiguration`, or none when it is `false`. */
function httpApiConfigurationPolicy(configuration: DocNode, source: string): CorsPolicy | undefined {
  if (isScalar(configuration)) {
    if (configuration.value !== true) return undefined;
    const loc = configuration.loc;
    return {
      loc,
      source,
      origins: [{ kind: 'any', loc }],
      credentials: { value: false, loc },
      vary: { value: 'unknown', loc },
      preflight: { handling: 'answered', loc },
    };
  }
  return httpApiCorsPolicy(configuration, PASCAL_CORS_KEYS, source);
}

/**
 * The readings of an `AWS::Serverless::Api` `Cors` (see template-conditions.ts), read by SAM before
 * CloudFormation removes an `AWS::NoValue`, which so stays unknown. SAM takes a `Cors`
 * that is itself an intrinsic function as the AllowOrigin value (`_add_cors` in
 * samtranslator/model/api/api_generator.py: `CorsProperties(AllowOrigin=self.cors)`), so an arm of
 * such an `Fn::If` is read as the string shorthand, and an arm written in the object form, which never
 * reaches API Gateway as one, stays unknown.
 */
function restCorsReadings(cors: DocNode, resource: DocNode | undefined, conditions: DocNode | undefined): DocNode[] {
  const readings = conditionReadings(cors, resource, 'unknown', conditions);
  return cors.type === 'dynamic' ? readings.map((reading) => (isScalar(reading) ? reading : cors)) : readings;
}

/**
 * The readings of an `AWS::Serverless::HttpApi` `CorsConfiguration`, read by SAM like a `Cors`. SAM
 * takes one that is itself an intrinsic function as the AllowOrigins list (`_add_cors` in
 * samtranslator/model/api/http_api_generator.py: `CorsProperties(AllowOrigins=self.cors_configuration)`),
 * so a list arm of such an `Fn::If` is read as the allowed origins, and any other arm stays unknown.
 */
function httpCorsReadings(configuration: DocNode, resource: DocNode | undefined, conditions: DocNode | undefined): DocNode[] {
  const readings = conditionReadings(configuration, resource, 'unknown', conditions);
  if (configuration.type !== 'dynamic') return readings;
  return readings.map((reading) => {
    if (!isSeq(reading)) return configuration;
    const key: ScalarNode = { type: 'scalar', value: 'AllowOrigins', text: 'AllowOrigins', loc: reading.loc };
    return { type: 'map', entries: [{ key, value: reading }], loc: reading.loc } satisfies MapNode;
  });
}

/** The logical id a `!Ref Id` / `{ "Ref": "Id" }` names. */
function refTarget(node: DocNode | undefined): string | undefined {
  if (node?.type !== 'dynamic') return undefined;
  if (node.tag === '!Ref') return text(node.inner);
  if (node.tag === 'Ref') return text(get(node.inner, 'Ref'));
  return undefined;
}

const IMPLICIT_REST_API = 'ServerlessRestApi';

/** One `Api` event of a function: the method it serves (when written) and its own `Auth`. */
interface RestApiEvent {
  methodNode: DocNode | undefined;
  auth: DocNode | undefined;
}

/** The functions' `Api` events, by the logical id of their REST API. */
function restApiEvents(functions: TemplateResource[]): Map<string, RestApiEvent[]> {
  const byApi = new Map<string, RestApiEvent[]>();
  for (const fn of functions) {
    const events = get(fn.properties, 'Events');
    if (!isMap(events)) continue;
    for (const event of events.entries) {
      if (text(get(event.value, 'Type')) !== 'Api') continue;
      const properties = get(event.value, 'Properties');
      const apiNode = get(properties, 'RestApiId');
      const api = apiNode === undefined ? IMPLICIT_REST_API : refTarget(apiNode);
      if (api === undefined) continue;
      appendToGroup(byApi, api, { methodNode: get(properties, 'Method'), auth: present(get(properties, 'Auth')) });
    }
  }
  return byApi;
}

/** The methods an API's events serve (`ANY` as every method), at each event's `Method`. */
function servedMethods(events: readonly RestApiEvent[]): LocatedString[] {
  return events.flatMap(({ methodNode }) => {
    const method = text(methodNode)?.toUpperCase();
    if (methodNode === undefined || method === undefined) return [];
    return (method === 'ANY' ? GATEWAY_ANY_METHODS : [method]).map((value) => ({ value, loc: methodNode.loc }));
  });
}

/**
 * Whether some route of the API keeps an API-wide `Auth` setting, so its callers must meet it: no event
 * is known (the routes are in a `DefinitionBody`), or some event does not override `key`.
 */
function someRouteKeeps(events: readonly RestApiEvent[] | undefined, key: string): boolean {
  return events === undefined || events.some(({ auth }) => get(auth, key) === undefined);
}

/**
 * Whether SAM puts the API key requirement or the default authorizer on the OPTIONS methods it
 * generates, which turns every preflight away; undefined when it does not (neither is set, the
 * authorizer is `NONE`, or the matching AddXToCorsPreflight flag is false).
 */
function preflightBehindAuthorizer(auth: DocNode | undefined, id: string): CorsPolicy['preflight'] | undefined {
  const apiKey = present(get(auth, 'ApiKeyRequired'));
  const apiKeyFlag = present(get(auth, 'AddApiKeyRequiredToCorsPreflight'));
  if (isScalar(apiKey) && apiKey.value === true && !(isScalar(apiKeyFlag) && apiKeyFlag.value === false)) {
    if (apiKeyFlag?.type === 'dynamic') return { handling: 'unknown', loc: apiKey.loc };
    return { handling: 'refused-before-cors', target: id, refusedBy: 'the API key requirement (Auth.ApiKeyRequired) that SAM also puts on the OPTIONS methods it generates', loc: apiKey.loc };
  }
  const authorizer = present(get(auth, 'DefaultAuthorizer'));
  const flag = present(get(auth, 'AddDefaultAuthorizerToCorsPreflight'));
  if (authorizer === undefined || (isScalar(flag) && flag.value === false) || text(authorizer) === 'NONE') return undefined;
  const name = text(authorizer);
  if (name === undefined || flag?.type === 'dynamic') return { handling: 'unknown', loc: authorizer.loc };
  return { handling: 'refused-before-cors', target: id, refusedBy: `the default authorizer ${name} that SAM also puts on the OPTIONS methods it generates`, loc: authorizer.loc };
}

/**
 * The `X-API-Key` header an API-wide `Auth.ApiKeyRequired` makes every caller send, unless the API's
 * `ApiKeySourceType` is `AUTHORIZER` (a Lambda authorizer supplies the key) or cannot be read.
 */
function apiKeyHeader(auth: DocNode | undefined, keySource: DocNode | undefined): LocatedString | undefined {
  const required = present(get(auth, 'ApiKeyRequired'));
  if (!isScalar(required) || required.value !== true) return undefined;
  return apiKeyFromHeader(keySource) ? { value: 'X-API-Key', loc: required.loc } : undefined;
}

/**
 * The headers an API's `Auth.DefaultAuthorizer` makes every caller send: a SigV4 `Authorization`
 * (`AWS_IAM`), a Cognito or Lambda TOKEN authorizer's `Identity.Header` (default `Authorization`), or
 * a Lambda REQUEST authorizer's `Identity.Headers` (SAM ApiAuth, CognitoAuthorizer,
 * LambdaTokenAuthorizer and LambdaRequestAuthorizer references). None when it cannot be read.
 */
function defaultAuthorizerHeaders(auth: DocNode | undefined): LocatedString[] {
  const nameNode = present(get(auth, 'DefaultAuthorizer'));
  const name = text(nameNode);
  if (nameNode === undefined || name === undefined || name === 'NONE') return [];
  if (name === 'AWS_IAM') return [{ value: 'Authorization', loc: nameNode.loc }];
  const authorizer = present(get(get(auth, 'Authorizers'), name));
  if (!isMap(authorizer)) return [];
  const identity = present(get(authorizer, 'Identity'));
  const lambda = get(authorizer, 'FunctionArn') !== undefined;
  if (!lambda && get(authorizer, 'UserPoolArn') === undefined) return [];
  if (lambda && text(get(authorizer, 'FunctionPayloadType'))?.toUpperCase() === 'REQUEST') {
    const headers = present(get(identity, 'Headers'));
    const names = isSeq(headers) ? headers.items.map(text) : [];
    if (names.includes(undefined)) return [];
    return names.flatMap((value) => (value === undefined ? [] : [{ value, loc: nameNode.loc }]));
  }
  const header = present(get(identity, 'Header'));
  const value = header === undefined ? 'Authorization' : text(header);
  return value === undefined ? [] : [{ value, loc: nameNode.loc }];
}

const IMPLICIT_HTTP_API = 'ServerlessHttpApi';

/** One `HttpApi` event of a function: the API it joins, its path and method, and its own `Auth`. */
interface HttpApiEvent {
  api: string;
  path: string;
  method: string;
  pathNode: DocNode;
  auth: DocNode | undefined;
}

/** SAM's spellings of the method that matches every request method. */
const ANY_METHOD = /^(?:ANY|X-AMAZON-APIGATEWAY-ANY-METHOD)$/;

function httpApiEvents(functions: TemplateResource[]): HttpApiEvent[] {
  const found: HttpApiEvent[] = [];
  for (const fn of functions) {
    const events = get(fn.properties, 'Events');
    if (!isMap(events)) continue;
    for (const event of events.entries) {
      if (text(get(event.value, 'Type')) !== 'HttpApi') continue;
      const properties = get(event.value, 'Properties');
      const pathNode = get(properties, 'Path');
      const methodNode = get(properties, 'Method');
      const apiNode = get(properties, 'ApiId');
      const api = apiNode === undefined ? IMPLICIT_HTTP_API : refTarget(apiNode);
      if (api === undefined) continue;
      const auth = present(get(properties, 'Auth'));
      // An event with neither Path nor Method is the `$default` route for every method
      // (samtranslator/plugins/api/implicit_http_api_plugin.py `_process_api_events`).
      if (pathNode === undefined && methodNode === undefined) found.push({ api, path: '$default', method: 'ANY', pathNode: event.key, auth });
      else if (pathNode !== undefined) found.push({ api, path: text(pathNode) ?? '', method: text(methodNode)?.toUpperCase() ?? '', pathNode, auth });
    }
  }
  return found;
}

/**
 * The preflight of an HTTP API whose `$default` route (a function event with `Path: /$default`, or with
 * neither Path nor Method), or an `ANY` route, requires authorization. The `$default` route catches
 * every request no other route matches, OPTIONS included, so a preflight reaches the authorizer, which
 * refuses it (API Gateway Developer Guide, http-api-cors.html, "Configuring CORS for an HTTP API with a
 * $default route and an authorizer"); an `ANY` route matches OPTIONS on its path the same way
 * (anomalyco/sst#5493). The event's `Auth.Authorizer` wins over the API's `Auth.DefaultAuthorizer`
 * (sam-property-httpapi-httpapiauth.html); `AWS_IAM`, a JWT authorizer (`JwtConfiguration`) and a
 * Lambda authorizer with `Identity` sources refuse preflights. Undefined when no such route exists, an
 * OPTIONS route is declared, or the authorizer may let preflights through.
 */
function httpApiGuardedRoutePreflight(
  id: string,
  auth: DocNode | undefined,
  events: HttpApiEvent[],
): { preflight: CorsPolicy['preflight']; served: LocatedString[] } | undefined {
  const own = events.filter((event) => event.api === id);
  const options = own.filter((event) => event.method === 'OPTIONS');
  if (options.length > 0) {
    // An OPTIONS route takes the preflights of its path unless the authorizer guards it too (the
    // API's DefaultAuthorizer reaches it unless its event says `Authorizer: NONE`).
    const verdicts = options.map((route) => routePreflight(id, route, auth));
    if (verdicts.some((verdict) => verdict === undefined)) return undefined;
    const refused = verdicts.find((verdict) => verdict?.handling === 'refused-before-cors');
    if (refused === undefined) return verdicts[0] === undefined ? undefined : { preflight: verdicts[0], served: [] };
    const served = own.flatMap((event) => (ANY_METHOD.test(event.method) || isDefaultRoutePath(event.path) ? GATEWAY_ANY_METHODS : [event.method]));
    const loc = options[0]?.pathNode.loc ?? refused.loc;
    return { preflight: refused, served: [...new Set(served)].filter((method) => method !== 'OPTIONS' && method !== '').map((value) => ({ value, loc })) };
  }
  const catchAll = own.filter((event) => isDefaultRoutePath(event.path));
  const anyMethod = own.filter((event) => !isDefaultRoutePath(event.path) && ANY_METHOD.test(event.method));
  for (const route of [...catchAll, ...anyMethod]) {
    const preflight = routePreflight(id, route, auth);
    if (preflight === undefined) continue;
    // The route serves every method, blamed on its Path.
    const served = preflight.handling === 'refused-before-cors' ? GATEWAY_ANY_METHODS.map((value) => ({ value, loc: route.pathNode.loc })) : [];
    return { preflight, served };
  }
  return undefined;
}

/** The preflight one route that receives OPTIONS leaves: refused when its authorizer needs credentials. */
function routePreflight(id: string, route: HttpApiEvent, auth: DocNode | undefined): CorsPolicy['preflight'] | undefined {
  const chosen = present(get(route.auth, 'Authorizer')) ?? present(get(auth, 'DefaultAuthorizer'));
  if (chosen === undefined) return undefined;
  const name = text(chosen);
  if (name === undefined) return { handling: 'unknown', loc: chosen.loc };
  if (name === 'NONE') return undefined;
  const defaultRoute = isDefaultRoutePath(route.path);
  // A Path that is not plain text (an intrinsic function) leaves the route's path unnamed.
  const path = defaultRoute || route.path === '' ? '' : ` ${route.path}`;
  const which = defaultRoute ? 'the $default route' : `the ${route.method === 'OPTIONS' ? 'OPTIONS' : 'ANY'}${path} route`;
  const receives = route.method === 'OPTIONS' ? '' : ' (which also receives the preflights)';
  const refused: CorsPolicy['preflight'] = {
    handling: 'refused-before-cors',
    target: `${id}${path}`,
    refusedBy: `the ${name} authorizer of ${which}${receives}`,
    loc: chosen.loc,
  };
  if (name === 'AWS_IAM') return refused;
  const authorizer = get(get(auth, 'Authorizers'), name);
  if (!isMap(authorizer)) return { handling: 'unknown', loc: chosen.loc };
  if (get(authorizer, 'JwtConfiguration') !== undefined) return refused;
  const identity = present(get(authorizer, 'Identity'));
  if (identity === undefined) return undefined;
  if (!isMap(identity)) return { handling: 'unknown', loc: chosen.loc };
  // Every Identity key but the cache setting names a request value the authorizer needs.
  const sources = identity.entries.filter((entry) => String(entry.key.value) !== 'ReauthorizeEvery');
  return sources.length > 0 ? refused : undefined;
}

interface ImplicitApis {
  rest: boolean;
  http: boolean;
}

/** Whether functions' `Api` / `HttpApi` events without an explicit API create SAM's implicit ones. */
function implicitApis(functions: TemplateResource[]): ImplicitApis {
  const found: ImplicitApis = { rest: false, http: false };
  for (const fn of functions) {
    const events = get(fn.properties, 'Events');
    if (!isMap(events)) continue;
    for (const event of events.entries) {
      const type = text(get(event.value, 'Type'));
      const properties = get(event.value, 'Properties');
      if (type === 'Api' && get(properties, 'RestApiId') === undefined) found.rest = true;
      if (type === 'HttpApi' && get(properties, 'ApiId') === undefined) found.http = true;
    }
  }
  return found;
}

/** The CORS headers of an API's `GatewayResponses` (`<Type>.ResponseParameters.Headers`, values as mapping literals). */
function samGatewayResponsePolicies(responses: DocNode | undefined, source: string): CorsPolicy[] {
  if (!isMap(responses)) return [];
  return responses.entries.flatMap((response) => {
    const headers = gatewayResponseHeaders(get(get(response.value, 'ResponseParameters'), 'Headers'), false);
    const policy = gatewayResponsePolicy(headers, response.value, `${source} GatewayResponses ${String(response.key.value)}`);
    return policy === undefined ? [] : [policy];
  });
}

function samPolicies(root: DocNode): CorsPolicy[] {
  const conditions = get(root, 'Conditions');
  const rawGlobals = get(root, 'Globals');
  const globals = rawGlobals === undefined ? undefined : markOpaque(rawGlobals);
  const globalApiCors = present(get(get(globals, 'Api'), 'Cors'));
  const globalHttpCors = present(get(get(globals, 'HttpApi'), 'CorsConfiguration'));
  const globalHttpAuth = present(get(get(globals, 'HttpApi'), 'Auth'));
  const globalUrlConfig = present(get(get(globals, 'Function'), 'FunctionUrlConfig'));
  const globalAuth = present(get(get(globals, 'Api'), 'Auth'));
  const globalGatewayResponses = present(get(get(globals, 'Api'), 'GatewayResponses'));
  const resources = templateResources(root);
  const functions = resources.filter((resource) => resource.type === 'AWS::Serverless::Function');
  const implicit = implicitApis(functions);
  const eventsByApi = restApiEvents(functions);
  const httpEvents = httpApiEvents(functions);
  const httpPolicy = (policy: CorsPolicy, auth: DocNode | undefined, id: string): CorsPolicy => {
    const guarded = httpApiGuardedRoutePreflight(id, auth, httpEvents);
    if (guarded === undefined) return policy;
    return { ...policy, preflight: guarded.preflight, ...(guarded.served.length > 0 ? { servedMethods: guarded.served } : {}) };
  };
  const restPolicy = (cors: DocNode, auth: DocNode | undefined, api: DocNode | undefined, id: string, source: string): CorsPolicy => {
    const policy = restApiCorsPolicy(cors, source);
    const events = eventsByApi.get(id);
    const methods = servedMethods(events ?? []);
    if (methods.length > 0) policy.servedMethods = methods;
    const guarded = preflightBehindAuthorizer(auth, id);
    if (guarded !== undefined) policy.preflight = guarded;
    // An event's own `Auth` (`ApiKeyRequired: false`, `Authorizer: NONE` or another one) replaces the API's for its route.
    const apiKey = someRouteKeeps(events, 'ApiKeyRequired')
      ? apiKeyHeader(auth, mergeGlobal(present(get(get(globals, 'Api'), 'ApiKeySourceType')), present(get(api, 'ApiKeySourceType'))))
      : undefined;
    const required = [...(apiKey === undefined ? [] : [apiKey]), ...(someRouteKeeps(events, 'Authorizer') ? defaultAuthorizerHeaders(auth) : [])];
    if (required.length > 0) policy.requiredRequestHeaders = required;
    return policy;
  };
  const policies: CorsPolicy[] = [];

  for (const resource of resources) {
    const name = `${resource.type} ${resource.id}`;
    const body = get(get(resource.node, 'Properties'), 'DefinitionBody');
    if (resource.type === 'AWS::Serverless::Api') {
      const cors = present(mergeGlobal(globalApiCors, present(get(resource.properties, 'Cors'))));
      const auth = mergeGlobal(globalAuth, present(get(resource.properties, 'Auth')));
      if (cors !== undefined) policies.push(...restCorsReadings(cors, resource.node, conditions).map((reading) => restPolicy(reading, auth, resource.properties, resource.id, name)));
      const gatewayResponses = mergeGlobal(globalGatewayResponses, present(get(resource.properties, 'GatewayResponses')));
      policies.push(...samGatewayResponsePolicies(gatewayResponses, name));
      // SAM adds an OPTIONS method to every path only when Cors is set.
      if (isMap(body)) policies.push(...openApiPolicies(markOpaque(body), name, { restPreflight: cors === undefined, restApi: true }));
    } else if (resource.type === 'AWS::Serverless::HttpApi') {
      const cors = present(mergeGlobal(globalHttpCors, present(get(resource.properties, 'CorsConfiguration'))));
      const readings = cors === undefined ? [] : httpCorsReadings(cors, resource.node, conditions).flatMap((reading) => httpApiConfigurationPolicy(reading, name) ?? []);
      const auth = mergeGlobal(globalHttpAuth, present(get(resource.properties, 'Auth')));
      for (const policy of readings) {
        // Routes come from function events or from the OpenAPI DefinitionBody.
        const guarded = httpPolicy(policy, auth, resource.id);
        const bodyGuard = guarded === policy && isMap(body) ? openApiRoutePreflight(markOpaque(body)) : undefined;
        policies.push(bodyGuard === undefined ? guarded : { ...policy, preflight: bodyGuard.preflight, ...(bodyGuard.served.length > 0 ? { servedMethods: bodyGuard.served } : {}) });
      }
      if (readings.length === 0 && isMap(body)) policies.push(...openApiPolicies(markOpaque(body), name, { restPreflight: false }));
    } else if (resource.type === 'AWS::Serverless::Function') {
      const urlConfig = mergeGlobal(globalUrlConfig, present(get(resource.properties, 'FunctionUrlConfig')));
      const cors = present(get(urlConfig, 'Cors'));
      if (cors !== undefined) policies.push(...conditionReadings(cors, resource.node, 'remove', conditions).map((reading) => lambdaUrlCorsPolicy(reading, PASCAL_CORS_KEYS, `${name} FunctionUrlConfig`)));
    }
  }
  if (implicit.rest && globalApiCors !== undefined) {
    for (const reading of restCorsReadings(globalApiCors, undefined, conditions)) {
      policies.push(restPolicy(reading, globalAuth, undefined, IMPLICIT_REST_API, 'AWS::Serverless::Api ServerlessRestApi (implicit, Globals.Api.Cors)'));
    }
  }
  if (implicit.rest) {
    policies.push(...samGatewayResponsePolicies(globalGatewayResponses, 'AWS::Serverless::Api ServerlessRestApi (implicit, Globals.Api)'));
  }
  if (implicit.http && globalHttpCors !== undefined) {
    for (const reading of httpCorsReadings(globalHttpCors, undefined, conditions)) {
      const policy = httpApiConfigurationPolicy(reading, 'AWS::Serverless::HttpApi ServerlessHttpApi (implicit, Globals.HttpApi.CorsConfiguration)');
      if (policy !== undefined) policies.push(httpPolicy(policy, globalHttpAuth, IMPLICIT_HTTP_API));
    }
  }
  return policies;
}

export const awsSam: Adapter = {
  name: 'aws-sam',
  description: 'AWS SAM templates: Serverless::Api Cors, Serverless::HttpApi CorsConfiguration, FunctionUrlConfig.Cors, Globals, and their plain CloudFormation resources',
  detect: isSamTemplate,
  extract: (doc) => dedupePolicies([...cloudFormationPolicies(doc.root), ...samPolicies(doc.root)]),
};
