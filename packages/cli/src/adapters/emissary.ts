import type { CorsPolicy, Located, OriginMatcher, Tri } from '@corsguard/core';
import { get, isMap, isVaryOnOrigin, listEntries, resourceHeader, str, tri } from '../document/access.js';
import type { DocNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { envoyCorsPolicy, exactOrigin, optionalEnvoyFields, type CorsKeys } from './envoy-cors.js';

/**
 * Emissary-ingress (Ambassador) CORS (cors-facts 2.15): `Mapping` `spec.cors` and the global default in
 * the `Module` named `ambassador`, `spec.config.cors` (`getambassador.io/v2`, `v3alpha1`; the older
 * `ambassador/v1` form keeps `cors`/`config` at the top level; Emissary 2.0 named the Mapping
 * `AmbassadorMapping` in `x.getambassador.io/v3alpha1`). Keys and their translation from
 * emissary-ingress/emissary `python/ambassador/ir/ircors.py` (`IRCORS.setup`): `origins` is a list or
 * a comma-separated string split on `,`, and every entry becomes an exact `allow_origin` match
 * (`ircors.py` does not trim the pieces; whether the Envoy translation does is not confirmed, so the
 * pieces are read trimmed and no whitespace defect is claimed); `methods`, `headers`,
 * `exposed_headers` (lists are joined with ", "), `credentials`, `max_age` (seconds) map one to one
 * onto Envoy's CorsPolicy (`envoy/v3/v3route.py` puts it on the route, falling back to the Module's),
 * so the shared Envoy semantics apply; a Mapping's `add_response_headers` may add the missing
 * `Vary: Origin`.
 */
const EMISSARY_KEYS: CorsKeys = {
  methods: 'methods',
  headers: 'headers',
  expose: 'exposed_headers',
  maxAge: 'max_age',
};

export const emissaryAdapter: Adapter = {
  name: 'emissary',
  description: 'Emissary-ingress (Ambassador) Mapping cors and Module ambassador config.cors',
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
    if (!isMap(cors)) return [];
    // `ambassador/v1` resources keep their name at the top level rather than in metadata.
    const mappingName = header?.name ?? str(get(doc.root, 'name')) ?? '(unnamed)';
    const name = isMapping ? `${header.kind} ${mappingName}` : 'Module ambassador (global CORS)';
    const originsNode = get(cors, 'origins');
    const policy: CorsPolicy = envoyCorsPolicy({
      block: cors,
      source: name,
      origins: originsNode === undefined ? [] : origins(originsNode),
      credentials: tri(get(cors, 'credentials'), false, cors.loc),
      ...optionalEnvoyFields(cors, EMISSARY_KEYS, 'seconds'),
      ...(isMapping ? varyHeader(get(spec, 'add_response_headers')) : {}),
    });
    return [policy];
  },
};

/** A `Vary: Origin` in the Mapping's `add_response_headers` (a string, or `{ value, append }`). */
function varyHeader(headers: DocNode | undefined): { varyHeader?: Located<Tri> } {
  if (!isMap(headers)) return {};
  for (const entry of headers.entries) {
    const value = isMap(entry.value) ? get(entry.value, 'value') : entry.value;
    if (value !== undefined && isVaryOnOrigin(entry.key.text, str(value)))
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
  return listEntries(node, true).map((entry): OriginMatcher =>
    entry.value === undefined ? { kind: 'unknown', loc: entry.loc } : exactOrigin(entry.value, entry.loc),
  );
}
