import { describe, expect, it } from 'vitest';
import { envoyAdapter } from '../../src/adapters/envoy.js';
import { findingsOf } from './gateway-findings.js';
import { at, policiesOf } from './helpers.js';

/** An API listener whose jwt_authn filter runs before the CORS filter; `filters` and `jwt` are swapped by the cases. */
const CONFIG = `static_resources:
  listeners:
    - name: api
      address: { socket_address: { address: 0.0.0.0, port_value: 8443 } }
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: api
                route_config:
                  name: api_routes
                  virtual_hosts:
                    - name: api
                      domains: ["api.example.com"]
                      response_headers_to_add:
                        - header: { key: Vary, value: Origin }
                      typed_per_filter_config:
                        envoy.filters.http.cors:
                          "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
                          allow_origin_string_match:
                            - exact: https://app.example.com
                          allow_methods: "GET, POST"
                      routes:
                        - match: { prefix: / }
                          route: { cluster: backend }
                http_filters:
                  - name: envoy.filters.http.jwt_authn
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication
                      providers:
                        auth0:
                          issuer: https://example.auth0.com/
                          remote_jwks:
                            http_uri: { uri: https://example.auth0.com/.well-known/jwks.json, cluster: auth0_jwks, timeout: 5s }
                      rules:
                        - match: { prefix: /healthz }
                        - match: { prefix: / }
                          requires: { provider_name: auth0 }
                  - name: envoy.filters.http.cors
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors
                  - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
`;
const REFUSED: unknown[] = [['require-preflight-handler', 'refusedBeforeCors', 28, 21]];
const RULES = `                      rules:
                        - match: { prefix: /healthz }
                        - match: { prefix: / }
                          requires: { provider_name: auth0 }
`;
const withRules = (rules: string): string => CONFIG.replace(RULES, rules);

