/**
 * Serverless Framework service files (`serverless.yml`, `.yaml`, `.json`) for the AWS provider.
 * References: Serverless Framework docs (providers/aws/events/apigateway "Enabling CORS",
 * providers/aws/events/http-api "CORS Setup") and its source, serverless/serverless:
 *
 * - REST `http` events, `lib/plugins/aws/package/compile/events/api-gateway/lib/validate.js`
 *   (`getCors`, the per-path merge in `validate`) and `.../lib/cors.js` (`compileCors`):
 *   `cors: true` means origin `*`, methods OPTIONS plus the event's method, headers Content-Type,
 *   X-Amz-Date, Authorization, X-Api-Key, X-Amz-Security-Token, X-Amz-User-Agent, X-Amzn-Trace-Id, and
 *   allowCredentials false; an object overrides `origin`/`origins`, `headers`, `methods` (OPTIONS and
 *   the event's method are always added), `allowCredentials`, `maxAge` (no header when 0 or absent).
 *   Events on the same path merge: headers, methods and origins are unioned, allowCredentials is true
 *   if any event sets it, the last origin and maxAge win. The framework answers preflights with a MOCK
 *   OPTIONS method: with one `origin` its text is sent verbatim (a comma list is split into origins);
 *   with several origins the first is the static value and a response template echoes the request
 *   origin when it fully matches one of them, `.` escaped and the first `*` turned into `.+`. The real
 *   responses come from the Lambda proxy, so Vary is unknown.
 * - HTTP API, `provider.httpApi.cors`, `lib/plugins/aws/package/compile/events/http-api.js`
 *   (`defaultCors`, `resolveConfiguration`, `compileApi`): `true` means allowedOrigins `*`, the default
 *   headers above, methods OPTIONS plus every route's method, no credentials; an object sets
 *   allowedOrigins, allowedHeaders, allowedMethods, allowCredentials, exposedResponseHeaders, maxAge.
 *   It compiles to `AWS::ApiGatewayV2::Api` CorsConfiguration (semantics in aws-cloudformation.ts), and
 *   only when the service has `httpApi` events.
 * - Lambda function URLs, `functions.<fn>.url.cors`: see `functionUrlPolicies`.
 * - `resources.Resources` (or a list of such fragments): plain CloudFormation that the framework merges
 *   into its template (docs: guides/resources), read as aws-cloudformation.ts reads a template.
 * Variables (`${env:…}`, `${opt:…}`, `${ssm:…}`, `${file(…)}`, …) are unknown; `${self:path}` is read
 * from this file when it resolves here.
 */
import type { CorsPolicy, HeaderList, Located, LocatedString, OriginMatcher, SourceLocation, Tri } from '@corsguard/core';
import { appendToGroup, configMaxAge, get, isMap, isScalar, isSeq, listEntries, splitCommaList, type ListEntry } from '../document/access.js';
import type { ConfigDocument, DocNode, MapEntry, MapNode, ScalarNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { cloudFormationPolicies, httpApiCorsPolicy, lambdaUrlCorsPolicy, type CorsKeyNames } from './aws-cloudformation.js';
import { allowlistOrigin, apiKeyFromHeader, dedupePolicies, dynamic, fileName, headerValueOrigin, identitySourceHeaders, opaquePolicy, present, rewriteOpaque, text } from './cloud-common.js';

/** `getCors` / `defaultCors` headers of serverless@4 (v3 lacks X-Amzn-Trace-Id). */
const DEFAULT_HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent', 'X-Amzn-Trace-Id'];
/** `compileCors` replaces ANY with these in Allow-Methods. */
const REST_ANY_METHODS = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];
/** `http-api.js` `allowedMethods` without ANY: what an ANY or `*` route adds to Allow-Methods. */
const HTTP_API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'OPTIONS', 'HEAD', 'DELETE'];

const VARIABLE = /\$\{/;
/** A `${self:…}` reference with no variable inside it. */
const INNERMOST_SELF_VARIABLE = /\$\{self:([^\s,{}$]+)(?:\s*,[^{}$]*)?\}/;
const MAX_NESTED_VARIABLE_DEPTH = 8;
const WHOLE_SELF_VARIABLE = /^\$\{self:([^\s,}]+)(?:\s*,[^}]*)?\}$/;

/**
 * Resolves Serverless variables in the subtrees an adapter reads: a value that is exactly one
 * `${self:a.b}` becomes the node it names; text made of `${self:…}` references to scalars is filled
 * in; every other variable is unknown. Each referenced node is resolved once (so references that fan
 * out cannot multiply the work), and a reference cycle is unknown.
 */
