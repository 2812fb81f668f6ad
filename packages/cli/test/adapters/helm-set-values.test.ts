import { describe, expect, it } from 'vitest';
import { at as nodeAt, items } from '../../src/document/access.js';
import type { DocNode } from '../../src/document/node.js';
import { helmSetValues } from '../../src/adapters/helm-set-values.js';
import { at, documents } from './helpers.js';

/** The values as plain data, each leaf with the line and column of the value node it is. */
function plain(node: DocNode | undefined): unknown {
  if (node === undefined) return undefined;
  if (node.type === 'map') return Object.fromEntries(node.entries.map((entry) => [entry.key.value, plain(entry.value)]));
  if (node.type === 'scalar') return [node.value, ...at(node.loc)];
  return node.type;
}

describe('helmSetValues', () => {
  it('split names at unescaped dots, unescape the rest, and keep each value where it is written', () => {
    const [doc] = documents(
      'parameters.yaml',
      `parameters:
  - name: ingress.enabled
    value: "true"
  - name: ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/cors-allow-origin
    value: "*"
  - name: "ingress.annotations.nginx\\\\.ingress\\\\.kubernetes\\\\.io/enable-cors"
    value: "true"
    forceString: true
`,
    );
    const values = helmSetValues(items(nodeAt(doc!.root, 'parameters')));
    expect(plain(values)).toEqual({
      ingress: {
        enabled: ['true', 3, 12],
        annotations: {
          'nginx.ingress.kubernetes.io/cors-allow-origin': ['*', 5, 12],
          'nginx.ingress.kubernetes.io/enable-cors': ['true', 7, 12],
        },
      },
    });
    const annotation = values?.entries[0]?.value;
    expect(annotation?.type === 'map' ? at(annotation.entries[1]!.key.loc) : undefined).toEqual([4, 11]);
  });

  it('let a later parameter replace an earlier one, and leave out list indexes, quotes and non-scalar values', () => {
    const [doc] = documents(
      'set.yaml',
      `set:
  - name: image.tag
    value: "1.0"
  - name: image.tag
    value: "2.0"
  - name: hosts[0]
    value: a.example.com
  - name: 'podAnnotations."x"'
    value: y
  - name: resources
    value: { limits: { cpu: 1 } }
  - name: trailing.
    value: z
  - value: no-name
`,
    );
    expect(plain(helmSetValues(items(nodeAt(doc!.root, 'set'))))).toEqual({ image: { tag: ['2.0', 5, 12] } });
    expect(helmSetValues([])).toBeUndefined();
  });
});
