/**
 * Generators for the hostile-input suite. Every input is built here at test time and written under
 * `os.tmpdir()`, never into the repository: a 50 MB file or a 20,000-file tree has no place in git.
 *
 * The hostile payloads sit inside real-shaped CORS configs (a Kong `KongPlugin`, an ingress-nginx
 * `Ingress`, a CloudFormation template), because that is where an adapter walks: a bomb in a file no
 * adapter recognises only exercises the parser.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary directory that a test fills and removes. */
export interface Scratch {
  root: string;
  /** Write `content` to `relativePath` under the root (parents created); returns the absolute path. */
  write(relativePath: string, content: string | Uint8Array): string;
  /** Create a symbolic link at `relativePath` pointing at `target` (used as given). */
  link(relativePath: string, target: string): string;
  remove(): void;
}

export function createScratch(label: string): Scratch {
  const root = mkdtempSync(join(tmpdir(), `corsguard-hostile-${label}-`));
  return {
    root,
    write(relativePath, content) {
      const target = join(root, relativePath);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
      return target;
    },
    link(relativePath, target) {
      const at = join(root, relativePath);
      mkdirSync(dirname(at), { recursive: true });
      symlinkSync(target, at);
      return at;
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * A Kong `cors` KongPlugin with `credentials: true` and no `origins`: Kong then echoes every request
 * origin with credentials (cors-facts 2.12), reported on the `config` block (line 7, column 3).
 * `methods` is listed (line 8) so that Kong's default, which includes TRACE and CONNECT, does not add
 * findings to every case; pass `methods: null` to leave it out. `topExtra` lines go at the top level
 * before `plugin:`; `configExtra` lines go at the end of `config:` (their caller indents them).
 */
export function kongPlugin(
  options: { name?: string; topExtra?: string; configExtra?: string; methods?: string | null } = {},
): string {
  const methods = options.methods === undefined ? '[GET, POST, PUT]' : options.methods;
  return [
    'apiVersion: configuration.konghq.com/v1',
    'kind: KongPlugin',
    'metadata:',
    `  name: ${options.name ?? 'cors'}`,
    ...(options.topExtra === undefined ? [] : [options.topExtra]),
    'plugin: cors',
    'config:',
    '  credentials: true',
    ...(methods === null ? [] : [`  methods: ${methods}`]),
    ...(options.configExtra === undefined ? [] : [options.configExtra]),
    '',
  ].join('\n');
}

/**
 * Billion laughs: `levels` anchors, each a sequence of `fanout` aliases to the previous one, so the
 * last alias stands for fanout^levels scalars (10^10 by default). Expanded, it is ~50 GB of strings;
 * a tree that shares aliased nodes holds ~100 nodes. The fan-out is used as Kong header lists, which
 * the adapter reads.
 */
export function billionLaughs(levels = 10, fanout = 10): { text: string; topLines: number } {
  const anchors: string[] = [];
  anchors.push(`lol0: &lol0 [${Array.from({ length: fanout }, () => '"lol"').join(', ')}]`);
  for (let level = 1; level < levels; level += 1) {
    anchors.push(`lol${level}: &lol${level} [${Array.from({ length: fanout }, () => `*lol${level - 1}`).join(', ')}]`);
  }
  const last = `*lol${levels - 1}`;
  const text = kongPlugin({
    name: 'cors-lol',
    topExtra: anchors.join('\n'),
    methods: last,
    configExtra: [`  headers: ${last}`, `  exposed_headers: ${last}`].join('\n'),
  });
  return { text, topLines: anchors.length };
}

/**
 * The merge-key variant: each level merges `fanout` copies of the previous mapping. Folding merges by
 * appending entries instead of letting keys override grows as fanout^levels.
 */
export function mergeKeyBomb(levels = 10, fanout = 10): { text: string; topLines: number } {
  const anchors: string[] = ['m0: &m0 { max_age: 3600, preflight_continue: false }'];
  for (let level = 1; level < levels; level += 1) {
    anchors.push(`m${level}: &m${level} { <<: [${Array.from({ length: fanout }, () => `*m${level - 1}`).join(', ')}] }`);
  }
  const text = kongPlugin({
    name: 'cors-merge',
    topExtra: anchors.join('\n'),
    configExtra: `  <<: *m${levels - 1}`,
  });
  return { text, topLines: anchors.length };
}

/**
 * A CloudFormation HTTP API whose AllowOrigins hides a 10^10 alias fan-out behind intrinsic functions
 * (`!If`, `Fn::If`, `!Join`, `Fn::Select`, `Fn::Sub`), which an adapter reading through intrinsics
 * might flatten. Every origin is then unknown, so nothing may be reported.
 */
export function intrinsicFanOut(): string {
  const anchors = [`  l0: &l0 [${Array.from({ length: 10 }, (_, index) => `"https://app-${index}.example.com"`).join(', ')}]`];
  for (let level = 1; level < 10; level += 1) {
    anchors.push(`  l${level}: &l${level} [${Array.from({ length: 10 }, () => `*l${level - 1}`).join(', ')}]`);
  }
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Metadata:',
    ...anchors,
    'Conditions:',
    '  Prod: !Equals [!Ref Env, prod]',
    'Resources:',
    '  Api:',
    '    Type: AWS::ApiGatewayV2::Api',
    '    Properties:',
    '      Name: api',
    '      ProtocolType: HTTP',
    '      CorsConfiguration:',
    '        AllowCredentials: true',
    '        AllowOrigins:',
    '          - !If [Prod, *l9, *l9]',
    '          - {"Fn::If": [Prod, *l9, {"Fn::If": [Prod, *l9, *l9]}]}',
    '          - !Join ["", *l9]',
    '          - {"Fn::Select": [0, *l9]}',
    '          - {"Fn::Sub": ["${x}", {x: *l9}]}',
    '',
  ].join('\n');
}

/**
 * Helm chart values whose top holds `levels` anchored mappings of `fanout` keys, each key an alias to
 * the previous mapping (fanout^levels paths down to one small mapping), followed by the route or
 * ingress section a chart renders with CORS: `httpRoute` (Gateway API, a ResponseHeaderModifier that
 * allows the origin `null`) or `ingress` (ingress-nginx annotations enabling CORS with its defaults).
 * An adapter that searches values for such sections must not walk every path of the fan-out.
 */
export function chartValuesFanOut(section: 'httpRoute' | 'ingress' | 'virtualService', levels = 8, fanout = 20): { text: string; topLines: number } {
  const anchors = ['v0: &v0 { enabled: true, replicas: 1 }'];
  for (let level = 1; level < levels; level += 1) {
    anchors.push(`v${level}: &v${level} { ${Array.from({ length: fanout }, (_, key) => `k${key}: *v${level - 1}`).join(', ')} }`);
  }
  const route = [
    'httpRoute:',
    '  enabled: true',
    '  parentRefs: [{ name: public-gateway }]',
    '  rules:',
    '    - matches: [{ path: { type: PathPrefix, value: /api } }]',
    '      filters:',
    '        - type: ResponseHeaderModifier',
    '          responseHeaderModifier:',
    '            set:',
    '              - name: Access-Control-Allow-Origin',
    '                value: "null"',
  ];
  const ingress = [
    'ingress:',
    '  enabled: true',
    '  className: nginx',
    '  annotations:',
    '    nginx.ingress.kubernetes.io/enable-cors: "true"',
    '  hosts:',
    '    - host: shop.example.com',
    '      paths: [{ path: /, pathType: Prefix }]',
  ];
  const virtualService = [
    'virtualService:',
    '  enabled: true',
    '  corsPolicy:',
    '    allowOrigins:',
    '      - exact: "null"',
    '    allowCredentials: true',
  ];
  const sections = { httpRoute: route, ingress, virtualService };
  return { text: [...anchors, ...sections[section], ''].join('\n'), topLines: anchors.length };
}

/**
 * A SAM template whose `Globals.Api.Auth` and the API's own `Auth` are the same alias to a mapping
 * fanned out `levels` deep, `fanout` keys each; SAM merges the two key by key. `Globals.Api.Cors`
 * allows any origin with credentials, so the API has a finding at that `AllowOrigin` (line 5 after
 * the anchors).
 */
export function samGlobalsFanOut(levels = 10, fanout = 10): { text: string; topLines: number } {
  const anchors = ['  m0: &m0 { Type: CUSTOM }'];
  for (let level = 1; level < levels; level += 1) {
    anchors.push(`  m${level}: &m${level} { ${Array.from({ length: fanout }, (_, key) => `K${key}: *m${level - 1}`).join(', ')} }`);
  }
  const top = levels - 1;
  const text = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Metadata:',
    ...anchors,
    'Globals:',
    '  Api:',
    `    Auth: *m${top}`,
    '    Cors:',
    '      AllowOrigin: "\'*\'"',
    '      AllowCredentials: true',
    'Resources:',
    '  Api:',
    '    Type: AWS::Serverless::Api',
    '    Properties:',
    '      StageName: prod',
    `      Auth: *m${top}`,
    '',
  ].join('\n');
  return { text, topLines: 3 + anchors.length };
}

/**
 * A CloudFormation template whose `Fn::ForEach` loop declares an HTTP API (any origin with credentials)
 * with a `Tags` mapping that reaches one anchored mapping through `levels` levels of `fanout` aliases:
 * fanout^levels paths inside the loop's fragment, every one of which names the loop identifier.
 */
export function forEachAliasFanOut(levels = 10, fanout = 10): { text: string; topLines: number } {
  const anchors = ['  t0: &t0 { Owner: "${Tenant}-team" }'];
  for (let level = 1; level < levels; level += 1) {
    anchors.push(`  t${level}: &t${level} { ${Array.from({ length: fanout }, (_, key) => `K${key}: *t${level - 1}`).join(', ')} }`);
  }
  const text = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::LanguageExtensions',
    'Metadata:',
    ...anchors,
    'Resources:',
    '  Fn::ForEach::Tenants:',
    '    - Tenant',
    '    - [acme, globex]',
    '    - ${Tenant}Api:',
    '        Type: AWS::ApiGatewayV2::Api',
    '        Properties:',
    '          ProtocolType: HTTP',
    `          Tags: *t${levels - 1}`,
    '          CorsConfiguration:',
    '            AllowOrigins: ["*"]',
    '            AllowCredentials: true',
    '',
  ].join('\n');
  return { text, topLines: 3 + anchors.length };
}

