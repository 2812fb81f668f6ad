import { createRequire } from 'node:module';
import type { DocumentDirective, Event, ScalarEvent, ScalarTagDefinition } from 'js-yaml';
import { LineIndex } from './lines.js';
import type { ConfigDocument, DocNode, MapEntry, MapNode, ScalarNode } from './node.js';
import { LazyMap, LazySeq, NodeLocator, OffsetDynamic, OffsetScalar, type ChildSource, type OffsetDocNode } from './offset-nodes.js';
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

type TagClass = { kind: 'none' } | { kind: 'non-specific' } | { kind: 'core'; name: string } | { kind: 'custom' };
const UNTAGGED: TagClass = Object.freeze({ kind: 'none' });
const NON_SPECIFIC: TagClass = Object.freeze({ kind: 'non-specific' });
const CUSTOM: TagClass = Object.freeze({ kind: 'custom' });

export function parseYaml(path: string, text: string): ParsedConfig {
  const lines = new LineIndex(text);
  try {
    return parsedYaml(path, text, text, lines);
  } catch (error) {
    // A Spring Boot source file may hold Maven resource-filtering tokens (`port: @server.port@`) that
    // only the build replaces; `@` cannot start a plain scalar, so read each token as an unknown value.
    const tokens = withBuildTokensTagged(text);
    if (tokens !== text) {
      try {
        return parsedYaml(path, text, tokens, lines);
      } catch {
        // Report the error of the text as written.
      }
    }
    return { documents: [], errors: [toConfigError(error, lines)], comments: [], nonStandard: [], beyondComments: [], text, lines: () => lines };
  }
}

function parsedYaml(path: string, text: string, parsedText: string, lines: LineIndex): ParsedConfig {
  const events = parseEvents(parsedText, { filename: path, maxDepth: MAX_DEPTH });
  const tree = new YamlTree(parsedText, new NodeLocator(path, parsedText, lines), events);
  const documents = tree.documents();
  return { documents, errors: [], comments: findComments(text, lines, tree.quotedRanges), nonStandard: [], beyondComments: [], text, lines: () => lines };
}

/**
 * Maven resource filtering's `@name@` tokens written as whole plain values (spring-boot-starter-parent
 * filters `application*.yml` with `@` delimiters; Spring Boot reference, "Automatic Property Expansion
 * Using Maven"), each rewritten in place as `!name@` (a tag may hold `@`) so that it parses as a value
 * with a custom tag, that is a dynamic node, spanning the token.
 */
