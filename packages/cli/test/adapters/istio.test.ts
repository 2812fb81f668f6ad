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
    expect(api?.vary).toEqual({ value: false, loc: api?.loc });
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
`,
    );
    expect(policy?.vary).toMatchObject({ value: true, loc: { line: 8, column: 24 } });
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
});
