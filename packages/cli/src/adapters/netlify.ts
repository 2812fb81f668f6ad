import type { CorsPolicy } from '@corsguard/core';
import { get, isMap, isScalar, isSeq, tri } from '../document/access.js';
import type { ConfigDocument, DocNode, MapNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { fileName, text } from './cloud-common.js';
import { coversPaths, splatPaths, type RulePaths } from './header-rule-paths.js';
import { headerRulePolicies, type HeaderRule, type RawHeaderSemantics, type RuleOverlap } from './raw-headers.js';

/**
 * Netlify `netlify.toml` `[[headers]]` tables (docs.netlify.com/manage/routing/headers, "Syntax for the
 * Netlify configuration file"): each table's `for` path and its `[headers.values]` are sent as written
 * on the files Netlify serves for that path, so every rule applies to the literal header values, as
 * for vercel.json and firebase.json (cors-facts 2.20). TOML forbids repeating a key, so a table sets
 * each header once; a value written as an array is one header holding the items joined with ", "
 * (Netlify's own netlify-headers-parser, `normalizeRawValue`), so two origins in one array are one
 * Access-Control-Allow-Origin value holding two origins. The
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

const NETLIFY_TOML: RawHeaderSemantics = { arraysJoined: true };

/**
 * Both hosts apply every rule whose path matches a request: Cloudflare Pages documents it ("An
 * incoming request which matches multiple rules' URL patterns will inherit all rules' headers") and
 * Netlify's own local server does it (netlify-cli and @netlify/headers `headersForPath`). They part on
 * a name several matching rules set: Cloudflare joins the values with a comma, Netlify's local server
 * keeps the later rule's, and Netlify does not document what its CDN does (the most specific rule's
 * value is also reported). So only a value the most specific rule sets last is known to be sent; the
 * header is otherwise unknown.
 */
const NETLIFY_OVERLAP: RuleOverlap = {
  paths: (rule) => {
    const path = text(get(rule, 'for'));
    return path === undefined ? undefined : splatPaths(path);
  },
  sameName: 'own-else-unknown',
};

/**
 * The header names each `_headers` rule detaches with a `! Name` line, which removes what other
 * matching rules set on Cloudflare Pages (Netlify does not read such lines). The reader skips those
 * lines, so they are found in the text between a rule's path line and the next rule's.
 */
function detachedNames(doc: ConfigDocument, rules: readonly MapNode[]): Map<MapNode, string[]> {
  const lines = doc.fileText.split(/\r?\n/);
  const detached = new Map<MapNode, string[]>();
  rules.forEach((rule, index) => {
    const end = rules[index + 1]?.loc.line ?? lines.length + 1;
    const names = lines
      .slice(rule.loc.line, end - 1)
      .flatMap((line) => /^\s+!\s*([^\s:]+)\s*$/.exec(line)?.[1] ?? []);
    if (names.length > 0) detached.set(rule, names);
  });
  return detached;
}

/**
 * Whether Netlify keeps a netlify.toml header table: its parser rejects the whole table when a value
 * is neither a string nor an array of strings (a TOML boolean or number, `Access-Control-Allow-
 * Credentials = true`), and the build only warns "some headers have syntax errors" (@netlify/headers-
 * parser normalize.ts `normalizeRawValue`, @netlify/config `warnHeadersParsing`).
 */
function keptByNetlify(rule: MapNode): boolean {
  const values = get(rule, 'values');
  if (!isMap(values)) return true;
  const isText = (node: DocNode): boolean => isScalar(node) && typeof node.value === 'string';
  return values.entries.every(({ value }) => isText(value) || (isSeq(value) && value.items.every(isText)));
}

/**
 * Netlify applies custom headers "only to files Netlify serves from our own backing store": not to
 * proxied content, nor to a URL a function or edge function handles (docs.netlify.com/manage/routing/
 * headers, "Limitations": "the site being proxied to or the function should return any required
 * headers instead"). Paths under `/.netlify/` are Netlify's own endpoints (`/.netlify/functions/…`,
 * `/.netlify/images`, `/.netlify/identity`), and a netlify.toml rewrite (status 200, no `conditions`)
 * to such a path or to another site (a proxy) hands its `from` paths to a function or to that site.
 * Without `force = true` a rewrite applies only where no file exists at the path ("shadowing"), so a
 * catch-all one (`from = "/*"`, a server-rendering handler) still leaves the site's files to Netlify,
 * while one under a fixed path (`/api/*`) is taken to cover it. A header rule every path of which is
 * served that way sends nothing; what those responses carry is up to code this file does not show.
 */
const NETLIFY_ENDPOINTS = splatPaths('/.netlify/*');

function pathsServedElsewhere(doc: ConfigDocument): RulePaths[] {
  const served = NETLIFY_ENDPOINTS === undefined ? [] : [NETLIFY_ENDPOINTS];
  const redirects = doc.syntax === 'headers' ? undefined : get(doc.root, 'redirects');
  if (!isSeq(redirects)) return served;
  for (const redirect of redirects.items) {
    const status = get(redirect, 'status');
    const rewrites = isScalar(status) && String(status.value) === '200';
    const to = text(get(redirect, 'to'));
    const from = text(get(redirect, 'from'));
    if (!rewrites || get(redirect, 'conditions') !== undefined || to === undefined || from === undefined) continue;
    if (!/^\/\.netlify\//.test(to) && !/^https?:\/\//i.test(to)) continue;
    const paths = splatPaths(from);
    const forced = tri(get(redirect, 'force'), false, redirect.loc).value === true;
    if (paths !== undefined && (forced || paths.prefix.length > 1)) served.push(paths);
  }
  return served;
}

function netlifyPolicies(doc: ConfigDocument): CorsPolicy[] {
  const rulesNode = get(doc.root, 'headers');
  if (!isSeq(rulesNode)) return [];
  const headersFile = doc.syntax === 'headers';
  const servedElsewhere = pathsServedElsewhere(doc);
  const rules: HeaderRule[] = [];
  rulesNode.items.forEach((rule, index) => {
    if (!isMap(rule) || (!headersFile && !keptByNetlify(rule))) return;
    const path = text(get(rule, 'for'));
    const paths = path === undefined ? undefined : splatPaths(path);
    if (paths !== undefined && servedElsewhere.some((served) => coversPaths(served, paths))) return;
    const label = headersFile ? `_headers ${path ?? ''}`.trim() : `netlify.toml headers[${index}]${path === undefined ? '' : ` ${path}`}`;
    rules.push({ rule, headersNode: get(rule, 'values'), label });
  });
  const detached = headersFile ? detachedNames(doc, rules.map(({ rule }) => rule)) : new Map<MapNode, string[]>();
  const overlap: RuleOverlap = { ...NETLIFY_OVERLAP, detached: (rule) => detached.get(rule) ?? [] };
  return headerRulePolicies(rules, headersFile ? HEADERS_FILE : NETLIFY_TOML, overlap);
}

export const netlify: Adapter = {
  name: 'netlify',
  description: 'Raw Access-Control-* response headers in netlify.toml [[headers]] and Netlify or Cloudflare Pages _headers files',
  detect: (doc) => (doc.syntax === 'headers' || fileName(doc).toLowerCase() === 'netlify.toml') && isSeq(get(doc.root, 'headers')),
  extract: netlifyPolicies,
};
