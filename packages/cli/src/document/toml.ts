import { parseTOML, type AST } from 'toml-eslint-parser';
import { LineIndex } from './lines.js';
import type { DocNode, MapEntry, MapNode, ScalarNode, SeqNode } from './node.js';
import { NodeLocator, OffsetScalar } from './offset-nodes.js';
import { MAX_DEPTH, singleDocument, type ConfigError, type ParsedConfig, type SourceComment } from './parse.js';

/**
 * TOML (Traefik's file provider, `netlify.toml`) → one positioned document, through
 * toml-eslint-parser (the parser behind eslint-plugin-toml), which gives every key and value its
 * source range. Tables (`[http.middlewares.cors.headers]`), arrays of tables (`[[headers]]`) and
 * dotted keys (`a.b = 1`) are merged into the nested mappings and sequences they define, as any TOML
 * reader does, each mapping placed at the key or header that opened it. TOML 1.1 syntax is accepted
 * (it only adds to 1.0): a linter that reads more than a service does stays silent, never wrong.
 * Dates and times keep their source text; integers beyond double precision are read as doubles.
 */
export function parseToml(path: string, text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const locator = new NodeLocator(path, text, lines);
  const failed = (message: string, offset: number): ParsedConfig => {
    const failure: ConfigError = { message, ...lines.position(offset) };
    return { documents: [], errors: [failure], comments: [], nonStandard: [], beyondComments: [], text, lines: () => lines };
  };
  if (text.length > MAX_TOML_CHARS) {
    const notRead = `a TOML file larger than ${MAX_TOML_CHARS / 1024} KiB, which is no config corsguard reads`;
    return { documents: [], errors: [], comments: [], nonStandard: [], beyondComments: [], text, lines: () => lines, notRead };
  }
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text, { tomlVersion: 'next' });
  } catch (error) {
    if (error instanceof RangeError) return failed('Document is nested too deeply to read', 0);
    const offset = typeof (error as { index?: unknown }).index === 'number' ? (error as { index: number }).index : 0;
    return failed(error instanceof Error ? error.message : String(error), offset);
  }
  let root: MapNode;
  try {
    root = new TomlTree(text, locator).build(program);
  } catch (error) {
    if (error instanceof TooDeepError) return failed(`TOML is nested more than ${MAX_DEPTH} levels deep`, error.offset);
    throw error;
  }
  const comments = program.comments.map((comment) => tomlComment(comment, lines));
  return singleDocument(path, text, 'toml', root, comments, () => lines);
}

/**
 * Larger TOML files are skipped unread: toml-eslint-parser takes about 3 µs and 350 bytes of memory
 * per character (a 4 MB file of small tables: 12.7 s and 1.4 GB), and the TOML configs corsguard
 * reads (Traefik's dynamic configuration, `netlify.toml`) are a few KiB, while a large TOML file in a
 * repository is data (translations, lock files) that no adapter would recognise anyway.
 */
export const MAX_TOML_CHARS = 512 * 1024;

class TooDeepError extends Error {
  constructor(readonly offset: number) {
    super('too deep');
  }
}

function tomlComment(comment: AST.Comment, lines: LineIndex): SourceComment {
  const [start] = comment.range;
  const { line, column } = lines.position(start);
  return { text: comment.value, line, column, ownLine: lines.lineText(line).slice(0, column - 1).trim() === '' };
}

/** Mappings as they are filled in: entries in source order, and a key lookup for merging. */
interface OpenMap {
  node: MapNode;
  byKey: Map<string, MapEntry>;
}

class TomlTree {
  /** The open mapping behind each mapping node, so a later table can add to an earlier one. */
  private readonly open = new Map<MapNode, OpenMap>();

  constructor(
    private readonly text: string,
    private readonly locator: NodeLocator,
  ) {}

  build(program: AST.TOMLProgram): MapNode {
    const root = this.newMap(this.locator.location(0, this.text.length));
    for (const top of program.body) {
      for (const item of top.body) {
        if (item.type === 'TOMLKeyValue') this.addKeyValue(root, item);
        else this.addTable(root, item);
      }
    }
    return root;
  }

