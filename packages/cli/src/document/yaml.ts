import { createRequire } from 'node:module';
import type { DocumentDirective, Event, ScalarEvent, ScalarTagDefinition } from 'js-yaml';
import { LineIndex } from './lines.js';
import type { ConfigDocument, MapEntry, MapNode, ScalarNode } from './node.js';
import { NodeLocator, OffsetDynamic, OffsetMap, OffsetScalar, OffsetSeq, type OffsetDocNode } from './offset-nodes.js';
import { MAX_DEPTH, type ConfigError, type ParsedConfig, type SourceComment } from './parse.js';

/**
 * js-yaml through `require`, that is its CommonJS build. On Node 20 its ES module build parses the
 * same text about half as fast (measured over the benchmark corpus in fresh processes: 2.9–3.1 s of
 * parseEvents against 1.5–1.6 s), and parsing is most of a lint.
 */
const {
  boolCoreTag,
  EVENT_ID,
  floatCoreTag,
  getScalarValue,
  intCoreTag,
  NOT_RESOLVED,
  nullCoreTag,
  parseEvents,
  SCALAR_STYLE,
  YAMLException,
} = createRequire(import.meta.url)('js-yaml') as typeof import('js-yaml');

/**
 * YAML → positioned tree, from js-yaml's event stream. js-yaml's own loader would give values without
 * positions and would construct tagged values; here every node keeps its source span, every tag that
 * is not the core schema's becomes a `DynamicNode` (never executed), aliases share the anchored node,
 * and merge keys are folded into their mapping.
 */

const CORE_PREFIX = 'tag:yaml.org,2002:';
const SCALAR_TAGS: Record<string, ScalarTagDefinition<unknown>> = {
  null: nullCoreTag,
  bool: boolCoreTag,
  int: intCoreTag,
  float: floatCoreTag,
};
/** Plain scalars are tried against these, in the core schema's order; the rest are strings. */
const IMPLICIT_TAGS: ScalarTagDefinition<unknown>[] = [nullCoreTag, boolCoreTag, intCoreTag, floatCoreTag];

/**
 * The implicit tags worth trying for a scalar's first character (each tag declares the characters it
 * can start with), so most strings are known as strings without running any resolver.
 */
const TAGS_BY_FIRST_CHAR = new Map<string, ScalarTagDefinition<unknown>[]>();
const TAGS_FOR_ANY_FIRST_CHAR = IMPLICIT_TAGS.filter((tag) => tag.implicitFirstChars === null);
for (const tag of IMPLICIT_TAGS) {
  for (const char of tag.implicitFirstChars ?? []) {
    const list = TAGS_BY_FIRST_CHAR.get(char) ?? [];
    list.push(tag);
    TAGS_BY_FIRST_CHAR.set(char, list);
  }
}
for (const [char, list] of TAGS_BY_FIRST_CHAR) {
  // Keep the core schema's order, and the tags that accept any first character.
  TAGS_BY_FIRST_CHAR.set(char, IMPLICIT_TAGS.filter((tag) => list.includes(tag) || TAGS_FOR_ANY_FIRST_CHAR.includes(tag)));
}

/**
 * Upper bound on mapping entries copied by merge keys in one file. Real files merge a few anchors;
 * the bound stops a crafted file from turning merges into quadratic work.
 */
const MAX_MERGED_ENTRIES = 100_000;

class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

interface MapFrame {
  kind: 'map';
  node: OffsetMap;
  flow: boolean;
  properties: Properties;
  key: OffsetScalar | undefined;
  keyIsMerge: boolean;
  /** Merge sources in priority order, and where their entries go. */
  merges: { sources: MapNode[]; at: number }[];
}

interface SeqFrame {
  kind: 'seq';
  node: OffsetSeq;
  flow: boolean;
  properties: Properties;
}

interface DocFrame {
  kind: 'doc';
  root: OffsetDocNode | undefined;
}

