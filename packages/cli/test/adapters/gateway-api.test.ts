import { describe, expect, it } from 'vitest';
import { gatewayApiAdapter } from '../../src/adapters/gateway-api.js';
import { findingsOf } from './gateway-findings.js';
import { at, detects, policiesOf } from './helpers.js';

const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
spec:
  parentRefs: [{ name: public }]
  rules:
    - name: api
      matches: [{ path: { type: PathPrefix, value: /api } }]
      filters:
        - type: RequestHeaderModifier
          requestHeaderModifier: { add: [{ name: x-env, value: prod }] }
        - type: CORS
          cors:
            allowOrigins: ["https://shop.example.com:443", "https://*.shop.example.com"]
            allowMethods: [GET, POST]
            allowHeaders: ["*"]
            allowCredentials: true
            maxAge: 3600
      backendRefs:
        - name: api
          port: 8080
          filters:
            - type: CORS
              cors:
                allowOrigins: ["*"]
                allowMethods: ["*"]
    - backendRefs: [{ name: web, port: 80 }]
`;

describe('gateway-api adapter', () => {
  const [rule, backend] = policiesOf(gatewayApiAdapter, 'route.yaml', ROUTE);

  it('reads CORS filters of rules and of backendRefs', () => {
    expect(policiesOf(gatewayApiAdapter, 'route.yaml', ROUTE)).toHaveLength(2);
    expect(rule?.source).toBe('HTTPRoute shop rules[api]');
    expect(backend?.source).toBe('HTTPRoute shop rules[api] backendRefs[api]');
  });

  it('maps exact origins and host wildcards whose * spans labels', () => {
    expect(rule?.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([
      ['exact', 15, 28],
      ['glob', 15, 60],
    ]);
    expect(rule?.origins[0]).toMatchObject({ value: 'https://shop.example.com' });
    expect(rule?.origins[1]).toMatchObject({ value: 'https://*.shop.example.com', star: 'any' });
    expect(rule?.maxAge).toMatchObject({ seconds: 3600, loc: { line: 19, column: 21 } });
  });

  it('echoes * headers when credentials are allowed, as the spec requires', () => {
    expect(rule?.credentials.value).toBe(true);
    expect(rule?.allowHeaders).toMatchObject({ kind: 'reflect', loc: { line: 17, column: 29 } });
  });

  it('keeps * literal without credentials and defaults maxAge to 5 at the cors block', () => {
    expect(backend?.credentials).toEqual({ value: false, loc: backend?.loc });
    expect(backend?.origins).toEqual([{ kind: 'any', loc: expect.objectContaining({ line: 26, column: 32 }) }]);
    expect(backend?.allowMethods).toMatchObject({ kind: 'list', items: [{ value: '*' }] });
    expect(backend?.maxAge).toEqual({ kind: 'value', seconds: 5, raw: '5', loc: backend?.loc });
    expect(at(backend!.loc)).toEqual([26, 17]);
    // Whether Vary: Origin is sent depends on the implementation, which an HTTPRoute does not name.
    expect(backend?.vary).toEqual({ value: 'unknown', loc: backend?.loc });
  });

  it('leaves allowHeaders * unknown without credentials: a literal * and an echo differ on Authorization', () => {
    const route = (credentials: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: public-api
spec:
  rules:
    - filters:
        - type: CORS
          cors:
            allowOrigins: ["https://app.example.com"]
            allowMethods: [GET, PUT]
            allowHeaders: ["*"]${credentials}
      backendRefs: [{ name: api, port: 8080 }]
`;
    const [policy] = policiesOf(gatewayApiAdapter, 'route.yaml', route(''));
    expect(policy?.allowHeaders).toEqual({ kind: 'unknown', loc: expect.objectContaining({ line: 12, column: 29 }) });
    expect(findingsOf('route.yaml', route(''))).toEqual([]);
    // With credentials the spec requires the echo, which no-wildcard-lists-with-credentials does not report.
    expect(findingsOf('route.yaml', route('\n            allowCredentials: true'))).toEqual([]);
    expect(findingsOf('route.yaml', route('').replace('["*"]', '["*", "x-trace-id"]'))).toEqual([
      ['explicit-authorization-header', 'authorizationNotCovered', 12, 29],
    ]);
  });

  it('reads a wildcard that is the whole host (https://*) as echoing every origin', () => {
    const route = (credentials: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: partner-api
spec:
  rules:
    - filters:
        - type: CORS
          cors:
            allowOrigins:
              - "https://*"${credentials}
      backendRefs: [{ name: api, port: 8080 }]
`;
    const [policy] = policiesOf(gatewayApiAdapter, 'route.yaml', route(''));
    expect(policy?.origins).toEqual([{ kind: 'reflect-any', loc: expect.objectContaining({ line: 11, column: 17 }) }]);
    expect(findingsOf('route.yaml', route(''))).toEqual([]);
    expect(findingsOf('route.yaml', route('\n            allowCredentials: true'))).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 11, 17],
    ]);
    // A wildcard for part of the host stays a pattern.
    expect(policiesOf(gatewayApiAdapter, 'route.yaml', route('').replace('https://*', 'https://*.example.com'))[0]?.origins[0]?.kind).toBe('glob');
  });

  it('reads no CORS policy for a rule that redirects, which Envoy answers without its CORS filter', () => {
    const route = (redirect: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: legacy-host
spec:
  rules:
    - filters:
${redirect}        - type: CORS
          cors:
            allowOrigins: ["*"]
            allowCredentials: true
      backendRefs: [{ name: api, port: 8080 }]
`;
    const redirect = `        - type: RequestRedirect\n          requestRedirect: { hostname: new.example.com, statusCode: 301 }\n`;
    expect(policiesOf(gatewayApiAdapter, 'route.yaml', route(redirect))).toEqual([]);
    expect(findingsOf('route.yaml', route(''))).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 10, 28]]);
  });

  it('echoes every origin for * with credentials', () => {
    const [policy] = policiesOf(
      gatewayApiAdapter,
      'route.yaml',
      `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: x }
spec:
  rules:
    - filters:
        - type: CORS
          cors: { allowOrigins: ["*"], allowCredentials: true }
`,
    );
    expect(policy?.origins).toEqual([{ kind: 'reflect-any', loc: expect.objectContaining({ line: 8, column: 34 }) }]);
  });

  it('takes a Vary: Origin from a ResponseHeaderModifier filter of the same rule', () => {
    const [policy] = policiesOf(
      gatewayApiAdapter,
      'route.yaml',
      `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: x }
spec:
  rules:
    - filters:
        - type: ResponseHeaderModifier
          responseHeaderModifier:
            add: [{ name: Vary, value: Origin }]
        - type: CORS
          cors: { allowOrigins: ["https://app.example.com"] }
`,
    );
    expect(policy?.vary).toMatchObject({ value: true, loc: { line: 9, column: 40 } });
  });

  it('recognises HTTPRoute only', () => {
    expect(
      detects(
        gatewayApiAdapter,
        'gw.yaml',
        'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: x}\n',
      ),
    ).toBe(false);
    expect(
      detects(
        gatewayApiAdapter,
        'r.yaml',
        'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: HTTPRoute\nmetadata: {name: x}\n',
      ),
    ).toBe(true);
  });

  it('reads Access-Control-* headers a ResponseHeaderModifier writes where no CORS filter runs', () => {
    const route = (backendFilters: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: legacy-cors
spec:
  parentRefs: [{ name: gw }]
  rules:
  - filters:
    - type: ResponseHeaderModifier
      responseHeaderModifier:
        add:
        - name: Access-Control-Allow-Origin
          value: "*"
        - name: access-control-allow-credentials
          value: "true"
    backendRefs:
    - name: api
      port: 8080${backendFilters}
`;
    const [raw] = policiesOf(gatewayApiAdapter, 'route.yaml', route(''));
    expect(raw?.source).toBe('HTTPRoute legacy-cors rules[0]');
    // Backends without a modifier of their own all send the rule's headers: one policy.
    const twoBackends = route('\n    - name: api-canary\n      port: 8080');
    expect(policiesOf(gatewayApiAdapter, 'route.yaml', twoBackends).map((policy) => policy.source)).toEqual(['HTTPRoute legacy-cors rules[0]']);
    expect(raw?.preflight.handling).toBe('unknown');
    expect(findingsOf('route.yaml', route(''))).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 13, 18],
    ]);
    // A CORS filter on a backend writes the CORS headers itself: the raw ones are not read as a policy.
    const withFilter = route(`
      filters:
      - type: CORS
        cors: { allowOrigins: ["https://app.example.com"] }`);
    expect(policiesOf(gatewayApiAdapter, 'route.yaml', withFilter).map((policy) => policy.source)).toEqual([
      'HTTPRoute legacy-cors rules[0] backendRefs[api]',
    ]);
  });

  it('combines a header the rule and a backend both add, and leaves one set and added in an open order unknown', () => {
    const route = (ruleHeaders: string, backendHeaders: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: storefront
  namespace: shop
spec:
  parentRefs:
  - name: public
    namespace: infra
  hostnames: ["shop.example.com"]
  rules:
  - matches:
    - path: { type: PathPrefix, value: /api }
    filters:
    - type: ResponseHeaderModifier
      responseHeaderModifier:
${ruleHeaders}
    backendRefs:
    - name: catalog
      port: 8080
      filters:
      - type: ResponseHeaderModifier
        responseHeaderModifier:
${backendHeaders}
`;
    const rule = (operation: string, value: string): string =>
      `        ${operation}:\n        - name: Access-Control-Allow-Origin\n          value: "${value}"`;
    const backend = (operation: string, value: string): string =>
      `          ${operation}:\n          - name: Access-Control-Allow-Origin\n            value: "${value}"`;
    // Both add: the spec says `add` appends, so the response carries both origins, in any order.
    const added = route(rule('add', 'https://shop.example.com'), backend('add', 'https://admin.example.com'));
    expect(policiesOf(gatewayApiAdapter, 'route.yaml', added).map((policy) => policy.source)).toEqual([
      'HTTPRoute storefront rules[0] backendRefs[catalog]',
    ]);
    expect(findingsOf('route.yaml', added)).toEqual([['valid-origin', 'severalOrigins', 19, 18]]);
    // One sets, the other adds: the outcome depends on which runs first, which the spec leaves open.
    const mixed = route(rule('set', 'https://shop.example.com'), backend('add', 'https://admin.example.com'));
    expect(policiesOf(gatewayApiAdapter, 'route.yaml', mixed)[0]?.origins).toMatchObject([{ kind: 'unknown' }]);
    expect(findingsOf('route.yaml', mixed)).toEqual([]);
    // Both set the same value: whichever runs last, that value is sent.
    const same = route(rule('set', 'https://shop.example.com/'), backend('set', 'https://shop.example.com/'));
    expect(findingsOf('route.yaml', same)).toEqual([['valid-origin', 'trailingSlash', 28, 20]]);
  });

  it('reads a maxAge the CRD schema refuses (text, a fraction, below 1) as unknown, since the route is never admitted', () => {
    const route = (maxAge: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: generated
spec:
  parentRefs: [{ name: public }]
  rules:
  - filters:
    - type: CORS
      cors:
        allowOrigins:
        - https://app.example.com
        allowMethods: [GET, POST]
        maxAge: ${maxAge}
    - type: ResponseHeaderModifier
      responseHeaderModifier:
        add:
        - name: Vary
          value: Origin
    backendRefs:
    - name: api
      port: 80
`;
    expect(findingsOf('route.yaml', route('86400'))).toEqual([['max-age-within-browser-cap', 'aboveBrowserCap', 14, 17]]);
    for (const refused of ['"86400s"', '"3600"', '2.5', '0']) {
      expect(policiesOf(gatewayApiAdapter, 'route.yaml', route(refused))[0]?.maxAge).toEqual({ kind: 'unknown', loc: expect.objectContaining({ line: 14, column: 17 }) });
      expect(findingsOf('route.yaml', route(refused))).toEqual([]);
    }
  });
});

describe('gateway-api adapter: HTTPRoute rules in chart values', () => {
  const HELM_CREATE_VALUES = `replicaCount: 1
service:
  port: 80
httpRoute:
  enabled: true
  annotations: {}
  parentRefs:
  - name: gateway
    sectionName: http
  hostnames:
  - web.example.com
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /api
    filters:
    - type: CORS
      cors:
        allowOrigins:
        - "*"
        allowCredentials: true
`;

  it('reads the rules helm create scaffolds under httpRoute, whose filters the template writes as they are', () => {
    const [policy] = policiesOf(gatewayApiAdapter, 'values.yaml', HELM_CREATE_VALUES);
    expect(policy?.source).toBe('Helm values httpRoute rules[0]');
    expect(findingsOf('values.yaml', HELM_CREATE_VALUES)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 21, 11],
    ]);
  });

  it('leaves a route the values turn off, and values without CORS', () => {
    expect(detects(gatewayApiAdapter, 'values.yaml', HELM_CREATE_VALUES.replace('enabled: true', 'enabled: false'))).toBe(false);
    expect(detects(gatewayApiAdapter, 'values.yaml', HELM_CREATE_VALUES.replace(/ {4}- type: CORS[^]*$/, '    - type: RequestHeaderModifier\n'))).toBe(false);
  });

  it('reads the routes of the bjw-s app-template, HTTPRoutes only, and their raw headers', () => {
    const values = `controllers:
  main:
    containers:
      app:
        image: { repository: ghcr.io/example/app, tag: 1.0.0 }
route:
  main:
    parentRefs: [{ name: internal, namespace: gateway }]
    hostnames: [app.example.com]
    rules:
      - backendRefs: [{ identifier: app, port: http }]
        filters:
          - type: ResponseHeaderModifier
            responseHeaderModifier:
              set:
                - name: Access-Control-Allow-Origin
                  value: "*"
                - name: Access-Control-Allow-Credentials
                  value: "true"
  grpc:
    kind: GRPCRoute
    rules:
      - filters:
          - type: CORS
            cors: { allowOrigins: ["*"], allowCredentials: true }
`;
    expect(policiesOf(gatewayApiAdapter, 'values.yaml', values).map((policy) => policy.source)).toEqual(['Helm values route.main rules[0]']);
    expect(findingsOf('values.yaml', values)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 17, 26]]);
  });

  it("reads the values a helmfile's releases give a chart", () => {
    const helmfile = `releases:
  - name: shop
    chart: charts/web
    values:
      - values/common.yaml
      - httpRoute:
          enabled: true
          rules:
            - filters:
                - type: CORS
                  cors: { allowOrigins: ["*"], allowCredentials: true }
`;
    expect(policiesOf(gatewayApiAdapter, 'helmfile.yaml', helmfile).map((policy) => policy.source)).toEqual([
      'Helm values releases[0].values[1].httpRoute rules[0]',
    ]);
    expect(findingsOf('helmfile.yaml', helmfile)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 11, 42]]);
  });

  it("reads a subchart's httpRoute in a Flux HelmRelease's values", () => {
    const release = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: shop
spec:
  chart:
    spec: { chart: shop, sourceRef: { kind: HelmRepository, name: charts } }
  values:
    web:
      httpRoute:
        enabled: true
        rules:
          - matches: [{ path: { type: PathPrefix, value: / } }]
            filters:
              - type: CORS
                cors:
                  allowOrigins: [https://shop.example.com]
                  maxAge: 86400
`;
    expect(policiesOf(gatewayApiAdapter, 'release.yaml', release).map((policy) => policy.source)).toEqual(['Helm values web.httpRoute rules[0]']);
    expect(findingsOf('release.yaml', release)).toEqual([['max-age-within-browser-cap', 'aboveBrowserCap', 18, 27]]);
  });
});

