import type { HeaderList, Located, LocatedString, MaxAge, SourceLocation, Tri } from '@corsguard/core';
import type { DocNode, MapNode, ScalarNode, SeqNode } from './node.js';

/** Navigation and conversion helpers that every adapter shares. */

export function isMap(node: DocNode | undefined): node is MapNode {
  return node?.type === 'map';
}

export function isSeq(node: DocNode | undefined): node is SeqNode {
  return node?.type === 'seq';
}

export function isScalar(node: DocNode | undefined): node is ScalarNode {
  return node?.type === 'scalar';
}

/** The value under `key` in a mapping (the last one when a key repeats, as YAML loaders keep). */
export function get(node: DocNode | undefined, key: string): DocNode | undefined {
  if (!isMap(node)) return undefined;
  let found: DocNode | undefined;
  for (const entry of node.entries) if (entry.key.value === key || entry.key.text === key) found = entry.value;
  return found;
}

/** The value at a key path, e.g. `at(doc.root, 'spec', 'headers')`. */
export function at(node: DocNode | undefined, ...keys: string[]): DocNode | undefined {
  let current = node;
  for (const key of keys) current = get(current, key);
  return current;
}

/** The key node of `key` in a mapping, to point at a key rather than its value. */
export function keyNode(node: DocNode | undefined, key: string): ScalarNode | undefined {
  if (!isMap(node)) return undefined;
  let found: ScalarNode | undefined;
  for (const entry of node.entries) if (entry.key.value === key || entry.key.text === key) found = entry.key;
  return found;
}

/** A scalar's value as a string (numbers and booleans as written), or undefined for anything else. */
export function str(node: DocNode | undefined): string | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  return typeof node.value === 'string' ? node.value : node.text;
}

/** Items of a sequence; a lone scalar counts as a one-item list; anything else gives []. */
export function items(node: DocNode | undefined): DocNode[] {
  if (isSeq(node)) return node.items;
  if (node !== undefined && node.type !== 'map') return [node];
  return [];
}

/**
 * A boolean setting: YAML/JSON booleans and the strings `"true"`/`"false"` (annotation-style configs).
 * Dynamic or other values are unknown; a missing node gives `fallback`.
 */
export function tri(node: DocNode | undefined, fallback: Tri, fallbackLoc: SourceLocation): Located<Tri> {
  if (node === undefined) return { value: fallback, loc: fallbackLoc };
  if (isScalar(node)) {
    if (node.value === true || node.value === 'true') return { value: true, loc: node.loc };
    if (node.value === false || node.value === 'false') return { value: false, loc: node.loc };
  }
  return { value: 'unknown', loc: node.loc };
}

/**
 * Split a comma-separated header value into located items, keeping each item's own column so a
 * finding can point inside `"GET, PUT, TRACE"`. Only exact for single-line plain or quoted scalars;
 * for anything else every item gets the scalar's location.
 */
export function splitCommaList(node: ScalarNode, separator: RegExp = /,/): LocatedString[] {
  const text = str(node) ?? '';
  const out: LocatedString[] = [];
  const quoteOffset = node.text === text ? 0 : node.text.indexOf(text);
  const singleLine = node.loc.line === node.loc.endLine && quoteOffset >= 0;
  let offset = 0;
  for (const part of text.split(separator)) {
    const trimmed = part.trim();
    const start = offset + part.indexOf(trimmed);
    offset += part.length + 1;
    if (trimmed === '') continue;
    const loc: SourceLocation = singleLine
      ? {
          ...node.loc,
          column: node.loc.column + quoteOffset + start,
          endColumn: node.loc.column + quoteOffset + start + trimmed.length,
        }
      : node.loc;
    out.push({ value: trimmed, loc });
  }
  return out;
}

/**
 * A header list from a sequence of strings, or from one comma-separated string. Dynamic entries make
 * the list `partial`; a dynamic node as a whole is unknown.
 */
export function headerList(node: DocNode): HeaderList {
  if (node.type === 'dynamic' || node.type === 'map') return { kind: 'unknown', loc: node.loc };
  if (node.type === 'scalar') {
    if (node.value === null) return { kind: 'list', items: [], loc: node.loc };
    return { kind: 'list', items: splitCommaList(node), loc: node.loc };
  }
  const list: LocatedString[] = [];
  let partial = false;
  for (const item of node.items) {
    if (isScalar(item) && item.value !== null) list.push(...splitCommaList(item));
    else partial = true;
  }
  return partial ? { kind: 'list', items: list, partial, loc: node.loc } : { kind: 'list', items: list, loc: node.loc };
}

/** A header list built from literal values (a format's documented default), blamed on `loc`. */
export function defaultList(values: readonly string[], loc: SourceLocation): HeaderList {
  return { kind: 'list', items: values.map((value) => ({ value, loc })), loc };
}

/**
 * Max-age in seconds from a number or a numeric string. `unitSeconds` converts formats that count in
 * other units. Anything non-numeric keeps its raw text with `seconds: NaN`, so the rule can say so.
 */
export function maxAgeSeconds(node: DocNode): MaxAge {
  if (!isScalar(node)) return { kind: 'unknown', loc: node.loc };
  const raw = str(node) ?? '';
  const seconds = typeof node.value === 'number' ? node.value : /^\s*[-+]?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  return { kind: 'value', seconds, raw, loc: node.loc };
}

/**
 * Max-age from a duration string as protobuf (`"300s"`, `"1.5s"`) or Go (`"1h30m"`, `"10m"`) write
 * it. A bare number is taken as seconds. Unparseable text gives `seconds: NaN`.
 */
export function maxAgeDuration(node: DocNode): MaxAge {
  if (!isScalar(node)) return { kind: 'unknown', loc: node.loc };
  const raw = str(node) ?? '';
  return { kind: 'value', seconds: parseDurationSeconds(raw), raw, loc: node.loc };
}

const DURATION_UNITS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, 'µs': 1e-6, ns: 1e-9 };

export function parseDurationSeconds(raw: string): number {
  const text = raw.trim();
  if (/^[-+]?\d+(\.\d+)?$/.test(text)) return Number(text);
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[-+]/, '');
  const unit = /(\d+(?:\.\d+)?)(h|ms|us|µs|ns|m|s)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = unit.exec(body); match !== null; match = unit.exec(body)) {
    total += Number(match[1]) * (DURATION_UNITS[match[2] as string] ?? NaN);
    consumed = unit.lastIndex;
  }
  return consumed === body.length && body.length > 0 ? sign * total : NaN;
}
