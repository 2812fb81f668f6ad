import { get, isMap, isScalar, isSeq } from '../document/access.js';
import type { ConfigDocument, DocNode } from '../document/node.js';
import { dig, present, text } from './cloud-common.js';

/** Deepest nesting searched for a "(known after apply)" mark, and of child modules. */
const MAX_DEPTH = 32;

/**
 * The Kubernetes objects the hashicorp/kubernetes provider's `kubernetes_manifest` resources apply, as
 * `terraform show -json` prints a plan (`resource_changes[].change.after`) or state
 * (`values.root_module` and its `child_modules`): each resource's `manifest` attribute is the object
 * as written (registry.terraform.io/providers/hashicorp/kubernetes, "kubernetes_manifest"), so it is
 * read as that manifest (an Istio VirtualService, a Gateway API HTTPRoute, an Ingress…), positioned
 * in the JSON. A deleted resource applies nothing. A plan leaves "(known after apply)" values out of
 * `after` (Terraform docs, "JSON Output Format"), which would read as settings nobody wrote, so a
 * manifest `after_unknown` marks anything unknown in is left out.
 */
export function terraformKubernetesManifests(doc: ConfigDocument): ConfigDocument[] {
  const root = doc.root;
  if (!isMap(root) || get(root, 'format_version') === undefined) return [];
  const changes = get(root, 'resource_changes');
  const found = isSeq(changes)
    ? changes.items.flatMap(changedManifest)
    : moduleManifests(get(get(root, 'planned_values') ?? get(root, 'values'), 'root_module'), 0);
  return found.map((manifest) => ({ ...doc, root: manifest }));
}

function isManagedManifest(resource: DocNode): boolean {
  const mode = text(get(resource, 'mode'));
  return text(get(resource, 'type')) === 'kubernetes_manifest' && (mode === undefined || mode === 'managed');
}

function changedManifest(change: DocNode): DocNode[] {
  if (!isManagedManifest(change)) return [];
  const manifest = present(get(present(dig(change, 'change', 'after')), 'manifest'));
  if (!isMap(manifest) || holdsUnknown(dig(change, 'change', 'after_unknown', 'manifest'), 0)) return [];
  return [manifest];
}

function moduleManifests(module: DocNode | undefined, depth: number): DocNode[] {
  if (module === undefined || depth > MAX_DEPTH) return [];
  const resources = get(module, 'resources');
  const own = (isSeq(resources) ? resources.items : []).filter(isManagedManifest).flatMap((resource) => {
    const manifest = present(dig(resource, 'values', 'manifest'));
    return isMap(manifest) ? [manifest] : [];
  });
  const children = get(module, 'child_modules');
  return [...own, ...(isSeq(children) ? children.items.flatMap((child) => moduleManifests(child, depth + 1)) : [])];
}

/** Whether an `after_unknown` value marks anything unknown (a `true` leaf). */
function holdsUnknown(node: DocNode | undefined, depth: number): boolean {
  if (node === undefined || depth > MAX_DEPTH) return false;
  if (isScalar(node)) return node.value === true;
  if (isMap(node)) return node.entries.some((entry) => holdsUnknown(entry.value, depth + 1));
  if (isSeq(node)) return node.items.some((item) => holdsUnknown(item, depth + 1));
  return false;
}
