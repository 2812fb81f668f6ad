import type { CorsPolicy } from '@corsguard/core';
import { get, isMap, isScalar, isSeq } from '../document/access.js';
import type { ConfigDocument, DocNode, MapNode, ScalarNode, SeqNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { fileName, text } from './cloud-common.js';
import { rawHeaderGroupPolicy } from './raw-headers.js';

/**
 * Netlify `netlify.toml` `[[headers]]` tables (docs.netlify.com/manage/routing/headers, "Syntax for the
 * Netlify configuration file"): each table's `for` path and its `[headers.values]` are sent as written
 * on the files Netlify serves for that path, so every rule applies to the literal header values, as
 * for vercel.json and firebase.json (cors-facts 2.20). TOML forbids repeating a key, so a table sets
 * each header once; a value written as an array (which Netlify accepts undocumented) is unknown. The
 * plain-text `_headers` file, which Netlify and Cloudflare Pages read (document/headers-file.ts), has
 * the same shape once parsed: each path's header lines, sent as written, a repeated name sending every
 * value.
 */
function netlifyPolicies(doc: ConfigDocument): CorsPolicy[] {
  const rules = get(doc.root, 'headers');
  if (!isSeq(rules)) return [];
  const headersFile = doc.syntax === 'headers';
  const policies: CorsPolicy[] = [];
  rules.items.forEach((rule, index) => {
    if (!isMap(rule)) return;
    const path = text(get(rule, 'for'));
    const label = headersFile ? `_headers ${path ?? ''}`.trim() : `netlify.toml headers[${index}]${path === undefined ? '' : ` ${path}`}`;
    const values = get(rule, 'values');
    const policy = rawHeaderGroupPolicy(rule, headersFile && isSeq(values) ? joinedRepeats(values) : values, label);
    if (policy !== undefined) policies.push(policy);
  });
  return policies;
}

/**
 * A name a `_headers` block repeats is sent once, its values joined with ", " (Cloudflare Pages,
 * "Headers": "If a header is applied twice in the _headers file, the values are joined with a comma
 * separator"; HTTP reads repeated fields the same way, RFC 9110 5.3), so two Access-Control-Allow-Origin
 * lines make one header holding two origins. The joined value is placed at the first line's value.
 */
function joinedRepeats(values: SeqNode): SeqNode {
  const byName = new Map<string, { item: MapNode; values: ScalarNode[] }>();
  const items: DocNode[] = [];
  for (const item of values.items) {
    const name = text(get(item, 'key'))?.toLowerCase();
    const value = get(item, 'value');
    if (name === undefined || !isMap(item) || !isScalar(value)) continue;
    const seen = byName.get(name);
    if (seen === undefined) {
      byName.set(name, { item, values: [value] });
      items.push(item);
    } else {
      seen.values.push(value);
    }
  }
  return {
    type: 'seq',
    loc: values.loc,
    items: items.map((item) => {
      const repeated = byName.get(text(get(item, 'key'))?.toLowerCase() ?? '');
      if (repeated === undefined || repeated.values.length === 1 || !isMap(item)) return item;
      const [first] = repeated.values as [ScalarNode, ...ScalarNode[]];
      const joined = repeated.values.map((value) => String(value.value)).join(', ');
      return {
        type: 'map',
        loc: item.loc,
        entries: item.entries.map((entry) =>
          entry.key.value === 'value' ? { key: entry.key, value: { type: 'scalar', value: joined, text: joined, loc: first.loc } } : entry,
        ),
      } satisfies MapNode;
    }),
  };
}

export const netlify: Adapter = {
  name: 'netlify',
  description: 'Raw Access-Control-* response headers in netlify.toml [[headers]] and Netlify or Cloudflare Pages _headers files',
  detect: (doc) => (doc.syntax === 'headers' || fileName(doc).toLowerCase() === 'netlify.toml') && isSeq(get(doc.root, 'headers')),
  extract: netlifyPolicies,
};