type Frame = MapFrame | SeqFrame | DocFrame;

/** A node's tag and anchor as written. */
interface Properties {
  tag: string | undefined;
  tagStart: number;
  anchor: string | undefined;
}

/** What a node carries when it has neither tag nor anchor (most nodes): shared, not allocated per node. */
const NO_PROPERTIES: Properties = Object.freeze({ tag: undefined, tagStart: -1, anchor: undefined });

type TagClass = { kind: 'none' } | { kind: 'non-specific' } | { kind: 'core'; name: string } | { kind: 'custom' };
const UNTAGGED: TagClass = Object.freeze({ kind: 'none' });
const NON_SPECIFIC: TagClass = Object.freeze({ kind: 'non-specific' });
const CUSTOM: TagClass = Object.freeze({ kind: 'custom' });

export function parseYaml(path: string, text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const builder = new TreeBuilder(text, new NodeLocator(path, text, lines));
  try {
    const events = parseEvents(text, { filename: path, maxDepth: MAX_DEPTH });
    const documents = builder.build(events);
    return { documents, errors: [], comments: findComments(text, lines, builder.quotedRanges), nonStandard: [], text };
  } catch (error) {
    return { documents: [], errors: [toConfigError(error, lines)], comments: [], nonStandard: [], text };
  }
}

function toConfigError(error: unknown, lines: LineIndex): ConfigError {
  if (error instanceof YamlSyntaxError) return { message: error.message, ...lines.position(error.offset) };
  if (error instanceof YAMLException) {
    const position = error.mark === undefined ? { line: 1, column: 1 } : lines.position(error.mark.position);
    return { message: error.reason, ...position };
  }
  if (error instanceof RangeError) return { message: 'Document is nested too deeply to read', line: 1, column: 1 };
  return { message: error instanceof Error ? error.message : String(error), line: 1, column: 1 };
}

class TreeBuilder {
  /** Start and end offsets of quoted and block scalars (including quotes), where a `#` is text. */
  readonly quotedRanges: number[] = [];
  private stack: Frame[] = [];
  private anchors = new Map<string, OffsetDocNode>();
  private openAnchors = new Set<string>();
  private directives: DocumentDirective[] = [];
  /** The furthest source offset any event has reached: where zero-width nodes sit and flow closers are searched from. */
  private cursor = 0;
  private mergedEntries = 0;

  private readonly lines: LineIndex;

  constructor(
    private readonly text: string,
    private readonly locator: NodeLocator,
  ) {
    this.lines = locator.lines;
  }

  build(events: Event[]): ConfigDocument[] {
    const documents: ConfigDocument[] = [];
    for (const event of events) {
      switch (event.type) {
        case EVENT_ID.DOCUMENT:
          this.anchors = new Map();
          this.openAnchors = new Set();
          this.directives = event.directives;
          this.stack.push({ kind: 'doc', root: undefined });
          break;
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE: {
          const properties = this.properties(event);
          if (properties.anchor !== undefined) this.openAnchors.add(properties.anchor);
          const flow = event.style === 2;
          this.cursor = Math.max(this.cursor, event.start + (flow ? 1 : 0));
          if (event.type === EVENT_ID.MAPPING) {
            const node = new OffsetMap(this.locator, event.start, event.start, []);
            this.stack.push({ kind: 'map', node, flow, properties, key: undefined, keyIsMerge: false, merges: [] });
          } else {
            const node = new OffsetSeq(this.locator, event.start, event.start, []);
            this.stack.push({ kind: 'seq', node, flow, properties });
          }
          break;
        }
        case EVENT_ID.SCALAR:
          this.attach(this.scalar(event));
          break;
        case EVENT_ID.ALIAS:
          this.attach(this.alias(event.anchorStart, event.anchorEnd));
          break;
        case EVENT_ID.POP: {
          const frame = this.stack.pop();
          if (frame === undefined) break;
          if (frame.kind === 'doc') {
            const root = frame.root ?? this.emptyScalar();
            documents.push({ path: this.locator.path, index: documents.length, syntax: 'yaml', root });
          } else {
            this.attach(this.finishCollection(frame));
          }
          break;
        }
      }
    }
    return documents;
  }