describe('gateway-api adapter: routes the API server refuses', () => {
  const route = (origins: string, methods: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: public-api
spec:
  rules:
    - filters:
        - type: CORS
          cors:
            allowOrigins: ${origins}
            allowMethods: ${methods}
            allowCredentials: true
    - backendRefs: [{ name: web, port: 80 }]
      filters:
        - type: ResponseHeaderModifier
          responseHeaderModifier:
            set: [{ name: Access-Control-Allow-Origin, value: "*" }, { name: Access-Control-Allow-Credentials, value: "true" }]
`;

  it('reads nothing of a route whose CORS filter lists * beside other origins or methods', () => {
    expect(findingsOf('route.yaml', route('["*", "https://app.example.com"]', '[GET]'))).toEqual([]);
    expect(findingsOf('route.yaml', route('["https://app.example.com"]', '[GET, POST, "*"]'))).toEqual([]);
  });

  it('reads * alone, which the API server accepts', () => {
    expect(findingsOf('route.yaml', route('["*"]', '["*"]'))).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 10, 28],
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 17, 63],
    ]);
  });

  it('reads an origin the API server may refuse (no scheme, a trailing slash) and reports it, since the installed CRD version is not known', () => {
    const route = (origin: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: api
spec:
  parentRefs: [{ name: gw }]
  rules:
    - backendRefs: [{ name: api, port: 80 }]
      filters:
        - type: CORS
          cors:
            allowOrigins:
              - https://admin.example.com
              - ${origin}
            allowCredentials: true
`;
    expect(findingsOf('route.yaml', route('app.example.com'))).toEqual([['valid-origin', 'missingScheme', 14, 17]]);
    expect(findingsOf('route.yaml', route('https://app.example.com/'))).toEqual([['valid-origin', 'trailingSlash', 14, 17]]);
    expect(findingsOf('route.yaml', route('http://*.example.com'))).toEqual([['no-insecure-origin', 'insecureOriginMatchedWithCredentials', 14, 17]]);
  });
});
