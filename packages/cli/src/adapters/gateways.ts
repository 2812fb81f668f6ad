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
 * Adapters for ingress controllers, service meshes and API gateways. Kubernetes resources are told
 * apart by `apiVersion`/`kind`, so their order does not matter; the formats recognised by shape come
 * last, most specific first (Envoy's `virtual_hosts`, then Kong's sequence-style plugins before
 * APISIX's plugin maps).
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
];
