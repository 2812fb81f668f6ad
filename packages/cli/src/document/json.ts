import { parse, type ParseOptions, type ValueNode } from '@humanwhocodes/momoa';
import type { LineIndex } from './lines.js';
import type { ConfigDocument, DocNode, MapEntry, ScalarNode } from './node.js';
import { LazyMap, LazySeq, NodeLocator, OffsetScalar, type ChildSource, type OffsetDocNode } from './offset-nodes.js';
import { MAX_DEPTH, type ConfigError, type ParsedConfig } from './parse.js';

/**
 * JSON → positioned tree through momoa (the parser behind ESLint's JSON support). Strict JSON first;
 * when that fails, JSON with comments and trailing commas is tried, so such a file still becomes a
 * document and the strict error is kept as `nonStandard` for the caller to report only if the file
 * turns out to be a config (see `ParsedConfig.nonStandard`).
 */
export function parseJson(path: string, text: string): ParsedConfig {
  // An empty file holds no document, as an empty YAML file does: it is no config, not a broken one.
  // Line starts are found only when a location or an error is asked for: momoa gives offsets.
  const locator = new NodeLocator(path, text);
  const lines = (): LineIndex => locator.lines;
  if (text.trim() === '') return { documents: [], errors: [], comments: [], nonStandard: [], beyondComments: [], text, lines };
  const strict = tryParse(text, { mode: 'json' }, locator);
  if ('root' in strict) return result(path, text, locator, strict.root, [], []);
  const commented = tryParse(text, { mode: 'jsonc' }, locator);
  if ('root' in commented) return result(path, text, locator, commented.root, [strict.error], []);
  const lenient = tryParse(text, { mode: 'jsonc', allowTrailingCommas: true }, locator);
  if ('root' in lenient) return result(path, text, locator, lenient.root, [strict.error], [commented.error]);
  return jsonSequence(path, text, locator) ?? { documents: [], errors: [strict.error], comments: [], nonStandard: [], beyondComments: [], text, lines };
}

/**
 * Several JSON objects or arrays one after the other, as `jq '.items[]'`, `kubectl get -w -o json` and
 * JSON Lines write them: each value is a document, as in a YAML stream. Undefined when the text is not
 * such a sequence, so the strict error stands; the first value that does not parse gives the error.
 */
function jsonSequence(path: string, text: string, locator: NodeLocator): ParsedConfig | undefined {
  const spans = topLevelSpans(text);
  if (spans === undefined || spans.length < 2) return undefined;
  const documents: ConfigDocument[] = [];
  for (const [start, end] of spans) {
    const parsed = tryParse(text.slice(start, end), { mode: 'json' }, locator, start);
    if ('error' in parsed) return { documents: [], errors: [parsed.error], comments: [], nonStandard: [], beyondComments: [], text, lines: () => locator.lines };
    try {
      checkDepth(parsed.root, 0);
    } catch (error) {
      if (!(error instanceof DepthError)) throw error;
      const position = locator.lines.position(start + error.offset);
      return { documents: [], errors: [{ message: error.message, ...position }], comments: [], nonStandard: [], beyondComments: [], text, lines: () => locator.lines };
    }
    documents.push({ path, index: documents.length, syntax: 'json', root: new JsonTree(text, locator, start).node(parsed.root), fileText: text });
  }
  return { documents, errors: [], comments: [], nonStandard: [], beyondComments: [], text, lines: () => locator.lines };
}

/**
 * Where each top-level object or array of the text starts and ends, found by bracket depth outside
 * strings; undefined when something other than whitespace lies between them or a top-level value is
 * not an object or array.
 */
function topLevelSpans(text: string): Array<[start: number, end: number]> | undefined {
  const spans: Array<[number, number]> = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (depth === 0) {
      if (char === '{' || char === '[') {
        start = i;
        depth = 1;
      } else if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') {
        return undefined;
      }
    } else if (char === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (char === '{' || char === '[') {
      depth++;
    } else if ((char === '}' || char === ']') && --depth === 0) {
      spans.push([start, i + 1]);
    }
  }
  return depth === 0 ? spans : undefined;
}

function result(
  path: string,
  text: string,
  locator: NodeLocator,
  body: ValueNode,
  nonStandard: ConfigError[],
  beyondComments: ConfigError[],
): ParsedConfig {
  try {
    checkDepth(body, 0);
    const root = new JsonTree(text, locator).node(body);
    return { documents: [{ path, index: 0, syntax: 'json', root, fileText: text }], errors: [], comments: [], nonStandard, beyondComments, text, lines: () => locator.lines };
  } catch (error) {
    if (!(error instanceof DepthError)) throw error;
    const position = locator.lines.position(error.offset);
    return { documents: [], errors: [{ message: error.message, ...position }], comments: [], nonStandard: [], beyondComments: [], text, lines: () => locator.lines };
  }
}