const BUILD_TOKEN = /(^|[:?-][ \t]+)@([\w.-]+)@(?=[ \t]*(?:#.*)?$)/gm;

function withBuildTokensTagged(text: string): string {
  return text.replace(BUILD_TOKEN, (_token, lead: string, name: string) => `${lead}!${name}@`);
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

/** One document of the stream: its DOCUMENT event, its root event (-1: empty) and its tag directives. */
interface DocumentRecord {
  event: number;
  root: number;
  directives: DocumentDirective[];
}

/**
 * YAML events → lazily built positioned trees. The constructor makes one pass over the events and
 * records, per event, the source span of the node it starts and (for collections) where it ends, and
 * resolves every alias to the event it names; it also does every check that can reject the file
 * (unknown or recursive aliases, bad merge keys, explicit core tags that do not fit), so a file that
 * passes has no error left to find later. Nodes are then built only when an adapter reads them:
 * a collection's children when its `entries`/`items` are first read.
 */
class YamlTree implements ChildSource<number> {
  /** Start and end offsets of quoted and block scalars (including quotes), where a `#` is text. */
  readonly quotedRanges: number[] = [];
  /** Source span of each event's node: a scalar's text, a collection from its start to its end. */
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  /** For a collection event, the index of its POP; for an alias, the index of the event it names. */
  private readonly link: Int32Array;
  private readonly records: DocumentRecord[] = [];
  /** Nodes that must be one object however they are reached: anchored ones, and mappings with merge keys. */
  private readonly built = new Map<number, OffsetDocNode>();
  private mergedEntries = 0;

  constructor(
    private readonly text: string,
    private readonly locator: NodeLocator,
    private readonly events: Event[],
  ) {
    this.start = new Int32Array(events.length);
    this.end = new Int32Array(events.length);
    this.link = new Int32Array(events.length).fill(-1);
    this.layOut();
  }

  documents(): ConfigDocument[] {
    return this.records.map((record, index) => ({
      path: this.locator.path,
      index,
      syntax: 'yaml',
      root: record.root < 0 ? this.emptyScalar(this.end[record.event] as number) : this.nodeAt(record.root),
      fileText: this.text,
    }));
  }

  // --- the pass over the events --------------------------------------------------------------

  private layOut(): void {
    const { events, text } = this;
    const lines = this.locator.lines;
    /** The furthest source offset any event has reached: where zero-width nodes sit and flow closers are searched from. */
    let cursor = 0;
    let anchors = new Map<string, number>();
    let openAnchors = new Set<string>();
    // Open collections and documents, innermost last; for mappings, whether the next child is a key
    // and whether the pending key is a merge key (`<<`).
    const open: number[] = [];
    const expectingKey: boolean[] = [];
    const keyIsMerge: boolean[] = [];
    const hasMerges = new Set<number>();

    const reach = (offset: number): void => {
      if (offset > cursor) cursor = offset;
    };
    const anchorOf = (event: { anchorStart: number; anchorEnd: number }): string | undefined =>
      event.anchorStart >= 0 ? text.slice(event.anchorStart, event.anchorEnd) : undefined;
    const attach = (child: number): void => {
      const depth = open.length - 1;
      const parent = open[depth];
      if (parent === undefined) return;
      const parentEvent = events[parent] as Event;
      if (parentEvent.type === EVENT_ID.DOCUMENT) {
        (this.records[this.records.length - 1] as DocumentRecord).root = child;
      } else if (parentEvent.type === EVENT_ID.MAPPING) {
        if (expectingKey[depth]) {
          keyIsMerge[depth] = this.isMergeKeyEvent(child);
          expectingKey[depth] = false;
        } else {
          if (keyIsMerge[depth]) {
            this.checkMergeValue(child);
            hasMerges.add(parent);
          }
          expectingKey[depth] = true;
          keyIsMerge[depth] = false;
        }
      }
    };

    for (let i = 0; i < events.length; i++) {
      const event = events[i] as Event;
      switch (event.type) {
        case EVENT_ID.DOCUMENT:
          anchors = new Map();
          openAnchors = new Set();
          this.records.push({ event: i, root: -1, directives: event.directives });
          open.push(i);
          expectingKey.push(false);
          keyIsMerge.push(false);
          break;
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE: {
          reach(Math.max(event.tagEnd, event.anchorEnd));
          const anchor = anchorOf(event);
          if (anchor !== undefined) openAnchors.add(anchor);
          reach(event.start + (event.style === 2 ? 1 : 0));
          this.start[i] = event.start;
          open.push(i);
          expectingKey.push(true);
          keyIsMerge.push(false);
          break;
        }
        case EVENT_ID.SCALAR: {
          reach(Math.max(event.tagEnd, event.anchorEnd));
          let start: number;
          let end: number;
          if (event.valueStart < 0) {
            start = end = cursor;
          } else if (event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED) {
            start = event.valueStart - 1;
            end = event.valueEnd + 1;
            this.quotedRanges.push(start, end);
          } else if (event.style === SCALAR_STYLE.LITERAL_BLOCK || event.style === SCALAR_STYLE.FOLDED_BLOCK) {
            start = blockIndicator(text, lines, cursor, event.valueStart);
            end = Math.max(start + 1, trimEnd(text, event.valueStart, event.valueEnd));
            this.quotedRanges.push(start, event.valueEnd);
          } else {
            start = event.valueStart;
            end = event.valueEnd;
          }
          reach(end);
          this.start[i] = start;
          this.end[i] = end;
          if (event.tagStart >= 0) this.checkScalarTag(i, event);
          const anchor = anchorOf(event);
          if (anchor !== undefined) {
            openAnchors.delete(anchor);
            anchors.set(anchor, i);
          }
          attach(i);
          break;
        }
        case EVENT_ID.ALIAS: {
          const name = text.slice(event.anchorStart, event.anchorEnd);
          reach(event.anchorEnd);
          const target = anchors.get(name);
          if (target === undefined) {
            const message = openAnchors.has(name) ? `alias *${name} refers to a node that contains it` : `unknown anchor *${name}`;
            throw new YamlSyntaxError(message, event.anchorStart - 1);
          }
          this.link[i] = target;
          attach(i);
          break;
        }
        case EVENT_ID.POP: {
          const opened = open.pop();
          expectingKey.pop();
          keyIsMerge.pop();
          if (opened === undefined) break;
          const openedEvent = events[opened] as Event;
          if (openedEvent.type === EVENT_ID.DOCUMENT) {
            this.end[opened] = cursor;
            break;
          }
          if (openedEvent.type !== EVENT_ID.MAPPING && openedEvent.type !== EVENT_ID.SEQUENCE) break;
          let end = cursor;
          if (openedEvent.style === 2) {
            end = flowCloser(text, cursor);
            cursor = end;
          }
          this.end[opened] = end;
          this.link[opened] = i;
          // Merges are folded now, while the file is still being read: their limit and errors are the file's.
          if (hasMerges.has(opened)) {
            const node = this.nodeAt(opened);
            const map = node.type === 'dynamic' ? node.inner : node;
            if (map.type === 'map') void map.entries;
            this.built.set(opened, node);
          }
          const anchor = anchorOf(openedEvent);
          if (anchor !== undefined) {
            openAnchors.delete(anchor);
            anchors.set(anchor, opened);
          }
          attach(opened);
          break;
        }
      }
    }
  }

  /** The event an alias names, or the event itself. */
  private resolved(index: number): number {
    return (this.events[index] as Event).type === EVENT_ID.ALIAS ? (this.link[index] as number) : index;
  }

  /** A plain `<<` key (untagged, `!` or `!!str`): YAML's merge key. */
  private isMergeKeyEvent(index: number): boolean {
    const event = this.events[this.resolved(index)] as Event;
    if (event.type !== EVENT_ID.SCALAR || event.style !== SCALAR_STYLE.PLAIN) return false;
    if (event.valueEnd - event.valueStart !== 2 || !this.text.startsWith('<<', event.valueStart)) return false;
    const tag = this.classifyTag(this.tagOf(event), this.resolved(index));
    return tag.kind === 'none' || tag.kind === 'non-specific' || (tag.kind === 'core' && tag.name === 'str');
  }

  /** A merge key's value must be a mapping, or a sequence of mappings (aliases included). */
  private checkMergeValue(index: number): void {
    const target = this.resolved(index);
    if (this.isPlainCollection(target, EVENT_ID.MAPPING)) return;
    if (this.isPlainCollection(target, EVENT_ID.SEQUENCE)) {
      let allMaps = true;
      for (let child = target + 1; child < (this.link[target] as number); child = this.next(child)) {
        if (!this.isPlainCollection(this.resolved(child), EVENT_ID.MAPPING)) allMaps = false;
      }
      if (allMaps) return;
    }
    throw new YamlSyntaxError('a merge key (<<) needs a mapping or a sequence of mappings', this.nodeStart(target));
  }

  /** A collection event of this type whose tag leaves it a plain collection (not a dynamic node). */
  private isPlainCollection(index: number, type: number): boolean {
    const event = this.events[index] as Event;
    if (event.type !== type || (event.type !== EVENT_ID.MAPPING && event.type !== EVENT_ID.SEQUENCE)) return false;
    return !this.isDynamicEvent(index);
  }

  /** An explicit core tag must fit its scalar (`!!int abc` is an error, as in any YAML loader). */
  private checkScalarTag(index: number, event: ScalarEvent): void {
    const tag = this.classifyTag(this.tagOf(event), index);
    if (tag.kind !== 'core' || !isScalarTag(tag.name)) return;
    const decoded = event.valueStart < 0 ? '' : getScalarValue(this.text, event);
    this.scalarValue(decoded, event, tag, this.start[index] as number);
  }

  /** Where a node's text starts: its tag for a tagged (dynamic) node. */
  private nodeStart(index: number): number {
    const event = this.events[index] as Event;
    if (event.type === EVENT_ID.ALIAS || event.type === EVENT_ID.POP || event.type === EVENT_ID.DOCUMENT) return this.start[index] as number;
    return event.tagStart >= 0 && this.isDynamicEvent(index) ? event.tagStart : (this.start[index] as number);
  }

  /** Whether a scalar, mapping or sequence event's tag makes its node a dynamic one. */
  private isDynamicEvent(index: number): boolean {
    const event = this.events[index] as Event;
    if (event.type !== EVENT_ID.SCALAR && event.type !== EVENT_ID.MAPPING && event.type !== EVENT_ID.SEQUENCE) return false;
    return isDynamicTag(this.classifyTag(this.tagOf(event), index), kindOf(event.type));
  }

  /** The index just past an event's subtree. */
  private next(index: number): number {
    const event = this.events[index] as Event;
    return event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE ? (this.link[index] as number) + 1 : index + 1;
  }

  // --- building nodes on demand --------------------------------------------------------------

  private nodeAt(index: number): OffsetDocNode {
    const event = this.events[index] as Event;
    if (event.type === EVENT_ID.ALIAS) return this.nodeAt(this.link[index] as number);
    if (this.built.size > 0) {
      const built = this.built.get(index);
      if (built !== undefined) return built;
    }
    let node: OffsetDocNode;
    if (event.type === EVENT_ID.SCALAR) {
      node = this.scalar(index, event);
    } else if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
      const start = this.start[index] as number;
      const end = this.end[index] as number;
      const isMap = event.type === EVENT_ID.MAPPING;
      const collection = isMap
        ? new LazyMap<number>(this.locator, start, end, this, index)
        : new LazySeq<number>(this.locator, start, end, this, index);
      const tag = this.classifyTag(this.tagOf(event), index);
      node = isDynamicTag(tag, isMap ? 'map' : 'seq') ? this.dynamic(event.tagStart, this.tagOf(event), collection) : collection;
    } else {
      return this.emptyScalar(this.start[index] as number);
    }
    if (event.anchorStart >= 0) this.built.set(index, node);
    return node;
  }

  mapEntries(index: number, map: LazyMap<number>): MapEntry[] {
    const entries: MapEntry[] = [];
    const merges: { sources: MapNode[]; at: number }[] = [];
    const close = this.link[index] as number;
    let child = index + 1;
    while (child < close) {
      const keyNode = this.nodeAt(child);
      const key = this.keyOf(keyNode);
      child = this.next(child);
      if (child >= close) {
        // A key without a value event cannot happen in a well-formed stream; keep the key readable anyway.
        entries.push({ key, value: this.emptyScalar(map.end) });
        break;
      }
      const value = this.nodeAt(child);
      child = this.next(child);
      if (isMergeKey(key, keyNode)) merges.push({ sources: this.mergeSources(value), at: entries.length });
      else entries.push({ key, value });
    }
    return merges.length > 0 ? this.foldMerges(map, entries, merges) : entries;
  }

  seqItems(index: number): DocNode[] {
    const items: DocNode[] = [];
    const close = this.link[index] as number;
    for (let child = index + 1; child < close; child = this.next(child)) items.push(this.nodeAt(child));
    return items;
  }

  private tagOf(event: { tagStart: number; tagEnd: number }): string | undefined {
    return event.tagStart >= 0 ? this.text.slice(event.tagStart, event.tagEnd) : undefined;
  }

  private scalar(index: number, event: ScalarEvent): OffsetDocNode {
    const start = this.start[index] as number;
    const end = this.end[index] as number;
    const decoded = event.valueStart < 0 ? '' : getScalarValue(this.text, event);
    // A one-line plain scalar is its own source text: share the string; others are sliced if ever read.
    const text =
      event.style === SCALAR_STYLE.PLAIN && decoded.length === end - start && this.text.startsWith(decoded, start)
        ? decoded
        : undefined;
    const tagText = this.tagOf(event);
    const tag = this.classifyTag(tagText, index);
    if (isDynamicTag(tag, 'scalar')) {
      return this.dynamic(event.tagStart, tagText, new OffsetScalar(this.locator, start, end, decoded, text));
    }
    return new OffsetScalar(this.locator, start, end, this.scalarValue(decoded, event, tag, start), text);
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

  private dynamic(tagStart: number, tag: string | undefined, inner: OffsetScalar | LazyMap | LazySeq): OffsetDynamic {
    return new OffsetDynamic(this.locator, tagStart >= 0 ? tagStart : inner.start, inner.end, tag ?? '', inner);
  }

  private emptyScalar(offset: number): OffsetScalar {
    return new OffsetScalar(this.locator, offset, offset, null, '');
  }

  /**
   * YAML merge keys: entries of the merged mappings join this one unless the mapping (or an earlier
   * source) already has the key. Entries are shared, not copied, so nothing multiplies.
   */
  private foldMerges(map: LazyMap<number>, own: MapEntry[], merges: { sources: MapNode[]; at: number }[]): MapEntry[] {
    const seen = new Set(own.map((entry) => keyIdentity(entry.key)));
    const result: MapEntry[] = [];
    let next = 0;
    for (const merge of merges) {
      while (next < merge.at) result.push(own[next++] as MapEntry);
      for (const source of merge.sources) {
        this.mergedEntries += source.entries.length;
        if (this.mergedEntries > MAX_MERGED_ENTRIES) throw new YamlSyntaxError('too many entries merged with <<', map.start);
        for (const entry of source.entries) {
          const identity = keyIdentity(entry.key);
          if (seen.has(identity)) continue;
          seen.add(identity);
          result.push(entry);
        }
      }
    }
    while (next < own.length) result.push(own[next++] as MapEntry);
    return result;
  }

  /** The sources of a merge key's value, already checked while the file was read. */
  private mergeSources(value: OffsetDocNode): MapNode[] {
    if (value.type === 'map') return [value];
    if (value.type === 'seq') return value.items as MapNode[];
    throw new YamlSyntaxError('a merge key (<<) needs a mapping or a sequence of mappings', value.start);
  }

  /** Keys are scalars in every config format; a complex key is kept as its source text. */
  private keyOf(node: OffsetDocNode): OffsetScalar {
    if (node.type === 'scalar') return node;
    if (node.type === 'dynamic' && node.inner instanceof OffsetScalar) return node.inner;
    const text = this.text.slice(node.start, node.end);
    return new OffsetScalar(this.locator, node.start, node.end, text, text);
  }

  /** The tag directives of the document an event belongs to (tags are rare, so this is not recorded per event). */
  private directivesAt(index: number): DocumentDirective[] {
    for (let record = this.records.length - 1; record >= 0; record--) {
      const candidate = this.records[record] as DocumentRecord;
      if (candidate.event <= index) return candidate.directives;
    }
    return [];
  }

  private classifyTag(tag: string | undefined, index: number): TagClass {
    if (tag === undefined) return UNTAGGED;
    if (tag === '!') return NON_SPECIFIC;
    let full: string;
    if (tag.startsWith('!<') && tag.endsWith('>')) {
      full = tag.slice(2, -1);
    } else {
      const handle = /^!(?:[\w-]*!)?/.exec(tag)?.[0] ?? '!';
      const directives = this.directivesAt(index);
      const declared = directives.find(
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

/** Where a block scalar's `|` or `>` sits: on the header line, after anything already read. */
function blockIndicator(text: string, lines: LineIndex, cursor: number, contentStart: number): number {
  const headerLine = lines.lineOf(Math.max(0, contentStart - 1));
  const from = Math.max(cursor, lines.lineStart(headerLine));
  for (let i = from; i < contentStart; i++) {
    const char = text[i];
    if (char === '|' || char === '>') return i;
  }
  return contentStart;
}

/** Whether a tag turns its node into a dynamic one: a custom tag, or a core tag of another kind (`!!map` on a scalar). */
function isDynamicTag(tag: TagClass, kind: 'scalar' | 'map' | 'seq'): boolean {
  if (tag.kind === 'custom') return true;
  if (tag.kind !== 'core') return false;
  return kind === 'scalar' ? !isScalarTag(tag.name) : tag.name !== kind;
}

function kindOf(type: typeof EVENT_ID.SCALAR | typeof EVENT_ID.MAPPING | typeof EVENT_ID.SEQUENCE): 'scalar' | 'map' | 'seq' {
  return type === EVENT_ID.SCALAR ? 'scalar' : type === EVENT_ID.MAPPING ? 'map' : 'seq';
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
