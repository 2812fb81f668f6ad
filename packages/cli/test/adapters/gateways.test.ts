import { describe, expect, it } from 'vitest';
import { gatewayAdapters } from '../../src/adapters/gateways.js';
import { findingsOf } from './gateway-findings.js';
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
          route: [{ destination: { host: web } }]
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
      ['HTTPProxy api', 20],
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
  kong.yml: "plugins: [{ name: cors }]"
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

  it('read a config file kubectl wrote as a multi-line quoted string, every finding at the string', () => {
    const quoted = `apiVersion: v1
kind: ConfigMap
metadata:
  name: kong-declarative
data:
  kong.yml: "_format_version: \\"3.0\\"\\nservices:\\n  - name: api   \\n    url: http://api:8080\\n
    \\   plugins:\\n      - name: cors\\n        config:\\n          origins: [\\"*\\"]\\n
    \\         credentials: true\\n          methods: [GET, POST]\\n"
  motd: "line one\\nline two"
`;
    expect(findingsOf('configmap.yaml', quoted)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 6, 13],
    ]);
  });

  it("read a Spring Boot application.properties mounted from a ConfigMap, each finding on the property's line", () => {
    const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: edge-gateway-config
data:
  logback.xml: |
    <configuration/>
  application.properties: |
    server.port=8080
    spring.cloud.gateway.globalcors.cors-configurations.[/**].allowed-origin-patterns=*
    spring.cloud.gateway.globalcors.cors-configurations.[/**].allow-credentials=true
`;
    expect(findingsOf('configmap.yaml', configMap)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 10, 87],
    ]);
  });
});

describe('gateway adapters on a kubectl List of ConfigMaps', () => {
  it('read the config files of each ConfigMap item', () => {
    const list = `apiVersion: v1
items:
- apiVersion: v1
  data:
    kong.yml: |
      _format_version: "3.0"
      plugins:
      - name: cors
        config:
          credentials: true
          methods: [GET, POST]
  kind: ConfigMap
  metadata:
    name: kong-dbless
kind: List
metadata:
  resourceVersion: ""
`;
    expect(findingsOf('configmaps.yaml', list)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 10, 11],
    ]);
  });
});

describe('gateway adapters on Services with Ambassador annotations', () => {
  const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: cors
  annotations:
    getambassador.io/config: |
      ---
      apiVersion: ambassador/v1
      kind:  Mapping
      name:  cors_mapping
      prefix: /cors/
      service: cors-example
      cors:
        origins: "*"
        methods: POST, GET, OPTIONS
        headers: Content-Type
        credentials: true
        max_age: "600"
spec:
  selector: { app: cors }
  ports: [{ port: 80, targetPort: 8080 }]
`;

  it('read the Mappings of getambassador.io/config, at their place in the Service', () => {
    const [doc] = documents('service.yaml', SERVICE);
    const recognising = gatewayAdapters.filter((adapter) => adapter.detect(doc!));
    expect(recognising.map((adapter) => adapter.name)).toEqual(['emissary']);
    const [policy] = recognising.flatMap((adapter) => adapter.extract(doc!));
    expect(policy?.source).toBe('Mapping cors_mapping');
    expect(policy?.loc).toMatchObject({ file: 'service.yaml', line: 14, column: 9 });
    expect(findingsOf('service.yaml', SERVICE)).toEqual([
      ['require-vary-origin', 'missingVary', 14, 9],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 14, 19],
    ]);
  });

  it('leave Services without the annotation, or with it folded, alone', () => {
    const recognised = (text: string): boolean =>
      documents('service.yaml', text).some((doc) => gatewayAdapters.some((adapter) => adapter.detect(doc)));
    expect(recognised(SERVICE)).toBe(true);
    expect(recognised(SERVICE.replace(/ {2}annotations:[\s\S]*?(?=spec:)/, ''))).toBe(false);
    // A folded block joins the lines, so its positions would not map back: it is not read.
    expect(recognised(SERVICE.replace('getambassador.io/config: |', 'getambassador.io/config: >'))).toBe(false);
  });
});

describe('gateway adapters on kustomizations', () => {
  const KUSTOMIZATION = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base
patches:
  - patch: |-
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: api
        annotations:
          nginx.ingress.kubernetes.io/enable-cors: "true"
          nginx.ingress.kubernetes.io/cors-allow-origin: "*"
          nginx.ingress.kubernetes.io/cors-allow-credentials: "true"
  - target:
      kind: Ingress
      name: api
    patch: |-
      - op: add
        path: /metadata/annotations/nginx.ingress.kubernetes.io~1cors-max-age
        value: "86400"
  - path: ingress-timeouts.yaml
patchesStrategicMerge:
  - |-
    apiVersion: traefik.io/v1alpha1
    kind: Middleware
    metadata:
      name: cors
    spec:
      headers:
        accessControlAllowOriginList: ["https://app.example.com"]
        accessControlMaxAge: 86400
  - middleware-patch.yaml
`;

  it('read the Ingress patches written inline, at their place in the kustomization', () => {
    // The Middleware patch merges into a base Middleware that may set addVaryHeader or any other key.
    expect(findingsOf('kustomization.yaml', KUSTOMIZATION)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 13, 59],
    ]);
  });

  it('read a patch as a patch: settings it leaves out belong to the base, so they are unknown', () => {
    const [doc] = documents('kustomization.yaml', KUSTOMIZATION);
    const [ingress] = gatewayAdapters.filter((adapter) => adapter.name === 'ingress-nginx').flatMap((adapter) => adapter.extract(doc!));
    expect(ingress?.maxAge).toMatchObject({ kind: 'unknown' });
    expect(ingress?.vary).toMatchObject({ value: 'unknown' });
  });

  it('leave operation lists, patch file paths and custom resource patches alone', () => {
    const withoutInline = KUSTOMIZATION.replace(/ {2}- patch: \|-[\s\S]*?(?= {2}- target:)/, '').replace(
      /patchesStrategicMerge:[\s\S]*?(?= {2}- middleware-patch)/,
      'patchesStrategicMerge:\n',
    );
    const [doc] = documents('kustomization.yaml', withoutInline);
    expect(gatewayAdapters.some((adapter) => adapter.detect(doc!))).toBe(false);
    // A patch with a spec cannot be told from a whole Ingress, whose defaults would fill in the rest.
    const withSpec = KUSTOMIZATION.replace(
      '          nginx.ingress.kubernetes.io/cors-allow-credentials: "true"\n',
      '          nginx.ingress.kubernetes.io/cors-allow-credentials: "true"\n      spec:\n        ingressClassName: nginx\n',
    );
    const [specDoc] = documents('kustomization.yaml', withSpec);
    expect(gatewayAdapters.some((adapter) => adapter.detect(specDoc!))).toBe(false);
  });
});

describe('gateway adapters on ConfigMaps printed as JSON', () => {
  it('read a config file whose line breaks are escapes (kubectl get -o json), every finding at the string', () => {
    const kongYml = '_format_version: "3.0"\nplugins:\n  - name: cors\n    config:\n      origins: ["*"]\n      credentials: true\n      methods: [GET]\n';
    const configMap = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kong' }, data: { 'kong.yml': kongYml } });
    const column = configMap.indexOf('"_format_version') + 1;
    expect(findingsOf('kong-config.json', configMap)).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 1, column]]);
    // A one-line value without a line break is no file.
    const oneLine = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kong' }, data: { 'kong.yml': 'plugins: [{ name: cors }]' } });
    const [doc] = documents('kong-config.json', oneLine);
    expect(gatewayAdapters.some((adapter) => adapter.detect(doc!))).toBe(false);
  });
});

describe('gateway adapters on Helm values files', () => {
  it("read the Kong chart's DB-less config written as a literal block, at its place in the values", () => {
    const values = `env:
  database: "off"
ingressController:
  enabled: false
dblessConfig:
  configMap: ""
  config: |
    _format_version: "3.0"
    services:
      - name: api
        url: http://api.default.svc:8080
        plugins:
          - name: cors
            config:
              origins: ["*"]
              credentials: true
              methods: [GET, POST]
`;
    expect(findingsOf('values.yaml', values)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 15, 25],
    ]);
  });

  it("read the DB-less config written as a mapping under a subchart's key", () => {
    const values = `kong:
  enabled: true
  dblessConfig:
    config:
      _format_version: "2.1"
      plugins:
        - name: cors
          config:
            origins: ["https://app.example.com", "http://admin.example.com"]
            methods: [GET]
`;
    expect(findingsOf('values.yaml', values)).toEqual([['no-insecure-origin', 'insecureOrigin', 9, 50]]);
  });

  it("read the config files a chart's files value mounts as they are (stable/envoy), at their place in the values", () => {
    const values = `replicaCount: 2
files:
  envoy.yaml: |-
    static_resources:
      listeners:
        - name: web
          address: { socket_address: { address: 0.0.0.0, port_value: 8080 } }
          filter_chains:
            - filters:
                - name: envoy.filters.network.http_connection_manager
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                    stat_prefix: web
                    route_config:
                      virtual_hosts:
                        - name: api
                          domains: ["*"]
                          routes:
                            - match: { prefix: "/" }
                              route: { cluster: api }
                          typed_per_filter_config:
                            envoy.filters.http.cors:
                              "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy
                              allow_origin_string_match:
                                - exact: "*"
                              allow_credentials: true
                    http_filters:
                      - name: envoy.filters.http.cors
                        typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors }
                      - name: envoy.filters.http.router
                        typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router }
  README.md: not a config
`;
    expect(findingsOf('values.yaml', values)).toEqual([
      ['require-vary-origin', 'missingVary', 24, 31],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 25, 42],
    ]);
    // A quoted file name is read by its value.
    expect(findingsOf('values.yaml', values.replace('  envoy.yaml: |-', '  "envoy.yaml": |-'))).toHaveLength(2);
  });


  it('read a config file a chart takes by name under a key of its own, or under that key\'s data', () => {
    const gateway = `spring:
  cloud:
    gateway:
      globalcors:
        corsConfigurations:
          '[/**]':
            allowedOrigins: "*"
            allowCredentials: true
`;
    const indented = (text: string, spaces: number): string => text.replace(/^(?=.)/gm, ' '.repeat(spaces));
    const configFiles = `replicaCount: 2
configFiles:
  application.yml: |-
${indented(gateway, 4)}service:
  port: 8080
`;
    expect(findingsOf('values.yaml', configFiles)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 10, 34],
    ]);
    const configMapData = `configMap:
  enabled: true
  data:
    application.yml: |
${indented(gateway, 6)}nodeSelector: {}
`;
    expect(findingsOf('values.yaml', configMapData)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 11, 36],
    ]);
    // A one-line value under such a key is a file name or a flag, not a file.
    const [path] = documents('values.yaml', 'config:\n  application.yml: /etc/app/application.yml\n');
    expect(gatewayAdapters.filter((adapter) => adapter.detect(path!))).toEqual([]);
  });
  it('leave the DB-less config alone when it names a ConfigMap, or folds the file so positions cannot map back', () => {
    const recognised = (text: string): boolean =>
      documents('values.yaml', text).some((doc) => gatewayAdapters.some((adapter) => adapter.detect(doc)));
    expect(recognised('dblessConfig:\n  configMap: kong-declarative\n')).toBe(false);
    expect(
      recognised('dblessConfig:\n  config: >\n    _format_version: "3.0"\n    plugins:\n      - name: cors\n'),
    ).toBe(false);
  });

  it('read the manifests of extraObjects, at their place in the values', () => {
    const values = `deployment:
  replicas: 2
extraObjects:
  - apiVersion: traefik.io/v1alpha1
    kind: Middleware
    metadata:
      name: cors
    spec:
      headers:
        accessControlAllowMethods: [GET, OPTIONS, PUT]
        accessControlAllowOriginList: ["*"]
        accessControlAllowCredentials: true
        accessControlMaxAge: 100
        addVaryHeader: true
  - |
    apiVersion: traefik.io/v1alpha1
    kind: Middleware
`;
    expect(findingsOf('values.yaml', values)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 11, 40],
    ]);
  });

  it("read the manifests of a subchart's extraDeploy list", () => {
    const values = `traefik:
  extraDeploy:
    - apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: { name: api }
      spec:
        http:
          - corsPolicy:
              allowOrigins: [{ regex: ".*" }]
              allowCredentials: true
            route: [{ destination: { host: api } }]
`;
    expect(findingsOf('values.yaml', values)).toEqual([
      ['require-vary-origin', 'missingVary', 9, 15],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 9, 39],
    ]);
  });

  it("read the values a Flux HelmRelease or an Argo CD Application carries inline", () => {
    const release = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: kong
spec:
  chart:
    spec: { chart: kong, sourceRef: { kind: HelmRepository, name: kong } }
  values:
    dblessConfig:
      config: |
        _format_version: "3.0"
        plugins:
          - name: cors
            config:
              origins: ["*"]
              credentials: true
              methods: [GET]
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: traefik
spec:
  source:
    chart: traefik
    repoURL: https://traefik.github.io/charts
    helm:
      valuesObject:
        extraObjects:
          - apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: { name: cors }
            spec:
              headers:
                accessControlAllowOriginList: ["*"]
                accessControlAllowCredentials: true
`;
    expect(findingsOf('releases.yaml', release)).toEqual([
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 15, 25],
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 35, 48],
    ]);
  });

  it("read an Argo CD Application's values written as a literal block, and those of each of its sources", () => {
    const applications = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: storefront
spec:
  source:
    chart: storefront
    repoURL: https://charts.example.com
    helm:
      values: |
        ingress:
          enabled: true
          annotations:
            nginx.ingress.kubernetes.io/enable-cors: "true"
            nginx.ingress.kubernetes.io/cors-allow-origin: "*"
            nginx.ingress.kubernetes.io/cors-max-age: "600"
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: api
spec:
  sources:
    - repoURL: https://github.com/example/values.git
      ref: values
    - chart: api
      repoURL: https://charts.example.com
      helm:
        valueFiles: [$values/api/values-prod.yaml]
        valuesObject:
          ingress:
            annotations:
              nginx.ingress.kubernetes.io/enable-cors: "true"
              nginx.ingress.kubernetes.io/cors-allow-origin: "https://app.example.com"
              nginx.ingress.kubernetes.io/cors-max-age: "600"
          extraObjects:
            - apiVersion: traefik.io/v1alpha1
              kind: Middleware
              metadata: { name: cors }
              spec:
                headers:
                  accessControlAllowOriginList: ["*"]
                  accessControlAllowCredentials: true
`;
    expect(findingsOf('applications.yaml', applications)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 15, 61],
      ['require-vary-origin', 'missingVary', 34, 62],
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 42, 50],
    ]);
  });

  it("read the values file of a k3s HelmChart or HelmChartConfig's valuesContent", () => {
    const k3s = `apiVersion: helm.cattle.io/v1
kind: HelmChart
metadata:
  name: grafana
  namespace: kube-system
spec:
  repo: https://grafana.github.io/helm-charts
  chart: grafana
  targetNamespace: monitoring
  valuesContent: |-
    ingress:
      enabled: true
      annotations:
        nginx.ingress.kubernetes.io/enable-cors: "true"
        nginx.ingress.kubernetes.io/cors-allow-origin: "*"
---
apiVersion: helm.cattle.io/v1
kind: HelmChartConfig
metadata:
  name: traefik
  namespace: kube-system
spec:
  valuesContent: |-
    extraObjects:
      - apiVersion: traefik.io/v1alpha1
        kind: Middleware
        metadata:
          name: cors
        spec:
          headers:
            accessControlAllowOriginList: ["*"]
            accessControlAllowCredentials: true
---
apiVersion: helm.cattle.io/v1
kind: HelmChartConfig
metadata:
  name: rke2-ingress-nginx
  namespace: kube-system
spec:
  valuesContent: |-
    controller:
      config:
        use-forwarded-headers: "true"
`;
    const expected = [
      ['max-age-within-browser-cap', 'aboveBrowserCap', 14, 9],
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 15, 57],
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 31, 44],
    ];
    expect(findingsOf('k3s-manifests.yaml', k3s)).toEqual(expected);
    // Checked out with CRLF line ends, each embedded file keeps its own lines and columns.
    expect(findingsOf('k3s-manifests.yaml', k3s.replace(/\n/g, '\r\n'))).toEqual(expected);
  });

  it("read the values of an Argo CD ApplicationSet's Application template, generator parameters unknown", () => {
    const applicationSet = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: jupyterhub
spec:
  goTemplate: true
  generators:
    - list:
        elements:
          - cluster: prod
            origin: https://notebooks.example.com
  template:
    metadata:
      name: 'jupyterhub-{{.cluster}}'
    spec:
      project: default
      source:
        repoURL: https://hub.jupyter.org/helm-chart/
        chart: jupyterhub
        helm:
          valuesObject:
            ingress:
              enabled: true
              annotations:
                nginx.ingress.kubernetes.io/enable-cors: "true"
                nginx.ingress.kubernetes.io/cors-allow-origin: "*"
                nginx.ingress.kubernetes.io/cors-max-age: "600"
              hosts:
                - 'hub.{{.cluster}}.example.com'
      destination:
        server: https://kubernetes.default.svc
        namespace: jupyterhub
---
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: dashboards
spec:
  template:
    spec:
      source:
        chart: grafana
        helm:
          values: |
            ingress:
              annotations:
                nginx.ingress.kubernetes.io/enable-cors: "true"
                nginx.ingress.kubernetes.io/cors-allow-origin: '{{.origin}}'
                nginx.ingress.kubernetes.io/cors-max-age: "600"
`;
    expect(findingsOf('applicationsets.yaml', applicationSet)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 26, 65],
    ]);
  });

  it('read the Ingress patches of a Flux Kustomization and of an Argo CD Application', () => {
    const patches = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: sentry
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps/sentry
  sourceRef: { kind: GitRepository, name: flux-system }
  patches:
    - target: { kind: Ingress, name: sentry }
      patch: |
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: sentry
          annotations:
            nginx.ingress.kubernetes.io/enable-cors: "true"
            nginx.ingress.kubernetes.io/cors-allow-origin: "*"
            nginx.ingress.kubernetes.io/cors-allow-credentials: "true"
    - target: { kind: Deployment, name: sentry-web }
      patch: |
        - op: replace
          path: /spec/replicas
          value: 3
---
apiVersion: kustomize.toolkit.fluxcd.io/v1beta2
kind: Kustomization
metadata:
  name: minio
spec:
  patchesStrategicMerge:
    - apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: minio-console
        annotations:
          nginx.ingress.kubernetes.io/enable-cors: "true"
          nginx.ingress.kubernetes.io/cors-allow-origin: "http://console.example.com"
          nginx.ingress.kubernetes.io/cors-allow-credentials: "true"
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: keycloak
spec:
  source:
    repoURL: https://github.com/example/platform.git
    path: apps/keycloak
    kustomize:
      patches:
        - target: { kind: Ingress, name: keycloak }
          patch: |-
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: keycloak
              annotations:
                nginx.ingress.kubernetes.io/enable-cors: "true"
                nginx.ingress.kubernetes.io/cors-allow-origin: "*"
                nginx.ingress.kubernetes.io/cors-allow-credentials: "true"
`;
    expect(findingsOf('gitops-patches.yaml', patches)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 19, 61],
      ['no-insecure-origin', 'insecureOriginWithCredentials', 39, 59],
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 60, 65],
    ]);
  });

  it("read each helmCharts[].valuesInline of a kustomization rendered with --enable-helm", () => {
    const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: argocd
helmCharts:
  - name: argo-cd
    repo: https://argoproj.github.io/argo-helm
    releaseName: argocd
    valuesInline:
      server:
        ingress:
          enabled: true
          annotations:
            nginx.ingress.kubernetes.io/enable-cors: "true"
            nginx.ingress.kubernetes.io/cors-allow-origin: "*"
            nginx.ingress.kubernetes.io/cors-max-age: "600"
    valuesFile: values.yaml
  - name: traefik
    repo: https://traefik.github.io/charts
    valuesInline:
      extraObjects:
        - apiVersion: traefik.io/v1alpha1
          kind: Middleware
          metadata: { name: cors }
          spec:
            headers:
              accessControlAllowOriginList: ["*"]
              accessControlAllowCredentials: true
  - name: grafana
    repo: https://grafana.github.io/helm-charts
    valuesInline:
      ingress:
        enabled: false
        annotations:
          nginx.ingress.kubernetes.io/enable-cors: "true"
resources:
  - namespace.yaml
`;
    expect(findingsOf('kustomization.yaml', kustomization)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 14, 61],
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 26, 46],
    ]);
    const generator = `apiVersion: builtin
kind: HelmChartInflationGenerator
metadata:
  name: keycloak
name: keycloakx
repo: https://codecentric.github.io/helm-charts
releaseName: keycloak
valuesInline:
  ingress:
    enabled: true
    annotations:
      nginx.ingress.kubernetes.io/enable-cors: "true"
      nginx.ingress.kubernetes.io/cors-allow-origin: "https://app.example.com, http://localhost:3000"
      nginx.ingress.kubernetes.io/cors-max-age: "600"
`;
    expect(findingsOf('helm-generator.yaml', generator)).toEqual([
      ['require-vary-origin', 'missingVary', 13, 54],
    ]);
    const kpt = `apiVersion: fn.kpt.dev/v1alpha1
kind: RenderHelmChart
metadata:
  name: demo
  annotations:
    config.kubernetes.io/function: |
      container:
        image: gcr.io/kpt-fn/render-helm-chart:v0.2.2
helmCharts:
  - name: webapp
    repo: https://charts.example.com
    releaseName: webapp
    valuesInline:
      ingress:
        enabled: true
        annotations:
          nginx.ingress.kubernetes.io/enable-cors: "true"
          nginx.ingress.kubernetes.io/cors-allow-origin: "*"
          nginx.ingress.kubernetes.io/cors-max-age: "600"
`;
    expect(findingsOf('render-helm-chart.yaml', kpt)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 18, 59],
    ]);
  });

  it("read the values of an Argo CD Application's helm.parameters and of a helmfile release's set entries", () => {
    const releases = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: grafana
  namespace: argocd
spec:
  project: default
  source:
    chart: grafana
    repoURL: https://grafana.github.io/helm-charts
    targetRevision: 8.5.1
    helm:
      parameters:
        - name: ingress.enabled
          value: "true"
        - name: ingress.hosts[0]
          value: grafana.example.com
        - name: "ingress.annotations.nginx\\\\.ingress\\\\.kubernetes\\\\.io/enable-cors"
          value: "true"
          forceString: true
        - name: ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/cors-allow-origin
          value: "*"
          forceString: true
  destination:
    server: https://kubernetes.default.svc
    namespace: monitoring
---
repositories:
  - name: openfaas
    url: https://openfaas.github.io/faas-netes
releases:
  - name: openfaas
    chart: openfaas/openfaas
    set:
      - name: ingress.enabled
        value: true
      - name: ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/enable-cors
        value: "true"
      - name: ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/cors-allow-origin
        value: https://app.example.com,http://dev.example.com
      - name: ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/cors-max-age
        value: "600"
    values:
      - extraObjects:
          - apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: { name: cors }
            spec:
              headers:
                accessControlAllowOriginList: ["*"]
                accessControlAllowCredentials: true
`;
    expect(findingsOf('releases.yaml', releases)).toEqual([
      ['max-age-within-browser-cap', 'aboveBrowserCap', 18, 17],
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 22, 19],
      ['require-vary-origin', 'missingVary', 40, 16],
      ['no-insecure-origin', 'insecureOriginWithCredentials', 40, 40],
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 50, 48],
    ]);
  });

  it("read the Ingress patches of a Flux HelmRelease's kustomize post-renderers", () => {
    const release = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: sentry
  namespace: sentry
spec:
  interval: 30m
  chart:
    spec:
      chart: sentry
      sourceRef: { kind: HelmRepository, name: sentry }
  values:
    ingress:
      enabled: true
      ingressClassName: nginx
  postRenderers:
    - kustomize:
        patches:
          - target: { kind: Ingress, name: sentry }
            patch: |
              apiVersion: networking.k8s.io/v1
              kind: Ingress
              metadata:
                name: sentry
                annotations:
                  nginx.ingress.kubernetes.io/enable-cors: "true"
                  nginx.ingress.kubernetes.io/cors-allow-origin: "*"
                  nginx.ingress.kubernetes.io/cors-allow-credentials: "true"
        patchesStrategicMerge:
          - apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: sentry-relay
              annotations:
                nginx.ingress.kubernetes.io/enable-cors: "true"
                nginx.ingress.kubernetes.io/cors-allow-origin: "https://sentry.example.com"
                nginx.ingress.kubernetes.io/cors-max-age: "600"
`;
    expect(findingsOf('helmrelease.yaml', release)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 27, 67],
    ]);
  });
});

describe("Terraform's kubernetes_manifest resources", () => {
  const change = (address: string, actions: string, manifest: string, afterUnknown: string): string => `    {
      "address": "${address}", "mode": "managed", "type": "kubernetes_manifest", "name": "x",
      "change": {
        "actions": [${actions}],
        "after": { "manifest": ${manifest}, "object": null },
        "after_unknown": { "manifest": ${afterUnknown}, "object": true }
      }
    }`;
  const virtualService = `{
          "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
          "metadata": { "name": "api" },
          "spec": { "http": [ { "corsPolicy": {
            "allowOrigins": [ { "regex": ".*" } ],
            "allowCredentials": true
          }, "route": [ { "destination": { "host": "api" } } ] } ] }
        }`;
  const plan = (...changes: string[]): string => `{
  "format_version": "1.2",
  "resource_changes": [
${changes.join(',\n')}
  ]
}`;

  it('reads the manifest a plan applies as that Kubernetes object, at its place in the JSON', () => {
    expect(findingsOf('plan.json', plan(change('kubernetes_manifest.api', '"create"', virtualService, '{}')))).toEqual([
      ['require-vary-origin', 'missingVary', 12, 13],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 12, 42],
    ]);
  });

  it('reads the manifests of a state, in child modules too', () => {
    const state = `{
  "format_version": "1.0",
  "values": { "root_module": { "child_modules": [ { "address": "module.mesh", "resources": [
    { "address": "module.mesh.kubernetes_manifest.api", "mode": "managed", "type": "kubernetes_manifest",
      "values": { "manifest": ${virtualService} } }
  ] } ] } }
}`;
    expect(findingsOf('state.json', state)).toEqual([
      ['require-vary-origin', 'missingVary', 9, 13],
      ['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 9, 42],
    ]);
  });

  it('leaves out a deleted manifest and one holding a value known only after apply', () => {
    const deleted = change('kubernetes_manifest.old', '"delete"', 'null', 'false');
    const unknown = change('kubernetes_manifest.api', '"create"', virtualService, '{ "spec": { "http": [ { "corsPolicy": { "allowOrigins": true } } ] } }');
    expect(findingsOf('plan.json', plan(deleted, unknown))).toEqual([]);
  });
});

describe("Terraform's helm_release resources", () => {
  const release = (values: string, set: string, unknown: string): string => `{
  "format_version": "1.2",
  "resource_changes": [
    { "address": "helm_release.api", "mode": "managed", "type": "helm_release", "name": "api",
      "change": { "actions": ["create"],
        "after": { "chart": "./charts/api", "values": [${values}], "set": [${set}] },
        "after_unknown": { "id": true, ${unknown} } } }
  ]
}`;
  const file = JSON.stringify('ingress:\n  annotations:\n    nginx.ingress.kubernetes.io/enable-cors: "true"\n    nginx.ingress.kubernetes.io/cors-allow-origin: "*"\n');
  const setOrigin = `{ "name": "ingress.annotations.nginx\\\\.ingress\\\\.kubernetes\\\\.io/enable-cors", "value": "true" },
      { "name": "ingress.annotations.nginx\\\\.ingress\\\\.kubernetes\\\\.io/cors-max-age", "value": "600" }`;

  it('reads each values file a release hands its chart, at the string that holds it', () => {
    expect(findingsOf('plan.json', release(file, '', '"values": [false]'))).toEqual([
      ['max-age-within-browser-cap', 'aboveBrowserCap', 6, 56],
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 6, 57],
    ]);
  });

  it('reads its set blocks as --set values, and leaves out values known only after apply', () => {
    // enable-cors alone leaves the controller's defaults: origin '*' with credentials, blamed on it.
    expect(findingsOf('plan.json', release('', setOrigin, '"set": [{}, {}]'))).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 6, 77],
    ]);
    expect(findingsOf('plan.json', release('null', setOrigin, '"values": [true], "set": [{ "value": true }, {}]'))).toEqual([]);
  });

  it('merges the set blocks over the values files, as Helm does', () => {
    const origin = '{ "name": "ingress.annotations.nginx\\\\.ingress\\\\.kubernetes\\\\.io/cors-allow-origin", "value": "https://app.example.com" }';
    expect(findingsOf('plan.json', release(file, origin, '"values": [false], "set": [{}]'))).toEqual([
      ['max-age-within-browser-cap', 'aboveBrowserCap', 6, 56],
      ['require-vary-origin', 'missingVary', 6, 302],
    ]);
  });
});

describe('Crossplane provider-kubernetes Objects', () => {
  const object = (extra: string): string => `apiVersion: kubernetes.crossplane.io/v1alpha2
kind: Object
metadata:
  name: route
spec:
${extra}  forProvider:
    manifest:
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: { name: web }
      spec:
        rules:
          - filters:
              - type: CORS
                cors: { allowOrigins: ["*"], allowCredentials: true }
            backendRefs: [{ name: web, port: 80 }]
`;

  it('reads the manifest an Object wraps, at its place in the file', () => {
    expect(findingsOf('object.yaml', object(''))).toEqual([['no-reflected-origin-with-credentials', 'reflectedWithCredentials', 15, 40]]);
  });

  it('leaves out an Object whose references patch its manifest, and the status copy', () => {
    const references = `  references:
    - patchesFrom: { apiVersion: v1, kind: ConfigMap, name: cors, namespace: web, fieldPath: data.origin }
      toFieldPath: spec.rules[0].filters[0].cors.allowOrigins[0]
`;
    const statusOnly = object('').replace('  forProvider:\n    manifest:', '  forProvider: {}\nstatus:\n  atProvider:\n    manifest:');
    for (const text of [object(references), statusOnly]) {
      expect(() => findingsOf('object.yaml', text)).toThrow('object.yaml was skipped: no adapter recognises its document');
    }
  });
});

describe('Crossplane provider-helm Releases', () => {
  const release = (extra: string): string => `apiVersion: helm.crossplane.io/v1beta1
kind: Release
metadata:
  name: api
spec:
  forProvider:
    chart: { name: api, repository: https://charts.example.com }
    values:
      ingress:
        annotations:
          nginx.ingress.kubernetes.io/enable-cors: "true"
          nginx.ingress.kubernetes.io/cors-allow-origin: "*"
          nginx.ingress.kubernetes.io/cors-max-age: "600"
${extra}`;

  it('reads the values a Release hands its chart, with its set entries merged over them', () => {
    expect(findingsOf('release.yaml', release(''))).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 12, 59]]);
    const set = `    set:
      - name: ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/cors-allow-credentials
        value: "false"
`;
    expect(findingsOf('release.yaml', release(set))).toEqual([]);
  });

  it('leaves out a Release that reads values from a ConfigMap or Secret', () => {
    for (const extra of [
      '    valuesFrom:\n      - secretKeyRef: { name: api-values, namespace: crossplane-system, key: values.yaml }\n',
      '    set:\n      - name: ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/cors-allow-credentials\n        valueFrom:\n          configMapKeyRef: { name: api, namespace: crossplane-system, key: credentials }\n',
    ]) {
      expect(() => findingsOf('release.yaml', release(extra))).toThrow('release.yaml was skipped: no adapter recognises its document');
    }
  });
});
