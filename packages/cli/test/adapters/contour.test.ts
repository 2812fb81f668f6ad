import { describe, expect, it } from 'vitest';
import { contourAdapter } from '../../src/adapters/contour.js';
import { findingsOf } from './gateway-findings.js';
import { at, detects, onlyPolicy, policiesOf } from './helpers.js';

const proxy = (cors: string): string => `apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata:
  name: storefront
spec:
  virtualhost:
    fqdn: shop.example.com
    corsPolicy:
${cors}
  routes:
    - services: [{ name: storefront, port: 80 }]
`;

describe('contour adapter', () => {
  it('reads scheme://host strings as case-insensitive exact matches and anything else as RE2 full matches', () => {
    const policy = onlyPolicy(
      contourAdapter,
      'proxy.yaml',
      proxy(`      allowCredentials: true
      allowOrigin:
        - https://shop.example.com
        - "https://.*\\\\.example\\\\.com"
        - "(?i)https://[a-z]+\\\\.example\\\\.com"
      allowMethods: [GET, POST, OPTIONS]
      maxAge: "0"
      allowPrivateNetwork: true`),
    );
    expect(policy.source).toBe('HTTPProxy storefront');
    expect(at(policy.loc)).toEqual([9, 7]);
    expect(policy.origins).toEqual([
      {
        kind: 'exact',
        value: 'https://shop.example.com',
        compared: true,
        caseInsensitive: true,
        loc: expect.objectContaining({ line: 11, column: 11 }),
      },
      {
        kind: 'pattern',
        source: 'https://.*\\.example\\.com',
        flags: '',
        dialect: 're2-full',
        loc: expect.objectContaining({ line: 12 }),
      },
      {
        kind: 'pattern',
        source: '(?i)https://[a-z]+\\.example\\.com',
        flags: '',
        dialect: 're2-full',
        loc: expect.objectContaining({ line: 13 }),
      },
    ]);
    expect(policy.maxAge).toMatchObject({ seconds: 0, raw: '0' });
    expect(policy.allowPrivateNetwork).toMatchObject({ value: true, loc: { line: 16, column: 28 } });
    expect(policy.vary.value).toBe(false);
  });

  it('sends nothing for a proxy whose allowOrigin holds a regex Go refuses, as Contour rejects the proxy', () => {
    const corsPolicy = (origin: string): string => proxy(`      allowCredentials: true
      allowOrigin:
        - https://shop.example.com
        - "${origin}"
      allowMethods: [GET]`);
    for (const glob of ['*.example.com', 'https://shop.example.com|*.example.com', '(*.example.com)']) {
      expect(policiesOf(contourAdapter, 'proxy.yaml', corsPolicy(glob))).toEqual([]);
      expect(findingsOf('proxy.yaml', corsPolicy(glob))).toEqual([]);
    }
    // A `*` that repeats something, or one inside a class, compiles: the policy is read and reported.
    expect(findingsOf('proxy.yaml', corsPolicy('https://.*example\\\\.com'))).toEqual([
      ['require-vary-origin', 'missingVary', 10, 7],
      ['no-permissive-origin-pattern', 'noDotBeforeDomain', 12, 11],
    ]);
    expect(policiesOf(contourAdapter, 'proxy.yaml', corsPolicy('https://[*a-z]+\\\\.example\\\\.com'))).toHaveLength(1);
    expect(policiesOf(contourAdapter, 'proxy.yaml', corsPolicy('(?i)https://shop\\\\.example\\\\.com'))).toHaveLength(1);
  });

  it('sends nothing for a corsPolicy without allowOrigin or allowMethods, which Contour refuses', () => {
    const withCredentials = `      allowCredentials: true\n`;
    expect(findingsOf('proxy.yaml', proxy(`${withCredentials}      allowOrigin: ["*"]`))).toEqual([]);
    expect(findingsOf('proxy.yaml', proxy(`${withCredentials}      allowOrigin: ["*"]\n      allowMethods: []`))).toEqual([]);
    expect(findingsOf('proxy.yaml', proxy(`${withCredentials}      allowOrigin:\n      allowMethods: [GET]`))).toEqual([]);
    expect(findingsOf('proxy.yaml', proxy(`${withCredentials}      allowOrigin: ["*"]\n      allowMethods: [GET]`))).toEqual([
      ['require-vary-origin', 'missingVary', 10, 7],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 10, 21],
    ]);
    // Methods filled in by a template are not missing.
    expect(policiesOf(contourAdapter, 'proxy.yaml', proxy(`      allowOrigin: ["*"]\n      allowMethods: "{{ .Values.methods }}"`))).toHaveLength(1);
  });

  it('echoes every origin for *, so credentials make it a reflection', () => {
    const policy = onlyPolicy(
      contourAdapter,
      'proxy.yaml',
      proxy(`      allowCredentials: true\n      allowOrigin: ["*"]\n      allowMethods: ["*"]`),
    );
    expect(policy.origins).toEqual([{ kind: 'reflect-any', loc: expect.objectContaining({ line: 10, column: 21 }) }]);
    expect(policy.allowMethods).toMatchObject({ kind: 'reflect', loc: { line: 11, column: 23 } });
  });

  it('reads an uppercase scheme as a regex, as Go url.Parse lowercases it', () => {
    const policy = onlyPolicy(
      contourAdapter,
      'proxy.yaml',
      proxy(`      allowOrigin: ["HTTPS://shop.example.com"]\n      allowMethods: [GET]`),
    );
    expect(policy.origins[0]).toMatchObject({ kind: 'pattern', source: 'HTTPS://shop.example.com' });
  });

  it('reads an origin written with a path as the allowlist entry it was meant to be, since as a regex it never matches', () => {
    const text = proxy(`      allowCredentials: true
      allowOrigin:
        - https://shop.example.com/
        - https://shop.example.com/app
        - https://.*\\.example\\.com/
      allowMethods: [GET]`);
    const policy = onlyPolicy(contourAdapter, 'proxy.yaml', text);
    expect(policy.origins).toEqual([
      { kind: 'exact', value: 'https://shop.example.com/', compared: true, loc: expect.objectContaining({ line: 11, column: 11 }) },
      { kind: 'exact', value: 'https://shop.example.com/app', compared: true, loc: expect.objectContaining({ line: 12, column: 11 }) },
      expect.objectContaining({ kind: 'pattern', source: 'https://.*\\.example\\.com/' }),
    ]);
    expect(findingsOf('proxy.yaml', text)).toEqual([
      ['require-vary-origin', 'missingVary', 10, 7],
      ['valid-origin', 'trailingSlash', 11, 11],
      ['valid-origin', 'path', 12, 11],
    ]);
  });

  it('reads null, which Contour compiles as a regex matching only the null origin, as the null origin', () => {
    const text = proxy(`      allowCredentials: true
      allowOrigin:
        - https://files.example.com
        - "null"
        - ^null$
      allowMethods: [GET]`);
    expect(onlyPolicy(contourAdapter, 'proxy.yaml', text).origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([
      ['exact', 11, 11],
      ['null', 12, 11],
      ['null', 13, 11],
    ]);
    expect(findingsOf('proxy.yaml', text)).toEqual([
      ['require-vary-origin', 'missingVary', 10, 7],
      ['no-null-origin', 'nullOriginWithCredentials', 12, 11],
      ['no-null-origin', 'nullOriginWithCredentials', 13, 11],
    ]);
    // Any other regex is matched as written: `nullable` is neither the null origin nor a web origin.
    expect(onlyPolicy(contourAdapter, 'proxy.yaml', text.replace('^null$', 'nullable')).origins[2]).toMatchObject({ kind: 'pattern', source: 'nullable' });
  });

  it('sends maxAge in whole seconds as Go formats %.0f, so a fractional duration is no fractional header', () => {
    const maxAge = (value: string): string => proxy(`      allowOrigin: ["*"]\n      allowMethods: [GET]\n      maxAge: "${value}"`);
    expect(onlyPolicy(contourAdapter, 'proxy.yaml', maxAge('500ms')).maxAge).toMatchObject({ seconds: 0, raw: '500ms' });
    expect(onlyPolicy(contourAdapter, 'proxy.yaml', maxAge('1500ms')).maxAge).toMatchObject({ seconds: 2, raw: '1500ms' });
    expect(onlyPolicy(contourAdapter, 'proxy.yaml', maxAge('2.5s')).maxAge).toMatchObject({ seconds: 2, raw: '2.5s' });
    // A * origin is echoed, so Vary: Origin is missing whatever the max-age.
    expect(findingsOf('proxy.yaml', maxAge('1.5h'))).toEqual([['require-vary-origin', 'missingVary', 9, 7]]);
    expect(findingsOf('proxy.yaml', maxAge('7200.6s'))).toEqual([
      ['require-vary-origin', 'missingVary', 9, 7],
      ['max-age-within-browser-cap', 'aboveBrowserCap', 11, 15],
    ]);
  });

  it('sends nothing for a maxAge that is no Go duration, as the CRD and Contour refuse the proxy', () => {
    const maxAge = (value: string): string =>
      proxy(`      allowCredentials: true\n      allowOrigin: [https://app.example.com]\n      allowMethods: [GET]\n      maxAge: ${value}`);
    // Bare seconds, as Envoy's own max_age takes them, quoted or not, and a signed duration.
    for (const refused of ['"86400"', '86400', '"-10m"', '"10 m"', '"1d"']) {
      expect(policiesOf(contourAdapter, 'proxy.yaml', maxAge(refused))).toEqual([]);
      expect(findingsOf('proxy.yaml', maxAge(refused))).toEqual([]);
    }
    expect(findingsOf('proxy.yaml', maxAge('"86400s"'))).toEqual([
      ['require-vary-origin', 'missingVary', 10, 7],
      ['max-age-within-browser-cap', 'aboveBrowserCap', 12, 15],
    ]);
    for (const accepted of ['"0"', '"1h30m"', '".5s"', '"{{ .Values.cors.maxAge }}"', '']) {
      expect(policiesOf(contourAdapter, 'proxy.yaml', maxAge(accepted))).toHaveLength(1);
    }
  });

  it('sends nothing for header lists the CRD refuses: one string, or an item that is not one token', () => {
    const lists = (fields: string): string => proxy(`      allowCredentials: true\n      allowOrigin: ["*"]\n${fields}`);
    for (const refused of [
      '      allowMethods: GET, POST',
      '      allowMethods: ["GET, POST"]',
      '      allowMethods: [GET]\n      allowHeaders: ["Content-Type, Authorization"]',
      '      allowMethods: [GET]\n      exposeHeaders: ["X Request Id"]',
    ]) {
      expect(policiesOf(contourAdapter, 'proxy.yaml', lists(refused))).toEqual([]);
    }
    expect(findingsOf('proxy.yaml', lists('      allowMethods: ["*"]\n      allowHeaders: [authorization, "{{ .Values.header }}"]'))).toEqual([
      ['require-vary-origin', 'missingVary', 10, 7],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 10, 21],
    ]);
  });

  it('takes Vary: Origin only when every route sets it', () => {
    const routes = (second: string): string => `apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata: { name: p }
spec:
  virtualhost:
    fqdn: p.example.com
    corsPolicy: { allowOrigin: [https://app.example.com], allowMethods: [GET] }
  routes:
    - conditions: [{ prefix: /a }]
      responseHeadersPolicy: { set: [{ name: Vary, value: Origin }] }
      services: [{ name: a, port: 80 }]
    - conditions: [{ prefix: /b }]
${second}      services: [{ name: b, port: 80 }]
`;
    const everyRoute = onlyPolicy(
      contourAdapter,
      'p.yaml',
      routes('      responseHeadersPolicy: { set: [{ name: vary, value: origin }] }\n'),
    );
    expect(everyRoute.vary).toMatchObject({ value: true, loc: { line: 10, column: 59 } });
    expect(onlyPolicy(contourAdapter, 'p.yaml', routes('')).vary).toEqual({
      value: false,
      loc: expect.objectContaining({ line: 7 }),
    });
  });

  it('yields nothing without a virtual host CORS policy and recognises HTTPProxy only', () => {
    expect(
      policiesOf(contourAdapter, 'proxy.yaml', proxy('      {}').replace('    corsPolicy:\n      {}\n', '')),
    ).toEqual([]);
    expect(
      detects(
        contourAdapter,
        'x.yaml',
        'apiVersion: projectcontour.io/v1\nkind: TLSCertificateDelegation\nmetadata: {name: x}\n',
      ),
    ).toBe(false);
  });

  it('takes Vary: Origin from every service of a route, and leaves it unknown when included proxies serve routes', () => {
    const root = (routes: string): string => `apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata:
  name: root
spec:
  virtualhost:
    fqdn: app.example.com
    corsPolicy:
      allowOrigin: ["https://www.example.com"]
      allowMethods: ["GET", "POST"]
  includes:
    - name: api
      conditions:
        - prefix: /api
${routes}`;
    // Only included proxies serve routes: they live in other documents.
    expect(findingsOf('root.yaml', root(''))).toEqual([]);
    const ownRoute = `  routes:
    - services:
        - name: web
          port: 80
          responseHeadersPolicy:
            set:
              - name: Vary
                value: Origin
        - name: web-canary
          port: 80
`;
    // A route of its own without Vary answers without it, whatever the included proxies do.
    expect(findingsOf('root.yaml', root(ownRoute))).toEqual([['require-vary-origin', 'missingVary', 9, 7]]);
    const everyService = `apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata:
  name: root
spec:
  virtualhost:
    fqdn: app.example.com
    corsPolicy:
      allowOrigin: ["https://www.example.com"]
      allowMethods: ["GET", "POST"]
  routes:
    - services:
        - name: web
          port: 80
          responseHeadersPolicy: { set: [{ name: Vary, value: Origin }] }
        - name: web-canary
          port: 80
          responseHeadersPolicy: { set: [{ name: Vary, value: "Accept-Encoding, Origin" }] }
`;
    expect(onlyPolicy(contourAdapter, 'root.yaml', everyService).vary).toMatchObject({
      value: true,
      loc: { line: 15, column: 63 },
    });
    expect(findingsOf('root.yaml', everyService)).toEqual([]);
  });

  it('reads Access-Control-* headers set by responseHeadersPolicy when the proxy has no CORS policy', () => {
    const text = `apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata:
  name: api
spec:
  virtualhost:
    fqdn: api.example.com
  routes:
    - services:
        - name: api
          port: 8080
          responseHeadersPolicy:
            set:
              - name: Access-Control-Allow-Origin
                value: "*"
              - name: Access-Control-Allow-Credentials
                value: "true"
      responseHeadersPolicy:
        set:
          - name: X-Frame-Options
            value: DENY
`;
    expect(policiesOf(contourAdapter, 'proxy.yaml', text).map((policy) => policy.source)).toEqual([
      'HTTPProxy api routes[0] service api',
    ]);
    expect(findingsOf('proxy.yaml', text)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 15, 24],
    ]);
    // Contour passes %REQ(name)% on to Envoy, which fills in the request's Origin.
    expect(findingsOf('proxy.yaml', text.replace('value: "*"', 'value: "%REQ(origin)%"'))).toEqual([
      ['require-vary-origin', 'missingVary', 13, 13],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 15, 24],
    ]);
    // With a CORS policy on the virtual host, the CORS filter writes Access-Control-Allow-Origin for
    // the origins it allows; every other origin still gets these headers.
    const withPolicy = (origin: string): string =>
      text.replace(
        '    fqdn: api.example.com\n',
        `    fqdn: api.example.com\n    corsPolicy: { allowOrigin: ["${origin}"], allowMethods: [GET] }\n`,
      );
    expect(policiesOf(contourAdapter, 'proxy.yaml', withPolicy('https://app.example.com')).map((policy) => policy.source)).toEqual([
      'HTTPProxy api',
      'HTTPProxy api routes[0] service api (origins its CORS policy does not allow)',
    ]);
    expect(findingsOf('proxy.yaml', withPolicy('https://app.example.com'))).toEqual([
      ['require-vary-origin', 'missingVary', 8, 19],
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 16, 24],
    ]);
    // A policy that allows every origin writes the header for all of them.
    expect(policiesOf(contourAdapter, 'proxy.yaml', withPolicy('*')).map((policy) => policy.source)).toEqual(['HTTPProxy api']);
  });

  it('reads a header a route and its service both set: one value when they agree, unknown when they differ or when Contour rejects a repeat', () => {
    const proxy = (routeSet: string, serviceSet: string): string => `apiVersion: projectcontour.io/v1
kind: HTTPProxy
metadata:
  name: storefront
  namespace: shop
spec:
  virtualhost:
    fqdn: shop.example.com
  routes:
  - conditions:
    - prefix: /api
    responseHeadersPolicy:
      set:
${routeSet}
    services:
    - name: catalog
      port: 8080
      responseHeadersPolicy:
        set:
${serviceSet}
`;
    const routeOrigin = (value: string): string => `      - name: Access-Control-Allow-Origin\n        value: "${value}"`;
    const serviceOrigin = (value: string): string => `        - name: access-control-allow-origin\n          value: "${value}"`;
    const same = proxy(routeOrigin('https://shop.example.com/'), serviceOrigin('https://shop.example.com/'));
    expect(findingsOf('proxy.yaml', same)).toEqual([['valid-origin', 'trailingSlash', 15, 16]]);
    const differ = proxy(routeOrigin('https://shop.example.com/'), serviceOrigin('*'));
    expect(policiesOf(contourAdapter, 'proxy.yaml', differ)[0]?.origins).toMatchObject([{ kind: 'unknown' }]);
    expect(findingsOf('proxy.yaml', differ)).toEqual([]);
    const repeated = proxy(`${routeOrigin('*')}\n${routeOrigin('https://shop.example.com/')}`, '        - name: X-Frame-Options\n          value: DENY');
    expect(policiesOf(contourAdapter, 'proxy.yaml', repeated)[0]?.origins).toMatchObject([{ kind: 'unknown' }]);
    expect(findingsOf('proxy.yaml', repeated)).toEqual([]);
  });
});
