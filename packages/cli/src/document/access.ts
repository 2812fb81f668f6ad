import type { HeaderList, Located, LocatedString, MaxAge, SourceLocation, Tri } from '@corsguard/core';
import type { DocNode, MapEntry, MapNode, ScalarNode, SeqNode } from './node.js';
import { MAX_DEPTH } from './parse.js';

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

/**
 * Adds `item` to the list kept under `key`, in place: YAML aliases can repeat one entry thousands of
 * times, and copying the list on every addition would cost the square of that.
 */
export function appendToGroup<K, V>(groups: Map<K, V[]>, key: K, item: V): void {
  const group = groups.get(key);
  if (group === undefined) groups.set(key, [item]);
  else group.push(item);
}

/** The value under `key` in a mapping (the last one when a key repeats, as YAML loaders keep). */
export function get(node: DocNode | undefined, key: string): DocNode | undefined {
  return findEntry(node, key)?.value;
}

/**
 * Mappings larger than this get a key index on first lookup: every adapter looks up a few keys in
 * every document, and a linear scan of a 100,000-key mapping per lookup would dominate a lint.
 */
const INDEXED_MAP_SIZE = 64;
/**
 * The index lives on the mapping node, not in a module-level WeakMap: V8's young-generation collector
 * keeps a WeakMap's values alive, and an index holds every entry of the tree.
 */
const KEY_INDEX = Symbol('keyIndex');
type IndexedMapNode = MapNode & { [KEY_INDEX]?: { entries: MapEntry[]; size: number; index: Map<string, MapEntry> } };

/** The last entry whose key is named `key` (see keyName). */
function findEntry(node: DocNode | undefined, key: string): MapEntry | undefined {
  if (!isMap(node)) return undefined;
  const entries = node.entries;
  if (entries.length > INDEXED_MAP_SIZE) {
    const indexed = node as IndexedMapNode;
    let cached = indexed[KEY_INDEX];
    if (cached === undefined || cached.entries !== entries || cached.size !== entries.length) {
      const index = new Map<string, MapEntry>();
      for (const entry of entries) index.set(keyName(entry.key), entry);
      cached = { entries, size: entries.length, index };
      indexed[KEY_INDEX] = cached;
    }
    return cached.index.get(key);
  }
  let found: MapEntry | undefined;
  for (const entry of entries) if (keyName(entry.key) === key) found = entry;
  return found;
}

/**
 * What a key is looked up by: a string key's value (quotes and escapes resolved), any other key's
 * source text (`80`, `true`, `null`), so `get(ports, '80')` finds an integer key.
 */
export function keyName(key: ScalarNode): string {
  return typeof key.value === 'string' ? key.value : key.text;
}

/** The value at a key path, e.g. `at(doc.root, 'spec', 'headers')`. */
export function at(node: DocNode | undefined, ...keys: string[]): DocNode | undefined {
  let current = node;
  // An indexed loop, not for…of: iterating the rest array made V8 (Node 20) slow down the tree
  // building around it, ~1.5 s over the benchmark corpus for resourceHeader alone.
  for (let i = 0; i < keys.length; i++) current = get(current, keys[i] as string);
  return current;
}

