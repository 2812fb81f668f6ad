/**
 * Terraform JSON: `*.tf.json` configurations (see `configurationResources`), and plans and state as
 * `terraform show -json` prints them. Reference: Terraform docs, "JSON
 * Output Format" (developer.hashicorp.com/terraform/internals/json-format): `resource_changes[]` with
 * `address`, `type`, `change.actions`, `change.after` and `change.after_unknown` ("an object value with
 * similar structure to after, but with all unknown leaf values replaced with true"); `planned_values`
 * (a plan) or `values` (state) with `root_module.resources[]` and nested `child_modules`. Values that
 * are "(known after apply)" are unknown. Policies are reported at the JSON position of the values in
 * `resource_changes`, or in `planned_values`/`values` for a resource `resource_changes` does not list,
 * with the resource address in `source`.
 *
 * Resources and their provider schemas (registry.terraform.io docs for each resource):
 * - `aws_apigatewayv2_api.cors_configuration` (allow_credentials, allow_headers, allow_methods,
 *   allow_origins, expose_headers, max_age): API Gateway HTTP API semantics (aws-cloudformation.ts);
 *   its `aws_apigatewayv2_route`s (route_key, authorization_type, authorizer_id) and their
 *   `aws_apigatewayv2_authorizer` (identity_sources) decide whether preflights get through, as for
 *   `AWS::ApiGatewayV2::Route` (`httpApiRoutesPreflight`);
 * - the OpenAPI `body` of `aws_apigatewayv2_api` and `aws_api_gateway_rest_api` (a JSON or YAML string),
 *   read as CloudFormation reads an API's `Body` (openapi.ts), at the position of the attribute;
 * - `aws_lambda_function_url.cors` (same keys): Lambda function URL semantics;
 * - `aws_s3_bucket_cors_configuration.cors_rule` and the older inline `aws_s3_bucket.cors_rule`
 *   (allowed_headers, allowed_methods, allowed_origins, expose_headers, max_age_seconds): S3 (s3-api-cors.ts);
 * - `aws_cloudfront_response_headers_policy.cors_config` (access_control_allow_origins[0].items, …,
 *   access_control_max_age_sec, origin_override): CloudFront (aws-cloudformation.ts);
 * - `cloudflare_r2_bucket_cors.rules` (allowed { origins, methods, headers }, expose_headers,
 *   max_age_seconds): Cloudflare R2, with S3 semantics (s3-api-cors.ts);
 * - `google_storage_bucket.cors` (origin, method, response_header, max_age_seconds): gcs-cors.ts;
 * - `kubernetes_ingress_v1.metadata.annotations` (and `kubernetes_ingress`): ingress-nginx's Ingress
 *   annotations (ingress-nginx.ts);
 * - `aws_api_gateway_integration_response.response_parameters` / `response_templates` (REST API header
 *   mappings, `"method.response.header.Access-Control-Allow-Origin" = "'*'"`): read as in
 *   cloud-common.ts `restMappingPolicy`; an OPTIONS integration response answers preflights unless its
 *   `aws_api_gateway_method` needs an API key or authorization (`guardedOptionsPolicies`);
 * - `aws_api_gateway_gateway_response.response_parameters` (`gatewayresponse.header.*`): the CORS
 *   headers on API Gateway's own errors, cloud-common.ts `gatewayResponsePolicy`;
 * - the AWS Cloud Control provider (hashicorp/awscc), which names each attribute after the CloudFormation
 *   property in snake case and writes nested properties as objects (registry.terraform.io/providers/
 *   hashicorp/awscc docs): `awscc_apigatewayv2_api` (`cors_configuration`, `body`) and `awscc_lambda_url`
 *   (`cors`) as their aws provider counterparts, `awscc_s3_bucket.cors_configuration.cors_rules`
 *   (allowed_headers, allowed_methods, allowed_origins, exposed_headers, max_age) and
 *   `awscc_cloudfront_response_headers_policy.response_headers_policy_config.cors_config`
 *   (access_control_allow_origins.items, …), with CloudFormation's semantics;
 * - `azurerm_storage_account` `blob_properties` / `queue_properties` / `share_properties` `cors_rule`
 *   (allowed_headers, allowed_methods, allowed_origins, exposed_headers, max_age_in_seconds): Azure
 *   Storage semantics (azure.ts);
 * - `azurerm_container_app` `ingress.cors` (allowed_origins, allowed_methods, allowed_headers,
 *   exposed_headers, max_age_in_seconds, allow_credentials_enabled): Container Apps semantics (azure.ts);
 * - azurerm web and function apps (`azurerm_linux_web_app`, `azurerm_windows_function_app`, their
 *   slots, `azurerm_function_app_flex_consumption`, and the older `azurerm_app_service` /
 *   `azurerm_function_app`): `site_config.cors` (allowed_origins, support_credentials), App Service
 *   semantics (azure.ts).
 */
import type { CorsPolicy, LocatedString, SourceLocation } from '@corsguard/core';
import { get, isMap, isPlaceholder, isScalar, isSeq, items } from '../document/access.js';
import type { ConfigDocument, DocNode, MapEntry, MapNode, ScalarNode, SeqNode } from '../document/node.js';
import { parseConfigText } from '../document/parse.js';
import type { Adapter } from './adapter.js';
import {
  cloudFrontCorsPolicy,
  httpApiCorsPolicy,
  httpApiRoutesPreflight,
  lambdaUrlCorsPolicy,
  SNAKE_CORS_KEYS,
  type CloudFrontKeyNames,
  type HttpApiRoute,
} from './aws-cloudformation.js';
import {
  APP_SERVICE_TERRAFORM_KEYS,
  appServiceCorsPolicy,
  CONTAINER_APP_TERRAFORM_KEYS,
  containerAppCorsPolicy,
  STORAGE_TERRAFORM_KEYS,
  storageCorsRulePolicy,
} from './azure.js';
import {
  apiKeyFromHeader,
  authorizerRefusesPreflight,
  dig,
  dynamic,
  fileName,
  gatewayResponseHeaders,
  gatewayResponsePolicy,
  identitySourceHeaders,
  mapsCorsHeaders,
  markOpaque,
  present,
  restHeaderMapping,
  restMappingPolicy,
  text,
} from './cloud-common.js';
import { annotationPolicies, servedByOtherController } from './ingress-nginx.js';
import { openApiPolicies, openApiRoutePreflight } from './openapi.js';
import { GCS_TERRAFORM_KEYS, gcsCorsRulePolicy } from './gcs-cors.js';
import { R2_TERRAFORM_KEYS, r2CorsRulePolicy, S3_TERRAFORM_KEYS, s3CorsRulePolicy, type S3KeyNames } from './s3-api-cors.js';

