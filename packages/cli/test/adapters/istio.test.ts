import { describe, expect, it } from 'vitest';
import { istioAdapter } from '../../src/adapters/istio.js';
import { findingsOf } from './gateway-findings.js';
import { at, detects, policiesOf } from './helpers.js';

const VIRTUAL_SERVICE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: web
spec:
  hosts: [web.example.com]
  http:
    - name: api
      match:
        - uri: { prefix: /api }
      corsPolicy:
        allowOrigins:
          - exact: https://app.example.com
          - prefix: https://preview-
          - regex: "https://[a-z]+\\\\.example\\\\.org"
        allowMethods: [GET, POST, PUT]
        allowHeaders: ["*"]
        maxAge: "24h"
        allowCredentials: true
      route:
        - destination: { host: api }
    - corsPolicy:
        allowOrigin: ["*"]
        allowCredentials: true
      route:
        - destination: { host: web }
    - route:
        - destination: { host: static }
`;

describe('istio adapter', () => {
  const [api, web] = policiesOf(istioAdapter, 'vs.yaml', VIRTUAL_SERVICE);

  it('reads one policy per http route with a corsPolicy', () => {
    expect(policiesOf(istioAdapter, 'vs.yaml', VIRTUAL_SERVICE)).toHaveLength(2);
    expect(api?.source).toBe('Istio VirtualService web http[api]');
    expect(web?.source).toBe('Istio VirtualService web http[1]');
    expect(at(api?.loc ?? web!.loc)).toEqual([12, 9]);
  });

  it('maps StringMatch entries to compared, prefix and RE2 full-match origins', () => {
    expect(api?.origins).toEqual([
      {
        kind: 'exact',
        value: 'https://app.example.com',
        compared: true,
        loc: expect.objectContaining({ line: 13, column: 20 }),
      },
      { kind: 'prefix', value: 'https://preview-', loc: expect.objectContaining({ line: 14, column: 21 }) },
      {
        kind: 'pattern',
        source: 'https://[a-z]+\\.example\\.org',
        flags: '',
        dialect: 're2-full',
        loc: expect.objectContaining({ line: 15, column: 20 }),
      },
    ]);
  });

  it('applies Envoy semantics: * headers are echoed, no Vary, duration max-age, preflight answered', () => {
    expect(api?.allowHeaders).toEqual({ kind: 'reflect', loc: expect.objectContaining({ line: 17, column: 25 }) });
    expect(
      api?.allowMethods?.kind === 'list' && api.allowMethods.items.map((item) => [item.value, ...at(item.loc)]),
    ).toEqual([
      ['GET', 16, 24],
      ['POST', 16, 29],
      ['PUT', 16, 35],
    ]);
    expect(api?.maxAge).toMatchObject({ kind: 'value', seconds: 86400, raw: '24h', loc: { line: 18, column: 17 } });
    expect(api?.credentials).toMatchObject({ value: true, loc: { line: 19, column: 27 } });
    expect(api?.vary).toEqual({ value: false, loc: { file: 'vs.yaml', line: 12, column: 9, endLine: 12, endColumn: 21 } });
    expect(api?.preflight.handling).toBe('answered');
  });

  it('echoes every origin for the deprecated allowOrigin * (Envoy never sends *)', () => {
    expect(web?.origins).toEqual([{ kind: 'reflect-any', loc: expect.objectContaining({ line: 23, column: 23 }) }]);
    expect(web?.credentials.value).toBe(true);
  });

  it('ignores the deprecated allowOrigin next to allowOrigins, as Istio does', () => {
    const migrating = `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: web
spec:
  hosts: [web.example.com]
  http:
    - corsPolicy:
        allowOrigin:
          - "*"
        allowOrigins:
          - exact: https://app.example.com
        allowMethods: [GET, POST]
        allowCredentials: true
        maxAge: 10m
      headers:
        response:
          set:
            Vary: Origin
      route:
        - destination: { host: web }
