import type { CorsPolicy, HeaderList, SourceLocation } from '@corsguard/core';
import { isScalar, str } from '../document/access.js';
import type { DocNode, DynamicNode, MapEntry, MapNode, ScalarNode } from '../document/node.js';
import { rawHeaderGroupPolicy } from './raw-headers.js';

/**
 * The response headers Envoy's router adds (`response_headers_to_add` of a weighted cluster, route,
 * virtual host and route configuration), evaluated the way Envoy does, so that a raw
 * `Access-Control-*` header written twice is read as what reaches the browser. From envoyproxy/envoy:
 * - `api/envoy/config/core/v3/base.proto` `HeaderValueOption`: `append_action` is
 *   APPEND_IF_EXISTS_OR_ADD by default (a second value is added: comma-concatenated for an inline
 *   header such as Access-Control-Allow-Origin, a second line otherwise, which a browser combines with
 *   ", " all the same, fetch.bs "get"), ADD_IF_ABSENT, OVERWRITE_IF_EXISTS_OR_ADD or OVERWRITE_IF_EXISTS;
 *   the deprecated `append: false` is OVERWRITE_IF_EXISTS_OR_ADD.
 * - `source/common/router/header_parser.cc` `evaluateHeaders`: a level first removes its
 *   `response_headers_to_remove`, then adds. Older releases apply each header in order; current ones
 *   decide every header against the headers as the level found them, then apply all overwrites, then
 *   all additions (envoyproxy/envoy pull request 23391). Where the two disagree, the result is unknown.
 * - `source/common/router/config_impl.cc` `finalizeResponseHeaders`: a weighted cluster's headers come
 *   first, then the route's, the virtual host's and the route configuration's, that chain reversed
 *   when the route configuration sets `most_specific_header_mutations_wins`.
 * What the upstream sends is not known: a header is taken as absent until a level adds it, except that
 * OVERWRITE_IF_EXISTS on a header no level added depends on the upstream and is unknown.
 */

export type HeaderAppendAction = 'APPEND_IF_EXISTS_OR_ADD' | 'ADD_IF_ABSENT' | 'OVERWRITE_IF_EXISTS_OR_ADD' | 'OVERWRITE_IF_EXISTS';

const ACTIONS: readonly HeaderAppendAction[] = ['APPEND_IF_EXISTS_OR_ADD', 'ADD_IF_ABSENT', 'OVERWRITE_IF_EXISTS_OR_ADD', 'OVERWRITE_IF_EXISTS'];

/** One header a level adds; `action` is undefined when it cannot be read. */
export interface HeaderMutation {
  key: ScalarNode;
  value: DocNode;
  action: HeaderAppendAction | undefined;
}

/** What one level (weighted cluster, route, virtual host, route configuration) does to response headers. */
export interface HeaderLevel {
  add: readonly HeaderMutation[];
  /** Header names it removes, before it adds any. */
  remove: readonly string[];
}

/** The action a HeaderValueOption asks for, from `append_action` or the deprecated `append` BoolValue. */
export function appendAction(appendActionNode: DocNode | undefined, appendNode: DocNode | undefined): HeaderAppendAction | undefined {
  if (appendActionNode !== undefined) {
    const text = str(appendActionNode);
    if (isScalar(appendActionNode) && typeof appendActionNode.value === 'number') return ACTIONS[appendActionNode.value];
    return ACTIONS.find((action) => action === text);
  }
  if (appendNode === undefined) return 'APPEND_IF_EXISTS_OR_ADD';
  const append = isScalar(appendNode) ? appendNode : appendNode.type === 'map' ? appendNode.entries.find((entry) => entry.key.value === 'value')?.value : undefined;
  if (!isScalar(append) || typeof append.value !== 'boolean') return undefined;
  return append.value ? 'APPEND_IF_EXISTS_OR_ADD' : 'OVERWRITE_IF_EXISTS_OR_ADD';
}

/** What a response carries for one header name: its values in order, or an unknown value. */
type Sent = { key: ScalarNode; values: DocNode[] } | { key: ScalarNode; unknown: DocNode };

type Headers = Map<string, Sent>;

const nameOf = (key: ScalarNode): string => String(key.value).trim().toLowerCase();

function unknownAt(key: ScalarNode, value: DocNode): Sent {
  return { key, unknown: value };
}