/**
 * A decK file whose one cors plugin (any origin, with credentials) is listed `fanout` times in a route,
 * that route `fanout` times in a service and that service `fanout` times: fanout^3 paths to one
 * plugin written on line 2, which must be read as the one plugin it is.
 */
export function deckAliasFanOut(fanout = 60): string {
  const aliases = (name: string): string => Array.from({ length: fanout }, () => `*${name}`).join(', ');
  return [
    '_format_version: "3.0"',
    'x-plugin: &plugin { name: cors, config: { origins: ["*"], credentials: true, methods: [GET] } }',
    `x-route: &route { name: api, paths: [/api], plugins: [${aliases('plugin')}] }`,
    `x-service: &service { name: orders, url: "http://orders:8080", routes: [${aliases('route')}] }`,
    `services: [${aliases('service')}]`,
    '',
  ].join('\n');
}

/**
 * A Serverless service whose one http event (any origin with credentials, on line 3) is listed `fanout`
 * times in an event list that `fanout` functions share by alias: fanout^2 routes on one path.
 */
export function serverlessEventFanOut(fanout = 400): string {
  const events = Array.from({ length: fanout }, () => '*event').join(', ');
  return [
    'service: orders',
    'provider: { name: aws, runtime: nodejs20.x }',
    'x-event: &event { http: { path: /orders, method: get, cors: { origin: "*", allowCredentials: true } } }',
    `x-events: &events [${events}]`,
    'functions:',
    ...Array.from({ length: fanout }, (_, index) => `  fn${index}: { handler: src/handler.main, events: *events }`),
    '',
  ].join('\n');
}

