/**
 * CORS headers that Spring Cloud Gateway routes set as plain response headers through filters,
 * instead of (or next to) `globalcors`: `AddResponseHeader=Access-Control-Allow-Origin, *` under
 * `default-filters` (every route) or a route's `filters`. Reference: Spring Cloud Gateway reference,
 * "GatewayFilter Factories" (AddResponseHeader, SetResponseHeader, RemoveResponseHeader,
 * DedupeResponseHeader) and "Shortcut Configuration" / "Fully Expanded Arguments", and
 * spring-cloud-gateway `AddResponseHeaderGatewayFilterFactory` (`headers.add(name, expand(value))`
 * once the route's response is back; `shortcutFieldOrder` name, value and, since 4.1, `override`).
 *
 * - The shortcut `Name=arg, arg` splits the arguments at every comma (`FilterDefinition`,
 *   `StringUtils.tokenizeToStringArray`, trimmed), so a value holding a comma is not one argument:
 *   such a header, and one with `override: false` (kept only when the response has none), is unknown.
 *   A value with `{…}` is expanded from the route's URI variables per request: unknown too.
 * - `AddResponseHeader` adds a header (every value is sent); `SetResponseHeader` replaces it.
 *   A header also named by `DedupeResponseHeader` or `RemoveResponseHeader`, set by both filters, or
 *   an Access-Control-* header written twice (a default filter and the route's own), depends on the
 *   filters' order and the backend's own headers, so it is unknown.
 * - The headers reach every response of the route, whatever the backend sends; a preflight is
 *   answered by `globalcors` (before the filters run, so then their Allow-Methods, Allow-Headers and
 *   Max-Age reach no preflight) or by the backend, so preflight handling is unknown here.
 *
 * A route's headers are its `default-filters` followed by its own filters; `default-filters` alone
 * are one more policy, so a gateway without routes in this file is checked too.
 */
import type { CorsPolicy } from '@corsguard/core';
import { get, isMap, isScalar, isSeq, locateInScalar, relaxedKey, str } from '../document/access.js';
import type { DocNode, MapEntry, MapNode, ScalarNode } from '../document/node.js';
import { dynamic } from './cloud-common.js';
import { rawHeaderGroupPolicy } from './raw-headers.js';

/** One filter as configured: its factory name and its arguments in shortcut order. */
interface FilterUse {
  name: string;
  args: Array<{ key: string | undefined; value: DocNode }>;
}

/** A header a filter sets: its name, the value node (dynamic when unknown), and how it is set. */
interface HeaderWrite {
  name: string;
  value: DocNode;
  mode: 'add' | 'set';
}

/** Reads `Name=a, b` (shortcut) or `{ name: Name, args: { … } }` (fully expanded). */
function filterUse(node: DocNode): FilterUse | undefined {
  if (isScalar(node) && typeof node.value === 'string') {
    const text = node.value;
    const equals = text.indexOf('=');
    if (equals < 0) return { name: text.trim(), args: [] };
    const args: FilterUse['args'] = [];
    let offset = equals + 1;
    for (const part of text.slice(equals + 1).split(',')) {
      const trimmed = part.trim();
      const start = offset + part.indexOf(trimmed);
      offset += part.length + 1;
      if (trimmed === '') continue;
      const value: ScalarNode = { type: 'scalar', value: trimmed, text: trimmed, loc: locateInScalar(node, start, start + trimmed.length) };
      args.push({ key: undefined, value });
    }
    return { name: text.slice(0, equals).trim(), args };
  }
  if (!isMap(node)) return undefined;
  const name = str(get(node, 'name'));
  if (name === undefined) return undefined;
  const argsNode = get(node, 'args');
  const args = isMap(argsNode) ? argsNode.entries.map((entry) => ({ key: String(entry.key.value), value: entry.value })) : [];
  return { name, args };
}

/** The argument in a shortcut position or under its expanded key (`name`, or the generated `_genkey_0`). */
function argument(use: FilterUse, position: number, key: string): DocNode | undefined {
  const named = use.args.find((arg) => arg.key !== undefined && (relaxedKey(arg.key) === relaxedKey(key) || arg.key === `_genkey_${position}`));
  if (named !== undefined) return named.value;
  return use.args.every((arg) => arg.key === undefined) ? use.args[position]?.value : undefined;
}

