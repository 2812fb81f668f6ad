import { describe, expect, it } from 'vitest';
import { traefikAdapter } from '../../src/adapters/traefik.js';
import { findingsOf } from './gateway-findings.js';
import { at, detects, onlyPolicy, policiesOf } from './helpers.js';

describe('traefik adapter', () => {
  it('reads the Middleware CRD: literal *, compared entries, unanchored regexes, max-age 0 when unset', () => {
    const policy = onlyPolicy(
      traefikAdapter,
      'mw.yaml',
      `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: cors-headers
spec:
  headers:
    accessControlAllowMethods: [GET, OPTIONS, PUT]
    accessControlAllowHeaders: ["*"]
    accessControlAllowOriginList:
      - "*"
      - https://app.example.com
    accessControlAllowOriginListRegex:
      - "https://.*\\\\.example\\\\.com"
    accessControlAllowCredentials: true
`,
    );
    expect(policy.source).toBe('Traefik middleware cors-headers');
    expect(at(policy.loc)).toEqual([7, 5]);
    expect(policy.origins).toEqual([
      { kind: 'any', loc: expect.objectContaining({ line: 10, column: 9 }) },
      {
        kind: 'exact',
        value: 'https://app.example.com',
        compared: true,
        loc: expect.objectContaining({ line: 11, column: 9 }),
      },
      {
        kind: 'pattern',
        source: 'https://.*\\.example\\.com',
        flags: '',
        dialect: 're2-search',
        loc: expect.objectContaining({ line: 13, column: 9 }),
      },
    ]);
    expect(policy.credentials).toMatchObject({ value: true, loc: { line: 14, column: 36 } });
    expect(policy.maxAge).toEqual({ kind: 'value', seconds: 0, raw: '0', loc: policy.loc });
    // Without addVaryHeader the missing Vary is placed on the origin list, not on the mapping's first key.
    expect(policy.vary).toMatchObject({ value: false, loc: { line: 9, column: 5, endLine: 9, endColumn: 33 } });
    expect(policy.allowHeaders).toMatchObject({ kind: 'list', items: [{ value: '*' }] });
  });

  it('reads file-provider middlewares with any key case, and addVaryHeader', () => {
    const policies = policiesOf(
      traefikAdapter,
      'dynamic.yml',
      `http:
  routers:
    api:
      rule: Host(\`api.example.com\`)
      middlewares: [api-cors, secure]
      service: api
  middlewares:
    api-cors:
      headers:
        accesscontrolalloworiginlist: https://app.example.com
        accessControlMaxAge: 100
        addVaryHeader: true
    secure:
      headers:
        frameDeny: true
`,
    );
    expect(policies).toHaveLength(1);
    const [policy] = policies;
    expect(policy?.source).toBe('Traefik middleware api-cors');
    expect(policy?.origins).toMatchObject([
      { kind: 'exact', value: 'https://app.example.com', loc: { line: 10, column: 39 } },
    ]);
    expect(policy?.maxAge).toMatchObject({ seconds: 100, loc: { line: 11, column: 30 } });
    expect(policy?.vary).toMatchObject({ value: true, loc: { line: 12, column: 24 } });
  });

  it('splits a file-provider list written as one string at commas, as Traefik does, but not a CRD list item', () => {
    const file = `http:
  middlewares:
    cors:
      headers:
        accessControlAllowMethods: GET,OPTIONS,PUT
        accessControlAllowOriginList: "https://app.example.com,https://admin.example.com"
        accessControlAllowCredentials: true
        accessControlMaxAge: 600
        addVaryHeader: true
`;
    expect(findingsOf('dynamic.yml', file)).toEqual([]);
    expect(onlyPolicy(traefikAdapter, 'dynamic.yml', file).origins).toEqual([
      { kind: 'exact', value: 'https://app.example.com', compared: true, loc: expect.objectContaining({ line: 6, column: 40 }) },
      { kind: 'exact', value: 'https://admin.example.com', compared: true, loc: expect.objectContaining({ line: 6, column: 64 }) },
    ]);
    const crd = `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: cors
spec:
  headers:
    accessControlAllowOriginList:
      - "https://app.example.com,https://admin.example.com"
    addVaryHeader: true
`;
    expect(onlyPolicy(traefikAdapter, 'mw.yaml', crd).origins).toMatchObject([
      { kind: 'exact', value: 'https://app.example.com,https://admin.example.com' },
    ]);
  });


  it('reads nothing from a Middleware CRD that writes a list option as one string, which its schema refuses', () => {
    const crd = (origins: string): string => `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: cors
spec:
  headers:
    accessControlAllowOriginList: ${origins}
    accessControlAllowCredentials: true
    accessControlAllowMethods: "GET,POST"
    addVaryHeader: true
`;
    expect(policiesOf(traefikAdapter, 'mw.yaml', crd('"https://app.example.com,https://admin.example.com"'))).toEqual([]);
    expect(findingsOf('mw.yaml', crd('"*"'))).toEqual([]);
    // Written as arrays, the same settings are read.
    expect(findingsOf('mw.yaml', crd('["*"]').replace('"GET,POST"', '[GET, POST]'))).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 7, 36],
    ]);
  });
  it('takes a Vary: Origin set in customResponseHeaders', () => {
    const policy = onlyPolicy(
      traefikAdapter,
      'mw.yaml',
      'apiVersion: traefik.io/v1alpha1\nkind: Middleware\nmetadata: {name: m}\nspec:\n  headers:\n    accessControlAllowOriginList: [https://a.example.com]\n    customResponseHeaders:\n      Vary: Origin\n',
    );
    expect(policy.vary).toMatchObject({ value: true, loc: { line: 8, column: 13 } });
  });

  it('recognises Traefik middlewares only', () => {
    expect(
      detects(traefikAdapter, 'x.yaml', 'apiVersion: traefik.io/v1alpha1\nkind: IngressRoute\nmetadata: {name: x}\n'),
    ).toBe(false);
    expect(detects(traefikAdapter, 'x.yaml', 'http:\n  port: 80\n')).toBe(false);
    expect(
      detects(
        traefikAdapter,
        'x.yaml',
        'apiVersion: traefik.containo.us/v1alpha1\nkind: Middleware\nmetadata: {name: x}\nspec:\n  headers: {}\n',
      ),
    ).toBe(true);
  });
});