/**
 * An HTTPRoute whose one CORS filter (any origin, with credentials, on line 6) is listed `fanout`
 * times in a filter list that every backend and every rule uses, with `fanout` backends per rule and
 * `fanout` rules, all through aliases: ~fanout^3 paths to one filter.
 */
export function httpRouteAliasFanOut(fanout = 60): string {
  const aliases = (name: string): string => Array.from({ length: fanout }, () => `*${name}`).join(', ');
  return [
    'apiVersion: gateway.networking.k8s.io/v1',
    'kind: HTTPRoute',
    'metadata: { name: storefront }',
    'spec:',
    '  parentRefs: [{ name: public }]',
    '  x-filter: &filter { type: CORS, cors: { allowOrigins: ["*"], allowCredentials: true } }',
    `  x-filters: &filters [${aliases('filter')}]`,
    '  x-backend: &backend { name: storefront, port: 8080, filters: *filters }',
    `  x-backends: &backends [${aliases('backend')}]`,
    '  x-rule: &rule { filters: *filters, backendRefs: *backends }',
    `  rules: [${aliases('rule')}]`,
    '',
  ].join('\n');
}

/**
 * An APISIX declarative file (ADC) whose one route, with a cors plugin allowing any origin with
 * credentials (line 1), is listed `fanout` times in a routes list that `fanout` services share by alias.
 */
