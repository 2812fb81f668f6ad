import { get, isMap, isScalar, isSeq, items } from '../document/access.js';
import type { ConfigDocument, DocNode } from '../document/node.js';
import { dig, present, text } from './cloud-common.js';
import { embeddedDocuments } from './embedded-documents.js';
import { helmSetValues, mergedHelmLayers } from './helm-set-values.js';

/** Deepest nesting searched for a "(known after apply)" mark, and of child modules. */
const MAX_DEPTH = 32;

/** A resource of a plan or state: its attribute values and, in a plan, which of them are unknown. */
interface Applied {
  values: DocNode;
  unknown: DocNode | undefined;
}

/**
 * The managed resources of one type that a `terraform show -json` plan (`resource_changes[].change`,
 * `after` and `after_unknown`, deletions left out) or state (`values.root_module` and its
 * `child_modules`) applies. Terraform docs, "JSON Output Format".
 */
function appliedResources(doc: ConfigDocument, type: string): Applied[] {
  const root = doc.root;
  if (!isMap(root) || get(root, 'format_version') === undefined) return [];
  const ofType = (resource: DocNode): boolean => {
    const mode = text(get(resource, 'mode'));
    return text(get(resource, 'type')) === type && (mode === undefined || mode === 'managed');
  };
  const changes = get(root, 'resource_changes');
  if (isSeq(changes)) {
    return changes.items.filter(ofType).flatMap((change) => {
      const values = present(dig(change, 'change', 'after'));
      return values === undefined ? [] : [{ values, unknown: dig(change, 'change', 'after_unknown') }];
    });
  }
  const inModule = (module: DocNode | undefined, depth: number): Applied[] => {
    if (module === undefined || depth > MAX_DEPTH) return [];
    const own = items(get(module, 'resources'))
      .filter(ofType)
      .flatMap((resource) => {
        const values = present(get(resource, 'values'));
        return values === undefined ? [] : [{ values, unknown: undefined }];
      });
    return [...own, ...items(get(module, 'child_modules')).flatMap((child) => inModule(child, depth + 1))];
  };
  return inModule(get(get(root, 'planned_values') ?? get(root, 'values'), 'root_module'), 0);
}

/**
 * The Kubernetes objects the hashicorp/kubernetes provider's `kubernetes_manifest` resources apply in
 * a plan or state: each resource's `manifest` attribute is the object as written
 * (registry.terraform.io/providers/hashicorp/kubernetes, "kubernetes_manifest"), so it is read as that
 * manifest (an Istio VirtualService, a Gateway API HTTPRoute, an Ingress…), positioned in the JSON. A
 * plan leaves "(known after apply)" values out of `after`, which would read as settings nobody wrote,
 * so a manifest `after_unknown` marks anything unknown in is left out.
 */
export function terraformKubernetesManifests(doc: ConfigDocument): ConfigDocument[] {
  return appliedResources(doc, 'kubernetes_manifest').flatMap(({ values, unknown }) => {
    const manifest = present(get(values, 'manifest'));
    return isMap(manifest) && !holdsUnknown(get(unknown, 'manifest'), 0) ? [{ ...doc, root: manifest }] : [];
  });
}

/**
 * The chart values the hashicorp/helm provider's `helm_release` resources hand their chart in a plan
 * or state (registry.terraform.io/providers/hashicorp/helm, "helm_release"): the `values` items, values
 * files as strings (what `yamlencode(…)` or `file("values.yaml")` gives), merged in order, then the
 * `set` blocks (`name`, `value`) over them, as Helm merges `-f` files and `--set` (a mapping merges key
 * by key, anything else replaces, `null` removes the key): one values document per release. An
 * attribute `after_unknown` marks anything unknown in is left out.
 */
export function terraformHelmReleaseValues(doc: ConfigDocument): ConfigDocument[] {
  return appliedResources(doc, 'helm_release').flatMap(({ values, unknown }) => {
    const files = holdsUnknown(get(unknown, 'values'), 0)
      ? []
      : items(get(values, 'values')).flatMap((file) => embeddedDocuments(doc, 'values.yaml', file).map((inner) => inner.root));
    const set = holdsUnknown(get(unknown, 'set'), 0) ? undefined : helmSetValues(items(get(values, 'set')));
    const merged = mergedHelmLayers([...files, set]);
    return merged === undefined ? [] : [{ ...doc, root: merged }];
  });
}

/** Whether an `after_unknown` value marks anything unknown (a `true` leaf). */
function holdsUnknown(node: DocNode | undefined, depth: number): boolean {
  if (node === undefined || depth > MAX_DEPTH) return false;
  if (isScalar(node)) return node.value === true;
  if (isMap(node)) return node.entries.some((entry) => holdsUnknown(entry.value, depth + 1));
  if (isSeq(node)) return node.items.some((item) => holdsUnknown(item, depth + 1));
  return false;
}
