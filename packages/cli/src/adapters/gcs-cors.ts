/**
 * Google Cloud Storage bucket CORS files: a JSON array of rules
 * `[{ "origin": [...], "method": [...], "responseHeader": [...], "maxAgeSeconds": 3600 }]`, as
 * `gcloud storage buckets update gs://B --cors-file=cors.json` and `gsutil cors set cors.json gs://B`
 * take it; also the same rules inside a JSON API bucket resource, `gcloud storage buckets describe`
 * output, and Config Connector or Crossplane bucket manifests (see `rulesNode`). References:
 * Cloud Storage JSON API, Buckets resource `cors[]` (Google.Apis.Storage.v1 `Bucket.CorsData`):
 * - `origin`: "The list of Origins eligible to receive CORS response headers. Note: \"*\" is permitted
 *   in the list of origins, and means \"any Origin\"" — entries are compared, with no other wildcard;
 * - `method`: methods to include CORS response headers on; `*` means any method;
 * - `responseHeader`: "The list of HTTP headers other than the simple response headers to give
 *   permission for the user-agent to share across domains" — Access-Control-Expose-Headers. Which
 *   request headers a preflight is allowed is not documented here, so Allow-Headers is unknown;
 * - `maxAgeSeconds`: "The value, in seconds, to return in the Access-Control-Max-Age header used in
 *   preflight responses".
 * There is no credentials field (cors-facts 2.19), so credentials are false. Cloud Storage answers
 * preflights itself; its Vary behaviour is not documented, so vary is unknown. Terraform's
 * `google_storage_bucket.cors` uses the same semantics with snake-case keys.
 */
import type { CorsPolicy } from '@corsguard/core';
import { at, configMaxAge, get, isMap, isPlaceholder, isSeq, resourceHeader } from '../document/access.js';
import type { ConfigDocument, DocNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { allowlistOrigins, markOpaque, optionalList, present, text } from './cloud-common.js';

/** Where one format writes the keys of a Cloud Storage CORS rule. */
export interface GcsKeyNames {
  origin: string;
  method: string;
  responseHeader: string;
  maxAgeSeconds: string;
}

export const GCS_JSON_KEYS: GcsKeyNames = { origin: 'origin', method: 'method', responseHeader: 'responseHeader', maxAgeSeconds: 'maxAgeSeconds' };
export const GCS_TERRAFORM_KEYS: GcsKeyNames = {
  origin: 'origin',
  method: 'method',
  responseHeader: 'response_header',
  maxAgeSeconds: 'max_age_seconds',
};

/** The policy of one Cloud Storage CORS rule. */
export function gcsCorsRulePolicy(rule: DocNode, keys: GcsKeyNames, source: string): CorsPolicy {
  const loc = rule.loc;
  const origins = present(get(rule, keys.origin));
  const policy: CorsPolicy = {
    loc,
    source,
    origins: rule.type !== 'map' ? [{ kind: 'unknown', loc }] : origins === undefined ? [] : allowlistOrigins(origins, 'unknown'),
    credentials: { value: false, loc },
    allowHeaders: { kind: 'unknown', loc },
    vary: { value: 'unknown', loc },
    preflight: { handling: 'answered', loc },
  };
  const methods = optionalList(get(rule, keys.method));
  const expose = optionalList(get(rule, keys.responseHeader));
  const maxAge = present(get(rule, keys.maxAgeSeconds));
  if (methods) policy.allowMethods = methods;
  if (expose) policy.exposeHeaders = expose;
  if (maxAge) policy.maxAge = configMaxAge(maxAge, 'seconds');
  return policy;
}

/**
 * Kubernetes resources that manage a bucket and carry its rules in the JSON API's key names (both are
 * generated from Terraform's `google_storage_bucket`, with its snake-case keys camel-cased): Config
 * Connector's `StorageBucket` (`spec.cors`) and the Crossplane GCP provider's `Bucket`
 * (`spec.forProvider.cors`).
 */
function bucketManifestRules(root: DocNode): DocNode | undefined {
  const header = resourceHeader(root);
  if (header?.group === 'storage.cnrm.cloud.google.com' && header.kind === 'StorageBucket') return at(root, 'spec', 'cors');
  if (header?.group === 'storage.gcp.upbound.io' && header.kind === 'Bucket') return at(root, 'spec', 'forProvider', 'cors');
  return undefined;
}

/**
 * The rule array: the document itself (the `--cors-file` form); the `cors` field of a JSON API request
 * body (`{ "cors": [...] }`) or bucket resource (`"kind": "storage#bucket"`, as `GET /storage/v1/b/B`
 * returns it); the `cors_config` field that `gcloud storage buckets describe` prints, next to the
 * bucket's `storage_url` (`gs://B/`), with the rules in the JSON API's own key names; or the rules of
 * a bucket manifest (`bucketManifestRules`).
 */
function rulesNode(doc: ConfigDocument): DocNode | undefined {
  const root = doc.root;
  if (isSeq(root)) return root;
  if (!isMap(root)) return undefined;
  if (get(root, 'apiVersion') !== undefined) return bucketManifestRules(root);
  if (root.entries.length === 1 || text(get(root, 'kind')) === 'storage#bucket') return get(root, 'cors');
  if (text(get(root, 'storage_url'))?.startsWith('gs://') === true) return get(root, 'cors_config');
  return undefined;
}

/** A non-empty array of mappings that all look like Cloud Storage CORS rules (`origin` or `method`, and nothing foreign). */
function isGcsCors(doc: ConfigDocument): boolean {
  const rules = rulesNode(doc);
  if (!isSeq(rules) || rules.items.length === 0) return false;
  const known = new Set(Object.values(GCS_JSON_KEYS));
  return rules.items.every(
    (rule) =>
      isMap(rule) &&
      rule.entries.some((entry) => entry.key.value === 'origin' || entry.key.value === 'method') &&
      rule.entries.every((entry) => known.has(String(entry.key.value))),
  );
}

export const gcsCors: Adapter = {
  name: 'gcs-cors',
  description:
    'Google Cloud Storage bucket CORS (gcloud storage buckets update --cors-file, gsutil cors set, bucket resources, Config Connector StorageBucket, Crossplane Bucket)',
  detect: isGcsCors,
  extract(doc) {
    const rules = rulesNode(doc);
    if (!isSeq(rules)) return [];
    const marked = markOpaque(rules, isPlaceholder);
    const header = resourceHeader(doc.root);
    const owner = header === undefined ? 'Cloud Storage' : `${header.kind} ${header.name ?? '(unnamed)'}`;
    return (isSeq(marked) ? marked.items : []).map((rule, index) => gcsCorsRulePolicy(rule, GCS_JSON_KEYS, `${owner} cors[${index}]`));
  },
};
