import { describe, expect, it } from 'vitest';
import { emissaryAdapter } from '../../src/adapters/emissary.js';
import { findingsOf } from './gateway-findings.js';
import { at, detects, onlyPolicy, policiesOf } from './helpers.js';

describe('emissary adapter', () => {
  it('splits a comma string of origins into located exact entries, untrimmed as Emissary keeps them, and reads string max_age', () => {
    const policy = onlyPolicy(
      emissaryAdapter,
      'mapping.yaml',
      `apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata:
  name: quote-backend
spec:
  hostname: "*"
  prefix: /backend/
  service: quote
  cors:
    origins: https://app.example.com, https://admin.example.com
    methods: GET, POST, PUT
    headers: Content-Type
    credentials: true
    exposed_headers: X-Request-Id
    max_age: "86400"
`,
    );
    expect(policy.source).toBe('Mapping quote-backend');
    expect(at(policy.loc)).toEqual([10, 5]);
    expect(policy.origins).toEqual([
      {
        kind: 'exact',
        value: 'https://app.example.com',
        compared: true,
        loc: expect.objectContaining({ line: 10, column: 14 }),
      },
      {
        kind: 'exact',
        value: ' https://admin.example.com',
        compared: true,
        loc: expect.objectContaining({ line: 10, column: 39 }),
      },
    ]);
    expect(
      policy.allowMethods?.kind === 'list' && policy.allowMethods.items.map((item) => [item.value, item.loc.column]),
    ).toEqual([
      ['GET', 14],
      ['POST', 19],
      ['PUT', 25],
    ]);
    expect(policy.maxAge).toMatchObject({ seconds: 86400, raw: '86400', loc: { line: 15, column: 14 } });
    expect(policy.credentials).toMatchObject({ value: true, loc: { line: 13, column: 18 } });
    expect(policy.vary.value).toBe(false);
  });

  it('reads the global CORS of the ambassador Module, in the v3 and the old top-level form', () => {
    const v3 = onlyPolicy(
      emissaryAdapter,
      'module.yaml',
      `apiVersion: getambassador.io/v3alpha1
kind: Module
metadata:
  name: ambassador
spec:
  config:
    cors:
      origins: ["*"]
      credentials: true
`,
    );
    expect(v3.source).toBe('Module ambassador (global CORS)');
    expect(v3.origins).toEqual([{ kind: 'reflect-any', loc: expect.objectContaining({ line: 8, column: 17 }) }]);
    const v1 = onlyPolicy(
      emissaryAdapter,
      'module.yaml',
      `apiVersion: ambassador/v1
kind: Module
name: ambassador
config:
  cors:
    origins: http://foo.example.com
    methods: POST, GET, OPTIONS
`,
    );
    expect(v1.origins).toMatchObject([{ kind: 'exact', value: 'http://foo.example.com' }]);
  });

  it("takes a Vary: Origin from the Mapping's add_response_headers", () => {
    const policy = onlyPolicy(
      emissaryAdapter,
      'mapping.yaml',
      `apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata: { name: m }
spec:
  prefix: /m/
  service: m
  add_response_headers:
    vary: { value: Origin, append: false }
  cors:
    origins: [https://app.example.com]
`,
    );
    expect(policy.vary).toMatchObject({ value: true, loc: { line: 8, column: 20 } });
  });

  it('reads no CORS policy for a host_redirect Mapping, which Envoy answers without its CORS filter', () => {
    const mapping = (redirect: string): string => `apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata:
  name: old-domain
spec:
  hostname: old.example.com
  prefix: /
  service: new.example.com
${redirect}  cors:
    origins: ["*"]
    credentials: true
`;
    expect(policiesOf(emissaryAdapter, 'mapping.yaml', mapping('  host_redirect: true\n'))).toEqual([]);
    expect(findingsOf('mapping.yaml', mapping('  host_redirect: true\n'))).toEqual([]);
    expect(findingsOf('mapping.yaml', mapping('  host_redirect: false\n'))).toEqual([
      ['require-vary-origin', 'missingVary', 11, 5],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 11, 15],
    ]);
  });

  it('does not recognise other Modules or other groups', () => {
    expect(
      detects(
        emissaryAdapter,
        'm.yaml',
        'apiVersion: getambassador.io/v3alpha1\nkind: Module\nmetadata: {name: tls}\n',
      ),
    ).toBe(false);
    expect(detects(emissaryAdapter, 'm.yaml', 'apiVersion: example.com/v1\nkind: Mapping\nmetadata: {name: x}\n')).toBe(
      false,
    );
  });

  it("reads Emissary 2.0's AmbassadorMapping in x.getambassador.io/v3alpha1", () => {
    const text = `---
apiVersion: x.getambassador.io/v3alpha1
kind: AmbassadorMapping
metadata:
  name: quote-backend
  namespace: ambassador
spec:
  hostname: "*"
  prefix: /backend/
  service: quote
  cors:
    origins: "*"
    methods: GET, POST, OPTIONS
    credentials: true
`;
    expect(onlyPolicy(emissaryAdapter, 'mapping.yaml', text).source).toBe('AmbassadorMapping quote-backend');
    expect(findingsOf('mapping.yaml', text)).toEqual([
      ['require-vary-origin', 'missingVary', 12, 5],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 12, 15],
    ]);
    const listed = text.replace('origins: "*"', 'origins: https://app.example.com').replace('credentials: true', 'credentials: false');
    expect(findingsOf('mapping.yaml', listed)).toEqual([['require-vary-origin', 'missingVary', 12, 5]]);
    expect(detects(emissaryAdapter, 'm.yaml', text.replace('AmbassadorMapping', 'AmbassadorHost'))).toBe(false);
  });

  it('reports the piece after ", " as never matching, and keeps a list item with a comma as one entry', () => {
    const mapping = (origins: string): string => `apiVersion: getambassador.io/v2
kind: Mapping
metadata:
  name: api
spec:
  prefix: /api/
  service: api:8080
  add_response_headers:
    Vary: Origin
  cors:
    origins: ${origins}
    methods: GET, POST
`;
    expect(findingsOf('mapping.yaml', mapping('https://app.example.com, https://admin.example.com'))).toEqual([
      ['valid-origin', 'whitespace', 11, 39],
    ]);
    expect(findingsOf('mapping.yaml', mapping('https://app.example.com,https://admin.example.com'))).toEqual([]);
    expect(findingsOf('mapping.yaml', mapping('["https://app.example.com,https://admin.example.com"]'))).toEqual([
      ['valid-origin', 'severalOrigins', 11, 15],
    ]);
    // An empty setting allows no origin.
    expect(onlyPolicy(emissaryAdapter, 'mapping.yaml', mapping('')).origins).toEqual([]);
    // A StringMatcher given as a list item is passed on to Envoy as it is.
    expect(findingsOf('mapping.yaml', mapping('[{ safe_regex: { regex: ".*" } }]'))).toEqual([]);
    expect(
      onlyPolicy(emissaryAdapter, 'mapping.yaml', mapping('[{ safe_regex: { regex: ".*" } }]')).origins,
    ).toMatchObject([{ kind: 'reflect-any' }]);
  });

  it('reads Access-Control-* headers in add_response_headers of a Mapping without cors', () => {
    const mapping = (origin: string, cors = ''): string => `apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata:
  name: legacy-api
spec:
  hostname: "*"
  prefix: /legacy/
  service: legacy:8080
  add_response_headers:
    Access-Control-Allow-Origin: ${origin}
    Access-Control-Allow-Credentials:
      value: "true"
      append: false
    x-test-proto: "%PROTOCOL%"
${cors}`;
    expect(findingsOf('mapping.yaml', mapping('"*"'))).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 10, 34],
    ]);
    // Envoy fills in %REQ(origin)% with the request's Origin.
    expect(findingsOf('mapping.yaml', mapping('"%REQ(origin)%"'))).toEqual([
      ['require-vary-origin', 'missingVary', 10, 5],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 10, 34],
    ]);
    // With its own cors, the CORS filter writes Access-Control-Allow-Origin for the origins it allows;
    // the others get these headers as added.
    const withCors = mapping('"*"', '  cors:\n    origins: [https://app.example.com]\n');
    expect(policiesOf(emissaryAdapter, 'mapping.yaml', withCors).map((policy) => policy.source)).toEqual([
      'Mapping legacy-api',
      'Mapping legacy-api add_response_headers (origins its CORS policy does not allow)',
    ]);
    // A cors block that allows every origin writes the header for all of them.
    const everyOrigin = mapping('"*"', '  cors:\n    origins: "*"\n');
    expect(onlyPolicy(emissaryAdapter, 'mapping.yaml', everyOrigin).source).toBe('Mapping legacy-api');
  });

  it('combines a name add_response_headers writes twice in different case when both append, and leaves an overwrite among them unknown', () => {
    const mapping = (second: string): string => `apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata:
  name: catalog
  namespace: shop
spec:
  hostname: shop.example.com
  prefix: /api/
  service: catalog.shop:8080
  add_response_headers:
    Access-Control-Allow-Origin: https://shop.example.com
    access-control-allow-origin:
${second}
`;
    const appended = mapping('      value: https://admin.example.com');
    expect(findingsOf('mapping.yaml', appended)).toEqual([['valid-origin', 'severalOrigins', 11, 34]]);
    // Written in this order it overwrites; sorted by name (as the map reaches Envoy), it is appended.
    const overwriting = mapping('      value: https://admin.example.com\n      append: false');
    expect(policiesOf(emissaryAdapter, 'mapping.yaml', overwriting)[0]?.origins).toMatchObject([{ kind: 'unknown' }]);
    expect(findingsOf('mapping.yaml', overwriting)).toEqual([]);
  });

  it('reads an Access-Control-Allow-Credentials in add_response_headers beside cors without credentials as sent to the origins it allows', () => {
    const text = `apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata:
  name: catalog
spec:
  hostname: shop.example.com
  prefix: /api/
  service: catalog:8080
  cors:
    origins: "*"
    methods: [GET, POST]
  add_response_headers:
    Access-Control-Allow-Credentials: "true"
    Vary: Origin
`;
    expect(policiesOf(emissaryAdapter, 'mapping.yaml', text).map((policy) => [policy.source, policy.credentials.value])).toEqual([
      ['Mapping catalog', true],
    ]);
    expect(findingsOf('mapping.yaml', text)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 10, 15]]);
  });

  it('reads quoted keys by their value, so a Vary added in a JSON Mapping counts', () => {
    const json = JSON.stringify({
      apiVersion: 'getambassador.io/v3alpha1',
      kind: 'Mapping',
      metadata: { name: 'api' },
      spec: { prefix: '/api/', service: 'api:8080', cors: { origins: ['https://a.example.com', 'https://b.example.com'] }, add_response_headers: { Vary: 'Origin' } },
    });
    expect(findingsOf('mapping.json', json)).toEqual([]);
    expect(findingsOf('mapping.json', json.replace('"Vary"', '"X-Vary"'))).toEqual([['require-vary-origin', 'missingVary', 1, 140]]);
  });

  it('reads credentials written as a YAML 1.1 word (yes) as kubectl does', () => {
    const mapping = `apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata:
  name: api
spec:
  hostname: "*"
  prefix: /api/
  service: api:8080
  add_response_headers:
    Vary: { value: Origin }
  cors:
    origins: ["*"]
    credentials: yes
`;
    expect(findingsOf('mapping.yaml', mapping)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 12, 15]]);
  });
});