class VariableResolver {
  private readonly resolved = new Map<DocNode, DocNode>();
  private readonly resolving = new Set<DocNode>();

  constructor(private readonly root: DocNode) {}

  resolve(node: DocNode): DocNode {
    const done = this.resolved.get(node);
    if (done !== undefined) return done;
    if (this.resolving.has(node)) return node.type === 'dynamic' ? node : dynamic(node, 'serverless-variable');
    this.resolving.add(node);
    const result = rewriteOpaque(node, (scalar) => {
      if (typeof scalar.value !== 'string' || !VARIABLE.test(scalar.value)) return undefined;
      return this.resolveScalar(scalar) ?? dynamic(scalar, 'serverless-variable');
    });
    this.resolving.delete(node);
    this.resolved.set(node, result);
    return result;
  }

  private target(path: string): DocNode | undefined {
    let current: DocNode | undefined = this.root;
    for (const step of path.split('.')) current = isSeq(current) && /^\d+$/.test(step) ? current.items[Number(step)] : get(current, step);
    return current === undefined ? undefined : this.resolve(current);
  }

  private resolveScalar(scalar: ScalarNode): DocNode | undefined {
    let value = String(scalar.value);
    // Nested references resolve from the inside out (`${self:custom.cors.${self:provider.stage}}`), as the
    // framework's variable resolver does; each pass replaces the innermost ones, so nesting bounds the passes.
    for (let pass = 0; pass < MAX_NESTED_VARIABLE_DEPTH; pass += 1) {
      const whole = WHOLE_SELF_VARIABLE.exec(value);
      if (whole !== null) {
        const target = this.target(whole[1] ?? '');
        return target?.type === 'dynamic' ? undefined : target;
      }
      if (!INNERMOST_SELF_VARIABLE.test(value)) break;
      let unresolved = false;
      value = value.replace(new RegExp(INNERMOST_SELF_VARIABLE.source, 'g'), (_match, path: string) => {
        const target = this.target(path);
        if (!isScalar(target) || target.value === null) {
          unresolved = true;
          return '';
        }
        return String(target.value);
      });
      if (unresolved) return undefined;
    }
    if (VARIABLE.test(value)) return undefined;
    return { type: 'scalar', value, text: scalar.text, loc: scalar.loc };
  }
}

/** JavaScript truthiness of a YAML value, as `if (config.allowCredentials)` sees it. */
function truthy(node: DocNode | undefined, fallbackLoc: SourceLocation): Located<Tri> {
  if (node === undefined) return { value: false, loc: fallbackLoc };
  if (node.type === 'dynamic') return { value: 'unknown', loc: node.loc };
  if (node.type !== 'scalar') return { value: true, loc: node.loc };
  return { value: Boolean(node.value), loc: node.loc };
}

function located(values: readonly string[], loc: SourceLocation): LocatedString[] {
  return values.map((value) => ({ value, loc }));
}

/** One `http` or `httpApi` event: its path, method (uppercase) and the node that set the method. */
interface Route {
  path: string;
  method: string;
  methodLoc: SourceLocation;
  cors: DocNode | undefined;
  authorizer: DocNode | undefined;
  /** A REST event's `private: true`, which requires an API key. */
  apiKey?: DocNode;
}

/** `http: GET /items` or `http: { method, path, cors }`; `httpApi: '*'` is every method on every path. */
function readRoute(event: DocNode): Route | undefined {
  if (isScalar(event)) {
    const value = String(event.value ?? '').trim();
    if (value === '*') return { path: '*', method: 'ANY', methodLoc: event.loc, cors: undefined, authorizer: undefined };
    const [method, path] = value.split(/\s+/);
    if (method === undefined || path === undefined) return undefined;
    return { path, method: method.toUpperCase(), methodLoc: event.loc, cors: undefined, authorizer: undefined };
  }
  if (!isMap(event)) return undefined;
  const methodNode = get(event, 'method');
  const path = text(get(event, 'path')) ?? '';
  const method = (text(methodNode) ?? (path === '*' ? 'ANY' : '')).toUpperCase();
  return {
    path,
    method: method === '*' ? 'ANY' : method,
    methodLoc: (methodNode ?? event).loc,
    cors: present(get(event, 'cors')),
    authorizer: present(get(event, 'authorizer')),
    apiKey: present(get(event, 'private')),
  };
}

