import type { DocNode, MapNode, SeqNode } from './node.js';
import { NodeLocator, OffsetScalar } from './offset-nodes.js';
import { singleDocument, type ParsedConfig, type SourceComment } from './parse.js';

/**
 * A `_headers` file, the plain-text header rules of Netlify and Cloudflare Pages
 * (docs.netlify.com/manage/routing/headers, "Syntax for the _headers file";
 * developers.cloudflare.com/pages/configuration/headers): a line starting at column 1 names a path
 * pattern, the indented `Name: value` lines under it are the headers sent for it, and `#` starts a
 * comment line. It becomes one document shaped as `netlify.toml` reads:
 * `{ headers: [{ for: path, values: [{ key, value }] }] }`, every path, name and value at its place;
 * the values stay a list because a name may repeat. A line that fits neither form is skipped, as the
 * hosts skip it; such a file never fails to parse. (No library reads this format with positions, and
 * it is a few lines of grammar.)
 */
export function parseHeadersFile(path: string, text: string): ParsedConfig {
  const locator = new NodeLocator(path, text);
  const rules: DocNode[] = [];
  const comments: SourceComment[] = [];
  let values: SeqNode | undefined;
  let offset = 0;
  for (const line of text.split(/(?<=\n)/)) {
    const start = offset;
    offset += line.length;
    const content = line.replace(/\r?\n$/, '');
    const indent = content.length - content.trimStart().length;
    const body = content.trim();
    if (body === '') continue;
    if (body.startsWith('#')) {
      const { line: lineNumber, column } = locator.lines.position(start + indent);
      comments.push({ text: body.slice(1), line: lineNumber, column, ownLine: true });
      continue;
    }
    if (indent === 0) {
      const pathEnd = start + content.length;
      values = { type: 'seq', items: [], loc: locator.location(start, pathEnd) };
      const rule: MapNode = {
        type: 'map',
        entries: [
          { key: scalarAt(locator, start, start, 'for'), value: scalarAt(locator, start, pathEnd, body) },
          { key: scalarAt(locator, start, start, 'values'), value: values },
        ],
        loc: locator.location(start, pathEnd),
      };
      rules.push(rule);
      continue;
    }
    const colon = content.indexOf(':');
    if (values === undefined || colon < 0) continue;
    const name = content.slice(indent, colon).trim();
    const rawValue = content.slice(colon + 1);
    const valueStart = start + colon + 1 + (rawValue.length - rawValue.trimStart().length);
    const value = rawValue.trim();
    const nameStart = start + indent;
    const nameNode = scalarAt(locator, nameStart, nameStart + name.length, name);
    values.items.push({
      type: 'map',
      entries: [
        { key: scalarAt(locator, nameStart, nameStart, 'key'), value: nameNode },
        { key: scalarAt(locator, valueStart, valueStart, 'value'), value: scalarAt(locator, valueStart, valueStart + value.length, value) },
      ],
      loc: locator.location(nameStart, valueStart + value.length),
    });
  }
  const rulesNode: SeqNode = { type: 'seq', items: rules, loc: locator.location(0, text.length) };
  const root: MapNode = {
    type: 'map',
    entries: [{ key: scalarAt(locator, 0, 0, 'headers'), value: rulesNode }],
    loc: locator.location(0, text.length),
  };
  return singleDocument(path, text, 'headers', root, comments, () => locator.lines);
}

function scalarAt(locator: NodeLocator, start: number, end: number, value: string): OffsetScalar {
  return new OffsetScalar(locator, start, end, value, value);
}