const CLOUDFRONT_TERRAFORM_KEYS: CloudFrontKeyNames = {
  allowOrigins: ['access_control_allow_origins', 0, 'items'],
  allowCredentials: 'access_control_allow_credentials',
  allowHeaders: ['access_control_allow_headers', 0, 'items'],
  allowMethods: ['access_control_allow_methods', 0, 'items'],
  exposeHeaders: ['access_control_expose_headers', 0, 'items'],
  maxAge: 'access_control_max_age_sec',
  originOverride: 'origin_override',
};

/** `awscc_cloudfront_response_headers_policy`: CloudFormation's CorsConfig, its item lists as `{ items }` objects. */
const CLOUDFRONT_AWSCC_KEYS: CloudFrontKeyNames = {
  allowOrigins: ['access_control_allow_origins', 'items'],
  allowCredentials: 'access_control_allow_credentials',
  allowHeaders: ['access_control_allow_headers', 'items'],
  allowMethods: ['access_control_allow_methods', 'items'],
  exposeHeaders: ['access_control_expose_headers', 'items'],
  maxAge: 'access_control_max_age_sec',
  originOverride: 'origin_override',
};

/** `awscc_s3_bucket` CorsRule: CloudFormation's names (`ExposedHeaders`, `MaxAge`) in snake case. */
const S3_AWSCC_KEYS: S3KeyNames = {
  allowedOrigins: 'allowed_origins',
  allowedMethods: 'allowed_methods',
  allowedHeaders: 'allowed_headers',
  exposeHeaders: 'exposed_headers',
  maxAge: 'max_age',
};

const AZURE_APP = /^azurerm_(?:(?:linux_|windows_)?(?:web_app|function_app|app_service)(?:_slot)?|function_app_flex_consumption)$/;

/** Deepest nesting `withUnknowns` follows; resource attributes are a few blocks deep. */
const OVERLAY_DEPTH = 16;

/**
 * `after` with every value `after_unknown` marks unknown turned into a dynamic node, so the shared
 * helpers treat "(known after apply)" values as unknown.
 */
function withUnknowns(value: DocNode | undefined, unknown: DocNode | undefined, depth = 0): DocNode | undefined {
  if (isScalar(unknown) && unknown.value === true) {
    const known = present(value);
    return known === undefined || known.type === 'dynamic' ? dynamic(unknown, '(known after apply)') : dynamic(known, '(known after apply)');
  }
  if (value === undefined || unknown === undefined || depth >= OVERLAY_DEPTH) return value;
  if (isMap(value) && isMap(unknown)) {
    const entries: MapEntry[] = value.entries.map((entry) => ({
      key: entry.key,
      value: withUnknowns(entry.value, get(unknown, String(entry.key.value)), depth + 1) ?? entry.value,
    }));
    for (const entry of unknown.entries) {
      if (get(value, String(entry.key.value)) === undefined && isScalar(entry.value) && entry.value.value === true) {
        entries.push({ key: entry.key, value: dynamic(entry.value, '(known after apply)') });
      }
    }
    return { type: 'map', entries, loc: value.loc };
  }
  if (isSeq(value) && isSeq(unknown)) {
    const items = value.items.map((item, index) => withUnknowns(item, unknown.items[index], depth + 1) ?? item);
    return { type: 'seq', items, loc: value.loc };
  }
  return value;
}

interface PlanResource {
  address: string;
  type: string;
  values: DocNode;
  /** The module instance the resource is in (`module.api`, `module.api["eu"]`), empty at the root. */
  module: string;
  /** The resource name and, under `count` / `for_each`, its instance key. */
  name: string;
  index: string | number | undefined;
}

/**
 * Resource types read only to complete the policy of another resource: the routes and authorizers of
 * an `aws_apigatewayv2_api` (`guardedApiPolicies`), and the OPTIONS methods of REST resources with their
 * authorizers (`guardedOptionsPolicies`), which decide whether preflights get through.
 */
const LINKED_TYPES = new Set([
  'aws_apigatewayv2_route',
  'aws_apigatewayv2_authorizer',
  'aws_api_gateway_method',
  'aws_api_gateway_authorizer',
  'aws_api_gateway_resource',
]);

function isReadType(type: string): boolean {
  return readerFor(type) !== undefined || LINKED_TYPES.has(type);
}

/** A resource instance key as plans write it (`"index": 0`, `"index": "eu"`). */
function instanceKey(node: DocNode | undefined): string | number | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? node.value : undefined;
}

/**
 * Resources of a raw state file (`terraform.tfstate`, format version 4, as the local backend writes it
 * and `terraform state pull` prints it): `resources[]` with `mode`, `type`, `name`, an optional
 * `module`, and `instances[]` whose `attributes` hold the values and `index_key` the count or for_each
 * key. State holds no unknown values.
 */