/** Older Envoy: each header in turn, against the headers as the previous one left them. */
function applyInOrder(headers: Headers, level: HeaderLevel): void {
  for (const { key, value, action } of level.add) {
    const name = nameOf(key);
    const current = headers.get(name);
    if (action === undefined || (current !== undefined && 'unknown' in current)) {
      headers.set(name, unknownAt(key, value));
      continue;
    }
    switch (action) {
      case 'APPEND_IF_EXISTS_OR_ADD':
        headers.set(name, { key: current?.key ?? key, values: [...(current?.values ?? []), value] });
        break;
      case 'ADD_IF_ABSENT':
        if (current === undefined) headers.set(name, { key, values: [value] });
        break;
      case 'OVERWRITE_IF_EXISTS_OR_ADD':
        headers.set(name, { key, values: [value] });
        break;
      case 'OVERWRITE_IF_EXISTS':
        headers.set(name, current === undefined ? unknownAt(key, value) : { key, values: [value] });
        break;
    }
  }
}

/** Current Envoy: every header decided against the level's starting headers; overwrites, then additions. */
function applyBatched(headers: Headers, level: HeaderLevel): void {
  const before = new Map(headers);
  const overwrites: HeaderMutation[] = [];
  const additions: HeaderMutation[] = [];
  const unknown: HeaderMutation[] = [];
  for (const mutation of level.add) {
    const found = before.get(nameOf(mutation.key));
    if (mutation.action === undefined || (found !== undefined && 'unknown' in found)) unknown.push(mutation);
    else if (mutation.action === 'APPEND_IF_EXISTS_OR_ADD') additions.push(mutation);
    else if (mutation.action === 'ADD_IF_ABSENT') {
      if (found === undefined) additions.push(mutation);
    } else if (mutation.action === 'OVERWRITE_IF_EXISTS_OR_ADD') overwrites.push(mutation);
    else if (found === undefined) unknown.push(mutation);
    else overwrites.push(mutation);
  }
  for (const { key, value } of overwrites) headers.set(nameOf(key), { key, values: [value] });
  for (const { key, value } of additions) {
    const current = headers.get(nameOf(key));
    if (current !== undefined && 'unknown' in current) continue;
    headers.set(nameOf(key), { key: current?.key ?? key, values: [...(current?.values ?? []), value] });
  }
  for (const { key, value } of unknown) headers.set(nameOf(key), unknownAt(key, value));
}

function evaluate(levels: readonly HeaderLevel[], apply: (headers: Headers, level: HeaderLevel) => void): Headers {
  const headers: Headers = new Map();
  for (const level of levels) {
    for (const name of level.remove) headers.delete(name.trim().toLowerCase());
    apply(headers, level);
  }
  return headers;
}

function sameSent(a: Sent | undefined, b: Sent | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if ('unknown' in a || 'unknown' in b) return 'unknown' in a && 'unknown' in b;
  // Entries writing the same text send the same header, and the order of combined values changes
  // nothing for a CORS header: a list stays the same list, a combined single value is invalid either way.
  const text = (value: DocNode): unknown => (isScalar(value) ? value.value : value);
  const bText = b.values.map(text);
  return a.values.length === b.values.length && a.values.every((value) => {
    const index = bText.indexOf(text(value));
    if (index < 0) return false;
    bText.splice(index, 1);
    return true;
  });
}

const byPosition = (a: DocNode, b: DocNode): number => a.loc.line - b.loc.line || a.loc.column - b.loc.column;

/**
 * The headers a response carries after every level has run, one per name: the value, the values
 * joined with ", " (placed at the first one written), or an unknown value where the Envoy releases,
 * or the candidate orders of levels (for a control plane whose order is not fixed), disagree.
 */
export function sentEnvoyHeaders(orders: readonly (readonly HeaderLevel[])[]): MapEntry[] {
  const outcomes = orders.flatMap((levels) => [evaluate(levels, applyInOrder), evaluate(levels, applyBatched)]);
  const names = [...new Set(outcomes.flatMap((outcome) => [...outcome.keys()]))];
  const entries: MapEntry[] = [];
  for (const name of names) {
    const [first, ...others] = outcomes.map((outcome) => outcome.get(name));
    const written = outcomes.flatMap((outcome) => {
      const sent = outcome.get(name);
      return sent === undefined ? [] : ['unknown' in sent ? sent.unknown : undefined, ...('values' in sent ? sent.values : [])];
    });
    const anchor = written.filter((node): node is DocNode => node !== undefined).sort(byPosition)[0];
    const agreed = others.every((other) => sameSent(first, other));
    if (!agreed) {
      const key = [first, ...others].find((sent) => sent !== undefined)?.key;
      if (key !== undefined && anchor !== undefined) entries.push({ key, value: unknownValue(anchor) });
      continue;
    }
    if (first === undefined) continue;
    if ('unknown' in first) entries.push({ key: first.key, value: unknownValue(first.unknown) });
    else entries.push({ key: first.key, value: joinedValue(first.values) });
  }
  return entries;
}

function unknownValue(at: DocNode): DynamicNode {
  const inner: ScalarNode = { type: 'scalar', value: '', text: '', loc: at.loc };
  return { type: 'dynamic', tag: 'envoy-header-unknown', inner, loc: at.loc };
}