describe('traefik adapter on Docker Compose labels', () => {
  const COMPOSE = `services:
  traefik:
    image: traefik:v3.1
    command:
      - --providers.docker=true
    ports: ["80:80"]
  api:
    image: registry.example.com/api:1.8.0
    labels:
      - "traefik.enable=true"
      - "traefik.http.routers.api.rule=Host(\`api.example.com\`)"
      - "traefik.http.routers.api.middlewares=api-cors"
      - "traefik.http.middlewares.api-cors.headers.accesscontrolalloworiginlist=https://app.example.com,*"
      - "traefik.http.middlewares.api-cors.headers.accesscontrolallowmethods=GET,OPTIONS,PUT"
      - "traefik.http.middlewares.api-cors.headers.accessControlAllowCredentials=true"
      - traefik.http.middlewares.api-cors.headers.customresponseheaders.Vary=Origin
  web:
    image: nginx:1.27
    deploy:
      labels:
        traefik.http.middlewares.web-cors.headers.accesscontrolalloworiginlistregex: "^https://.*\\\\.example\\\\.com$"
        traefik.http.middlewares.web-cors.headers.accesscontrolmaxage: "600"
`;

  it('reads middlewares from label lists and maps, with columns inside the label string', () => {
    const [api, web] = policiesOf(traefikAdapter, 'docker-compose.yml', COMPOSE);
    expect(api?.source).toBe('Traefik middleware api-cors');
    expect(at(api!.loc)).toEqual([13, 10]);
    expect(api?.origins).toEqual([
      {
        kind: 'exact',
        value: 'https://app.example.com',
        compared: true,
        loc: expect.objectContaining({ line: 13, column: 81 }),
      },
      { kind: 'any', loc: expect.objectContaining({ line: 13, column: 105 }) },
    ]);
    expect(
      api?.allowMethods?.kind === 'list' && api.allowMethods.items.map((item) => [item.value, item.loc.column]),
    ).toEqual([
      ['GET', 78],
      ['OPTIONS', 82],
      ['PUT', 90],
    ]);
    expect(api?.credentials).toMatchObject({ value: true, loc: { line: 15, column: 82 } });
    expect(api?.vary).toMatchObject({ value: true, loc: { line: 16, column: 78 } });
    expect(web?.origins).toMatchObject([
      { kind: 'pattern', source: '^https://.*\\.example\\.com$', dialect: 're2-search' },
    ]);
    expect(web?.maxAge).toMatchObject({ seconds: 600, loc: { line: 22, column: 72 } });
  });

  it('reports a missing Vary on the origin-list label, not on the first label of the middleware', () => {
    const compose = (vary: string): string => `services:
  gonic:
    image: sentriz/gonic:v0.22.0
    labels:
      - traefik.http.routers.gonic-api.middlewares=gonic-cors
      - traefik.http.middlewares.gonic-cors.headers.accesscontrolallowmethods=GET,OPTIONS,POST
      - traefik.http.middlewares.gonic-cors.headers.accesscontrolalloworiginlist=https://music.example.fr,https://admin.example.fr
      - traefik.http.middlewares.gonic-cors.headers.accesscontrolallowheaders=Content-Type${vary}
`;
    expect(findingsOf('docker-compose.yml', compose(''))).toEqual([['require-vary-origin', 'missingVary', 7, 9]]);
    expect(
      findingsOf('docker-compose.yml', compose('\n      - traefik.http.middlewares.gonic-cors.headers.addvaryheader=true')),
    ).toEqual([]);
  });

  it('keeps the deprecated accessControlAllowOrigin label whole: a string option, one entry however many commas', () => {
    const compose = (origin: string): string => `services:
  api:
    image: ghcr.io/acme/api:1.0
    labels:
      - "traefik.http.routers.api.middlewares=api-cors"
      - "traefik.http.middlewares.api-cors.headers.accesscontrolallowmethods=GET,POST,OPTIONS"
      - "traefik.http.middlewares.api-cors.headers.${origin}=https://app.acme.io,https://admin.acme.io"
      - "traefik.http.middlewares.api-cors.headers.addvaryheader=true"
`;
    expect(findingsOf('docker-compose.yml', compose('accesscontrolalloworigin'))).toEqual([['valid-origin', 'severalOrigins', 7, 77]]);
    // The list option is split at commas, as Traefik's label parser fills a slice.
    expect(findingsOf('docker-compose.yml', compose('accesscontrolalloworiginlist'))).toEqual([]);
  });

  it('places a finding on a label regex written with YAML escapes at the regex, not at the label', () => {
    const compose = `services:
  api:
    image: registry.example.com/stoocker/api:1.4.2
    labels:
      - "traefik.http.middlewares.api-cors.headers.accesscontrolalloworiginlistregex=https://([a-z0-9-]+\\\\.)?stoocker\\\\.app"
      - "traefik.http.middlewares.api-cors.headers.accesscontrolallowcredentials=true"
      - "traefik.http.middlewares.api-cors.headers.addvaryheader=true"
`;
    expect(findingsOf('docker-compose.yml', compose)).toEqual([
      ['no-permissive-origin-pattern', 'missingEndAnchor', 5, 86],
    ]);
  });

  it('decodes label and file-provider booleans as Go strconv.ParseBool does (TRUE, 1), and leaves other text unknown', () => {
    const swarm = (credentials: string): string => `services:
  api:
    image: registry.example.com/api:2.3.1
    deploy:
      labels:
        - traefik.http.middlewares.api-cors.headers.accesscontrolalloworiginlist=*
        - traefik.http.middlewares.api-cors.headers.accesscontrolallowcredentials=${credentials}
        - traefik.http.middlewares.api-cors.headers.accesscontrolmaxage=100
`;
    expect(findingsOf('docker-compose.yml', swarm('TRUE'))).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 6, 82],
    ]);
    expect(findingsOf('docker-compose.yml', swarm('1'))).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 6, 82],
    ]);
    expect(findingsOf('docker-compose.yml', swarm('False'))).toEqual([]);
    // `yes` fails the decode, so Traefik skips the container: nothing is known.
    expect(findingsOf('docker-compose.yml', swarm('yes'))).toEqual([]);
    const file = `http:
  middlewares:
    api-cors:
      headers:
        accessControlAllowOriginList: ["https://app.example.com"]
        accessControlAllowCredentials: true
        addVaryHeader: "True"
`;
    expect(findingsOf('dynamic.yml', file)).toEqual([]);
    expect(findingsOf('dynamic.yml', file.replace('"True"', '"no"'))).toEqual([]);
    expect(findingsOf('dynamic.yml', file.replace('"True"', '"F"'))).toEqual([
      ['require-vary-origin', 'missingVary', 7, 24],
    ]);
  });

  it('ignores Compose files without Traefik middleware labels', () => {
    expect(
      detects(
        traefikAdapter,
        'docker-compose.yml',
        'services:\n  db:\n    image: postgres:16\n    labels: [com.example.tier=data]\n',
      ),
    ).toBe(false);
  });

  it('reads Access-Control-* set raw in customResponseHeaders when no accessControl option is set', () => {
    const [crd, stripped, labels] = [
      policiesOf(
        traefikAdapter,
        'mw.yaml',
        `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: cors-custom
spec:
  headers:
    customResponseHeaders:
      Access-Control-Allow-Origin: "*"
      Access-Control-Allow-Credentials: "true"
      Access-Control-Allow-Methods: "GET,POST,OPTIONS"
`,
      ),
      policiesOf(
        traefikAdapter,
        'dynamic.yaml',
        'http:\n  middlewares:\n    strip:\n      headers:\n        customResponseHeaders:\n          Access-Control-Allow-Origin: ""\n',
      ),
      policiesOf(
        traefikAdapter,
        'docker-compose.yml',
        `services:
  api:
    labels:
      - "traefik.http.middlewares.api.headers.customresponseheaders.Access-Control-Allow-Origin=https://app.example.com"
`,
      ),
    ];
    expect(crd).toHaveLength(1);
    expect(crd[0]?.source).toBe('Traefik middleware cors-custom customResponseHeaders');
    expect(crd[0]?.origins).toEqual([{ kind: 'any', loc: expect.objectContaining({ line: 8, column: 36 }) }]);
    expect(crd[0]?.credentials).toMatchObject({ value: true, loc: { line: 9, column: 41 } });
    expect(crd[0]?.preflight.handling).toBe('unknown');
    // An empty value removes the header.
    expect(stripped).toEqual([]);
    expect(labels[0]?.origins).toEqual([
      {
        kind: 'exact',
        value: 'https://app.example.com',
        compared: false,
        loc: expect.objectContaining({ line: 4, column: 97 }),
      },
    ]);
  });

  it('reads the headers middlewares TrueCharts chart values declare (ingressMiddlewares.traefik), when enabled', () => {
    const values = `ingressMiddlewares:
  traefik:
    cors:
      enabled: true
      type: headers
      data:
        accessControlAllowCredentials: true
        accessControlAllowOriginList:
          - "*"
        accessControlAllowMethods: [GET, POST]
    cors-staging:
      enabled: false
      type: headers
      data:
        accessControlAllowOriginList: ["*"]
        accessControlAllowCredentials: true
    compress:
      enabled: true
      type: compress
`;
    const policy = onlyPolicy(traefikAdapter, 'values.yaml', values);
    expect(policy.source).toBe('Traefik middleware cors');
    expect(findingsOf('values.yaml', values)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 9, 13],
    ]);
    expect(detects(traefikAdapter, 'values.yaml', values.replace('enabled: true\n      type: headers', 'type: headers'))).toBe(false);
  });
});

