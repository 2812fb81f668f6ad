import { describe, expect, it } from 'vitest';
import { envoyAdapter } from '../../src/adapters/envoy.js';
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
    expect(policies.map((policy) => policy.source)).toEqual([
      'Envoy virtual host api',
      'Envoy virtual host api route /a',
      'Envoy virtual host api route /b',
    ]);
    expect(policies.map((policy) => at(policy.vary.loc))).toEqual([
      [11, 25],
      [11, 25],
      [11, 25],
    ]);
    expect(
      policies.map((policy) => policy.allowMethods?.kind === 'list' && policy.allowMethods.items[0]?.value),
    ).toEqual([false, 'GET', 'PUT']);
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
    // With the filter installed and a policy on the host, the filter's policy is what is read.
    const covered = text
      .replace('domains: ["*"]', 'domains: ["*"]\n              cors: { allow_origin_string_match: [{ exact: "https://a.example.com" }] }')
      .replace('- name: envoy.filters.http.router', '- name: envoy.filters.http.cors\n          - name: envoy.filters.http.router');
    const [hostPolicy, ...others] = policiesOf(envoyAdapter, 'envoy.yaml', covered);
    expect(others).toEqual([]);
    expect(hostPolicy?.origins).toMatchObject([{ kind: 'exact', value: 'https://a.example.com' }]);
  });
});
