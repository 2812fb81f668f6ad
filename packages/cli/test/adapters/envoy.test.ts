import { describe, expect, it } from 'vitest';
import { envoyAdapter } from '../../src/adapters/envoy.js';
import { findingsOf } from './gateway-findings.js';
import { at, detects, policiesOf } from './helpers.js';

const BOOTSTRAP = `static_resources:
  listeners:
    - name: ingress
      address: { socket_address: { address: 0.0.0.0, port_value: 8080 } }
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: ingress_http
                route_config:
                  name: local_route
                  virtual_hosts:
                    - name: backend
                      domains: ["*"]
                      typed_per_filter_config:
                        envoy.filters.http.cors:
                          "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
                          allow_origin_string_match:
                            - exact: https://app.example.com
                            - suffix: .example.com
                              ignore_case: true
                          allow_methods: "GET, POST, PUT"
                          allow_headers: "*"
                          allow_credentials: true
                          max_age: "86400"
                      routes:
                        - match: { prefix: /public }
                          route: { cluster: backend }
                          typed_per_filter_config:
                            envoy.filters.http.cors:
                              "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
                              allow_origin_string_match:
                                - safe_regex: { regex: ".*" }
                        - match: { prefix: / }
                          route: { cluster: backend }
                http_filters:
                  - name: envoy.filters.http.cors
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors
                  - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
`;

