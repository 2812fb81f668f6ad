/**
 * AWS CloudFormation templates, YAML or JSON (and what the AWS CDK synthesises into
 * `cdk.out/*.template.json`). Vendor references for the keys and defaults:
 *
 * - `AWS::ApiGatewayV2::Api` `CorsConfiguration` (AllowOrigins, AllowCredentials, AllowHeaders,
 *   AllowMethods, ExposeHeaders, MaxAge; all optional): AWS CloudFormation User Guide,
 *   aws-properties-apigatewayv2-api-cors.html. Behaviour: API Gateway Developer Guide,
 *   http-api-cors.html — with CORS configured, API Gateway answers preflight OPTIONS itself even
 *   without an OPTIONS route and ignores CORS headers from the integration; `https://*` and `http://*`
 *   allow every origin of that scheme (so the request origin is echoed). API Gateway rejects
 *   AllowCredentials with a `*` origin ("allow-credentials is not supported if 'allow-origin' is *",
 *   BadRequestException, aws/aws-cdk#9076): the `*` is kept so the finding arrives before the deploy
 *   fails. The guide documents no `Vary` header, so vary is unknown.
 * - `AWS::Lambda::Url` `Cors`: AWS CloudFormation User Guide, aws-properties-lambda-url-cors.html and
 *   Lambda API reference API_Cors.html — AllowCredentials defaults to false, MaxAge to 0 ("the browser
 *   doesn't cache results"), AllowOrigins takes origins or `*`. Lambda answers preflights itself.
 *   With AllowCredentials true, a `*` entry makes Lambda echo the request's Origin together with
 *   `Access-Control-Allow-Credentials: true` rather than send a literal `*`: measured against a
 *   deployed function URL in LeanerCloud/CUDly#390 (an `Origin: https://attacker.io` request got that
 *   origin back with credentials allowed) and restated in its fix, #519 ("AWS reflects the inbound
 *   Origin header verbatim"). What Lambda sends for `*` without credentials the browser reads alike.
 * - `AWS::S3::Bucket` `CorsConfiguration.CorsRules`: see s3-api-cors.ts.
 * - `AWS::CloudFront::ResponseHeadersPolicy` `ResponseHeadersPolicyConfig.CorsConfig`
 *   (AccessControlAllowOrigins.Items, AccessControlAllowCredentials, AccessControlAllowHeaders.Items,
 *   AccessControlAllowMethods.Items with the special value `ALL`, AccessControlExposeHeaders.Items,
 *   AccessControlMaxAgeSec, OriginOverride): AWS CloudFormation Template Reference,
 *   aws-properties-cloudfront-responseheaderspolicy-corsconfig.html and CloudFront API reference
 *   API_ResponseHeadersPolicyCorsConfig.html. CloudFront adds the headers to responses for CORS
 *   requests; with OriginOverride false the origin's own CORS headers win where the origin sends them.
 *   The Developer Guide (understanding-response-headers-policies.html, CORS headers) says the Allow-
 *   Headers items are the values CloudFront sends, `*` meaning all headers, and that "the
 *   Authorization header can't use a wildcard and must be listed explicitly": the `*` reaches the
 *   browser as written, so the browser's wildcard rules apply (literal under credentials). It allows
 *   `*` as the leftmost label of an origin (`https://*.example.org`) without saying how many labels it
 *   matches, so such entries are unknown. Whether CloudFront answers OPTIONS itself depends on the
 *   cache behaviour, so preflight is unknown.
 * - `AWS::ApiGateway::RestApi` `Body` and `AWS::ApiGateway::Method`: REST APIs answer preflights only
 *   through an OPTIONS method (usually a MOCK integration mapping `'…'` literals to
 *   `method.response.header.Access-Control-*`, as the CDK's `defaultCorsPreflightOptions` emits);
 *   see openapi.ts and cloud-common.ts.
 * - `AWS::ApiGateway::GatewayResponse` `ResponseParameters` (`gatewayresponse.header.*`): the CORS
 *   headers on the errors API Gateway generates itself; see `gatewayResponsePolicy` in cloud-common.ts.
 * Intrinsic functions (`!Ref`, `!Sub`, `{ "Fn::…" }`) are unknown values.
 */
