import { describe, expect, it } from 'vitest';
import { gatewayAdapters } from '../../src/adapters/gateways.js';
import { documents } from './helpers.js';

const LIST = `apiVersion: v1
kind: List
metadata:
  resourceVersion: ""
items:
  - apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: { name: web, namespace: shop }
    spec:
      http:
        - corsPolicy:
            allowOrigins: [{ exact: https://shop.example.com }]
  - apiVersion: projectcontour.io/v1
    kind: HTTPProxy
    metadata: { name: api, namespace: shop }
    spec:
      virtualhost:
        fqdn: api.example.com
        corsPolicy: { allowOrigin: ["*"], allowMethods: [GET] }
`;

describe('gateway adapters', () => {
  it('read each manifest of a kubectl List', () => {
    const [doc] = documents('list.yaml', LIST);
    const recognising = gatewayAdapters.filter((adapter) => adapter.detect(doc!));
    expect(recognising.map((adapter) => adapter.name)).toEqual(['istio', 'contour']);
    expect(
      recognising.flatMap((adapter) => adapter.extract(doc!)).map((policy) => [policy.source, policy.loc.line]),
    ).toEqual([
      ['Istio VirtualService web http[0]', 12],
      ['HTTPProxy api', 19],
    ]);
  });

  it('recognise each fixture-shaped document with exactly one adapter', () => {
    const samples: Record<string, string> = {
      'ingress-nginx':
        'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: a\n  annotations: { x: y }\n',
      kong: '_format_version: "3.0"\nservices: []\n',
      apisix: 'routes:\n  - uri: /a\n    plugins:\n      cors: {}\n',
      envoy:
        'static_resources:\n  listeners:\n    - filter_chains: [{ filters: [{ typed_config: { route_config: { virtual_hosts: [{ domains: ["*"] }] } } }] }]\n',
      'spring-cloud-gateway': 'spring:\n  cloud:\n    gateway:\n      routes: []\n',
      traefik: 'http:\n  middlewares:\n    m:\n      headers: { accessControlAllowOriginList: [a] }\n',
    };
    for (const [name, text] of Object.entries(samples)) {
      const [doc] = documents(`${name}.yaml`, text);
      expect(gatewayAdapters.filter((adapter) => adapter.detect(doc!)).map((adapter) => adapter.name)).toEqual([name]);
    }
  });
});

describe('gateway adapters on ConfigMaps', () => {
  const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: edge-proxy
  namespace: edge
data:
  envoy.yaml: |
    static_resources:
      listeners:
        - filter_chains:
            - filters:
                - typed_config:
                    route_config:
                      virtual_hosts:
                        - name: web
                          domains: ["*"]
                          cors:
                            allow_origin_string_match: [{ exact: https://app.example.com }]
                            allow_credentials: true
  kong.yml: "_format_version: '3.0'\\nplugins:\\n  - name: cors\\n"
  README: |
    virtual_hosts are configured in envoy.yaml
`;

  it('read config files embedded as literal blocks, at their place in the ConfigMap', () => {
    const [doc] = documents('configmap.yaml', CONFIG_MAP);
    const recognising = gatewayAdapters.filter((adapter) => adapter.detect(doc!));
    expect(recognising.map((adapter) => adapter.name)).toEqual(['envoy']);
    const [policy] = recognising.flatMap((adapter) => adapter.extract(doc!));
    expect(policy?.source).toBe('Envoy virtual host web');
    expect(policy?.origins).toEqual([
      {
        kind: 'exact',
        value: 'https://app.example.com',
        compared: true,
        loc: { file: 'configmap.yaml', line: 18, column: 66, endLine: 18, endColumn: 89 },
      },
    ]);
    expect(policy?.credentials.loc).toMatchObject({ line: 19, column: 48 });
  });
});
