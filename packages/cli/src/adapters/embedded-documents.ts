import type { SourceLocation } from '@corsguard/core';
import { isScalar } from '../document/access.js';
import type { ConfigDocument, DocNode, ScalarNode } from '../document/node.js';
import { parseConfigText } from '../document/parse.js';

/**
 * The documents of a YAML or JSON file held in a string scalar, positioned in `doc`'s file: at their
 * own lines and columns in a literal block scalar (`kong.yml: |`); all at the scalar in a multi-line
 * quoted or folded one (what `kubectl create configmap --from-file … -o yaml` writes for a file with
 * trailing spaces) or a one-line one whose escapes write the line breaks (`kubectl get -o json`), whose
 * lines do not map back one to one. A one-line scalar without a line break is no config file.
 */
export function embeddedDocuments(doc: ConfigDocument, name: string, value: DocNode): ConfigDocument[] {
  if (!isScalar(value) || typeof value.value !== 'string') return [];
  const indent = literalBlockIndent(value);
  if (indent === undefined && value.loc.line === value.loc.endLine && !value.value.includes('\n')) return [];
  const parsed = parseConfigText(name, value.value);
  if (parsed.errors.length > 0) return [];
  const relocate =
    indent === undefined
      ? (): SourceLocation => ({ ...value.loc, file: doc.path })
      : (loc: SourceLocation): SourceLocation => moved(loc, { lines: value.loc.line, columns: indent, file: doc.path });
  return parsed.documents.map((inner) => ({ ...doc, root: relocated(inner.root, relocate, new Map()) }));
}

/**
 * The indentation of a literal block scalar whose lines are the value's lines verbatim, or undefined
 * for any other scalar (quoted, folded, plain), whose columns do not map back one to one.
 */
function literalBlockIndent(node: ScalarNode): number | undefined {
  // A file checked out with CRLF line ends (git's autocrlf on Windows) keeps them in the source text,
  // while the scalar's value has them folded to `\n` as YAML requires: compare line by line.
  if (typeof node.value !== 'string' || !/^\|[0-9+-]*[ \t]*(#.*)?\r?\n/.test(node.text)) return undefined;
  const content = node.text.slice(node.text.indexOf('\n') + 1).split(/\r?\n/);
  const first = content.find((line) => line.trim() !== '');
  if (first === undefined) return undefined;
  const indent = first.length - first.trimStart().length;
  const lines = node.value.replace(/\n$/, '').split('\n');
  const verbatim = content.every((line, index) => line.trim() === '' || line.slice(indent) === lines[index]);
  return verbatim ? indent : undefined;
}

interface Shift {
  lines: number;
  columns: number;
  file: string;
}

function relocated<T extends DocNode>(node: T, relocate: (loc: SourceLocation) => SourceLocation, done: Map<DocNode, DocNode>): T {
  const seen = done.get(node);
  if (seen !== undefined) return seen as T;
  const loc = relocate(node.loc);
  let copy: DocNode;
  // Fields are named, not spread: parsed nodes carry their offsets and compute `loc` on demand.
  switch (node.type) {
    case 'scalar':
      copy = { type: 'scalar', value: node.value, text: node.text, loc };
      break;
    case 'map':
      copy = {
        type: 'map',
        loc,
        entries: node.entries.map((entry) => ({
          key: relocated(entry.key, relocate, done),
          value: relocated(entry.value, relocate, done),
        })),
      };
      break;
    case 'seq':
      copy = { type: 'seq', loc, items: node.items.map((item) => relocated(item, relocate, done)) };
      break;
    case 'dynamic':
      copy = { type: 'dynamic', tag: node.tag, loc, inner: relocated(node.inner, relocate, done) };
      break;
  }
  done.set(node, copy);
  return copy as T;
}

function moved(loc: SourceLocation, shift: Shift): SourceLocation {
  return {
    file: shift.file,
    line: loc.line + shift.lines,
    column: loc.column + shift.columns,
    endLine: loc.endLine + shift.lines,
    endColumn: loc.endColumn + shift.columns,
  };
}