/** The key node of `key` in a mapping, to point at a key rather than its value. */
export function keyNode(node: DocNode | undefined, key: string): ScalarNode | undefined {
  return findEntry(node, key)?.key;
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
 * Split a comma-separated header value into located items, keeping each item's own place so a
 * finding can point inside `"GET, PUT, TRACE"` (see `locateInScalar`).
 */
export function splitCommaList(node: ScalarNode, separator: RegExp = /,/): LocatedString[] {
  const text = str(node) ?? '';
  const out: LocatedString[] = [];
  let offset = 0;
  for (const part of text.split(separator)) {
    const trimmed = part.trim();
    const start = offset + part.indexOf(trimmed);
    offset += part.length + 1;
    if (trimmed === '') continue;
    out.push({ value: trimmed, loc: locateInScalar(node, start, start + trimmed.length) });
  }
  return out;
}

/**
 * Where the characters `start`..`end` of a scalar's string value sit in the source: exact for a
 * single-line scalar and for a literal block scalar (`|`) whose lines are the value's lines verbatim.
 * In a folded or multi-line quoted scalar (YAML `>`, a TOML `"""` string), or a string with escapes,
 * line breaks and escapes are rewritten,
 * but a header name or origin inside is written as is: the same occurrence of those characters in the
 * source is taken. The whole scalar when neither holds (escapes, a span across a folded line break).
 */
export function locateInScalar(node: ScalarNode, start: number, end: number): SourceLocation {
  const value = str(node) ?? '';
  if (node.loc.line === node.loc.endLine) {
    const quoteOffset = valueOffset(node, value);
    // A quoted string with escapes (a JSON template with \n and \") is not its value verbatim.
    if (quoteOffset < 0) return verbatimLocation(node, value, start, end) ?? escapedLocation(node, value, start, end) ?? node.loc;
    return { ...node.loc, column: node.loc.column + quoteOffset + start, endColumn: node.loc.column + quoteOffset + end };
  }
  return literalBlockLocation(node, value, start, end) ?? verbatimLocation(node, value, start, end) ?? node.loc;
}

/**
 * Where a single-line scalar's value starts in its source text (past a quote), -1 when the source
 * does not hold the value verbatim. Kept per node: splitting one long value locates every item in
 * it, and searching the whole value again for each would cost the square of its length. (A WeakMap
 * of numbers keeps no tree alive, unlike the indexes kept on the nodes themselves.)
 */
const valueOffsets = new WeakMap<ScalarNode, number>();
function valueOffset(node: ScalarNode, value: string): number {
  if (node.text === value) return 0;
  let offset = valueOffsets.get(node);
  if (offset === undefined) {
    offset = node.text.indexOf(value);
    valueOffsets.set(node, offset);
  }
  return offset;
}

function literalBlockLocation(node: ScalarNode, value: string, start: number, end: number): SourceLocation | undefined {
  if (!/^\|[0-9+-]*[ \t]*(#.*)?\n/.test(node.text)) return undefined;
  const sourceLines = node.text.slice(node.text.indexOf('\n') + 1).split('\n');
  const first = sourceLines.find((line) => line.trim() !== '');
  if (first === undefined) return undefined;
  const indent = first.length - first.trimStart().length;
  const valueLines = value.split('\n');
  const verbatim = sourceLines.every((line, index) => line.trim() === '' || line.slice(indent) === valueLines[index]);
  if (!verbatim) return undefined;
  const position = (offset: number): { line: number; column: number } => {
    const lineStart = value.lastIndexOf('\n', offset - 1) + 1;
    const lineIndex = value.slice(0, lineStart).split('\n').length - 1;
    return { line: node.loc.line + 1 + lineIndex, column: indent + 1 + offset - lineStart };
  };
  const from = position(start);
  const to = position(end);
  return { ...node.loc, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

/**
 * The n-th copy of `value[start..end]` in the scalar's source, for the n-th copy in the value; undefined
 * when the source does not hold the text as many times as the value (an escape wrote it) or the text
 * spans a line break.
 */
/**
 * Where characters `start`..`end` of a one-line scalar's value sit when escapes wrote some of them
 * (`"https:\/\/b.example.com"` in JSON, `https\://b.example.com` in a `.properties` file): the source is
 * read alongside the value, each backslash escape standing for one character of it (`\uXXXX`, `\xXX` and
 * YAML's `\UXXXXXXXX` by their length) and `''` for a quote. Undefined when the two cannot be aligned.
 */
function escapedLocation(node: ScalarNode, value: string, start: number, end: number): SourceLocation | undefined {
  const source = node.text;
  // Source offset where each value character starts, and where the value ends.
  const offsets: number[] = [];
  let i = source.startsWith('"') || source.startsWith("'") ? 1 : 0;
  for (let j = 0; j < value.length; j++) {
    offsets.push(i);
    if (source[i] === "'" && source[i + 1] === "'" && value[j] === "'") i += 2;
    else if (source[i] === value[j]) i += 1;
    else if (source[i] === '\\') i += ESCAPE_LENGTHS[source[i + 1] ?? ''] ?? 2;
    else return undefined;
    if (i > source.length) return undefined;
  }
  offsets.push(i);
  const from = offsets[start];
  const to = offsets[end];
  if (from === undefined || to === undefined) return undefined;
  return { ...node.loc, column: node.loc.column + from, endColumn: node.loc.column + to };
}

/** Source lengths of the escapes that are longer than a backslash and one character. */
const ESCAPE_LENGTHS: Readonly<Record<string, number>> = { u: 6, x: 4, U: 10 };

function verbatimLocation(node: ScalarNode, value: string, start: number, end: number): SourceLocation | undefined {
  const part = value.slice(start, end);
  if (part === '' || /[\r\n]/.test(part)) return undefined;
  const occurrences = (text: string): number[] => {
    const found: number[] = [];
    for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) found.push(at);
    return found;
  };
  const inValue = occurrences(value);
  const inSource = occurrences(node.text);
  const index = inValue.indexOf(start);
  const at = inSource[index];
  if (index < 0 || inValue.length !== inSource.length || at === undefined) return undefined;
  const before = node.text.slice(0, at);
  const lineBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  const line = node.loc.line + (before.match(/\r\n|\r|\n/g)?.length ?? 0);
  const column = lineBreak < 0 ? node.loc.column + at : at - lineBreak;
  return { ...node.loc, line, column, endLine: line, endColumn: column + part.length };
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

/**
 * Whether a scalar holds text that something else fills in before the config is used: a Helm or Go
 * template action (`{{ .Values.origin }}`), a shell, Docker Compose or Spring placeholder
 * (`${CORS_ORIGIN}`), or a whole value that is a token a build or release step replaces: `__NAME__`
 * (sed and token-replacement scripts), `#{Name}#` (Azure Pipelines replace tokens), `@NAME@` (Ant and
 * Gradle filtering), `$NAME` (envsubst) or `<your-origin>` (a template's blank), or a URL with such a
 * blank in it (`https://<username>.github.io`). Such a value is
 * unknown to the linter, so rules must stay silent about it.
 */
export function isPlaceholder(node: DocNode | undefined): boolean {
  if (!isScalar(node) || typeof node.value !== 'string') return false;
  const value = node.value;
  return /\{\{[\s\S]*?\}\}|\$\{[^}]*\}/.test(value) || REPLACED_TOKEN.test(value.trim()) || URL_WITH_BLANK.test(value.trim());
}

const REPLACED_TOKEN = /^(?:__\w+__|#\{[^{}]+\}#|@[A-Za-z_][\w.-]*@|\$[A-Z_][A-Z0-9_]*|<[^<>]+>)$/;
/**
 * A URL with a template's blank in it (`https://<username>.github.io`, `https://<your-host>:<port>`).
 * A regex's named group (`(?<sub>…)`) or back-reference (`\k<sub>`) is no blank.
 */
const URL_WITH_BLANK = /^[a-z][a-z0-9+.-]*:\/\/\S*?(?<![?\\k])<[A-Za-z][\w .-]*>/i;

/**
 * The value under `key`, comparing keys the way relaxed binders do (Spring Boot, Traefik's file
 * provider): case, `-` and `_` are ignored, so `allowed-origins`, `allowedOrigins` and
 * `ALLOWED_ORIGINS` all name the same setting. The last matching entry wins.
 */
export function getRelaxed(node: DocNode | undefined, key: string): DocNode | undefined {
  if (!isMap(node)) return undefined;
  const wanted = relaxedKey(key);
  let found: DocNode | undefined;
  for (const entry of node.entries) {
    if (relaxedEquals(String(entry.key.value), wanted) || relaxedEquals(entry.key.text, wanted)) found = entry.value;
  }
  return found;
}

/** A setting name as relaxed binders compare it: lowercase, without `-` and `_`. */
export function relaxedKey(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
}

/**
 * `relaxedKey(text.slice(0, end)) === relaxed`, for a `relaxed` that is already a relaxed key, without
 * building a string: relaxed lookups scan every key of a mapping, and a document that is no config
 * (a translation table, a lock file) can have thousands.
 */
export function relaxedEquals(text: string, relaxed: string, end = text.length): boolean {
  let matched = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2d || code === 0x5f) continue;
    // Lowercasing beyond ASCII can change a string's length: compare those the long way.
    if (code > 0x7f) return relaxedKey(text.slice(0, end)) === relaxed;
    const lower = code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
    if (matched >= relaxed.length || lower !== relaxed.charCodeAt(matched)) return false;
    matched++;
  }
  return matched === relaxed.length;
}

/** A Kubernetes-style resource header: API group (empty for the core group), version, kind and name. */
export interface ResourceHeader {
  group: string;
  version: string;
  kind: string;
  name: string | undefined;
}

/**
 * A function of a node or a document whose answer is kept on that object: an adapter's `detect` and
 * `extract` ask for the same answers, and several adapters ask for some (a manifest's header, a
 * document's manifests). Kept on the object, not in a module-level WeakMap: V8's young-generation
 * collector keeps a WeakMap's values alive, and these often hold the whole tree (see KEY_INDEX).
 */
export function keptOn<O extends object, T>(name: string, compute: (object: O) => T): (object: O) => T {
  const slot = Symbol(name);
  return (object) => {
    const holder = object as unknown as Record<symbol, { value: T } | undefined>;
    const kept = holder[slot];
    if (kept !== undefined) return kept.value;
    const value = compute(object);
    holder[slot] = { value };
    return value;
  };
}

/**
 * The `apiVersion`/`kind`/`metadata.name` of a manifest, or undefined when the document has none. Every
 * adapter's `detect` asks for it, a dozen times per document in a Kubernetes stream.
 */
export function resourceHeader(root: DocNode): Readonly<ResourceHeader> | undefined {
  return isMap(root) ? keptResourceHeader(root) : undefined;
}

const keptResourceHeader = keptOn('resourceHeader', readResourceHeader);

function readResourceHeader(root: MapNode): ResourceHeader | undefined {
  const apiVersion = str(get(root, 'apiVersion'));
  const kind = str(get(root, 'kind'));
  if (apiVersion === undefined || kind === undefined) return undefined;
  const slash = apiVersion.lastIndexOf('/');
  return {
    group: slash === -1 ? '' : apiVersion.slice(0, slash),
    version: slash === -1 ? apiVersion : apiVersion.slice(slash + 1),
    kind,
    name: str(at(root, 'metadata', 'name')),
  };
}

/**
 * The chart values a release resource carries inline: a Flux `HelmRelease`'s `spec.values`, an Argo
 * CD `Application`'s `spec.source.helm.valuesObject`.
 */
export function helmReleaseValues(root: DocNode, header: ResourceHeader): DocNode | undefined {
  if (header.group === 'helm.toolkit.fluxcd.io' && header.kind === 'HelmRelease') return at(root, 'spec', 'values');
  if (header.group === 'argoproj.io' && header.kind === 'Application') {
    return at(root, 'spec', 'source', 'helm', 'valuesObject');
  }
  return undefined;
}

/**
 * A key under another name at the same place (a dotted key's remainder, a label's option). Named
 * fields, not a spread: parsed nodes compute \`loc\` on demand, and a spread would leave it out.
 */
export function renamedKey(key: ScalarNode, name: string): ScalarNode {
  return { type: 'scalar', value: name, text: name, loc: key.loc };
}

/** The span from the start of one location to the end of another (a key through its value). */
export function spanOf(start: SourceLocation, end: SourceLocation): SourceLocation {
  return { ...start, endLine: end.endLine, endColumn: end.endColumn };
}

/** One item of a list setting: its text, or `value: undefined` when the linter cannot read it. */
export interface ListEntry {
  value: string | undefined;
  loc: SourceLocation;
}

/**
 * The items of a list setting written as a sequence, a lone scalar, or (with `commaSeparated`) one
 * comma-separated string. Templated, dynamic and non-scalar items come back unreadable, so the caller
 * can turn each into an unknown matcher rather than guess.
 */
export function listEntries(node: DocNode, commaSeparated: boolean): ListEntry[] {
  if (node.type === 'seq') return node.items.flatMap((item) => scalarEntries(item, commaSeparated));
  return scalarEntries(node, commaSeparated);
}

function scalarEntries(node: DocNode, commaSeparated: boolean): ListEntry[] {
  if (!isScalar(node) || isPlaceholder(node)) return [{ value: undefined, loc: node.loc }];
  if (node.value === null) return [];
  return commaSeparated ? splitCommaList(node) : [{ value: str(node), loc: node.loc }];
}

/**
 * Like `headerList`, but a templated value (`${HEADERS}`, `{{ .Values.headers }}`) is unknown as a
 * whole, and a templated item makes the list `partial`.
 */
export function configHeaderList(node: DocNode, commaSeparated = true): HeaderList {
  if (node.type === 'dynamic' || node.type === 'map' || isPlaceholder(node)) return { kind: 'unknown', loc: node.loc };
  const entries = listEntries(node, commaSeparated);
  const known = entries.filter((entry): entry is LocatedString => entry.value !== undefined);
  return known.length === entries.length
    ? { kind: 'list', items: known, loc: node.loc }
    : { kind: 'list', items: known, partial: true, loc: node.loc };
}

/** Max-age in seconds (`maxAgeSeconds`) or from a duration (`maxAgeDuration`); templated values are unknown. */
export function configMaxAge(node: DocNode, notation: 'seconds' | 'duration'): MaxAge {
  if (isPlaceholder(node)) return { kind: 'unknown', loc: node.loc };
  return notation === 'seconds' ? maxAgeSeconds(node) : maxAgeDuration(node);
}

/**
 * Whether a configured response header is a `Vary` that covers `Origin` (`Vary: Origin`,
 * `Vary: Accept-Encoding, Origin`, `Vary: *`), for gateways whose CORS feature adds no Vary but whose
 * users add it as a plain response header next to it.
 */
export function isVaryOnOrigin(name: string | undefined, value: string | undefined): boolean {
  if (name === undefined || value === undefined || name.trim().toLowerCase() !== 'vary') return false;
  return value.split(',').some((token) => ['origin', '*'].includes(token.trim().toLowerCase()));
}

/**
 * Visit every mapping of a tree once. Shared nodes (aliases) are visited once, and the walk stops at
 * the parser's nesting limit.
 */
export function walkMaps(root: DocNode, visit: (map: MapNode) => void): void {
  const seen = new Set<DocNode>();
  const stack: Array<[DocNode, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [DocNode, number];
    if (seen.has(node) || depth > MAX_DEPTH) continue;
    seen.add(node);
    if (node.type === 'map') {
      visit(node);
      for (const entry of node.entries) stack.push([entry.value, depth + 1]);
    } else if (node.type === 'seq') {
      for (const item of node.items) stack.push([item, depth + 1]);
    }
  }
}

/**
 * A test of a file's text whose answer is kept for the last text it was asked about: every document of
 * a stream shares its file's text, and adapters ask in `detect` and again in `extract`, so a stream of
 * many documents is searched once, not once per document and call.
 */
export function perFileText(test: (text: string) => boolean): (text: string) => boolean {
  let lastText: string | undefined;
  let lastAnswer = false;
  return (text) => {
    if (text !== lastText) {
      lastText = text;
      lastAnswer = test(text);
    }
    return lastAnswer;
  };
}
