import type { OriginMatcher } from '@corsguard/core';
import { get, isMap, isPlaceholder, isScalar, isSeq, listEntries, resourceHeader, str } from '../document/access.js';
import type { DocNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { manifestTri } from './kubernetes-yaml.js';
import {
  envoyCorsPolicy,
  exactOrigin,
  optionalEnvoyFields,
  refusedDuration,
  wholeSecondsMaxAge,
  wildcardHostOrigins,
  type CorsKeys,
} from './envoy-cors.js';

/**
 * Envoy Gateway `SecurityPolicy` (`gateway.envoyproxy.io/v1alpha1`) `spec.cors` (cors-facts Appendix).
 * Keys from envoyproxy/gateway `api/v1alpha1/cors_types.go` and the translation in
 * `internal/gatewayapi/securitypolicy.go` (`buildCORS`, `wildcard2regex`) and
 * `internal/xds/translator/cors.go` (`patchRoute`): an origin with `*` becomes an RE2 `safe_regex`
 * (`.` escaped, `*` as `.*`, so it spans labels and a lone `*` matches everything), any other origin an
 * `exact` matcher; `allowMethods`/`allowHeaders`/`exposeHeaders` are joined with ", "; `maxAge` is a Go
 * duration sent in whole seconds (the fraction truncated), and nothing is sent without it (one
 * without a unit fails the CRD's `gwapiv1.Duration` pattern, so the policy is refused);
 * `allowCredentials` defaults to false. The result is Envoy's CORS filter (shared Envoy semantics:
 * echoed origin, no Vary, preflight answered).
 * Releases before v1.0 (v0.6) typed `allowOrigins` as Envoy Gateway's `StringMatch`
 * (`{ type: Exact | Prefix | Suffix | RegularExpression, value }`, `type` defaulting to `Exact`),
 * translated to the matching Envoy StringMatcher (a regular expression as an RE2 `safe_regex`).
 * Later releases add `allowRegexOrigins` (test/e2e/testdata/cors.yaml: `"https://foo.com:3[0-9]{3}"`),
 * regular expressions next to `allowOrigins`; Envoy's CorsPolicy takes origins only as StringMatchers,
 * whose one regex form is the RE2 `safe_regex`, matched against the whole origin.
 */
const ENVOY_GATEWAY_KEYS: CorsKeys = {
  methods: 'allowMethods',
  headers: 'allowHeaders',
  expose: 'exposeHeaders',
  maxAge: 'maxAge',
};

export const envoyGatewayAdapter: Adapter = {
  name: 'envoy-gateway',
  description: 'Envoy Gateway SecurityPolicy spec.cors',
  detect(doc) {
    const header = resourceHeader(doc.root);
    return header?.group === 'gateway.envoyproxy.io' && header.kind === 'SecurityPolicy';
  },
  extract(doc) {
    const cors = get(get(doc.root, 'spec'), 'cors');
    // A maxAge without a unit (`"86400"`) fails the CRD's Duration pattern: the policy never loads.
    if (!isMap(cors) || refusedDuration(get(cors, 'maxAge'))) return [];
    const allowOrigins = get(cors, 'allowOrigins');
    if (allowOrigins !== undefined && refusedOrigins(allowOrigins)) return [];
    const allowRegexOrigins = get(cors, 'allowRegexOrigins');
    return [
      envoyCorsPolicy({
        block: cors,
        source: `SecurityPolicy ${resourceHeader(doc.root)?.name ?? '(unnamed)'}`,
        origins: [
          ...(allowOrigins === undefined ? [] : origins(allowOrigins)),
          ...(allowRegexOrigins === undefined ? [] : regexOrigins(allowRegexOrigins)),
        ],
        credentials: manifestTri(get(cors, 'allowCredentials'), false, cors.loc),
        // `internal/xds/translator/cors.go`: `strconv.Itoa(int(MaxAge.Seconds()))` truncates.
        ...wholeSecondsMaxAge(optionalEnvoyFields(cors, ENVOY_GATEWAY_KEYS, 'duration'), Math.trunc),
        // A SecurityPolicy has no field for response headers: Vary is added (or not) by the HTTPRoute
        // it targets (a ResponseHeaderModifier filter) or by the backend, neither of which this
        // document shows, so whether responses carry Vary: Origin is unknown here.
        varyHeader: { value: 'unknown', loc: cors.loc },
      }),
    ];
  },
};

/**
 * The CRD's `Origin` pattern (`api/v1alpha1/cors_types.go`, `MaxLength=253`): `*`, or `http`/`https`
 * with a host that is `*`, or names and dots that may start with one `*.` label, and an optional
 * numeric port. Written here without the CRD's nested repetition (`(([\w-]+\.?)+)?[\w-]+` accepts the
 * same hosts: labels of word characters and `-` joined by single dots).
 */
const ORIGIN_PATTERN = /^(?:\*|https?:\/\/(?:\*|(?:\*\.)?[\w-]+(?:\.[\w-]+)*)(?::\d{1,5})?)$/;

/**
 * Whether the API server refuses the SecurityPolicy for an `allowOrigins` string the `Origin` pattern
 * rejects: a trailing slash or path, another scheme, a `*` inside the host (`https://app.*.com`) or as
 * the port (`http://localhost:*`). Templated entries and the pre-v1.0 StringMatch objects are not checked.
 */
function refusedOrigins(node: DocNode): boolean {
  return listEntries(node, false).some(({ value }) => value !== undefined && (value.length > 253 || !ORIGIN_PATTERN.test(value)));
}

/** `allowRegexOrigins`: RE2 expressions matched against the whole origin; templated ones are unknown. */
function regexOrigins(node: DocNode): OriginMatcher[] {
  return listEntries(node, false).map((entry): OriginMatcher =>
    entry.value === undefined
      ? { kind: 'unknown', loc: entry.loc }
      : { kind: 'pattern', source: entry.value, flags: '', dialect: 're2-full', loc: entry.loc },
  );
}

/** Origin strings (v1.0 and later) or, in v0.6, `StringMatch` objects; one list holds one kind. */
function origins(node: DocNode): OriginMatcher[] {
  if (!isSeq(node) || !node.items.some(isMap)) return wildcardHostOrigins(node);
  return node.items.map(stringMatchOrigin);
}

function stringMatchOrigin(match: DocNode): OriginMatcher {
  const valueNode = get(match, 'value');
  const value = str(valueNode);
  if (!isMap(match) || valueNode === undefined || !isScalar(valueNode) || value === undefined || isPlaceholder(valueNode))
    return { kind: 'unknown', loc: (valueNode ?? match).loc };
  switch (str(get(match, 'type')) ?? 'Exact') {
    case 'Exact':
      return exactOrigin(value, valueNode.loc);
    case 'Prefix':
      return { kind: 'prefix', value, loc: valueNode.loc };
    case 'Suffix':
      return { kind: 'suffix', value, loc: valueNode.loc };
    case 'RegularExpression':
      return { kind: 'pattern', source: value, flags: '', dialect: 're2-full', loc: valueNode.loc };
    default:
      return { kind: 'unknown', loc: valueNode.loc };
  }
}
