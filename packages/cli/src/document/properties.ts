import { Comment, Pair, parseLines } from 'dot-properties';
import type { DocNode, MapEntry, MapNode } from './node.js';
import { NodeLocator, OffsetScalar } from './offset-nodes.js';
import { singleDocument, type ParsedConfig, type SourceComment } from './parse.js';

/**
 * A Java `.properties` file (Spring Boot's `application.properties`) → one positioned mapping whose
 * keys are the property names as written (`spring.cloud.gateway.globalcors.cors-configurations.[/**].
 * allowed-origins`), each value a string, the way Spring Boot reads them before binding. dot-properties
 * does the reading (escapes, `\` line continuations, `=`/`:`/whitespace separators, `#` and `!`
 * comments) as `java.util.Properties.load` does, and gives each pair's source offsets. Every line
 * reads as something, so such a file never fails to parse. A repeated key keeps its last value, as
 * `Properties.load` does (and `get` returns the last entry). Comment lines carry inline suppressions.
 */
export function parseProperties(path: string, text: string): ParsedConfig {
  const locator = new NodeLocator(path, text);
  const entries: MapEntry[] = [];
  const comments: SourceComment[] = [];
  for (const node of parseLines(text, true)) {
    if (node instanceof Pair) {
      // [key start, key end, value start, value end]
      const range = node.range ?? [0, 0, 0, 0];
      entries.push({
        key: new OffsetScalar(locator, range[0], range[1], node.key, undefined),
        value: new OffsetScalar(locator, range[2] ?? range[1], range[3] ?? range[1], node.value, undefined),
      });
    } else if (node instanceof Comment) {
      const start = node.range?.[0] ?? 0;
      const end = node.range?.[1] ?? start;
      const { line, column } = locator.lines.position(start);
      comments.push({ text: text.slice(start + 1, end), line, column, ownLine: true });
    }
  }
  const root: DocNode = { type: 'map', entries, loc: locator.location(0, text.length) } satisfies MapNode;
  return singleDocument(path, text, 'properties', root, comments, () => locator.lines);
}