export function apisixAliasFanOut(fanout = 400): string {
  const aliases = (name: string): string => Array.from({ length: fanout }, () => `*${name}`).join(', ');
  return [
    'x-route: &route { name: api, uris: [/api], plugins: { cors: { allow_origins: "**", allow_credential: true } } }',
    `x-routes: &routes [${aliases('route')}]`,
    'x-service: &service { name: orders, routes: *routes, upstream: { nodes: [{ host: orders, port: 8080, weight: 1 }] } }',
    `services: [${aliases('service')}]`,
    '',
  ].join('\n');
}

/**
 * An Envoy bootstrap whose one route, with a per-route CORS policy matching every origin (`.*`) with
 * credentials (line 1), is listed `fanout` times in a virtual host listed `fanout` times, by alias.
 */
export function envoyAliasFanOut(fanout = 400): string {
  const aliases = (name: string): string => Array.from({ length: fanout }, () => `*${name}`).join(', ');
  const cors = '"@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy';
  const manager = '"@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
  return [
    `x-route: &route { match: { prefix: / }, route: { cluster: api }, typed_per_filter_config: { envoy.filters.http.cors: { ${cors}, allow_origin_string_match: [{ safe_regex: { regex: ".*" } }], allow_credentials: true } } }`,
    `x-host: &host { name: api, domains: ["*"], routes: [${aliases('route')}] }`,
    'static_resources:',
    '  listeners:',
    '    - name: ingress',
    '      address: { socket_address: { address: 0.0.0.0, port_value: 8080 } }',
    '      filter_chains:',
    '        - filters:',
    '            - name: envoy.filters.network.http_connection_manager',
    '              typed_config:',
    `                ${manager}`,
    '                stat_prefix: ingress',
    `                route_config: { name: local, virtual_hosts: [${aliases('host')}] }`,
    '                http_filters: [{ name: envoy.filters.http.cors }, { name: envoy.filters.http.router }]',
    '',
  ].join('\n');
}

/**
 * A CloudFormation template whose API Gateway method names its resource with an alias to a mapping
 * fanned out `levels` deep, `fanout` keys each (no reference at all, but a reader that spells a
 * reference out whole would expand it), next to a Lambda function URL that allows any origin with
 * credentials (`AllowOrigins` on the last line but one).
 */
export function cloudFormationReferenceFanOut(levels = 9, fanout = 10): string {
  const anchors = ['  m0: &m0 { Ref: ApiResource }'];
  for (let level = 1; level < levels; level += 1) {
    anchors.push(`  m${level}: &m${level} { ${Array.from({ length: fanout }, (_, key) => `K${key}: *m${level - 1}`).join(', ')} }`);
  }
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Metadata:',
    ...anchors,
    'Resources:',
    '  GetItems:',
    '    Type: AWS::ApiGateway::Method',
    '    Properties:',
    '      RestApiId: !Ref Api',
    `      ResourceId: *m${levels - 1}`,
    '      HttpMethod: GET',
    '      AuthorizationType: NONE',
    '  FunctionUrl:',
    '    Type: AWS::Lambda::Url',
    '    Properties:',
    '      AuthType: NONE',
    '      TargetFunctionArn: arn:aws:lambda:eu-west-1:123456789012:function:api',
    '      Cors:',
    '        AllowCredentials: true',
    '        AllowOrigins: ["*"]',
    '',
  ].join('\n');
}

/**
 * An ApisixRoute whose one cors plugin (line 7: any origin with credentials, other settings left to
 * the plugin's defaults) is listed `fanout` times in a route listed `fanout` times, by alias.
 */
export function apisixRouteAliasFanOut(fanout = 400): string {
  const aliases = (name: string): string => Array.from({ length: fanout }, () => `*${name}`).join(', ');
  return [
    'apiVersion: apisix.apache.org/v2',
    'kind: ApisixRoute',
    'metadata:',
    '  name: storefront',
    'spec:',
    '  x-plugin: &plugin',
    '    { name: cors, enable: true, config: { allow_origins: "**", allow_credential: true } }',
    `  x-route: &route { name: api, match: { paths: [/api/*] }, backends: [{ serviceName: api, servicePort: 8080 }], plugins: [${aliases('plugin')}] }`,
    `  http: [${aliases('route')}]`,
    '',
  ].join('\n');
}

