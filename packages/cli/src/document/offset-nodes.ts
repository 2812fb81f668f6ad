import type { SourceLocation } from '@corsguard/core';
import { LineIndex } from './lines.js';
import type { DocNode, DynamicNode, MapEntry, MapNode, ScalarNode, SeqNode } from './node.js';

/**
 * Tree nodes as the parsers build them: each keeps its source offsets and turns them into a
 * `SourceLocation` only when something reads `loc`. Adapters read the locations of the few nodes a
 * policy points at, so most nodes never pay for line lookups or a location object. Mappings and
 * sequences build their children, and scalars slice their source `text`, only when first read. So a
 * spread copy (`{ ...node }`) of a parsed node misses `loc`, `text`, `entries` or `items`: copies
 * name their fields.
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

  /** The source text between two offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(start, end);
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
 * store site for every node class, a megamorphic path that cost half a second over the benchmark
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
  declare private cachedText: string | undefined;
  declare private cachedLoc: SourceLocation | undefined;

  /** `text` is the node's source text, or undefined to slice it from the file when first read. */
  constructor(locator: NodeLocator, start: number, end: number, value: ScalarNode['value'], text: string | undefined) {
    this.type = 'scalar';
    this.locator = locator;
    this.start = start;
    this.end = end;
    this.value = value;
    this.cachedText = text;
    this.cachedLoc = undefined;
  }

  /** Sliced on demand: most scalars, JSON keys above all, are never asked for their source text. */
  get text(): string {
    return (this.cachedText ??= this.locator.slice(this.start, this.end));
  }

  set text(text: string) {
    this.cachedText = text;
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
  declare inner: OffsetScalar | LazyMap | LazySeq;
  declare private cachedLoc: SourceLocation | undefined;

  constructor(locator: NodeLocator, start: number, end: number, tag: string, inner: OffsetScalar | LazyMap | LazySeq) {
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

/**
 * Builds a lazy collection's children from the parser's record when they are first read. `H` is
 * how the parser finds that record again: an event index for YAML, momoa's node for JSON.
 */
export interface ChildSource<H> {
  mapEntries(handle: H, map: LazyMap<H>): MapEntry[];
  seqItems(handle: H): DocNode[];
}

/**
 * A mapping whose entries are built when first read (YAML and JSON). Adapters look at a few keys of a few
 * mappings (a template's `Resources`, each resource's `Type`), so most of a file is never turned
 * into nodes at all.
 */
export class LazyMap<H = unknown> implements MapNode {
  declare readonly type: 'map';
  declare readonly locator: NodeLocator;
  declare readonly start: number;
  declare end: number;
  declare private readonly source: ChildSource<H>;
  /** Where the parser's record of this mapping is, for `source`. */
  declare private readonly handle: H;
  declare private cachedEntries: MapEntry[] | undefined;
  declare private cachedLoc: SourceLocation | undefined;

  constructor(locator: NodeLocator, start: number, end: number, source: ChildSource<H>, handle: H) {
    this.type = 'map';
    this.locator = locator;
    this.start = start;
    this.end = end;
    this.source = source;
    this.handle = handle;
    this.cachedEntries = undefined;
    this.cachedLoc = undefined;
  }

  get loc(): SourceLocation {
    return (this.cachedLoc ??= this.locator.location(this.start, this.end));
  }

  get entries(): MapEntry[] {
    return (this.cachedEntries ??= this.source.mapEntries(this.handle, this));
  }

  set entries(entries: MapEntry[]) {
    this.cachedEntries = entries;
  }
}

/** A sequence whose items are built when first read (see `LazyMap`). */
export class LazySeq<H = unknown> implements SeqNode {
  declare readonly type: 'seq';
  declare readonly locator: NodeLocator;
  declare readonly start: number;
  declare end: number;
  declare private readonly source: ChildSource<H>;
  declare private readonly handle: H;
  declare private cachedItems: DocNode[] | undefined;
  declare private cachedLoc: SourceLocation | undefined;

  constructor(locator: NodeLocator, start: number, end: number, source: ChildSource<H>, handle: H) {
    this.type = 'seq';
    this.locator = locator;
    this.start = start;
    this.end = end;
    this.source = source;
    this.handle = handle;
    this.cachedItems = undefined;
    this.cachedLoc = undefined;
  }

  get loc(): SourceLocation {
    return (this.cachedLoc ??= this.locator.location(this.start, this.end));
  }

  get items(): DocNode[] {
    return (this.cachedItems ??= this.source.seqItems(this.handle));
  }

  set items(items: DocNode[]) {
    this.cachedItems = items;
  }
}

export type OffsetDocNode = OffsetScalar | LazyMap | LazySeq | OffsetDynamic;
