import { describe, expect, it } from 'vitest';
import { ingressNginxAdapter } from '../../src/adapters/ingress-nginx.js';
import { findingsOf } from './gateway-findings.js';
import { at, detects, onlyPolicy, policiesOf } from './helpers.js';

const ingress = (annotations: string): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  annotations:
${annotations}
spec:
  ingressClassName: nginx
  rules:
    - host: api.example.com
`;

describe('ingress-nginx adapter', () => {
  it('applies the controller defaults when only enable-cors is set', () => {
    const policy = onlyPolicy(
      ingressNginxAdapter,
      'ing.yaml',
      ingress(`    nginx.ingress.kubernetes.io/enable-cors: "true"`),
    );
    expect(policy.source).toBe('Ingress api');
    expect(at(policy.loc)).toEqual([6, 5]);
    expect([policy.loc.endLine, policy.loc.endColumn]).toEqual([6, 52]);
    expect(policy.origins).toEqual([{ kind: 'any', loc: policy.loc }]);
    expect(policy.credentials).toEqual({ value: true, loc: policy.loc });
    expect(policy.maxAge).toEqual({ kind: 'value', seconds: 1728000, raw: '1728000', loc: policy.loc });
    expect(policy.allowMethods?.kind === 'list' && policy.allowMethods.items.map((item) => item.value)).toEqual([
      'GET',
      'PUT',
      'POST',
      'DELETE',
      'PATCH',
      'OPTIONS',
    ]);
    expect(policy.allowHeaders?.kind === 'list' && policy.allowHeaders.items.map((item) => item.value)).toContain(
      'Authorization',
    );
    expect(policy.exposeHeaders).toBeUndefined();
    expect(policy.vary.value).toBe(false);
    expect(policy.preflight.handling).toBe('answered');
  });

  it('turns an origin list into case-insensitive compared entries, one-label globs and null, located inside the string', () => {
    const policy = onlyPolicy(
      ingressNginxAdapter,
      'ing.yaml',
      ingress(`    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://app.example.com, https://*.example.org, null"
    nginx.ingress.kubernetes.io/cors-allow-credentials: "false"
    nginx.ingress.kubernetes.io/cors-max-age: "600"`),
    );
    expect(policy.origins.map((origin) => [origin.kind, at(origin.loc)])).toEqual([
      ['exact', [7, 53]],
      ['glob', [7, 78]],
      ['null', [7, 101]],
    ]);
    expect(policy.origins[0]).toMatchObject({
      value: 'https://app.example.com',
      compared: true,
      caseInsensitive: true,
    });
    expect(policy.origins[1]).toMatchObject({ value: 'https://*.example.org', star: 'label' });
    expect(policy.credentials.value).toBe(false);
    expect(at(policy.credentials.loc)).toEqual([8, 57]);
    expect(policy.maxAge).toMatchObject({ seconds: 600, raw: '600' });
    expect(at(policy.vary.loc)).toEqual([7, 52]);
  });

  it('reads a kustomize patch (an Ingress without spec) with the settings it leaves out unknown, not defaulted', () => {
    const patch = (spec: string): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  annotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://app.example.com"
${spec}`;
    const whole = 'spec:\n  ingressClassName: nginx\n  rules:\n    - host: api.example.com\n';
    // The same annotations on a whole Ingress take the controller's defaults (max-age 1728000, no Vary).
    expect(findingsOf('ingress.yaml', patch(whole))).toEqual([
      ['max-age-within-browser-cap', 'aboveBrowserCap', 6, 5],
      ['require-vary-origin', 'missingVary', 7, 52],
    ]);
    expect(findingsOf('ingress-patch.yaml', patch(''))).toEqual([]);
    const policy = onlyPolicy(ingressNginxAdapter, 'ingress-patch.yaml', patch(''));
    expect(policy.credentials.value).toBe('unknown');
    expect(policy.maxAge?.kind).toBe('unknown');
    expect(policy.allowMethods?.kind).toBe('unknown');
    expect(policy.vary.value).toBe('unknown');
    // What the patch does write is still checked.
    const wildcard = patch('').replace(
      '"https://app.example.com"',
      '"*"\n    nginx.ingress.kubernetes.io/cors-allow-credentials: "true"',
    );
    expect(findingsOf('ingress-patch.yaml', wildcard)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 7, 53],
    ]);
  });

  it('falls back as the controller does: an invalid origin annotation becomes *, unparseable credentials true', () => {
    const policy = onlyPolicy(
      ingressNginxAdapter,
      'ing.yaml',
      ingress(`    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://app.example.com/"
    nginx.ingress.kubernetes.io/cors-allow-credentials: "yes"
    nginx.ingress.kubernetes.io/cors-allow-methods: "GET; PUT"
    nginx.ingress.kubernetes.io/cors-max-age: "10m"
    nginx.ingress.kubernetes.io/cors-allow-headers: "*"`),
    );
    expect(policy.allowHeaders?.kind === 'list' && policy.allowHeaders.items.map((item) => item.value)).toEqual([
      'DNT',
      'Keep-Alive',
      'User-Agent',
      'X-Requested-With',
      'If-Modified-Since',
      'Cache-Control',
      'Content-Type',
      'Range',
      'Authorization',
    ]);
    expect(policy.allowHeaders?.loc.line).toBe(11);
    expect(policy.origins).toEqual([{ kind: 'any', loc: expect.objectContaining({ line: 7, column: 52 }) }]);
    expect(policy.credentials).toMatchObject({ value: true, loc: { line: 8, column: 57 } });
    expect(
      policy.allowMethods?.kind === 'list' && policy.allowMethods.items.map((item) => [item.value, item.loc.line]),
    ).toEqual(['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'].map((method) => [method, 9]));
    expect(policy.maxAge).toMatchObject({ seconds: 1728000, loc: { line: 10 } });
  });

  it('treats templated values as unknown', () => {
    const policy = onlyPolicy(
      ingressNginxAdapter,
      'ing.yaml',
      ingress(`    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "\${CORS_ORIGINS}"
    nginx.ingress.kubernetes.io/cors-allow-credentials: "{{ .Values.cors.credentials }}"`),
    );
    expect(policy.origins.map((origin) => origin.kind)).toEqual(['unknown']);
    expect(policy.credentials.value).toBe('unknown');
  });

  it('reads * as a literal *, also when a list holding it fails validation', () => {
    const policy = onlyPolicy(
      ingressNginxAdapter,
      'ing.yaml',
      ingress(`    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://a.example.com,*"`),
    );
    expect(policy.origins.map((origin) => [origin.kind, at(origin.loc)])).toEqual([['any', [7, 52]]]);
    const lone = onlyPolicy(
      ingressNginxAdapter,
      'ing.yaml',
      ingress(`    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "*"`),
    );
    expect(lone.origins.map((origin) => [origin.kind, at(origin.loc)])).toEqual([['any', [7, 53]]]);
  });

  it('yields nothing when CORS is not enabled or enabled by an unknown value', () => {
    expect(
      policiesOf(ingressNginxAdapter, 'ing.yaml', ingress(`    nginx.ingress.kubernetes.io/enable-cors: "false"`)),
    ).toEqual([]);
    expect(
      policiesOf(
        ingressNginxAdapter,
        'ing.yaml',
        ingress(`    nginx.ingress.kubernetes.io/cors-allow-origin: "https://a.example.com"`),
      ),
    ).toEqual([]);
    expect(
      policiesOf(ingressNginxAdapter, 'ing.yaml', ingress(`    nginx.ingress.kubernetes.io/enable-cors: "\${ENABLE}"`)),
    ).toEqual([]);
  });

  it('takes a Vary: Origin added in the configuration snippet', () => {
    const policy = onlyPolicy(
      ingressNginxAdapter,
      'ing.yaml',
      ingress(`    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://app.example.com"
    nginx.ingress.kubernetes.io/configuration-snippet: |
      more_set_headers "X-Frame-Options: DENY";
      more_set_headers "Vary: Origin";`),
    );
    expect(policy.vary).toMatchObject({ value: true, loc: { line: 8, column: 56 } });
  });

  it('reads CORS hand-written as raw headers in the configuration snippet when enable-cors is off', () => {
    const policy = onlyPolicy(
      ingressNginxAdapter,
      'ing.yaml',
      ingress(`    nginx.ingress.kubernetes.io/configuration-snippet: |
      more_set_headers "Access-Control-Allow-Origin: $http_origin";
      add_header 'Access-Control-Allow-Credentials' 'true' always;
      add_header Access-Control-Allow-Methods "GET, PUT" always;
      add_header Access-Control-Max-Age 1728000;
      if ($request_method = OPTIONS) { return 204; }`),
    );
    expect(policy.source).toBe('Ingress api configuration-snippet');
    expect(policy.origins).toEqual([
      { kind: 'reflect-any', loc: expect.objectContaining({ line: 7, column: 54, endLine: 7, endColumn: 66 }) },
    ]);
    expect(policy.credentials).toMatchObject({ value: true, loc: { line: 8, column: 54 } });
    expect(policy.allowMethods).toMatchObject({
      kind: 'list',
      items: [
        { value: 'GET', loc: { line: 9, column: 48 } },
        { value: 'PUT', loc: { line: 9, column: 53 } },
      ],
    });
    expect(policy.maxAge).toMatchObject({ kind: 'value', seconds: 1728000, loc: { line: 10, column: 41 } });
    expect(policy.vary).toMatchObject({ value: false, loc: { line: 7, column: 54 } });
    expect(policy.preflight.handling).toBe('unknown');
    expect(policy.credentialsText).toMatchObject({ value: 'true', loc: { line: 8, column: 54 } });
  });

  it('keeps a snippet Allow-Credentials as written, so a capitalised True is reported', () => {
    const policy = onlyPolicy(
      ingressNginxAdapter,
      'ing.yaml',
      ingress(`    nginx.ingress.kubernetes.io/configuration-snippet: |
      more_set_headers "Access-Control-Allow-Origin: https://app.example.com";
      more_set_headers "Access-Control-Allow-Credentials: True";`),
    );
    expect(policy.credentials.value).toBe(false);
    expect(policy.credentialsText).toMatchObject({ value: 'True', loc: { line: 8, column: 59 } });
  });

  it('takes a snippet origin guarded by an origin regex as that pattern, searched case-insensitively; a literal as sent', () => {
    const guarded = onlyPolicy(
      ingressNginxAdapter,
      'ing.yaml',
      ingress(`    nginx.ingress.kubernetes.io/configuration-snippet: |
      if ($http_origin ~* "^https://app\\.example\\.com$") {
        more_set_headers "Access-Control-Allow-Origin: $http_origin";
      }
      more_set_headers "Vary: Origin";`),
    );
    expect(guarded.origins).toEqual([
      {
        kind: 'pattern',
        source: '^https://app\\.example\\.com$',
        flags: 'i',
        dialect: 'pcre-search',
        loc: { file: 'ing.yaml', line: 7, column: 28, endLine: 7, endColumn: 55 },
      },
    ]);
    expect(guarded.vary.value).toBe(true);
    const literal = onlyPolicy(
      ingressNginxAdapter,
      'ing.yaml',
      ingress(
        `    nginx.ingress.kubernetes.io/configuration-snippet: "more_set_headers 'Access-Control-Allow-Origin: https://app.example.com/';"`,
      ),
    );
    expect(literal.origins).toMatchObject([
      { kind: 'exact', value: 'https://app.example.com/', compared: false, loc: { line: 6, column: 104 } },
    ]);
    expect(
      policiesOf(
        ingressNginxAdapter,
        'ing.yaml',
        ingress(`    nginx.ingress.kubernetes.io/configuration-snippet: |
      more_set_headers "X-Frame-Options: DENY";`),
      ),
    ).toEqual([]);
  });

  it('recognises only Ingress resources with annotations', () => {
    expect(
      detects(
        ingressNginxAdapter,
        'svc.yaml',
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  annotations:\n    a: b\n',
      ),
    ).toBe(false);
    expect(
      detects(
        ingressNginxAdapter,
        'ing.yaml',
        'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: api\n',
      ),
    ).toBe(false);
    expect(detects(ingressNginxAdapter, 'ing.yaml', ingress('    a: b'))).toBe(true);
  });

  it("reads a Helm values file's ingress annotations, unless the ingress is disabled", () => {
    const values = (enabled: string): string => `replicaCount: 2
image:
  repository: registry.example.com/shop/api
  tag: ""
api:
  ingress:
    enabled: ${enabled}
    className: nginx
    annotations:
      nginx.ingress.kubernetes.io/enable-cors: "true"
      nginx.ingress.kubernetes.io/cors-allow-origin: "https://shop.example.com"
    hosts:
      - host: api.shop.example.com
        paths: [{ path: /, pathType: Prefix }]
`;
    const policy = onlyPolicy(ingressNginxAdapter, 'values.yaml', values('true'));
    expect(policy.source).toBe('Helm values api.ingress.annotations');
    expect(policy.origins).toMatchObject([
      { kind: 'exact', value: 'https://shop.example.com', loc: { line: 11, column: 55 } },
    ]);
    expect(policiesOf(ingressNginxAdapter, 'values.yaml', values('false'))).toEqual([]);
    expect(
      detects(
        ingressNginxAdapter,
        'values.yaml',
        'ingress:\n  enabled: true\n  annotations:\n    kubernetes.io/tls-acme: "true"\n',
      ),
    ).toBe(false);
  });

  it('reads ingresses a values file keys by name (ingress.<name>.annotations), skipping disabled ones', () => {
    const values = `controllers:
  main:
    containers:
      main:
        image: { repository: ghcr.io/example/photos, tag: 1.2.3 }
ingress:
  main:
    className: nginx
    annotations:
      nginx.ingress.kubernetes.io/enable-cors: "true"
      nginx.ingress.kubernetes.io/cors-allow-origin: "*"
      nginx.ingress.kubernetes.io/cors-max-age: "600"
    hosts:
      - host: photos.example.com
  internal:
    enabled: false
    annotations:
      nginx.ingress.kubernetes.io/enable-cors: "true"
`;
    expect(policiesOf(ingressNginxAdapter, 'values.yaml', values).map((policy) => policy.source)).toEqual([
      'Helm values ingress.main.annotations',
    ]);
    expect(findingsOf('values.yaml', values)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 11, 55],
    ]);
  });

  it('reads a ConfigMap of response headers (add-headers, custom-headers) as nginx sends it', () => {
    const stream = `apiVersion: v1
kind: ConfigMap
metadata:
  name: custom-headers
  namespace: ingress-nginx
data:
  X-Frame-Options: "SAMEORIGIN"
  Access-Control-Allow-Origin: "$http_origin"
  Access-Control-Allow-Credentials: "true"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: fonts
data:
  access-control-allow-origin: "*"
  Vary: Accept-Encoding
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
data:
  add-headers: ingress-nginx/custom-headers
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: substituted
data:
  Access-Control-Allow-Origin: \${CORS_ORIGIN}
  Access-Control-Allow-Credentials: "true"
`;
    expect(findingsOf('headers.yaml', stream)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 8, 33],
      ['require-vary-origin', 'missingVary', 8, 33],
    ]);
    const [reflecting, fonts] = policiesOf(ingressNginxAdapter, 'headers.yaml', stream);
    expect(reflecting?.source).toBe('ConfigMap custom-headers (response headers)');
    expect(fonts?.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([['any', 16, 33]]);
    expect(fonts?.vary.value).toBe(false);
    const substituted = policiesOf(ingressNginxAdapter, 'headers.yaml', stream)[2];
    expect(substituted?.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([['unknown', 31, 32]]);
  });

  it('leaves ConfigMaps without an Access-Control-Allow-Origin entry alone', () => {
    const env = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: env\ndata:\n  ACCESS_CONTROL_ALLOW_ORIGIN: "*"\n  Access-Control-Max-Age: "600"\n';
    expect(detects(ingressNginxAdapter, 'env.yaml', env)).toBe(false);
  });

  it("reads an umbrella chart's ingress annotations nested under a subchart key", () => {
    const values = `frontend:
  image: registry.example.com/web:1.0
backend:
  api:
    ingress:
      enabled: true
      className: nginx
      annotations:
        nginx.ingress.kubernetes.io/enable-cors: "true"
        nginx.ingress.kubernetes.io/cors-max-age: "600"
      hosts:
        - host: api.example.com
    service:
      annotations:
        nginx.ingress.kubernetes.io/enable-cors: "true"
`;
    expect(policiesOf(ingressNginxAdapter, 'values.yaml', values).map((policy) => policy.source)).toEqual([
      'Helm values backend.api.ingress.annotations',
    ]);
    expect(findingsOf('values.yaml', values)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 9, 9],
    ]);
  });

  it("reads the ingress annotations of a Flux HelmRelease's values, and of each ingress in a list", () => {
    const release = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: api
  namespace: apps
  annotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
spec:
  interval: 10m
  chart:
    spec:
      chart: api
      sourceRef: { kind: HelmRepository, name: internal }
  values:
    ingresses:
      - name: public
        annotations:
          nginx.ingress.kubernetes.io/enable-cors: "true"
          nginx.ingress.kubernetes.io/cors-allow-origin: "*"
          nginx.ingress.kubernetes.io/cors-max-age: "600"
      - name: internal
        enabled: false
        annotations:
          nginx.ingress.kubernetes.io/enable-cors: "true"
`;
    expect(policiesOf(ingressNginxAdapter, 'release.yaml', release).map((policy) => policy.source)).toEqual([
      'Helm values spec.values.ingresses[0].annotations',
    ]);
    expect(findingsOf('release.yaml', release)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 19, 59],
    ]);
  });

  it("reads the ingress-nginx chart's controller.addHeaders as headers on every response", () => {
    const values = `controller:
  replicaCount: 2
  config:
    use-forwarded-headers: "true"
  addHeaders:
    Access-Control-Allow-Origin: "*"
    Access-Control-Allow-Credentials: "true"
    X-Frame-Options: DENY
`;
    const policy = onlyPolicy(ingressNginxAdapter, 'values.yaml', values);
    expect(policy.source).toBe('Helm values controller.addHeaders (response headers)');
    expect(findingsOf('values.yaml', values)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 6, 35],
    ]);
    expect(detects(ingressNginxAdapter, 'values.yaml', values.replace('Access-Control-Allow-Origin: "*"', 'X-Env: prod'))).toBe(false);
    // Only the controller's addHeaders reaches nginx; another component's map of that name does not.
    expect(detects(ingressNginxAdapter, 'values.yaml', values.replace('controller:', 'worker:'))).toBe(false);
  });

  it('reads raw CORS headers from server-snippet when the configuration snippet has none', () => {
    const serverSnippet = ingress(`    nginx.ingress.kubernetes.io/configuration-snippet: |
      proxy_set_header X-Request-Start "t=\${msec}";
    nginx.ingress.kubernetes.io/server-snippet: |
      add_header Access-Control-Allow-Origin $http_origin always;
      add_header Access-Control-Allow-Credentials true always;
      if ($request_method = OPTIONS) {
        return 204;
      }`);
    expect(onlyPolicy(ingressNginxAdapter, 'ing.yaml', serverSnippet).source).toBe('Ingress api server-snippet');
    expect(findingsOf('ing.yaml', serverSnippet)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 9, 46],
      ['require-vary-origin', 'missingVary', 9, 46],
    ]);
    const withVary = serverSnippet.replace('      if (', '      add_header Vary Origin always;\n      if (');
    expect(findingsOf('ing.yaml', withVary)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 9, 46],
    ]);
  });

  it("reads CORS headers written by hand into the controller ConfigMap's snippets, or the chart's controller.config", () => {
    const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  allow-snippet-annotations: "true"
  location-snippet: |
    more_set_headers "Access-Control-Allow-Origin: $http_origin";
    more_set_headers "Access-Control-Allow-Credentials: true";
`;
    expect(onlyPolicy(ingressNginxAdapter, 'cm.yaml', configMap).source).toBe(
      'ConfigMap ingress-nginx-controller location-snippet',
    );
    expect(findingsOf('cm.yaml', configMap)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 9, 52],
      ['require-vary-origin', 'missingVary', 9, 52],
    ]);
    const values = `controller:
  config:
    server-snippet: |
      if ($http_origin ~* "^https://(app|admin)\\.example\\.com$") {
        set $cors_origin $http_origin;
      }
      more_set_headers "Access-Control-Allow-Origin: $cors_origin";
      more_set_headers "Vary: Origin";
`;
    const policy = onlyPolicy(ingressNginxAdapter, 'values.yaml', values);
    expect(policy.source).toBe('Helm values controller.config server-snippet');
    expect(policy.origins).toMatchObject([{ kind: 'unknown', loc: { line: 7, column: 54 } }]);
    expect(policy.vary.value).toBe(true);
    expect(detects(ingressNginxAdapter, 'values.yaml', 'controller:\n  config:\n    use-gzip: "true"\n')).toBe(false);
  });

  it('reads CORS headers a values file writes by hand into an ingress configuration snippet', () => {
    const values = `ingress:
  enabled: true
  className: nginx
  annotations:
    nginx.ingress.kubernetes.io/configuration-snippet: |
      more_set_headers "Access-Control-Allow-Origin: $http_origin";
      more_set_headers "Access-Control-Allow-Credentials: true";
  hosts:
    - host: api.example.com
`;
    expect(onlyPolicy(ingressNginxAdapter, 'values.yaml', values).source).toBe(
      'Helm values ingress.annotations configuration-snippet',
    );
    expect(findingsOf('values.yaml', values)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 6, 54],
      ['require-vary-origin', 'missingVary', 6, 54],
    ]);
    const noCors = values.replace(/Access-Control-Allow-(Origin|Credentials)/g, 'X-Frame-$1');
    expect(policiesOf(ingressNginxAdapter, 'values.yaml', noCors)).toEqual([]);
  });

  it('allows app-scheme origins and echoes null, as the controller does since kubernetes/ingress-nginx#11153 and #12402', () => {
    const annotations = `    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://app.example.com, capacitor://localhost, null"
    nginx.ingress.kubernetes.io/cors-max-age: "600"
    nginx.ingress.kubernetes.io/configuration-snippet: |
      more_set_headers "Vary: Origin";`;
    const policy = onlyPolicy(ingressNginxAdapter, 'ing.yaml', ingress(annotations));
    expect(policy.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([
      ['exact', 7, 53],
      ['exact', 7, 78],
      ['null', 7, 101],
    ]);
    expect(findingsOf('ing.yaml', ingress(annotations))).toEqual([['no-null-origin', 'nullOriginWithCredentials', 7, 101]]);
    const withoutNull = annotations.replace(', null', '');
    expect(findingsOf('ing.yaml', ingress(withoutNull))).toEqual([]);
  });

  it('rejects a long invalid origin or expose-headers value at once, as RE2 does, and falls back as the controller does', () => {
    // The controller's regexes as written backtrack exponentially in JavaScript on these values.
    const text = ingress(`    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://customer-portal-frontend-application.example.com/"
    nginx.ingress.kubernetes.io/cors-allow-methods: "GET, POST, OPTIONS, PUTDELETEPATCHHEADCONNECT;"
    nginx.ingress.kubernetes.io/cors-expose-headers: "X-Request-Id, X-Correlation-Id, X-Pagination-Total-Count;"
    nginx.ingress.kubernetes.io/cors-max-age: "600"`);
    const policy = onlyPolicy(ingressNginxAdapter, 'ing.yaml', text);
    expect(policy.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([['any', 7, 52]]);
    expect(policy.allowMethods?.kind === 'list' && policy.allowMethods.items.map((item) => item.value)).toEqual([
      'GET',
      'PUT',
      'POST',
      'DELETE',
      'PATCH',
      'OPTIONS',
    ]);
    expect(policy.exposeHeaders).toBeUndefined();
    expect(findingsOf('ing.yaml', text)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 7, 52]]);
  });

  it('reads one origin from a snippet that sets the same literal for preflights and for other requests', () => {
    const text = ingress(`    nginx.ingress.kubernetes.io/configuration-snippet: |
      if ($request_method = 'OPTIONS') {
        add_header 'Access-Control-Allow-Origin' '*';
        add_header 'Access-Control-Allow-Methods' 'GET, POST, OPTIONS';
        add_header 'Access-Control-Max-Age' 1728000;
        add_header 'Content-Length' 0;
        return 204;
      }
      add_header 'Access-Control-Allow-Origin' '*' always;`);
    const policy = onlyPolicy(ingressNginxAdapter, 'ing.yaml', text);
    expect(policy.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([['any', 8, 51]]);
    expect(findingsOf('ing.yaml', text)).toEqual([['max-age-within-browser-cap', 'aboveBrowserCap', 10, 45]]);
    const twoOrigins = text.replace("'*' always", "'https://app.example.com' always");
    expect(policiesOf(ingressNginxAdapter, 'ing.yaml', twoOrigins)[0]?.origins.map((origin) => origin.kind)).toEqual([
      'any',
      'exact',
    ]);
  });

  it('reads a flag the snippet sets for every origin as echoing all, one set under an origin regex as that pattern, and one set elsewhere as unknown', () => {
    const wideOpen = ingress(`    nginx.ingress.kubernetes.io/configuration-snippet: |
      set $cors 'true';
      if ($request_method = 'OPTIONS') {
        set $cors "\${cors}options";
      }
      if ($cors = "true") {
        more_set_headers 'Access-Control-Allow-Origin: $http_origin';
        more_set_headers 'Access-Control-Allow-Credentials: true';
      }
      if ($cors = "trueoptions") {
        more_set_headers 'Access-Control-Allow-Origin: $http_origin';
        more_set_headers 'Access-Control-Allow-Credentials: true';
        more_set_headers 'Access-Control-Allow-Methods: GET, POST, PUT, DELETE';
        more_set_headers 'Access-Control-Allow-Headers: Authorization, Content-Type';
        more_set_headers 'Access-Control-Max-Age: 600';
        return 204;
      }`);
    expect(findingsOf('ing.yaml', wideOpen)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 12, 56],
      ['require-vary-origin', 'missingVary', 12, 56],
    ]);
    const checked = wideOpen.replace(
      "set $cors 'true';",
      "if ($http_origin ~* ^https://app\\.example\\.com$) { set $cors 'true'; }",
    );
    // Both blocks echo the origins the regex lets through: one pattern, at the regex.
    expect(
      policiesOf(ingressNginxAdapter, 'ing.yaml', checked)[0]?.origins.map((origin) => [origin.kind, ...at(origin.loc)]),
    ).toEqual([['pattern', 7, 27]]);
    expect(findingsOf('ing.yaml', checked)).toEqual([['require-vary-origin', 'missingVary', 7, 27]]);
    const unanchored = checked.replace('^https://app\\.example\\.com$', 'example\\.com');
    expect(findingsOf('ing.yaml', unanchored)).toEqual([
      ['no-permissive-origin-pattern', 'missingStartAnchor', 7, 27],
      ['no-insecure-origin', 'insecureOriginMatchedWithCredentials', 7, 27],
      ['require-vary-origin', 'missingVary', 7, 27],
    ]);
    // A variable the snippet does not set may come from the origin elsewhere (a map, a server snippet).
    const elsewhere = wideOpen.replace("set $cors 'true';", '');
    expect(findingsOf('ing.yaml', elsewhere)).toEqual([['require-vary-origin', 'missingVary', 12, 56]]);
    const templated = wideOpen.replace("'true';", "'{{ .Values.cors }}';");
    expect(policiesOf(ingressNginxAdapter, 'ing.yaml', templated)).toEqual([]);
  });

  it('reads a flag first set to a literal the comparison cannot match, then to it under origin tests, as those origins', () => {
    const text = ingress(`    nginx.ingress.kubernetes.io/configuration-snippet: |
      set $cors "false";
      if ($http_origin = "https://docs.example.org") {
          set $cors "true";
      }
      if ($http_origin = "http://[::1]:8000") {
          set $cors "true";
      }
      if ($cors = "true") {
          add_header 'Access-Control-Allow-Origin' "$http_origin" always;
          add_header 'Access-Control-Allow-Methods' 'GET, POST, OPTIONS' always;
      }`);
    expect(
      policiesOf(ingressNginxAdapter, 'ing.yaml', text)[0]?.origins.map((origin) => [origin.kind, ...at(origin.loc)]),
    ).toEqual([
      ['exact', 8, 27],
      ['exact', 11, 27],
    ]);
    expect(findingsOf('ing.yaml', text)).toEqual([['require-vary-origin', 'missingVary', 8, 27]]);
    // Set to the compared literal before the tests, the flag lets every origin through.
    const wideOpen = text.replace('set $cors "false";', 'set $cors "true";');
    expect(policiesOf(ingressNginxAdapter, 'ing.yaml', wideOpen)[0]?.origins.map((origin) => origin.kind)).toEqual(['unknown']);
    // Without a compared value (`if ($cors)`), "false" is no reset: any non-empty value passes.
    const truthy = text.replace('if ($cors = "true")', 'if ($cors)');
    expect(policiesOf(ingressNginxAdapter, 'ing.yaml', truthy)[0]?.origins.map((origin) => origin.kind)).toEqual(['unknown']);
  });

  it('reports an origin entry the controller skips beside valid ones, and reads nothing when it keeps none', () => {
    const partly = ingress(`    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://app.example.com, admin.example.com"
    nginx.ingress.kubernetes.io/cors-max-age: "600"
    nginx.ingress.kubernetes.io/configuration-snippet: |
      more_set_headers "Vary: Origin";`);
    expect(onlyPolicy(ingressNginxAdapter, 'ing.yaml', partly).origins).toMatchObject([
      { kind: 'exact', value: 'https://app.example.com', caseInsensitive: true },
      { kind: 'exact', value: 'admin.example.com', compared: true, loc: { line: 7, column: 78 } },
    ]);
    expect(findingsOf('ing.yaml', partly)).toEqual([['valid-origin', 'missingScheme', 7, 78]]);
    const none = ingress(`    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "app.example.com"`);
    expect(policiesOf(ingressNginxAdapter, 'ing.yaml', none)).toEqual([]);
  });

  it('reads an origin regex holding parentheses and braces whole, and trusts no condition of a snippet with an unclosed if', () => {
    const grouped = ingress(`    nginx.ingress.kubernetes.io/configuration-snippet: |
      if ($http_origin ~* ^https://(app|admin){1}\\.example\\.com(:[0-9]+)?) {
        more_set_headers "Access-Control-Allow-Origin: $http_origin";
        more_set_headers "Access-Control-Allow-Credentials: true";
        more_set_headers "Vary: Origin";
      }`);
    expect(onlyPolicy(ingressNginxAdapter, 'ing.yaml', grouped).origins).toMatchObject([
      { kind: 'pattern', source: '^https://(app|admin){1}\\.example\\.com(:[0-9]+)?', loc: { line: 7, column: 27 } },
    ]);
    expect(findingsOf('ing.yaml', grouped)).toEqual([['no-permissive-origin-pattern', 'missingEndAnchor', 7, 27]]);
    const unclosed = ingress(`    nginx.ingress.kubernetes.io/configuration-snippet: |
      if ($http_origin ~* "^https://app\\.example\\.com$"
      more_set_headers "Access-Control-Allow-Origin: $http_origin";
      more_set_headers "Access-Control-Allow-Credentials: true";`);
    expect(onlyPolicy(ingressNginxAdapter, 'ing.yaml', unclosed).origins).toMatchObject([{ kind: 'unknown' }]);
  });

  it('reads an echo under if ($http_origin) as sent to every origin, and one under a negated regex as unknown', () => {
    const present = ingress(`    nginx.ingress.kubernetes.io/configuration-snippet: |
      if ($http_origin != '') {
        add_header Access-Control-Allow-Origin $http_origin always;
        add_header Access-Control-Allow-Credentials true always;
      }`);
    expect(findingsOf('ing.yaml', present)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 8, 48],
      ['require-vary-origin', 'missingVary', 8, 48],
    ]);
    const bare = present.replace("$http_origin != ''", '$http_origin');
    expect(policiesOf(ingressNginxAdapter, 'ing.yaml', bare)[0]?.origins.map((origin) => origin.kind)).toEqual(['reflect-any']);
    const negated = present.replace("$http_origin != ''", '$http_origin !~* ^https://evil\\.example$');
    expect(policiesOf(ingressNginxAdapter, 'ing.yaml', negated)[0]?.origins.map((origin) => origin.kind)).toEqual(['unknown']);
  });

  it('leaves ingress-nginx annotations alone on an Ingress whose class another controller serves', () => {
    const migrated = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  annotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
spec:
  ingressClassName: traefik
`;
    expect(policiesOf(ingressNginxAdapter, 'ing.yaml', migrated)).toEqual([]);
    const legacyAnnotation = migrated
      .replace('  ingressClassName: traefik\n', '  rules: []\n')
      .replace('  annotations:\n', '  annotations:\n    kubernetes.io/ingress.class: kong\n');
    expect(policiesOf(ingressNginxAdapter, 'ing.yaml', legacyAnnotation)).toEqual([]);
    const customNginxClass = migrated.replace('traefik', 'internal');
    expect(policiesOf(ingressNginxAdapter, 'ing.yaml', customNginxClass)).toHaveLength(1);
    const values = `ingress:
  enabled: true
  className: alb
  annotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
`;
    expect(policiesOf(ingressNginxAdapter, 'values.yaml', values)).toEqual([]);
    expect(policiesOf(ingressNginxAdapter, 'values.yaml', values.replace('alb', 'nginx'))).toHaveLength(1);
  });

  it('reads each location block of a server snippet as its own policy', () => {
    const text = ingress(`    nginx.ingress.kubernetes.io/server-snippet: |
      location /fonts/ {
        add_header Access-Control-Allow-Origin "*";
      }
      location ~* ^/api/ {
        if ($http_origin = "https://app.example.com") {
          add_header Access-Control-Allow-Origin $http_origin always;
          add_header Access-Control-Allow-Credentials true always;
          add_header Vary Origin always;
        }
      }`);
    const [fonts, api] = policiesOf(ingressNginxAdapter, 'ing.yaml', text);
    expect(fonts?.source).toBe('Ingress api server-snippet location /fonts/');
    expect(fonts?.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([['any', 8, 49]]);
    expect(fonts?.credentials.value).toBe(false);
    expect(api?.source).toBe('Ingress api server-snippet location ~* ^/api/');
    expect(api?.origins).toMatchObject([{ kind: 'exact', value: 'https://app.example.com', compared: true, loc: { line: 11, column: 29 } }]);
    expect(api?.credentials.value).toBe(true);
    expect(findingsOf('ing.yaml', text)).toEqual([]);
  });
});

describe('ingress-nginx snippets that copy the origin into a variable', () => {
  // The common nginx idiom: empty a variable, copy $http_origin into it under an origin regex, send it.
  const copied = (body: string): string =>
    ingress(`    nginx.ingress.kubernetes.io/configuration-snippet: |
      set $cors_origin "";
      if ($http_origin ~* "^https?://([a-z0-9-]+\\.)*example\\.com$") {
          set $cors_origin $http_origin;
      }
${body}`);
  const headers = `      add_header Access-Control-Allow-Origin $cors_origin always;
      add_header Access-Control-Allow-Credentials "true" always;`;

  it('reads the header as echoing the origins the regex lets through, at the regex', () => {
    expect(policiesOf(ingressNginxAdapter, 'ing.yaml', copied(headers))[0]?.origins).toEqual([
      {
        kind: 'pattern',
        source: '^https?://([a-z0-9-]+\\.)*example\\.com$',
        flags: 'i',
        dialect: 'pcre-search',
        loc: expect.objectContaining({ line: 8, column: 28 }),
      },
    ]);
    expect(findingsOf('ing.yaml', copied(headers))).toEqual([
      ['no-insecure-origin', 'insecureOriginMatchedWithCredentials', 8, 28],
      ['require-vary-origin', 'missingVary', 8, 28],
    ]);
    // In a preflight-only block and through headers-more, the same.
    const preflight = `      if ($request_method = OPTIONS) {
          more_set_headers "Access-Control-Allow-Origin: \${cors_origin}";
          return 204;
      }`;
    expect(findingsOf('ing.yaml', copied(preflight))).toEqual([
      ['no-insecure-origin', 'insecureOriginMatched', 8, 28],
      ['require-vary-origin', 'missingVary', 8, 28],
    ]);
  });

  it('keeps the value unknown for other shapes: a non-empty default, a reset after the copy, an unconditional copy', () => {
    const unknownOrigins = (text: string): unknown =>
      policiesOf(ingressNginxAdapter, 'ing.yaml', text)[0]?.origins.map((origin) => origin.kind);
    expect(unknownOrigins(copied(headers).replace('set $cors_origin "";', "set $cors_origin '*';"))).toEqual(['unknown']);
    expect(unknownOrigins(copied(`      set $cors_origin "";\n${headers}`))).toEqual(['unknown']);
    expect(unknownOrigins(copied(headers).replace('set $cors_origin "";', 'set $cors_origin $http_origin;'))).toEqual(['unknown']);
    expect(findingsOf('ing.yaml', copied(headers).replace('set $cors_origin "";', ''))).toEqual([]);
  });

  it("reads a chart's ingress extraAnnotations, merged over its annotations as the rendered Ingress holds them", () => {
    const rancher = `hostname: rancher.example.com
ingress:
  enabled: true
  includeDefaultExtraAnnotations: true
  extraAnnotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "*"
  tls:
    source: rancher
`;
    expect(findingsOf('values.yaml', rancher)).toEqual([
      ['max-age-within-browser-cap', 'aboveBrowserCap', 6, 5],
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 7, 53],
    ]);
    const both = `ingress:
  enabled: true
  annotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://ops.example.com"
    nginx.ingress.kubernetes.io/cors-max-age: "86400"
  extraAnnotations:
    nginx.ingress.kubernetes.io/cors-max-age: "600"
    nginx.ingress.kubernetes.io/configuration-snippet: |
      more_set_headers "Vary: Origin";
`;
    expect(findingsOf('values.yaml', both)).toEqual([]);
    expect(findingsOf('values.yaml', both.replace('"600"', '"7201"'))).toEqual([
      ['max-age-within-browser-cap', 'aboveBrowserCap', 8, 47],
    ]);
  });
});

describe('NGINX Ingress Controller (nginx.org) snippets', () => {
  const minion = (annotations: string): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: kiosk
  annotations:
    nginx.org/mergeable-ingress-type: "minion"
${annotations}
spec:
  ingressClassName: nginx
`;

  it('reads the headers of nginx.org/location-snippets as those of a configuration-snippet', () => {
    const text = minion(`    nginx.org/location-snippets: |
      add_header 'Access-Control-Allow-Origin' '*' always;
      add_header 'Access-Control-Allow-Credentials' 'true' always;`);
    expect(findingsOf('ingress.yaml', text)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 8, 49]]);
    expect(onlyPolicy(ingressNginxAdapter, 'ingress.yaml', text).source).toBe('Ingress kiosk nginx.org/location-snippets');
  });

  it('reads nginx.org/server-snippets, and a Vary one of the snippets adds', () => {
    const reflect = `    nginx.org/server-snippets: |
      add_header Access-Control-Allow-Origin $http_origin always;
      add_header Access-Control-Allow-Credentials true always;`;
    expect(findingsOf('ingress.yaml', minion(reflect))).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 8, 46],
      ['require-vary-origin', 'missingVary', 8, 46],
    ]);
    const withVary = `${reflect}
    nginx.org/location-snippets: |
      add_header Vary Origin always;`;
    expect(findingsOf('ingress.yaml', minion(withVary))).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 8, 46],
    ]);
  });

  it('stays silent on one fixed origin, and reads the snippets chart values give an ingress', () => {
    const fixed = `    nginx.org/location-snippets: |
      add_header Access-Control-Allow-Origin https://kiosk-ui.example.com always;
      add_header Access-Control-Allow-Credentials true always;`;
    expect(findingsOf('ingress.yaml', minion(fixed))).toEqual([]);
    const values = `ingress:
  enabled: true
  annotations:
    nginx.org/location-snippets: |
      add_header Access-Control-Allow-Origin * always;
      add_header Access-Control-Allow-Credentials true always;
`;
    expect(findingsOf('values.yaml', values)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 5, 46]]);
  });
});
