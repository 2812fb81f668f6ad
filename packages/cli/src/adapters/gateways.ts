import { at, get, helmReleaseValues, isMap, items, keptOn, keyName, perFileText, resourceHeader, type ResourceHeader } from '../document/access.js';
import type { ConfigDocument, DocNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { apisixAdapter } from './apisix.js';
import { contourAdapter } from './contour.js';
import { embeddedDocuments } from './embedded-documents.js';
import { emissaryAdapter } from './emissary.js';
import { envoyGatewayAdapter } from './envoy-gateway.js';
import { envoyAdapter } from './envoy.js';
import { gatewayApiAdapter } from './gateway-api.js';
import { helmSetValues, mergedHelmLayers } from './helm-set-values.js';
import { ingressNginxAdapter } from './ingress-nginx.js';
import { istioAdapter } from './istio.js';
import { kongAdapter } from './kong.js';
import { springCloudGatewayAdapter } from './spring-cloud-gateway.js';
import { terraformHelmReleaseValues, terraformKubernetesManifests } from './terraform-manifests.js';
import { traefikAdapter } from './traefik.js';

/**
 * The manifests of a document: the document itself, each item of a Kubernetes `List` (what
 * `kubectl get … -o yaml` prints: `apiVersion: v1`, `kind: List` or `<Kind>List`, `items: [...]`),
 * the config files a ConfigMap carries (Envoy's `envoy.yaml`, a DB-less `kong.yml`, `apisix.yaml`,
 * Traefik's dynamic config, a Spring `application.yml`), the Emissary (Ambassador) resources a
 * Service declares in its `getambassador.io/config` annotation, and the patches a kustomization
 * writes inline, the object a Crossplane `Object` wraps, and, in a plan or state `terraform show -json` prints, the manifests Terraform's
 * `kubernetes_manifest` resources apply and the chart values its `helm_release` resources give, each
 * positioned in the file that holds it.
 */
// Every adapter asks for the same document twice (detect, extract): each ConfigMap is read once.
const manifests = keptOn('manifests', readManifests);

function readManifests(doc: ConfigDocument): ConfigDocument[] {
  const header = resourceHeader(doc.root);
  // `kubectl get configmaps,services -o yaml` lists ConfigMaps and Services too: read what they hold.
  if (header?.group === '' && header.kind.endsWith('List')) {
    return items(get(doc.root, 'items')).flatMap((root) => itemManifests({ ...doc, root }, resourceHeader(root)));
  }
  return itemManifests(doc, header);
}

function itemManifests(doc: ConfigDocument, header: ReturnType<typeof resourceHeader>): ConfigDocument[] {
  if (header === undefined) {
    return [
      doc,
      ...helmValuesManifests(doc, doc.root),
      ...helmfileReleaseValues(doc),
      ...terraformKubernetesManifests(doc).flatMap((manifest) => itemManifests(manifest, resourceHeader(manifest.root))),
      ...terraformHelmReleaseValues(doc).flatMap((values) => [values, ...helmValuesManifests(values, values.root)]),
    ];
  }
  if (header.group === '' && header.kind === 'ConfigMap') return [doc, ...embeddedFiles(doc)];
  if (header.group === '' && header.kind === 'Service') return [doc, ...annotationResources(doc)];
  if (header.group === 'kubernetes.crossplane.io' && header.kind === 'Object') return [doc, ...crossplaneObjectManifest(doc)];
  const values = helmReleaseValues(doc.root, header);
  return [
    doc,
    ...(values === undefined ? [] : helmValuesManifests(doc, values)),
    ...releaseValuesDocuments(doc, header).flatMap((inner) => [inner, ...helmValuesManifests(inner, inner.root)]),
    ...inlinePatches(doc, header).flatMap((patches) => kustomizePatches(doc, patches)),
  ];
}

/**
 * The Kubernetes object a Crossplane provider-kubernetes `Object` manages: `spec.forProvider.manifest`,
 * the object as it is applied (crossplane-contrib/provider-kubernetes, `kubernetes.crossplane.io`
 * `Object`), read at its place in the file. `status.atProvider.manifest` is the cluster's copy, not
 * read. An Object with `spec.references` may have fields of its manifest patched in from other
 * objects when it is applied, so it is left out.
 */
function crossplaneObjectManifest(doc: ConfigDocument): ConfigDocument[] {
  const spec = get(doc.root, 'spec');
  const manifest = at(spec, 'forProvider', 'manifest');
  if (!isMap(manifest) || items(get(spec, 'references')).length > 0) return [];
  return itemManifests({ ...doc, root: manifest }, resourceHeader(manifest));
}

/**
 * Lists of whole manifests a Helm chart renders as they are (`extraObjects` in the Traefik, Kong and
 * many other charts, `extraDeploy` in Bitnami's, `extraManifests`), at the top of a values file or
 * under a subchart's key.
 */
const EXTRA_MANIFEST_KEYS = ['extraObjects', 'extraDeploy', 'extraManifests'];

/**
 * What a Helm values file hands to a chart verbatim: the manifests of its extra-objects lists, and
 * the Kong chart's DB-less declarative config (`dblessConfig.config`, a decK file written as a literal
 * block or as a mapping), each at its own place in the values file. Both are read at the top level and
 * under one subchart key (`kong:` in an umbrella chart's values).
 */
function helmValuesManifests(doc: ConfigDocument, values: DocNode): ConfigDocument[] {
  if (!isMap(values)) return [];
  const scopes: DocNode[] = [values, ...values.entries.map((entry) => entry.value).filter(isMap)];
  const found: ConfigDocument[] = [];
  for (const scope of scopes) {
    for (const key of EXTRA_MANIFEST_KEYS) {
      for (const item of items(get(scope, key))) {
        const header = resourceHeader(item);
        if (header !== undefined) found.push(...itemManifests({ ...doc, root: item }, header));
      }
    }
    const dbless = at(scope, 'dblessConfig', 'config');
    if (isMap(dbless)) found.push({ ...doc, root: dbless });
    else if (dbless !== undefined) found.push(...embeddedDocuments(doc, 'kong.yml', dbless));
    found.push(...chartFiles(doc, get(scope, 'files')));
    found.push(...namedChartFiles(doc, scope));
  }
  return found;
}

/**
 * The config files other charts take by name under a key of their own, to write into the ConfigMap
 * they mount (`configFiles: { application.yml: | … }`, `configMap: { data: { application.yml: | … } }`):
 * a key named like a config file that holds a multi-line file is read wherever a chart puts it, one or
 * two levels down (`files` is read above).
 */
function namedChartFiles(doc: ConfigDocument, scope: DocNode): ConfigDocument[] {
  if (!isMap(scope) || !mayNameConfigFile(doc.fileText)) return [];
  return scope.entries
    .filter((entry) => keyName(entry.key) !== 'files' && isMap(entry.value))
    .flatMap((entry) => [...chartFiles(doc, entry.value), ...chartFiles(doc, get(entry.value, 'data'))]);
}

/**
 * The config files a chart's `files` value carries by name, which charts such as stable/envoy mount
 * into the container as they are (`files: { envoy.yaml: |- … }`), read as a ConfigMap's would be.
 */
function chartFiles(doc: ConfigDocument, files: DocNode | undefined): ConfigDocument[] {
  if (!isMap(files)) return [];
  return files.entries.filter((entry) => CONFIG_FILE.test(keyName(entry.key))).flatMap((entry) => embeddedDocuments(doc, keyName(entry.key), entry.value));
}

/**
 * What a helmfile's releases hand their charts besides the values the whole file is searched for:
 * the manifests of each inline values mapping's extra-objects lists (`releases[].values[]`), and the
 * values each release's `set[]` parameters write (helmfile docs, "Configuration": `set` entries
 * take `name` and `value` as `--set` does).
 */
function helmfileReleaseValues(doc: ConfigDocument): ConfigDocument[] {
  return items(get(doc.root, 'releases')).flatMap((release) => {
    const set = helmSetValues(items(get(release, 'set')));
    return [
      ...items(get(release, 'values')).flatMap((values) => helmValuesManifests(doc, values)),
      ...(set === undefined ? [] : [{ ...doc, root: set }]),
    ];
  });
}

/**
 * The chart values a release resource holds besides what `helmReleaseValues` reads with it (a Flux
 * `HelmRelease`'s `spec.values`, an Argo CD Application's `spec.source.helm.valuesObject`), each a
 * document of its own, as a values file would be, positioned where it is:
 * - an Argo CD Application's `spec.source.helm.values`, a values file written as a literal block, and
 *   each `spec.sources[].helm` `values` or `valuesObject` of a multi-source Application;
 * - the same in the Application template of an Argo CD `ApplicationSet` (`spec.template.spec`), whose
 *   generator parameters (`{{.cluster}}`) are placeholders and so unknown;
 * - the `spec.valuesContent` values file of a k3s / RKE2 `HelmChart` or `HelmChartConfig`
 *   (helm.cattle.io, k3s-io/helm-controller), what k3s's auto-deploy manifests customise charts with;
 * - each `helmCharts[].valuesInline` of a kustomization, the values `kustomize build --enable-helm`
 *   renders the chart with (kubernetes-sigs/kustomize `api/types/helmchartargs.go`), and the
 *   `valuesInline` of a `HelmChartInflationGenerator`, the same generator's own config file, and of
 *   each `helmCharts[]` of kpt's `RenderHelmChart` function config (GoogleContainerTools/kpt-functions-catalog
 *   `render-helm-chart`), which takes the same fields.
 */
function releaseValuesDocuments(doc: ConfigDocument, header: ResourceHeader): ConfigDocument[] {
  if (isKustomization(header) || (header.group === 'fn.kpt.dev' && header.kind === 'RenderHelmChart')) {
    return items(get(doc.root, 'helmCharts'))
      .map((chart) => get(chart, 'valuesInline'))
      .filter(isMap)
      .map((values) => ({ ...doc, root: values }));
  }
  if (header.kind === 'HelmChartInflationGenerator') {
    const values = get(doc.root, 'valuesInline');
    return isMap(values) ? [{ ...doc, root: values }] : [];
  }
  if (header.group === 'helm.cattle.io' && (header.kind === 'HelmChart' || header.kind === 'HelmChartConfig')) {
    const content = at(doc.root, 'spec', 'valuesContent');
    return content === undefined ? [] : embeddedDocuments(doc, 'values.yaml', content);
  }
  if (header.group === 'helm.crossplane.io' && header.kind === 'Release') return crossplaneReleaseValues(doc);
  if (header.group !== 'argoproj.io') return [];
  if (header.kind === 'Application') return argoValuesDocuments(doc, get(doc.root, 'spec'), false);
  if (header.kind === 'ApplicationSet') return argoValuesDocuments(doc, at(doc.root, 'spec', 'template', 'spec'), true);
  return [];
}

/**
 * The values a Crossplane provider-helm `Release` (`helm.crossplane.io`) hands its chart:
 * `spec.forProvider.values` with the `set` entries (`name`, `value`) merged over them, as Helm merges
 * `--set` (crossplane-contrib/provider-helm, `ReleaseParameters`: `values`, `set`, `valuesFrom`). Values
 * read from a ConfigMap or Secret (`valuesFrom`, a `set` entry's `valueFrom`) are not in the file and
 * may override any key, so such a Release is left out.
 */
function crossplaneReleaseValues(doc: ConfigDocument): ConfigDocument[] {
  const forProvider = at(doc.root, 'spec', 'forProvider');
  const set = items(get(forProvider, 'set'));
  if (items(get(forProvider, 'valuesFrom')).length > 0 || set.some((entry) => get(entry, 'valueFrom') !== undefined)) return [];
  const values = get(forProvider, 'values');
  const merged = mergedHelmLayers([values, helmSetValues(set)]);
  return merged === undefined ? [] : [{ ...doc, root: merged }];
}

function argoValuesDocuments(doc: ConfigDocument, spec: DocNode | undefined, withSourceValuesObject: boolean): ConfigDocument[] {
  const found: ConfigDocument[] = [];
  const read = (helm: DocNode | undefined, withValuesObject: boolean): void => {
    const values = get(helm, 'values');
    if (values !== undefined) found.push(...embeddedDocuments(doc, 'values.yaml', values));
    const valuesObject = get(helm, 'valuesObject');
    if (withValuesObject && isMap(valuesObject)) found.push({ ...doc, root: valuesObject });
    const parameters = helmSetValues(items(get(helm, 'parameters')));
    if (parameters !== undefined) found.push({ ...doc, root: parameters });
  };
  read(at(spec, 'source', 'helm'), withSourceValuesObject);
  for (const source of items(get(spec, 'sources'))) read(get(source, 'helm'), true);
  return found;
}

const CONFIG_FILE = /\.(ya?ml|json|properties)$/i;

/**
 * Whether a file's text can hold a key `CONFIG_FILE` matches. Looking for one under every key of a
 * values file reads two levels of its tree, which costs more than the rest of detection for a large
 * template (a CloudFormation template's every resource) that names no file at all.
 */
const mayNameConfigFile = perFileText((text) => /\.(?:ya?ml|json|properties)/i.test(text));

/**
 * The YAML, JSON and Java properties files in a ConfigMap's `data` (a Spring Boot
 * `application.properties` mounted into the pod), each parsed on its own. Only literal block scalars
 * (`envoy.yaml: |`) keep every line and column of the file, so only they are read: their positions
 * are moved by the block's first line and indentation.
 */
function embeddedFiles(doc: ConfigDocument): ConfigDocument[] {
  return chartFiles(doc, get(doc.root, 'data'));
}

function isKustomization(header: ResourceHeader): boolean {
  return header.group === 'kustomize.config.k8s.io' && (header.kind === 'Kustomization' || header.kind === 'Component');
}

/**
 * The inline patches of a resource that patches manifests it does not show: a kustomization
 * (kubernetes-sigs/kustomize `api/types/kustomization.go`: `patches[].patch`, which holds a
 * strategic-merge patch or a JSON 6902 operation list, and the older `patchesStrategicMerge[]`, whose
 * entries are file paths or the patch itself), a Flux `Kustomization` (`spec.patches[].patch`; the
 * older API's `spec.patchesStrategicMerge[]` holds the patches as objects), the kustomize post-renderers
 * of a Flux `HelmRelease` (`spec.postRenderers[].kustomize`, the same two lists, applied to what the
 * chart renders), and an Argo CD Application's `kustomize.patches[].patch` (`spec.source`, each of
 * `spec.sources`).
 */
function inlinePatches(doc: ConfigDocument, header: ResourceHeader): DocNode[][] {
  const patchesOf = (owner: DocNode | undefined): DocNode[] => [
    ...items(get(owner, 'patches')).flatMap((patch) => get(patch, 'patch') ?? []),
    ...items(get(owner, 'patchesStrategicMerge')),
  ];
  if (isKustomization(header)) return [patchesOf(doc.root)];
  if (header.group === 'kustomize.toolkit.fluxcd.io' && header.kind === 'Kustomization') {
    return [patchesOf(get(doc.root, 'spec'))];
  }
  if (header.group === 'helm.toolkit.fluxcd.io' && header.kind === 'HelmRelease') {
    return items(at(doc.root, 'spec', 'postRenderers')).map((renderer) => patchesOf(get(renderer, 'kustomize')));
  }
  if (header.group === 'argoproj.io' && header.kind === 'Application') {
    const spec = get(doc.root, 'spec');
    return [at(spec, 'source', 'kustomize'), ...items(get(spec, 'sources')).map((source) => get(source, 'kustomize'))].map(patchesOf);
  }
  return [];
}

/**
 * The Ingress patches among a resource's inline patches, each at its place in the file. A patch is a
 * partial resource merged into a base this file does not show: an Ingress without `spec` is read as
 * the patch it is (ingress-nginx.ts leaves what it does not set unknown). A custom resource's patch
 * merges its maps into the base's (kustomize merges resources it has no schema for as JSON merge
 * patches), so a CORS block it writes may be completed by keys only the base holds (Traefik's
 * `addVaryHeader`, Contour's `maxAge`): those are not read. An operation list holds no resource, and
 * a path names another file: neither is read.
 */
function kustomizePatches(doc: ConfigDocument, patches: DocNode[]): ConfigDocument[] {
  return patches
    .flatMap((patch) => (isMap(patch) ? [{ ...doc, root: patch }] : embeddedDocuments(doc, 'patch.yaml', patch)))
    .filter((inner) => {
      const header = resourceHeader(inner.root);
      return header?.kind === 'Ingress' && get(inner.root, 'spec') === undefined;
    });
}

/**
 * The resources of a Service's `getambassador.io/config` annotation: a YAML stream of Mappings and
 * Modules (`ambassador/v1`, `getambassador.io/v2` and later), the way Ambassador's docs declared them
 * next to the Service before CRDs, and which Emissary still reads.
 */
function annotationResources(doc: ConfigDocument): ConfigDocument[] {
  const config = get(at(doc.root, 'metadata', 'annotations'), 'getambassador.io/config');
  return config === undefined ? [] : embeddedDocuments(doc, 'getambassador.io-config.yaml', config);
}

/** The same adapter, also applied to every manifest of a Kubernetes List. */
function readingLists(adapter: Adapter): Adapter {
  return {
    name: adapter.name,
    description: adapter.description,
    detect: (doc) => manifests(doc).some((manifest) => adapter.detect(manifest)),
    extract: (doc) => manifests(doc).flatMap((manifest) => (adapter.detect(manifest) ? adapter.extract(manifest) : [])),
  };
}

/**
 * Adapters for ingress controllers, service meshes and API gateways. Kubernetes resources are told
 * apart by `apiVersion`/`kind`, the other formats by shapes no two of them share (Envoy's
 * `virtual_hosts`, Kong's plugin sequences against APISIX's plugin maps, Spring's property paths).
 */
export const gatewayAdapters: Adapter[] = [
  ingressNginxAdapter,
  istioAdapter,
  gatewayApiAdapter,
  envoyGatewayAdapter,
  contourAdapter,
  emissaryAdapter,
  traefikAdapter,
  kongAdapter,
  apisixAdapter,
  envoyAdapter,
  springCloudGatewayAdapter,
].map(readingLists);
