import { parse, type ParseOptions, type ValueNode } from '@humanwhocodes/momoa';
import type { LineIndex } from './lines.js';
import type { MapEntry, ScalarNode } from './node.js';
import { NodeLocator, OffsetMap, OffsetScalar, OffsetSeq, type OffsetDocNode } from './offset-nodes.js';
import { MAX_DEPTH, type ConfigError, type ParsedConfig } from './parse.js';

/**
 * JSON → positioned tree through momoa (the parser behind ESLint's JSON support). Strict JSON first;
 * when that fails, JSON with comments and trailing commas is tried, so such a file still becomes a
 * document and the strict error is kept as `nonStandard` for the caller to report only if the file
 * turns out to be a config (see `ParsedConfig.nonStandard`).
 */
export function parseJson(path: string, text: string): ParsedConfig {
  // An empty file holds no document, as an empty YAML file does: it is no config, not a broken one.
  if (text.trim() === '') return { documents: [], errors: [], comments: [], nonStandard: [], text };
  // Line starts are found only when a location or an error is asked for: momoa gives offsets.
  const locator = new NodeLocator(path, text);
  const strict = tryParse(text, { mode: 'json' }, locator);
  if ('root' in strict) return result(path, text, locator, strict.root, []);
  const lenient = tryParse(text, { mode: 'jsonc', allowTrailingCommas: true }, locator);
  if ('root' in lenient) return result(path, text, locator, lenient.root, [strict.error]);
  return { documents: [], errors: [strict.error], comments: [], nonStandard: [], text };
}

function result(path: string, text: string, locator: NodeLocator, body: ValueNode, nonStandard: ConfigError[]): ParsedConfig {
  try {
    const root = new JsonTreeBuilder(text, locator).node(body, 0);
    return { documents: [{ path, index: 0, syntax: 'json', root }], errors: [], comments: [], nonStandard, text };
  } catch (error) {
    if (!(error instanceof DepthError)) throw error;
    const position = locator.lines.position(error.offset);
    return { documents: [], errors: [{ message: error.message, ...position }], comments: [], nonStandard: [], text };
  }
}

function tryParse(text: string, options: ParseOptions, locator: NodeLocator): { root: ValueNode } | { error: ConfigError } {
  const lines = (): LineIndex => locator.lines;
  try {
    return { root: parse(text, options).body };
  } catch (error) {
    if (error instanceof RangeError) {
      // The parser ran out of stack: point at the first collection past the depth limit instead.
      const offset = tooDeepOffset(text);
      const position = offset === undefined ? { line: 1, column: 1 } : lines().position(offset);
      return { error: { message: new DepthError(offset ?? 0).message, ...position } };
    }
    const message = error instanceof Error ? error.message.replace(/\s*\(\d+:\d+\)$/, '') : String(error);
    // momoa places some end-of-input errors at the start of the text; the end is where the reader stopped.
    const reported = (error as { offset?: unknown }).offset;
    const offset = message.startsWith('Unexpected end of input') ? text.length : typeof reported === 'number' ? reported : 0;
    const position = lines().position(offset);
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

class JsonTreeBuilder {
  constructor(
    private readonly text: string,
    private readonly locator: NodeLocator,
  ) {}

  node(value: ValueNode, depth: number): OffsetDocNode {
    const { start, end } = value.loc;
    switch (value.type) {
      case 'Object': {
        if (depth >= MAX_DEPTH) throw new DepthError(start.offset);
        const entries: MapEntry[] = value.members.map((member) => ({
          key: this.scalar(member.name, member.name.type === 'String' ? member.name.value : member.name.name),
          value: this.node(member.value, depth + 1),
        }));
        return new OffsetMap(this.locator, start.offset, end.offset, entries);
      }
      case 'Array': {
        if (depth >= MAX_DEPTH) throw new DepthError(start.offset);
        const items = value.elements.map((element) => this.node(element.value, depth + 1));
        return new OffsetSeq(this.locator, start.offset, end.offset, items);
      }
      case 'String':
      case 'Number':
      case 'Boolean':
        return this.scalar(value, value.value);
      case 'Null':
        return this.scalar(value, null);
      default:
        // NaN, Infinity and identifiers exist only in JSON5, which is never requested.
        return this.scalar(value, this.text.slice(start.offset, end.offset));
    }
  }

  private scalar(node: { loc: ValueNode['loc'] }, value: ScalarNode['value']): OffsetScalar {
    const { start, end } = node.loc;
    return new OffsetScalar(this.locator, start.offset, end.offset, value, this.text.slice(start.offset, end.offset));
  }
}