`;
    expect(findingsOf('vs.yaml', migrating)).toEqual([]);
    // Without allowOrigins the deprecated list is what Istio compiles.
    expect(findingsOf('vs.yaml', migrating.replace(/ {8}allowOrigins:\n.*\n/, ''))).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 10, 13],
    ]);
  });

  it('takes a Vary: Origin the route adds to responses', () => {
    const [policy] = policiesOf(
      istioAdapter,
      'vs.yaml',
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web }
spec:
  http:
    - headers:
        response:
          set: { Vary: "Accept-Encoding, Origin" }
      corsPolicy:
        allowOrigins: [{ exact: https://app.example.com }]
      route:
        - destination: { host: web }
`,
    );
    expect(policy?.vary).toMatchObject({ value: true, loc: { line: 8, column: 24 } });
  });

  it('skips an http route with no route, redirect, directResponse or delegate, which Istio refuses, and the corsPolicy of one Envoy answers itself', () => {
    const text = (action: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: loans }
spec:
  hosts: ["*"]
  gateways: [loans-gateway]
  http:
    - corsPolicy:
        allowOrigins:
          - exact: https://loans.example.com
          - exact: https://loans.example.in
${action}    - match: [{ uri: { prefix: /lls } }]
      headers:
        response:
          set:
            Access-Control-Allow-Origin: https://loans.example.com, https://loans.example.in
      route:
        - destination: { host: loans, port: { number: 8080 } }
`;
    // The raw header of the routed rule is still read: it is what that route sends.
    expect(findingsOf('vs.yaml', text(''))).toEqual([['valid-origin', 'severalOrigins', 16, 42]]);
    for (const action of ['route: [{ destination: { host: loans } }]', 'delegate: { name: loans-routes }']) {
      expect(findingsOf('vs.yaml', text(`      ${action}\n`))).toEqual([
        ['require-vary-origin', 'missingVary', 9, 9],
        ['valid-origin', 'severalOrigins', 17, 42],
      ]);
    }
    // Envoy answers a redirect or a direct response itself, without running the CORS filter.
    for (const action of ['redirect: { uri: /v2 }', 'directResponse: { status: 204 }']) {
      expect(findingsOf('vs.yaml', text(`      ${action}\n`))).toEqual([['valid-origin', 'severalOrigins', 17, 42]]);
    }
  });

  it('takes a Vary: Origin set on every destination of the route', () => {
    const route = (second: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web }
spec:
  http:
    - corsPolicy:
        allowOrigins: [{ exact: https://app.example.com }]
      route:
        - destination: { host: web-v1 }
          weight: 90
          headers: { response: { add: { Vary: Origin } } }
        - destination: { host: web-v2 }
          weight: 10
${second}`;
    const [everyDestination] = policiesOf(
      istioAdapter,
      'vs.yaml',
      route('          headers: { response: { set: { vary: origin } } }\n'),
    );
    expect(everyDestination?.vary).toMatchObject({ value: true, loc: { line: 11, column: 47 } });
    const [oneDestination] = policiesOf(istioAdapter, 'vs.yaml', route(''));
    expect(oneDestination?.vary.value).toBe(false);
  });

  it("reads nothing from a VirtualService whose CORS origins Istio's validation refuses: a regex Go cannot compile, an empty match", () => {
    const text = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: glob
spec:
  hosts: [api.example.com]
  http:
    - name: public
      corsPolicy:
        allowOrigins:
          - exact: "*"
        allowCredentials: true
      route: [{ destination: { host: public } }]
    - name: api
      corsPolicy:
        allowOrigins:
          - regex: "*.example.com"
      route: [{ destination: { host: api } }]
`;
    // The whole resource is refused, so the other route's policy is never served either.
    expect(policiesOf(istioAdapter, 'vs.yaml', text)).toEqual([]);
    expect(policiesOf(istioAdapter, 'vs.yaml', text.replace('regex: "*.example.com"', 'prefix: ""'))).toEqual([]);
    const valid = text.replace('regex: "*.example.com"', 'regex: "https://.*\\\\.example\\\\.com"');
    expect(findingsOf('vs.yaml', valid)).toEqual([
      ['require-vary-origin', 'missingVary', 10, 9],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 11, 20],
      ['require-vary-origin', 'missingVary', 16, 9],
    ]);
  });

  it('recognises VirtualService only', () => {
    expect(
      detects(
        istioAdapter,
        'dr.yaml',
        'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: x}\n',
      ),
    ).toBe(false);
    expect(
      detects(istioAdapter, 'vs.yaml', 'apiVersion: example.com/v1\nkind: VirtualService\nmetadata: {name: x}\n'),
    ).toBe(false);
    expect(
      detects(
        istioAdapter,
        'vs.yaml',
        'apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata: {name: x}\n',
      ),
    ).toBe(true);
  });

  it('reads Access-Control-* set raw in a route without corsPolicy through headers.response', () => {
    const policies = policiesOf(
      istioAdapter,
      'vs.yaml',
      `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: frontend
spec:
  hosts: ["app.example.com"]
  http:
  - name: api
    headers:
      response:
        set:
          Access-Control-Allow-Origin: "*"
        add:
          Access-Control-Allow-Credentials: "true"
    route:
    - destination: {host: api}
  - name: web
    headers:
      response:
        add:
          Strict-Transport-Security: max-age=31536000
    route:
    - destination: {host: web}
`,
    );
    expect(policies).toHaveLength(1);
    expect(policies[0]?.source).toBe('Istio VirtualService frontend http[api] headers.response');
    expect(policies[0]?.origins).toEqual([{ kind: 'any', loc: expect.objectContaining({ line: 12, column: 40 }) }]);
    expect(policies[0]?.credentials).toMatchObject({ value: true, loc: { line: 14, column: 45 } });
  });

  it('reads maxAge as the whole seconds Istio sends, and a fraction of a second or a number without a unit, which Istio refuses, as unknown', () => {
    const service = (maxAge: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: api
  namespace: prod
spec:
  hosts: [api.example.com]
  gateways: [istio-system/public]
  http:
  - name: api
    corsPolicy:
      allowOrigins:
      - exact: https://app.example.com
      allowMethods: [GET, POST]
      maxAge: "${maxAge}"
    headers:
      response:
        set:
          Vary: Origin
    route:
    - destination: { host: api.prod.svc.cluster.local, port: { number: 8080 } }
`;
    expect(policiesOf(istioAdapter, 'vs.yaml', service('90m'))[0]?.maxAge).toMatchObject({ kind: 'value', seconds: 5400 });
    expect(policiesOf(istioAdapter, 'vs.yaml', service('1h30m'))[0]?.maxAge).toMatchObject({ kind: 'value', seconds: 5400 });
    expect(findingsOf('vs.yaml', service('1h30m'))).toEqual([]);
    expect(findingsOf('vs.yaml', service('3h'))).toEqual([['max-age-within-browser-cap', 'aboveBrowserCap', 15, 15]]);
    expect(policiesOf(istioAdapter, 'vs.yaml', service('0'))[0]?.maxAge).toMatchObject({ kind: 'value', seconds: 0 });
    for (const fraction of ['1.5s', '500ms', '7200.5s', '86400', '7200.0']) {
      expect(policiesOf(istioAdapter, 'vs.yaml', service(fraction))[0]?.maxAge).toEqual({ kind: 'unknown', loc: expect.objectContaining({ line: 15, column: 15 }) });
      expect(findingsOf('vs.yaml', service(fraction))).toEqual([]);
    }
  });

  it('reads response headers as Envoy applies them: set before add, a single destination in the route, several on their own', () => {
    const service = (routeHeaders: string, destinations: string): string => `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: storefront
spec:
  hosts: [shop.example.com]
  http:
  - name: api
    headers:
      response:
${routeHeaders}
    route:
${destinations}
`;
    const setAndAdd = `        set:\n          Access-Control-Allow-Origin: https://shop.example.com\n        add:\n          access-control-allow-origin: https://admin.example.com`;
    const one = `    - destination: { host: api }`;
    // `set` overwrites, then `add` appends: two origins in one header.
    expect(findingsOf('vs.yaml', service(setAndAdd, one))).toEqual([['valid-origin', 'severalOrigins', 12, 40]]);
    // A single destination's headers join the route's list, after it.
    const setOnly = `        set:\n          Access-Control-Allow-Origin: https://shop.example.com`;
    const destinationAdds = `    - destination: { host: api }\n      headers:\n        response:\n          add:\n            Access-Control-Allow-Origin: https://admin.example.com`;
    expect(findingsOf('vs.yaml', service(setOnly, destinationAdds))).toEqual([['valid-origin', 'severalOrigins', 12, 40]]);
    // With several destinations, each one's `set` runs first and the route's `set` then replaces it.
    const weighted = `    - destination: { host: api, subset: v1 }\n      weight: 90\n    - destination: { host: api, subset: v2 }\n      weight: 10\n      headers:\n        response:\n          set:\n            Access-Control-Allow-Origin: "*"`;
    const policies = policiesOf(istioAdapter, 'vs.yaml', service(setOnly, weighted));
    expect(policies.map((policy) => policy.origins)).toMatchObject([
      [{ kind: 'exact', value: 'https://shop.example.com' }],
      [{ kind: 'exact', value: 'https://shop.example.com' }],
    ]);
    expect(findingsOf('vs.yaml', service(setOnly, weighted))).toEqual([]);
    // An Envoy formatter command is filled in per request: %REQ(origin)% echoes every origin.
    const echo = `        set:\n          Access-Control-Allow-Origin: "%REQ(origin)%"\n          Access-Control-Allow-Credentials: "true"`;
    expect(findingsOf('vs.yaml', service(echo, one))).toEqual([
      ['require-vary-origin', 'missingVary', 11, 9],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 12, 40],
    ]);
  });

  it('reads response headers beside a corsPolicy allowlist as what the origins outside it get', () => {
    const service = (allowOrigins: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: api
spec:
  hosts: [api.example.com]
  http:
  - name: api
    corsPolicy:
      allowOrigins:
${allowOrigins}
      allowCredentials: true
    headers:
      response:
        set:
          Vary: Origin
          Access-Control-Allow-Origin: "*"
    route:
    - destination: { host: api }
`;
    // https://app.example.com gets its origin echoed by the filter; every other origin gets the raw `*`.
    expect(policiesOf(istioAdapter, 'vs.yaml', service('      - exact: https://app.example.com')).map((policy) => policy.source)).toEqual([
      'Istio VirtualService api http[api]',
      'Istio VirtualService api http[api] headers.response (origins its CORS policy does not allow)',
    ]);
    expect(findingsOf('vs.yaml', service('      - exact: https://app.example.com'))).toEqual([]);
    // A policy matching every origin writes Access-Control-Allow-Origin on all responses itself.
    expect(policiesOf(istioAdapter, 'vs.yaml', service('      - regex: ".*"')).map((policy) => policy.source)).toEqual([
      'Istio VirtualService api http[api]',
    ]);
  });

  it('reads an Access-Control-Allow-Credentials the route sets beside a corsPolicy without allowCredentials as sent to the origins it echoes', () => {
    const service = (allowCredentials: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: api
spec:
  hosts: [api.example.com]
  http:
  - name: api
    corsPolicy:
      allowOrigins:
      - regex: ".*"
      allowMethods: [GET, POST]${allowCredentials}
    headers:
      response:
        set:
          Access-Control-Allow-Credentials: "true"
          Vary: Origin
    route:
    - destination: { host: api }
`;
    // The filter writes no Access-Control-Allow-Credentials of its own, so the route's reaches every echoed origin.
    expect(policiesOf(istioAdapter, 'vs.yaml', service(''))[0]?.credentials).toMatchObject({ value: true, loc: { line: 16, column: 45 } });
    expect(findingsOf('vs.yaml', service(''))).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 11, 16]]);
    // allowCredentials: false leaves the header alone too; the policy's own true is read as before.
    expect(findingsOf('vs.yaml', service('\n      allowCredentials: false'))).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 11, 16],
    ]);
    expect(policiesOf(istioAdapter, 'vs.yaml', service('\n      allowCredentials: true'))[0]?.credentials).toMatchObject({ value: true, loc: { line: 13, column: 25 } });
  });

  it('reads a Vary: Origin response header under a quoted key, as `kubectl get -o json` prints it', () => {
    const service = (vary: string): string => `{
  "apiVersion": "networking.istio.io/v1",
  "kind": "VirtualService",
  "metadata": { "name": "api", "namespace": "prod" },
  "spec": {
    "hosts": ["api.example.com"],
    "http": [
      {
        "corsPolicy": {
          "allowOrigins": [{ "exact": "https://app.example.com" }, { "exact": "https://admin.example.com" }],
          "allowMethods": ["GET", "POST"]
        },
        "headers": { "response": { "set": { ${vary} } } },
        "route": [{ "destination": { "host": "api.prod.svc.cluster.local" } }]
      }
    ]
  }
}
`;
    expect(findingsOf('vs.json', service('"Vary": "Origin"'))).toEqual([]);
    expect(findingsOf('vs.json', service('"X-Served-By": "mesh"'))).toEqual([['require-vary-origin', 'missingVary', 10, 11]]);
  });

  it('reads a corsPolicy chart values hand to a VirtualService template, when its origins are StringMatch objects', () => {
    const values = `replicaCount: 1
virtualService:
  enabled: true
  hosts: [app.acme.io]
  corsPolicy:
    allowOrigins:
      - exact: https://app.acme.io
      - regex: ".*"
    allowCredentials: true
    maxAge: "24h"
canary:
  virtualService:
    enabled: false
    corsPolicy:
      allowOrigins:
        - exact: "*"
      allowCredentials: true
contour:
  corsPolicy:
    allowOrigin: ["*"]
    allowCredentials: true
`;
    expect(policiesOf(istioAdapter, 'values.yaml', values).map((policy) => policy.source)).toEqual(['Helm values virtualService.corsPolicy']);
    // Vary is left to the template, which the values do not show: no require-vary-origin.
    expect(findingsOf('values.yaml', values)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 8, 16],
      ['max-age-within-browser-cap', 'aboveBrowserCap', 10, 13],
    ]);
    // Another gateway's corsPolicy (Contour's origin strings) is not Istio's.
    expect(detects(istioAdapter, 'values.yaml', 'corsPolicy:\n  allowOrigin: ["*"]\n  allowCredentials: true\n')).toBe(false);
  });

  it("reads a Flagger Canary's service.corsPolicy, which Flagger copies into the VirtualService it generates", () => {
    const canary = (provider: string): string => `apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: podinfo
spec:${provider}
  targetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: podinfo
  service:
    port: 9898
    corsPolicy:
      allowOrigins:
        - regex: "https://.*example.com"
      allowMethods: [GET, POST]
      allowCredentials: true
      maxAge: 10m
`;
    expect(findingsOf('canary.yaml', canary(''))).toEqual([['no-permissive-origin-pattern', 'noDotBeforeDomain', 14, 18]]);
    expect(detects(istioAdapter, 'canary.yaml', canary('\n  provider: nginx'))).toBe(false);
  });

  it('reads a plain yes/on as kubectl does (YAML 1.1), and a quoted one as text', () => {
    const service = (credentials: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: api
spec:
  hosts: [api.acme.io]
  http:
    - route: [{destination: {host: api}}]
      corsPolicy:
        allowOrigins:
          - regex: ".*"
        allowCredentials: ${credentials}
`;
    expect(findingsOf('vs.yaml', service('yes'))).toEqual([
      ['require-vary-origin', 'missingVary', 10, 9],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 11, 20],
    ]);
    expect(findingsOf('vs.yaml', service('"yes"'))).toEqual([['require-vary-origin', 'missingVary', 10, 9]]);
    expect(findingsOf('vs.yaml', service('off'))).toEqual([['require-vary-origin', 'missingVary', 10, 9]]);
  });
});