describe('envoy adapter: jwt_authn before the CORS filter', () => {
  it('reports the preflight the jwt_authn filter refuses, with the Authorization header its provider reads by default', () => {
    expect(findingsOf('envoy.yaml', CONFIG)).toEqual(REFUSED);
    const [policy] = policiesOf(envoyAdapter, 'envoy.yaml', CONFIG);
    expect(policy?.preflight).toMatchObject({
      handling: 'refused-before-cors',
      target: 'virtual host api',
      refusedBy: 'the envoy.filters.http.jwt_authn filter (listed before the CORS filter, without bypass_cors_preflight: true)',
    });
    expect(policy?.requiredRequestHeaders?.map((header) => [header.value, ...at(header.loc)])).toEqual([['Authorization', 32, 25]]);
  });

  it('names the header a provider reads from from_headers as what makes browsers preflight', () => {
    const custom = CONFIG.replace('                          issuer: https://example.auth0.com/\n', '                          issuer: https://example.auth0.com/\n                          from_headers: [{ name: X-Jwt-Assertion }]\n');
    expect(findingsOf('envoy.yaml', custom)).toEqual(REFUSED);
    expect(policiesOf(envoyAdapter, 'envoy.yaml', custom)[0]?.requiredRequestHeaders?.map((header) => [header.value, ...at(header.loc)])).toEqual([
      ['X-Jwt-Assertion', 34, 50],
    ]);
    // Two header locations: either may carry the token, so neither is certain, and nothing else needs a preflight.
    const either = custom.replace('[{ name: X-Jwt-Assertion }]', '[{ name: X-Jwt-Assertion }, { name: Authorization }]');
    expect(findingsOf('envoy.yaml', either)).toEqual([]);
    // A token read from the query string may ride in the preflight's own URL.
    expect(findingsOf('envoy.yaml', custom.replace('from_headers: [{ name: X-Jwt-Assertion }]', 'from_params: [token]'))).toEqual([]);
  });

  it('stays silent when the filter lets preflights through: bypass_cors_preflight, missing tokens allowed, CORS first', () => {
    const bypass = CONFIG.replace('                      providers:\n', '                      bypass_cors_preflight: true\n                      providers:\n');
    expect(findingsOf('envoy.yaml', bypass)).toEqual([]);
    expect(findingsOf('envoy.yaml', CONFIG.replace('requires: { provider_name: auth0 }', 'requires: { allow_missing: {} }'))).toEqual([]);
    expect(findingsOf('envoy.yaml', CONFIG.replace('requires: { provider_name: auth0 }', 'requires: { allow_missing_or_failed: {} }'))).toEqual([]);
    const anyOrMissing = 'requires: { requires_any: { requirements: [{ provider_name: auth0 }, { allow_missing: {} }] } }';
    expect(findingsOf('envoy.yaml', CONFIG.replace('requires: { provider_name: auth0 }', anyOrMissing))).toEqual([]);
    const allOf = 'requires: { requires_all: { requirements: [{ provider_name: auth0 }, { allow_missing: {} }] } }';
    expect(findingsOf('envoy.yaml', CONFIG.replace('requires: { provider_name: auth0 }', allOf))).toEqual(REFUSED);
    const corsFirst = CONFIG.replace(
      /( {18}- name: envoy\.filters\.http\.jwt_authn\n[\s\S]*?)( {18}- name: envoy\.filters\.http\.cors\n.*\n.*\n)/,
      '$2$1',
    );
    expect(corsFirst).not.toBe(CONFIG);
    expect(findingsOf('envoy.yaml', corsFirst)).toEqual([]);
    // ext_authz's answer depends on its authorization server: unknown.
    const extAuthz = CONFIG.replace('name: envoy.filters.http.jwt_authn', 'name: envoy.filters.http.ext_authz').replace('jwt_authn.v3.JwtAuthentication', 'ext_authz.v3.ExtAuthz');
    expect(findingsOf('envoy.yaml', extAuthz)).toEqual([]);
  });

  it('follows the rules in order: a rule that may take the preflights first, or none matching the route, leaves them unknown', () => {
    // A rule for OPTIONS requests without a requirement lets the preflights through.
    const optionsRule = `                      rules:
                        - match: { prefix: /, headers: [{ name: ":method", string_match: { exact: OPTIONS } }] }
                        - match: { prefix: / }
                          requires: { provider_name: auth0 }
`;
    expect(findingsOf('envoy.yaml', withRules(optionsRule))).toEqual([]);
    // Requests under /api reach the only rule: their preflights are refused.
    const apiOnly = `                      rules:
                        - match: { prefix: /api }
                          requires: { provider_name: auth0 }
`;
    expect(findingsOf('envoy.yaml', withRules(apiOnly))).toEqual(REFUSED);
    // A route under /static never meets it.
    expect(findingsOf('envoy.yaml', withRules(apiOnly).replace('- match: { prefix: / }\n                          route:', '- match: { prefix: /static }\n                          route:'))).toEqual([]);
    // A path_separated_prefix route under the rule's prefix (spotq-api-gateway's envoy.yaml shape).
    const separated = withRules(apiOnly.replace('/api', '/api/v1/')).replace('- match: { prefix: / }\n                          route:', '- match: { path_separated_prefix: /api/v1/users }\n                          route:');
    expect(separated).toContain('path_separated_prefix');
    expect(findingsOf('envoy.yaml', separated)).toEqual(REFUSED);
    expect(findingsOf('envoy.yaml', separated.replace('prefix: /api/v1/ }', 'prefix: /api/v2/ }'))).toEqual([]);
    // An earlier rule that takes every request of the route without a requirement.
    const publicFirst = `                      rules:
                        - match: { prefix: / }
                        - match: { prefix: /api }
                          requires: { provider_name: auth0 }
`;
    expect(findingsOf('envoy.yaml', withRules(publicFirst))).toEqual([]);
  });

  it('reads JSON field names (go-control-plane output), keeping provider names as written', () => {
    const camel = CONFIG.replace('virtual_hosts:', 'virtualHosts:').replaceAll('auth0:', 'auth0Prod:').replace('provider_name: auth0', 'providerName: auth0Prod');
    expect(findingsOf('envoy.yaml', camel)).toEqual(REFUSED);
    expect(findingsOf('envoy.yaml', camel.replace('                      providers:\n', '                      bypassCorsPreflight: true\n                      providers:\n'))).toEqual([]);
  });

  it('reads per-route config, which wins over the rules, and reports a route policy with the route as its target', () => {
    const routePolicy = CONFIG.replace(
      '                          route: { cluster: backend }\n',
      `                          route: { cluster: backend }
                          typed_per_filter_config:
                            envoy.filters.http.cors:
                              "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
                              allow_methods: "GET, PUT"
`,
    );
    expect(findingsOf('envoy.yaml', routePolicy)).toEqual([['require-preflight-handler', 'refusedBeforeCors', 32, 21]]);
    // The only route has its own policy, so the virtual host's reaches no request.
    expect(policiesOf(envoyAdapter, 'envoy.yaml', routePolicy).map((policy) => policy.preflight.target)).toEqual(['virtual host api route /']);
    const disabled = routePolicy.replace(
      '                          typed_per_filter_config:\n',
      `                          typed_per_filter_config:
                            envoy.filters.http.jwt_authn:
                              "@type": type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.PerRouteConfig
                              disabled: true
`,
    );
    expect(findingsOf('envoy.yaml', disabled)).toEqual([]);
  });
});