/**
 * An AWS Amplify `customHttp.yml` whose one rule (any origin, with credentials: lines 3 and 4) is listed
 * `fanout` times in an application listed `fanout` times, by alias, its headers also repeated by alias.
 */
export function amplifyAliasFanOut(fanout = 60): string {
  const aliases = (name: string): string => Array.from({ length: fanout }, () => `*${name}`).join(', ');
  return [
    'x-headers:',
    '  - &frame { key: X-Frame-Options, value: DENY }',
    '  - &origin { key: Access-Control-Allow-Origin, value: "*" }',
    '  - &credentials { key: Access-Control-Allow-Credentials, value: "true" }',
    `x-rule: &rule { pattern: "/api/**", headers: [*origin, *credentials, ${aliases('frame')}] }`,
    `x-app: &app { appRoot: apps/web, customHeaders: [${aliases('rule')}] }`,
    `applications: [${aliases('app')}]`,
    '',
  ].join('\n');
}

/**
 * A Contour HTTPProxy without a CORS policy whose one service sets Access-Control-Allow-Origin `*` with
 * credentials (line 7), listed `fanout` times in a route listed `fanout` times, by alias.
 */
export function contourAliasFanOut(fanout = 300): string {
  const aliases = (name: string): string => Array.from({ length: fanout }, () => `*${name}`).join(', ');
  const headers = Array.from({ length: 20 }, (_, index) => `{ name: X-Trace-${index}, value: "on" }`).join(', ');
  return [
    'apiVersion: projectcontour.io/v1',
    'kind: HTTPProxy',
    'metadata: { name: storefront }',
    'spec:',
    '  virtualhost: { fqdn: shop.example.com }',
    '  x-service: &service { name: api, port: 8080, responseHeadersPolicy: { set: [',
    `      { name: Access-Control-Allow-Origin, value: "*" }, { name: Access-Control-Allow-Credentials, value: "true" }, ${headers}] } }`,
    `  x-route: &route { conditions: [{ prefix: /api }], services: [${aliases('service')}] }`,
    `  routes: [${aliases('route')}]`,
    '',
  ].join('\n');
}

/**
 * An Istio VirtualService whose one route, matching every origin (`.*`) with credentials (line 6), is
 * listed `count` times in `http` by alias: one alias is 8 bytes, so 130,000 copies fit in 1 MB.
 */
export function istioAliasList(count = 130_000): string {
  return [
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    'metadata: { name: storefront }',
    'spec:',
    '  hosts: [shop.example.com]',
    '  x-route: &route { route: [{ destination: { host: api } }], corsPolicy: { allowOrigins: [{ regex: ".*" }], allowCredentials: true } }',
    `  http: [${Array.from({ length: count }, () => '*route').join(', ')}]`,
    '',
  ].join('\n');
}

/** Self-referencing aliases: an alias used inside the very node its anchor names. */
export const selfReferencingAliases: Record<string, string> = {
  'block mapping containing itself': kongPlugin({
    name: 'cors-self-map',
    configExtra: ['  nested: &loop', '    again: *loop', '  headers: *loop'].join('\n'),
  }),
  'flow sequence containing itself': kongPlugin({
    name: 'cors-self-seq',
    configExtra: '  headers: &h [X-Custom, *h]',
  }),
  'mapping that merges itself': kongPlugin({
    name: 'cors-self-merge',
    configExtra: ['  extra: &m', '    <<: *m', '    max_age: 600'].join('\n'),
  }),
  'two anchors naming each other': kongPlugin({
    name: 'cors-mutual',
    configExtra: ['  outer: &a', '    inner: &b', '      back: *a', '      self: *b'].join('\n'),
  }),
};

/** `depth` nested flow sequences `[[[...]]]` as the Kong `headers` value. */
export function deepFlowSequence(depth: number): string {
  return kongPlugin({ name: 'cors-deep-flow', configExtra: `  headers: ${'['.repeat(depth)}X-Deep${']'.repeat(depth)}` });
}

