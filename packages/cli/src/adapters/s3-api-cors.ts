/**
 * Amazon S3 bucket CORS as the S3 API, the AWS CLI and the S3 console write it:
 * `{ "CORSRules": [ { "AllowedOrigins", "AllowedMethods", "AllowedHeaders", "ExposeHeaders",
 * "MaxAgeSeconds", "ID" } ] }` (`aws s3api put-bucket-cors --cors-configuration file://cors.json`, or
 * `--cli-input-json` with `CORSConfiguration`). References: Amazon S3 API reference,
 * API_CORSRule.html; Amazon S3 User Guide, ManageCorsUsing.html ("Elements of a CORS configuration").
 * CloudFormation names two keys differently (`ExposedHeaders`, `MaxAge`; aws-properties-s3-bucket-corsrule.html)
 * and Terraform uses snake case; the semantics below serve all three.
 *
 * Semantics from those pages:
 * - each rule is matched on its own, so each rule is one policy;
 * - an AllowedOrigins entry may hold one `*` wildcard (`http://*.example.com`), a lone `*` allows every origin;
 * - AllowedHeaders: "In response to any preflight OPTIONS request, Amazon S3 returns any requested headers
 *   that are allowed", so an entry with `*` echoes the requested headers rather than sending `*`;
 * - S3 has no credentials setting. The API reference (RESTCommonResponseHeaders.html) says a `*` rule
 *   is answered with a literal `*` and no Access-Control-Allow-Credentials, and any other successful
 *   CORS evaluation with `Access-Control-Allow-Credentials: true`. Credentials are false when every
 *   origin is `*`; otherwise they are left unknown rather than true, because S3 authenticates requests
 *   by signature, not cookies, so the credential findings would mostly be noise on S3 buckets;
 * - S3 answers preflights itself; it documents no Vary behaviour, so vary is unknown.
 */
