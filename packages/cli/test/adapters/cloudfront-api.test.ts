import { describe, expect, it } from 'vitest';
import { cloudFrontApi } from '../../src/adapters/cloudfront-api.js';
import { findingsOf } from './cloud-findings.js';
import { summary } from './cloud-summary.js';
import { detects, policiesOf } from './helpers.js';

/** What `aws cloudfront create-response-headers-policy --response-headers-policy-config file://…` takes. */
const POLICY_CONFIG = `{
  "Name": "api-cors",
  "CorsConfig": {
    "AccessControlAllowOrigins": { "Quantity": 1, "Items": ["*"] },
    "AccessControlAllowHeaders": { "Quantity": 2, "Items": ["Content-Type", "Authorization"] },
    "AccessControlAllowMethods": { "Quantity": 1, "Items": ["ALL"] },
    "AccessControlAllowCredentials": true,
    "AccessControlExposeHeaders": { "Quantity": 0 },
    "AccessControlMaxAgeSec": 86400,
    "OriginOverride": true
  },
  "SecurityHeadersConfig": {
    "StrictTransportSecurity": { "Override": true, "AccessControlMaxAgeSec": 63072000, "IncludeSubdomains": true }
  }
}
`;

/** What `aws cloudfront get-response-headers-policy` prints. */
const PRINTED = `{
    "ResponseHeadersPolicy": {
        "Id": "5cc3b908-e619-4b99-88e5-2cf7f45965bd",
        "ResponseHeadersPolicyConfig": {
            "Name": "web-cors",
            "CorsConfig": {
                "AccessControlAllowCredentials": false,
                "AccessControlAllowHeaders": { "Quantity": 1, "Items": ["x-api-key"] },
                "AccessControlAllowMethods": { "Quantity": 2, "Items": ["GET", "OPTIONS"] },
                "AccessControlAllowOrigins": { "Quantity": 1, "Items": ["https://app.example.com/"] },
                "OriginOverride": false
            }
        }
    },
    "ETag": "E23ZP02F085DFQ"
}
`;

describe('cloudfront-api adapter', () => {
  it('reads the CorsConfig of a policy config with CloudFront semantics (ALL methods, Quantity/Items lists)', () => {
    expect(policiesOf(cloudFrontApi, 'policy.json', POLICY_CONFIG).map(summary)).toEqual([
      {
        source: 'CloudFront response headers policy api-cors',
        loc: '3:17',
        origins: ['any @4:61'],
        credentials: 'true @7:38',
        allowMethods: '[GET@6:61, POST@6:61, OPTIONS@6:61, PUT@6:61, DELETE@6:61, PATCH@6:61, HEAD@6:61] @6:60',
        allowHeaders: '[Content-Type@5:61, Authorization@5:77] @5:60',
        maxAge: '86400 ("86400") @9:31',
        vary: 'unknown @3:17',
        preflight: 'unknown @3:17',
      },
    ]);
    expect(findingsOf(cloudFrontApi, 'policy.json', POLICY_CONFIG)).toEqual([
      'no-wildcard-origin-with-credentials/wildcardWithCredentials@4:61',
      'max-age-within-browser-cap/aboveBrowserCap@9:31',
    ]);
  });

  it('reads the policy get-response-headers-policy prints, where the origin may override it', () => {
    expect(policiesOf(cloudFrontApi, 'policy.json', PRINTED).map((policy) => policy.source)).toEqual([
      "CloudFront response headers policy web-cors (OriginOverride: false, the origin's own CORS headers win)",
    ]);
    expect(findingsOf(cloudFrontApi, 'policy.json', PRINTED)).toEqual(['valid-origin/trailingSlash@10:73']);
  });

  it('reads the custom policies list-response-headers-policies prints, not the managed ones AWS owns', () => {
    const listed = `{
  "ResponseHeadersPolicyList": {
    "MaxItems": 100,
    "Quantity": 2,
    "Items": [
      {
        "Type": "managed",
        "ResponseHeadersPolicy": {
          "Id": "5cc3b908-e619-4b99-88e5-2cf7f45965bd",
          "ResponseHeadersPolicyConfig": {
            "Name": "Managed-CORS-With-Preflight",
            "CorsConfig": {
              "AccessControlAllowOrigins": { "Quantity": 1, "Items": ["*"] },
              "AccessControlAllowHeaders": { "Quantity": 1, "Items": ["*"] },
              "AccessControlAllowMethods": { "Quantity": 4, "Items": ["GET", "HEAD", "OPTIONS", "PUT"] },
              "AccessControlAllowCredentials": false,
              "OriginOverride": false
            }
          }
        }
      },
      {
        "Type": "custom",
        "ResponseHeadersPolicy": {
          "Id": "0a1b2c3d-aaaa-bbbb-cccc-1234567890ab",
          "ResponseHeadersPolicyConfig": {
            "Name": "app-cors",
            "CorsConfig": {
              "AccessControlAllowOrigins": { "Quantity": 1, "Items": ["https://app.example.com"] },
              "AccessControlAllowHeaders": { "Quantity": 1, "Items": ["*"] },
              "AccessControlAllowMethods": { "Quantity": 1, "Items": ["ALL"] },
              "AccessControlAllowCredentials": true,
              "AccessControlMaxAgeSec": 86400,
              "OriginOverride": true
            }
          }
        }
      }
    ]
  }
}
`;
    expect(policiesOf(cloudFrontApi, 'policies.json', listed).map((policy) => policy.source)).toEqual(['CloudFront response headers policy app-cors']);
    expect(findingsOf(cloudFrontApi, 'policies.json', listed)).toEqual([
      'no-wildcard-lists-with-credentials/wildcardHeaders@30:71',
      'max-age-within-browser-cap/aboveBrowserCap@33:41',
    ]);
    expect(detects(cloudFrontApi, 'policies.json', listed.replace('"custom"', '"managed"'))).toBe(false);
  });

  it('recognises a response headers policy with a CorsConfig only', () => {
    expect(detects(cloudFrontApi, 'policy.json', `{ "ResponseHeadersPolicyConfig": ${POLICY_CONFIG} }`)).toBe(true);
    expect(detects(cloudFrontApi, 'policy.json', '{ "Name": "headers", "SecurityHeadersConfig": {} }')).toBe(false);
    expect(detects(cloudFrontApi, 'cors.json', '{ "CORSRules": [{ "AllowedOrigins": ["*"], "AllowedMethods": ["GET"] }] }')).toBe(false);
    expect(detects(cloudFrontApi, 'template.json', '{ "Resources": { "P": { "Type": "AWS::CloudFront::ResponseHeadersPolicy" } } }')).toBe(false);
  });
});