/** `depth` nested flow mappings `{a: {a: ...}}`. */
export function deepFlowMapping(depth: number): string {
  return kongPlugin({ name: 'cors-deep-map', configExtra: `  headers: ${'{a: '.repeat(depth)}X-Deep${'}'.repeat(depth)}` });
}

/**
 * `depth` nested block sequences in compact notation (`- - - X`): each `- ` opens a block sequence one
 * column further in, so the nesting is real block structure on a single line.
 */
export function deepBlockSequence(depth: number): string {
  return kongPlugin({ name: 'cors-deep-block', configExtra: `  headers:\n    ${'- '.repeat(depth)}X-Deep` });
}

/** `depth` nested JSON objects, as a CloudFormation-looking template. */
export function deepJson(depth: number): string {
  return `{"Resources": {"Deep": ${'{"a": '.repeat(depth)}1${'}'.repeat(depth)}}}`;
}

/** An ingress-nginx Ingress. `cors` adds the CORS annotations (default origin `*`, credentials on). */
function ingress(name: string, cors: boolean, extraAnnotations: string[] = []): string {
  return [
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    `  name: ${name}`,
    '  namespace: shop',
    '  annotations:',
    '    kubernetes.io/ingress.class: nginx',
    ...(cors ? ['    nginx.ingress.kubernetes.io/enable-cors: "true"'] : []),
    ...extraAnnotations,
    'spec:',
    '  rules:',
    `    - host: ${name}.shop.example.com`,
    '      http:',
    '        paths:',
    '          - path: /',
    '            pathType: Prefix',
    '            backend:',
    '              service:',
    `                name: ${name}`,
    '                port:',
    '                  number: 8080',
    '',
  ].join('\n');
}

/** Built once per size: several cases pipe the same 50 MB through different paths. */
const largeStreams = new Map<number, string>();

/**
 * A multi-document stream of at least `bytes` bytes, as `helm template` prints for a large cluster:
 * Ingresses one after another. Only the first enables CORS (with ingress-nginx's defaults).
 */
export function largeIngressStream(bytes: number): string {
  const cached = largeStreams.get(bytes);
  if (cached !== undefined) return cached;
  const parts: string[] = [ingress('storefront-0', true)];
  let size = parts[0]!.length;
  for (let index = 1; size < bytes; index += 1) {
    const doc = `---\n${ingress(`storefront-${index}`, false, [
      `    example.com/owner: team-${index % 97}`,
      `    example.com/description: "${'generated filler for a large stream '.repeat(8)}"`,
    ])}`;
    parts.push(doc);
    size += doc.length;
  }
  const text = parts.join('');
  largeStreams.set(bytes, text);
  return text;
}

/** One Ingress whose annotations hold `count` keys, with the CORS annotation last. */
export function manyAnnotationKeys(count: number): string {
  const filler = Array.from({ length: count }, (_, index) => `    example.com/key-${index}: "value-${index}"`);
  return ingress('many-keys', true, filler);
}

/**
 * A CloudFormation JSON template whose `Metadata` object holds `count` keys, followed by a Lambda URL
 * that allows any origin with credentials.
 */
export function manyKeysJson(count: number): string {
  const metadata = Array.from({ length: count }, (_, index) => `"key-${index}": "value-${index}"`).join(', ');
  return [
    '{',
    '  "AWSTemplateFormatVersion": "2010-09-09",',
    `  "Metadata": { ${metadata} },`,
    '  "Resources": {',
    '    "FunctionUrl": {',
    '      "Type": "AWS::Lambda::Url",',
    '      "Properties": {',
    '        "AuthType": "NONE",',
    '        "TargetFunctionArn": "arn:aws:lambda:eu-west-1:123456789012:function:api",',
    '        "Cors": { "AllowOrigins": ["*"], "AllowCredentials": true }',
    '      }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Bytes that are no text at all (a PNG header, then noise that includes NULs), for a file named `.yaml`. */
export function binaryBytes(size = 4096): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let state = 0x2545f491;
  for (let index = 8; index < size; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

/** `text` as UTF-16 little-endian with its byte-order mark, as Windows editors save it. */
export function utf16le(text: string): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), body]);
}

/** `text` as UTF-16 big-endian with its byte-order mark. */
export function utf16be(text: string): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  body.swap16();
  return Buffer.concat([Buffer.from([0xfe, 0xff]), body]);
}

/**
 * A tree of `fileCount` files in directories of 100, shaped like an infrastructure monorepo: Kong
 * plugins (every 40th one reflecting origins with credentials), ingresses without CORS, CI workflows
 * and package manifests that are no CORS config, and some non-config files. Returns how many files
 * of each kind it wrote.
 */