  private properties(event: { tagStart: number; tagEnd: number; anchorStart: number; anchorEnd: number }): Properties {
    if (event.tagStart < 0 && event.anchorStart < 0) return NO_PROPERTIES;
    const tag = event.tagStart >= 0 ? this.text.slice(event.tagStart, event.tagEnd) : undefined;
    const anchor = event.anchorStart >= 0 ? this.text.slice(event.anchorStart, event.anchorEnd) : undefined;
    const ends = Math.max(event.tagEnd, event.anchorEnd);
    if (ends > this.cursor) this.cursor = ends;
    return { tag, tagStart: event.tagStart, anchor };
  }

  private scalar(event: ScalarEvent): OffsetDocNode {
    const properties = this.properties(event);
    let start: number;
    let end: number;
    if (event.valueStart < 0) {
      start = end = this.cursor;
    } else if (event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED) {
      start = event.valueStart - 1;
      end = event.valueEnd + 1;
      this.quotedRanges.push(start, end);
    } else if (event.style === SCALAR_STYLE.LITERAL_BLOCK || event.style === SCALAR_STYLE.FOLDED_BLOCK) {
      start = this.blockIndicator(event.valueStart);
      end = Math.max(start + 1, trimEnd(this.text, event.valueStart, event.valueEnd));
      this.quotedRanges.push(start, event.valueEnd);
    } else {
      start = event.valueStart;
      end = event.valueEnd;
    }
    if (end > this.cursor) this.cursor = end;
    const decoded = event.valueStart < 0 ? '' : getScalarValue(this.text, event);
    // A one-line plain scalar is its own source text: share the string rather than slice it again.
    const text =
      event.style === SCALAR_STYLE.PLAIN && decoded.length === end - start && this.text.startsWith(decoded, start)
        ? decoded
        : this.text.slice(start, end);
    const tag = this.classifyTag(properties.tag);
    let node: OffsetDocNode;
    if (tag.kind === 'custom' || (tag.kind === 'core' && !isScalarTag(tag.name))) {
      node = this.dynamic(properties, new OffsetScalar(this.locator, start, end, decoded, text));
    } else {
      node = new OffsetScalar(this.locator, start, end, this.scalarValue(decoded, event, tag, start), text);
    }
    this.defineAnchor(properties.anchor, node);
    return node;
  }

  private scalarValue(decoded: string, event: ScalarEvent, tag: TagClass, offset: number): ScalarNode['value'] {
    if (tag.kind === 'non-specific') return decoded;
    if (tag.kind === 'core') {
      if (tag.name === 'str') return decoded;
      const definition = SCALAR_TAGS[tag.name];
      const value = definition?.resolve(decoded, true, CORE_PREFIX + tag.name);
      if (definition === undefined || value === NOT_RESOLVED) {
        throw new YamlSyntaxError(`cannot read "${decoded}" as !!${tag.name}`, offset);
      }
      return value as ScalarNode['value'];
    }
    if (event.style !== SCALAR_STYLE.PLAIN) return decoded;
    for (const definition of TAGS_BY_FIRST_CHAR.get(decoded.charAt(0)) ?? TAGS_FOR_ANY_FIRST_CHAR) {
      const value = definition.resolve(decoded, false, definition.tagName);
      if (value !== NOT_RESOLVED) return value as ScalarNode['value'];
    }
    return decoded;
  }

  /** Where a block scalar's `|` or `>` sits: on the header line, after anything already read. */
  private blockIndicator(contentStart: number): number {
    const headerLine = this.lines.lineOf(Math.max(0, contentStart - 1));
    const from = Math.max(this.cursor, this.lines.lineStart(headerLine));
    for (let i = from; i < contentStart; i++) {
      const char = this.text[i];
      if (char === '|' || char === '>') return i;
    }
    return contentStart;
  }

