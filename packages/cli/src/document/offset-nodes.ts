import type { SourceLocation } from '@corsguard/core';
import { LineIndex } from './lines.js';
import type { DocNode, DynamicNode, MapEntry, MapNode, ScalarNode, SeqNode } from './node.js';

/**
 * Tree nodes as the parsers build them: each keeps its source offsets and turns them into a
 * `SourceLocation` only when something reads `loc`. Adapters read the locations of the few nodes a
 * policy points at, so most nodes never pay for line lookups or a location object (measured: about a
 * quarter of the tree's cost and much of its garbage). YAML mappings and sequences go further and
 * build their children only when first read. So a spread copy (`{ ...node }`) of a parsed node can
 * miss `loc`, `entries` or `items`: copies name their fields.
 */

/** Offsets → locations for one file; the line index is built on the first request. */
export class NodeLocator {
  #lines: LineIndex | undefined;

  constructor(
    readonly path: string,
    private readonly text: string,
    lines?: LineIndex,
  ) {
    this.#lines = lines;
  }

  get lines(): LineIndex {
    return (this.#lines ??= new LineIndex(this.text));
  }

  location(start: number, end: number): SourceLocation {
    const from = this.lines.position(start);
    const to = this.lines.position(end);
    return { file: this.path, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }
}

/*
 * Each class stands alone and assigns its fields in its constructor (`declare` emits no class
 * field): with a shared base class and field declarations, V8 defined the base's fields through one
 * store site for six node classes, a megamorphic path that cost half a second over the benchmark
 * corpus.
 */

export class OffsetScalar implements ScalarNode {
  declare readonly type: 'scalar';
  declare readonly locator: NodeLocator;
  /** Offset of the node's first character. */
  declare readonly start: number;
  /** Offset just past its last character. */
  declare end: number;
  declare value: ScalarNode['value'];
  declare text: string;
  declare private cachedLoc: SourceLocation | undefined;

  constructor(locator: NodeLocator, start: number, end: number, value: ScalarNode['value'], text: string) {
    this.type = 'scalar';
    this.locator = locator;
    this.start = start;
    this.end = end;
    this.value = value;
    this.text = text;
    this.cachedLoc = undefined;
  }

  get loc(): SourceLocation {
    return (this.cachedLoc ??= this.locator.location(this.start, this.end));
  }
}

export class OffsetMap implements MapNode {
  declare readonly type: 'map';
  declare readonly locator: NodeLocator;
  declare readonly start: number;
  declare end: number;
  declare entries: MapEntry[];
  declare private cachedLoc: SourceLocation | undefined;

  constructor(locator: NodeLocator, start: number, end: number, entries: MapEntry[]) {
    this.type = 'map';
    this.locator = locator;
    this.start = start;
    this.end = end;
    this.entries = entries;
    this.cachedLoc = undefined;
  }

  get loc(): SourceLocation {
    return (this.cachedLoc ??= this.locator.location(this.start, this.end));
  }
}

export class OffsetSeq implements SeqNode {
  declare readonly type: 'seq';
  declare readonly locator: NodeLocator;
  declare readonly start: number;
  declare end: number;
  declare items: DocNode[];
  declare private cachedLoc: SourceLocation | undefined;

  constructor(locator: NodeLocator, start: number, end: number, items: DocNode[]) {
    this.type = 'seq';
    this.locator = locator;
    this.start = start;
    this.end = end;
    this.items = items;
    this.cachedLoc = undefined;
  }

  get loc(): SourceLocation {
    return (this.cachedLoc ??= this.locator.location(this.start, this.end));
  }
}

export class OffsetDynamic implements DynamicNode {
  declare readonly type: 'dynamic';
  declare readonly locator: NodeLocator;
  /** Where its tag starts. */
  declare readonly start: number;
  declare end: number;
  declare tag: string;
  declare inner: OffsetScalar | OffsetMap | OffsetSeq | LazyMap | LazySeq;
  declare private cachedLoc: SourceLocation | undefined;

  constructor(locator: NodeLocator, start: number, end: number, tag: string, inner: OffsetScalar | OffsetMap | OffsetSeq | LazyMap | LazySeq) {
    this.type = 'dynamic';
    this.locator = locator;
    this.start = start;
    this.end = end;
    this.tag = tag;
    this.inner = inner;
    this.cachedLoc = undefined;
  }

  get loc(): SourceLocation {
    return (this.cachedLoc ??= this.locator.location(this.start, this.end));
  }
}

/** Builds a lazy collection's children from the parser's record when they are first read. */
export interface ChildSource {
  mapEntries(index: number, map: LazyMap): MapEntry[];
  seqItems(index: number): DocNode[];
}

/**
 * A mapping whose entries are built when first read. Adapters look at a few keys of a few
 * mappings (a template's `Resources`, each resource's `Type`), so most of a file is never turned
 * into nodes at all.
 */
export class LazyMap implements MapNode {
  declare readonly type: 'map';
  declare readonly locator: NodeLocator;
  declare readonly start: number;
  declare end: number;
  declare private readonly source: ChildSource;
  /** Where the parser's record of this mapping is, for `source`. */
  declare private readonly index: number;
  declare private cachedEntries: MapEntry[] | undefined;
  declare private cachedLoc: SourceLocation | undefined;

  constructor(locator: NodeLocator, start: number, end: number, source: ChildSource, index: number) {
    this.type = 'map';
    this.locator = locator;
    this.start = start;
    this.end = end;
    this.source = source;
    this.index = index;
    this.cachedEntries = undefined;
    this.cachedLoc = undefined;
  }

  get loc(): SourceLocation {
    return (this.cachedLoc ??= this.locator.location(this.start, this.end));
  }

  get entries(): MapEntry[] {
    return (this.cachedEntries ??= this.source.mapEntries(this.index, this));
  }

  set entries(entries: MapEntry[]) {
    this.cachedEntries = entries;
  }
}

/** A sequence whose items are built when first read (see `LazyMap`). */
export class LazySeq implements SeqNode {
  declare readonly type: 'seq';
  declare readonly locator: NodeLocator;
  declare readonly start: number;
  declare end: number;
  declare private readonly source: ChildSource;
  declare private readonly index: number;
  declare private cachedItems: DocNode[] | undefined;
  declare private cachedLoc: SourceLocation | undefined;

  constructor(locator: NodeLocator, start: number, end: number, source: ChildSource, index: number) {
    this.type = 'seq';
    this.locator = locator;
    this.start = start;
    this.end = end;
    this.source = source;
    this.index = index;
    this.cachedItems = undefined;
    this.cachedLoc = undefined;
  }

  get loc(): SourceLocation {
    return (this.cachedLoc ??= this.locator.location(this.start, this.end));
  }

  get items(): DocNode[] {
    return (this.cachedItems ??= this.source.seqItems(this.index));
  }

  set items(items: DocNode[]) {
    this.cachedItems = items;
  }
}

export type OffsetDocNode = OffsetScalar | OffsetMap | OffsetSeq | LazyMap | LazySeq | OffsetDynamic;