export function generateTree(root: string, fileCount: number): { kongWithFinding: number; total: number } {
  let kongWithFinding = 0;
  for (let index = 0; index < fileCount; index += 1) {
    const dir = join(root, `service-${Math.floor(index / 100)}`);
    if (index % 100 === 0) mkdirSync(dir, { recursive: true });
    const kind = index % 5;
    if (kind === 0) {
      const reflecting = index % 40 === 0;
      if (reflecting) kongWithFinding += 1;
      const config = reflecting
        ? kongPlugin({ name: `cors-${index}` })
        : kongPlugin({ name: `cors-${index}`, configExtra: `  origins:\n    - https://app-${index}.example.com` });
      writeFileSync(join(dir, `kong-plugin-${index}.yaml`), config);
    } else if (kind === 1) {
      writeFileSync(join(dir, `ingress-${index}.yaml`), ingress(`svc-${index}`, false));
    } else if (kind === 2) {
      writeFileSync(
        join(dir, `workflow-${index}.yml`),
        `name: ci-${index}\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n`,
      );
    } else if (kind === 3) {
      writeFileSync(join(dir, `package-${index}.json`), `{ "name": "svc-${index}", "version": "1.0.${index}", "private": true }\n`);
    } else {
      writeFileSync(join(dir, `notes-${index}.md`), `# Service ${index}\n\nNothing to lint here.\n`);
    }
  }
  return { kongWithFinding, total: fileCount };
}

/** Patterns with nested or overlapping quantifiers: exponential or polynomial backtracking. */
export const CATASTROPHIC_PATTERNS = [
  '^(a+)+$',
  '^(https?://)?([a-z]+)*\\.example\\.com$',
  '^https://([a-zA-Z0-9]+\\.?)+\\.example\\.com$',
  '^https://(.*)*\\.example\\.com$',
  '^https://(\\w+\\s?)*$',
  '^https://(a|a)*\\.example\\.com$',
  '^https://(x+x+)+y\\.example\\.com$',
  '^https://(.*?,){30}\\.example\\.com$',
];

/** Exact origins that make the patterns above backtrack if anything ran them. */
const BAITS = [
  `https://${'a'.repeat(60)}!`,
  `https://${'abcdefgh'.repeat(8)}.example.org`,
  `https://${'x'.repeat(60)}.example.com`,
];

function yamlList(items: string[], indent: string): string {
  return items.map((item) => `${indent}- ${JSON.stringify(item)}`).join('\n');
}

/**
 * Kong (PCRE, anchored), Istio (RE2, full match) and Traefik (RE2, search) configs that list every
 * catastrophic pattern as an allowed origin, with credentials on, next to the baits as exact origins.
 */
export function catastrophicRegexConfigs(): Record<string, string> {
  return {
  'kong.yaml': [
    'apiVersion: configuration.konghq.com/v1',
    'kind: KongPlugin',
    'metadata:',
    '  name: cors-regex',
    'plugin: cors',
    'config:',
    '  credentials: true',
    '  methods: [GET, POST]',
    '  origins:',
    yamlList([...CATASTROPHIC_PATTERNS, ...BAITS], '    '),
    '',
  ].join('\n'),
  'istio.yaml': [
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    'metadata:',
    '  name: api',
    'spec:',
    '  hosts: [api.example.com]',
    '  http:',
    '    - route:',
    '        - destination:',
    '            host: api',
    '      corsPolicy:',
    '        allowCredentials: true',
    '        allowOrigins:',
    CATASTROPHIC_PATTERNS.map((pattern) => `          - regex: ${JSON.stringify(pattern)}`).join('\n'),
    BAITS.map((bait) => `          - exact: ${JSON.stringify(bait)}`).join('\n'),
    '',
  ].join('\n'),
  'traefik.yaml': [
    'apiVersion: traefik.io/v1alpha1',
    'kind: Middleware',
    'metadata:',
    '  name: cors',
    'spec:',
    '  headers:',
    '    accessControlAllowCredentials: true',
    '    accessControlAllowOriginListRegex:',
    yamlList(CATASTROPHIC_PATTERNS, '      '),
    '    accessControlAllowOriginList:',
    yamlList(BAITS, '      '),
    '',
  ].join('\n'),
  };
}
