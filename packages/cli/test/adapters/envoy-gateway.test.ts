import { describe, expect, it } from 'vitest';
import { envoyGatewayAdapter } from '../../src/adapters/envoy-gateway.js';
import { findingsOf } from './gateway-findings.js';
import { at, detects, onlyPolicy, policiesOf } from './helpers.js';

const policyText = (cors: string): string => `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata:
  name: cors-api
spec:
  targetRefs:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      name: api
  cors:
${cors}
`;

describe('envoy-gateway adapter', () => {
  it('sends maxAge in whole seconds, the fraction truncated, so a fractional duration is no fractional header', () => {
    const maxAge = (value: string): string =>
      policyText(`    allowOrigins: ["https://www.example.com"]\n    allowMethods: [GET]\n    maxAge: ${value}`);
    expect(onlyPolicy(envoyGatewayAdapter, 'sp.yaml', maxAge('1500ms')).maxAge).toMatchObject({ seconds: 1, raw: '1500ms' });
    expect(findingsOf('sp.yaml', maxAge('500ms'))).toEqual([]);
    expect(findingsOf('sp.yaml', maxAge('7200.9s'))).toEqual([]);
    expect(findingsOf('sp.yaml', maxAge('7201.5s'))).toEqual([['max-age-within-browser-cap', 'aboveBrowserCap', 13, 13]]);
  });

  it('reads nothing from a policy whose maxAge has no unit, which the CRD refuses', () => {
    const maxAge = (value: string): string =>
      policyText(`    allowOrigins: ["*"]\n    allowCredentials: true\n    allowMethods: [GET]\n    maxAge: ${value}`);
    expect(policiesOf(envoyGatewayAdapter, 'sp.yaml', maxAge('"86400"'))).toEqual([]);
    expect(findingsOf('sp.yaml', maxAge('86400'))).toEqual([]);
    expect(findingsOf('sp.yaml', maxAge('"86400s"'))).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 11, 20],
      ['max-age-within-browser-cap', 'aboveBrowserCap', 14, 13],
    ]);
    expect(policiesOf(envoyGatewayAdapter, 'sp.yaml', maxAge('"${CORS_MAX_AGE}"'))).toHaveLength(1);
  });

  it('reads nothing from a policy with an origin the CRD pattern refuses', () => {
    const origins = (...list: string[]): string =>
      policyText(`    allowOrigins:\n${list.map((origin) => `      - "${origin}"`).join('\n')}\n    allowCredentials: true`);
    for (const refused of ['https://app.example.com/', 'http://localhost:*', 'https://app.*.com', 'chrome-extension://abcdef', 'https://*example.com']) {
      expect(policiesOf(envoyGatewayAdapter, 'sp.yaml', origins('https://www.example.com', refused))).toEqual([]);
    }
    expect(findingsOf('sp.yaml', origins('https://*.example.com', 'http://10.0.0.5:3000', 'https://*'))).toEqual([
      ['no-insecure-origin', 'insecureOriginWithCredentials', 13, 9],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 14, 9],
    ]);
    expect(policiesOf(envoyGatewayAdapter, 'sp.yaml', origins('{{ .Values.cors.origin }}'))).toHaveLength(1);
  });

  it('reads spec.cors with wildcard origins, duration max-age and no defaults', () => {
    const policy = onlyPolicy(
      envoyGatewayAdapter,
      'sp.yaml',
      policyText(`    allowOrigins:
      - "https://www.example.com"
      - "https://*.example.com"
      - "http://*.example.com:8080"
    allowMethods: [GET, POST, DELETE]
    allowHeaders: [content-type, x-request-id]
    exposeHeaders: [x-trace-id]
    maxAge: 10m`),
    );
    expect(policy.source).toBe('SecurityPolicy cors-api');
    expect(at(policy.loc)).toEqual([11, 5]);
    expect(policy.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([
      ['exact', 12, 9],
      ['glob', 13, 9],
      ['glob', 14, 9],
    ]);
    expect(policy.origins[1]).toMatchObject({ value: 'https://*.example.com', star: 'any' });
    expect(policy.maxAge).toMatchObject({ seconds: 600, raw: '10m', loc: { line: 18, column: 13 } });
    expect(policy.credentials).toEqual({ value: false, loc: policy.loc });
    expect(policy.exposeHeaders).toMatchObject({ kind: 'list', items: [{ value: 'x-trace-id' }] });
  });

  it('echoes every origin for *, with or without credentials (an RE2 .* matcher in Envoy)', () => {
    const policy = onlyPolicy(
      envoyGatewayAdapter,
      'sp.yaml',
      policyText(`    allowOrigins: ["*"]\n    allowCredentials: true`),
    );
    expect(policy.origins).toEqual([{ kind: 'reflect-any', loc: expect.objectContaining({ line: 11, column: 20 }) }]);
    expect(policy.credentials).toMatchObject({ value: true, loc: { line: 12, column: 23 } });
    expect(policy.maxAge).toBeUndefined();
  });

  it('ignores other security settings and other kinds', () => {
    expect(
      policiesOf(
        envoyGatewayAdapter,
        'sp.yaml',
        'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: SecurityPolicy\nmetadata: {name: x}\nspec:\n  basicAuth: {}\n',
      ),
    ).toEqual([]);
    expect(
      detects(
        envoyGatewayAdapter,
        'p.yaml',
        'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata: {name: x}\n',
      ),
    ).toBe(false);
  });

  it('reads the StringMatch origins of releases before v1.0', () => {
    const text = `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata:
  name: cors-example
spec:
  targetRef:
    group: gateway.networking.k8s.io
    kind: HTTPRoute
    name: backend
  cors:
    allowOrigins:
    - type: RegularExpression
      value: ".*"
    - type: Prefix
      value: "https://app."
    - value: "https://admin.example.com:443"
    allowMethods: [GET, POST]
    allowCredentials: true
`;
    expect(onlyPolicy(envoyGatewayAdapter, 'sp.yaml', text).origins).toMatchObject([
      { kind: 'reflect-any' },
      { kind: 'prefix', value: 'https://app.' },
      { kind: 'exact', value: 'https://admin.example.com:443', compared: true },
    ]);
    expect(findingsOf('sp.yaml', text)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 13, 14],
      ['no-permissive-origin-pattern', 'prefixWithoutEnd', 15, 14],
      ['valid-origin', 'defaultPort', 16, 14],
    ]);
  });
  it('reads allowRegexOrigins as RE2 expressions matched against the whole origin', () => {
    const text = policyText(`    allowOrigins: ["https://www.example.com"]
    allowRegexOrigins:
      - "https://.*example\\\\.com"
      - "https://[a-z]+\\\\.example\\\\.com"
      - "https://foo\\\\.example\\\\.com:3[0-9]{3}"
    allowCredentials: true`);
    const policy = onlyPolicy(envoyGatewayAdapter, 'sp.yaml', text);
    expect(policy.origins.map((origin) => [origin.kind, ...at(origin.loc)])).toEqual([
      ['exact', 11, 20],
      ['pattern', 13, 9],
      ['pattern', 14, 9],
      ['pattern', 15, 9],
    ]);
    expect(policy.origins[1]).toMatchObject({ source: 'https://.*example\\.com', dialect: 're2-full' });
    // Whether Vary is sent depends on the HTTPRoute the policy targets, so only the permissive expression is reported.
    expect(findingsOf('sp.yaml', text)).toEqual([['no-permissive-origin-pattern', 'noDotBeforeDomain', 13, 9]]);
  });

  it('echoes every origin for an allowRegexOrigins expression that matches anything', () => {
    const text = policyText(`    allowOrigins: ["https://www.example.com"]
    allowRegexOrigins: [".*"]
    allowCredentials: true`);
    expect(findingsOf('sp.yaml', text)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 12, 25]]);
    expect(findingsOf('sp.yaml', policyText(`    allowRegexOrigins: ["\${ORIGIN_REGEX}"]\n    allowCredentials: true`))).toEqual([]);
  });
  it('reads a wildcard that is the whole host (https://*) as echoing every origin', () => {
    const text = policyText(`    allowOrigins: ["https://*"]\n    allowCredentials: true`);
    expect(onlyPolicy(envoyGatewayAdapter, 'sp.yaml', text).origins).toEqual([
      { kind: 'reflect-any', loc: expect.objectContaining({ line: 11, column: 20 }) },
    ]);
    expect(findingsOf('sp.yaml', text)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 11, 20]]);
    expect(findingsOf('sp.yaml', policyText(`    allowOrigins: ["https://*"]`))).toEqual([]);
  });
});
