import { get, items, resourceHeader } from '../document/access.js';
import type { ConfigDocument } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { apisixAdapter } from './apisix.js';
import { contourAdapter } from './contour.js';
import { emissaryAdapter } from './emissary.js';
import { envoyGatewayAdapter } from './envoy-gateway.js';
import { envoyAdapter } from './envoy.js';
import { gatewayApiAdapter } from './gateway-api.js';
import { ingressNginxAdapter } from './ingress-nginx.js';
import { istioAdapter } from './istio.js';
import { kongAdapter } from './kong.js';
import { springCloudGatewayAdapter } from './spring-cloud-gateway.js';
import { traefikAdapter } from './traefik.js';

/**
 * The manifests of a document: the document itself, or each item of a Kubernetes `List` (what
 * `kubectl get … -o yaml` prints: `apiVersion: v1`, `kind: List` or `<Kind>List`, `items: [...]`).
 */
function manifests(doc: ConfigDocument): ConfigDocument[] {
  const header = resourceHeader(doc.root);
  if (header === undefined || header.group !== '' || !header.kind.endsWith('List')) return [doc];
  return items(get(doc.root, 'items')).map((root) => ({ ...doc, root }));
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
