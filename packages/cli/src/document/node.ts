import type { SourceLocation } from '@corsguard/core';

/**
 * A positioned tree of a YAML or JSON document. Every node knows where its text is, so adapters can
 * point findings at the exact key or value. Aliases resolve to the very node they name (shared, not
 * copied), and merge keys (`<<`) are folded into the mapping's entries, so a walk never multiplies.
 */
export type DocNode = ScalarNode | MapNode | SeqNode | DynamicNode;

interface NodeBase {
  loc: SourceLocation;
}

/** A plain value. `value` is typed as the YAML 1.2 core schema (or JSON) reads it; `text` is the source scalar text. */
export interface ScalarNode extends NodeBase {
  type: 'scalar';
  value: string | number | boolean | null;
  text: string;
}

export interface MapEntry {
  key: ScalarNode;
  value: DocNode;
}

export interface MapNode extends NodeBase {
  type: 'map';
  entries: MapEntry[];
}

export interface SeqNode extends NodeBase {
  type: 'seq';
  items: DocNode[];
}

/**
 * A value the linter cannot know statically: a node under a tag other than the core schema's
 * (`!Ref`, `!Sub`, `!GetAtt`, `!If`, any custom tag) or a CloudFormation intrinsic function in JSON
 * (`{ "Ref": … }`, `{ "Fn::Sub": … }`) as the format's adapter decides. Rules treat it as unknown.
 */
export interface DynamicNode extends NodeBase {
  type: 'dynamic';
  tag: string;
  /** The tagged node as written, for adapters that can still read something from it. */
  inner: ScalarNode | MapNode | SeqNode;
}

/** One document of a (possibly multi-document) YAML stream or a JSON file. */
export interface ConfigDocument {
  /** Path as given on the command line or found by discovery; `<stdin>` for standard input. */
  path: string;
  /** Position in a multi-document stream, from 0. */
  index: number;
  syntax: 'yaml' | 'json' | 'properties' | 'toml' | 'headers';
  root: DocNode;
  /**
   * The whole text of the file the document was read from (every document of a stream shares it), so
   * an adapter can skip a costly search when the text cannot hold what it looks for.
   */
  fileText: string;
}
