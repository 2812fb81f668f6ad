/**
 * Amazon CloudFront response headers policies as the CloudFront API and the AWS CLI write them in
 * JSON: the `ResponseHeadersPolicyConfig` that `aws cloudfront create-response-headers-policy
 * --response-headers-policy-config file://policy.json` takes (`{ "Name", "CorsConfig": { … } }`),
 * the `--cli-input-json` form that wraps it in `ResponseHeadersPolicyConfig`, and what
 * `get-response-headers-policy` prints (`{ "ResponseHeadersPolicy": { "Id", "ResponseHeadersPolicyConfig":
 * { … } }, "ETag" }`). References: CloudFront API reference, API_ResponseHeadersPolicyConfig.html and
 * API_ResponseHeadersPolicyCorsConfig.html (the lists are `{ "Quantity", "Items" }` objects). The
 * CorsConfig keys and their meaning are those of CloudFormation's `CorsConfig`, so the policy comes
 * from `cloudFrontCorsPolicy` (aws-cloudformation.ts).
 */
import type { ConfigDocument, DocNode } from '../document/node.js';
import { get, isMap } from '../document/access.js';
import type { Adapter } from './adapter.js';
import { CLOUDFRONT_CLOUDFORMATION_KEYS, cloudFrontCorsPolicy } from './aws-cloudformation.js';
import { present, text } from './cloud-common.js';

/** The ResponseHeadersPolicyConfig of the document, in any of the three shapes. */
function policyConfig(root: DocNode): DocNode | undefined {
  const printed = get(get(root, 'ResponseHeadersPolicy'), 'ResponseHeadersPolicyConfig');
  if (printed !== undefined) return printed;
  return get(root, 'ResponseHeadersPolicyConfig') ?? root;
}

/** The CorsConfig, when the document is a response headers policy: a CorsConfig holding the allowed origins. */
function corsConfig(doc: ConfigDocument): DocNode | undefined {
  if (!isMap(doc.root)) return undefined;
  const cors = present(get(policyConfig(doc.root), 'CorsConfig'));
  return isMap(cors) && get(cors, 'AccessControlAllowOrigins') !== undefined ? cors : undefined;
}

export const cloudFrontApi: Adapter = {
  name: 'cloudfront-api',
  description: 'Amazon CloudFront response headers policy JSON as the CloudFront API and the AWS CLI write it (CorsConfig)',
  detect: (doc) => corsConfig(doc) !== undefined,
  extract(doc) {
    const cors = corsConfig(doc);
    if (cors === undefined) return [];
    const name = text(get(policyConfig(doc.root), 'Name'));
    return [cloudFrontCorsPolicy(cors, CLOUDFRONT_CLOUDFORMATION_KEYS, `CloudFront response headers policy${name === undefined ? '' : ` ${name}`}`)];
  },
};
