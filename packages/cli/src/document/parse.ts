import { basename, extname } from 'node:path';
import { parseHeadersFile } from './headers-file.js';
import { parseJson } from './json.js';
import { LineIndex } from './lines.js';
import type { ConfigDocument, DocNode } from './node.js';
import { parseProperties } from './properties.js';
import { parseToml } from './toml.js';
import { parseYaml } from './yaml.js';

/** A problem that stops a file from being read, with its 1-based position. */
export interface ConfigError {
  message: string;
  line: number;
  column: number;
}

/** A YAML comment (`# …`), for inline suppression directives. `text` excludes the `#`. */
export interface SourceComment {
  text: string;
  line: number;
  column: number;
  /** Only whitespace precedes the comment on its line. */
  ownLine: boolean;
}

export interface ParsedConfig {
  documents: ConfigDocument[];
  /** Fatal syntax errors: when present, `documents` is empty. */
  errors: ConfigError[];
  /** YAML comments outside scalars, in source order (always empty for JSON). */
  comments: SourceComment[];
  /**
   * Syntax the format's consumers reject but that could be read anyway: comments and trailing commas
   * in JSON. The documents are built; the caller reports these as errors only when an adapter
   * recognises a document, so `tsconfig.json` and editor settings are skipped quietly.
   */
  nonStandard: ConfigError[];
  /**
   * What is left of `nonStandard` once comments are allowed, as some formats' readers allow them: the
   * first trailing comma. Empty when the only non-standard syntax is comments.
   */
  beyondComments: ConfigError[];
  /** Why the file was not parsed at all, though it may be well formed (shown by `--debug`); no documents then. */
  notRead?: string;
  /** The text the positions refer to (BOM removed). */
  text: string;
  /** Its line index, built once per file for the parser, the comments and the result's code frames. */
  lines: () => LineIndex;
}

/** A file read as one document without syntax problems: the shape of every line-based or TOML reader's result. */
export function singleDocument(
  path: string,
  text: string,
  syntax: ConfigDocument['syntax'],
  root: DocNode,
  comments: SourceComment[],
  lines: () => LineIndex,
): ParsedConfig {
  return { documents: [{ path, index: 0, syntax, root, fileText: text }], errors: [], comments, nonStandard: [], beyondComments: [], text, lines };
}

/**
 * Extensions of source code and documents, which a file named on the command line (a shell glob, a
 * pre-commit hook run on every staged file) may have: skipped, as ESLint skips files no configuration
 * covers, rather than parsed as YAML into a parse error. Config files without a config extension
 * (`stack.template`, `_headers`, standard input) are still read.
 */
const SOURCE_CODE_EXTENSIONS = new Set(
  ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx', '.vue', '.svelte', '.py', '.go', '.java', '.kt', '.rb', '.rs', '.php', '.cs', '.c', '.h', '.cpp', '.swift', '.scala', '.sh', '.ps1', '.md', '.markdown', '.html', '.htm', '.css', '.scss', '.less', '.sql', '.tf', '.hcl', '.lua', '.dockerfile'],
);

/** Deepest collection nesting read; real configs stay far below it, and it bounds every tree walk. */
export const MAX_DEPTH = 256;

/**
 * Parse a config file's text into positioned documents. JSON is chosen by a `.json` or `.tfstate` extension, YAML by
 * `.yaml`/`.yml`, Java properties by `.properties`, TOML by `.toml`, Netlify's and Cloudflare's `_headers`
 * by its name, and anything else (standard input, well-known
 * names) by its first character.
 */
export function parseConfigText(path: string, text: string): ParsedConfig {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const extension = extname(path).toLowerCase();
  if (SOURCE_CODE_EXTENSIONS.has(extension)) {
    const notRead = `a ${extension} file is source code or a document, not a config corsguard reads (JavaScript and TypeScript: use @corsguard/eslint-plugin)`;
    return { documents: [], errors: [], comments: [], nonStandard: [], beyondComments: [], notRead, text: source, lines: () => new LineIndex(source) };
  }
  if (extension === '.json' || extension === '.tfstate') return parseJson(path, source);
  if (extension === '.properties') return parseProperties(path, source);
  if (extension === '.toml') return parseToml(path, source);
  if (basename(path) === '_headers') return parseHeadersFile(path, source);
  if (extension === '.yaml' || extension === '.yml' || !looksLikeJson(source)) return parseYaml(path, source);
  // Without an extension, `{` or `[` may also open a YAML flow collection: JSON first, then YAML.
  const json = parseJson(path, source);
  if (json.errors.length === 0 && json.nonStandard.length === 0) return json;
  const yaml = parseYaml(path, source);
  return yaml.errors.length === 0 ? yaml : json;
}

function looksLikeJson(text: string): boolean {
  const first = /\S/.exec(text.slice(0, 4096));
  return first !== null && (first[0] === '{' || first[0] === '[');
}