function stateResources(resources: DocNode | undefined): PlanResource[] {
  if (!isSeq(resources)) return [];
  return resources.items.flatMap((resource) => {
    const type = text(get(resource, 'type'));
    const mode = text(get(resource, 'mode'));
    if (type === undefined || !isReadType(type) || (mode !== undefined && mode !== 'managed')) return [];
    const module = text(get(resource, 'module')) ?? '';
    const name = text(get(resource, 'name')) ?? '';
    return items(get(resource, 'instances')).flatMap((instance) => {
      const values = present(get(instance, 'attributes'));
      if (values === undefined) return [];
      const index = instanceKey(get(instance, 'index_key'));
      const key = index === undefined ? '' : typeof index === 'number' ? `[${index}]` : `[${JSON.stringify(index)}]`;
      return [{ address: `${module === '' ? '' : `${module}.`}${type}.${name}${key}`, type, values, module, name, index }];
    });
  });
}

/** A raw state file of format 4 (Terraform 0.12 and later): `version`, Terraform's own version, and `resources`. */
function isRawState(doc: ConfigDocument): boolean {
  const root = doc.root;
  const version = get(root, 'version');
  return (
    isScalar(version) &&
    typeof version.value === 'number' &&
    version.value >= 4 &&
    get(root, 'terraform_version') !== undefined &&
    isSeq(get(root, 'resources'))
  );
}

/** Resources from `resource_changes` (what the plan will leave in place), skipping deletions. */
function changedResources(changes: DocNode): PlanResource[] {
  if (!isSeq(changes)) return [];
  return changes.items.flatMap((change) => {
    const mode = text(get(change, 'mode'));
    const type = text(get(change, 'type'));
    // Only resources that can carry CORS settings get their values overlaid with after_unknown.
    if (type === undefined || !isReadType(type)) return [];
    const address = text(get(change, 'address')) ?? type;
    const after = present(dig(change, 'change', 'after'));
    if ((mode !== undefined && mode !== 'managed') || after === undefined) return [];
    const values = withUnknowns(after, dig(change, 'change', 'after_unknown'));
    const module = text(get(change, 'module_address')) ?? '';
    return values === undefined ? [] : [{ address, type, values, module, name: text(get(change, 'name')) ?? '', index: instanceKey(get(change, 'index')) }];
  });
}

/** The address of every entry of `resource_changes`, deletions and unread types included. */
function changeAddresses(changes: DocNode | undefined): string[] {
  if (!isSeq(changes)) return [];
  return changes.items.flatMap((change) => {
    const address = text(get(change, 'address'));
    return address === undefined ? [] : [address];
  });
}

/** Resources of a module in `planned_values` / `values`, with its child modules. */
function moduleResources(module: DocNode | undefined, depth = 0): PlanResource[] {
  if (module === undefined || depth > 32) return [];
  const own = get(module, 'resources');
  const moduleAddress = text(get(module, 'address')) ?? '';
  const resources: PlanResource[] = (isSeq(own) ? own.items : []).flatMap((resource) => {
    const type = text(get(resource, 'type'));
    if (type === undefined || !isReadType(type)) return [];
    const values = present(get(resource, 'values'));
    const mode = text(get(resource, 'mode'));
    if (values === undefined || (mode !== undefined && mode !== 'managed')) return [];
    return [
      {
        address: text(get(resource, 'address')) ?? type,
        type,
        values,
        module: moduleAddress,
        name: text(get(resource, 'name')) ?? '',
        index: instanceKey(get(resource, 'index')),
      },
    ];
  });
  const children = get(module, 'child_modules');
  return [...resources, ...(isSeq(children) ? children.items.flatMap((child) => moduleResources(child, depth + 1)) : [])];
}

/** Deepest nesting `relocated` copies; OpenAPI definitions stay far below it. */
const EMBEDDED_DEPTH = 64;

/**
 * A copy of a tree parsed from a string value, with every node at the string's own position: the
 * plan writes the whole definition on one line, with escapes, so positions inside it do not map back
 * to columns, and findings point at the attribute. String scalars lose their source text so no helper
 * computes a column inside them.
 */
function relocated(node: DocNode, loc: SourceLocation, depth = 0): DocNode {
  switch (node.type) {
    case 'scalar':
      return { type: 'scalar', value: node.value, text: typeof node.value === 'string' ? '' : node.text, loc };
    case 'map':
      return {
        type: 'map',
        entries: depth >= EMBEDDED_DEPTH ? [] : node.entries.map((entry) => ({ key: relocated(entry.key, loc, depth + 1) as ScalarNode, value: relocated(entry.value, loc, depth + 1) })),
        loc,
      };
    case 'seq':
      return { type: 'seq', items: depth >= EMBEDDED_DEPTH ? [] : node.items.map((item) => relocated(item, loc, depth + 1)), loc };
    case 'dynamic':
      return dynamic(relocated(node.inner, loc, depth + 1) as ScalarNode | MapNode | SeqNode, node.tag, loc);
  }
}

/**
 * The OpenAPI definition in an API's `body` (provider docs, aws_api_gateway_rest_api and
 * aws_apigatewayv2_api: "OpenAPI specification that defines the set of routes and integrations"):
 * a JSON or YAML string, as `jsonencode(…)`, `file(…)` or `templatefile(…)` leave it in a plan or
 * state. Undefined when the value is unknown, a template directive (`%{ … }`), or does not parse to a
 * mapping. A `*.tf.json` configuration (CDKTF, Wing) writes the definition as a literal with `${…}`
 * interpolations in some of its strings, the Lambda ARNs in integration URIs as a rule (Terraform docs,
 * "JSON Configuration Syntax": string values are templates); only those strings are unknown, the rest
 * of the definition is what the API gets. A plan can hold `${stageVariables.…}` the same way.
 */