  private alias(nameStart: number, nameEnd: number): OffsetDocNode {
    const name = this.text.slice(nameStart, nameEnd);
    if (nameEnd > this.cursor) this.cursor = nameEnd;
    const target = this.anchors.get(name);
    if (target !== undefined) return target;
    if (this.openAnchors.has(name)) throw new YamlSyntaxError(`alias *${name} refers to a node that contains it`, nameStart - 1);
    throw new YamlSyntaxError(`unknown anchor *${name}`, nameStart - 1);
  }

  private defineAnchor(anchor: string | undefined, node: OffsetDocNode): void {
    if (anchor === undefined) return;
    this.openAnchors.delete(anchor);
    this.anchors.set(anchor, node);
  }

  private dynamic(properties: Properties, inner: OffsetScalar | OffsetMap | OffsetSeq): OffsetDynamic {
    const start = properties.tagStart >= 0 ? properties.tagStart : inner.start;
    return new OffsetDynamic(this.locator, start, inner.end, properties.tag ?? '', inner);
  }

  private emptyScalar(): OffsetScalar {
    return new OffsetScalar(this.locator, this.cursor, this.cursor, null, '');
  }

  private finishCollection(frame: MapFrame | SeqFrame): OffsetDocNode {
    let end = this.cursor;
    if (frame.flow) {
      end = flowCloser(this.text, this.cursor);
      this.cursor = end;
    }
    frame.node.end = end;
    if (frame.kind === 'map') {
      if (frame.key !== undefined) {
        // A key without a value event cannot happen in a well-formed stream; keep the key readable anyway.
        frame.node.entries.push({ key: frame.key, value: this.emptyScalar() });
      }
      if (frame.merges.length > 0) this.foldMerges(frame);
    }
    const tag = this.classifyTag(frame.properties.tag);
    const expected = frame.kind === 'map' ? 'map' : 'seq';
    const node: OffsetDocNode =
      tag.kind === 'custom' || (tag.kind === 'core' && tag.name !== expected)
        ? this.dynamic(frame.properties, frame.node)
        : frame.node;
    this.defineAnchor(frame.properties.anchor, node);
    return node;
  }

  /**
   * YAML merge keys: entries of the merged mappings join this one unless the mapping (or an earlier
   * source) already has the key. Entries are shared, not copied, so nothing multiplies.
   */
  private foldMerges(frame: MapFrame): void {
    const own = frame.node.entries;
    const seen = new Set(own.map((entry) => keyIdentity(entry.key)));
    const result: MapEntry[] = [];
    let next = 0;
    for (const merge of frame.merges) {
      while (next < merge.at) result.push(own[next++] as MapEntry);
      for (const source of merge.sources) {
        this.mergedEntries += source.entries.length;
        if (this.mergedEntries > MAX_MERGED_ENTRIES) {
          throw new YamlSyntaxError('too many entries merged with <<', frame.node.start);
        }
        for (const entry of source.entries) {
          const identity = keyIdentity(entry.key);
          if (seen.has(identity)) continue;
          seen.add(identity);
          result.push(entry);
        }
      }
    }
    while (next < own.length) result.push(own[next++] as MapEntry);
    frame.node.entries = result;
  }

  private attach(node: OffsetDocNode): void {
    const frame = this.stack[this.stack.length - 1];
    if (frame === undefined) return;
    if (frame.kind === 'doc') {
      frame.root = node;
    } else if (frame.kind === 'seq') {
      frame.node.items.push(node);
    } else if (frame.key === undefined) {
      frame.key = this.keyOf(node);
      frame.keyIsMerge = isMergeKey(frame.key, node);
    } else {
      if (frame.keyIsMerge) frame.merges.push({ sources: this.mergeSources(node), at: frame.node.entries.length });
      else frame.node.entries.push({ key: frame.key, value: node });
      frame.key = undefined;
      frame.keyIsMerge = false;
    }
  }

