import { describe, expect, it } from 'vitest';
import { gcsCors } from '../../src/adapters/gcs-cors.js';
import { findingsOf } from './cloud-findings.js';
import { summary } from './cloud-summary.js';
import { detects, policiesOf } from './helpers.js';

const CORS_FILE = `[
  {
    "origin": ["https://www.example.com", "*"],
    "method": ["GET", "HEAD", "*"],
    "responseHeader": ["Content-Type", "x-goog-meta-owner"],
    "maxAgeSeconds": 86400
  },
  {
    "origin": ["http://localhost:8080"],
    "method": ["PUT"]
  }
]
`;

describe('gcs-cors adapter', () => {
  it('reads one policy per rule: compared origins, responseHeader as Expose-Headers, no credentials', () => {
    expect(policiesOf(gcsCors, 'cors.json', CORS_FILE).map(summary)).toEqual([
      {
        source: 'Cloud Storage cors[0]',
        loc: '2:3',
        origins: ['allow https://www.example.com @3:16', 'any @3:43'],
        credentials: 'false @2:3',
        allowMethods: '[GET@4:16, HEAD@4:23, *@4:31] @4:15',
        allowHeaders: 'unknown @2:3',
        exposeHeaders: '[Content-Type@5:24, x-goog-meta-owner@5:40] @5:23',
        maxAge: '86400 ("86400") @6:22',
        vary: 'unknown @2:3',
        preflight: 'answered @2:3',
      },
      {
        source: 'Cloud Storage cors[1]',
        loc: '8:3',
        origins: ['allow http://localhost:8080 @9:16'],
        credentials: 'false @8:3',
        allowMethods: '[PUT@10:16] @10:15',
        allowHeaders: 'unknown @8:3',
        vary: 'unknown @8:3',
        preflight: 'answered @8:3',
      },
    ]);
  });

  it('accepts the { "cors": [...] } wrapper', () => {
    expect(policiesOf(gcsCors, 'bucket-cors.json', '{ "cors": [{ "origin": ["*"], "method": ["GET"] }] }')).toHaveLength(1);
  });

  it('reads the cors of a JSON API bucket resource and the cors_config gcloud storage buckets describe prints', () => {
    const resource = `{
  "kind": "storage#bucket",
  "name": "media-prod",
  "location": "EU",
  "cors": [{ "origin": ["https://app.example.com/"], "method": ["GET"], "maxAgeSeconds": 3600 }],
  "storageClass": "STANDARD"
}`;
    expect(findingsOf(gcsCors, 'bucket.json', resource)).toEqual(['valid-origin/trailingSlash@5:25']);
    const described = `cors_config:
- maxAgeSeconds: 3600
  method:
  - GET
  origin:
  - https://app.example.com/
name: media-prod
storage_url: gs://media-prod/
`;
    expect(findingsOf(gcsCors, 'describe.yaml', described)).toEqual(['valid-origin/trailingSlash@6:5']);
    expect(detects(gcsCors, 'other.json', '{ "name": "x", "cors": [{ "origin": ["*"], "method": ["GET"] }] }')).toBe(false);
    expect(detects(gcsCors, 'other.yaml', 'cors_config:\n- origin: ["*"]\nname: x\n')).toBe(false);
  });

  it('reads the cors of Config Connector StorageBucket and Crossplane Bucket manifests', () => {
    const manifests = `apiVersion: storage.cnrm.cloud.google.com/v1beta1
kind: StorageBucket
metadata:
  name: acme-uploads
  annotations:
    cnrm.cloud.google.com/project-id: acme-prod
spec:
  location: EU
  cors:
    - origin:
        - https://app.acme.example/
        - http://admin.acme.example
      method: [GET, PUT]
      responseHeader: [Content-Type]
      maxAgeSeconds: 86400
---
apiVersion: storage.gcp.upbound.io/v1beta1
kind: Bucket
metadata:
  name: acme-static
spec:
  forProvider:
    location: US
    cors:
      - origin: ["null"]
        method: ["GET"]
---
apiVersion: storage.cnrm.cloud.google.com/v1beta1
kind: StorageBucket
metadata:
  name: acme-logs
spec:
  location: EU
`;
    expect(policiesOf(gcsCors, 'buckets.yaml', manifests).map((policy) => policy.source)).toEqual([
      'StorageBucket acme-uploads cors[0]',
      'Bucket acme-static cors[0]',
    ]);
    expect(findingsOf(gcsCors, 'buckets.yaml', manifests)).toEqual([
      'valid-origin/trailingSlash@11:11',
      'no-insecure-origin/insecureOrigin@12:11',
      'max-age-within-browser-cap/aboveBrowserCap@15:22',
      'no-null-origin/nullOrigin@25:18',
    ]);
    expect(detects(gcsCors, 'bucket.yaml', 'apiVersion: storage.k8s.io/v1\nkind: StorageBucket\nspec:\n  cors: [{ origin: ["*"], method: [GET] }]\n')).toBe(false);
  });

  it('recognises arrays of Cloud Storage rules only', () => {
    expect(detects(gcsCors, 'cors.json', CORS_FILE)).toBe(true);
    expect(detects(gcsCors, 'list.json', '[{ "origin": "x", "name": "y" }]')).toBe(false);
    expect(detects(gcsCors, 'empty.json', '[]')).toBe(false);
    expect(detects(gcsCors, 'numbers.json', '[1, 2, 3]')).toBe(false);
  });

  it('takes a token a build step replaces, or a template blank, as an unknown origin', () => {
    const rules = '[{ "origin": ["__APP_ORIGIN__", "<your-frontend-origin>", "@ORIGIN@"], "method": ["GET"] }]';
    expect(policiesOf(gcsCors, 'cors.json', rules).map((policy) => summary(policy).origins)).toEqual([['unknown @1:15', 'unknown @1:33', 'unknown @1:59']]);
    expect(findingsOf(gcsCors, 'cors.json', rules)).toEqual([]);
  });
});