  private newMap(loc: MapNode['loc']): MapNode {
    const node: MapNode = { type: 'map', entries: [], loc };
    this.open.set(node, { node, byKey: new Map() });
    return node;
  }

  /** `[a.b]` or `[[a.b]]`: its key-values go into the mapping its resolved key names. */
  private addTable(root: MapNode, table: AST.TOMLTable): void {
    if (table.resolvedKey.length >= MAX_DEPTH) throw new TooDeepError(table.range[0]);
    let current: MapNode = root;
    const keys = table.key.keys;
    // The resolved key is the header's segments with, after each array of tables, the index of its last item.
    let keyIndex = 0;
    table.resolvedKey.forEach((segment, index) => {
      if (typeof segment === 'number') return;
      const keyNode = keys[Math.min(keyIndex++, keys.length - 1)] as AST.TOMLBare | AST.TOMLQuoted;
      const next = table.resolvedKey[index + 1];
      if (typeof next === 'number') {
        const list = this.child(current, segment, keyNode, () => ({ type: 'seq', items: [], loc: this.loc(table.range) }) satisfies SeqNode);
        if (list.type !== 'seq') return;
        let item = list.items[next];
        if (item === undefined) {
          item = this.newMap(this.loc(table.range));
          list.items[next] = item;
        }
        if (item.type === 'map') current = item;
        return;
      }
      const child = this.child(current, segment, keyNode, () => this.newMap(this.loc(table.key.range)));
      if (child.type === 'map') current = child;
    });
    for (const keyValue of table.body) this.addKeyValue(current, keyValue, table.resolvedKey.length);
  }

  /** `a.b.c = value`: the dotted key's mappings, then the value under its last segment. */
  private addKeyValue(table: MapNode, keyValue: AST.TOMLKeyValue, depth = 0): void {
    let current = table;
    const keys = keyValue.key.keys;
    if (depth + keys.length >= MAX_DEPTH) throw new TooDeepError(keyValue.range[0]);
    keys.forEach((keyNode, index) => {
      const name = keyName(keyNode);
      if (index === keys.length - 1) {
        this.child(current, name, keyNode, () => this.value(keyValue.value, depth + keys.length), true);
        return;
      }
      const child = this.child(current, name, keyNode, () => this.newMap(this.loc(keyNode.range)));
      if (child.type === 'map') current = child;
    });
  }

  /** The value under `name` in a mapping, created by `make` when absent (or always, for a key-value). */
  private child(map: MapNode, name: string, keyNode: AST.TOMLBare | AST.TOMLQuoted, make: () => DocNode, replace = false): DocNode {
    const open = this.open.get(map) as OpenMap;
    const existing = open.byKey.get(name);
    if (existing !== undefined && !replace) return existing.value;
    const entry: MapEntry = { key: this.scalar(keyNode.range, name), value: make() };
    open.byKey.set(name, entry);
    map.entries.push(entry);
    return entry.value;
  }

  private value(node: AST.TOMLContentNode, depth = 0): DocNode {
    if (depth >= MAX_DEPTH) throw new TooDeepError(node.range[0]);
    switch (node.type) {
      case 'TOMLArray':
        return { type: 'seq', items: node.elements.map((element) => this.value(element, depth + 1)), loc: this.loc(node.range) };
      case 'TOMLInlineTable': {
        const map = this.newMap(this.loc(node.range));
        for (const keyValue of node.body) this.addKeyValue(map, keyValue, depth + 1);
        return map;
      }
      case 'TOMLValue':
        return this.scalar(node.range, scalarValue(node, this.text));
    }
  }

  private scalar(range: [number, number], value: ScalarNode['value']): OffsetScalar {
    return new OffsetScalar(this.locator, range[0], range[1], value, undefined);
  }

  private loc(range: [number, number]): MapNode['loc'] {
    return this.locator.location(range[0], range[1]);
  }
}

function keyName(key: AST.TOMLBare | AST.TOMLQuoted): string {
  return key.type === 'TOMLBare' ? key.name : key.value;
}

function scalarValue(node: AST.TOMLValue, text: string): ScalarNode['value'] {
  const value: unknown = node.value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  // Dates and times: their text as written.
  return text.slice(node.range[0], node.range[1]);
}