describe('traefik file provider in TOML', () => {
  const DYNAMIC = `# dynamic configuration, file provider
[http.routers.api]
  rule = "Host(\`api.example.com\`)"
  service = "api"
  middlewares = ["cors"]

[http.middlewares.cors.headers]
  accessControlAllowMethods = ["GET", "OPTIONS", "PUT"]
  accessControlAllowOriginList = ["https://app.example.com", "http://partner.example.net"]
  accessControlAllowCredentials = true
  accessControlMaxAge = 100
  addVaryHeader = true

[http.middlewares.partners.headers]
  accessControlAllowOriginListRegex = ["https://.*\\\\.partner\\\\.example\\\\.com"]
  accessControlAllowCredentials = true

[[http.services.api.loadBalancer.servers]]
  url = "http://127.0.0.1:8080"
`;

  it('reads middlewares from TOML tables as from YAML, each finding at its TOML line and column', () => {
    expect(findingsOf('dynamic.toml', DYNAMIC)).toEqual([
      ['no-insecure-origin', 'insecureOriginWithCredentials', 9, 62],
      ['require-vary-origin', 'missingVary', 15, 3],
      ['no-permissive-origin-pattern', 'missingEndAnchor', 15, 40],
    ]);
  });

  it('reads a custom response header written twice in different case as one header: its value when both agree, unknown otherwise', () => {
    const middleware = (first: string, second: string): string => `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: api-cors
  namespace: shop
spec:
  headers:
    customResponseHeaders:
      Access-Control-Allow-Origin: "${first}"
      access-control-allow-origin: "${second}"
`;
    expect(findingsOf('middleware.yaml', middleware('https://shop.example.com/', 'https://shop.example.com/'))).toEqual([
      ['valid-origin', 'trailingSlash', 9, 36],
    ]);
    // Traefik sets them walking a Go map, so which one is written last is not fixed.
    const differ = middleware('https://shop.example.com/', '*');
    expect(policiesOf(traefikAdapter, 'middleware.yaml', differ)[0]?.origins).toMatchObject([{ kind: 'unknown' }]);
    expect(findingsOf('middleware.yaml', differ)).toEqual([]);
    // An empty value deletes the header, unless the other entry is the one written last.
    expect(findingsOf('middleware.yaml', middleware('', 'https://shop.example.com/'))).toEqual([]);
  });

  it('reads an Access-Control-Allow-Origin in customResponseHeaders next to the CORS options as what the origins outside the list get', () => {
    const middleware = (origins: string): string => `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: api-cors
spec:
  headers:
    accessControlAllowOriginList: [${origins}]
    accessControlAllowCredentials: true
    accessControlAllowMethods: [GET, POST]
    addVaryHeader: true
    customResponseHeaders:
      Access-Control-Allow-Origin: "*"
`;
    // Traefik writes the listed origin over the custom `*` only for that origin; the others get `*`
    // together with the Access-Control-Allow-Credentials the options always write.
    expect(policiesOf(traefikAdapter, 'middleware.yaml', middleware('https://app.example.com')).map((policy) => policy.source)).toEqual([
      'Traefik middleware api-cors',
      'Traefik middleware api-cors customResponseHeaders (origins its CORS options do not allow)',
    ]);
    expect(findingsOf('middleware.yaml', middleware('https://app.example.com'))).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 12, 36],
    ]);
    // A list holding `*` writes Access-Control-Allow-Origin for every origin.
    expect(policiesOf(traefikAdapter, 'middleware.yaml', middleware('"*"')).map((policy) => policy.source)).toEqual([
      'Traefik middleware api-cors',
    ]);
  });

  it('leaves out custom preflight-only headers next to the CORS options, which answer every preflight themselves', () => {
    // Shaped like an AzuraCast Compose file whose CORS labels mix custom headers and options.
    const compose = `services:
  azuracast:
    image: ghcr.io/azuracast/azuracast:latest
    labels:
      - traefik.enable=true
      - traefik.http.routers.azuracast.middlewares=azuracast-cors
      - traefik.http.middlewares.azuracast-cors.headers.customresponseheaders.Access-Control-Allow-Origin=*
      - traefik.http.middlewares.azuracast-cors.headers.customresponseheaders.Access-Control-Allow-Methods=GET,HEAD,OPTIONS
      - traefik.http.middlewares.azuracast-cors.headers.customresponseheaders.Access-Control-Allow-Headers=*
      - traefik.http.middlewares.azuracast-cors.headers.customresponseheaders.Access-Control-Max-Age=86400
      - traefik.http.middlewares.azuracast-cors.headers.accesscontrolallowheaders=*
      - traefik.http.middlewares.azuracast-cors.headers.accesscontrolallowmethods=GET,HEAD,OPTIONS
      - traefik.http.middlewares.azuracast-cors.headers.accesscontrolmaxage=100
      - traefik.http.middlewares.azuracast-cors.headers.addvaryheader=true
`;
    const [, custom] = policiesOf(traefikAdapter, 'docker-compose.yml', compose);
    expect(custom?.source).toBe('Traefik middleware azuracast-cors customResponseHeaders (origins its CORS options do not allow)');
    expect(custom?.origins).toMatchObject([{ kind: 'any' }]);
    expect([custom?.allowHeaders, custom?.methods, custom?.maxAge]).toEqual([undefined, undefined, undefined]);
    // Only the options' '*' reaches a preflight: the custom '*' and 86400 are never sent on one.
    expect(findingsOf('docker-compose.yml', compose)).toEqual([['explicit-authorization-header', 'authorizationNotCovered', 11, 83]]);
  });

  it('reads a max-age Traefik cannot decode (a duration, a fraction) or the CRD schema refuses (a string) as unknown', () => {
    const file = (maxAge: string): string => `http:
  middlewares:
    cors:
      headers:
        accessControlAllowOriginList:
          - https://app.example.com
        accessControlAllowMethods: [GET, POST]
        accessControlMaxAge: ${maxAge}
        addVaryHeader: true
`;
    const crd = (maxAge: string): string => `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: cors
spec:
  headers:
    accessControlAllowOriginList: [https://app.example.com]
    accessControlMaxAge: ${maxAge}
    addVaryHeader: true
`;
    // The file provider and labels decode text into the int64, so a quoted number is that number.
    expect(findingsOf('dynamic.yml', file('"86400"'))).toEqual([['max-age-within-browser-cap', 'aboveBrowserCap', 8, 30]]);
    expect(findingsOf('middleware.yaml', crd('86400'))).toEqual([['max-age-within-browser-cap', 'aboveBrowserCap', 8, 26]]);
    for (const [name, text] of [['dynamic.yml', file('24h')], ['dynamic.yml', file('2.5')], ['middleware.yaml', crd('"86400"')]] as const) {
      expect(onlyPolicy(traefikAdapter, name, text).maxAge).toEqual({ kind: 'unknown', loc: expect.objectContaining({ line: 8 }) });
      expect(findingsOf(name, text)).toEqual([]);
    }
  });

  it('reads quoted keys as Traefik does: a CRD as `kubectl get -o json` prints it, quoted Compose label keys', () => {
    const crd = `{
  "apiVersion": "traefik.io/v1alpha1",
  "kind": "Middleware",
  "metadata": { "name": "cors", "namespace": "apps" },
  "spec": {
    "headers": {
      "accessControlAllowCredentials": true,
      "accessControlAllowOriginList": ["*"],
      "customResponseHeaders": { "Vary": "Origin" }
    }
  }
}
`;
    expect(findingsOf('middleware.json', crd)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 8, 40]]);
    const compose = `services:
  api:
    image: example/api
    labels:
      "traefik.http.routers.api.middlewares": "api-cors"
      "traefik.http.middlewares.api-cors.headers.accesscontrolalloworiginlist": "https://app.example.com"
      "traefik.http.middlewares.api-cors.headers.accesscontrolallowcredentials": "true"
`;
    expect(onlyPolicy(traefikAdapter, 'docker-compose.yml', compose).source).toBe('Traefik middleware api-cors');
    expect(findingsOf('docker-compose.yml', compose)).toEqual([['require-vary-origin', 'missingVary', 6, 7]]);
  });

  it('reads a custom Access-Control-Allow-Credentials as sent to the allowed origins when the options write none', () => {
    const middleware = (options: string): string => `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: api-cors
spec:
  headers:
    accessControlAllowOriginList: ["*"]
    accessControlAllowMethods: [GET, POST]${options}
    customResponseHeaders:
      Access-Control-Allow-Credentials: "true"
`;
    expect(policiesOf(traefikAdapter, 'middleware.yaml', middleware(''))[0]?.credentials).toMatchObject({ value: true, loc: { line: 10, column: 41 } });
    expect(findingsOf('middleware.yaml', middleware(''))).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 7, 36]]);
    // Written by the options, it is the options' value that is sent.
    expect(policiesOf(traefikAdapter, 'middleware.yaml', middleware('\n    accessControlAllowCredentials: true'))[0]?.credentials).toMatchObject({
      value: true,
      loc: { line: 9, column: 36 },
    });
  });
});