function embeddedDefinition(node: DocNode | undefined): DocNode | undefined {
  const source = present(node);
  const definition = text(source);
  if (source === undefined || definition === undefined || definition.includes('%{')) return undefined;
  const parsed = parseConfigText(/^\s*[{[]/.test(definition) ? 'body.json' : 'body.yaml', definition);
  const root = parsed.errors.length === 0 && parsed.documents.length === 1 ? parsed.documents[0]?.root : undefined;
  return isMap(root) ? markOpaque(relocated(root, source.loc), isPlaceholder) : undefined;
}

function blocks(values: DocNode, key: string): DocNode[] {
  const node = present(get(values, key));
  if (node === undefined) return [];
  return isSeq(node) ? node.items : [node];
}

type ResourceReader = (values: DocNode, address: string) => CorsPolicy[];

/** How each resource type that can carry CORS settings is read; other types are never looked into. */
const RESOURCE_READERS: Record<string, ResourceReader> = {
  aws_apigatewayv2_api: httpApiPolicies,
  awscc_apigatewayv2_api: httpApiPolicies,
  aws_api_gateway_rest_api: (values, address) => {
    const body = embeddedDefinition(get(values, 'body'));
    return body === undefined ? [] : openApiPolicies(body, address, { restPreflight: true, restApi: true });
  },
  aws_lambda_function_url: lambdaUrlPolicies,
  awscc_lambda_url: lambdaUrlPolicies,
  aws_s3_bucket_cors_configuration: s3Rules,
  aws_s3_bucket: s3Rules,
  awscc_s3_bucket: (values, address) =>
    blocks(values, 'cors_configuration').flatMap((configuration) =>
      blocks(configuration, 'cors_rules').map((rule, index) => s3CorsRulePolicy(rule, S3_AWSCC_KEYS, `${address} cors_rules[${index}]`)),
    ),
  aws_cloudfront_response_headers_policy: (values, address) =>
    blocks(values, 'cors_config').map((block) => cloudFrontCorsPolicy(block, CLOUDFRONT_TERRAFORM_KEYS, address)),
  awscc_cloudfront_response_headers_policy: (values, address) =>
    blocks(values, 'response_headers_policy_config').flatMap((config) =>
      blocks(config, 'cors_config').map((block) => cloudFrontCorsPolicy(block, CLOUDFRONT_AWSCC_KEYS, address)),
    ),
  kubernetes_ingress_v1: kubernetesIngressPolicies,
  kubernetes_ingress: kubernetesIngressPolicies,
  cloudflare_r2_bucket_cors: (values, address) =>
    blocks(values, 'rules').map((rule, index) => r2CorsRulePolicy(rule, R2_TERRAFORM_KEYS, `${address} rules[${index}]`)),
  google_storage_bucket: (values, address) =>
    blocks(values, 'cors').map((rule, index) => gcsCorsRulePolicy(rule, GCS_TERRAFORM_KEYS, `${address} cors[${index}]`)),
  azurerm_storage_account: (values, address) =>
    ['blob_properties', 'queue_properties', 'share_properties'].flatMap((service) =>
      blocks(values, service).flatMap((properties) =>
        blocks(properties, 'cors_rule').map((rule, index) =>
          storageCorsRulePolicy(rule, STORAGE_TERRAFORM_KEYS, `${address} ${service} cors_rule[${index}]`),
        ),
      ),
    ),
  azurerm_container_app: (values, address) =>
    blocks(values, 'ingress').flatMap((ingress) =>
      blocks(ingress, 'cors').map((block) => containerAppCorsPolicy(block, CONTAINER_APP_TERRAFORM_KEYS, address)),
    ),
  aws_api_gateway_integration_response: (values, address) => {
    // REST APIs send the CORS headers their integration responses map; an OPTIONS one answers preflights.
    const mapping = restHeaderMapping(get(values, 'response_parameters'), get(values, 'response_templates'));
    if (!mapsCorsHeaders(mapping)) return [];
    const isOptions = text(get(values, 'http_method'))?.toUpperCase() === 'OPTIONS';
    return [restMappingPolicy(mapping, values, address, { handling: isOptions ? 'answered' : 'unknown', loc: values.loc })];
  },
  aws_api_gateway_gateway_response: (values, address) => {
    const responseType = text(get(values, 'response_type')) ?? 'gateway response';
    const policy = gatewayResponsePolicy(gatewayResponseHeaders(get(values, 'response_parameters')), values, `${address} (${responseType})`);
    return policy === undefined ? [] : [policy];
  },
};

/** An HTTP API's CORS configuration, or the CORS its OpenAPI body configures. */
function httpApiPolicies(values: DocNode, address: string): CorsPolicy[] {
  if (text(get(values, 'protocol_type'))?.toUpperCase() === 'WEBSOCKET') return [];
  const cors = blocks(values, 'cors_configuration');
  const body = embeddedDefinition(get(values, 'body'));
  if (cors.length > 0) {
    // Routes come as aws_apigatewayv2_route resources (`guardedApiPolicies`) or in the OpenAPI body.
    const guarded = body === undefined ? undefined : openApiRoutePreflight(body);
    return cors.map((block) => {
      const policy = httpApiCorsPolicy(block, SNAKE_CORS_KEYS, address);
      return guarded === undefined ? policy : { ...policy, preflight: guarded.preflight, ...(guarded.served.length > 0 ? { servedMethods: guarded.served } : {}) };
    });
  }
  return body === undefined ? [] : openApiPolicies(body, address, { restPreflight: false });
}

function lambdaUrlPolicies(values: DocNode, address: string): CorsPolicy[] {
  return blocks(values, 'cors').map((block) => lambdaUrlCorsPolicy(block, SNAKE_CORS_KEYS, address));
}

function s3Rules(values: DocNode, address: string): CorsPolicy[] {
  return blocks(values, 'cors_rule').map((rule, index) => s3CorsRulePolicy(rule, S3_TERRAFORM_KEYS, `${address} cors_rule[${index}]`));
}

function azureApp(values: DocNode, address: string): CorsPolicy[] {
  return blocks(values, 'site_config').flatMap((siteConfig) =>
    blocks(siteConfig, 'cors').map((block) => appServiceCorsPolicy(block, APP_SERVICE_TERRAFORM_KEYS, address)),
  );
}

/**
 * `kubernetes_ingress_v1` (and the older `kubernetes_ingress`) of the hashicorp/kubernetes provider: its
 * `metadata.annotations` are the Ingress's, read as ingress-nginx reads them unless `spec.ingress_class_name`
 * (or the `kubernetes.io/ingress.class` annotation) names another controller's class.
 */
function kubernetesIngressPolicies(values: DocNode, address: string): CorsPolicy[] {
  const annotations = get(blocks(values, 'metadata')[0], 'annotations');
  if (!isMap(annotations)) return [];
  const ingressClass = text(get(blocks(values, 'spec')[0], 'ingress_class_name')) ?? text(get(annotations, 'kubernetes.io/ingress.class'));
  return servedByOtherController(ingressClass) ? [] : annotationPolicies(annotations, address);
}

function readerFor(type: string): ResourceReader | undefined {
  return Object.hasOwn(RESOURCE_READERS, type) ? RESOURCE_READERS[type] : AZURE_APP.test(type) ? azureApp : undefined;
}

function resourcePolicies(resource: PlanResource): CorsPolicy[] {
  return readerFor(resource.type)?.(resource.values, resource.address) ?? [];
}

/** A reference to a resource instance: `aws_apigatewayv2_api.http`, with `[0]` / `["eu"]` and an attribute or not. */
const RESOURCE_REFERENCE = /^([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)(?:\[(\d+|"(?:[^"\\]|\\.)*")\])?(?:\.[\w-]+)*$/;

interface ResourceReference {
  type: string;
  name: string;
  index: string | number | undefined;
}

function parseReference(reference: string): ResourceReference | undefined {
  const match = RESOURCE_REFERENCE.exec(reference.trim());
  if (match === null) return undefined;
  const [, type = '', name = '', key] = match;
  if (type === 'module' || type === 'var' || type === 'local' || type === 'each' || type === 'count' || type === 'data' || type === 'path' || type === 'self') return undefined;
  return { type, name, index: key === undefined ? undefined : key.startsWith('"') ? (JSON.parse(key) as string) : Number(key) };
}

/**
 * The resource an expression refers to, when every reference in it names the same resource (as
 * `references` lists it: `aws_apigatewayv2_api.http.id`, `aws_apigatewayv2_api.http`); undefined when
 * it also reads a variable, a module output or another resource (`try(a.x[each.key].id, each.value.id)`).
 */
function soleReference(references: string[]): ResourceReference | undefined {
  const parsed = references.map(parseReference);
  const first = parsed[0];
  if (first === undefined || parsed.some((reference) => reference === undefined || reference.type !== first.type || reference.name !== first.name)) {
    return undefined;
  }
  return { ...first, index: parsed.find((reference) => reference?.index !== undefined)?.index };
}

/** The module block of the configuration that a module instance address (`module.a["x"].module.b`) comes from. */
function configurationModule(configuration: DocNode | undefined, moduleAddress: string): DocNode | undefined {
  const names = [...moduleAddress.replace(/\[(?:\d+|"(?:[^"\\]|\\.)*")\]/g, '').matchAll(/(?:^|\.)module\.([^.]+)/g)].map((match) => match[1] ?? '');
  let module = get(configuration, 'root_module');
  for (const name of names) module = get(get(get(module, 'module_calls'), name), 'module');
  return module;
}

/**
 * What a resource's attribute is computed from: the plan's configuration snapshot (`configuration`:
 * each resource's `expressions.<attribute>.references`) or, in a `*.tf.json` configuration, the
 * `"${…}"` expression written as the value. Undefined when neither says.
 */
function expressionReferences(resource: PlanResource, attribute: string, configuration: DocNode | undefined): string[] | undefined {
  // Pairing resources asks for the same expressions many times over in a large plan.
  let cached = REFERENCES.get(resource);
  if (cached === undefined) {
    cached = new Map();
    REFERENCES.set(resource, cached);
  }
  if (cached.has(attribute)) return cached.get(attribute);
  const references = readReferences(resource, attribute, configuration);
  cached.set(attribute, references);
  return references;
}

const REFERENCES = new WeakMap<PlanResource, Map<string, string[] | undefined>>();

function readReferences(resource: PlanResource, attribute: string, configuration: DocNode | undefined): string[] | undefined {
  const written = text(get(resource.values, attribute));
  const template = written === undefined ? undefined : /^\$\{([^{}]*)\}$/.exec(written.trim())?.[1];
  if (template !== undefined) return [template.trim()];
  const module = configurationModule(configuration, resource.module);
  const resources = get(module, 'resources');
  const declared = (isSeq(resources) ? resources.items : []).find(
    (candidate) => text(get(candidate, 'type')) === resource.type && text(get(candidate, 'name')) === resource.name,
  );
  const references = get(dig(declared, 'expressions', attribute), 'references');
  if (!isSeq(references) || references.items.length === 0) return undefined;
  const names = references.items.map(text);
  return names.every((name) => name !== undefined) ? (names as string[]) : undefined;
}

/** The one resource an attribute's expression refers to (see `soleReference`). */
function attributeReference(resource: PlanResource, attribute: string, configuration: DocNode | undefined): ResourceReference | undefined {
  const references = expressionReferences(resource, attribute, configuration);
  return references === undefined ? undefined : soleReference(references);
}

/** An attribute's value when the plan knows it. */
function knownText(resource: PlanResource, attribute: string): string | undefined {
  const node = present(get(resource.values, attribute));
  return node === undefined || isPlaceholder(node) ? undefined : text(node);
}

/**
 * Whether two resources' attributes hold the same value: both known and equal, the first computed
 * from the second resource itself (`aws_api_gateway_method.options.resource_id`), or both computed by
 * the same references in the same module instance (`var.api_resource_id` in a module's resources).
 * Undefined when the plan cannot tell.
 */
function sameValue(a: PlanResource, attributeA: string, b: PlanResource, attributeB: string, configuration: DocNode | undefined): boolean | undefined {
  const valueA = knownText(a, attributeA);
  const valueB = knownText(b, attributeB);
  if (valueA !== undefined && valueB !== undefined) return valueA === valueB;
  const referencesA = expressionReferences(a, attributeA, configuration);
  const source = referencesA === undefined ? undefined : soleReference(referencesA);
  if (source !== undefined && source.type === b.type && source.name === b.name && a.module === b.module && (source.index === undefined || source.index === b.index)) {
    return true;
  }
  const referencesB = expressionReferences(b, attributeB, configuration);
  if (referencesA === undefined || referencesB === undefined || a.module !== b.module) return undefined;
  // `each.value.id` in two for_each resources is the same value only for the same instance key.
  if (referencesA.some((reference) => /^(?:each|count)\./.test(reference)) && (a.index === undefined || a.index !== b.index)) return undefined;
  const setB = new Set(referencesB);
  return referencesA.length === setB.size && referencesA.every((reference) => setB.has(reference)) ? true : undefined;
}

/**
 * The resource of `targetType` that a resource's id attribute (`api_id`, `authorizer_id`) names in this
 * document: by the id value when both are known (state, unchanged resources), else by the reference
 * the configuration writes. Undefined when it cannot be told (an id from a variable, a data source or
 * another state), so the caller stays silent.
 */
function linkedResource(resource: PlanResource, attribute: string, targetType: string, resources: PlanResource[], configuration: DocNode | undefined): PlanResource | undefined {
  const candidates = resources.filter((candidate) => candidate.type === targetType);
  const id = present(get(resource.values, attribute));
  const idText = id === undefined || isPlaceholder(id) ? undefined : text(id);
  if (idText !== undefined) {
    const byId = candidates.filter((candidate) => text(get(candidate.values, 'id')) === idText);
    return byId.length === 1 ? byId[0] : undefined;
  }
  const reference = attributeReference(resource, attribute, configuration);
  if (reference?.type !== targetType) return undefined;
  const named = candidates.filter(
    (candidate) => candidate.module === resource.module && candidate.name === reference.name && (reference.index === undefined || candidate.index === reference.index),
  );
  return named.length === 1 ? named[0] : undefined;
}

/**
 * An `aws_apigatewayv2_api`'s policies with the preflight its routes leave: a `$default` or `ANY` route
 * behind an authorizer also receives the preflights and refuses them (see `httpApiRoutesPreflight`).
 * Routes are the `aws_apigatewayv2_route` resources whose `api_id` names this API; a route whose key
 * is an expression might be the OPTIONS route that lets preflights through, so then nothing is said.
 */
function guardedApiPolicies(api: PlanResource, policies: CorsPolicy[], resources: PlanResource[], configuration: DocNode | undefined): CorsPolicy[] {
  if (api.type !== 'aws_apigatewayv2_api' || policies.length === 0) return policies;
  const routes: HttpApiRoute[] = [];
  for (const route of resources) {
    if (route.type !== 'aws_apigatewayv2_route' || linkedResource(route, 'api_id', 'aws_apigatewayv2_api', resources, configuration) !== api) continue;
    const keyNode = present(get(route.values, 'route_key'));
    const key = keyNode === undefined || isPlaceholder(keyNode) ? undefined : text(keyNode)?.trim();
    if (key === undefined) return policies;
    routes.push({
      name: route.address,
      key,
      keyNode,
      authorizationType: get(route.values, 'authorization_type'),
      customIdentitySources: () => {
        const authorizer = linkedResource(route, 'authorizer_id', 'aws_apigatewayv2_authorizer', resources, configuration);
        return authorizer === undefined ? 'unresolved' : present(get(authorizer.values, 'identity_sources'));
      },
    });
  }
  const guarded = httpApiRoutesPreflight(api.address, routes);
  if (guarded === undefined) return policies;
  return policies.map((policy) => ({ ...policy, preflight: guarded.preflight, ...(guarded.served.length > 0 ? { servedMethods: guarded.served } : {}) }));
}

/**
 * The preflight an `aws_api_gateway_method` for OPTIONS leaves when its own authorization turns
 * preflights away before its integration answers them (browsers send them without credentials or API
 * keys): an API key requirement, `AWS_IAM` or `COGNITO_USER_POOLS` authorization, or a `CUSTOM`
 * authorizer that needs a header or other identity source (`authorizerRefusesPreflight`; the provider
 * defaults `type` to TOKEN). Undefined when it lets them through; unknown when it cannot be read.
 */
function optionsMethodPreflight(method: PlanResource, resources: PlanResource[], configuration: DocNode | undefined): CorsPolicy['preflight'] | undefined {
  const resource = linkedResource(method, 'resource_id', 'aws_api_gateway_resource', resources, configuration);
  const path = resource === undefined ? undefined : (knownText(resource, 'path') ?? resource.address);
  const refused = (what: string, loc: SourceLocation): CorsPolicy['preflight'] => ({
    handling: 'refused-before-cors',
    target: path ?? `REST resource ${knownText(method, 'resource_id') ?? '(unknown id)'}`,
    refusedBy: `${what} of OPTIONS method ${method.address}`,
    loc,
  });
  const apiKey = present(get(method.values, 'api_key_required'));
  if (isScalar(apiKey) && (apiKey.value === true || apiKey.value === 'true')) return refused('the API key requirement', apiKey.loc);
  const typeNode = present(get(method.values, 'authorization'));
  if (typeNode === undefined) return undefined;
  const type = isPlaceholder(typeNode) ? undefined : text(typeNode)?.toUpperCase();
  if (type === undefined) return { handling: 'unknown', loc: typeNode.loc };
  if (type === 'NONE') return undefined;
  if (type !== 'CUSTOM') return refused(`the ${type} authorization`, typeNode.loc);
  const authorizer = linkedResource(method, 'authorizer_id', 'aws_api_gateway_authorizer', resources, configuration);
  if (authorizer === undefined) return { handling: 'unknown', loc: typeNode.loc };
  const authorizerType = present(get(authorizer.values, 'type')) === undefined ? 'TOKEN' : knownText(authorizer, 'type')?.toUpperCase();
  const identity = present(get(authorizer.values, 'identity_source'));
  if (authorizerType === undefined || (identity !== undefined && knownText(authorizer, 'identity_source') === undefined)) return { handling: 'unknown', loc: typeNode.loc };
  // TOKEN authorizers read method.request.header.Authorization when identity_source is not set.
  return authorizerRefusesPreflight(authorizerType, knownText(authorizer, 'identity_source') ?? (authorizerType === 'TOKEN' ? 'method.request.header.Authorization' : undefined))
    ? refused(`the ${authorizerType} authorizer ${authorizer.address}`, typeNode.loc)
    : { handling: 'unknown', loc: typeNode.loc };
}

/**
 * An OPTIONS `aws_api_gateway_integration_response`'s policies, with the preflight its method leaves:
 * the integration answers preflights only when the `aws_api_gateway_method` for OPTIONS on the same
 * API and resource lets them through (`optionsMethodPreflight`). The method is found when the plan
 * shows it is the same one; otherwise the answer stands.
 */
function guardedOptionsPolicies(response: PlanResource, policies: CorsPolicy[], resources: PlanResource[], configuration: DocNode | undefined): CorsPolicy[] {
  if (response.type !== 'aws_api_gateway_integration_response' || policies.length === 0) return policies;
  if (knownText(response, 'http_method')?.toUpperCase() !== 'OPTIONS') return policies;
  const methods = resources.filter(
    (method) =>
      method.type === 'aws_api_gateway_method' &&
      knownText(method, 'http_method')?.toUpperCase() === 'OPTIONS' &&
      sameValue(response, 'resource_id', method, 'resource_id', configuration) === true &&
      sameValue(response, 'rest_api_id', method, 'rest_api_id', configuration) === true,
  );
  const method = methods.length === 1 ? methods[0] : undefined;
  const preflight = method === undefined ? undefined : optionsMethodPreflight(method, resources, configuration);
  if (preflight === undefined) return policies;
  // A refused preflight is needed by the headers the resource's other methods make every caller send.
  const required =
    preflight.handling === 'refused-before-cors'
      ? resources
          .filter(
            (other) =>
              other.type === 'aws_api_gateway_method' &&
              knownText(other, 'http_method') !== undefined &&
              knownText(other, 'http_method')?.toUpperCase() !== 'OPTIONS' &&
              sameValue(response, 'resource_id', other, 'resource_id', configuration) === true &&
              sameValue(response, 'rest_api_id', other, 'rest_api_id', configuration) === true,
          )
          .flatMap((other) => methodRequiredHeaders(other, resources, configuration))
      : [];
  return policies.map((policy) => ({ ...policy, preflight, ...(required.length > 0 ? { requiredRequestHeaders: required } : {}) }));
}

/**
 * The headers an `aws_api_gateway_method` makes every caller send: `X-API-Key` when it requires an API
 * key its API reads from that header (`api_key_source` unset or `HEADER`), `Authorization` for a SigV4
 * signature, and the headers its Cognito or Lambda authorizer's `identity_source` names (the provider
 * defaults it to `method.request.header.Authorization`, and a Lambda authorizer's `type` to TOKEN).
 * Nothing for what the plan does not show.
 */
function methodRequiredHeaders(method: PlanResource, resources: PlanResource[], configuration: DocNode | undefined): LocatedString[] {
  const headers: LocatedString[] = [];
  const apiKey = present(get(method.values, 'api_key_required'));
  if (isScalar(apiKey) && (apiKey.value === true || apiKey.value === 'true')) {
    const api = linkedResource(method, 'rest_api_id', 'aws_api_gateway_rest_api', resources, configuration);
    const source = api === undefined ? undefined : present(get(api.values, 'api_key_source'));
    if (api !== undefined && (source === undefined || apiKeyFromHeader(source))) headers.push({ value: 'X-API-Key', loc: apiKey.loc });
  }
  const typeNode = present(get(method.values, 'authorization'));
  const type = typeNode === undefined ? undefined : knownText(method, 'authorization')?.toUpperCase();
  if (typeNode === undefined || type === undefined) return headers;
  if (type === 'AWS_IAM') return [...headers, { value: 'Authorization', loc: typeNode.loc }];
  if (type !== 'COGNITO_USER_POOLS' && type !== 'CUSTOM') return headers;
  const authorizer = linkedResource(method, 'authorizer_id', 'aws_api_gateway_authorizer', resources, configuration);
  if (authorizer === undefined) return headers;
  const identity = present(get(authorizer.values, 'identity_source'));
  const authorizerType = present(get(authorizer.values, 'type')) === undefined ? 'TOKEN' : knownText(authorizer, 'type')?.toUpperCase();
  const source = identity === undefined ? (authorizerType === 'REQUEST' ? undefined : 'method.request.header.Authorization') : knownText(authorizer, 'identity_source');
  return source === undefined ? headers : [...headers, ...identitySourceHeaders(source).map((value) => ({ value, loc: typeNode.loc }))];
}

/** The policies of a document's resources, each API's completed by its routes, each OPTIONS answer by its method. */
function documentPolicies(resources: PlanResource[], configuration: DocNode | undefined): CorsPolicy[] {
  return resources.flatMap((resource) =>
    guardedOptionsPolicies(resource, guardedApiPolicies(resource, resourcePolicies(resource), resources, configuration), resources, configuration),
  );
}

/**
 * Plan and state resources without the `aws_s3_bucket` rules an `aws_s3_bucket_cors_configuration`
 * manages. Since AWS provider 4.0 the bucket's `cors_rule` is computed as well as optional: the
 * provider reads the bucket's live CORS rules into it (provider docs, aws_s3_bucket: "cors_rule …
 * Deprecated … Use the aws_s3_bucket_cors_configuration resource instead"), so plans and state repeat
 * the configuration resource's rules under the bucket. A bucket is the configuration's when its
 * `bucket` or `id` is the configuration's `bucket`. (A configuration's bucket is unknown only when the
 * bucket is created or replaced in the same plan, and then the bucket's computed rules are unknown too.)
 */
function withoutManagedBucketRules(resources: PlanResource[]): PlanResource[] {
  const managed = resources
    .filter((resource) => resource.type === 'aws_s3_bucket_cors_configuration')
    .map((resource) => get(resource.values, 'bucket'));
  if (managed.length === 0) return resources;
  const names = new Set(managed.map(text).filter((name) => name !== undefined));
  return resources.filter((resource) => {
    if (resource.type !== 'aws_s3_bucket') return true;
    const own = [text(get(resource.values, 'bucket')), text(get(resource.values, 'id'))];
    return !own.some((name) => name !== undefined && names.has(name));
  });
}

function isTerraformJson(doc: ConfigDocument): boolean {
  const root = doc.root;
  return (
    isMap(root) &&
    get(root, 'format_version') !== undefined &&
    (get(root, 'resource_changes') !== undefined || get(root, 'planned_values') !== undefined || get(root, 'values') !== undefined)
  );
}

/** The nested blocks the readers look into; plans write each as a list, JSON configurations may write one as an object. */
const NESTED_BLOCKS = new Set([
  'ingress',
  'blob_properties',
  'queue_properties',
  'share_properties',
  'cors',
  'cors_configuration',
  'cors_rule',
  'cors_config',
  'site_config',
  'access_control_allow_origins',
  'access_control_allow_headers',
  'access_control_allow_methods',
  'access_control_expose_headers',
]);

/** Deepest level `asBlockLists` rewrites; the readers' blocks are at most three deep. */
const BLOCK_DEPTH = 8;

/** A resource body with every nested block written as one object turned into a one-item list, as plans write it. */
function asBlockLists(node: DocNode, depth = 0): DocNode {
  if (depth >= BLOCK_DEPTH) return node;
  if (isSeq(node)) return { type: 'seq', items: node.items.map((item) => asBlockLists(item, depth + 1)), loc: node.loc };
  if (!isMap(node)) return node;
  const entries: MapEntry[] = node.entries.map((entry) => {
    const value = asBlockLists(entry.value, depth + 1);
    const isBlock = NESTED_BLOCKS.has(String(entry.key.value)) && isMap(value);
    return { key: entry.key, value: isBlock ? { type: 'seq', items: [value], loc: value.loc } : value };
  });
  return { type: 'map', entries, loc: node.loc };
}

/**
 * A configuration in Terraform's JSON syntax: a `*.tf.json` file (Terraform reads no other JSON
 * configuration; CDK for Terraform synthesises `cdk.tf.json`) with a `resource` block.
 */
function isConfigurationJson(doc: ConfigDocument): boolean {
  return fileName(doc).toLowerCase().endsWith('.tf.json') && get(doc.root, 'resource') !== undefined;
}

/**
 * The resources of a JSON configuration: `resource.<type>.<name>` holds the body, and a block written
 * more than once is an array of objects at that level (Terraform docs, "JSON Configuration Syntax").
 * Attribute values are the arguments as written; a `"${…}"` template is an expression, unknown here
 * (the shared helpers read it as a placeholder), and `dynamic` blocks are not expanded.
 */
function configurationResources(resource: DocNode | undefined): PlanResource[] {
  const objects = (node: DocNode | undefined): DocNode[] => (isSeq(node) ? node.items : node === undefined ? [] : [node]);
  return objects(resource).flatMap((block) =>
    (isMap(block) ? block.entries : []).flatMap((typeEntry) => {
      const type = String(typeEntry.key.value);
      if (!isReadType(type)) return [];
      return objects(typeEntry.value).flatMap((named) =>
        (isMap(named) ? named.entries : []).flatMap((nameEntry) => {
          const name = String(nameEntry.key.value);
          return objects(nameEntry.value)
            .filter(isMap)
            // awscc declares nested attributes, not blocks: they are objects in configurations as in plans.
            .map((values) => ({ address: `${type}.${name}`, type, values: type.startsWith('awscc_') ? values : asBlockLists(values), module: '', name, index: undefined }));
        }),
      );
    }),
  );
}

export const terraformPlan: Adapter = {
  name: 'terraform-plan',
  description:
    'Terraform JSON (terraform show -json plans and state, *.tf.json configurations such as CDKTF output): API Gateway v2, Lambda URL, S3, CloudFront, Cloud Storage, Azure app, Container Apps and Azure Storage CORS (aws and awscc providers)',
  detect: (doc) => isTerraformJson(doc) || isRawState(doc) || isConfigurationJson(doc),
  extract(doc) {
    const root = doc.root;
    if (isRawState(doc)) return documentPolicies(withoutManagedBucketRules(stateResources(get(root, 'resources'))), undefined);
    if (!isTerraformJson(doc)) return documentPolicies(configurationResources(get(root, 'resource')), undefined);
    const changes = get(root, 'resource_changes');
    const listed = new Set(changeAddresses(changes));
    // Terraform lists every resource in `resource_changes` (unchanged ones as `no-op`), but a plan
    // trimmed by hand or by a script may keep only some there, so the others come from `planned_values`.
    const unlisted = moduleResources(get(get(root, 'planned_values') ?? get(root, 'values'), 'root_module')).filter(
      (resource) => !listed.has(resource.address),
    );
    const resources = [...(changes !== undefined ? changedResources(changes) : []), ...unlisted];
    return documentPolicies(withoutManagedBucketRules(resources), get(root, 'configuration'));
  },
};
