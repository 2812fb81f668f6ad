/**
 * Amazon CloudFront response headers policies as the CloudFront API and the AWS CLI write them in
 * JSON: the `ResponseHeadersPolicyConfig` that `aws cloudfront create-response-headers-policy
 * --response-headers-policy-config file://policy.json` takes (`{ "Name", "CorsConfig": { … } }`),
 * the `--cli-input-json` form that wraps it in `ResponseHeadersPolicyConfig`, and what
 * `get-response-headers-policy` prints (`{ "ResponseHeadersPolicy": { "Id", "ResponseHeadersPolicyConfig":
 * { … } }, "ETag" }`), and `list-response-headers-policies` (`{ "ResponseHeadersPolicyList": { "Items": [
 * { "Type", "ResponseHeadersPolicy": { … } } ] } }`, CloudFront API reference,
 * API_ListResponseHeadersPolicies.html and API_ResponseHeadersPolicySummary.html), whose `managed`
 * items are the policies AWS owns and users cannot change: only `custom` ones are read. References: CloudFront API reference, API_ResponseHeadersPolicyConfig.html and
 * API_ResponseHeadersPolicyCorsConfig.html (the lists are `{ "Quantity", "Items" }` objects). The
 * CorsConfig keys and their meaning are those of CloudFormation's `CorsConfig`, so the policy comes
 * from `cloudFrontCorsPolicy` (aws-cloudformation.ts).
 */
import type { ConfigDocument, DocNode } from '../document/node.js';
import { get, isMap, isSeq } from '../document/access.js';
import type { Adapter } from './adapter.js';
import { CLOUDFRONT_CLOUDFORMATION_KEYS, cloudFrontCorsPolicy } from './aws-cloudformation.js';
import { present, text } from './cloud-common.js';

/** The ResponseHeadersPolicyConfig of a single policy document, in any of the three shapes. */
function policyConfig(root: DocNode): DocNode | undefined {
  const printed = get(get(root, 'ResponseHeadersPolicy'), 'ResponseHeadersPolicyConfig');
  if (printed !== undefined) return printed;
  return get(root, 'ResponseHeadersPolicyConfig') ?? root;
}

/** The ResponseHeadersPolicyConfig of each policy the document holds: one, or the custom ones of a list. */
function policyConfigs(root: DocNode): DocNode[] {
  const list = get(root, 'ResponseHeadersPolicyList');
  if (list === undefined) return [policyConfig(root)].flatMap((config) => config ?? []);
  const summaries = get(list, 'Items');
  return (isSeq(summaries) ? summaries.items : []).flatMap((summary) => {
    if (text(get(summary, 'Type'))?.toLowerCase() === 'managed') return [];
    return get(get(summary, 'ResponseHeadersPolicy'), 'ResponseHeadersPolicyConfig') ?? [];
  });
}

/** A policy's CorsConfig, when it holds the allowed origins. */
function corsConfig(config: DocNode): DocNode | undefined {
  const cors = present(get(config, 'CorsConfig'));
  return isMap(cors) && get(cors, 'AccessControlAllowOrigins') !== undefined ? cors : undefined;
}

/** The policies of a document that is one response headers policy or a list of them. */
function corsConfigs(doc: ConfigDocument): { config: DocNode; cors: DocNode }[] {
  if (!isMap(doc.root)) return [];
  return policyConfigs(doc.root).flatMap((config) => {
    const cors = corsConfig(config);
    return cors === undefined ? [] : [{ config, cors }];
  });
}

export const cloudFrontApi: Adapter = {
  name: 'cloudfront-api',
  description: 'Amazon CloudFront response headers policy JSON as the CloudFront API and the AWS CLI write it (CorsConfig)',
  detect: (doc) => corsConfigs(doc).length > 0,
  extract(doc) {
    return corsConfigs(doc).map(({ config, cors }) => {
      const name = text(get(config, 'Name'));
      return cloudFrontCorsPolicy(cors, CLOUDFRONT_CLOUDFORMATION_KEYS, `CloudFront response headers policy${name === undefined ? '' : ` ${name}`}`);
    });
  },
};
