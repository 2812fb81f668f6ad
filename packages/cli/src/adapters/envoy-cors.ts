import { BoundedCache } from '@corsguard/core';
import type { CorsPolicy, HeaderList, Located, MaxAge, OriginMatcher, SourceLocation, Tri } from '@corsguard/core';
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import {
  configHeaderList,
  configMaxAge,
  get,
  isMap,
  isPlaceholder,
  isScalar,
  listEntries,
  str,
  tri,
} from '../document/access.js';
import type { DocNode, MapEntry } from '../document/node.js';
import { envoyHeaderPolicy, levelOf } from './envoy-headers.js';

/**
 * What Envoy's CORS filter does with a policy, shared by every control plane that compiles to it
 * (raw Envoy, Istio, Gateway API on Envoy, Envoy Gateway, Contour, Emissary). From envoyproxy/envoy
 * `source/extensions/filters/http/cors/cors_filter.cc` (cors-facts 2.9, 2.10):
 * - `isOriginAllowed` accepts an origin when a matcher matches it *or matches the literal string
 *   `"*"`*, so `exact: "*"`, `prefix: ""`, `prefix: "*"` or `regex: ".*"` allow every origin;
 * - Access-Control-Allow-Origin is always the request's own Origin, never `*`;
 * - `allow_methods: "*"` / `allow_headers: "*"` (the whole string) echo the request's
 *   Access-Control-Request-Method / -Headers;
 * - the filter adds no `Vary` header, and answers a preflight itself with 200.
 * `safe_regex` uses RE2 `FullMatch` (`source/common/common/regex.h`, `CompiledGoogleReMatcher::match`).
 */

/** The fields of one CORS block, read by a control plane's adapter in its own notation. */
export interface EnvoyCorsFields {
  /** The CORS mapping; it carries the policy's location and is blamed for behaviour nobody wrote. */
  block: DocNode;
  source: string;
  /** Matchers as written: `exact` entries are compared allowlist entries (`compared: true`). */
  origins: OriginMatcher[];
  credentials: Located<Tri>;
  allowMethods?: HeaderList;
  allowHeaders?: HeaderList;
  exposeHeaders?: HeaderList;
  maxAge?: MaxAge;
  allowPrivateNetwork?: Located<Tri>;
  /**
   * A `Vary: Origin` response header the user adds next to the CORS policy (a route's response header
   * settings); Envoy's filter adds none itself.
   */
  varyHeader?: Located<Tri>;
  /**
   * Where the origins are set (the `allowOrigins` key): a missing `Vary: Origin` is blamed there, as the
   * origins echoed per request are what need it, rather than on whichever key the block starts with.
   */
  originsKey?: SourceLocation;
  /**
   * Gateway API's HTTPRoute filter only requires echoing for `*` when credentials are allowed and lets
   * an implementation answer a literal `*` otherwise; with this set, `*` stays literal unless
   * credentials are known to be on, except an `allowHeaders` of `*`, which is then unknown (a literal
   * `*` leaves out Authorization, an echo does not).
   */
  wildcardLiteralWithoutCredentials?: boolean;
}

/** The policy Envoy enforces for a CORS block. */
export function envoyCorsPolicy(fields: EnvoyCorsFields): CorsPolicy {
  const echoWildcards = !fields.wildcardLiteralWithoutCredentials || fields.credentials.value === true;
  const blockLoc = fields.block.loc;
  const policy: CorsPolicy = {
    loc: blockLoc,
    source: fields.source,
    origins: fields.origins.map((matcher) =>
      echoWildcards && matchesLiteralStar(matcher) ? reflectAny(matcher.loc) : matcher,
    ),
    credentials: fields.credentials,
    vary: fields.varyHeader ?? { value: false, loc: fields.originsKey ?? blockLoc },
    preflight: { handling: 'answered', loc: blockLoc },
  };
  if (fields.allowMethods)
    policy.allowMethods = echoWildcards ? echoWholeStar(fields.allowMethods) : fields.allowMethods;
  if (fields.allowHeaders)
    policy.allowHeaders = echoWildcards ? echoWholeStar(fields.allowHeaders) : starEitherWay(fields.allowHeaders);
  if (fields.exposeHeaders) policy.exposeHeaders = fields.exposeHeaders;
  if (fields.maxAge) policy.maxAge = fields.maxAge;
  if (fields.allowPrivateNetwork) policy.allowPrivateNetwork = fields.allowPrivateNetwork;
  return policy;
}

