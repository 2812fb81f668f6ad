import type { Located, SourceLocation, Tri } from '@corsguard/core';
import { isScalar, tri } from '../document/access.js';
import type { DocNode } from '../document/node.js';

const YAML11_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const YAML11_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/**
 * A boolean field of a Kubernetes manifest as kubectl, Helm and the GitOps controllers hand it to the
 * API server. They read YAML with sigs.k8s.io/yaml, whose go-yaml v2 resolver follows YAML 1.1, so a
 * plain (unquoted) `yes`, `on` or `y` is true and `no`, `off` or `n` false (kubernetes/kubernetes#34146,
 * noted in the Kubernetes docs' "Configuration Best Practices"; helm/helm#10657). corsguard parses YAML
 * 1.2, where those words are text. A quoted word stays text, which the API server refuses for a
 * boolean field; every other value reads as `tri` reads it.
 */
export function manifestTri(node: DocNode | undefined, fallback: Tri, fallbackLoc: SourceLocation): Located<Tri> {
  if (isScalar(node) && typeof node.value === 'string' && node.text === node.value) {
    if (YAML11_TRUE.has(node.value)) return { value: true, loc: node.loc };
    if (YAML11_FALSE.has(node.value)) return { value: false, loc: node.loc };
  }
  return tri(node, fallback, fallbackLoc);
}
