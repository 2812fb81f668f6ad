import { describe, expect, it } from 'vitest';
import { s3ApiCors } from '../../src/adapters/s3-api-cors.js';
import { summary } from './cloud-summary.js';
import { findingsOf } from './cloud-findings.js';
import { detects, policiesOf } from './helpers.js';

const CORS_FILE = `{
  "CORSRules": [
    {
      "ID": "uploads",
      "AllowedOrigins": ["https://app.example.com", "https://*.preview.example.com"],
      "AllowedMethods": ["PUT", "POST"],
      "AllowedHeaders": ["content-type", "x-amz-*"],
      "ExposeHeaders": ["ETag", "x-amz-request-id"],
      "MaxAgeSeconds": 3000
    },
    {
      "AllowedOrigins": ["*"],
      "AllowedMethods": ["GET"],
      "AllowedHeaders": ["Authorization"]
    }
  ]
}
`;

describe('s3-api-cors adapter', () => {
  it('reads the S3 API names (ExposeHeaders, MaxAgeSeconds) with S3 semantics', () => {
    expect(policiesOf(s3ApiCors, 'cors.json', CORS_FILE).map(summary)).toEqual([
      {
        source: 'S3 CORSRules[0] (uploads)',
        loc: '3:5',
        origins: ['allow https://app.example.com @5:26', 'glob(any) https://*.preview.example.com @5:53'],
        // S3 documents no Access-Control-Allow-Credentials behaviour for specific origins.
        credentials: 'unknown @3:5',
        allowMethods: '[PUT@6:26, POST@6:33] @6:25',
        // A wildcard entry makes S3 return the requested headers.
        allowHeaders: 'reflect @7:25',
        exposeHeaders: '[ETag@8:25, x-amz-request-id@8:33] @8:24',
        maxAge: '3000 ("3000") @9:24',
        vary: 'unknown @3:5',
        preflight: 'answered @3:5',
      },
      {
        source: 'S3 CORSRules[1]',
        loc: '11:5',
        origins: ['any @12:26'],
        credentials: 'false @11:5',
        allowMethods: '[GET@13:26] @13:25',
        allowHeaders: '[Authorization@14:26] @14:25',
        vary: 'unknown @11:5',
        preflight: 'answered @11:5',
      },
    ]);
  });

  it('accepts the --cli-input-json shape', () => {
    const input = '{ "Bucket": "b", "CORSConfiguration": { "CORSRules": [{ "AllowedOrigins": ["*"], "AllowedMethods": ["GET"] }] } }';
    expect(policiesOf(s3ApiCors, 'input.json', input)).toHaveLength(1);
  });

  it('reads the rule array the S3 console CORS editor takes', () => {
    const consoleJson = `[
  {
    "AllowedHeaders": ["*"],
    "AllowedMethods": ["PUT", "POST"],
    "AllowedOrigins": ["https://*example.com"],
    "ExposeHeaders": ["ETag"]
  },
  { "AllowedMethods": ["GET"], "AllowedOrigins": ["*"] }
]`;
    expect(findingsOf(s3ApiCors, 'cors.json', consoleJson)).toEqual(['no-permissive-origin-pattern/noDotBeforeDomain@5:24']);
  });

  it('recognises S3 CORS documents only', () => {
    expect(detects(s3ApiCors, 'cors.json', CORS_FILE)).toBe(true);
    expect(detects(s3ApiCors, 'policy.json', '{ "Version": "2012-10-17", "Statement": [] }')).toBe(false);
    expect(detects(s3ApiCors, 'cors.json', '[{ "origin": ["*"], "method": ["GET"] }]')).toBe(false);
    expect(detects(s3ApiCors, 'cors.json', '[{ "AllowedOrigins": ["*"], "AllowedMethods": ["GET"] }]')).toBe(true);
    expect(detects(s3ApiCors, 'list.json', '[{ "AllowedOrigins": ["*"], "Name": "x" }]')).toBe(false);
    expect(detects(s3ApiCors, 'empty.json', '[]')).toBe(false);
  });
  it('reads the rules of ACK Bucket and Crossplane BucketCorsConfiguration manifests with S3 semantics', () => {
    const manifests = `apiVersion: s3.services.k8s.aws/v1alpha1
kind: Bucket
metadata:
  name: acme-uploads
spec:
  name: acme-uploads
  cors:
    corsRules:
      - id: uploads
        allowedOrigins:
          - https://app.example.com/
        allowedMethods: [PUT, POST]
        allowedHeaders: ["*"]
        exposeHeaders: [ETag]
        maxAgeSeconds: 3000
---
apiVersion: s3.aws.upbound.io/v1beta1
kind: BucketCorsConfiguration
metadata:
  name: acme-assets-cors
spec:
  forProvider:
    corsRule:
      - allowedOrigins: ["http://assets.example.com", "*"]
        allowedMethods: [GET, HEAD]
        maxAgeSeconds: 90000
---
apiVersion: s3.aws.upbound.io/v1beta1
kind: Bucket
metadata:
  name: acme-assets
spec:
  forProvider:
    region: eu-west-1
`;
    expect(policiesOf(s3ApiCors, 'buckets.yaml', manifests).map(summary)).toEqual([
      {
        source: 'Bucket acme-uploads cors[0] (uploads)',
        loc: '9:9',
        origins: ['allow https://app.example.com/ @11:13'],
        credentials: 'unknown @9:9',
        allowMethods: '[PUT@12:26, POST@12:31] @12:25',
        allowHeaders: 'reflect @13:25',
        exposeHeaders: '[ETag@14:25] @14:24',
        maxAge: '3000 ("3000") @15:24',
        vary: 'unknown @9:9',
        preflight: 'answered @9:9',
      },
      {
        source: 'BucketCorsConfiguration acme-assets-cors cors[0]',
        loc: '24:9',
        origins: ['allow http://assets.example.com @24:26', 'any @24:55'],
        credentials: 'unknown @24:9',
        allowMethods: '[GET@25:26, HEAD@25:31] @25:25',
        maxAge: '90000 ("90000") @26:24',
        vary: 'unknown @24:9',
        preflight: 'answered @24:9',
      },
    ]);
    expect(findingsOf(s3ApiCors, 'buckets.yaml', manifests)).toEqual([
      'valid-origin/trailingSlash@11:13',
      'no-insecure-origin/insecureOrigin@24:26',
      'max-age-within-browser-cap/aboveBrowserCap@26:24',
    ]);
  });

  it('reads Cloudflare R2 rules in its API and wrangler form, allowed lifted beside the rule keys, with S3 semantics', () => {
    const wranglerFile = `{
  "rules": [
    {
      "id": "app",
      "allowed": {
        "origins": ["https://photos.example.com/"],
        "methods": ["GET", "PUT"],
        "headers": ["*"]
      },
      "exposeHeaders": ["ETag"],
      "maxAgeSeconds": 86400
    },
    { "allowed": { "origins": ["*"], "methods": ["GET"] } }
  ]
}`;
    expect(policiesOf(s3ApiCors, 'cors.json', wranglerFile).map(summary)).toEqual([
      {
        source: 'R2 rules[0] (app)',
        loc: '3:5',
        origins: ['allow https://photos.example.com/ @6:21'],
        credentials: 'unknown @3:5',
        allowMethods: '[GET@7:21, PUT@7:28] @7:20',
        allowHeaders: 'reflect @8:20',
        exposeHeaders: '[ETag@10:25] @10:24',
        maxAge: '86400 ("86400") @11:24',
        vary: 'unknown @3:5',
        preflight: 'answered @3:5',
      },
      {
        source: 'R2 rules[1]',
        loc: '13:5',
        origins: ['any @13:32'],
        credentials: 'false @13:5',
        allowMethods: '[GET@13:50] @13:49',
        vary: 'unknown @13:5',
        preflight: 'answered @13:5',
      },
    ]);
    expect(findingsOf(s3ApiCors, 'cors.json', wranglerFile)).toEqual([
      'valid-origin/trailingSlash@6:21',
      'max-age-within-browser-cap/aboveBrowserCap@11:24',
    ]);
  });

  it("reads the R2 API's GET answer, its rules under result", () => {
    const answer = `{
  "errors": [],
  "messages": [],
  "result": { "rules": [{ "allowed": { "methods": ["GET"], "origins": ["null"] }, "maxAgeSeconds": 3600 }] },
  "success": true
}`;
    expect(findingsOf(s3ApiCors, 'r2-cors.json', answer)).toEqual(['no-null-origin/nullOrigin@4:72']);
  });

  it('recognises R2 API rules only when every rule is one', () => {
    expect(detects(s3ApiCors, 'cors.json', '{ "rules": [{ "allowed": { "origins": ["*"], "methods": ["GET"] } }] }')).toBe(true);
    expect(detects(s3ApiCors, 'rules.json', '{ "rules": [{ "allowed": { "users": ["*"] } }] }')).toBe(false);
    expect(detects(s3ApiCors, 'rules.json', '{ "rules": [{ "allowed": { "origins": ["*"] }, "deny": true }] }')).toBe(false);
    expect(detects(s3ApiCors, 'rules.json', '{ "rules": [{ "allowed": true }] }')).toBe(false);
    expect(detects(s3ApiCors, 'rules.json', '{ "rules": [] }')).toBe(false);
  });

  it('takes a token a deploy script replaces (__NAME__, #{Name}#) as an unknown origin', () => {
    const r2 = '{ "rules": [{ "allowed": { "origins": ["http://localhost:8787", "__WORKER_ORIGIN__"], "methods": ["GET"] } }] }';
    const s3 = '{ "CORSRules": [{ "AllowedOrigins": ["#{FrontendOrigin}#", "https://ok.example.com/"], "AllowedMethods": ["GET"] }] }';
    expect(policiesOf(s3ApiCors, 'cors.json', r2).map((policy) => summary(policy).origins)).toEqual([['allow http://localhost:8787 @1:40', 'unknown @1:65']]);
    expect(findingsOf(s3ApiCors, 'cors.json', r2)).toEqual([]);
    expect(findingsOf(s3ApiCors, 'cors.json', s3)).toEqual(['valid-origin/trailingSlash@1:60']);
  });
});