/**
 * Whether the filter running `policy` writes Access-Control-Allow-Origin on the responses to every
 * origin (or may: a matcher is unknown). Otherwise the origins it does not allow get the route's raw
 * response headers untouched (`CorsFilter::encodeHeaders`: "Origin did not match. Do not modify the
 * response headers.").
 */
export function coversEveryOrigin(policy: CorsPolicy): boolean {
  return policy.origins.some((matcher) => matcher.kind === 'reflect-any' || matcher.kind === 'unknown');
}

/**
 * A CORS policy with what the route's raw headers add on the responses to the origins it allows: the
 * filter writes Access-Control-Allow-Credentials only when its policy allows credentials, and
 * Access-Control-Expose-Headers only when it lists some (`CorsFilter::encodeHeaders`), so otherwise a
 * raw one reaches those responses (not the preflights, which the filter answers itself). `raw` is the
 * one raw-header policy of the route's responses, if any.
 */
export function withRawHeaders(cors: CorsPolicy, raw: CorsPolicy | undefined): CorsPolicy {
  if (raw === undefined) return cors;
  const merged: CorsPolicy = { ...cors };
  const rawCredentialsSent = raw.credentials.value !== false;
  if (cors.credentials.value === false && rawCredentialsSent) merged.credentials = raw.credentials;
  if (cors.exposeHeaders === undefined && raw.exposeHeaders !== undefined) merged.exposeHeaders = raw.exposeHeaders;
  return merged;
}

/**
 * The raw-header policies a route keeps next to a CORS policy: the ones that send
 * Access-Control-Allow-Origin, as met by the origins the policy does not allow; none when the policy
 * covers every origin.
 */
export function rawPoliciesBesideCors(cors: CorsPolicy, raw: readonly CorsPolicy[]): CorsPolicy[] {
  if (coversEveryOrigin(cors)) return [];
  return raw
    .filter((policy) => policy.origins.length > 0)
    .map((policy) => ({ ...policy, source: `${policy.source} (origins its CORS policy does not allow)` }));
}

function reflectAny(loc: SourceLocation): OriginMatcher {
  return { kind: 'reflect-any', loc };
}

/**
 * A list that is exactly `*` where the implementation may answer either `*` or the request's
 * Access-Control-Request-Headers (Gateway API without credentials): the two differ on Authorization,
 * which the literal `*` does not cover and the echo does, so what browsers are told is unknown.
 */
function starEitherWay(list: HeaderList): HeaderList {
  const echoed = echoWholeStar(list);
  return echoed.kind === 'reflect' ? { kind: 'unknown', loc: echoed.loc } : list;
}

/** A list that is exactly `*` is echoed from the request by the filter. */
function echoWholeStar(list: HeaderList): HeaderList {
  if (list.kind !== 'list' || list.partial || list.items.length !== 1) return list;
  const only = list.items[0];
  return only !== undefined && only.value === '*' ? { kind: 'reflect', loc: only.loc } : list;
}

/** Whether Envoy's extra `matcher.match("*")` test succeeds for this matcher, so every origin passes. */
function matchesLiteralStar(matcher: OriginMatcher): boolean {
  switch (matcher.kind) {
    case 'any':
      return true;
    case 'exact':
      return matcher.value === '*';
    case 'prefix':
    case 'suffix':
      return matcher.value === '' || matcher.value === '*';
    case 'glob':
      return globToRegExp(matcher.value).test('*');
    case 'pattern':
      return re2Matches(matcher.source, matcher.dialect === 're2-full', '*');
    default:
      return false;
  }
}