describe('envoy adapter', () => {
  const [host, route] = policiesOf(envoyAdapter, 'envoy.yaml', BOOTSTRAP);

  it('reads the virtual host policy with string matchers and string settings', () => {
    expect(policiesOf(envoyAdapter, 'envoy.yaml', BOOTSTRAP)).toHaveLength(2);
    expect(host?.source).toBe('Envoy virtual host backend');
    expect(at(host!.loc)).toEqual([18, 27]);
    expect(host?.origins).toEqual([
      {
        kind: 'exact',
        value: 'https://app.example.com',
        compared: true,
        loc: expect.objectContaining({ line: 20, column: 38 }),
      },
      {
        kind: 'suffix',
        value: '.example.com',
        caseInsensitive: true,
        loc: expect.objectContaining({ line: 21, column: 39 }),
      },
    ]);
    expect(
      host?.allowMethods?.kind === 'list' && host.allowMethods.items.map((item) => [item.value, ...at(item.loc)]),
    ).toEqual([
      ['GET', 23, 43],
      ['POST', 23, 48],
      ['PUT', 23, 54],
    ]);
    expect(host?.allowHeaders).toMatchObject({ kind: 'reflect', loc: { line: 24, column: 43 } });
    expect(host?.maxAge).toMatchObject({ seconds: 86400, loc: { line: 26, column: 36 } });
    expect(host?.credentials).toMatchObject({ value: true, loc: { line: 25, column: 46 } });
  });

  it('merges a route policy over the virtual host one, field by field, and echoes every origin for a .* regex', () => {
    expect(route?.source).toBe('Envoy virtual host backend route /public');
    expect(route?.origins).toEqual([{ kind: 'reflect-any', loc: expect.objectContaining({ line: 34, column: 56 }) }]);
    // Credentials come from the virtual host, where they were set.
    expect(route?.credentials).toMatchObject({ value: true, loc: { line: 25 } });
    expect(route?.vary.value).toBe(false);
  });

  it('blames a missing Vary on the block whose origins the routes inherit, so it is reported once', () => {
    const inherited = `static_resources:
  listeners:
    - filter_chains:
        - filters:
            - typed_config:
                route_config:
                  virtual_hosts:
                    - name: api
                      domains: ["*"]
                      cors:
                        allow_origin_string_match: [{ exact: https://app.example.com }]
                      routes:
                        - match: { prefix: /a }
                          route: { cluster: a, cors: { allow_methods: GET } }
                        - match: { prefix: /b }
                          route: { cluster: b, cors: { allow_methods: PUT } }
`;
    const policies = policiesOf(envoyAdapter, 'envoy.yaml', inherited);
    // Every route has a policy of its own, so the host's alone applies to no request.
    expect(policies.map((policy) => policy.source)).toEqual([
      'Envoy virtual host api route /a',
      'Envoy virtual host api route /b',
    ]);
    expect(policies.map((policy) => at(policy.vary.loc))).toEqual([
      [11, 25],
      [11, 25],
    ]);
    expect(
      policies.map((policy) => policy.allowMethods?.kind === 'list' && policy.allowMethods.items[0]?.value),
    ).toEqual(['GET', 'PUT']);
  });

  it('reads no policy for a level whose every route sets its own, nor for a route that switches CORS off', () => {
    const config = (second: string): string => `static_resources:
  listeners:
    - filter_chains:
        - filters:
            - name: envoy.http_connection_manager
              config:
                route_config:
                  virtual_hosts:
                    - name: backend
                      domains: ["*"]
                      cors:
                        allow_origin: ["*"]
                        allow_credentials: true
                      routes:
                        - match: { prefix: /private }
                          route: { cluster: private, cors: { enabled: false } }
${second}                http_filters:
                  - name: envoy.cors
                  - name: envoy.router
`;
    expect(findingsOf('envoy.yaml', config(''))).toEqual([]);
    const inheriting = '                        - match: { prefix: / }\n                          route: { cluster: public }\n';
    expect(findingsOf('envoy.yaml', config(inheriting))).toEqual([
      ['require-vary-origin', 'missingVary', 12, 25],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 12, 40],
    ]);
  });

  it('treats every matcher that matches the literal "*" as allowing all origins', () => {
    const legacy = `static_resources:
  listeners:
    - filter_chains:
        - filters:
            - typed_config:
                route_config:
                  virtual_hosts:
                    - name: grpc
                      domains: ["*"]
                      cors:
                        allow_origin_string_match:
                          - prefix: "*"
                          - safe_regex: { google_re2: {}, regex: \\* }
                          - contains: example
                          - exact: "null"
                        allow_methods: GET, PUT, DELETE, POST, OPTIONS
                      routes: [{ match: { prefix: / }, route: { cluster: grpc } }]
`;
    const [policy] = policiesOf(envoyAdapter, 'envoy.yaml', legacy);
    expect(policy?.origins.map((origin) => origin.kind)).toEqual(['reflect-any', 'reflect-any', 'pattern', 'null']);
    expect(policy?.origins[2]).toMatchObject({ source: 'example', dialect: 're2-search', flags: '' });
  });

  it('takes a Vary: Origin from response_headers_to_add at the closest level', () => {
    const withVary = BOOTSTRAP.replace(
      `                      routes:
                        - match: { prefix: /public }`,
      `                      response_headers_to_add:
                        - header: { key: Vary, value: Origin }
                      routes:
                        - match: { prefix: /public }`,
    );
    const policies = policiesOf(envoyAdapter, 'envoy.yaml', withVary);
    expect(policies.map((policy) => [policy.vary.value, policy.vary.loc.line])).toEqual([
      [true, 28],
      [true, 28],
    ]);
  });

  it('skips policies switched off (v2 enabled: false, filter_enabled at 0%)', () => {
    const off = (switchOff: string): string => `static_resources:
  listeners:
    - filter_chains:
        - filters:
            - typed_config:
                route_config:
                  virtual_hosts:
                    - name: api
                      domains: ["*"]
                      cors:
                        allow_origin: ["*"]
                        allow_credentials: true
${switchOff}
`;
    expect(policiesOf(envoyAdapter, 'envoy.yaml', off('                        enabled: false'))).toEqual([]);
    expect(
      policiesOf(
        envoyAdapter,
        'envoy.yaml',
        off('                        filter_enabled: { default_value: { numerator: 0 } }'),
      ),
    ).toEqual([]);
    expect(
      policiesOf(envoyAdapter, 'envoy.yaml', off('                        enabled: true'))[0]?.origins,
    ).toMatchObject([{ kind: 'reflect-any' }]);
  });

  it('yields nothing when the listener has HTTP filters but not the CORS filter', () => {
    const withoutFilter = BOOTSTRAP.replace(
      `                  - name: envoy.filters.http.cors
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors
`,
      '',
    );
    expect(policiesOf(envoyAdapter, 'envoy.yaml', withoutFilter)).toEqual([]);
  });

  it('runs a CORS filter disabled by default only where a per-filter config enables it, and not where a FilterConfig disables it', () => {
    // Envoy Gateway's xDS output has this shape: the filter is disabled in http_filters and each route with
    // a CORS policy carries it in typed_per_filter_config (Envoy docs, "Route based filter chain").
    const text = `resources:
- "@type": type.googleapis.com/envoy.config.listener.v3.Listener
  name: default/eg/http
  filter_chains:
  - filters:
    - name: envoy.filters.network.http_connection_manager
      typed_config:
        "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
        stat_prefix: http-10080
        rds: { route_config_name: default/eg/http }
        http_filters:
        - name: envoy.filters.http.cors
          disabled: true
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors
        - name: envoy.filters.http.router
          typed_config:
            "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
- "@type": type.googleapis.com/envoy.config.route.v3.RouteConfiguration
  name: default/eg/http
  virtual_hosts:
  - name: default/eg/http/www_example_com
    domains: ["www.example.com"]
    cors:
      allow_origin_string_match: [{ prefix: "" }]
      allow_credentials: true
    routes:
    - name: httproute/default/backend/rule/0/match/0/www_example_com
      match: { prefix: /api }
      route: { cluster: httproute/default/backend/rule/0 }
      typed_per_filter_config:
        envoy.filters.http.cors:
          "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
          allow_origin_string_match:
          - safe_regex: { regex: ".*" }
          allow_credentials: true
    - name: httproute/default/backend/rule/1/match/0/www_example_com
      match: { prefix: /internal }
      route: { cluster: httproute/default/backend/rule/1, cors: { allow_origin_string_match: [{ exact: "*" }], allow_credentials: true } }
      typed_per_filter_config:
        envoy.filters.http.cors:
          "@type": type.googleapis.com/envoy.config.route.v3.FilterConfig
          disabled: true
    - name: httproute/default/backend/rule/2/match/0/www_example_com
      match: { prefix: /static }
      route: { cluster: httproute/default/backend/rule/2 }
`;
    // The legacy host policy never runs: nothing enables the filter on the host, and the /internal route
    // turns it off. Only the /api route's own policy applies.
    expect(policiesOf(envoyAdapter, 'xds.yaml', text).map((policy) => policy.source)).toEqual([
      'Envoy virtual host default/eg/http/www_example_com route httproute/default/backend/rule/0/match/0/www_example_com',
    ]);
    expect(findingsOf('xds.yaml', text)).toEqual([
      ['require-vary-origin', 'missingVary', 34, 11],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 35, 34],
    ]);
    // With the filter on by default, the legacy host policy serves /static (its own policy is reported on the
    // host), while a FilterConfig with disabled: true still switches the filter off for /internal.
    const enabledByDefault = text.replace('          disabled: true\n          typed_config', '          typed_config');
    expect(enabledByDefault).not.toBe(text);
    expect(policiesOf(envoyAdapter, 'xds.yaml', enabledByDefault).map((policy) => policy.source)).toEqual([
      'Envoy virtual host default/eg/http/www_example_com',
      'Envoy virtual host default/eg/http/www_example_com route httproute/default/backend/rule/0/match/0/www_example_com',
    ]);
  });

  it('reads fields written under their lowerCamelCase JSON names, as go-control-plane and Envoy Gateway write them', () => {
    const text = `resources:
- '@type': type.googleapis.com/envoy.config.listener.v3.Listener
  name: first-listener
  defaultFilterChain:
    filters:
    - name: envoy.filters.network.http_connection_manager
      typedConfig:
        '@type': type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
        httpFilters:
        - name: corsPolicies
          disabled: true
          typedConfig: { '@type': type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors }
        - name: envoy.filters.http.router
        rds: { configSource: { ads: {} }, routeConfigName: first-listener }
        statPrefix: http
- '@type': type.googleapis.com/envoy.config.route.v3.RouteConfiguration
  name: first-listener
  virtualHosts:
  - name: first-listener/*
    domains: ['*']
    routes:
    - name: first-route
      match: { prefix: /api }
      route: { cluster: first-route-dest }
      typedPerFilterConfig:
        corsPolicies:
          '@type': type.googleapis.com/envoy.config.route.v3.FilterConfig
          config:
            '@type': type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
            allowCredentials: true
            allowOriginStringMatch:
            - safeRegex: { regex: '.*' }
            - prefix: http://localhost
              ignoreCase: true
            maxAge: "86400"
`;
    // The per-filter config is found under the filter's own (camelCase) name, which enables the filter there.
    expect(findingsOf('xds.yaml', text)).toEqual([
      ['require-vary-origin', 'missingVary', 31, 13],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 32, 35],
      ['no-permissive-origin-pattern', 'prefixWithoutEnd', 33, 23],
      ['no-insecure-origin', 'insecureOriginMatchedWithCredentials', 33, 23],
      ['max-age-within-browser-cap', 'aboveBrowserCap', 35, 21],
    ]);
  });

  it('recognises documents with route configurations only', () => {
    expect(
      detects(
        envoyAdapter,
        'envoy.yaml',
        'admin:\n  address: { socket_address: { address: 127.0.0.1, port_value: 9901 } }\n',
      ),
    ).toBe(false);
    expect(detects(envoyAdapter, 'x.yaml', 'virtual_hosts: [a, b]\n')).toBe(false);
    expect(detects(envoyAdapter, 'envoy.yaml', BOOTSTRAP)).toBe(true);
  });

  it('reads Access-Control-* added raw through response_headers_to_add where no CORS policy applies', () => {
    const text = `static_resources:
  listeners:
  - name: main
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          route_config:
            name: local_route
            virtual_hosts:
            - name: backend
              domains: ["*"]
              response_headers_to_add:
              - header: { key: Access-Control-Allow-Origin, value: "*" }
              - header: { key: Access-Control-Allow-Credentials, value: "true" }
              routes:
              - match: { prefix: "/" }
                route: { cluster: backend }
          http_filters:
          - name: envoy.filters.http.router
`;
    const policies = policiesOf(envoyAdapter, 'envoy.yaml', text);
    expect(policies).toHaveLength(1);
    expect(policies[0]?.source).toBe('Envoy virtual host backend');
    expect(policies[0]?.origins).toEqual([{ kind: 'any', loc: expect.objectContaining({ line: 15, column: 68 }) }]);
    expect(policies[0]?.credentials).toMatchObject({ value: true, loc: { line: 16, column: 73 } });
    // With the filter installed and a policy on the host, the filter answers the origin it allows; the
    // raw headers still reach every other origin.
    const covered = text
      .replace('domains: ["*"]', 'domains: ["*"]\n              cors: { allow_origin_string_match: [{ exact: "https://a.example.com" }] }')
      .replace('- name: envoy.filters.http.router', '- name: envoy.filters.http.cors\n          - name: envoy.filters.http.router');
    const [hostPolicy, others] = policiesOf(envoyAdapter, 'envoy.yaml', covered);
    expect(hostPolicy?.origins).toMatchObject([{ kind: 'exact', value: 'https://a.example.com' }]);
    expect(others?.source).toBe('Envoy virtual host backend (origins its CORS policy does not allow)');
    expect(others?.origins).toMatchObject([{ kind: 'any', loc: { line: 16, column: 68 } }]);
    // A policy that allows every origin takes Access-Control-Allow-Origin over for all of them.
    const everyOrigin = covered.replace('exact: "https://a.example.com"', 'safe_regex: { regex: ".*" }');
    expect(policiesOf(envoyAdapter, 'envoy.yaml', everyOrigin).map((policy) => policy.source)).toEqual(['Envoy virtual host backend']);
  });

  it('follows the HTTP filters of the connection manager that serves each route configuration', () => {
    const manager = (name: string, filters: string, origin: string): string => `
  - name: ${name}
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: ${name}
          http_filters:${filters}
          - name: envoy.filters.http.router
          route_config:
            name: ${name}_route
            virtual_hosts:
            - name: ${name}
              domains: ["*"]
              typed_per_filter_config:
                envoy.filters.http.cors:
                  "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
                  allow_origin_string_match: [{ safe_regex: { regex: "${origin}" } }]
                  allow_credentials: true
              routes: [{ match: { prefix: / }, route: { cluster: web } }]`;
    const text = `static_resources:
  listeners:${manager('public', '\n          - name: envoy.filters.http.cors', 'https://app\\\\.example\\\\.com')}${manager('internal', '', '.*')}
`;
    // The internal listener has no CORS filter, so its policy (which would echo every origin) never runs.
    expect(findingsOf('envoy.yaml', text)).toEqual([['require-vary-origin', 'missingVary', 21, 19]]);
    // Nor does a connection manager written without any http_filters (it runs the router alone).
    const withoutList = text.replace(
      'stat_prefix: internal\n          http_filters:\n          - name: envoy.filters.http.router\n',
      'stat_prefix: internal\n',
    );
    expect(withoutList).not.toBe(text);
    expect(findingsOf('envoy.yaml', withoutList)).toEqual([['require-vary-origin', 'missingVary', 21, 19]]);
  });

  it('follows the connection managers that name an RDS route configuration in the same document', () => {
    const text = `configs:
- "@type": type.googleapis.com/envoy.admin.v3.ListenersConfigDump
  dynamic_listeners:
  - active_state:
      listener:
        filter_chains:
        - filters:
          - typed_config:
              rds: { route_config_name: ingress }
              http_filters: [{ name: envoy.filters.http.router }]
- "@type": type.googleapis.com/envoy.admin.v3.RoutesConfigDump
  dynamic_route_configs:
  - route_config:
      name: ingress
      virtual_hosts:
      - name: all
        domains: ["*"]
        cors: { allow_origin_string_match: [{ prefix: "" }], allow_credentials: true }
        routes: [{ match: { prefix: / }, route: { cluster: web } }]
`;
    expect(findingsOf('config_dump.yaml', text)).toEqual([]);
    const withFilter = text.replace('[{ name: envoy.filters.http.router }]', '[{ name: envoy.filters.http.cors }, { name: envoy.filters.http.router }]');
    expect(findingsOf('config_dump.yaml', withFilter)).toEqual([
      ['require-vary-origin', 'missingVary', 18, 17],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 18, 55],
    ]);
  });

  it('reads a lone string matcher written without the list', () => {
    const text = `static_resources:
  listeners:
  - filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          route_config:
            virtual_hosts:
            - name: service1
              cors:
                allow_origin_string_match:
                  safe_regex:
                    google_re2: {}
                    regex: ".*"
                allow_methods: "POST, GET, OPTIONS"
                allow_credentials: true
              domains: ["*"]
              routes: [{ match: { prefix: / }, route: { cluster: hello } }]
          http_filters:
          - name: envoy.filters.http.cors
          - name: envoy.filters.http.router
`;
    expect(findingsOf('envoy.yaml', text)).toEqual([
      ['require-vary-origin', 'missingVary', 11, 17],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 14, 28],
    ]);
  });

  it('reads per-filter policies of weighted clusters and of the route configuration', () => {
    const weighted = `{
  "resources": [{
    "@type": "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
    "name": "ingress",
    "virtual_hosts": [{
      "name": "api",
      "domains": ["api.example.com"],
      "routes": [{
        "match": { "prefix": "/v2/" },
        "route": { "weighted_clusters": { "clusters": [
          { "name": "blue", "weight": 90 },
          { "name": "green", "weight": 10, "typed_per_filter_config": { "envoy.filters.http.cors": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy",
            "allow_origin_string_match": [{ "safe_regex": { "regex": ".*" } }],
            "allow_credentials": true
          } } }
        ] } }
      }]
    }]
  }]
}
`;
    expect(policiesOf(envoyAdapter, 'rds.json', weighted).map((policy) => policy.source)).toEqual([
      'Envoy virtual host api route /v2/ cluster green',
    ]);
    expect(findingsOf('rds.json', weighted)).toEqual([
      ['require-vary-origin', 'missingVary', 14, 13],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 14, 70],
    ]);
    const routeConfigLevel = `resources:
- "@type": type.googleapis.com/envoy.config.route.v3.RouteConfiguration
  name: local_route
  typed_per_filter_config:
    envoy.filters.http.cors:
      "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
      allow_origin_string_match: [{ exact: "*" }]
      allow_credentials: true
  virtual_hosts:
  - name: all
    domains: ["*"]
    routes: [{ match: { prefix: / }, route: { cluster: app } }]
`;
    expect(findingsOf('rds.yaml', routeConfigLevel)).toEqual([
      ['require-vary-origin', 'missingVary', 7, 7],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 7, 44],
    ]);
  });

  it('takes filter_enabled from the most specific policy only, and origins from the first non-empty list', () => {
    const text = `resources:
- "@type": type.googleapis.com/envoy.config.route.v3.RouteConfiguration
  name: local_route
  virtual_hosts:
  - name: all
    domains: ["*"]
    typed_per_filter_config:
      envoy.filters.http.cors:
        "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
        allow_origin_string_match: [{ safe_regex: { regex: ".*" } }]
        filter_enabled:
          default_value: { numerator: 0, denominator: HUNDRED }
    routes:
    - match: { prefix: /api }
      route: { cluster: app }
      typed_per_filter_config:
        envoy.filters.http.cors:
          "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
          allow_origin_string_match: []
          allow_credentials: true
`;
    // The host's own policy is off; the route's is on and inherits the host's origins.
    expect(findingsOf('rds.yaml', text)).toEqual([
      ['require-vary-origin', 'missingVary', 10, 9],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 10, 60],
    ]);
  });

  it('skips policies on virtual hosts and routes that Envoy answers itself (redirects, direct responses)', () => {
    const text = `resources:
- "@type": type.googleapis.com/envoy.config.route.v3.RouteConfiguration
  name: http_80
  virtual_hosts:
  - name: redirect_to_https
    domains: ["*"]
    typed_per_filter_config:
      envoy.filters.http.cors:
        "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
        allow_origin_string_match: [{ safe_regex: { regex: ".*" } }]
        allow_credentials: true
    routes:
    - match: { prefix: / }
      redirect: { https_redirect: true }
  - name: api
    domains: ["api.example.com"]
    routes:
    - match: { path: /healthz }
      direct_response: { status: 200, body: { inline_string: ok } }
      typed_per_filter_config:
        envoy.filters.http.cors:
          "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
          allow_origin_string_match: [{ prefix: "" }]
          allow_credentials: true
    - match: { prefix: / }
      route: { cluster: api }
      typed_per_filter_config:
        envoy.filters.http.cors:
          "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
          allow_origin_string_match: [{ prefix: "" }]
          allow_credentials: true
`;
    expect(policiesOf(envoyAdapter, 'rds.yaml', text).map((policy) => policy.source)).toEqual([
      'Envoy virtual host api route /',
    ]);
    expect(findingsOf('rds.yaml', text)).toEqual([
      ['require-vary-origin', 'missingVary', 30, 11],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 30, 49],
    ]);
  });

  it('reads raw headers computed by header formatter commands: %REQ(origin)% echoes, others are unknown', () => {
    const text = (origin: string): string => `resources:
- "@type": type.googleapis.com/envoy.config.route.v3.RouteConfiguration
  name: local
  virtual_hosts:
  - name: api
    domains: ["*"]
    response_headers_to_add:
    - header: { key: Access-Control-Allow-Origin, value: "${origin}" }
    - header: { key: Access-Control-Allow-Credentials, value: "true" }
    - header: { key: Access-Control-Allow-Headers, value: "%REQ(Access-Control-Request-Headers)%" }
      append_action: OVERWRITE_IF_EXISTS_OR_ADD
    routes:
    - match: { prefix: / }
      route: { cluster: api }
`;
    const [echo] = policiesOf(envoyAdapter, 'rds.yaml', text('%REQ(origin)%'));
    expect(echo?.origins).toEqual([{ kind: 'reflect-any', loc: expect.objectContaining({ line: 8, column: 58 }) }]);
    expect(echo?.allowHeaders).toMatchObject({ kind: 'reflect', loc: { line: 10, column: 59 } });
    expect(findingsOf('rds.yaml', text('%REQ(origin)%'))).toEqual([
      ['require-vary-origin', 'missingVary', 8, 5],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 8, 58],
    ]);
    // Another request header (set by whatever runs before Envoy) is unknown, not an invalid origin.
    expect(policiesOf(envoyAdapter, 'rds.yaml', text('%REQ(x-allowed-origin)%'))[0]?.origins).toMatchObject([
      { kind: 'unknown' },
    ]);
    expect(findingsOf('rds.yaml', text('%REQ(x-allowed-origin)%'))).toEqual([]);
    // %% is a literal percent sign, not a command.
    expect(findingsOf('rds.yaml', text('%%REQ(origin)%%'))).toEqual([['valid-origin', 'notAnOrigin', 8, 58]]);
  });

  describe('raw headers added more than once', () => {
    /** An RDS resource whose host `api` adds `hostHeaders` and whose one route adds `routeHeaders`. */
    const rds = (hostHeaders: string, routeHeaders: string, configExtra = ''): string => `resources:
- "@type": type.googleapis.com/envoy.config.route.v3.RouteConfiguration
  name: api_routes${configExtra}
  virtual_hosts:
  - name: api
    domains: ["*"]
    response_headers_to_add:
${hostHeaders}
    routes:
    - match: { prefix: / }
      route: { cluster: api }
      response_headers_to_add:
${routeHeaders}
`;
    const header = (indent: number, name: string, value: string, option = ''): string =>
      `${' '.repeat(indent)}- header: { key: ${name}, value: "${value}" }${option === '' ? '' : `\n${' '.repeat(indent + 2)}${option}`}`;
    const host = (value: string, option = ''): string => header(4, 'Access-Control-Allow-Origin', value, option);
    const route = (value: string, option = ''): string => header(6, 'Access-Control-Allow-Origin', value, option);

    it('combines an origin the route adds with one the host adds: browsers see one header holding both', () => {
      const text = rds(host('https://app.example.com'), route('https://admin.example.com'));
      const [policy] = policiesOf(envoyAdapter, 'rds.yaml', text);
      expect(policy?.origins).toMatchObject([{ kind: 'exact', value: 'https://admin.example.com, https://app.example.com' }]);
      // The combined value is placed at the value written first in the file.
      expect(findingsOf('rds.yaml', text)).toEqual([['valid-origin', 'severalOrigins', 8, 58]]);
    });

    it('combines two appended values of one level, whatever their case', () => {
      const text = rds(`${host('https://a.example.com')}\n${header(4, 'access-control-allow-origin', 'https://b.example.com')}`, header(6, 'X-Frame-Options', 'DENY'));
      expect(findingsOf('rds.yaml', text)).toEqual([['valid-origin', 'severalOrigins', 8, 58]]);
    });

    it('keeps the last of two overwrites, and the route value a later host overwrite replaces', () => {
      const overwrite = 'append_action: OVERWRITE_IF_EXISTS_OR_ADD';
      const twice = rds(`${host('https://a.example.com', overwrite)}\n${host('https://b.example.com', 'append: false')}`, header(6, 'X-Frame-Options', 'DENY'));
      expect(policiesOf(envoyAdapter, 'rds.yaml', twice)[0]?.origins).toMatchObject([
        { kind: 'exact', value: 'https://b.example.com', loc: { line: 10, column: 58 } },
      ]);
      expect(findingsOf('rds.yaml', twice)).toEqual([]);
      const hostWins = rds(host('https://app.example.com', overwrite), route('https://admin.example.com'));
      expect(policiesOf(envoyAdapter, 'rds.yaml', hostWins)[0]?.origins).toMatchObject([{ kind: 'exact', value: 'https://app.example.com' }]);
      expect(findingsOf('rds.yaml', hostWins)).toEqual([]);
    });

    it('follows most_specific_header_mutations_wins, which runs the route last', () => {
      const text = rds(host('https://app.example.com'), route('https://admin.example.com', 'append_action: OVERWRITE_IF_EXISTS_OR_ADD'));
      expect(findingsOf('rds.yaml', text)).toEqual([['valid-origin', 'severalOrigins', 8, 58]]);
      const reversed = rds(host('https://app.example.com'), route('https://admin.example.com', 'append_action: OVERWRITE_IF_EXISTS_OR_ADD'), '\n  most_specific_header_mutations_wins: true');
      expect(policiesOf(envoyAdapter, 'rds.yaml', reversed)[0]?.origins).toMatchObject([{ kind: 'exact', value: 'https://admin.example.com' }]);
      expect(findingsOf('rds.yaml', reversed)).toEqual([]);
    });

    it('reads as unknown what Envoy releases evaluate differently, or what depends on the upstream', () => {
      // An append before an overwrite: older releases keep the overwrite, current ones send both.
      const appendThenOverwrite = rds(`${host('*')}\n${host('https://b.example.com', 'append: false')}`, header(6, 'X-Frame-Options', 'DENY'));
      expect(policiesOf(envoyAdapter, 'rds.yaml', appendThenOverwrite)[0]?.origins).toMatchObject([{ kind: 'unknown', loc: { line: 8, column: 58 } }]);
      expect(findingsOf('rds.yaml', appendThenOverwrite)).toEqual([]);
      // A second ADD_IF_ABSENT: older releases skip it, current ones decide both against the upstream response.
      const addIfAbsent = rds(`${host('https://a.example.com')}\n${host('https://b.example.com', 'append_action: ADD_IF_ABSENT')}`, header(6, 'X-Frame-Options', 'DENY'));
      expect(findingsOf('rds.yaml', addIfAbsent)).toEqual([]);
      // OVERWRITE_IF_EXISTS writes only over a header the upstream sent.
      const ifExists = rds(`${host('*', 'append_action: OVERWRITE_IF_EXISTS')}\n${header(4, 'Access-Control-Allow-Credentials', 'true')}`, header(6, 'X-Frame-Options', 'DENY'));
      expect(policiesOf(envoyAdapter, 'rds.yaml', ifExists)[0]?.origins).toMatchObject([{ kind: 'unknown' }]);
      expect(findingsOf('rds.yaml', ifExists)).toEqual([]);
    });

    it('adds no empty value unless keep_empty_value asks for it', () => {
      const empty = rds(host('https://app.example.com'), route(''));
      expect(policiesOf(envoyAdapter, 'rds.yaml', empty)[0]?.origins).toMatchObject([{ kind: 'exact', value: 'https://app.example.com' }]);
      expect(findingsOf('rds.yaml', empty)).toEqual([]);
      const kept = rds(host('https://app.example.com'), route('', 'keep_empty_value: true'));
      expect(policiesOf(envoyAdapter, 'rds.yaml', kept)[0]?.origins).toMatchObject([{ kind: 'exact', value: ', https://app.example.com' }]);
    });

    it('drops what a level removes before it adds', () => {
      const text = rds(host('https://app.example.com'), route('*')).replace(
        '    response_headers_to_add:\n',
        '    response_headers_to_remove: [access-control-allow-origin]\n    response_headers_to_add:\n',
      );
      // The host removes the route's `*` and then adds its own origin.
      expect(policiesOf(envoyAdapter, 'rds.yaml', text)[0]?.origins).toMatchObject([{ kind: 'exact', value: 'https://app.example.com' }]);
      expect(findingsOf('rds.yaml', text)).toEqual([]);
    });
  });

  it('reads the raw headers a route adds next to a CORS allowlist as what the origins outside it get', () => {
    const text = `resources:
- "@type": type.googleapis.com/envoy.config.route.v3.RouteConfiguration
  name: api_routes
  virtual_hosts:
  - name: api
    domains: ["api.example.com"]
    typed_per_filter_config:
      envoy.filters.http.cors:
        "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
        allow_origin_string_match:
        - exact: https://app.example.com
        allow_methods: GET, POST
    response_headers_to_add:
    - header: { key: Vary, value: Origin }
    routes:
    - match: { prefix: /api }
      route: { cluster: api }
      response_headers_to_add:
      - header: { key: Access-Control-Allow-Origin, value: "%REQ(origin)%" }
      - header: { key: Access-Control-Allow-Credentials, value: "true" }
    - match: { prefix: /legacy }
      direct_response: { status: 410 }
      response_headers_to_add:
      - header: { key: Access-Control-Allow-Origin, value: "*" }
`;
    // The filter answers https://app.example.com; every other origin gets its own Origin echoed, with credentials.
    expect(findingsOf('rds.yaml', text)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 19, 60]]);
    expect(policiesOf(envoyAdapter, 'rds.yaml', text).map((policy) => policy.source)).toEqual([
      'Envoy virtual host api',
      'Envoy virtual host api route /api (origins its CORS policy does not allow)',
      // A direct response has no route entry, so the filter leaves all of it alone.
      'Envoy virtual host api route /legacy',
    ]);
  });

  it('reads a RoutesConfigDump printed on its own, as egctl x translate -t route prints it', () => {
    const text = `'@type': type.googleapis.com/envoy.admin.v3.RoutesConfigDump
configKey: default-eg
dynamicRouteConfigs:
- routeConfig:
    '@type': type.googleapis.com/envoy.config.route.v3.RouteConfiguration
    name: default-eg-http
    virtualHosts:
    - domains: ['*']
      name: default-eg-http
      routes:
      - match: { prefix: / }
        responseHeadersToAdd:
        - appendAction: OVERWRITE_IF_EXISTS_OR_ADD
          header: { key: Access-Control-Allow-Origin, value: https://www.example.com }
        - header: { key: access-control-allow-origin, value: https://admin.example.com }
        route: { cluster: default-backend-rule-0 }
resourceType: route
`;
    expect(detects(envoyAdapter, 'route.yaml', text)).toBe(true);
    expect(findingsOf('route.yaml', text)).toEqual([['valid-origin', 'severalOrigins', 14, 62]]);
  });

  it('reads the list of route configurations istioctl proxy-config routes prints, and nothing else as a bare list', () => {
    const routes = `- name: "8080"
  virtualHosts:
  - name: api.shop.svc.cluster.local:8080
    domains: [api.shop.svc.cluster.local]
    routes:
    - match: { prefix: / }
      route: { cluster: "outbound|8080||api.shop.svc.cluster.local" }
      typedPerFilterConfig:
        envoy.filters.http.cors:
          "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
          allowOriginStringMatch: [{ exact: https://shop.example.com }]
`;
    expect(detects(envoyAdapter, 'routes.yaml', routes)).toBe(true);
    expect(policiesOf(envoyAdapter, 'routes.yaml', routes).map((policy) => policy.source)).toEqual([
      'Envoy virtual host api.shop.svc.cluster.local:8080 route /',
    ]);
    expect(detects(envoyAdapter, 'list.yaml', '- name: a\n  routes: []\n- name: b\n')).toBe(false);
  });

  it('reads a raw Access-Control-Allow-Credentials beside a CORS policy without allow_credentials as sent to the origins it echoes', () => {
    const text = (credentials: string): string => `resources:
- "@type": type.googleapis.com/envoy.config.route.v3.RouteConfiguration
  name: api_routes
  virtual_hosts:
  - name: api
    domains: ["api.example.com"]
    typed_per_filter_config:
      envoy.filters.http.cors:
        "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
        allow_origin_string_match:
        - safe_regex: { regex: ".*" }
        allow_methods: GET, POST${credentials}
    response_headers_to_add:
    - header: { key: Vary, value: Origin }
    - header: { key: Access-Control-Allow-Credentials, value: "true" }
    routes:
    - match: { prefix: / }
      route: { cluster: api }
`;
    expect(policiesOf(envoyAdapter, 'rds.yaml', text(''))[0]?.credentials).toMatchObject({ value: true, loc: { line: 15, column: 63 } });
    expect(findingsOf('rds.yaml', text(''))).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 11, 32]]);
    // The filter's own allow_credentials: true is the one read.
    expect(policiesOf(envoyAdapter, 'rds.yaml', text('\n        allow_credentials: true'))[0]?.credentials).toMatchObject({ value: true, loc: { line: 13 } });
  });

  describe('Istio EnvoyFilter patches', () => {
    const envoyFilter = (patches: string): string => `apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata:
  name: cors
  namespace: istio-system
spec:
  workloadSelector:
    labels:
      istio: ingressgateway
  configPatches:
${patches}`;
    const corsPolicy = (indent: string, origin: string, extra = ''): string =>
      [
        'typed_per_filter_config:',
        '  envoy.filters.http.cors:',
        '    "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy',
        '    allow_origin_string_match:',
        `    - ${origin}`,
        '    allow_credentials: true',
        ...(extra === '' ? [] : [extra]),
      ]
        .map((line) => `${indent}${line}`)
        .join('\n');

    it('reads a merged connection manager route configuration as served by the CORS filter istiod always installs', () => {
      const text = envoyFilter(`  - applyTo: NETWORK_FILTER
    match:
      listener:
        filterChain:
          filter:
            name: envoy.filters.network.http_connection_manager
    patch:
      operation: MERGE
      value:
        name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          route_config:
            name: local_route
            virtual_hosts:
            - name: local_route
              domains: ["*"]
              cors:
                allow_origin_string_match:
                - safeRegex:
                    googleRe2: {}
                    regex: .*
                allow_credentials: true
              routes:
              - match: { prefix: / }
                route: { cluster: "outbound|9080||productpage.default.svc.cluster.local" }
`);
      expect(detects(envoyAdapter, 'ef.yaml', text)).toBe(true);
      // Every virtual host is written here, so the missing Vary is known.
      expect(findingsOf('ef.yaml', text)).toEqual([
        ['require-vary-origin', 'missingVary', 29, 17],
        ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 32, 28],
      ]);
      // A connection manager that replaces istiod's runs only the HTTP filters it lists.
      expect(policiesOf(envoyAdapter, 'ef.yaml', text.replace('operation: MERGE', 'operation: REPLACE'))).toEqual([]);
      expect(policiesOf(envoyAdapter, 'ef.yaml', text.replace('operation: MERGE', 'operation: REMOVE'))).toEqual([]);
    });

    it('reads virtual host and route patches, leaving Vary unknown where they merge into istiod\'s', () => {
      const text = envoyFilter(`  - applyTo: VIRTUAL_HOST
    match:
      context: GATEWAY
    patch:
      operation: MERGE
      value:
${corsPolicy('        ', 'exact: https://app.example.com')}
  - applyTo: HTTP_ROUTE
    match:
      context: GATEWAY
      routeConfiguration:
        vhost:
          route:
            name: widgets
    patch:
      operation: MERGE
      value:
${corsPolicy('        ', 'prefix: "*"')}
  - applyTo: VIRTUAL_HOST
    match:
      context: GATEWAY
    patch:
      operation: MERGE
      value:
        rate_limits:
        - actions:
          - remote_address: {}
`);
      const policies = policiesOf(envoyAdapter, 'ef.yaml', text);
      expect(policies.map((policy) => [at(policy.loc), policy.vary.value])).toEqual([
        [[19, 13], 'unknown'],
        [[35, 13], 'unknown'],
      ]);
      expect(findingsOf('ef.yaml', text)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 37, 23]]);
      // A virtual host added whole is all in sight: its missing Vary is reported.
      const added = text.replace('operation: MERGE', 'operation: ADD');
      expect(findingsOf('ef.yaml', added)[0]).toEqual(['require-vary-origin', 'missingVary', 20, 13]);
    });

    it('reads a route configuration patch without virtual hosts as reaching every virtual host it merges into', () => {
      const text = envoyFilter(`  - applyTo: ROUTE_CONFIGURATION
    match:
      context: SIDECAR_INBOUND
    patch:
      operation: MERGE
      value:
${corsPolicy('        ', 'safe_regex: { regex: ".*" }')}
`);
      expect(findingsOf('ef.yaml', text)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 21, 36]]);
      // Other kinds and other groups are not EnvoyFilters.
      expect(detects(envoyAdapter, 'ef.yaml', text.replace('kind: EnvoyFilter', 'kind: Sidecar'))).toBe(false);
      expect(detects(envoyAdapter, 'ef.yaml', text.replace('networking.istio.io', 'example.com'))).toBe(false);
    });
  });
});