describe('traefik origin regexes that find every origin', () => {
  // Shaped like a home-lab Compose file: one middleware whose regex is `.*`, with credentials.
  const compose = (regex: string, extra: string): string => `services:
  traefik:
    image: traefik:v3.1
    labels:
      - traefik.http.routers.api.rule=PathPrefix(\`/api\`)
      - traefik.http.routers.api.middlewares=cors
      - traefik.http.middlewares.cors.headers.accessControlAllowOriginListRegex=${regex}
      - traefik.http.middlewares.cors.headers.accessControlAllowMethods=GET,POST,OPTIONS${extra}
`;

  it('reads `.*` as echoing every origin, with credentials the reflect-any finding', () => {
    expect(findingsOf('docker-compose.yml', compose('.*', '\n      - traefik.http.middlewares.cors.headers.accessControlAllowCredentials=true'))).toEqual([
      ['require-vary-origin', 'missingVary', 7, 9],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 7, 81],
    ]);
    expect(onlyPolicy(traefikAdapter, 'docker-compose.yml', compose('(.*?)', '')).origins).toEqual([
      { kind: 'reflect-any', loc: expect.objectContaining({ line: 7, column: 81 }) },
    ]);
    // Anchored at both ends, `.+` still spans any origin.
    expect(onlyPolicy(traefikAdapter, 'docker-compose.yml', compose('^(.+)$', '')).origins[0]?.kind).toBe('reflect-any');
  });

  it('keeps a regex that needs some text as a pattern', () => {
    for (const regex of ['^https://.*$', '^https://([a-z0-9-]+\\.)?example\\.com$', '^$', '\\bfoo.*']) {
      expect(onlyPolicy(traefikAdapter, 'docker-compose.yml', compose(regex, '')).origins[0]).toMatchObject({
        kind: 'pattern',
        source: regex,
        dialect: 're2-search',
      });
    }
    expect(
      findingsOf('docker-compose.yml', compose('^https://.*$', '\n      - traefik.http.middlewares.cors.headers.addVaryHeader=true')),
    ).toEqual([['no-permissive-origin-pattern', 'wildcardSpansDomain', 7, 81]]);
  });

  it('reads nothing from a middleware whose origin regex Go cannot compile, as Traefik then refuses to build it', () => {
    const text = `http:
  middlewares:
    cors:
      headers:
        accessControlAllowOriginList:
          - "https://*.example.com"
        accessControlAllowOriginListRegex:
          - "*.example.com"
          - 'https://.*\\.example\\.org'
        accessControlAllowCredentials: true
        customResponseHeaders:
          Access-Control-Allow-Origin: "*"
`;
    expect(policiesOf(traefikAdapter, 'dynamic.yml', text)).toEqual([]);
    // Without the glob the middleware is built, and its entries are checked.
    expect(findingsOf('dynamic.yml', text.replace('          - "*.example.com"\n', ''))).toEqual([
      ['require-vary-origin', 'missingVary', 5, 9],
      ['valid-origin', 'literalWildcard', 6, 13],
      ['no-permissive-origin-pattern', 'missingEndAnchor', 8, 13],
      // The origins the options do not allow get the custom '*', with the options' credentials.
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 11, 40],
    ]);
    // A label value is split at commas: each piece is compiled on its own.
    expect(policiesOf(traefikAdapter, 'docker-compose.yml', compose('^https://a\\.example\\.com$,*.example.com', ''))).toEqual([]);
  });

  it('reads a Middleware CRD boolean written as YAML 1.1 (Yes) as kubectl does', () => {
    const middleware = `apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: cors
spec:
  headers:
    accessControlAllowOriginList: ["*"]
    accessControlAllowCredentials: Yes
`;
    expect(findingsOf('mw.yaml', middleware)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 7, 36]]);
  });
});