/** A host glob whose `*` spans any run of characters, as Envoy Gateway and Gateway API compile it. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 's');
}

/**
 * Whether an RE2 expression matches `subject`, through the JavaScript engine for the syntax the two
 * share. RE2-only syntax that JavaScript rejects gives false: the matcher is then kept as written.
 */
export function re2Matches(source: string, full: boolean, subject: string): boolean {
  let body = source;
  let flags = '';
  const leadingFlags = /^\(\?([imsU]+)\)/.exec(body);
  if (leadingFlags) {
    flags = [...new Set(leadingFlags[1]?.replace(/U/g, '') ?? '')].join('');
    body = body.slice(leadingFlags[0].length);
  }
  body = body
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$')
    .replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(full ? `^(?:${body})$` : body, flags).test(subject);
  } catch {
    return false;
  }
}

/**
 * Whether a regular expression accepts every origin, read from its syntax (regexpp, in the syntax
 * JavaScript shares with RE2 and PCRE; anything else gives false). `search` is an engine that looks
 * for a match anywhere in the origin (Go `MatchString`), `full` one that anchors both ends. A branch
 * accepts every origin when, between an optional leading `^` and trailing `$`, it is runs of any
 * character (`.*`, `(.+)`) and parts that may match nothing; one that may match nothing at all does
 * too when an end is left open, since a search then finds an empty match. Any other assertion makes a
 * branch count as narrower. Used where an engine echoes the matching origin, so such a regex echoes
 * them all.
 */
export function acceptsEveryOrigin(source: string, anchoring: 'search' | 'full'): boolean {
  return everyOriginVerdicts.getOrCompute(`${anchoring}\u0000${source}`, () => analyseAcceptsEveryOrigin(source, anchoring));
}

/** Verdicts per anchoring and source: a repository repeats its origin regexes in every route. */
const everyOriginVerdicts = new BoundedCache<string, boolean>(1024);

function analyseAcceptsEveryOrigin(source: string, anchoring: 'search' | 'full'): boolean {
  let pattern: AST.Pattern;
  try {
    pattern = ORIGIN_REGEX_PARSER.parsePattern(source);
  } catch {
    return false;
  }
  return pattern.alternatives.some((branch) => {
    const elements = [...branch.elements];
    const startAnchored = isAssertion(elements[0], 'start');
    if (startAnchored) elements.shift();
    const endAnchored = isAssertion(elements[elements.length - 1], 'end');
    if (endAnchored) elements.pop();
    const bothEnds = anchoring === 'full' || (startAnchored && endAnchored);
    return coversEveryString(elements) || (!bothEnds && elements.every(mayMatchNothing));
  });
}

const ORIGIN_REGEX_PARSER = new RegExpParser();

function isAssertion(element: AST.Element | undefined, kind: 'start' | 'end'): boolean {
  return element?.type === 'Assertion' && element.kind === kind;
}

/** A sequence that matches every non-empty string without line breaks (an origin). */
function coversEveryString(elements: readonly AST.Element[]): boolean {
  return elements.some(isRunOfAnyCharacter) && elements.every((element) => isRunOfAnyCharacter(element) || mayMatchNothing(element));
}

/** `.*`, `.+`, `(.*)`, `(?:.+?)`: any number (at least one at most) of any character. */
function isRunOfAnyCharacter(element: AST.Element): boolean {
  if (element.type === 'Group' || element.type === 'CapturingGroup') {
    return element.alternatives.some((branch) => coversEveryString(branch.elements));
  }
  return (
    element.type === 'Quantifier' &&
    element.min <= 1 &&
    element.max === Infinity &&
    (isAnyCharacter(element.element) || isRunOfAnyCharacter(element.element))
  );
}

function isAnyCharacter(element: AST.QuantifiableElement): boolean {
  return element.type === 'CharacterSet' && element.kind === 'any';
}