  private mergeSources(value: OffsetDocNode): MapNode[] {
    if (value.type === 'map') return [value];
    if (value.type === 'seq' && value.items.every((item) => item.type === 'map')) return value.items as MapNode[];
    throw new YamlSyntaxError('a merge key (<<) needs a mapping or a sequence of mappings', value.start);
  }

  /** Keys are scalars in every config format; a complex key is kept as its source text. */
  private keyOf(node: OffsetDocNode): OffsetScalar {
    if (node.type === 'scalar') return node;
    if (node.type === 'dynamic' && node.inner instanceof OffsetScalar) return node.inner;
    const text = this.text.slice(node.start, node.end);
    return new OffsetScalar(this.locator, node.start, node.end, text, text);
  }

  private classifyTag(tag: string | undefined): TagClass {
    if (tag === undefined) return UNTAGGED;
    if (tag === '!') return NON_SPECIFIC;
    let full: string;
    if (tag.startsWith('!<') && tag.endsWith('>')) {
      full = tag.slice(2, -1);
    } else {
      const handle = /^!(?:[\w-]*!)?/.exec(tag)?.[0] ?? '!';
      const declared = this.directives.find(
        (directive): directive is Extract<DocumentDirective, { kind: 'tag' }> =>
          directive.kind === 'tag' && directive.handle === handle,
      );
      const prefix = declared?.prefix ?? (handle === '!!' ? CORE_PREFIX : handle);
      full = prefix + tag.slice(handle.length);
    }
    if (full.startsWith(CORE_PREFIX)) {
      const name = full.slice(CORE_PREFIX.length);
      if (name === 'str' || name === 'map' || name === 'seq' || Object.hasOwn(SCALAR_TAGS, name)) return { kind: 'core', name };
    }
    return CUSTOM;
  }
}

function isScalarTag(name: string): boolean {
  return name === 'str' || Object.hasOwn(SCALAR_TAGS, name);
}

function isMergeKey(key: ScalarNode, node: OffsetDocNode): boolean {
  return node === key && key.value === '<<' && key.text === '<<';
}

function keyIdentity(key: ScalarNode): string {
  return `${typeof key.value}:${String(key.value)}`;
}

function trimEnd(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && /\s/.test(text[i - 1] as string)) i--;
  return i;
}

/** The offset just past the `]` or `}` that closes a flow collection whose content ends at `from`. */
function flowCloser(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const char = text[i];
    if (char === ']' || char === '}') return i + 1;
    if (char === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r' && char !== ',' && char !== ':' && char !== '?') {
      return from;
    }
    i++;
  }
  return from;
}

/**
 * Comments are not events: a `#` starts one when it begins a line or follows whitespace and lies
 * outside every quoted or block scalar (plain scalars end before ` #`, so they never hold one).
 */
function findComments(text: string, lines: LineIndex, quotedRanges: readonly number[]): SourceComment[] {
  const comments: SourceComment[] = [];
  let range = 0;
  for (let at = text.indexOf('#'); at >= 0; at = text.indexOf('#', at + 1)) {
    const before = at === 0 ? '\n' : (text[at - 1] as string);
    if (before !== ' ' && before !== '\t' && before !== '\n' && before !== '\r') continue;
    while (range < quotedRanges.length && (quotedRanges[range + 1] as number) <= at) range += 2;
    if (range < quotedRanges.length && (quotedRanges[range] as number) <= at) continue;
    const { line, column } = lines.position(at);
    const lineText = lines.lineText(line);
    comments.push({ text: lineText.slice(column), line, column, ownLine: lineText.slice(0, column - 1).trim() === '' });
    at += lineText.length - column;
  }
  return comments;
}