/** The header a set filter writes, its value unknown when the gateway computes or may skip it. */
function headerWrite(use: FilterUse): HeaderWrite | undefined {
  const mode = use.name === 'AddResponseHeader' ? 'add' : use.name === 'SetResponseHeader' ? 'set' : undefined;
  const name = str(argument(use, 0, 'name'));
  const value = argument(use, 1, 'value');
  if (mode === undefined || name === undefined || value === undefined) return undefined;
  const override = argument(use, 2, 'override');
  const overrideText = override === undefined ? 'true' : str(override)?.trim().toLowerCase();
  const shortcutExtra = use.args.every((arg) => arg.key === undefined) && use.args.length > (mode === 'add' ? 3 : 2);
  const known = isScalar(value) && !/[{}]/.test(String(value.value)) && overrideText === 'true' && !shortcutExtra;
  return { name, value: known || value.type === 'dynamic' ? value : dynamic(value, 'computed'), mode };
}

/** Header names a `DedupeResponseHeader` (space-separated) or `RemoveResponseHeader` filter names. */
function rewrittenNames(use: FilterUse): string[] {
  if (use.name !== 'DedupeResponseHeader' && use.name !== 'RemoveResponseHeader') return [];
  const names = str(argument(use, 0, 'name'));
  return names === undefined ? [] : names.split(/\s+/).filter((name) => name !== '');
}

/** The headers a list of filters leaves, as a `{ Name: value }` group for `rawHeaderGroupPolicy`. */
function headerGroup(filters: readonly DocNode[], loc: MapNode['loc']): MapNode {
  const uses = filters.map(filterUse).filter((use): use is FilterUse => use !== undefined);
  const writes = uses.map(headerWrite).filter((write): write is HeaderWrite => write !== undefined);
  const rewritten = new Set(uses.flatMap(rewrittenNames).map((name) => name.toLowerCase()));
  const entries: MapEntry[] = [];
  writes.forEach((write, index) => {
    const lower = write.name.toLowerCase();
    // A CORS header written twice reaches the browser twice (or as one of them, after a Set), which
    // no single value describes.
    const repeated = writes.some((other) => other !== write && other.name.toLowerCase() === lower && (lower.startsWith('access-control-') || other.mode === 'set' || write.mode === 'set'));
    // Such a header stands once, as unknown, at its first place.
    if (repeated && writes.slice(0, index).some((earlier) => earlier.name.toLowerCase() === lower)) return;
    const value = (rewritten.has(lower) || repeated) && write.value.type !== 'dynamic' ? dynamic(write.value, 'rewritten') : write.value;
    const key: ScalarNode = { type: 'scalar', value: write.name, text: write.name, loc: write.value.loc };
    entries.push({ key, value });
  });
  return { type: 'map', entries, loc };
}

function setsCorsHeaders(filters: readonly DocNode[]): boolean {
  return filters.some((filter) => {
    const use = filterUse(filter);
    const write = use === undefined ? undefined : headerWrite(use);
    return write !== undefined && write.name.toLowerCase().startsWith('access-control-');
  });
}

/** The items of a filter list: a sequence, or `[0]`-keyed entries as indexed property keys give them. */
export function filterItems(nodes: readonly DocNode[]): DocNode[] {
  const indexed: Array<{ index: number; value: DocNode }> = [];
  const items: DocNode[] = [];
  for (const node of nodes) {
    if (isSeq(node)) items.push(...node.items);
    else if (isMap(node)) {
      for (const entry of node.entries) {
        const index = /^\[(\d+)\]$/.exec(String(entry.key.value))?.[1];
        if (index !== undefined) indexed.push({ index: Number(index), value: entry.value });
      }
    }
  }
  return [...items, ...indexed.sort((a, b) => a.index - b.index).map(({ value }) => value)];
}

/**
 * The policies of the CORS headers set by filters: `default-filters` alone (at `defaultsLoc`), and
 * each route whose own filters set Access-Control-* headers, with the defaults before its own.
 */
export function headerFilterPolicies(
  defaults: readonly DocNode[],
  defaultsLoc: MapNode['loc'] | undefined,
  routes: ReadonlyArray<{ name: string; filters: readonly DocNode[]; loc: MapNode['loc'] }>,
  globalCors: boolean,
): CorsPolicy[] {
  const groups: Array<{ group: MapNode; source: string }> = [];
  if (defaultsLoc !== undefined && setsCorsHeaders(defaults)) groups.push({ group: headerGroup(defaults, defaultsLoc), source: 'Spring Cloud Gateway default-filters' });
  for (const route of routes) {
    if (setsCorsHeaders(route.filters)) groups.push({ group: headerGroup([...defaults, ...route.filters], route.loc), source: `Spring Cloud Gateway route ${route.name} filters` });
  }
  return groups.flatMap(({ group, source }) => {
    const policy = rawHeaderGroupPolicy(group, group, source);
    if (policy === undefined) return [];
    if (globalCors) {
      // `globalcors` answers preflights before any filter runs, so the preflight-only headers a
      // filter sets never reach a preflight response.
      delete policy.allowMethods;
      delete policy.allowHeaders;
      delete policy.maxAge;
    }
    return [policy];
  });
}