/** One value, or the values a browser reads as one header, joined with ", " at the first one written. */
function joinedValue(values: readonly DocNode[]): DocNode {
  const [only] = values;
  if (values.length === 1 && only !== undefined) return only;
  const anchor = [...values].sort(byPosition)[0] as DocNode;
  if (!values.every((value) => isScalar(value) && value.value !== null)) return unknownValue(anchor);
  const joined = values.map((value) => String((value as ScalarNode).value)).join(', ');
  return { type: 'scalar', value: joined, text: joined, loc: anchor.loc };
}

/**
 * An Envoy header formatter command (`%REQ(origin)%`, `%DOWNSTREAM_REMOTE_ADDRESS%`), which Envoy
 * fills in per request in added header values (Envoy docs, "Custom request/response headers");
 * `%%` is a literal percent sign.
 */
const FORMATTER_COMMAND = /%[A-Z][A-Z0-9_]*(?:\([^)]*\))?(?::\d+)?%/;
/** Header values that copy a request header, which is how a raw header echoes the request. */
const ECHOED_REQUEST_HEADER: Readonly<Record<string, string>> = {
  'access-control-allow-origin': 'origin',
  'access-control-allow-methods': 'access-control-request-method',
  'access-control-allow-headers': 'access-control-request-headers',
};

/** A value with a formatter command is filled in per request: unknown, but kept apart when it echoes. */
function withFormatters(mutation: HeaderMutation, echoes: Set<DocNode>): HeaderMutation {
  const { key, value } = mutation;
  const text = isScalar(value) && typeof value.value === 'string' ? value.value.replace(/%%/g, '') : '';
  if (!isScalar(value) || !FORMATTER_COMMAND.test(text)) return mutation;
  const formatted: DynamicNode = { type: 'dynamic', tag: 'envoy-header-formatter', inner: value, loc: value.loc };
  const copied = /^\s*%REQ\(\s*([^)\s]+)\s*\)%\s*$/i.exec(text)?.[1]?.toLowerCase();
  if (copied !== undefined && ECHOED_REQUEST_HEADER[nameOf(key)] === copied) echoes.add(formatted);
  return { ...mutation, value: formatted };
}

/**
 * The policy the response headers of a chain of levels send (raw-headers.ts), reported at `loc`; none
 * when they hold no Access-Control-* header. `orders` lists the orders the levels may run in (one,
 * unless the control plane leaves it open). A value filled in by a formatter command is unknown, except
 * one that copies the matching request header (`Access-Control-Allow-Origin: "%REQ(origin)%"`), which
 * echoes it.
 */
export function envoyHeaderPolicy(orders: readonly (readonly HeaderLevel[])[], loc: SourceLocation, source: string): CorsPolicy | undefined {
  const echoes = new Set<DocNode>();
  const converted = new Map<HeaderMutation, HeaderMutation>();
  const convert = (mutation: HeaderMutation): HeaderMutation => {
    let done = converted.get(mutation);
    if (done === undefined) {
      done = withFormatters(mutation, echoes);
      converted.set(mutation, done);
    }
    return done;
  };
  const formatted = orders.map((levels) => levels.map((level) => ({ ...level, add: level.add.map(convert) })));
  const entries = sentEnvoyHeaders(formatted);
  const group: MapNode = { type: 'map', entries, loc };
  const policy = rawHeaderGroupPolicy(group, group, source);
  if (policy === undefined) return undefined;
  const echoedAt = entries.filter((entry) => echoes.has(entry.value)).map((entry) => entry.value.loc);
  const isEchoed = (at: SourceLocation): boolean => echoedAt.some((value) => value.line === at.line && value.column === at.column);
  const echoList = (list: HeaderList | undefined): HeaderList | undefined =>
    list !== undefined && isEchoed(list.loc) ? { kind: 'reflect', loc: list.loc } : list;
  const echoedPolicy: CorsPolicy = {
    ...policy,
    origins: policy.origins.map((matcher) => (isEchoed(matcher.loc) ? { kind: 'reflect-any', loc: matcher.loc } : matcher)),
  };
  const allowMethods = echoList(policy.allowMethods);
  const allowHeaders = echoList(policy.allowHeaders);
  if (allowMethods !== undefined) echoedPolicy.allowMethods = allowMethods;
  if (allowHeaders !== undefined) echoedPolicy.allowHeaders = allowHeaders;
  return echoedPolicy;
}

/** Headers that one level sets in the order written, each with the same action. */
export function levelOf(entries: readonly MapEntry[], action: HeaderAppendAction): HeaderLevel {
  return { add: entries.map(({ key, value }) => ({ key, value, action })), remove: [] };
}
