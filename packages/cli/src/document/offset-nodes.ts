import type { SourceLocation } from '@corsguard/core';
import { LineIndex } from './lines.js';
import type { DocNode, DynamicNode, MapEntry, MapNode, ScalarNode, SeqNode } from './node.js';

/**
 * Tree nodes as the parsers build them: each keeps its source offsets and turns them into a
 * `SourceLocation` only when something reads `loc`. Adapters read the locations of the few nodes a
 * policy points at, so most nodes never pay for line lookups or a location object (measured: about a
 * quarter of the tree's cost and much of its garbage). `value`, `text`, `entries`, `items` and
 * `inner` are plain fields, so a spread copy (`{ ...node, loc }`) keeps them.
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

abstract class OffsetNode {
  #loc: SourceLocation | undefined;

  constructor(
    protected readonly locator: NodeLocator,
    /** Offset of the node's first character (its tag, for a tagged node). */
    readonly start: number,
    /** Offset just past its last character; a collection's is set when the parser reaches its end. */
    public end: number,
  ) {}

  get loc(): SourceLocation {
    return (this.#loc ??= this.locator.location(this.start, this.end));
  }
}

export class OffsetScalar extends OffsetNode implements ScalarNode {
  readonly type = 'scalar';

  constructor(
    locator: NodeLocator,
    start: number,
    end: number,
    public value: ScalarNode['value'],
    public text: string,
  ) {
    super(locator, start, end);
  }
}

export class OffsetMap extends OffsetNode implements MapNode {
  readonly type = 'map';

  constructor(
    locator: NodeLocator,
    start: number,
    end: number,
    public entries: MapEntry[],
  ) {
    super(locator, start, end);
  }
}

export class OffsetSeq extends OffsetNode implements SeqNode {
  readonly type = 'seq';

  constructor(
    locator: NodeLocator,
    start: number,
    end: number,
    public items: DocNode[],
  ) {
    super(locator, start, end);
  }
}

export class OffsetDynamic extends OffsetNode implements DynamicNode {
  readonly type = 'dynamic';

  constructor(
    locator: NodeLocator,
    start: number,
    end: number,
    public tag: string,
    public inner: ScalarNode | MapNode | SeqNode,
  ) {
    super(locator, start, end);
  }
}

export type OffsetDocNode = OffsetScalar | OffsetMap | OffsetSeq | OffsetDynamic;