/** Parse `text`, which starts at offset `base` of the file the locator reads. */
function tryParse(text: string, options: ParseOptions, locator: NodeLocator, base = 0): { root: ValueNode } | { error: ConfigError } {
  const lines = (): LineIndex => locator.lines;
  try {
    return { root: parse(text, options).body };
  } catch (error) {
    if (error instanceof RangeError) {
      // The parser ran out of stack: point at the first collection past the depth limit instead.
      const offset = tooDeepOffset(text);
      const position = offset === undefined ? lines().position(base) : lines().position(base + offset);
      return { error: { message: new DepthError(offset ?? 0).message, ...position } };
    }
    const message = error instanceof Error ? error.message.replace(/\s*\(\d+:\d+\)$/, '') : String(error);
    // momoa places some end-of-input errors at the start of the text; the end is where the reader stopped.
    const reported = (error as { offset?: unknown }).offset;
    const offset = message.startsWith('Unexpected end of input') ? text.length : typeof reported === 'number' ? reported : 0;
    const position = lines().position(base + offset);
    return { error: { message, ...position } };
  }
}

/** Offset of the first `{` or `[` nested deeper than MAX_DEPTH, skipping strings and comments. */
function tooDeepOffset(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (char === '{' || char === '[') {
      if (depth >= MAX_DEPTH) return i;
      depth++;
    } else if (char === '}' || char === ']') {
      depth--;
    }
  }
  return undefined;
}

class DepthError extends Error {
  constructor(readonly offset: number) {
    super(`JSON is nested more than ${MAX_DEPTH} levels deep`);
  }
}

type ObjectValue = Extract<ValueNode, { type: 'Object' }>;
type ArrayValue = Extract<ValueNode, { type: 'Array' }>;

/** Throws a DepthError at the first object or array nested MAX_DEPTH deep; visits collections only. */
function checkDepth(value: ValueNode, depth: number): void {
  if (value.type === 'Object') {
    if (depth >= MAX_DEPTH) throw new DepthError(value.loc.start.offset);
    for (const member of value.members) {
      const child = member.value;
      if (child.type === 'Object' || child.type === 'Array') checkDepth(child, depth + 1);
    }
  } else if (value.type === 'Array') {
    if (depth >= MAX_DEPTH) throw new DepthError(value.loc.start.offset);
    for (const element of value.elements) {
      const child = element.value;
      if (child.type === 'Object' || child.type === 'Array') checkDepth(child, depth + 1);
    }
  }
}

/**
 * momoa's tree → positioned nodes, built as adapters read them: an object's entries or an array's
 * items when first read (see LazyMap). The depth limit is checked over the whole tree first, so a
 * file that passes has no error left to find later.
 */
class JsonTree implements ChildSource<ObjectValue | ArrayValue> {
  /** `base`: where in the file the text momoa parsed starts (a value of a JSON sequence). */
  constructor(
    private readonly text: string,
    private readonly locator: NodeLocator,
    private readonly base = 0,
  ) {}

  node(value: ValueNode): OffsetDocNode {
    const start = value.loc.start.offset + this.base;
    const end = value.loc.end.offset + this.base;
    switch (value.type) {
      case 'Object':
        return new LazyMap<ObjectValue | ArrayValue>(this.locator, start, end, this, value);
      case 'Array':
        return new LazySeq<ObjectValue | ArrayValue>(this.locator, start, end, this, value);
      case 'String':
      case 'Number':
      case 'Boolean':
        return this.scalar(value, value.value);
      case 'Null':
        return this.scalar(value, null);
      default:
        // NaN, Infinity and identifiers exist only in JSON5, which is never requested.
        return this.scalar(value, this.text.slice(start, end));
    }
  }

  mapEntries(object: ObjectValue | ArrayValue): MapEntry[] {
    if (object.type !== 'Object') return [];
    return object.members.map((member) => ({
      key: this.scalar(member.name, member.name.type === 'String' ? member.name.value : member.name.name),
      value: this.node(member.value),
    }));
  }

  seqItems(array: ObjectValue | ArrayValue): DocNode[] {
    if (array.type !== 'Array') return [];
    return array.elements.map((element) => this.node(element.value));
  }

  private scalar(node: { loc: ValueNode['loc'] }, value: ScalarNode['value']): OffsetScalar {
    const { start, end } = node.loc;
    return new OffsetScalar(this.locator, start.offset + this.base, end.offset + this.base, value, undefined);
  }
}
