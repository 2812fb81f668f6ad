import { describe, expect, it } from 'vitest';
import { kongAdapter } from '../../src/adapters/kong.js';
import { findingsOf } from './gateway-findings.js';
import { at, detects, onlyPolicy, policiesOf } from './helpers.js';

const DECK = `_format_version: "3.0"
services:
  - name: orders
    url: http://orders.internal:8080
    plugins:
      - name: cors
        config:
          origins:
            - https://shop.example.com:443/
            - "https://.*\\\\.shop\\\\.example\\\\.com"
            - "(.*\\\\.)?partner\\\\.example\\\\.net"
          credentials: true
          max_age: 3600
    routes:
      - name: orders-api
        paths: [/orders]
        plugins:
          - name: cors
            config:
              credentials: true
              preflight_continue: true
plugins:
  - name: cors
    enabled: false
  - name: cors
    route: orders-api
    config: { origins: ["https://shop.example.com"] }
  - name: rate-limiting
    config: { minute: 60 }
`;

describe('kong adapter', () => {
  const [, service, route] = policiesOf(kongAdapter, 'kong.yaml', DECK);

  it('finds enabled cors plugins at every level of a decK file', () => {
    const policies = policiesOf(kongAdapter, 'kong.yaml', DECK);
    expect(policies.map((policy) => policy.source)).toEqual([
      'Kong cors plugin on route orders-api',
      'Kong cors plugin on service orders',
      'Kong cors plugin on service orders route orders-api',
    ]);
    expect(service?.source).toBe('Kong cors plugin on service orders');
    expect(route?.source).toBe('Kong cors plugin on service orders route orders-api');
    expect(at(service!.loc)).toEqual([8, 11]);
  });

  it('compares plain entries, anchors regexes at both ends and widens host-only regexes to any scheme', () => {
    expect(service?.origins).toEqual([
      {
        kind: 'exact',
        value: 'https://shop.example.com',
        compared: true,
        loc: expect.objectContaining({ line: 9, column: 15 }),
      },
      {
        kind: 'pattern',
        source: 'https://.*\\.shop\\.example\\.com',
        flags: '',
        dialect: 'pcre-full',
        loc: expect.objectContaining({ line: 10, column: 15 }),
      },
      {
        kind: 'pattern',
        source: '[A-Za-z][A-Za-z0-9+.-]*://(?:(.*\\.)?partner\\.example\\.net)(?::[0-9]+)?',
        flags: '',
        dialect: 'pcre-full',
        loc: expect.objectContaining({ line: 11, column: 15 }),
      },
    ]);
    expect(service?.vary).toMatchObject({ value: true, loc: { line: 9 } });
  });

  it('applies the schema defaults: every method including TRACE and CONNECT, echoed request headers', () => {
    expect(service?.allowMethods?.kind === 'list' && service.allowMethods.items.map((item) => item.value)).toEqual([
      'GET',
      'HEAD',
      'PUT',
      'PATCH',
      'POST',
      'DELETE',
      'OPTIONS',
      'TRACE',
      'CONNECT',
    ]);
    // Settings the config leaves out are blamed on the plugin's \`name: cors\`, not on its first setting.
    const nameCors = { file: 'kong.yaml', line: 6, column: 9, endLine: 6, endColumn: 19 };
    expect(service?.allowMethods?.loc).toEqual(nameCors);
    expect(service?.allowHeaders).toEqual({ kind: 'reflect', loc: nameCors });
    expect(service?.maxAge).toMatchObject({ seconds: 3600, loc: { line: 13, column: 20 } });
    expect(service?.preflight.handling).toBe('answered');
  });

  it('reflects every origin when no origins are set and credentials are on, and leaves passed-on preflights unknown', () => {
    expect(route?.origins).toEqual([{ kind: 'reflect-any', loc: route?.loc }]);
    expect(route?.vary.value).toBe(true);
    expect(route?.preflight).toMatchObject({ handling: 'unknown', loc: { line: 21, column: 35 } });
  });

  it('sends a single plain origin verbatim, and keeps alternation anchored as Kong does', () => {
    const single = onlyPolicy(
      kongAdapter,
      'plugin.yaml',
      `apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata:
  name: cors
plugin: cors
config:
  origins: ["https://shop.example.com"]
  methods: [GET, POST]
  headers: [Authorization]
`,
    );
    expect(single.source).toBe('KongPlugin cors');
    expect(single.origins).toEqual([
      {
        kind: 'exact',
        value: 'https://shop.example.com',
        compared: false,
        loc: expect.objectContaining({ line: 7, column: 13 }),
      },
    ]);
    expect(single.allowHeaders).toMatchObject({ kind: 'list', items: [{ value: 'Authorization' }] });
    const alternation = onlyPolicy(
      kongAdapter,
      'plugin.yaml',
      `apiVersion: configuration.konghq.com/v1
kind: KongClusterPlugin
metadata:
  name: cors
plugin: cors
config:
  origins: ["^https://a\\\\.example\\\\.com|https://b\\\\.example\\\\.com$"]
`,
    );
    expect(alternation.origins[0]).toMatchObject({
      kind: 'pattern',
      source: '^(?:https://a\\.example\\.com|https://b\\.example\\.com$)',
      dialect: 'pcre-search',
    });
    expect(alternation.origins).toHaveLength(1);
  });

  it('gives a literal * without credentials and skips disabled plugins', () => {
    const literal = onlyPolicy(
      kongAdapter,
      'plugin.yaml',
      'apiVersion: configuration.konghq.com/v1\nkind: KongPlugin\nmetadata: {name: c}\nplugin: cors\nconfig:\n  origins: ["*"]\n',
    );
    expect(literal.origins).toMatchObject([{ kind: 'any', loc: { line: 6, column: 13 } }]);
    expect(literal.vary.value).toBe(false);
    expect(
      policiesOf(
        kongAdapter,
        'p.yaml',
        'apiVersion: configuration.konghq.com/v1\nkind: KongPlugin\nmetadata: {name: c}\nplugin: cors\ndisabled: true\n',
      ),
    ).toEqual([]);
  });

  it('recognises decK files and KongPlugins, not other documents', () => {
    expect(
      detects(
        kongAdapter,
        'p.yaml',
        'apiVersion: configuration.konghq.com/v1\nkind: KongIngress\nmetadata: {name: c}\n',
      ),
    ).toBe(false);
    expect(detects(kongAdapter, 'x.yaml', 'services:\n  web:\n    image: nginx\n')).toBe(false);
    expect(detects(kongAdapter, 'kong.yaml', '_format_version: "3.0"\n')).toBe(true);
  });

  it("does not take another gateway's cors plugin list or object for Kong's when its config has fields Kong's schema lacks", () => {
    // A Janus API definition: Kong would refuse `domains`, `request_headers` and `options_passthrough`.
    const janus = `{
  "name": "users",
  "proxy": { "listen_path": "/users/*", "upstreams": { "targets": [{ "target": "http://users:8080" }] } },
  "plugins": [
    {
      "name": "cors",
      "enabled": true,
      "config": {
        "domains": ["https://app.example.com"],
        "methods": ["GET", "POST"],
        "exposed_headers": ["X-Debug-Token"],
        "options_passthrough": true
      }
    }
  ]
}
`;
    expect(detects(kongAdapter, 'users.json', janus)).toBe(false);
    expect(detects(kongAdapter, 'cors.json', '{"name": "cors", "config": {"domains": ["*"], "methods": ["GET"]}}')).toBe(false);
    // The same list with Kong's own settings and no version marker is still a decK file.
    const kong = janus.replace('"domains": ["https://app.example.com"]', '"origins": ["*"]').replace('"options_passthrough": true', '"credentials": true');
    expect(findingsOf('kong.json', kong)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 9, 21]]);
  });

  it('leaves out a cors plugin on a consumer, which the plugin schema refuses (no_consumer)', () => {
    const file = `_format_version: "3.0"
consumers:
  - username: partner
    plugins:
      - name: cors
        config: { origins: ["*"], credentials: true }
plugins:
  - name: cors
    consumer: partner
    config: { origins: ["*"], credentials: true }
  - name: cors
    consumer: null
    service: orders
    config: { origins: ["*"], credentials: true, methods: [GET] }
`;
    expect(policiesOf(kongAdapter, 'kong.yaml', file).map((policy) => policy.source)).toEqual(['Kong cors plugin on service orders']);
    expect(findingsOf('kong.yaml', file)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 14, 25]]);
    expect(policiesOf(kongAdapter, 'cors.json', '{"name": "cors", "consumer": {"id": "c1"}, "config": {"origins": ["*"]}}')).toEqual([]);
  });

  it('reads a plugin entity kept for the Admin API, alone (a POST body) or in a saved listing', () => {
    const body = `{
  "name": "cors",
  "service": { "name": "orders" },
  "config": {
    "origins": ["https://app.example.com"],
    "methods": ["GET", "POST"],
    "credentials": true,
    "max_age": 86400
  }
}
`;
    expect(onlyPolicy(kongAdapter, 'cors.json', body).source).toBe('Kong cors plugin on service orders');
    expect(findingsOf('cors.json', body)).toEqual([['max-age-within-browser-cap', 'aboveBrowserCap', 8, 16]]);
    const listing = `{"data": [
  {"name": "rate-limiting", "config": {"minute": 60}, "enabled": true},
  {"name": "cors", "route": {"id": "8f2c"}, "config": {"origins": null, "credentials": true}, "enabled": true},
  {"name": "cors", "service": null, "config": {"origins": ["*"], "credentials": true}, "enabled": false}
], "next": null}`;
    expect(policiesOf(kongAdapter, 'plugins.json', listing).map((policy) => policy.source)).toEqual(['Kong cors plugin on route 8f2c']);
    expect(findingsOf('plugins.json', listing)).toEqual([
      ['valid-methods', 'forbiddenByDefault', 3, 4],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 3, 67],
    ]);
    // Another tool's object named cors, without Kong's settings, is not a Kong plugin.
    expect(detects(kongAdapter, 'cors.json', '{"name": "cors", "config": {"allowOrigins": ["*"]}}')).toBe(false);
  });

  it('reads the x-kong-plugin-cors plugins deck file openapi2kong turns into service and route plugins', () => {
    const spec = (operationPlugin: string): string => `openapi: 3.0.0
info:
  title: Orders API
  version: 1.0.0
servers:
  - url: https://orders.internal/v1
x-kong-plugin-cors:
  config:
    origins:
      - https://shop.example.com
    methods: [GET, POST]
    credentials: true
paths:
  /orders:
    x-kong-plugin-cors:
      config:
        origins: ["*"]
        methods: [GET, POST, PUT]
        credentials: true
    get:
      operationId: listOrders
      responses: { "200": { description: ok } }
    post:
      operationId: createOrder${operationPlugin}
      responses: { "201": { description: created } }
`;
    const own = `
      x-kong-plugin-cors:
        enabled: false`;
    expect(policiesOf(kongAdapter, 'orders.yaml', spec('')).map((policy) => policy.source)).toEqual([
      'Kong cors plugin on the OpenAPI service',
      'Kong cors plugin on the routes of /orders',
    ]);
    expect(findingsOf('orders.yaml', spec(''))).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 17, 19]]);
    // An operation's own plugin wins over its path's (here a disabled one): the path's still reaches listOrders.
    expect(policiesOf(kongAdapter, 'orders.yaml', spec(own)).map((policy) => policy.source)).toEqual([
      'Kong cors plugin on the OpenAPI service',
      'Kong cors plugin on the routes of /orders',
    ]);
    // Without the plugin, the defaults are blamed on its key.
    const bare = 'openapi: 3.0.0\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    get:\n      operationId: a\n      x-kong-plugin-cors: {}\n';
    expect(findingsOf('a.yaml', bare)).toEqual([
      ['valid-methods', 'forbiddenByDefault', 7, 7],
    ]);
    expect(detects(kongAdapter, 'a.yaml', bare.replace('x-kong-plugin-cors', 'x-kong-plugin-key-auth'))).toBe(false);
  });

  it('leaves out a plugin whose settings sit beside config, which Kong refuses as unknown fields', () => {
    const deck = (plugin: string): string => `_format_version: "3.0"\nplugins:\n  - name: cors\n${plugin}`;
    expect(policiesOf(kongAdapter, 'kong.yaml', deck('    origins: ["*"]\n    credentials: true\n'))).toEqual([]);
    expect(findingsOf('kong.yaml', deck('    origins: ["*"]\n    credentials: true\n'))).toEqual([]);
    expect(findingsOf('kong.yaml', deck('    config:\n      origins: ["*"]\n      credentials: true\n'))).toEqual([
      ['valid-methods', 'forbiddenByDefault', 3, 5],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 5, 17],
    ]);
    const spec = 'openapi: 3.0.0\ninfo: { title: t, version: "1" }\nx-kong-plugin-cors:\n  origins: ["*"]\n  methods: [GET, POST]\npaths: {}\n';
    expect(policiesOf(kongAdapter, 'oas.yaml', spec)).toEqual([]);
  });

  it('leaves out a path plugin every operation overrides, as openapi2kong generates it nowhere', () => {
    const spec = `openapi: 3.0.0
info: { title: t, version: "1" }
paths:
  /a:
    x-kong-plugin-cors:
      config: { origins: ["*"], credentials: true }
    get:
      operationId: getA
      x-kong-plugin-cors:
        config: { origins: ["https://app.example.com"] }
`;
    expect(policiesOf(kongAdapter, 'a.yaml', spec).map((policy) => policy.source)).toEqual(['Kong cors plugin on the route of getA']);
  });

  it("blames the default methods on the KongPlugin's plugin: cors line, not on the config's first setting", () => {
    const plugin = (methods: string): string => `apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata:
  name: cors
  namespace: default
config:
  origins:
    - https://app.example.com
    - https://admin.example.com${methods}
plugin: cors
`;
    expect(findingsOf('cors.yaml', plugin(''))).toEqual([
      ['valid-methods', 'forbiddenByDefault', 10, 1],
    ]);
    expect(findingsOf('cors.yaml', plugin('\n  methods: [GET, POST, OPTIONS]'))).toEqual([]);
  });

  it('reads settings a KongPlugin patches in from a Secret as unknown, so they raise nothing', () => {
    const patched = `apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata:
  name: cors-patched
configPatches:
  - path: /origins
    valueFrom:
      secretKeyRef: { name: cors-origins, key: origins }
config:
  credentials: true
  methods: [GET, POST]
  headers: [Authorization]
plugin: cors
`;
    expect(findingsOf('cors.yaml', patched)).toEqual([]);
    expect(onlyPolicy(kongAdapter, 'cors.yaml', patched).origins).toEqual([
      { kind: 'unknown', loc: expect.objectContaining({ line: 6, column: 11 }) },
    ]);
    // The same plugin without the patch reflects every origin with credentials.
    expect(findingsOf('cors.yaml', patched.replace(/configPatches:[\s\S]*?config:/, 'config:'))).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 6, 3],
    ]);
  });
});

