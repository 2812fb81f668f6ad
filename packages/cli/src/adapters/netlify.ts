import type { CorsPolicy } from '@corsguard/core';
import { get, isMap, isSeq } from '../document/access.js';
import type { ConfigDocument } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { fileName, text } from './cloud-common.js';
import { rawHeaderGroupPolicy, type RawHeaderSemantics } from './raw-headers.js';

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
/**
 * A name a `_headers` block repeats is sent once, its values joined with ", " (Cloudflare Pages,
 * "Headers": "If a header is applied twice in the _headers file, the values are joined with a comma
 * separator"; HTTP reads repeated fields the same way, RFC 9110 5.3), so two Access-Control-Allow-Origin
 * lines make one header holding two origins.
 */
const HEADERS_FILE: RawHeaderSemantics = { repeated: 'joined' };

function netlifyPolicies(doc: ConfigDocument): CorsPolicy[] {
  const rules = get(doc.root, 'headers');
  if (!isSeq(rules)) return [];
  const headersFile = doc.syntax === 'headers';
  const policies: CorsPolicy[] = [];
  rules.items.forEach((rule, index) => {
    if (!isMap(rule)) return;
    const path = text(get(rule, 'for'));
    const label = headersFile ? `_headers ${path ?? ''}`.trim() : `netlify.toml headers[${index}]${path === undefined ? '' : ` ${path}`}`;
    const policy = rawHeaderGroupPolicy(rule, get(rule, 'values'), label, headersFile ? HEADERS_FILE : {});
    if (policy !== undefined) policies.push(policy);
  });
  return policies;
}

export const netlify: Adapter = {
  name: 'netlify',
  description: 'Raw Access-Control-* response headers in netlify.toml [[headers]] and Netlify or Cloudflare Pages _headers files',
  detect: (doc) => (doc.syntax === 'headers' || fileName(doc).toLowerCase() === 'netlify.toml') && isSeq(get(doc.root, 'headers')),
  extract: netlifyPolicies,
};
