import type { CorsPolicy, Located, OriginMatcher, Tri } from '@corsguard/core';
import {
  get,
  isMap,
  isPlaceholder,
  isScalar,
  isSeq,
  isVaryOnOrigin,
  keyName,
  keyNode,
  locateInScalar,
  resourceHeader,
  str,
} from '../document/access.js';
import type { DocNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { manifestTri } from './kubernetes-yaml.js';
import { appendAction, envoyHeaderPolicy, type HeaderMutation } from './envoy-headers.js';
import {
  envoyCorsPolicy,
  exactOrigin,
  optionalEnvoyFields,
  rawPoliciesBesideCors,
  stringMatchOrigin,
  withRawHeaders,
  type CorsKeys,
} from './envoy-cors.js';

/**
 * Emissary-ingress (Ambassador) CORS (cors-facts 2.15): `Mapping` `spec.cors` and the global default in
 * the `Module` named `ambassador`, `spec.config.cors` (`getambassador.io/v2`, `v3alpha1`; the older
 * `ambassador/v1` form keeps `cors`/`config` at the top level; Emissary 2.0 named the Mapping
 * `AmbassadorMapping` in `x.getambassador.io/v3alpha1`). Keys and their translation from
 * emissary-ingress/emissary `python/ambassador/ir/ircors.py` (`IRCORS.setup`): `origins` is a list or
 * a comma-separated string split on `,`, and every string entry becomes an `exact` StringMatcher (a
 * mapping entry is passed on as a StringMatcher). Neither that split nor the `getambassador.io/v2`
 * CRD's (`pkg/api/getambassador.io/v2` `OriginList.UnmarshalJSON`, `strings.Split`) trims the pieces,
 * so `a.example, b.example` allows ` b.example`, which no browser sends (emissary-ingress/emissary
 * issue 912); a list item is one entry even when it holds a comma. `methods`, `headers`,
 * `exposed_headers` (lists are joined with ", "), `credentials`, `max_age` (seconds) map one to one
 * onto Envoy's CorsPolicy (`envoy/v3/v3route.py` puts it on the route, falling back to the Module's),
 * so the shared Envoy semantics apply; a Mapping's `add_response_headers` may add the missing
 * `Vary: Origin`, and its `Access-Control-*` headers are read as raw headers: on a Mapping without
 * `cors` (a Module's global `cors`, in another document, would take them over for the origins it
 * allows), and beside `cors` on the responses to the origins it does not allow.
 */
const EMISSARY_KEYS: CorsKeys = {
  methods: 'methods',
  headers: 'headers',
  expose: 'exposed_headers',
  maxAge: 'max_age',
};

export const emissaryAdapter: Adapter = {
  name: 'emissary',
  description: 'Emissary-ingress (Ambassador) Mapping cors, Module ambassador config.cors and Access-Control-* response headers',
  detect(doc) {
    const header = resourceHeader(doc.root);
    if (header === undefined || !isEmissaryGroup(header.group)) return false;
    return (
      MAPPING_KINDS.has(header.kind) ||
      (header.kind === 'Module' && header.name === 'ambassador') ||
      isAmbassadorModule(doc.root)
    );
  },
  extract(doc) {
    const header = resourceHeader(doc.root);
    const isMapping = header !== undefined && MAPPING_KINDS.has(header.kind);
    const spec = get(doc.root, 'spec') ?? doc.root;
    const cors = isMapping ? get(spec, 'cors') : get(get(spec, 'config'), 'cors');
    // `ambassador/v1` resources keep their name at the top level rather than in metadata.
    const mappingName = header?.name ?? str(get(doc.root, 'name')) ?? '(unnamed)';
    const name = isMapping ? `${header.kind} ${mappingName}` : 'Module ambassador (global CORS)';
    // `host_redirect: true` makes the Mapping an Envoy redirect route, answered without running the
    // CORS filter (it needs a route entry, `CorsFilter::decodeHeaders`): its `cors` sends nothing.
    const redirects = isMapping && manifestTri(get(spec, 'host_redirect'), false, spec.loc).value === true;
    if (!isMap(cors) || redirects) return isMapping ? addedHeaderPolicy(get(spec, 'add_response_headers'), name) : [];
    const originsNode = get(cors, 'origins');
    const policy: CorsPolicy = envoyCorsPolicy({
      block: cors,
      source: name,
      origins: originsNode === undefined ? [] : origins(originsNode),
      credentials: manifestTri(get(cors, 'credentials'), false, cors.loc),
      originsKey: keyNode(cors, 'origins')?.loc,
      ...optionalEnvoyFields(cors, EMISSARY_KEYS, 'seconds'),
      ...(isMapping ? varyHeader(get(spec, 'add_response_headers')) : {}),
    });
    if (!isMapping) return [policy];
    const raw = addedHeaderPolicy(get(spec, 'add_response_headers'), name);
    return [withRawHeaders(policy, raw[0]), ...rawPoliciesBesideCors(policy, raw)];
  },
};

/**
 * A Mapping without `cors` may send `Access-Control-*` headers through `add_response_headers`, which
 * Emissary hands to Envoy's `response_headers_to_add` (formatter commands included), each with its
 * `append` (true unless written false: appended, otherwise overwritten; envoy-headers.ts), so they are
 * read as raw headers. The map reaches Envoy in the order written or sorted by name (a Go map turned
 * into JSON), so a name written twice in different case is read in both orders.
 */
function addedHeaderPolicy(headers: DocNode | undefined, mapping: string): CorsPolicy[] {
  if (!isMap(headers)) return [];
  const mutations: HeaderMutation[] = [];
  for (const entry of headers.entries) {
    const value = isMap(entry.value) ? get(entry.value, 'value') : entry.value;
    if (value === undefined) continue;
    const append = isMap(entry.value) ? get(entry.value, 'append') : undefined;
    mutations.push({ key: entry.key, value, action: appendAction(undefined, append) });
  }
  const sorted = [...mutations].sort((a, b) => (String(a.key.value) < String(b.key.value) ? -1 : String(a.key.value) > String(b.key.value) ? 1 : 0));
  const policy = envoyHeaderPolicy([[{ add: mutations, remove: [] }], [{ add: sorted, remove: [] }]], headers.loc, `${mapping} add_response_headers`);
  return policy === undefined ? [] : [policy];
}

/** A `Vary: Origin` in the Mapping's `add_response_headers` (a string, or `{ value, append }`). */
function varyHeader(headers: DocNode | undefined): { varyHeader?: Located<Tri> } {
  if (!isMap(headers)) return {};
  for (const entry of headers.entries) {
    const value = isMap(entry.value) ? get(entry.value, 'value') : entry.value;
    if (value !== undefined && isVaryOnOrigin(keyName(entry.key), str(value)))
      return { varyHeader: { value: true, loc: value.loc } };
  }
  return {};
}

const MAPPING_KINDS = new Set(['Mapping', 'AmbassadorMapping']);

function isEmissaryGroup(group: string): boolean {
  return group === 'getambassador.io' || group === 'x.getambassador.io' || group === 'ambassador';
}

/** The `ambassador/v1` Module keeps its name at the top level rather than in metadata. */
function isAmbassadorModule(root: DocNode): boolean {
  return str(get(root, 'kind')) === 'Module' && str(get(root, 'name')) === 'ambassador';
}

function origins(node: DocNode): OriginMatcher[] {
  if (isSeq(node)) return node.items.flatMap((item) => (isMap(item) ? [stringMatchOrigin(item)] : entryOrigins(item, false)));
  return entryOrigins(node, true);
}

/** Exact origins from one scalar, split on `,` when it is the whole setting, each piece kept untrimmed. */
function entryOrigins(node: DocNode, commaSeparated: boolean): OriginMatcher[] {
  if (isScalar(node) && node.value === null) return [];
  const text = str(node);
  if (!isScalar(node) || text === undefined || isPlaceholder(node)) return [{ kind: 'unknown', loc: node.loc }];
  if (!commaSeparated) return [exactOrigin(text, node.loc)];
  const matchers: OriginMatcher[] = [];
  let start = 0;
  for (const piece of text.split(',')) {
    const visible = piece.trim();
    // An empty piece (a trailing comma) is an exact match nothing sends: harmless, so not reported.
    if (visible !== '') {
      const offset = start + piece.indexOf(visible);
      matchers.push(exactOrigin(piece, locateInScalar(node, offset, offset + visible.length)));
    }
    start += piece.length + 1;
  }
  return matchers;
}
