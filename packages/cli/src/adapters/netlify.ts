import type { CorsPolicy } from '@corsguard/core';
import { get, isMap, isSeq } from '../document/access.js';
import type { ConfigDocument } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { fileName, text } from './cloud-common.js';
import { rawHeaderGroupPolicy } from './raw-headers.js';

/**
 * Netlify `netlify.toml` `[[headers]]` tables (docs.netlify.com/manage/routing/headers, "Syntax for the
 * Netlify configuration file"): each table's `for` path and its `[headers.values]` are sent as written
 * on the files Netlify serves for that path, so every rule applies to the literal header values, as
 * for vercel.json and firebase.json (cors-facts 2.20). TOML forbids repeating a key, so a table sets
 * each header once; a value written as an array (which Netlify accepts undocumented) is unknown. The
 * `_headers` file is plain text, not read here.
 */
function netlifyPolicies(doc: ConfigDocument): CorsPolicy[] {
  const rules = get(doc.root, 'headers');
  if (!isSeq(rules)) return [];
  const policies: CorsPolicy[] = [];
  rules.items.forEach((rule, index) => {
    if (!isMap(rule)) return;
    const path = text(get(rule, 'for'));
    const policy = rawHeaderGroupPolicy(rule, get(rule, 'values'), `netlify.toml headers[${index}]${path === undefined ? '' : ` ${path}`}`);
    if (policy !== undefined) policies.push(policy);
  });
  return policies;
}

export const netlify: Adapter = {
  name: 'netlify',
  description: 'Raw Access-Control-* response headers in netlify.toml [[headers]]',
  detect: (doc) => fileName(doc).toLowerCase() === 'netlify.toml' && isSeq(get(doc.root, 'headers')),
  extract: netlifyPolicies,
};