/**
 * The `name: definition` entries of `functions`: a mapping, or the list of mappings older services
 * and `${file()}` fragments spell it as.
 */
function functionEntries(root: DocNode): MapEntry[] {
  const functions = get(root, 'functions');
  if (isMap(functions)) return functions.entries;
  return isSeq(functions) ? functions.items.flatMap((item) => (isMap(item) ? item.entries : [])) : [];
}

/**
 * Whether some function, event list or event is a variable the framework fills in from another file
 * (`functions: [${file(users.yml)}]`, `hello: ${file(fn.yml):hello}`, `events: ${file(events.yml)}`):
 * then the routes read here are not all the service has.
 */
function hasUnreadableEvents(root: DocNode): boolean {
  const functions = present(get(root, 'functions'));
  if (functions === undefined) return false;
  if (!isMap(functions) && !isSeq(functions)) return true;
  const items = isSeq(functions) ? functions.items : [functions];
  if (items.some((item) => !isMap(item))) return true;
  return functionEntries(root).some((entry) => {
    if (!isMap(entry.value)) return true;
    const list = present(get(entry.value, 'events'));
    if (list === undefined) return false;
    return !isSeq(list) || list.items.some((item) => !isMap(item));
  });
}

/** Every event of every function, with variables resolved. */
function events(root: DocNode, kind: 'http' | 'httpApi', variables: VariableResolver): Route[] {
  const definitions = functionEntries(root).map((entry) => entry.value);
  const routes: Route[] = [];
  for (const definition of definitions) {
    const list = get(definition, 'events');
    for (const item of isSeq(list) ? list.items : []) {
      const event = get(item, kind);
      if (event === undefined) continue;
      const route = readRoute(variables.resolve(event));
      if (route !== undefined) routes.push(route);
    }
  }
  return routes;
}

/** The per-path CORS configuration after Serverless merged every `http` event on that path. */
interface PathCors {
  path: string;
  block: DocNode;
  unknown: boolean;
  /** The last event's `origin`, or the default `*` blamed on the block that implied it. */
  origin: { node: DocNode | undefined; loc: SourceLocation };
  origins: ListEntry[];
  headers: LocatedString[];
  headersPartial: boolean;
  methods: LocatedString[];
  credentials: Located<Tri>;
  maxAge: DocNode | undefined;
  served: LocatedString[];
}

function addUnique(target: LocatedString[], items: LocatedString[]): void {
  for (const item of items) if (!target.some((existing) => existing.value === item.value)) target.push(item);
}

/** `getCors` for one event, merged into its path's accumulated configuration. */
function mergeEvent(merged: PathCors, route: Route, cors: DocNode): void {
  const routeMethods = route.method === 'ANY' ? ['ANY'] : [route.method];
  if (cors.type === 'dynamic') {
    merged.unknown = true;
    return;
  }
  if (!isMap(cors)) {
    merged.origin = { node: undefined, loc: cors.loc };
    addUnique(merged.methods, [{ value: 'OPTIONS', loc: cors.loc }, ...located(routeMethods, route.methodLoc)]);
    addUnique(merged.headers, located(DEFAULT_HEADERS, cors.loc));
    return;
  }
  const originsNode = present(get(cors, 'origins'));
  const originNode = present(get(cors, 'origin'));
  for (const entry of originsNode === undefined ? [] : listEntries(originsNode, false)) {
    if (entry.value === undefined || !merged.origins.some((existing) => existing.value === entry.value)) merged.origins.push(entry);
  }
  merged.origin = { node: originNode, loc: cors.loc };
  const methodsNode = present(get(cors, 'methods'));
  const methods = methodsNode === undefined ? [] : listEntries(methodsNode, false);
  addUnique(merged.methods, methods.filter((entry): entry is LocatedString => entry.value !== undefined));
  addUnique(merged.methods, [{ value: 'OPTIONS', loc: cors.loc }, ...located(routeMethods, route.methodLoc)]);
  const headersNode = present(get(cors, 'headers'));
  if (headersNode === undefined) addUnique(merged.headers, located(DEFAULT_HEADERS, cors.loc));
  else {
    const entries = listEntries(headersNode, false);
    if (entries.some((entry) => entry.value === undefined)) merged.headersPartial = true;
    addUnique(merged.headers, entries.filter((entry): entry is LocatedString => entry.value !== undefined));
  }
  const credentials = truthy(present(get(cors, 'allowCredentials')), cors.loc);
  if (credentials.value === true || (credentials.value === 'unknown' && merged.credentials.value === false)) merged.credentials = credentials;
  const maxAge = present(get(cors, 'maxAge'));
  if (maxAge !== undefined && !(isScalar(maxAge) && !maxAge.value)) merged.maxAge = maxAge;
}