/** An element that can match the empty string without asserting anything. */
function mayMatchNothing(element: AST.Element): boolean {
  if (element.type === 'Quantifier') return element.min === 0;
  if (element.type === 'Group' || element.type === 'CapturingGroup') {
    return element.alternatives.some((branch) => branch.elements.every(mayMatchNothing));
  }
  return false;
}

/**
 * One StringMatcher as Envoy (`exact`, `prefix`, `suffix`, `contains`, `safe_regex: {regex}`, the
 * deprecated ECMAScript `regex`, with `ignore_case`) or Istio (`exact`, `prefix`, `regex`, RE2 full
 * match) writes it, as an origin matcher. Unreadable or templated values are unknown.
 */
export function stringMatchOrigin(node: DocNode): OriginMatcher {
  if (!isMap(node)) return { kind: 'unknown', loc: node.loc };
  const ignoreCase = tri(get(node, 'ignore_case') ?? get(node, 'ignoreCase'), false, node.loc).value === true;
  for (const key of ['exact', 'prefix', 'suffix', 'contains'] as const) {
    const valueNode = get(node, key);
    if (valueNode === undefined) continue;
    const value = str(valueNode);
    if (value === undefined || !isScalar(valueNode) || isPlaceholder(valueNode))
      return { kind: 'unknown', loc: valueNode.loc };
    return literalMatcher(key, value, ignoreCase, valueNode.loc);
  }
  const safeRegex = get(node, 'safe_regex') ?? get(node, 'safeRegex');
  const regexNode = safeRegex !== undefined ? get(safeRegex, 'regex') : get(node, 'regex');
  if (regexNode !== undefined) {
    const source = str(regexNode);
    if (source === undefined || isPlaceholder(regexNode)) return { kind: 'unknown', loc: regexNode.loc };
    // ignore_case has no effect on regex matchers (envoy type/matcher/v3/string.proto).
    return { kind: 'pattern', source, flags: '', dialect: 're2-full', loc: regexNode.loc };
  }
  return { kind: 'unknown', loc: node.loc };
}

function literalMatcher(
  how: 'exact' | 'prefix' | 'suffix' | 'contains',
  value: string,
  ignoreCase: boolean,
  loc: SourceLocation,
): OriginMatcher {
  const caseFlag = ignoreCase ? { caseInsensitive: true } : {};
  switch (how) {
    case 'exact':
      return exactOrigin(value, loc, ignoreCase);
    case 'prefix':
      return { kind: 'prefix', value, ...caseFlag, loc };
    case 'suffix':
      return { kind: 'suffix', value, ...caseFlag, loc };
    case 'contains':
      // A substring test is an unanchored search for the escaped text.
      return { kind: 'pattern', source: escapeRegExp(value), flags: ignoreCase ? 'i' : '', dialect: 're2-search', loc };
  }
}