describe('kong null origin', () => {
  it('reads a null entry as the null origin, in a list (compared) and alone (sent verbatim)', () => {
    const deck = `_format_version: "3.0"
services:
  - name: widgets
    url: http://widgets.internal:8080
    plugins:
      - name: cors
        config:
          origins:
            - https://widgets.example.com
            - "null"
          methods: [GET]
  - name: embed
    url: http://embed.internal:8080
    plugins:
      - name: cors
        config:
          origins: ["null"]
          methods: [GET]
`;
    expect(policiesOf(kongAdapter, 'kong.yaml', deck).map((policy) => policy.origins.map((origin) => origin.kind))).toEqual([
      ['exact', 'null'],
      ['null'],
    ]);
    expect(findingsOf('kong.yaml', deck)).toEqual([
      ['no-null-origin', 'nullOrigin', 10, 15],
      ['no-null-origin', 'nullOrigin', 17, 21],
    ]);
  });
});

describe('kong origin regexes that match every origin', () => {
  const plugin = (origins: string): string => `apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata:
  name: cors
plugin: cors
config:
  origins: ${origins}
  methods: [GET, POST, OPTIONS]
  credentials: true
`;

  it('reads `.*` (matched against the host) as echoing every origin', () => {
    expect(findingsOf('kong-plugin.yaml', plugin('[".*"]'))).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 7, 13],
    ]);
    expect(onlyPolicy(kongAdapter, 'kong-plugin.yaml', plugin('["^(.+)$"]')).origins).toEqual([
      { kind: 'reflect-any', loc: expect.objectContaining({ line: 7, column: 13 }) },
    ]);
  });

  it('keeps a regex that needs some text as a pattern', () => {
    expect(onlyPolicy(kongAdapter, 'kong-plugin.yaml', plugin('["https://.*", "https://app.example.com"]')).origins[0]).toMatchObject({
      kind: 'pattern',
      source: 'https://.*',
      dialect: 'pcre-full',
    });
    expect(onlyPolicy(kongAdapter, 'kong-plugin.yaml', plugin('[".*\\\\.example\\\\.com"]')).origins[0]?.kind).toBe('pattern');
  });

  it('reads a KongPlugin boolean written as YAML 1.1 (on, yes) as kubectl does', () => {
    const plugin = (extra: string): string => `apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata:
  name: cors
plugin: cors${extra}
config:
  methods: [GET, POST]
  credentials: on
`;
    expect(findingsOf('plugin.yaml', plugin(''))).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 7, 3]]);
    expect(findingsOf('plugin.yaml', plugin('\ndisabled: yes'))).toEqual([]);
  });

  it('leaves out a plugin whose list setting is one string, which Kong refuses ("expected an array")', () => {
    const deck = (origins: string): string => `_format_version: "3.0"
services:
  - name: api
    url: http://api.internal:8080
    plugins:
      - name: cors
        config:
          origins: ${origins}
          methods: [GET, POST]
          credentials: true
`;
    expect(policiesOf(kongAdapter, 'kong.yaml', deck('"https://app.example.com,https://admin.example.com"'))).toEqual([]);
    expect(policiesOf(kongAdapter, 'kong.yaml', deck('"*"'))).toEqual([]);
    // A decK template may render to a list, so the plugin is read with its origins unknown.
    expect(onlyPolicy(kongAdapter, 'kong.yaml', deck('${{ env "DECK_CORS_ORIGINS" }}')).origins).toMatchObject([{ kind: 'unknown' }]);
    expect(findingsOf('kong.yaml', deck('["*"]'))).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 8, 21]]);
    const kic = (config: string): string =>
      `apiVersion: configuration.konghq.com/v1\nkind: KongPlugin\nmetadata: {name: cors}\nplugin: cors\nconfig:\n${config}`;
    expect(policiesOf(kongAdapter, 'plugin.yaml', kic('  origins: "*"\n  credentials: true\n'))).toEqual([]);
    expect(policiesOf(kongAdapter, 'plugin.yaml', kic('  origins: ["*"]\n  methods: GET,POST\n'))).toEqual([]);
    // A boolean setting written as quoted text is refused the same way ("expected a boolean").
    expect(policiesOf(kongAdapter, 'plugin.yaml', kic('  origins: ["*"]\n  credentials: "true"\n'))).toEqual([]);
    expect(policiesOf(kongAdapter, 'cors.json', '{"name": "cors", "config": {"origins": ["*"], "credentials": "true"}}')).toEqual([]);
    expect(onlyPolicy(kongAdapter, 'plugin.yaml', kic('  origins: ["*"]\n  credentials: yes\n')).credentials.value).toBe(true);
    // A setting configPatches fills from a Secret replaces what config writes.
    expect(
      policiesOf(kongAdapter, 'plugin.yaml', kic('  origins: "*"\nconfigPatches:\n  - path: /origins\n    valueFrom: {secretKeyRef: {name: cors, key: origins}}\n')),
    ).toHaveLength(1);
  });

  it('leaves out a global cors plugin that every route of the file overrides with its own or its service\'s', () => {
    const deck = (extraRoutes: string): string => `_format_version: "3.0"
services:
  - name: auth-v1
    url: http://auth:9999/
    routes:
      - name: auth-v1-all
        paths: [/auth/v1/]
    plugins:
      - name: cors
  - name: rest-v1
    url: http://rest:3000/
    routes:
      - name: rest-v1-all
        paths: [/rest/v1/]
${extraRoutes}routes:
  - name: rest-v1-rpc
    service: rest-v1
    paths: [/rest/v1/rpc]
plugins:
  - name: cors
    service: rest-v1
    config: { origins: ["https://app.example.com"], credentials: true }
  - name: cors
    config:
      origins: ["*"]
      credentials: true
`;
    // Kong runs the most specific cors plugin of a request: the service's, never the global one.
    expect(policiesOf(kongAdapter, 'kong.yaml', deck('')).map((policy) => policy.source)).toEqual([
      'Kong cors plugin on service rest-v1',
      'Kong cors plugin on service auth-v1',
    ]);
    // One route with no cors plugin of its own or its service's runs the global one.
    const uncovered = deck('  - name: storage-v1\n    url: http://storage:5000/\n    routes:\n      - name: storage-v1-all\n        paths: [/storage/v1/]\n');
    expect(findingsOf('kong.yaml', uncovered)).toEqual([
      ['valid-methods', 'forbiddenByDefault', 9, 9],
      ['valid-methods', 'forbiddenByDefault', 25, 5],
      ['valid-methods', 'forbiddenByDefault', 28, 5],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 30, 17],
    ]);
    // A disabled service plugin does not override the global one either.
    const disabled = deck('').replace('      - name: cors\n  - name: rest-v1', '      - name: cors\n        enabled: false\n  - name: rest-v1');
    expect(policiesOf(kongAdapter, 'kong.yaml', disabled).map((policy) => policy.source)).toContain('Kong cors plugin on kong.yaml (global)');
    // Without routes in the file, where the global plugin runs is not known: it is read.
    const pluginsOnly = '_format_version: "3.0"\nplugins:\n  - name: cors\n    config: { origins: ["*"], credentials: true }\n';
    expect(findingsOf('kong.yaml', pluginsOnly)).toEqual([
      ['valid-methods', 'forbiddenByDefault', 3, 5],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 4, 25],
    ]);
  });
});
