import { describe, expect, it } from 'vitest';
import { apisixAdapter } from '../../src/adapters/apisix.js';
import { findingsOf } from './gateway-findings.js';
import { at, detects, onlyPolicy, policiesOf } from './helpers.js';

const STANDALONE = `routes:
  - id: orders
    uri: /orders/*
    upstream:
      type: roundrobin
      nodes:
        "orders:8080": 1
    plugins:
      cors:
        allow_origins: "https://shop.example.com,https://admin.example.com"
        allow_methods: "GET,POST"
        allow_headers: "**"
        allow_credential: true
        max_age: 86400
  - id: public
    uri: /public/*
    plugins:
      cors: {}
      limit-count: { count: 100, time_window: 60 }
#END
`;

describe('apisix adapter', () => {
  const [orders, open] = policiesOf(apisixAdapter, 'apisix.yaml', STANDALONE);

  it('reads cors plugins of a standalone apisix.yaml', () => {
    expect(policiesOf(apisixAdapter, 'apisix.yaml', STANDALONE)).toHaveLength(2);
    expect(orders?.source).toBe('APISIX route orders');
    expect(at(orders!.loc)).toEqual([10, 9]);
  });

  it('compares a comma list exactly, echoes ** headers, keeps Vary', () => {
    expect(orders?.origins).toEqual([
      {
        kind: 'exact',
        value: 'https://shop.example.com',
        compared: true,
        loc: expect.objectContaining({ line: 10, column: 25 }),
      },
      {
        kind: 'exact',
        value: 'https://admin.example.com',
        compared: true,
        loc: expect.objectContaining({ line: 10, column: 50 }),
      },
    ]);
    expect(orders?.allowHeaders).toMatchObject({ kind: 'reflect', loc: { line: 12, column: 24 } });
    expect(orders?.maxAge).toMatchObject({ seconds: 86400, loc: { line: 14, column: 18 } });
    expect(orders?.vary).toMatchObject({ value: true, loc: { line: 10, column: 24 } });
    // With credentials the old expose-headers default would only make the config invalid; newer releases have none.
    expect(orders?.exposeHeaders).toBeUndefined();
  });

  it('keeps the space after a comma in allow_origins, as APISIX does, so that entry never matches', () => {
    const file = `routes:
  - uri: /api/*
    upstream_id: 1
    plugins:
      cors:
        allow_origins: "https://app.example.com, https://admin.example.com,*"
        allow_methods: "GET,POST"
        allow_headers: "Authorization"
#END
`;
    expect(onlyPolicy(apisixAdapter, 'apisix.yaml', file).origins).toEqual([
      { kind: 'exact', value: 'https://app.example.com', compared: true, loc: expect.objectContaining({ line: 6, column: 25 }) },
      { kind: 'exact', value: ' https://admin.example.com', compared: true, loc: expect.objectContaining({ line: 6, column: 50 }) },
    ]);
    expect(findingsOf('apisix.yaml', file)).toEqual([['valid-origin', 'whitespace', 6, 50]]);
  });

  it('applies the * defaults to an empty plugin config, located at its cors key', () => {
    const corsKey = expect.objectContaining({ line: 18, column: 7, endLine: 18, endColumn: 11 });
    expect(open?.origins).toEqual([{ kind: 'any', loc: corsKey }]);
    for (const list of [open?.allowMethods, open?.allowHeaders, open?.exposeHeaders]) {
      expect(list).toEqual({ kind: 'list', items: [{ value: '*', loc: corsKey }], defaulted: true, loc: corsKey });
    }
    expect(open?.maxAge).toEqual({ kind: 'value', seconds: 5, raw: '5', loc: corsKey });
    expect(open?.vary.value).toBe(false);
    expect(open?.credentials.value).toBe(false);
  });

  it('reflects every origin for ** and tries allow_origins before allow_origins_by_regex', () => {
    const forced = onlyPolicy(
      apisixAdapter,
      'route.json',
      '{\n  "uri": "/api/*",\n  "plugins": {\n    "cors": {\n      "allow_origins": "**",\n      "allow_methods": "**",\n      "allow_credential": true\n    }\n  }\n}\n',
    );
    expect(forced.origins).toEqual([{ kind: 'reflect-any', loc: expect.objectContaining({ line: 5, column: 24 }) }]);
    expect(forced.allowMethods?.kind === 'list' && forced.allowMethods.items.map((item) => item.value)).toEqual([
      'GET',
      'POST',
      'PUT',
      'DELETE',
      'PATCH',
      'HEAD',
      'OPTIONS',
      'CONNECT',
      'TRACE',
    ]);
    const byRegex = onlyPolicy(
      apisixAdapter,
      'route.json',
      '{"uris": ["/a"], "plugins": {"cors": {"allow_origins": "https://a.example.com", "allow_origins_by_regex": [".*\\\\.test\\\\.com"]}}}',
    );
    expect(byRegex.origins).toEqual([
      {
        kind: 'exact',
        value: 'https://a.example.com',
        compared: true,
        loc: expect.objectContaining({ line: 1, column: 57 }),
      },
      {
        kind: 'pattern',
        source: '.*\\.test\\.com',
        flags: '',
        dialect: 'pcre-search',
        loc: expect.objectContaining({ line: 1, column: 108 }),
      },
    ]);
  });

  it('reads an allow_origins_by_regex entry that matches every origin as echoing every origin, as for Kong and Traefik', () => {
    const text = `routes:
  - uri: /api/*
    upstream:
      type: roundrobin
      nodes:
        "api:8080": 1
    plugins:
      cors:
        allow_origins: "https://app.example.com"
        allow_origins_by_regex:
          - ".*"
        allow_methods: "GET,POST"
        allow_headers: "Content-Type"
        allow_credential: true
#END
`;
    expect(onlyPolicy(apisixAdapter, 'apisix.yaml', text).origins.map((origin) => origin.kind)).toEqual(['exact', 'reflect-any']);
    expect(findingsOf('apisix.yaml', text)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 11, 13]]);
    // Without credentials every origin is still echoed, which only no-any-origin (off by default) reports.
    expect(findingsOf('apisix.yaml', text.replace('        allow_credential: true\n', ''))).toEqual([]);
  });

  // header_filter runs process_with_allow_origins before the regex, so an allow_origins entry next to
  // allow_origins_by_regex is still allowed (and the default `*` still matches everyone).
  it('keeps allow_origins next to allow_origins_by_regex and allow_origins_by_metadata', () => {
    const policy = onlyPolicy(
      apisixAdapter,
      'ar.yaml',
      `apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata:
  name: web
spec:
  http:
    - name: web
      match:
        paths: ["/*"]
      backends:
        - serviceName: web
          servicePort: 80
      plugins:
        - name: cors
          enable: true
          config:
            allow_origins: "http://foo.example.org"
            allow_origins_by_regex:
              - '^https://.*\\.example\\.org$'
            allow_credential: true
            allow_methods: "GET,POST"
            allow_headers: "Authorization"
`,
    );
    expect(policy.origins).toEqual([
      {
        kind: 'exact',
        value: 'http://foo.example.org',
        compared: true,
        loc: expect.objectContaining({ line: 17, column: 29 }),
      },
      {
        kind: 'pattern',
        source: '^https://.*\\.example\\.org$',
        flags: '',
        dialect: 'pcre-search',
        loc: expect.objectContaining({ line: 19, column: 17 }),
      },
    ]);
    expect(policy.credentials).toMatchObject({ value: true, loc: { line: 20, column: 31 } });

    const byMetadata = onlyPolicy(
      apisixAdapter,
      'route.json',
      '{"uri": "/a", "plugins": {"cors": {"allow_origins_by_metadata": ["EXAMPLE"]}}}',
    );
    expect(byMetadata.origins).toEqual([{ kind: 'unknown', loc: expect.objectContaining({ line: 1, column: 65 }) }]);
  });

  it('never tries the regex or the metadata after an allow_origins of * or **, the default included', () => {
    const config = `routes:
  - uri: /a
    plugins:
      cors:
        allow_origins_by_regex: [".*\\\\.test\\\\.com"]
  - uri: /b
    plugins:
      cors:
        allow_origins: "**"
        allow_origins_by_regex: [".*\\\\.test\\\\.com"]
        allow_origins_by_metadata: [partners]
  - uri: /c
    plugins:
      cors:
        allow_origins: "null"
        allow_origins_by_regex: [".*\\\\.test\\\\.com"]
#END
`;
    expect(policiesOf(apisixAdapter, 'apisix.yaml', config).map((policy) => policy.origins.map((origin) => [origin.kind, origin.loc.line, origin.loc.column]))).toEqual([
      [['any', 4, 7]],
      [['reflect-any', 9, 24]],
      [
        ['null', 15, 25],
        ['pattern', 16, 34],
      ],
    ]);
  });

  it('reads the origins allow_origins_by_metadata names from the plugin_metadata of the same standalone file', () => {
    const config = `routes:
  - id: storefront
    uri: /api/*
    plugins:
      cors:
        allow_origins: "https://shop.example.com"
        allow_origins_by_metadata: [partners, everyone, missing]
        allow_credential: true
        allow_methods: "GET,POST"
        allow_headers: "Content-Type"
        expose_headers: "X-Request-Id"
  - id: admin
    uri: /admin/*
    plugins:
      cors:
        allow_origins_by_metadata: [partners]
        allow_credential: true
        allow_methods: "GET"
        allow_headers: "Content-Type"
        expose_headers: "X-Request-Id"
plugin_metadata:
  - id: cors
    allow_origins:
      partners: "https://a.partner.example,http://b.partner.example"
      everyone: "*"
#END
`;
    expect(policiesOf(apisixAdapter, 'apisix.yaml', config).map((policy) => policy.origins.map((origin) => [origin.kind, origin.loc.line, origin.loc.column]))).toEqual([
      [
        ['exact', 6, 25],
        ['exact', 24, 18],
        ['exact', 24, 44],
        ['reflect-any', 25, 17],
      ],
      [
        ['exact', 24, 18],
        ['exact', 24, 44],
      ],
    ]);
    expect(findingsOf('apisix.yaml', config)).toEqual([
      ['no-insecure-origin', 'insecureOriginWithCredentials', 24, 44],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 25, 17],
    ]);
  });

  it('keeps metadata origins unknown without plugin metadata in the file, and allows nothing for a key its metadata lacks', () => {
    const route = (extra: string): string => `routes:
  - uri: /a
    plugins:
      cors:
        allow_origins_by_metadata: [partners]
        allow_credential: true
        allow_methods: "GET"
        allow_headers: "Content-Type"
        expose_headers: "X-Request-Id"
${extra}#END
`;
    expect(onlyPolicy(apisixAdapter, 'apisix.yaml', route('')).origins).toEqual([{ kind: 'unknown', loc: expect.objectContaining({ line: 5, column: 36 }) }]);
    expect(onlyPolicy(apisixAdapter, 'apisix.yaml', route('plugin_metadata:\n  - id: http-logger\n    log_format: {host: "$host"}\n')).origins).toEqual([]);
    expect(onlyPolicy(apisixAdapter, 'adc.yaml', route('plugin_metadata:\n  cors:\n    allow_origins: {partners: "**"}\n')).origins).toEqual([
      { kind: 'reflect-any', loc: expect.objectContaining({ line: 12, column: 31 }) },
    ]);
  });

  it('reads ApisixRoute plugins only when enabled', () => {
    const policies = policiesOf(
      apisixAdapter,
      'ar.yaml',
      `apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata:
  name: shop
spec:
  http:
    - name: api
      match: { paths: [/api/*] }
      backends: [{ serviceName: api, servicePort: 80 }]
      plugins:
        - name: cors
          enable: true
          config:
            allow_origins: "null"
        - name: cors
          enable: false
          config: { allow_origins: "**" }
`,
    );
    expect(policies).toHaveLength(1);
    expect(policies[0]?.source).toBe('ApisixRoute shop');
    expect(policies[0]?.origins).toMatchObject([{ kind: 'null', loc: { line: 14, column: 29 } }]);
  });

  it("reads the Gateway API mode's PluginConfig plugins (always on) and GatewayProxy global plugins (when enabled)", () => {
    const stream = `apiVersion: apisix.apache.org/v1alpha1
kind: PluginConfig
metadata:
  name: cors-plugin-config
spec:
  plugins:
    - name: cors
      config:
        allow_origins: "**"
        allow_methods: "GET,POST"
        allow_headers: "Content-Type"
        allow_credential: true
---
apiVersion: apisix.apache.org/v1alpha1
kind: GatewayProxy
metadata:
  name: apisix-config
spec:
  provider:
    type: ControlPlane
  plugins:
    - name: cors
      enabled: true
      config:
        allow_origins: "https://app.example.com,http://admin.example.com"
    - name: cors
      config:
        allow_origins: "**"
`;
    expect(policiesOf(apisixAdapter, 'gateway-api.yaml', stream).map((policy) => policy.source)).toEqual([
      'PluginConfig cors-plugin-config',
      'GatewayProxy apisix-config',
    ]);
    expect(findingsOf('gateway-api.yaml', stream)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 9, 24],
      ['explicit-authorization-header', 'authorizationNotCovered', 22, 7],
      ['no-insecure-origin', 'insecureOrigin', 25, 49],
    ]);
  });

  it('skips ApisixRoute plugins whose settings a secretRef overrides', () => {
    const route = `apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata:
  name: partner
spec:
  ingressClassName: apisix
  http:
    - name: partner
      match:
        paths: [/partner/*]
      backends:
        - serviceName: partner
          servicePort: 80
      plugins:
        - name: cors
          enable: true
          secretRef: partner-cors
          config:
            allow_methods: "GET"
`;
    expect(findingsOf('route.yaml', route)).toEqual([]);
    // Without the Secret, the written config runs with the * defaults, which omit Authorization.
    expect(findingsOf('route.yaml', route.replace('          secretRef: partner-cors\n', ''))).toEqual([
      ['explicit-authorization-header', 'authorizationNotCovered', 15, 11],
    ]);
  });

  it('reads the cors global rule of an ADC file, where global rules are keyed by plugin name', () => {
    const adc = `services:
  - name: shop
    upstream:
      type: roundrobin
      nodes:
        - host: shop.internal
          port: 8080
          weight: 1
    routes:
      - name: shop-api
        uris: [/api/*]
global_rules:
  cors:
    allow_origins: "**"
    allow_methods: "GET,POST"
    allow_headers: "Authorization,Content-Type"
    allow_credential: true
  prometheus:
    prefer_name: true
`;
    expect(policiesOf(apisixAdapter, 'adc.yaml', adc).map((policy) => policy.source)).toEqual([
      'APISIX global rule cors',
    ]);
    expect(findingsOf('adc.yaml', adc)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 14, 20],
    ]);
  });

  it('skips routes switched off with status 0, in a standalone file and as an Admin API body', () => {
    const standalone = (status: string): string =>
      `routes:\n  - id: legacy\n    uri: /legacy/*\n    status: ${status}\n    upstream_id: 1\n    plugins:\n      cors:\n        allow_origins: "**"\n        allow_methods: GET\n        allow_headers: "**"\n        allow_credential: true\n#END\n`;
    expect(policiesOf(apisixAdapter, 'apisix.yaml', standalone('0'))).toEqual([]);
    expect(findingsOf('apisix.yaml', standalone('1'))).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 8, 24]]);
    const admin = (status: number): string =>
      `{"uri": "/legacy/*", "status": ${status}, "plugins": {"cors": {"allow_origins": "**", "allow_credential": true, "allow_methods": "GET", "allow_headers": "**"}}}`;
    expect(policiesOf(apisixAdapter, 'route.json', admin(0))).toEqual([]);
    expect(policiesOf(apisixAdapter, 'route.json', admin(1))).toHaveLength(1);
  });

  it('skips plugins disabled through _meta', () => {
    expect(
      policiesOf(
        apisixAdapter,
        'route.json',
        '{"uri": "/a", "plugins": {"cors": {"_meta": {"disable": true}, "allow_origins": "**"}}}',
      ),
    ).toEqual([]);
  });

  it('reads the Admin API body of a global rule or plugin config, which has no route keys', () => {
    const globalRule = (maxAge: number): string => `{
  "id": "global-cors-limit",
  "plugins": {
    "cors": {
      "allow_origins": "https://app.example.com,https://admin.example.com",
      "allow_methods": "GET,POST,PUT,DELETE,PATCH,OPTIONS",
      "allow_headers": "Authorization,Content-Type",
      "allow_credential": true,
      "max_age": ${maxAge}
    },
    "limit-req": { "rate": 100, "burst": 50, "key": "remote_addr" }
  }
}
`;
    expect(onlyPolicy(apisixAdapter, 'global-rules.json', globalRule(600)).source).toBe(
      'APISIX global rule or plugin config global-cors-limit',
    );
    expect(findingsOf('global-rules.json', globalRule(1728000))).toEqual([
      ['max-age-within-browser-cap', 'aboveBrowserCap', 9, 18],
    ]);
    expect(findingsOf('global-rules.json', globalRule(600))).toEqual([]);
  });

  it('reads the objects a saved Admin API answer holds under value, alone or listed, 3.x and 2.x', () => {
    const cors = '{"allow_origins": "**", "allow_methods": "GET", "allow_headers": "Authorization", "allow_credential": true}';
    const route = (id: string): string => `{"id": "${id}", "uri": "/${id}/*", "plugins": {"cors": ${cors}}}`;
    const one = `{\n  "key": "/apisix/routes/1",\n  "value": ${route('one')}\n}\n`;
    expect(onlyPolicy(apisixAdapter, 'route-1.json', one).source).toBe('APISIX route one');
    expect(findingsOf('route-1.json', one)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 3, 81]]);
    const v2 = `{"action": "get", "node": {"key": "/apisix/routes/2", "value": ${route('two')}}}`;
    expect(onlyPolicy(apisixAdapter, 'route-2.json', v2).source).toBe('APISIX route two');
    const v2List = `{"action": "get", "node": {"dir": true, "key": "/apisix/routes", "nodes": [
  {"key": "/apisix/routes/3", "value": ${route('three')}},
  {"key": "/apisix/routes/4", "value": {"id": "four", "uri": "/four", "plugins": {"limit-count": {"count": 1}}}},
  {"key": "/apisix/routes/5", "value": ${route('five')}}
]}}`;
    expect(policiesOf(apisixAdapter, 'routes.json', v2List).map((policy) => policy.source)).toEqual([
      'APISIX route three',
      'APISIX route five',
    ]);
    // Another tool's key/value pair is not an APISIX object.
    expect(detects(apisixAdapter, 'kv.json', `{"key": "/config/routes/1", "value": ${route('other')}}`)).toBe(false);
  });

  it('blames a setting left to its default on the cors key, not on the first setting written under it', () => {
    const route = (headers: string): string => `routes:
  - id: 1
    uri: /api/v1/*
    upstream_id: 1
    plugins:
      jwt-auth: {}
      cors:
        allow_origins: "https://app.example.com"
        allow_methods: "GET,POST"${headers}
#END
`;
    expect(findingsOf('apisix.yaml', route(''))).toEqual([
      ['explicit-authorization-header', 'authorizationNotCovered', 7, 7],
    ]);
    expect(findingsOf('apisix.yaml', route('\n        allow_headers: "Authorization,Content-Type"'))).toEqual([]);
  });

  it('leaves out a cors config APISIX rejects for writing a string setting as a list', () => {
    const route = (origins: string): string => `routes:
  - id: 1
    uri: /api/v1/ping
    upstream_id: 1
    plugins:
      cors:
        allow_origins: ${origins}
        allow_methods: "GET,POST"
#END
`;
    expect(policiesOf(apisixAdapter, 'apisix.yaml', route('["*"]'))).toEqual([]);
    expect(findingsOf('apisix.yaml', route('["*"]'))).toEqual([]);
    // Written as the string the schema asks for, the default allow_headers * is read and reported.
    expect(findingsOf('apisix.yaml', route('"*"'))).toEqual([['explicit-authorization-header', 'authorizationNotCovered', 6, 7]]);
  });

  it('reads each operation of an APISIX Dashboard OpenAPI export as a route with its x-apisix-plugins', () => {
    const exported = (status: number): string => `components: {}
info:
  title: RoutesExport
  version: 3.0.0
openapi: 3.0.0
paths:
  /api/{params}:
    get:
      operationId: shop-apiGET
      requestBody: {}
      responses:
        default:
          description: ""
      security: []
      x-apisix-enable_websocket: false
      x-apisix-id: "394311542227764176"
      x-apisix-plugins:
        cors:
          allow_credential: true
          allow_headers: "**"
          allow_methods: GET,POST,OPTIONS
          allow_origins: "**"
          max_age: 5
      x-apisix-priority: 0
      x-apisix-status: 1
    put:
      operationId: shop-apiPUT
      x-apisix-id: "394311542227764176"
      x-apisix-plugins:
        cors:
          allow_credential: true
          allow_headers: "**"
          allow_methods: GET,POST,OPTIONS
          allow_origins: "**"
          max_age: 5
      x-apisix-status: 1
    post:
      operationId: shop-apiPOST
      x-apisix-plugins:
        cors:
          allow_origins: https://shop.example.com
          allow_methods: GET,POST,OPTIONS
          allow_headers: Authorization,Content-Type
          allow_credential: true
        limit-count: { count: 100, time_window: 60 }
      x-apisix-status: ${status}
  /health:
    get:
      operationId: healthGET
      x-apisix-plugins:
        prometheus: { disable: false }
      x-apisix-status: 1
`;
    expect(policiesOf(apisixAdapter, 'routes-export.yaml', exported(1)).map((policy) => policy.source)).toEqual([
      'APISIX Dashboard route shop-apiGET',
      'APISIX Dashboard route shop-apiPOST',
    ]);
    // The PUT copy of the GET route (same x-apisix-id) is the same route: read once.
    expect(findingsOf('routes-export.yaml', exported(1))).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 22, 26],
    ]);
    // `x-apisix-status: 0` is a route switched off: it serves nothing.
    expect(policiesOf(apisixAdapter, 'routes-export.yaml', exported(0)).map((policy) => policy.source)).toEqual([
      'APISIX Dashboard route shop-apiGET',
    ]);
  });

  it("reads the plugins ADC's OpenAPI converter takes from x-adc-plugins and x-adc-plugin-cors at each level", () => {
    const spec = `openapi: 3.0.0
info:
  title: httpbin
  version: 1.0.0
servers:
  - url: http://httpbin:8080
x-adc-plugins:
  cors:
    allow_origins: "**"
    allow_methods: GET,POST,PUT,DELETE,OPTIONS
    allow_headers: "**"
    allow_credential: true
paths:
  /get:
    get:
      x-adc-name: httpbin_get
      operationId: getAnything
      x-adc-plugins:
        cors:
          allow_origins: "**"
      x-adc-plugin-cors:
        allow_origins: https://app.example.com
        allow_methods: GET
        allow_headers: Content-Type
  /anything:
    x-adc-plugins:
      limit-count: { count: 10, time_window: 60 }
    post:
      responses: { "200": { description: ok } }
`;
    expect(policiesOf(apisixAdapter, 'openapi.yaml', spec).map((policy) => policy.source)).toEqual([
      'APISIX service from OpenAPI (ADC)',
      'APISIX route getAnything from OpenAPI (ADC)',
    ]);
    expect(findingsOf('openapi.yaml', spec)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 9, 20],
    ]);
  });

  it('does not take an OpenAPI document without APISIX plugins for an APISIX export', () => {
    const openApi = (extension: string): string =>
      `openapi: 3.0.1\ninfo: { title: Orders, version: "1" }\npaths:\n  /orders:\n    get:\n      responses: { "200": { description: ok } }\n${extension}`;
    expect(detects(apisixAdapter, 'openapi.yaml', openApi(''))).toBe(false);
    expect(detects(apisixAdapter, 'openapi.yaml', openApi('      x-apisix-plugins:\n        limit-count: { count: 1, time_window: 1 }\n'))).toBe(false);
    expect(detects(apisixAdapter, 'openapi.yaml', openApi('      x-apisix-plugins:\n        cors: {}\n'))).toBe(true);
    // Only OpenAPI documents: a bare paths map is something else.
    expect(detects(apisixAdapter, 'x.yaml', 'paths:\n  /a:\n    get:\n      x-apisix-plugins:\n        cors: {}\n')).toBe(false);
  });

  it('does not take Kong decK files or unrelated documents for APISIX', () => {
    expect(
      detects(
        apisixAdapter,
        'kong.yaml',
        '_format_version: "3.0"\nroutes:\n  - name: r\n    plugins:\n      - name: cors\n',
      ),
    ).toBe(false);
    expect(detects(apisixAdapter, 'x.json', '{"plugins": {"cors": {}}}')).toBe(false);
    // Another tool's plugin map: Kong's cors keys, no route keys.
    expect(detects(apisixAdapter, 'x.json', '{"id": "p", "plugins": {"cors": {"origins": ["*"], "credentials": true}}}')).toBe(false);
    expect(
      detects(apisixAdapter, 'x.yaml', 'apiVersion: apisix.apache.org/v2\nkind: ApisixUpstream\nmetadata: {name: x}\n'),
    ).toBe(false);
  });

  it('does not take an application config with a host and a cors plugin map for an Admin API route', () => {
    // An APISIX route needs `uri` or `uris` (schema_def.lua `_M.route`); `host` alone is an app's bind address.
    const appConfig = `{
  "host": "0.0.0.0",
  "port": 3030,
  "plugins": {
    "cors": { "origin": ["https://app.example.com"], "credentials": true }
  }
}
`;
    expect(detects(apisixAdapter, 'config/default.json', appConfig)).toBe(false);
    // With a uri it is a route, and the plugin's defaults (Allow-Headers `*`) apply.
    const routeBody = appConfig.replace('"port": 3030', '"uri": "/api/*"');
    expect(findingsOf('route.json', routeBody)).toEqual([
      ['explicit-authorization-header', 'authorizationNotCovered', 5, 5],
    ]);
  });

  it("reads the cors plugin the ingress controller builds from an Ingress's k8s.apisix.apache.org annotations", () => {
    const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: httpbin
  annotations:
    kubernetes.io/ingress.class: apisix
    k8s.apisix.apache.org/enable-cors: "true"
    k8s.apisix.apache.org/cors-allow-origin: "https://foo.example.com,https://bar.example.com/"
    k8s.apisix.apache.org/cors-allow-methods: ""
spec:
  rules:
    - host: httpbin.example.com
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: defaults
  annotations:
    k8s.apisix.apache.org/enable-cors: "true"
spec:
  ingressClassName: apisix
`;
    const [listed, defaults] = policiesOf(apisixAdapter, 'ingress.yaml', ingress);
    expect(listed?.source).toBe('Ingress httpbin (APISIX annotations)');
    expect(listed && at(listed.loc)).toEqual([7, 5]);
    expect(defaults?.source).toBe('Ingress defaults (APISIX annotations)');
    expect(listed?.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([
      ['exact', 8, 47],
      ['exact', 8, 71],
    ]);
    expect(listed?.credentials.value).toBe(false);
    // An empty annotation is left out, so the plugin's default `*` applies.
    expect(listed?.allowMethods).toEqual({ kind: 'list', items: [{ value: '*', loc: listed?.loc }], defaulted: true, loc: listed?.loc });
    expect(findingsOf('ingress.yaml', ingress)).toEqual([
      ['explicit-authorization-header', 'authorizationNotCovered', 7, 5],
      ['valid-origin', 'trailingSlash', 8, 71],
      ['explicit-authorization-header', 'authorizationNotCovered', 19, 5],
    ]);
    expect(detects(apisixAdapter, 'ingress.yaml', ingress.replaceAll('"true"', '"True"'))).toBe(false);
  });

  it('switches an ApisixRoute plugin on with enable written as a YAML 1.1 word (yes), as kubectl does', () => {
    const route = (enable: string): string => `apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata:
  name: web
spec:
  http:
    - name: web
      match: { paths: ["/*"] }
      backends: [{ serviceName: web, servicePort: 80 }]
      plugins:
        - name: cors
          enable: ${enable}
          config:
            allow_origins: "**"
            allow_methods: "GET,POST"
            allow_headers: "Content-Type"
            allow_credential: true
`;
    expect(findingsOf('route.yaml', route('yes'))).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 14, 28]]);
    expect(findingsOf('route.yaml', route('"yes"'))).toEqual([]);
  });

  it('reads allow_credential written as a YAML 1.1 word the way each reader does: lyaml for apisix.yaml, kubectl for CRDs', () => {
    const standalone = (credential: string, end = '#END\n'): string => `routes:
  - uri: /api/*
    upstream: { type: roundrobin, nodes: { "api:8080": 1 } }
    plugins:
      cors:
        allow_origins: "**"
        allow_methods: "GET,POST"
        allow_headers: "Content-Type"
        allow_credential: ${credential}
${end}`;
    expect(findingsOf('apisix.yaml', standalone('yes'))).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 6, 24]]);
    expect(findingsOf('apisix.yaml', standalone('On'))).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 6, 24]]);
    expect(onlyPolicy(apisixAdapter, 'apisix.yaml', standalone('off')).credentials).toMatchObject({ value: false, loc: { line: 9, column: 27 } });
    // lyaml leaves `y` as text and a quoted word stays text: the schema's boolean check refuses the route.
    // A file without the #END mark is no apisix.yaml but ADC's, read as YAML 1.2, where `yes` is text too.
    for (const refused of [standalone('y'), standalone('"yes"'), standalone('"true"'), standalone('yes', '')]) {
      expect(policiesOf(apisixAdapter, 'apisix.yaml', refused)).toEqual([]);
    }
    expect(onlyPolicy(apisixAdapter, 'apisix.yaml', standalone('${CORS_CREDENTIALS}')).credentials.value).toBe('unknown');
    const adminBody = (credential: string): string =>
      `{"uri": "/api/*", "upstream_id": 1, "plugins": {"cors": {"allow_origins": "**", "allow_methods": "GET", "allow_headers": "Content-Type", "allow_credential": ${credential}}}}`;
    expect(policiesOf(apisixAdapter, 'route.json', adminBody('"true"'))).toEqual([]);
    expect(findingsOf('route.json', adminBody('true'))).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 1, 75]]);
    const crd = `apiVersion: apisix.apache.org/v2
kind: ApisixPluginConfig
metadata:
  name: cors
spec:
  plugins:
    - name: cors
      enable: true
      config:
        allow_origins: "**"
        allow_methods: "GET"
        allow_headers: "Authorization"
        allow_credential: y
`;
    expect(findingsOf('pc.yaml', crd)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 10, 24]]);
  });
});