import type { CorsPolicy, HeaderList, LocatedString, OriginMatcher } from '@corsguard/core';
import { configHeaderList, configMaxAge, get, isMap, isPlaceholder, isSeq, listEntries, tri } from '../document/access.js';
import type { ConfigDocument, DocNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import {
  allowlistOrigin,
  authorizerRefusesPreflight,
  dig,
  gatewayResponseHeaders,
  gatewayResponsePolicy,
  apiKeyFromHeader,
  identitySourceHeaders,
  isIntrinsic,
  isProxyIntegrationType,
  isSamTemplate,
  isTemplate,
  markOpaque,
  mapsCorsHeaders,
  opaquePolicy,
  present,
  property,
  restHeaderMapping,
  restMappingPolicy,
  setUndocumentedStarLists,
  templateResources,
  text,
  type RestHeaderMapping,
  type TemplateResource,
} from './cloud-common.js';
import { openApiPolicies, openApiRoutePreflight } from './openapi.js';
import { s3CorsRulePolicy, S3_CLOUDFORMATION_KEYS } from './s3-api-cors.js';
import { conditionReadings } from './template-conditions.js';

/** Where one format writes the keys of an API Gateway HTTP API / Lambda function URL CORS block. */
export interface CorsKeyNames {
  allowOrigins: string;
  allowCredentials: string;
  allowHeaders: string;
  allowMethods: string;
  exposeHeaders: string;
  maxAge: string;
}

/** CloudFormation (`AWS::ApiGatewayV2::Api`, `AWS::Lambda::Url`, SAM `CorsConfiguration`). */
export const PASCAL_CORS_KEYS: CorsKeyNames = {
  allowOrigins: 'AllowOrigins',
  allowCredentials: 'AllowCredentials',
  allowHeaders: 'AllowHeaders',
  allowMethods: 'AllowMethods',
  exposeHeaders: 'ExposeHeaders',
  maxAge: 'MaxAge',
};

/** OpenAPI `x-amazon-apigateway-cors`. */
export const CAMEL_CORS_KEYS: CorsKeyNames = {
  allowOrigins: 'allowOrigins',
  allowCredentials: 'allowCredentials',
  allowHeaders: 'allowHeaders',
  allowMethods: 'allowMethods',
  exposeHeaders: 'exposeHeaders',
  maxAge: 'maxAge',
};

/** Terraform (`cors_configuration` of aws_apigatewayv2_api, `cors` of aws_lambda_function_url). */
export const SNAKE_CORS_KEYS: CorsKeyNames = {
  allowOrigins: 'allow_origins',
  allowCredentials: 'allow_credentials',
  allowHeaders: 'allow_headers',
  allowMethods: 'allow_methods',
  exposeHeaders: 'expose_headers',
  maxAge: 'max_age',
};

/** API Gateway HTTP API: `https://*` / `http://*` allow (and so echo) every origin of that scheme. */
function httpApiOrigin(entry: { value: string | undefined; loc: CorsPolicy['loc'] }): OriginMatcher {
  if (entry.value !== undefined && /^https?:\/\/\*$/.test(entry.value.trim())) return { kind: 'reflect-any', loc: entry.loc };
  return allowlistOrigin(entry, 'unknown');
}

/** The fields shared by the API Gateway HTTP API and Lambda function URL CORS blocks. */
function gatewayCorsFields(
  block: DocNode,
  keys: CorsKeyNames,
  source: string,
  readOrigin: (entry: { value: string | undefined; loc: CorsPolicy['loc'] }) => OriginMatcher,
): CorsPolicy {
  const origins = present(get(block, keys.allowOrigins));
  const policy: CorsPolicy = {
    loc: block.loc,
    source,
    origins: origins === undefined ? [] : listEntries(origins, false).map(readOrigin),
    credentials: tri(present(get(block, keys.allowCredentials)), false, block.loc),
    vary: { value: 'unknown', loc: block.loc },
    preflight: { handling: 'answered', loc: block.loc },
  };
  // API Gateway's HTTP API guide lists `*` as a value of these lists (http-api-cors.html), Lambda's
  // Cors reference allows it in AllowMethods; neither says what is sent for it.
  setUndocumentedStarLists(policy, block, { methods: keys.allowMethods, headers: keys.allowHeaders, expose: keys.exposeHeaders, maxAge: keys.maxAge });
  return policy;
}

/** The policy of an API Gateway HTTP API CORS block (CloudFormation, SAM, OpenAPI, Serverless, Terraform). */
export function httpApiCorsPolicy(block: DocNode, keys: CorsKeyNames, source: string): CorsPolicy {
  if (block.type !== 'map') return opaquePolicy(block, source, 'answered');
  const policy = gatewayCorsFields(block, keys, source, httpApiOrigin);
  // The API model types MaxAge as IntegerWithLengthBetweenMinus1And86400 (API Gateway V2 API
  // reference, Cors) without saying what -1 sends; neither the CORS guide (http-api-cors.html) nor the
  // CloudFormation reference does either, so -1 is unknown rather than reported as negative.
  if (policy.maxAge?.kind === 'value' && policy.maxAge.seconds === -1) policy.maxAge = { kind: 'unknown', loc: policy.maxAge.loc };
  return policy;
}

/** The policy of a Lambda function URL CORS block (CloudFormation, SAM `FunctionUrlConfig`, Terraform). */
export function lambdaUrlCorsPolicy(block: DocNode, keys: CorsKeyNames, source: string): CorsPolicy {
  if (block.type !== 'map') return opaquePolicy(block, source, 'answered');
  const policy = gatewayCorsFields(block, keys, source, (entry) => allowlistOrigin(entry, 'unknown'));
  // With credentials, Lambda echoes every origin for a `*` entry (see the header comment).
  if (policy.credentials.value === true) {
    policy.origins = policy.origins.map((origin) => (origin.kind === 'any' ? { kind: 'reflect-any', loc: origin.loc } : origin));
  }
  // Lambda sends Access-Control-Max-Age: 0 when MaxAge is not set (Lambda API reference, Cors.MaxAge).
  policy.maxAge ??= { kind: 'value', seconds: 0, raw: '0', loc: block.loc };
  // MaxAge is an integer from 0 to 86400 (Lambda API reference, Cors; CloudFormation AWS::Lambda::Url
  // Cors): Lambda refuses any other value, so no function URL sends it, and it is unknown, as other
  // adapters read a max-age their resource's schema refuses.
  const seconds = policy.maxAge.kind === 'value' ? policy.maxAge.seconds : 0;
  if (!(Number.isInteger(seconds) && seconds >= 0 && seconds <= 86400)) policy.maxAge = { kind: 'unknown', loc: policy.maxAge.loc };
  return policy;
}

/** Where one format writes the keys of a CloudFront CorsConfig. */
export interface CloudFrontKeyNames {
  allowOrigins: readonly (string | number)[];
  allowCredentials: string;
  allowHeaders: readonly (string | number)[];
  allowMethods: readonly (string | number)[];
  exposeHeaders: readonly (string | number)[];
  maxAge: string;
  originOverride: string;
}

export const CLOUDFRONT_CLOUDFORMATION_KEYS: CloudFrontKeyNames = {
  allowOrigins: ['AccessControlAllowOrigins', 'Items'],
  allowCredentials: 'AccessControlAllowCredentials',
  allowHeaders: ['AccessControlAllowHeaders', 'Items'],
  allowMethods: ['AccessControlAllowMethods', 'Items'],
  exposeHeaders: ['AccessControlExposeHeaders', 'Items'],
  maxAge: 'AccessControlMaxAgeSec',
  originOverride: 'OriginOverride',
};

/** CloudFront's `ALL` method value stands for every method it lists (API_ResponseHeadersPolicyAccessControlAllowMethods). */
const CLOUDFRONT_ALL_METHODS = ['GET', 'POST', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'HEAD'];

function cloudFrontMethods(list: HeaderList): HeaderList {
  if (list.kind !== 'list') return list;
  const items: LocatedString[] = list.items.flatMap((item) =>
    item.value === 'ALL' ? CLOUDFRONT_ALL_METHODS.map((value) => ({ value, loc: item.loc })) : [item],
  );
  return { ...list, items };
}

/** The policy of a CloudFront response headers policy's CorsConfig. */
export function cloudFrontCorsPolicy(block: DocNode, keys: CloudFrontKeyNames, source: string): CorsPolicy {
  if (block.type !== 'map') return opaquePolicy(block, source, 'unknown');
  const overrideNode = present(get(block, keys.originOverride));
  const override = tri(overrideNode, 'unknown', block.loc).value;
  const origins = present(dig(block, ...keys.allowOrigins));
  const policy: CorsPolicy = {
    loc: block.loc,
    source: override === false ? `${source} (OriginOverride: false, the origin's own CORS headers win)` : source,
    origins: origins === undefined ? [] : listEntries(origins, false).map((entry) => allowlistOrigin(entry, 'unknown')),
    credentials: tri(present(get(block, keys.allowCredentials)), false, block.loc),
    vary: { value: 'unknown', loc: block.loc },
    preflight: { handling: 'unknown', loc: block.loc },
  };
  const methods = present(dig(block, ...keys.allowMethods));
  const headers = present(dig(block, ...keys.allowHeaders));
  const expose = present(dig(block, ...keys.exposeHeaders));
  const maxAge = present(get(block, keys.maxAge));
  if (methods) policy.allowMethods = cloudFrontMethods(configHeaderList(methods, false));
  if (headers) policy.allowHeaders = configHeaderList(headers, false);
  if (expose) policy.exposeHeaders = configHeaderList(expose, false);
  if (maxAge) policy.maxAge = configMaxAge(maxAge, 'seconds');
  return policy;
}

/** Every method API Gateway's `ANY` stands for. */
export const GATEWAY_ANY_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/**
 * A stable key for a reference value (`!Ref R`, `{ "Ref": "R" }`, `!GetAtt A.B`), to group methods by
 * resource. The two spellings of GetAtt (`A.B` and `[A, B]`) give the same key.
 */
function referenceKey(node: DocNode | undefined): string | undefined {
  const budget = { nodes: REFERENCE_NODES };
  const key = boundedKey(node, budget);
  return budget.nodes < 0 ? undefined : key;
}

/**
 * How many nodes a reference may have. References are small (`!GetAtt A.B`, `!ImportValue !Sub …`):
 * a larger value names no resource, and spelling it out whole could cost a YAML alias fan-out's
 * expansion.
 */
const REFERENCE_NODES = 64;

function boundedKey(node: DocNode | undefined, budget: { nodes: number }): string | undefined {
  if (node === undefined) return undefined;
  budget.nodes -= 1;
  if (budget.nodes < 0) return undefined;
  if (node.type === 'scalar') return String(node.value);
  if (node.type === 'dynamic') return functionKey(node.tag.replace(/^!/, ''), node.inner, budget);
  if (node.type === 'seq') return `[${node.items.map((item) => boundedKey(item, budget)).join(',')}]`;
  return node.entries.map((entry) => functionKey(String(entry.key.value), entry.value, budget)).join(';');
}

function functionKey(name: string, argument: DocNode, budget: { nodes: number }): string {
  const fn = name.replace(/^Fn::/, '');
  const key =
    fn === 'GetAtt' && argument.type === 'seq'
      ? `GetAtt:${argument.items.map((item) => boundedKey(item, budget)).join('.')}`
      : `${fn}:${boundedKey(argument, budget)}`;
  // An `AWS::ApiGateway::Resource` is named by `!Ref R` or, equally, `!GetAtt R.ResourceId`.
  const resource = /^GetAtt:([^.]+)\.ResourceId$/.exec(key)?.[1];
  return resource === undefined ? key : `Ref:${resource}`;
}

/**
 * The path of an `AWS::ApiGateway::Resource` referenced as `{ "Ref": id }` / `!Ref id`, built from the
 * PathPart of it and its parents; the API's root (`Fn::GetAtt Api.RootResourceId`) is `/`. Undefined
 * when a step is not a literal reference to a resource in this template.
 */
function resourcePath(reference: DocNode | undefined, resources: Map<string, TemplateResource>, depth = 0): string | undefined {
  const key = referenceKey(reference);
  if (key === undefined || depth > 32) return undefined;
  if (/^GetAtt:.*RootResourceId/.test(key)) return '';
  const id = /^Ref:(.+)$/.exec(key)?.[1];
  const resource = id === undefined ? undefined : resources.get(id);
  if (resource === undefined || resource.type !== 'AWS::ApiGateway::Resource') return undefined;
  const raw = get(resource.node, 'Properties');
  const part = text(get(raw, 'PathPart'));
  const parent = resourcePath(get(raw, 'ParentId'), resources, depth + 1);
  return part === undefined || parent === undefined ? undefined : `${parent}/${part}`;
}

/**
 * Whether a method's `ResourceId` names a REST resource this template declares: an
 * `AWS::ApiGateway::Resource` (`!Ref R`) or the root of an `AWS::ApiGateway::RestApi`
 * (`!GetAtt Api.RootResourceId`). A resource from elsewhere (a parameter, as in the CDK's nested
 * stacks that import the API, or `Fn::ImportValue`) may get its OPTIONS method in that other template.
 */
function declaredResource(key: string, resources: Map<string, TemplateResource>): boolean {
  const root = /^GetAtt:([^.]+)\.RootResourceId$/.exec(key)?.[1];
  if (root !== undefined) return resources.get(root)?.type === 'AWS::ApiGateway::RestApi';
  const id = /^Ref:(.+)$/.exec(key)?.[1];
  return id !== undefined && resources.get(id)?.type === 'AWS::ApiGateway::Resource';
}

/** How a finding names a REST resource: its path when the template spells it out, else its reference. */
function resourceTarget(key: string, reference: DocNode | undefined, resources: Map<string, TemplateResource>): string {
  const path = resourcePath(reference, resources);
  return path === undefined ? key.replace(/^Ref:/, '') : path === '' ? '/' : path;
}

/** The integration responses of an `AWS::ApiGateway::Method`, merged into one header mapping. */
function methodMapping(properties: DocNode | undefined): { mapping: RestHeaderMapping; declaresOrigin: DocNode | undefined } {
  const proxy = isProxyIntegrationType(text(dig(properties, 'Integration', 'Type')));
  const responses = proxy ? undefined : dig(properties, 'Integration', 'IntegrationResponses');
  let mapping: RestHeaderMapping = { headers: new Map() };
  for (const response of isSeq(responses) ? responses.items : []) {
    const candidate = restHeaderMapping(get(response, 'ResponseParameters'), get(response, 'ResponseTemplates'));
    if (mapsCorsHeaders(candidate)) {
      mapping = candidate;
      break;
    }
  }
  let declaresOrigin: DocNode | undefined;
  const methodResponses = get(properties, 'MethodResponses');
  for (const response of isSeq(methodResponses) ? methodResponses.items : []) {
    const parameters = get(response, 'ResponseParameters');
    if (!isMap(parameters)) continue;
    const entry = parameters.entries.find((candidate) => /^method\.response\.header\.access-control-allow-origin$/i.test(String(candidate.key.value)));
    if (entry !== undefined) declaresOrigin = entry.key;
  }
  return { mapping, declaresOrigin };
}

/** A non-OPTIONS method of a REST resource with the CORS headers its integration responses map. */
interface RestMethod {
  resource: TemplateResource;
  mapping: RestHeaderMapping;
  declaresOrigin: DocNode | undefined;
}

function mapsOrigin(method: RestMethod): boolean {
  return method.mapping.headers.has('access-control-allow-origin');
}

/** The headers a method's own (non-preflight) responses carry, read from its integration responses. */
function actualResponsePolicy(method: RestMethod, preflight: CorsPolicy['preflight']): CorsPolicy | undefined {
  const block = method.resource.properties;
  if (block === undefined) return undefined;
  const verb = text(get(block, 'HttpMethod'))?.toUpperCase() ?? '';
  return restMappingPolicy(method.mapping, block, `AWS::ApiGateway::Method ${method.resource.id} (${verb})`, preflight);
}

/**
 * The preflight of an OPTIONS method that requires what a preflight never carries (browsers send it
 * without credentials or custom headers, Fetch standard "CORS-preflight fetch"): a SigV4 signature
 * (`AWS_IAM`), a Cognito token, a TOKEN authorizer's header, a REQUEST authorizer's identity sources or
 * an API key. API Gateway then refuses it (401/403) before the mock answers (API Gateway Developer
 * Guide, apigateway-use-lambda-authorizer.html: a missing identity source gives 401 Unauthorized).
 * The same holds for an ANY method on a resource without OPTIONS method, which receives the
 * preflights (`method` names it in the finding). Undefined when the method lets preflights
 * through; unknown when the authorizer cannot be read.
 */
function optionsMethodPreflight(
  resource: TemplateResource,
  target: string,
  byId: Map<string, TemplateResource>,
  method = `OPTIONS method ${resource.id}`,
): CorsPolicy['preflight'] | undefined {
  const properties = resource.properties;
  const refused = (refusedBy: string, loc: CorsPolicy['loc']): CorsPolicy['preflight'] => ({ handling: 'refused-before-cors', target, refusedBy, loc });
  const apiKey = get(properties, 'ApiKeyRequired');
  if (apiKey?.type === 'scalar' && (apiKey.value === true || apiKey.value === 'true')) return refused(`the API key requirement of ${method}`, apiKey.loc);
  const typeNode = get(properties, 'AuthorizationType');
  if (typeNode === undefined) return undefined;
  const type = text(typeNode)?.toUpperCase();
  if (type === undefined) return { handling: 'unknown', loc: typeNode.loc };
  if (type === 'NONE') return undefined;
  if (type !== 'CUSTOM') return refused(`the ${type} authorization of ${method}`, typeNode.loc);
  const authorizerId = /^Ref:(.+)$/.exec(referenceKey(get(get(resource.node, 'Properties'), 'AuthorizerId')) ?? '')?.[1];
  const authorizer = authorizerId === undefined ? undefined : byId.get(authorizerId);
  if (authorizer?.type !== 'AWS::ApiGateway::Authorizer') return { handling: 'unknown', loc: typeNode.loc };
  const authorizerType = text(get(authorizer.properties, 'Type'))?.toUpperCase();
  return authorizerRefusesPreflight(authorizerType, text(get(authorizer.properties, 'IdentitySource')))
    ? refused(`the ${authorizerType} authorizer ${authorizer.id} of ${method}`, typeNode.loc)
    : { handling: 'unknown', loc: typeNode.loc };
}

/**
 * `AWS::ApiGateway::Method` resources: an OPTIONS method with a header mapping is a preflight answer;
 * other methods that send CORS headers on a resource without an OPTIONS method leave preflights to
 * API Gateway's default 403, unless an ANY method takes them to its integration. Each other method's
 * mapped headers are what its actual responses carry (`'*'` with `'true'` breaks the request even when
 * the preflight answer is right), so they are checked too.
 */
function restMethodPolicies(resources: TemplateResource[]): CorsPolicy[] {
  const byResource = new Map<string, { methods: RestMethod[]; options: TemplateResource | undefined; optionsPolicy: CorsPolicy | undefined }>();
  const byId = new Map(resources.map((resource) => [resource.id, resource]));
  const policies: CorsPolicy[] = [];
  for (const resource of resources) {
    if (resource.type !== 'AWS::ApiGateway::Method') continue;
    const rawProperties = get(resource.node, 'Properties');
    const key = referenceKey(get(rawProperties, 'ResourceId'));
    const method = text(get(resource.properties, 'HttpMethod'))?.toUpperCase();
    if (key === undefined || method === undefined) continue;
    const group = byResource.get(key) ?? { methods: [], options: undefined, optionsPolicy: undefined };
    byResource.set(key, group);
    if (method === 'OPTIONS') {
      group.options = resource;
      const { mapping } = methodMapping(resource.properties);
      if (mapsCorsHeaders(mapping) && resource.properties !== undefined) {
        const block = get(resource.properties, 'Integration') ?? resource.properties;
        const target = resourceTarget(key, get(rawProperties, 'ResourceId'), byId);
        const preflight = optionsMethodPreflight(resource, target, byId) ?? { handling: 'answered', loc: block.loc };
        group.optionsPolicy = restMappingPolicy(mapping, block, `AWS::ApiGateway::Method ${resource.id} (OPTIONS)`, preflight);
        policies.push(group.optionsPolicy);
      }
    } else {
      group.methods.push({ resource, ...methodMapping(resource.properties) });
    }
  }
  for (const [key, group] of byResource) {
    const served: LocatedString[] = [];
    for (const { resource } of group.methods) {
      const methodNode = get(resource.properties, 'HttpMethod');
      const method = (text(methodNode) ?? '').toUpperCase();
      if (methodNode === undefined) continue;
      for (const value of method === 'ANY' ? GATEWAY_ANY_METHODS : [method]) served.push({ value, loc: methodNode.loc });
    }
    // An OPTIONS method without a header mapping proxies preflights to its backend, unless its own
    // authorization turns them away first: then the resource is reported as one whose preflight is refused.
    const proxiedOptions = group.options !== undefined && group.optionsPolicy === undefined ? group.options : undefined;
    const proxiedVerdict =
      proxiedOptions === undefined
        ? undefined
        : optionsMethodPreflight(proxiedOptions, resourceTarget(key, get(get(proxiedOptions.node, 'Properties'), 'ResourceId'), byId), byId);
    const refusedByProxy = proxiedVerdict?.handling === 'refused-before-cors' ? proxiedVerdict : undefined;
    if (group.options !== undefined && refusedByProxy === undefined) {
      const optionsPreflight = group.optionsPolicy?.preflight;
      // A refused preflight is reported once, with the methods and headers that need it.
      if (group.optionsPolicy !== undefined && optionsPreflight?.handling === 'refused-before-cors') {
        group.optionsPolicy.servedMethods = served;
        const required = requiredHeaders(group.methods, byId);
        if (required.length > 0) group.optionsPolicy.requiredRequestHeaders = required;
      }
      // An OPTIONS method without a header mapping is a proxy whose backend answers preflights.
      const preflight: CorsPolicy['preflight'] =
        optionsPreflight === undefined || optionsPreflight.handling === 'refused-before-cors'
          ? { handling: 'unknown', loc: group.options.properties?.loc ?? group.options.node.loc }
          : optionsPreflight;
      for (const method of group.methods.filter(mapsOrigin)) {
        const policy = actualResponsePolicy(method, preflight);
        if (policy !== undefined) policies.push(policy);
      }
      continue;
    }
    // The method whose mapping says what the origin is gives the most to check; one declaring the
    // header for a Lambda proxy to fill in still shows the resource means to serve CORS.
    const candidates = group.methods.filter((method) => mapsCorsHeaders(method.mapping) || method.declaresOrigin !== undefined);
    const evidence = candidates.find(mapsOrigin) ?? candidates[0];
    if (evidence === undefined || evidence.resource.properties === undefined) continue;
    const block = evidence.resource.properties;
    const preflightLoc = get(block, 'HttpMethod')?.loc ?? block.loc;
    const anyMethod = group.methods.find(({ resource }) => text(get(resource.properties, 'HttpMethod'))?.toUpperCase() === 'ANY');
    const target = resourceTarget(key, get(get(evidence.resource.node, 'Properties'), 'ResourceId'), byId);
    // Without an OPTIONS method, API Gateway hands OPTIONS to an ANY method's integration (a proxy
    // backend that may answer preflights itself): then the preflight is unknown, not unanswered,
    // unless the ANY method's authorization turns the preflight away first. A resource declared in
    // another template may hold its OPTIONS method, so its preflight is unknown too.
    const anyPreflight: CorsPolicy['preflight'] | undefined =
      anyMethod === undefined
        ? undefined
        : (optionsMethodPreflight(anyMethod.resource, target, byId, `ANY method ${anyMethod.resource.id} (which also receives the preflights)`) ?? {
            handling: 'unknown',
            target,
            loc: get(anyMethod.resource.properties, 'HttpMethod')?.loc ?? preflightLoc,
          });
    const preflight: CorsPolicy['preflight'] =
      refusedByProxy ??
      anyPreflight ??
      (declaredResource(key, byId) ? { handling: 'no-options-route', target, loc: preflightLoc } : { handling: 'unknown', target, loc: preflightLoc });
    const policy = restMappingPolicy(evidence.mapping, block, `AWS::ApiGateway::Method ${evidence.resource.id}`, preflight);
    if (!mapsOrigin(evidence) && evidence.declaresOrigin !== undefined) {
      // The header is declared but filled by the backend (Lambda proxy): its value is unknown.
      policy.origins = [{ kind: 'unknown', loc: evidence.declaresOrigin.loc }];
      policy.credentials = { value: 'unknown', loc: evidence.declaresOrigin.loc };
      policy.vary = { value: 'unknown', loc: evidence.declaresOrigin.loc };
    }
    policy.servedMethods = served;
    const required = requiredHeaders(group.methods, byId);
    if (required.length > 0) policy.requiredRequestHeaders = required;
    policies.push(policy);
    // The missing preflight answer is reported once, on the first policy of the resource.
    for (const method of candidates.filter((candidate) => candidate !== evidence && mapsOrigin(candidate))) {
      const other = actualResponsePolicy(method, { handling: 'unknown', target, loc: preflightLoc });
      if (other !== undefined) policies.push(other);
    }
  }
  return policies;
}

/** The headers the methods of a REST resource make every caller send: API keys and authorization. */
function requiredHeaders(methods: RestMethod[], byId: Map<string, TemplateResource>): LocatedString[] {
  return methods.flatMap(({ resource }) => [apiKeyHeader(resource, byId) ?? [], authorizationHeaders(resource, byId)].flat());
}

/**
 * The `X-API-Key` header a REST method with `ApiKeyRequired` makes every caller send: API Gateway reads
 * the key from that header unless the API's `ApiKeySourceType` is `AUTHORIZER`, where a Lambda
 * authorizer supplies it (API Gateway API reference, RestApi `apiKeySource`; the OpenAPI extension
 * `x-amazon-apigateway-api-key-source`). Undefined when no key is required or the API's key source
 * cannot be read.
 */
function apiKeyHeader(method: TemplateResource, byId: Map<string, TemplateResource>): LocatedString | undefined {
  const required = get(method.properties, 'ApiKeyRequired');
  if (required?.type !== 'scalar' || (required.value !== true && required.value !== 'true')) return undefined;
  const api = byId.get(refId(get(get(method.node, 'Properties'), 'RestApiId')) ?? '');
  if (api?.type !== 'AWS::ApiGateway::RestApi') return undefined;
  const body = get(api.properties, 'Body');
  const source = get(api.properties, 'ApiKeySourceType') ?? get(body, 'x-amazon-apigateway-api-key-source');
  if (source === undefined && get(api.properties, 'BodyS3Location') !== undefined) return undefined;
  return apiKeyFromHeader(source) ? { value: 'X-API-Key', loc: required.loc } : undefined;
}

/**
 * The headers a REST method's authorization makes every caller send: a SigV4 signature's
 * `Authorization` (`AWS_IAM`), or the headers its Cognito or Lambda authorizer's `IdentitySource` names
 * (a REQUEST authorizer refuses a request missing any of them: apigateway-use-lambda-authorizer.html).
 * None when the authorizer is not in the template.
 */
function authorizationHeaders(method: TemplateResource, byId: Map<string, TemplateResource>): LocatedString[] {
  const typeNode = get(method.properties, 'AuthorizationType');
  const type = typeNode === undefined ? undefined : text(typeNode)?.toUpperCase();
  if (typeNode === undefined || type === undefined) return [];
  if (type === 'AWS_IAM') return [{ value: 'Authorization', loc: typeNode.loc }];
  if (type !== 'COGNITO_USER_POOLS' && type !== 'CUSTOM') return [];
  const authorizer = byId.get(refId(get(get(method.node, 'Properties'), 'AuthorizerId')) ?? '');
  if (authorizer?.type !== 'AWS::ApiGateway::Authorizer') return [];
  const source = text(get(authorizer.properties, 'IdentitySource'));
  return source === undefined ? [] : identitySourceHeaders(source).map((value) => ({ value, loc: typeNode.loc }));
}

/** The logical id a `!Ref Id` / `{ "Ref": "Id" }` (or an HTTP API's `!GetAtt Id.ApiId`) names. */
function refId(node: DocNode | undefined): string | undefined {
  const key = referenceKey(node) ?? '';
  return /^Ref:(.+)$/.exec(key)?.[1] ?? /^GetAtt:([^.]+)\.ApiId$/.exec(key)?.[1];
}

/**
 * One route of an API Gateway HTTP API as a template or plan declares it (`AWS::ApiGatewayV2::Route`,
 * Terraform `aws_apigatewayv2_route`), for `httpApiRoutesPreflight`.
 */
export interface HttpApiRoute {
  /** How the message names the route (logical id, resource address). */
  name: string;
  /** The route key as written (`ANY /{proxy+}`, `$default`); unknown keys are left out by the caller. */
  key: string;
  keyNode: DocNode | undefined;
  /** `AuthorizationType` / `authorization_type`; absent means `NONE`. */
  authorizationType: DocNode | undefined;
  /**
   * The identity sources of the Lambda authorizer a `CUSTOM` route names: the node (undefined when the
   * authorizer has none), or `'unresolved'` when the authorizer cannot be found.
   */
  customIdentitySources(): DocNode | undefined | 'unresolved';
}

/** A route's authorization type, or undefined when it is an expression the linter cannot see. */
function authorizationTypeText(node: DocNode): string | undefined {
  return isPlaceholder(node) ? undefined : text(node)?.toUpperCase();
}

/**
 * The preflight of an HTTP API whose `$default` route, or an `ANY` route, requires authorization. The
 * `$default` route catches every request no other route matches, OPTIONS included, so with CORS
 * configured a preflight still reaches its authorizer, which refuses it for lack of credentials (API
 * Gateway Developer Guide, http-api-cors.html, "Configuring CORS for an HTTP API with a $default route
 * and an authorizer": add an `OPTIONS /{proxy+}` route without authorization). An `ANY /path` route
 * matches OPTIONS on its path the same way, and users meet the same refused preflight there
 * (anomalyco/sst#5493: `ANY /user` with a JWT authorizer fails CORS where `GET /user` works). Undefined
 * when no such route is declared, an OPTIONS route exists, or the authorizer may let the preflight
 * through (a Lambda authorizer without identity sources); unknown when the authorizer cannot be read.
 * `api` names the API in the message; `routes` are the routes of that API.
 */
export function httpApiRoutesPreflight(api: string, routes: HttpApiRoute[]): { preflight: CorsPolicy['preflight']; served: LocatedString[] } | undefined {
  const options = routes.filter((route) => /^OPTIONS\s/i.test(route.key));
  if (options.length > 0) {
    // An OPTIONS route takes the preflights of its path, the fix the guide recommends, unless its own
    // authorization turns them away too.
    const verdicts = options.map((route) => routePreflight(api, route));
    if (verdicts.some((verdict) => verdict === undefined)) return undefined;
    const refused = verdicts.find((verdict) => verdict?.preflight.handling === 'refused-before-cors');
    if (refused === undefined) return verdicts[0];
    return { ...refused, served: routeMethods(routes.map((route) => route.key), refused.served[0]?.loc ?? refused.preflight.loc) };
  }
  const catchAll = routes.filter((route) => route.key === '$default');
  const anyMethod = routes.filter((route) => /^ANY\s/i.test(route.key));
  for (const route of [...catchAll, ...anyMethod]) {
    const guarded = routePreflight(api, route);
    if (guarded !== undefined) return guarded;
  }
  return undefined;
}

/** The methods of an HTTP API's route keys (`GET /items`; `ANY /…` and `$default` serve them all), blamed on one place. */
function routeMethods(keys: string[], loc: CorsPolicy['loc']): LocatedString[] {
  const methods = new Set(keys.flatMap((key) => (key === '$default' || /^ANY\s/i.test(key) ? GATEWAY_ANY_METHODS : [key.split(/\s/)[0]?.toUpperCase() ?? ''])));
  return [...methods].filter((method) => method !== '' && method !== 'OPTIONS').map((value) => ({ value, loc }));
}

/** The preflight one route that receives OPTIONS leaves: refused when its authorization needs credentials. */
function routePreflight(api: string, route: HttpApiRoute): { preflight: CorsPolicy['preflight']; served: LocatedString[] } | undefined {
  const typeNode = present(route.authorizationType);
  if (typeNode === undefined) return undefined;
  const unknown = { preflight: { handling: 'unknown' as const, loc: typeNode.loc }, served: [] };
  const type = authorizationTypeText(typeNode);
  if (type === undefined) return unknown;
  if (type === 'NONE') return undefined;
  // The route serves every method.
  const keyLoc = route.keyNode?.loc ?? typeNode.loc;
  const which = route.key === '$default' ? 'the $default route' : `route ${route.key}`;
  const receives = /^OPTIONS\s/i.test(route.key) ? '' : ', which also receives the preflights';
  const path = route.key === '$default' ? '' : ` ${route.key.replace(/^\S+\s+/, '')}`;
  const refused = {
    preflight: {
      handling: 'refused-before-cors' as const,
      target: `${api}${path}`,
      refusedBy: `the ${type} authorization of ${which} (${route.name}${receives})`,
      loc: typeNode.loc,
    },
    served: GATEWAY_ANY_METHODS.map((value) => ({ value, loc: keyLoc })),
  };
  if (type !== 'CUSTOM') return refused;
  const identity = route.customIdentitySources();
  if (identity === 'unresolved') return unknown;
  const sources = identity === undefined ? [] : listEntries(identity, false);
  if (sources.some((source) => source.value === undefined)) return unknown;
  return sources.length > 0 ? refused : undefined;
}

/** The routes of an `AWS::ApiGatewayV2::Api` declared as Route resources of the template. */
function templateRoutes(api: TemplateResource, resources: TemplateResource[], byId: Map<string, TemplateResource>): HttpApiRoute[] {
  return resources
    .filter((resource) => resource.type === 'AWS::ApiGatewayV2::Route' && refId(get(get(resource.node, 'Properties'), 'ApiId')) === api.id)
    .map((route) => {
      const keyNode = get(route.properties, 'RouteKey');
      return {
        name: route.id,
        key: text(keyNode)?.trim() ?? '',
        keyNode,
        authorizationType: get(route.properties, 'AuthorizationType'),
        customIdentitySources: () => {
          const authorizer = byId.get(refId(get(get(route.node, 'Properties'), 'AuthorizerId')) ?? '');
          return authorizer?.type === 'AWS::ApiGatewayV2::Authorizer' ? present(get(authorizer.properties, 'IdentitySource')) : 'unresolved';
        },
      };
    });
}

/** The resource types whose own properties configure CORS (REST methods are read separately). */
const CORS_RESOURCE_TYPES = new Set([
  'AWS::ApiGatewayV2::Api',
  'AWS::Lambda::Url',
  'AWS::S3::Bucket',
  'AWS::CloudFront::ResponseHeadersPolicy',
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::GatewayResponse',
]);

/**
 * The CORS policies of the plain CloudFormation resources in a template. The SAM adapter calls this
 * too, for the CloudFormation resources a SAM template declares next to its serverless ones.
 */
export function cloudFormationPolicies(root: DocNode): CorsPolicy[] {
  const resources = templateResources(root);
  const byId = new Map(resources.map((resource) => [resource.id, resource]));
  const conditions = get(root, 'Conditions');
  const policies: CorsPolicy[] = [];
  for (const resource of resources) {
    if (!CORS_RESOURCE_TYPES.has(resource.type)) continue;
    const name = `${resource.type} ${resource.id}`;
    switch (resource.type) {
      case 'AWS::ApiGatewayV2::Api': {
        if (text(property(resource, 'ProtocolType'))?.toUpperCase() === 'WEBSOCKET') break;
        const cors = present(property(resource, 'CorsConfiguration'));
        const rawBody = get(get(resource.node, 'Properties'), 'Body');
        const body = isMap(rawBody) ? markOpaque(rawBody) : undefined;
        if (cors !== undefined) {
          // Routes come as Route resources or in the OpenAPI Body.
          const guarded = httpApiRoutesPreflight(resource.id, templateRoutes(resource, resources, byId)) ?? (body === undefined ? undefined : openApiRoutePreflight(body));
          for (const reading of conditionReadings(cors, resource.node, 'remove', conditions)) {
            const policy = httpApiCorsPolicy(reading, PASCAL_CORS_KEYS, name);
            if (guarded !== undefined) {
              policy.preflight = guarded.preflight;
              if (guarded.served.length > 0) policy.servedMethods = guarded.served;
            }
            policies.push(policy);
          }
        } else if (body !== undefined) {
          policies.push(...openApiPolicies(body, name, { restPreflight: false }));
        }
        break;
      }
      case 'AWS::Lambda::Url': {
        const cors = present(property(resource, 'Cors'));
        if (cors !== undefined) policies.push(...conditionReadings(cors, resource.node, 'remove', conditions).map((reading) => lambdaUrlCorsPolicy(reading, PASCAL_CORS_KEYS, name)));
        break;
      }
      case 'AWS::S3::Bucket': {
        const written = present(property(resource, 'CorsConfiguration'));
        if (written === undefined) break;
        for (const configuration of conditionReadings(written, resource.node, 'remove', conditions)) {
          const rules = present(get(configuration, 'CorsRules'));
          if (rules === undefined || isIntrinsic(rules) || isIntrinsic(configuration)) {
            const block = rules ?? configuration;
            policies.push({ ...opaquePolicy(block, name, 'answered') });
            continue;
          }
          const items = isSeq(rules) ? rules.items : [];
          items.forEach((rule, index) => policies.push(s3CorsRulePolicy(rule, S3_CLOUDFORMATION_KEYS, `${name} CorsRules[${index}]`)));
        }
        break;
      }
      case 'AWS::CloudFront::ResponseHeadersPolicy': {
        const cors = present(property(resource, 'ResponseHeadersPolicyConfig', 'CorsConfig'));
        if (cors !== undefined) policies.push(...conditionReadings(cors, resource.node, 'remove', conditions).map((reading) => cloudFrontCorsPolicy(reading, CLOUDFRONT_CLOUDFORMATION_KEYS, name)));
        break;
      }
      case 'AWS::ApiGateway::RestApi': {
        const body = get(get(resource.node, 'Properties'), 'Body');
        if (isMap(body)) policies.push(...openApiPolicies(markOpaque(body), name, { restPreflight: true, restApi: true }));
        break;
      }
      case 'AWS::ApiGateway::GatewayResponse': {
        const block = resource.properties;
        const responseType = text(get(block, 'ResponseType')) ?? 'gateway response';
        const policy = block && gatewayResponsePolicy(gatewayResponseHeaders(get(block, 'ResponseParameters')), block, `${name} (${responseType})`);
        if (policy !== undefined) policies.push(policy);
        break;
      }
      default:
        break;
    }
  }
  policies.push(...restMethodPolicies(resources));
  return policies;
}

export const awsCloudFormation: Adapter = {
  name: 'aws-cloudformation',
  description:
    'AWS CloudFormation templates (YAML/JSON, CDK cdk.out/*.template.json): ApiGatewayV2 CorsConfiguration, Lambda URL Cors, S3 CorsRules, CloudFront CorsConfig, API Gateway REST OPTIONS methods',
  // SAM templates are CloudFormation too; the SAM adapter reads their plain resources as well.
  detect: (doc: ConfigDocument) => isTemplate(doc) && !isSamTemplate(doc),
  extract: (doc: ConfigDocument) => cloudFormationPolicies(doc.root),
};