/** An allowlist entry the gateway compares with the request origin and echoes on a match. */
export function exactOrigin(value: string, loc: SourceLocation, caseInsensitive = false): OriginMatcher {
  if (value === 'null' || (caseInsensitive && value.toLowerCase() === 'null')) return { kind: 'null', loc };
  return caseInsensitive
    ? { kind: 'exact', value, compared: true, caseInsensitive, loc }
    : { kind: 'exact', value, compared: true, loc };
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The key names a control plane uses for the list and max-age settings of its CORS block. */
export interface CorsKeys {
  methods: string;
  headers: string;
  expose: string;
  maxAge: string;
}

/**
 * The optional list and max-age fields of a CORS block, each present only when written (Envoy sends
 * none of these headers by default). `maxAge` is read as seconds or as a duration string.
 */
export function optionalEnvoyFields(
  cors: DocNode,
  keys: CorsKeys,
  maxAgeNotation: 'seconds' | 'duration',
): Pick<EnvoyCorsFields, 'allowMethods' | 'allowHeaders' | 'exposeHeaders' | 'maxAge'> {
  const fields: Pick<EnvoyCorsFields, 'allowMethods' | 'allowHeaders' | 'exposeHeaders' | 'maxAge'> = {};
  const methods = get(cors, keys.methods);
  const headers = get(cors, keys.headers);
  const expose = get(cors, keys.expose);
  const maxAge = get(cors, keys.maxAge);
  if (methods !== undefined) fields.allowMethods = configHeaderList(methods);
  if (headers !== undefined) fields.allowHeaders = configHeaderList(headers);
  if (expose !== undefined) fields.exposeHeaders = configHeaderList(expose);
  if (maxAge !== undefined) fields.maxAge = configMaxAge(maxAge, maxAgeNotation);
  return fields;
}

/**
 * Whether a control plane that takes `maxAge` as a Go duration string (Contour, Envoy Gateway) refuses
 * the value, and with it the whole resource: the CRDs declare a string, and Contour's pattern, Gateway
 * API's `Duration` pattern and Go's `time.ParseDuration` all demand a unit after every number but a
 * lone `0`, so the bare seconds Envoy's own `max_age` takes (`86400`, quoted or not) never load. A
 * sign is refused too (the CRD patterns have none; Contour refuses a negative age). Templated values
 * and an empty field (read as absent) are not refused.
 */
export function refusedDuration(node: DocNode | undefined): boolean {
  if (!isScalar(node) || node.value === null || isPlaceholder(node)) return false;
  return typeof node.value !== 'string' || !GO_DURATION.test(node.value);
}

/** An unsigned Go duration: `0`, or numbers each followed by a unit (`1h30m`, `1.5s`, `.5s`, `500ms`). */
const GO_DURATION = /^(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/;

/**
 * A duration max-age as a control plane hands it to Envoy, whose `max_age` is a string of whole
 * seconds: a positive fraction of a second is dropped the way `round` says, and the header carries the
 * result. Other values (negative, unreadable) are kept, as the control plane rejects them.
 */
export function wholeSecondsMaxAge<Fields extends { maxAge?: MaxAge }>(fields: Fields, round: (seconds: number) => number): Fields {
  const { maxAge } = fields;
  if (maxAge?.kind !== 'value' || !(maxAge.seconds > 0) || Number.isInteger(maxAge.seconds)) return fields;
  return { ...fields, maxAge: { ...maxAge, seconds: round(maxAge.seconds) } };
}

/**
 * Origins written as `*`, exact origins, or host wildcards such as `https://*.example.com` whose `*`
 * matches any run of characters, dots included (Gateway API `CORSOrigin`; Envoy Gateway compiles a
 * wildcard entry to the RE2 `safe_regex` with `.` escaped and `*` as `.*`). A wildcard that is the
 * whole host (`https://*`) allows every origin of that scheme, each echoed back, which an attacker's
 * site on that scheme meets as well as `*`: it is read as echoing every origin.
 */
export function wildcardHostOrigins(node: DocNode): OriginMatcher[] {
  return listEntries(node, false).map((entry): OriginMatcher => {
    if (entry.value === undefined) return { kind: 'unknown', loc: entry.loc };
    if (entry.value === '*') return { kind: 'any', loc: entry.loc };
    if (/^[a-z][a-z0-9+.-]*:\/\/\*$/i.test(entry.value)) return { kind: 'reflect-any', loc: entry.loc };
    if (entry.value.includes('*')) return { kind: 'glob', value: entry.value, star: 'any', loc: entry.loc };
    return exactOrigin(entry.value, entry.loc);
  });
}

/**
 * The policy response headers that Envoy adds send, one level whose headers are all appended in the
 * order written (envoy-headers.ts evaluates levels with other actions), reported at `loc`.
 */
export function envoyRawHeaderPolicy(headers: readonly MapEntry[], loc: SourceLocation, source: string): CorsPolicy | undefined {
  return envoyHeaderPolicy([[levelOf(headers, 'APPEND_IF_EXISTS_OR_ADD')]], loc, source);
}