/**
 * An origin the response template compares with `$origin.matches(…)`: `.` escaped and the first `*`
 * turned into `.+`, so a lone `*` echoes every origin and `https://*.a.com` matches any run of characters.
 */
function templateOrigin(entry: ListEntry): OriginMatcher {
  if (entry.value !== undefined && entry.value.trim() === '*') return { kind: 'reflect-any', loc: entry.loc };
  return allowlistOrigin(entry, 'glob');
}

function restOrigins(merged: PathCors): OriginMatcher[] {
  const { node, loc } = merged.origin;
  if (node !== undefined && node.type === 'dynamic') return [{ kind: 'unknown', loc: node.loc }];
  const originText = node === undefined ? '*' : text(node);
  if (node !== undefined && originText === undefined) return [{ kind: 'unknown', loc: node.loc }];
  if (isScalar(node) && originText !== undefined && originText.includes(',')) return splitCommaList(node).map(templateOrigin);
  if (merged.origins.length > 0) return merged.origins.map(templateOrigin);
  return [headerValueOrigin(originText ?? '*', node?.loc ?? loc)];
}

function restMethods(methods: LocatedString[]): LocatedString[] {
  return methods.flatMap((item) => (item.value === 'ANY' ? located(REST_ANY_METHODS, item.loc) : [item]));
}