import type { CorsPolicy } from '@corsguard/core';
import { at, configHeaderList, configMaxAge, get, isMap, isPlaceholder, isSeq, listEntries, resourceHeader } from '../document/access.js';
import type { ConfigDocument, DocNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { allowlistOrigins, markOpaque, opaquePolicy, optionalList, present, text } from './cloud-common.js';

/** Where one format writes the keys of an S3 CORS rule. */
export interface S3KeyNames {
  allowedOrigins: string;
  allowedMethods: string;
  allowedHeaders: string;
  exposeHeaders: string;
  maxAge: string;
}

export const S3_API_KEYS: S3KeyNames = {
  allowedOrigins: 'AllowedOrigins',
  allowedMethods: 'AllowedMethods',
  allowedHeaders: 'AllowedHeaders',
  exposeHeaders: 'ExposeHeaders',
  maxAge: 'MaxAgeSeconds',
};

export const S3_CLOUDFORMATION_KEYS: S3KeyNames = {
  allowedOrigins: 'AllowedOrigins',
  allowedMethods: 'AllowedMethods',
  allowedHeaders: 'AllowedHeaders',
  exposeHeaders: 'ExposedHeaders',
  maxAge: 'MaxAge',
};

export const S3_TERRAFORM_KEYS: S3KeyNames = {
  allowedOrigins: 'allowed_origins',
  allowedMethods: 'allowed_methods',
  allowedHeaders: 'allowed_headers',
  exposeHeaders: 'expose_headers',
  maxAge: 'max_age_seconds',
};

/** The policy of one S3 CORS rule. */
export function s3CorsRulePolicy(rule: DocNode, keys: S3KeyNames, source: string): CorsPolicy {
  const loc = rule.loc;
  if (rule.type !== 'map') return opaquePolicy(rule, source);
  const originsNode = present(get(rule, keys.allowedOrigins));
  const origins = originsNode === undefined ? [] : allowlistOrigins(originsNode, 'glob');
  const onlyWildcard = origins.length > 0 && origins.every((matcher) => matcher.kind === 'any');
  const policy: CorsPolicy = {
    loc,
    source,
    origins,
    credentials: { value: onlyWildcard ? false : 'unknown', loc },
    vary: { value: 'unknown', loc },
    preflight: { handling: 'answered', loc },
  };
  const methods = optionalList(get(rule, keys.allowedMethods));
  if (methods) policy.allowMethods = methods;
  const headers = present(get(rule, keys.allowedHeaders));
  if (headers !== undefined) {
    const echoes = listEntries(headers, false).some((entry) => entry.value?.includes('*'));
    policy.allowHeaders = echoes ? { kind: 'reflect', loc: headers.loc } : configHeaderList(headers, false);
  }
  const expose = optionalList(get(rule, keys.exposeHeaders));
  if (expose) policy.exposeHeaders = expose;
  const maxAge = present(get(rule, keys.maxAge));
  if (maxAge) policy.maxAge = configMaxAge(maxAge, 'seconds');
  return policy;
}

/**
 * Cloudflare R2 takes the same rules, with S3 semantics, in the S3 API's form (its dashboard and S3
 * clients; R2 docs, "Configure CORS", which names the fields AllowedOrigins, AllowedMethods,
 * AllowedHeaders, ExposeHeaders and MaxAgeSeconds) and in its own API's form, which nests the first
 * three under `allowed`: `{ "rules": [ { "allowed": { "origins", "methods", "headers" }, "id",
 * "exposeHeaders", "maxAgeSeconds" } ] }` (Cloudflare API, "Put Bucket CORS Policy"; `wrangler r2
 * bucket cors set --file` sends such a file and refuses one without the `rules` array,
 * cloudflare/workers-sdk packages/wrangler/src/r2/cors.ts). Terraform's `cloudflare_r2_bucket_cors`
 * writes the outer keys in snake case.
 */
export const R2_API_KEYS: S3KeyNames = {
  allowedOrigins: 'origins',
  allowedMethods: 'methods',
  allowedHeaders: 'headers',
  exposeHeaders: 'exposeHeaders',
  maxAge: 'maxAgeSeconds',
};

export const R2_TERRAFORM_KEYS: S3KeyNames = { ...R2_API_KEYS, exposeHeaders: 'expose_headers', maxAge: 'max_age_seconds' };

/** The policy of one R2 API rule: its `allowed` keys read beside its own, as one S3 rule. */
export function r2CorsRulePolicy(rule: DocNode, keys: S3KeyNames, source: string): CorsPolicy {
  // Terraform plans may hold the nested object as a one-element list.
  const allowedNode = present(get(rule, 'allowed'));
  const allowed = isSeq(allowedNode) && allowedNode.items.length === 1 ? allowedNode.items[0] : allowedNode;
  if (!isMap(rule) || !isMap(allowed)) return opaquePolicy(rule, source);
  const own = rule.entries.filter((entry) => entry.key.value !== 'allowed');
  return s3CorsRulePolicy({ type: 'map', entries: [...allowed.entries, ...own], loc: rule.loc }, keys, source);
}

const R2_RULE_KEYS = new Set(['allowed', 'id', R2_API_KEYS.exposeHeaders, R2_API_KEYS.maxAge]);
const R2_ALLOWED_KEYS = new Set([R2_API_KEYS.allowedOrigins, R2_API_KEYS.allowedMethods, R2_API_KEYS.allowedHeaders]);

/**
 * The rules of an R2 API document: `rules` at the top level (the Wrangler file, the request body) or
 * under `result` (the API's answer to a GET), when every rule is an R2 rule and nothing foreign.
 */
function r2Rules(root: DocNode): DocNode | undefined {
  const rules = get(root, 'rules') ?? get(get(root, 'result'), 'rules');
  const isR2Rule = (rule: DocNode): boolean => {
    const allowed = get(rule, 'allowed');
    return (
      isMap(rule) &&
      isMap(allowed) &&
      allowed.entries.some((entry) => entry.key.value === R2_API_KEYS.allowedOrigins || entry.key.value === R2_API_KEYS.allowedMethods) &&
      allowed.entries.every((entry) => R2_ALLOWED_KEYS.has(String(entry.key.value))) &&
      rule.entries.every((entry) => R2_RULE_KEYS.has(String(entry.key.value)))
    );
  };
  return isSeq(rules) && rules.items.length > 0 && rules.items.every(isR2Rule) ? rules : undefined;
}

/**
 * Kubernetes manifests that manage S3 CORS write the rules in camel case: AWS Controllers for
 * Kubernetes' `Bucket` (`s3.services.k8s.aws`, `spec.cors.corsRules`, the S3 API names camel-cased)
 * and the Crossplane AWS provider's `BucketCorsConfiguration` (`s3.aws.upbound.io`,
 * `spec.forProvider.corsRule`, Terraform's names camel-cased); both name the keys alike.
 */
export const S3_MANIFEST_KEYS: S3KeyNames = {
  allowedOrigins: 'allowedOrigins',
  allowedMethods: 'allowedMethods',
  allowedHeaders: 'allowedHeaders',
  exposeHeaders: 'exposeHeaders',
  maxAge: 'maxAgeSeconds',
};

/** The rules of an S3 CORS manifest (see `S3_MANIFEST_KEYS`), or undefined for any other document. */
function manifestRules(root: DocNode): DocNode | undefined {
  const header = resourceHeader(root);
  if (header?.group === 's3.services.k8s.aws' && header.kind === 'Bucket') return at(root, 'spec', 'cors', 'corsRules');
  if (header?.group === 's3.aws.upbound.io' && header.kind === 'BucketCorsConfiguration') return at(root, 'spec', 'forProvider', 'corsRule');
  return undefined;
}

/** Keys an S3 API CORS rule may hold. */
const S3_RULE_KEYS = new Set([...Object.values(S3_API_KEYS), 'ID']);

/** A non-empty array of mappings that all look like S3 CORS rules (AllowedOrigins or AllowedMethods, and nothing foreign). */
function isRuleArray(node: DocNode): boolean {
  return (
    isSeq(node) &&
    node.items.length > 0 &&
    node.items.every(
      (rule) =>
        isMap(rule) &&
        rule.entries.some((entry) => entry.key.value === 'AllowedOrigins' || entry.key.value === 'AllowedMethods') &&
        rule.entries.every((entry) => S3_RULE_KEYS.has(String(entry.key.value))),
    )
  );
}

/**
 * `CORSRules` at the top level, under `CORSConfiguration` (the `--cli-input-json` shape), or the rule
 * array alone, as the S3 console's CORS editor takes it (User Guide, ManageCorsUsing.html: "The new S3
 * console only supports JSON CORS configurations", written as an array of rules).
 */
function rulesNode(doc: ConfigDocument): DocNode | undefined {
  if (isRuleArray(doc.root)) return doc.root;
  const direct = get(doc.root, 'CORSRules');
  if (direct !== undefined) return direct;
  return get(get(doc.root, 'CORSConfiguration'), 'CORSRules');
}

export const s3ApiCors: Adapter = {
  name: 's3-api-cors',
  description:
    'Amazon S3 bucket CORS as the S3 API, the AWS CLI and the S3 console write it ({ "CORSRules": [...] } or the rule array), Cloudflare R2 CORS as its API and wrangler write it ({ "rules": [{ "allowed": {...} }] }), and in ACK Bucket and Crossplane BucketCorsConfiguration manifests',
  detect: (doc) => isSeq(rulesNode(doc)) || isSeq(manifestRules(doc.root)) || r2Rules(doc.root) !== undefined,
  extract(doc) {
    const r2 = r2Rules(doc.root);
    if (r2 !== undefined) {
      const marked = markOpaque(r2, isPlaceholder);
      return (isSeq(marked) ? marked.items : []).map((rule, index) => {
        const id = text(get(rule, 'id'));
        return r2CorsRulePolicy(rule, R2_API_KEYS, `R2 rules[${index}]${id === undefined ? '' : ` (${id})`}`);
      });
    }
    const header = resourceHeader(doc.root);
    const manifest = header === undefined ? undefined : manifestRules(doc.root);
    const rules = manifest ?? rulesNode(doc);
    if (!isSeq(rules)) return [];
    const marked = markOpaque(rules, isPlaceholder);
    const items = isSeq(marked) ? marked.items : [];
    return items.map((rule, index) => {
      const id = text(get(rule, manifest === undefined ? 'ID' : 'id'));
      const name = id === undefined ? '' : ` (${id})`;
      if (manifest !== undefined && header !== undefined) {
        return s3CorsRulePolicy(rule, S3_MANIFEST_KEYS, `${header.kind} ${header.name ?? '(unnamed)'} cors[${index}]${name}`);
      }
      return s3CorsRulePolicy(rule, S3_API_KEYS, `S3 CORSRules[${index}]${name}`);
    });
  },
};
