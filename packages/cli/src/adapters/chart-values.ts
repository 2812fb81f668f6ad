import { isMap, isSeq, keyName, resourceHeader } from '../document/access.js';
import type { DocNode, MapEntry, MapNode } from '../document/node.js';

/** A path through chart values, innermost key first (`[0]` for a list item). */
export interface ValuesPath {
  key: string;
  parent: ValuesPath | undefined;
}

/** The keys of a path, outermost first. */
export function valuesPathKeys(path: ValuesPath | undefined): string[] {
  const keys: string[] = [];
  for (let step = path; step !== undefined; step = step.parent) keys.unshift(step.key);
  return keys;
}

/** A path as users write it in values, `ingress.hosts[0].annotations`, with `last` appended. */
export function dottedValuesPath(path: ValuesPath | undefined, last: string): string {
  return [...valuesPathKeys(path), last].join('.').replace(/\.\[/g, '[');
}

/** Entries of a mapping wider than this, or items of a list, end the walk there. */
const MAX_VALUES_WIDTH = 256;

/**
 * Walks chart values (a values file, or the values a release resource carries) for the settings an
 * adapter reads from them. `visit` is called once for each mapping reached, with its path, and returns
 * the entries to walk into: none to leave the mapping's contents alone (an `enabled: false` section),
 * or all but the entries it has taken. Manifests nested in values (extra objects) are read as
 * manifests, not as values, so the walk skips them. Values nest a few levels of small mappings; the
 * walk stops below `maxDepth` and at wider nodes, so that a document that is no chart values (a lock
 * file, a data dump) is not read through: the parser builds a node's children only when read.
 */
export function walkChartValues(
  start: DocNode,
  maxDepth: number,
  visit: (map: MapNode, path: ValuesPath | undefined) => readonly MapEntry[],
  startPath?: ValuesPath,
): void {
  // A node shared through YAML aliases is visited once, and walked again only when reached at a
  // shallower depth, where more of it lies within the depth searched: an alias fan-out then costs its
  // size, not its expansion.
  const reachedAt = new Map<DocNode, number>();
  const walkedEntries = new Map<MapNode, readonly MapEntry[]>();
  const step = (current: DocNode, at: ValuesPath | undefined, depth: number): void => {
    const reached = reachedAt.get(current);
    if (depth > maxDepth || (reached !== undefined && reached <= depth)) return;
    reachedAt.set(current, depth);
    if (isSeq(current)) {
      if (current.items.length > MAX_VALUES_WIDTH) return;
      current.items.forEach((item, index) => step(item, { key: `[${index}]`, parent: at }, depth + 1));
      return;
    }
    if (!isMap(current) || current.entries.length > MAX_VALUES_WIDTH || resourceHeader(current) !== undefined) return;
    let entries = walkedEntries.get(current);
    if (entries === undefined) {
      entries = visit(current, at);
      walkedEntries.set(current, entries);
    }
    for (const entry of entries) step(entry.value, { key: keyName(entry.key), parent: at }, depth + 1);
  };
  step(start, startPath, 0);
}