function restPolicies(root: DocNode, variables: VariableResolver): CorsPolicy[] {
  const byPath = new Map<string, PathCors>();
  const routesByPath = new Map<string, Route[]>();
  for (const route of events(root, 'http', variables)) {
    const path = route.path.replace(/^\//, '').replace(/\/$/, '');
    appendToGroup(routesByPath, path, route);
    const cors = route.cors;
    if (cors === undefined || (isScalar(cors) && !cors.value)) continue;
    let merged = byPath.get(path);
    if (merged === undefined) {
      merged = {
        path,
        block: cors,
        unknown: false,
        origin: { node: undefined, loc: cors.loc },
        origins: [],
        headers: [],
        headersPartial: false,
        methods: [],
        credentials: { value: false, loc: cors.loc },
        maxAge: undefined,
        served: [],
      };
      byPath.set(path, merged);
    }
    merged.served.push(...located(route.method === 'ANY' ? REST_ANY_METHODS : [route.method], route.methodLoc));
    mergeEvent(merged, route, cors);
  }
  const apiKeySource = present(get(get(get(root, 'provider'), 'apiGateway'), 'apiKeySourceType'));
  return [...byPath.values()].map((merged) => {
    const loc = merged.block.loc;
    const source = `Serverless http /${merged.path}`;
    const routes = routesByPath.get(merged.path) ?? [];
    const ownOptions = routes.find((route) => route.method === 'OPTIONS');
    if (ownOptions !== undefined) return ownOptionsPolicy(merged, source, ownOptions, routes, apiKeySource, variables);
    if (merged.unknown) return { ...opaquePolicy(merged.block, source), servedMethods: merged.served };
    const policy: CorsPolicy = {
      loc,
      source,
      origins: restOrigins(merged),
      credentials: merged.credentials,
      allowMethods: { kind: 'list', items: restMethods(merged.methods), loc },
      allowHeaders: merged.headersPartial
        ? { kind: 'list', items: merged.headers, partial: true, loc }
        : { kind: 'list', items: merged.headers, loc },
      vary: { value: 'unknown', loc },
      preflight: { handling: 'answered', loc },
      servedMethods: merged.served,
    };
    if (merged.maxAge !== undefined) policy.maxAge = configMaxAge(merged.maxAge, 'seconds');
    return policy;
  });
}

/** The identity source `getAuthorizer` gives a Lambda or Cognito authorizer that names none. */
const DEFAULT_IDENTITY_SOURCE = 'method.request.header.Authorization';

interface AuthorizerDemand {
  what: string;
  /** The headers every caller must send, which a preflight never carries. */
  headers: string[];
}

/**
 * What the authorizer of a REST `http` event makes every caller send, as the framework's
 * api-gateway `validate.js` (`getAuthorizer`) reads it: `aws_iam` (a SigV4 Authorization header); a
 * function name or ARN (a TOKEN Lambda authorizer, or Cognito for a user pool ARN), or an object with
 * `name`/`arn`/`authorizerId`, whose `identitySource` defaults to method.request.header.Authorization
 * (not for `type: request` with `resultTtlInSeconds: 0`); `type: request` with only header identity
 * sources. Unknown when it cannot be read or reads more than headers.
 */
function restAuthorizerDemand(node: DocNode, variables: VariableResolver): AuthorizerDemand | 'unknown' {
  const authorizer = variables.resolve(node);
  if (isScalar(authorizer)) {
    const value = text(authorizer)?.trim();
    if (value === undefined || value === '') return 'unknown';
    if (value.toLowerCase() === 'aws_iam') return { what: 'AWS_IAM authorization', headers: ['Authorization'] };
    return { what: `the authorizer ${value}`, headers: ['Authorization'] };
  }
  if (!isMap(authorizer)) return 'unknown';
  const typeNode = present(get(authorizer, 'type'));
  const type = typeNode === undefined ? 'token' : text(typeNode)?.toLowerCase();
  if (type === 'aws_iam') return { what: 'AWS_IAM authorization', headers: ['Authorization'] };
  if (type !== 'token' && type !== 'request' && type !== 'cognito_user_pools') return 'unknown';
  const identityNode = present(get(authorizer, 'identitySource'));
  // A REQUEST authorizer with caching off (`resultTtlInSeconds: 0`) gets no default identity source and
  // runs on every request, preflights included.
  const ttl = present(get(authorizer, 'resultTtlInSeconds'));
  const uncached = ttl !== undefined && (!isScalar(ttl) || Number.parseInt(String(ttl.value), 10) === 0);
  if (identityNode === undefined && type === 'request' && uncached) return 'unknown';
  const identity = identityNode === undefined ? DEFAULT_IDENTITY_SOURCE : text(identityNode);
  if (identity === undefined) return 'unknown';
  const headers = identitySourceHeaders(identity);
  if (headers.length === 0 || headers.length !== identity.split(',').length) return 'unknown';
  const name = text(get(authorizer, 'name')) ?? text(get(authorizer, 'arn'));
  return { what: name === undefined ? `a ${type.toUpperCase()} authorizer` : `the authorizer ${name}`, headers };
}

/** Whether a REST event's `private: true` requires an API key callers send in the X-API-Key header. */
function requiresApiKeyHeader(route: Route, apiKeySource: DocNode | undefined): boolean {
  const apiKey = route.apiKey;
  return apiKey !== undefined && isScalar(apiKey) && apiKey.value === true && apiKeyFromHeader(apiKeySource);
}

/**
 * A path with an `http` event of its own for OPTIONS. `compileMethods` runs after `compileCors` and
 * `_.merge`s that event's method into the MOCK one under the same logical id (api-gateway/index.js
 * hook order, lib/method/index.js), so the event's function answers preflights, behind the event's
 * authorizer or API key, and the path's `cors` settings reach no response a Lambda proxy sends: what
 * browsers get is unknown. An authorizer or API key that needs what a preflight never carries refuses
 * the preflights, which the path's requests need for the headers its other events make callers send.
 */
function ownOptionsPolicy(
  merged: PathCors,
  source: string,
  options: Route,
  routes: Route[],
  apiKeySource: DocNode | undefined,
  variables: VariableResolver,
): CorsPolicy {
  const policy: CorsPolicy = { ...opaquePolicy(merged.block, source, 'unknown'), servedMethods: merged.served };
  policy.preflight = { handling: 'unknown', target: `/${merged.path}`, loc: options.methodLoc };
  const demand = options.authorizer === undefined ? undefined : restAuthorizerDemand(options.authorizer, variables);
  const refusal =
    demand !== undefined && demand !== 'unknown'
      ? { what: demand.what, loc: (options.authorizer ?? merged.block).loc }
      : demand === undefined && requiresApiKeyHeader(options, apiKeySource)
        ? { what: 'the API key requirement (private: true)', loc: (options.apiKey ?? merged.block).loc }
        : undefined;
  if (refusal === undefined) return policy;
  policy.preflight = { handling: 'refused-before-cors', target: `/${merged.path}`, refusedBy: `${refusal.what} of the OPTIONS http event`, loc: refusal.loc };
  const required = routes
    .filter((route) => route !== options)
    .flatMap((route): LocatedString[] => {
      const authorizer = route.authorizer === undefined ? undefined : restAuthorizerDemand(route.authorizer, variables);
      const headers = authorizer === undefined || authorizer === 'unknown' ? [] : located(authorizer.headers, (route.authorizer ?? merged.block).loc);
      return requiresApiKeyHeader(route, apiKeySource) ? [...headers, { value: 'X-API-Key', loc: (route.apiKey ?? merged.block).loc }] : headers;
    });
  if (required.length > 0) policy.requiredRequestHeaders = required;
  return policy;
}

const HTTP_API_KEYS: CorsKeyNames = {
  allowOrigins: 'allowedOrigins',
  allowCredentials: 'allowCredentials',
  allowHeaders: 'allowedHeaders',
  allowMethods: 'allowedMethods',
  exposeHeaders: 'exposedResponseHeaders',
  maxAge: 'maxAge',
};

/**
 * The preflight of an HTTP API whose catch-all route (`httpApi: '*'`, which `http-api.js` compiles to
 * the `$default` route), or an ANY route (`method: '*'` on a path), requires authorization. The
 * catch-all route receives every request no other route matches, OPTIONS included, so a preflight
 * reaches the authorizer, which refuses it for lack of credentials (API Gateway Developer Guide,
 * http-api-cors.html, "Configuring CORS for an HTTP API with a $default route and an authorizer"); an
 * ANY route matches OPTIONS on its path the same way (anomalyco/sst#5493). Authorizers are
 * `{ type: aws_iam }`, or named ones from `provider.httpApi.authorizers` (`type: jwt`, the default, or
 * `type: request` with `identitySource`). Undefined when no such route exists, an OPTIONS route is
 * declared, or the authorizer may let preflights through; unknown when it cannot be read.
 */
function guardedRoutePreflight(routes: Route[], httpApi: DocNode | undefined, variables: VariableResolver): { preflight: CorsPolicy['preflight']; route: Route } | undefined {
  if (routes.some((route) => route.method === 'OPTIONS')) return undefined;
  const guarded = routes.filter((route) => route.authorizer !== undefined);
  const catchAll = guarded.filter((route) => route.path === '*');
  const anyMethod = guarded.filter((route) => route.path !== '*' && route.method === 'ANY');
  for (const route of [...catchAll, ...anyMethod]) {
    const preflight = routePreflight(route, httpApi, variables);
    if (preflight !== undefined) return { preflight, route };
  }
  return undefined;
}

/** The preflight one route that receives OPTIONS leaves: refused when its authorizer needs credentials. */
function routePreflight(route: Route, httpApi: DocNode | undefined, variables: VariableResolver): CorsPolicy['preflight'] | undefined {
  const authorizer = route.authorizer;
  if (authorizer === undefined) return undefined;
  const unknown: CorsPolicy['preflight'] = { handling: 'unknown', loc: authorizer.loc };
  const which = route.path === '*' ? 'the catch-all httpApi route' : `the httpApi route '*' ${route.path}`;
  const refused = (what: string): CorsPolicy['preflight'] => ({
    handling: 'refused-before-cors',
    // The catch-all route is the HTTP API's $default route (http-api.js).
    target: route.path === '*' ? '$default' : route.path,
    refusedBy: `${what} of ${which} (which also receives the preflights)`,
    loc: authorizer.loc,
  });
  if (authorizer.type === 'dynamic') return unknown;
  if (text(get(authorizer, 'type'))?.toLowerCase() === 'aws_iam') return refused('AWS_IAM authorization');
  const name = isMap(authorizer) ? text(get(authorizer, 'name')) : text(authorizer);
  if (name === undefined) return unknown;
  const raw = get(get(httpApi, 'authorizers'), name);
  const definition = raw === undefined ? undefined : variables.resolve(raw);
  if (!isMap(definition)) return unknown;
  const typeNode = present(get(definition, 'type'));
  const type = typeNode === undefined ? 'jwt' : text(typeNode)?.toLowerCase();
  if (type === 'jwt') return refused(`the JWT authorizer ${name}`);
  if (type !== 'request') return unknown;
  const identity = present(get(definition, 'identitySource'));
  if (identity === undefined) return undefined;
  const sources = listEntries(identity, false);
  if (sources.some((source) => source.value === undefined)) return unknown;
  return sources.length > 0 ? refused(`the Lambda authorizer ${name}`) : undefined;
}

function httpApiPolicies(root: DocNode, variables: VariableResolver): CorsPolicy[] {
  const httpApi = get(get(root, 'provider'), 'httpApi');
  const rawCors = present(get(httpApi, 'cors'));
  if (rawCors === undefined || get(httpApi, 'id') !== undefined) return [];
  const cors = variables.resolve(rawCors);
  if (isScalar(cors) && !cors.value) return [];
  const routes = events(root, 'httpApi', variables);
  const routesUnreadable = hasUnreadableEvents(root);
  // The framework builds the HTTP API only for services with httpApi events (unless it cannot tell).
  if (routes.length === 0 && !routesUnreadable) return [];
  const source = 'Serverless provider.httpApi.cors';
  const filled = located(['OPTIONS'], cors.loc);
  for (const route of routes) addUnique(filled, located(route.method === 'ANY' ? HTTP_API_METHODS : [route.method], route.methodLoc));
  // Routes in other files add their methods to the filled-in Allow-Methods too.
  const fillMethods: HeaderList = routesUnreadable ? { kind: 'list', items: filled, partial: true, loc: cors.loc } : { kind: 'list', items: filled, loc: cors.loc };
  const defaultHeaders: HeaderList = { kind: 'list', items: located(DEFAULT_HEADERS, cors.loc), loc: cors.loc };
  if (!isMap(cors)) {
    if (cors.type === 'dynamic') return [httpApiCorsPolicy(cors, HTTP_API_KEYS, source)];
    const loc = cors.loc;
    const policy: CorsPolicy = {
      loc,
      source,
      origins: [{ kind: 'any', loc }],
      credentials: { value: false, loc },
      allowMethods: fillMethods,
      allowHeaders: defaultHeaders,
      vary: { value: 'unknown', loc },
      preflight: { handling: 'answered', loc },
    };
    return [guardedByCatchAll(policy, routes, httpApi, variables)];
  }
  const policy = httpApiCorsPolicy(cors, HTTP_API_KEYS, source);
  if (present(get(cors, 'allowedOrigins')) === undefined) policy.origins = [{ kind: 'any', loc: cors.loc }];
  policy.allowHeaders ??= defaultHeaders;
  policy.allowMethods ??= fillMethods;
  policy.credentials = truthy(present(get(cors, 'allowCredentials')), cors.loc);
  return [guardedByCatchAll(policy, routes, httpApi, variables)];
}

/** The policy with the preflight a catch-all or ANY route behind an authorizer leaves unanswered. */
function guardedByCatchAll(policy: CorsPolicy, routes: Route[], httpApi: DocNode | undefined, variables: VariableResolver): CorsPolicy {
  const guarded = guardedRoutePreflight(routes, httpApi, variables);
  if (guarded === undefined) return policy;
  const { preflight, route } = guarded;
  // The route serves every method.
  const served = preflight.handling === 'refused-before-cors' ? located(HTTP_API_METHODS, route.methodLoc) : undefined;
  return { ...policy, preflight, ...(served === undefined ? {} : { servedMethods: served }) };
}

/**
 * `defaultCors` of the function URL compiler (`lib/plugins/aws/package/compile/functions.js`,
 * `compileFunctionUrl`, in the framework's v3 line as kept by oss-serverless/serverless): what
 * `url.cors: true` sends, and what an object's missing keys take. The v3 docs (guides/functions,
 * "Lambda Function URLs") list the same origin and methods and the first five headers.
 */
const URL_DEFAULT_HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amzn-Trace-Id'];

/**
 * Lambda function URLs, `functions.<fn>.url.cors` (serverless docs, guides/functions "Lambda Function
 * URLs"; `compileFunctionUrl`): `true` or an object with the `provider.httpApi.cors` key names,
 * compiled to `AWS::Lambda::Url` Cors (Lambda semantics in aws-cloudformation.ts). Any truthy value
 * starts from `defaultCors` (allowedOrigins `*`, the headers above, allowedMethods `*`); an object's
 * allowedOrigins, allowedHeaders and allowedMethods replace those when truthy and remove them when
 * `null`; allowCredentials is sent only when truthy; exposedResponseHeaders and maxAge are copied.
 * So an object without allowedOrigins allows every origin, and with allowCredentials Lambda echoes it.
 */
function functionUrlPolicies(root: DocNode, variables: VariableResolver): CorsPolicy[] {
  return functionEntries(root).flatMap((fn) => {
    const raw = present(get(get(fn.value, 'url'), 'cors'));
    if (raw === undefined) return [];
    const cors = variables.resolve(raw);
    const source = `Serverless functions.${String(fn.key.value)}.url.cors`;
    if (cors.type === 'dynamic') return [lambdaUrlCorsPolicy(cors, HTTP_API_KEYS, source)];
    if (isMap(cors)) return [functionUrlObjectPolicy(cors, source)];
    if (!(isScalar(cors) && Boolean(cors.value))) return [];
    // `cors: true`: the defaults alone, as CloudFormation then reads them.
    const loc = cors.loc;
    return [
      {
        loc,
        source,
        origins: [{ kind: 'any', loc }],
        credentials: { value: false, loc },
        allowHeaders: { kind: 'list', items: located(URL_DEFAULT_HEADERS, loc), loc },
        allowMethods: { kind: 'unknown', loc },
        maxAge: { kind: 'value', seconds: 0, raw: '0', loc },
        vary: { value: 'unknown', loc },
        preflight: { handling: 'answered', loc },
      },
    ];
  });
}

/** An object `url.cors`: Lambda's reading of the keys written, with `defaultCors` behind the missing ones. */
function functionUrlObjectPolicy(cors: MapNode, source: string): CorsPolicy {
  const policy = lambdaUrlCorsPolicy(cors, HTTP_API_KEYS, source);
  policy.credentials = truthy(present(get(cors, 'allowCredentials')), cors.loc);
  const origins: OriginMatcher[] = get(cors, 'allowedOrigins') === undefined ? [{ kind: 'any', loc: cors.loc }] : policy.origins;
  // With credentials, Lambda echoes every origin for `*` (aws-cloudformation.ts).
  policy.origins = policy.credentials.value === true ? origins.map((origin) => (origin.kind === 'any' ? { kind: 'reflect-any', loc: origin.loc } : origin)) : origins;
  if (get(cors, 'allowedHeaders') === undefined) policy.allowHeaders = { kind: 'list', items: located(URL_DEFAULT_HEADERS, cors.loc), loc: cors.loc };
  // The default allowedMethods is `*`, whose sending Lambda does not document (setUndocumentedStarLists).
  if (get(cors, 'allowedMethods') === undefined) policy.allowMethods = { kind: 'unknown', loc: cors.loc };
  return policy;
}

/**
 * The CloudFormation a service adds under `resources` (`resources.Resources`, or a list of such
 * fragments, `${file(…)}` ones being unknown), read as aws-cloudformation.ts reads a template: S3
 * buckets, gateway responses and the like that the framework deploys unchanged.
 */
function extraResourcePolicies(root: DocNode, variables: VariableResolver): CorsPolicy[] {
  const resources = present(get(root, 'resources'));
  if (resources === undefined) return [];
  const fragments = isSeq(resources) ? resources.items : [resources];
  return fragments.flatMap((fragment) => {
    const resolved = variables.resolve(fragment);
    return isMap(resolved) && isMap(get(resolved, 'Resources')) ? cloudFormationPolicies(resolved) : [];
  });
}

const SERVICE_FILE = /^serverless\.(ya?ml|json)$/i;

/**
 * The provider's name: `provider.name`, or `provider` itself when it is a plain string, a spelling the
 * framework still accepts (`Service.js` `loadServiceFileParam` turns `provider: aws` into `{ name: 'aws' }`).
 */
function providerName(provider: DocNode | undefined): string | undefined {
  return isMap(provider) ? text(get(provider, 'name')) : text(provider);
}

function isServerlessService(doc: ConfigDocument): boolean {
  const root = doc.root;
  if (!isMap(root)) return false;
  const provider = get(root, 'provider');
  if (!isMap(provider) && text(provider) === undefined) return false;
  const name = providerName(provider);
  if (name !== undefined && name !== 'aws' && !VARIABLE.test(name)) return false;
  if (SERVICE_FILE.test(fileName(doc))) return true;
  return name !== undefined && get(root, 'service') !== undefined && get(root, 'functions') !== undefined;
}

export const serverlessFramework: Adapter = {
  name: 'serverless-framework',
  description: 'Serverless Framework (AWS) serverless.yml: http event cors (true or object), provider.httpApi.cors, functions url.cors and the CloudFormation under resources',
  detect: isServerlessService,
  extract(doc) {
    const variables = new VariableResolver(doc.root);
    return dedupePolicies([...restPolicies(doc.root, variables), ...httpApiPolicies(doc.root, variables), ...functionUrlPolicies(doc.root, variables), ...extraResourcePolicies(doc.root, variables)]);
  },
};
