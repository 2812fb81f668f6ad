import { get, isScalar, str } from '../document/access.js';
import type { DocNode, MapEntry, MapNode, ScalarNode } from '../document/node.js';

/**
 * The chart values a list of `--set` style parameters writes, as a values mapping positioned in the
 * file that holds the list: an Argo CD Application's `helm.parameters[]` (`name`, `value`,
 * `forceString`) or a helmfile release's `set[]` (`name`, `value`). A name is a path of keys split
 * at each `.` that no backslash escapes, as Helm's `strvals` parser reads `--set` (so
 * `ingress.annotations.nginx\.ingress\.kubernetes\.io/enable-cors` names one annotation). Each key
 * is placed at the parameter's name and each value is the parameter's own value node, so a finding
 * points at what the user wrote. Names with list indexes (`hosts[0]`) or quotes, and parameters
 * whose value is not a scalar, name nothing a CORS setting needs and are left out.
 */
export function helmSetValues(parameters: readonly DocNode[]): MapNode | undefined {
  let root: MapNode | undefined;
  for (const parameter of parameters) {
    const name = get(parameter, 'name');
    const value = get(parameter, 'value');
    const path = isScalar(name) ? setPath(str(name)) : undefined;
    if (path === undefined || value === undefined || !isScalar(value) || !isScalar(name)) continue;
    root ??= { type: 'map', loc: name.loc, entries: [] };
    let map = root;
    path.slice(0, -1).forEach((key) => {
      const existing = map.entries.find((entry) => entry.key.value === key)?.value;
      if (existing?.type === 'map') {
        map = existing;
        return;
      }
      const inner: MapNode = { type: 'map', loc: name.loc, entries: [] };
      setEntry(map, { key: keyAt(name, key), value: inner });
      map = inner;
    });
    setEntry(map, { key: keyAt(name, path[path.length - 1] ?? ''), value });
  }
  return root;
}

/** Deepest nesting `mergedHelmValues` merges key by key. */
const MAX_MERGE_DEPTH = 32;

/**
 * `over` merged into `base` as Helm merges values files and `--set` (chartutil `CoalesceTables`): a
 * mapping merges key by key, anything else replaces, `null` removes the key. Nodes keep their places.
 */
export function mergedHelmValues(base: MapNode, over: MapNode, depth = 0): MapNode {
  const entries = [...base.entries];
  for (const entry of over.entries) {
    const at = entries.findIndex((existing) => existing.key.value === entry.key.value);
    const previous = at === -1 ? undefined : entries[at]?.value;
    const value =
      previous?.type === 'map' && entry.value.type === 'map' && depth < MAX_MERGE_DEPTH
        ? mergedHelmValues(previous, entry.value, depth + 1)
        : entry.value;
    const removed = isScalar(value) && value.value === null;
    if (at === -1) {
      if (!removed) entries.push({ key: entry.key, value });
    } else if (removed) entries.splice(at, 1);
    else entries[at] = { key: entry.key, value };
  }
  return { type: 'map', loc: base.loc, entries };
}

/**
 * Values layers merged in order, each over the ones before (values files, then `--set`), as Helm
 * does; layers that are not mappings are passed over. Undefined when no layer is a mapping.
 */
export function mergedHelmLayers(layers: readonly (DocNode | undefined)[]): MapNode | undefined {
  let merged: MapNode | undefined;
  for (const layer of layers) {
    if (layer?.type === 'map') merged = merged === undefined ? layer : mergedHelmValues(merged, layer);
  }
  return merged;
}

/** The keys of a `--set` name, or undefined for a name this reading does not cover. */
function setPath(name: string | undefined): string[] | undefined {
  if (name === undefined || name === '' || /[[\]"']/.test(name)) return undefined;
  const keys = name.split(/(?<!\\)\./).map((key) => key.replace(/\\\./g, '.'));
  return keys.some((key) => key === '') ? undefined : keys;
}

function keyAt(name: ScalarNode, key: string): ScalarNode {
  return { type: 'scalar', value: key, text: key, loc: name.loc };
}

/** A later parameter for the same key replaces the earlier one, as a later `--set` does. */
function setEntry(map: MapNode, entry: MapEntry): void {
  const index = map.entries.findIndex((existing) => existing.key.value === entry.key.value);
  if (index === -1) map.entries.push(entry);
  else map.entries[index] = entry;
}
