/**
 * Static hosting configs that set raw response headers, so every CORS rule applies to the literal
 * header values (cors-facts 2.20):
 *
 * - Vercel `vercel.json` (`now.json` before the rename): `headers: [{ source, has?, missing?, headers:
 *   [{ key, value }] }]`, and the legacy `routes: [{ src, headers: { Name: value } }]`. Reference:
 *   Vercel docs, "Project configuration" (vercel.com/docs/project-configuration#headers, #routes).
 *   `serve.json`, the config of Vercel's `serve` (serve-handler's `headers` option), has the same
 *   `headers` form.
 * - Firebase Hosting `firebase.json`: `hosting` (one site or an array of sites) with `headers: [{ source
 *   | glob | regex, headers: [{ key, value }] }]`. Reference: Firebase docs, "Configure Hosting behavior"
 *   (firebase.google.com/docs/hosting/full-config#headers).
 * - Azure Static Web Apps `staticwebapp.config.json`: `globalHeaders: { Name: value }` on every
 *   response, and `routes: [{ route, headers: { Name: value } }]`, where the first matching route's
 *   header replaces the global one of the same name and an empty value removes it. Reference: Microsoft
 *   Learn, "Configure Azure Static Web Apps" (learn.microsoft.com/azure/static-web-apps/configuration,
 *   "Global headers" and the route `headers` property).
 * - AWS Amplify Hosting `customHttp.yml`: `customHeaders: [{ pattern, headers: [{ key, value }] }]`, or
 *   per app of a monorepo under `applications: [{ appRoot, customHeaders }]`; older apps keep the same
 *   list in the build spec `amplify.yml` as `frontend.customHeaders` (per app, under its `frontend`).
 *   Reference: Amplify Hosting user guide, "Custom header YAML reference"
 *   (docs.aws.amazon.com/amplify/latest/userguide/custom-header-YAML-format.html).
 * - Google App Engine standard `app.yaml` (or a service's `<service>.yaml`): `handlers: [{ url,
 *   static_dir | static_files, http_headers: { Name: value } }]`, sent on the responses of that static
 *   handler. References: App Engine docs, "app.yaml reference" (`handlers`, `http_headers`, and its
 *   "CORS support" example), and the SDK's validator (appengine `api/appinfo.py`, `HttpHeadersDict`,
 *   `URLMap.ALLOWED_FIELDS`).
 *
 * Each header group is one policy. Access-Control-Allow-Origin is sent verbatim to every caller, so
 * `*`, `null`, one origin or an (invalid) comma list is exactly what browsers see; Allow-Credentials
 * counts only as the exact text `true`; Max-Age keeps its raw text; Vary is what the group sends.
 * A value that interpolates a path parameter or a Vercel `has` capture (`:origin`) is computed per
 * request and is unknown, except a parameter filled from a `has` on the Origin header: written without
 * a `value` it holds the whole request Origin, so every origin is echoed; with a `value` that is one
 * named group it holds what that group matched, which browsers accept only when it is the whole Origin. None of
 * these platforms documents how it answers OPTIONS, so preflight handling is unknown.
 */
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import type { CorsPolicy, Located, LocatedString, OriginMatcher, SourceLocation, Tri } from '@corsguard/core';
import { configHeaderList, configMaxAge, get, isMap, isPlaceholder, isScalar, isSeq, isVaryOnOrigin, items, str } from '../document/access.js';
import type { ConfigDocument, DocNode, MapNode, ScalarNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { dynamic, fileName, headerValueOrigin, present, text } from './cloud-common.js';
import { coversPaths, firebaseGlobPaths, sharesSomePaths, vercelRouteSrcPaths, vercelSourcePaths, type RulePaths } from './header-rule-paths.js';

const REGEX_PARSER = new RegExpParser();

/** One header as written: its name and the node holding its value. */
interface RawHeader {
  name: string;
  value: DocNode;
}

/**
 * `[{ key, value }]` (Vercel `headers`, Firebase) or `{ Name: value }` (Vercel legacy `routes`); a value
 * that is a token a build step replaces (`__ORIGIN__`) is unknown.
 */
function rawHeaders(node: DocNode | undefined): RawHeader[] {
  const known = (value: DocNode): DocNode => (isScalar(value) && isPlaceholder(value) ? dynamic(value, 'replaced token') : value);
  if (isSeq(node)) {
    return distinct(node.items).flatMap(({ node: item }) => {
      const name = text(get(item, 'key'));
      const value = get(item, 'value');
      return name === undefined || value === undefined ? [] : [{ name, value: known(value) }];
    });
  }
  if (isMap(node)) return node.entries.map((entry) => ({ name: String(entry.key.value), value: known(entry.value) }));
  return [];
}

/**
 * The nodes of a list, each once. A YAML alias lists the same rule, header or application again: it
 * sends what it sent (the formats written in YAML read repeated names as `unordered` or `last-wins`,
 * where an identical copy changes nothing), and reading each copy would multiply applications × rules
 * × headers listed by alias into tens of thousands of policies.
 */
function distinct(list: readonly DocNode[]): { node: DocNode; index: number }[] {
  const seen = new Set<DocNode>();
  return list.flatMap((node, index) => {
    if (seen.has(node)) return [];
    seen.add(node);
    return [{ node, index }];
  });
}

/**
 * A value that interpolates a path parameter or a `has` capture (`":origin"`, `"https://:tenant.a.com"`,
 * Vercel's named groups) or, where `regexCaptures` says so (Vercel), a capture of the rule's regex
 * (`"$1"`, `"$origin"`), so the header text is computed per request and unknown here.
 * `https://a.com:8443` is no parameter.
 */
function usesRouteParameter(value: string, regexCaptures: boolean): boolean {
  return /(^|\W):[A-Za-z_]\w*/.test(value) || (regexCaptures && /\$(\d|[A-Za-z_])/.test(value));
}

/** Browsers accept only the exact, case-sensitive text `true` (fetch.bs, Access-Control-Allow-Credentials ABNF). */
function exactTrue(node: DocNode): Located<Tri> {
  if (isPlaceholder(node) || node.type === 'dynamic') return { value: 'unknown', loc: node.loc };
  return { value: str(node) === 'true', loc: node.loc };
}

/**
 * A header value the host sends as written: a string scalar. A YAML boolean or number (`True`, `1`) is
 * left out, as each product turns it into text its own way.
 */
function writtenText(node: DocNode): LocatedString | undefined {
  return node.type === 'scalar' && typeof node.value === 'string' ? { value: node.value, loc: node.loc } : undefined;
}

/** How a format builds the headers one group sends. */
export interface RawHeaderSemantics {
  /**
   * A header name the group sets twice: every value is sent (`all-sent`, the default), the last
   * value replaces the earlier ones (`last-wins`), one header carries the values joined with ", "
   * (`joined`, placed at the first value; a browser reads several lines of one header the same way),
   * or one of the values replaces the others in an order the format leaves open (`unordered`: the
   * value when they all agree, unknown otherwise); names compared case-insensitively.
   */
  repeated?: 'all-sent' | 'last-wins' | 'joined' | 'unordered';
  /** Whether `$1` / `$name` in a value is a capture of the rule's regex (Vercel). */
  regexCaptures?: boolean;
  /** Whether an empty value removes the header instead of sending it empty (Azure Static Web Apps). */
  emptyRemoves?: boolean;
  /**
   * Whether a value written as an array is one header holding its items joined with ", " (Netlify:
   * netlify-headers-parser `normalizeRawValue`), placed at the first item.
   */
  arraysJoined?: boolean;
  /**
   * Whether a value written as a YAML boolean is unknown: App Engine's SDK loads an unquoted `true` as
   * a Python `bool` (gcloud's appengine `yaml_builder` `Scalar` constructs each value by its resolved
   * tag), whose text is `True`, and does not document what it sends for it.
   */
  booleansUnknown?: boolean;
}

/**
 * The headers of a group as sent: under `last-wins`, only the last one of each name; under `joined`,
 * one per name; under `emptyRemoves`, no empty one.
 */
function sentHeaders(written: readonly RawHeader[], semantics: RawHeaderSemantics): RawHeader[] {
  const typed = semantics.booleansUnknown === true ? written.map(booleanUnknown) : written;
  const headers = semantics.arraysJoined === true ? typed.map(arrayJoinedHeader) : typed;
  const sameName = (a: RawHeader, b: RawHeader): boolean => a.name.toLowerCase() === b.name.toLowerCase();
  let kept: RawHeader[];
  if (semantics.repeated === 'last-wins') {
    kept = headers.filter((header, index) => !headers.slice(index + 1).some((later) => sameName(later, header)));
  } else if (semantics.repeated === 'joined' || semantics.repeated === 'unordered') {
    const combine = semantics.repeated === 'joined' ? joinedHeader : agreedHeader;
    kept = headers
      .filter((header, index) => !headers.slice(0, index).some((earlier) => sameName(earlier, header)))
      .map((first) => combine(first, headers.filter((header) => sameName(header, first))));
  } else {
    kept = [...headers];
  }
  return semantics.emptyRemoves === true ? kept.filter(({ value }) => !(isScalar(value) && value.value === '')) : kept;
}

/**
 * One header carrying every value of a repeated name, joined with ", ", at the first value's place;
 * unknown when a value is not plain text.
 */
function joinedHeader(first: RawHeader, all: readonly RawHeader[]): RawHeader {
  const values = all.map(({ value }) => value);
  if (values.length === 1) return first;
  if (!isScalar(first.value) || !values.every(isScalar)) return unknownHeader(first);
  return { name: first.name, value: joinedScalar(first.value, values) };
}

function booleanUnknown(header: RawHeader): RawHeader {
  const { value } = header;
  return isScalar(value) && typeof value.value === 'boolean' ? { name: header.name, value: dynamic(value, 'YAML boolean') } : header;
}

/** A header whose value is an array, as one header holding the items joined with ", "; unknown when an item is not plain text. */
function arrayJoinedHeader(header: RawHeader): RawHeader {
  if (!isSeq(header.value)) return header;
  const items = header.value.items;
  const first = items[0];
  if (first === undefined || !isScalar(first) || !items.every(isScalar)) return unknownHeader(header);
  return { name: header.name, value: joinedScalar(first, items) };
}

/**
 * The values joined with ", ", placed at the first one. Its source text is the first value's, not the
 * joined text: an item is then found inside the first value when it was written there, and otherwise
 * placed at the whole first value, never at columns past it that hold other text or none.
 */
function joinedScalar(first: ScalarNode, values: readonly ScalarNode[]): ScalarNode {
  const joined = values.map((value) => String(value.value)).join(', ');
  return { type: 'scalar', value: joined, text: first.text, loc: first.loc };
}

/** The value every one of a repeated name's entries writes, or unknown when they differ. */
function agreedHeader(first: RawHeader, all: readonly RawHeader[]): RawHeader {
  const text = (header: RawHeader): string | undefined => (isScalar(header.value) ? String(header.value.value) : undefined);
  const expected = text(first);
  return expected !== undefined && all.every((header) => text(header) === expected) ? first : unknownHeader(first);
}

function unknownHeader(at: RawHeader): RawHeader {
  return { name: at.name, value: unknownValue(at.value) };
}

/**
 * The policy one header group sends (`headersNode` as `[{ key, value }]` or `{ Name: value }`), or none
 * when it sets no Access-Control-* header. Other formats with raw response headers reuse it.
 */
export function rawHeaderGroupPolicy(
  group: MapNode,
  headersNode: DocNode | undefined,
  source: string,
  semantics: RawHeaderSemantics = {},
): CorsPolicy | undefined {
  return headersPolicy(group, sentHeaders(rawHeaders(headersNode), semantics), source, semantics);
}

/** The policy a set of headers sends, reported at `group`; none when it holds no Access-Control-* header. */
function headersPolicy(group: MapNode, headers: readonly RawHeader[], source: string, semantics: RawHeaderSemantics = {}): CorsPolicy | undefined {
  const byName = (name: string): RawHeader[] => headers.filter((header) => header.name.toLowerCase() === name);
  if (!headers.some((header) => header.name.toLowerCase().startsWith('access-control-'))) return undefined;
  const loc = group.loc;
  const origins = byName('access-control-allow-origin').map(({ value }) => {
    const origin = str(value);
    return origin === undefined || isPlaceholder(value) || usesRouteParameter(origin, semantics.regexCaptures === true)
      ? { kind: 'unknown' as const, loc: value.loc }
      : headerValueOrigin(origin, value.loc);
  });
  const credentials = byName('access-control-allow-credentials').at(-1);
  const varyHeaders = byName('vary');
  const vary: Located<Tri> =
    varyHeaders.length === 0
      ? { value: false, loc }
      : varyHeaders.some(({ value }) => isPlaceholder(value) || value.type === 'dynamic')
        ? { value: 'unknown', loc: varyHeaders[0]?.value.loc ?? loc }
        : {
            value: varyHeaders.some(({ name, value }) => isVaryOnOrigin(name, str(value))),
            loc: varyHeaders[varyHeaders.length - 1]?.value.loc ?? loc,
          };
  const policy: CorsPolicy = {
    loc,
    source,
    origins,
    credentials: credentials === undefined ? { value: false, loc } : exactTrue(credentials.value),
    vary,
    preflight: { handling: 'unknown', loc },
  };
  const credentialsText = credentials === undefined || isPlaceholder(credentials.value) ? undefined : writtenText(credentials.value);
  if (credentialsText !== undefined) policy.credentialsText = credentialsText;
  const last = (name: string): DocNode | undefined => byName(name).at(-1)?.value;
  const methods = last('access-control-allow-methods');
  const allowed = last('access-control-allow-headers');
  const expose = last('access-control-expose-headers');
  const maxAge = last('access-control-max-age');
  const privateNetwork = last('access-control-allow-private-network');
  if (methods) policy.allowMethods = configHeaderList(methods);
  if (allowed) policy.allowHeaders = configHeaderList(allowed);
  if (expose) policy.exposeHeaders = configHeaderList(expose);
  if (maxAge) policy.maxAge = configMaxAge(maxAge, 'seconds');
  if (privateNetwork) policy.allowPrivateNetwork = exactTrue(privateNetwork);
  return policy;
}

/** One rule of a header list: the mapping that holds it and how it is named in output. */
export interface HeaderRule {
  rule: MapNode;
  /** The node holding its headers, as `[{ key, value }]` or `{ Name: value }`. */
  headersNode: DocNode | undefined;
  label: string;
}

/**
 * How the rules of one header list combine on a request that several of them match. The hosts
 * apply every rule whose path matches, so a rule's paths receive its own headers together with those
 * of every rule that matches all of them too.
 */
export interface RuleOverlap {
  /** The paths a rule matches, or undefined when they cannot be compared (a regex). */
  paths: (rule: MapNode) => RulePaths | undefined;
  /** Whether a rule applies to every request on its paths; a conditional one may not (Vercel `has`). */
  unconditional?: (rule: MapNode) => boolean;
  /**
   * A name that several matching rules set: the later rule's value replaces the earlier one
   * (`later-wins`), or only the rule whose paths are described, being both the last and the most
   * specific to set it, is known to be sent (`own-else-unknown`); any other value is unknown.
   */
  sameName: 'later-wins' | 'own-else-unknown';
  /** Names a rule removes from what other matching rules set (Cloudflare Pages' `! Name` lines). */
  detached?: (rule: MapNode) => readonly string[];
  /** Only an earlier rule adds its headers to a later one's (legacy Vercel routes stop at a match). */
  earlierOnly?: boolean;
  /**
   * With `earlierOnly`, whether every request `rule` matches goes on to be tried against `later`,
   * past the rules `between` them (a legacy Vercel `continue` route), so that `later`, when it
   * matches all of `rule`'s paths, adds its headers too.
   */
  reachesLater?: (rule: MapNode, between: readonly MapNode[], later: MapNode) => boolean;
}

/** A value the combination of several rules leaves unknown, at the place of the value that stands for it. */
function unknownValue(value: DocNode): DocNode {
  if (value.type === 'dynamic') return value;
  return { type: 'dynamic', tag: 'overlapping header rules', inner: value, loc: value.loc };
}

/**
 * The headers sent on the paths of rule `own`, which the other `members` (rule indexes) all match too:
 * the members' headers in list order, combined as `overlap` says.
 */
function combinedHeaders(
  own: number,
  members: readonly number[],
  sent: readonly RawHeader[][],
  rules: readonly HeaderRule[],
  overlap: RuleOverlap,
): RawHeader[] {
  const combined: { header: RawHeader; from: number }[] = [];
  const lower = (name: string): string => name.toLowerCase();
  for (const index of [...members].sort((a, b) => a - b)) {
    const rule = rules[index];
    if (rule === undefined) continue;
    for (const name of overlap.detached?.(rule.rule) ?? []) {
      for (const entry of combined) if (lower(entry.header.name) === lower(name)) entry.header = { ...entry.header, value: unknownValue(entry.header.value) };
    }
    for (const header of sent[index] ?? []) {
      const earlier = combined.filter((entry) => lower(entry.header.name) === lower(header.name) && entry.from !== index);
      if (earlier.length === 0) {
        combined.push({ header, from: index });
        continue;
      }
      for (const entry of earlier) combined.splice(combined.indexOf(entry), 1);
      const known = overlap.sameName === 'later-wins' || index === own;
      combined.push({ header: known ? header : { ...header, value: unknownValue(header.value) }, from: index });
    }
  }
  return combined.map(({ header }) => header);
}

/**
 * The policies of a list of header rules, one per rule that sets a CORS header. With `overlap`, a rule
 * that sets a CORS or Vary header and whose paths other unconditional rules certainly match too (a
 * catch-all, or a pattern whose fixed beginning is a prefix of the rule's) describes the combination
 * its paths really receive; rules whose overlap cannot be decided stay apart. Rules that match the
 * same paths as each other give one policy. `refine` adjusts a rule's policy to the rule.
 */
export function headerRulePolicies(
  rules: readonly HeaderRule[],
  semantics: RawHeaderSemantics = {},
  overlap?: RuleOverlap,
  refine: (rule: MapNode, policy: CorsPolicy) => CorsPolicy = (_rule, policy) => policy,
): CorsPolicy[] {
  const sent = rules.map(({ headersNode }) => sentHeaders(rawHeaders(headersNode), semantics));
  const paths = rules.map(({ rule }) => overlap?.paths(rule));
  const applies = rules.map(({ rule }) => overlap?.unconditional?.(rule) ?? true);
  const combinations = new Set<string>();
  const policies: CorsPolicy[] = [];
  const others = (index: number, relation: (outer: RulePaths, inner: RulePaths) => boolean): number[] => {
    const own = paths[index];
    if (own === undefined || !(sent[index] ?? []).some(({ name }) => CORS_OR_VARY.test(name))) return [];
    const rule = rules[index]?.rule;
    return rules.flatMap((later, other) => {
      const outer = paths[other];
      const placed = overlap?.earlierOnly === true ? other < index : other !== index;
      const reached =
        placed
          ? applies[other] === true
          : other > index &&
            rule !== undefined &&
            overlap?.reachesLater?.(rule, rules.slice(index + 1, other).map((between) => between.rule), later.rule) === true;
      return reached && outer !== undefined && relation(outer, own) ? [other] : [];
    });
  };
  const push = (index: number, added: readonly number[]): void => {
    const rule = rules[index];
    const members = [index, ...added].sort((a, b) => a - b);
    const key = members.join(',');
    if (rule === undefined || combinations.has(key)) return;
    combinations.add(key);
    const headers = overlap === undefined || added.length === 0 ? (sent[index] ?? []) : combinedHeaders(index, members, sent, rules, overlap);
    const policy = headersPolicy(rule.rule, headers, rule.label, semantics);
    if (policy !== undefined) policies.push(refine(rule.rule, policy));
  };
  rules.forEach((_rule, index) => {
    const covering = others(index, coversPaths);
    push(index, covering);
    // The paths that rules matching only some of this rule's paths certainly add their headers to.
    const sharing = others(index, sharesSomePaths);
    if (sharing.length > 0) push(index, [...covering, ...sharing]);
  });
  return policies;
}

/** Header groups of a list of rules, named by their source pattern. */
function groupPolicies(
  rulesNode: DocNode | undefined,
  label: string,
  patternKeys: readonly string[],
  semantics: RawHeaderSemantics = {},
  overlap?: RuleOverlap,
  refine?: (rule: MapNode, policy: CorsPolicy) => CorsPolicy,
): CorsPolicy[] {
  if (!isSeq(rulesNode)) return [];
  const rules: HeaderRule[] = [];
  distinct(rulesNode.items).forEach(({ node: rule, index }) => {
    if (!isMap(rule)) return;
    const pattern = patternKeys.map((key) => text(get(rule, key))).find((value) => value !== undefined);
    rules.push({ rule, headersNode: get(rule, 'headers'), label: `${label}[${index}]${pattern === undefined ? '' : ` ${pattern}`}` });
  });
  return headerRulePolicies(rules, semantics, overlap, refine);
}

/**
 * What a Vercel `headers` rule's parameters hold of the request's Origin header, by parameter name
 * (@vercel/routing-utils `normalizeHasKeys`, `collectHasSegments`, whose segments `replaceSegments`
 * substitutes into the header values):
 * - a `has` item on the Origin header written without a `value` makes its key a parameter holding the
 *   whole header, so `:origin` echoes every origin;
 * - one whose `value` (a string or `{ re }`) is a single named group, `(?<name>R)` between an optional
 *   `^` and `$`, fills `name` with what `R` matched. Browsers accept the echoed text only when it equals
 *   the whole Origin, so `R` acts as a full match, whether or not the platform anchors the condition.
 *   Its regex engine is not documented, so no backtracking behaviour is assumed for `R`.
 */
function originParameters(rule: MapNode): Map<string, (loc: SourceLocation) => OriginMatcher> {
  const has = get(rule, 'has');
  const parameters = new Map<string, (loc: SourceLocation) => OriginMatcher>();
  for (const item of isSeq(has) ? has.items : []) {
    const key = text(get(item, 'key'));
    if (text(get(item, 'type')) !== 'header' || key?.toLowerCase() !== 'origin') continue;
    const valueNode = present(get(item, 'value'));
    if (valueNode === undefined) {
      parameters.set('origin', (loc) => ({ kind: 'reflect-any', loc }));
      continue;
    }
    const group = singleNamedGroup(text(valueNode) ?? text(get(valueNode, 're')));
    if (group !== undefined)
      parameters.set(group.name, (loc) => ({ kind: 'pattern', source: group.body, flags: '', dialect: 're2-full', loc }));
  }
  return parameters;
}

/** `(?<name>body)`, alone between an optional `^` and `$`; undefined for any other regex. */
function singleNamedGroup(source: string | undefined): { name: string; body: string } | undefined {
  if (source === undefined) return undefined;
  let pattern: AST.Pattern;
  try {
    pattern = REGEX_PARSER.parsePattern(source, 0, source.length, { unicode: false });
  } catch {
    return undefined;
  }
  const [only, ...others] = pattern.alternatives;
  if (only === undefined || others.length > 0) return undefined;
  const elements = only.elements.filter((element) => !(element.type === 'Assertion' && (element.kind === 'start' || element.kind === 'end')));
  const [group] = elements;
  if (elements.length !== 1 || group?.type !== 'CapturingGroup' || group.name === null) return undefined;
  // The anchors may only stand outside the group: `^` first, `$` last.
  if (only.elements.some((element, index) => element.type === 'Assertion' && (element.kind === 'start') !== (index === 0))) return undefined;
  const body = group.alternatives.map((alternative) => alternative.raw).join('|');
  return { name: group.name, body };
}

/** `Access-Control-Allow-Origin: ":name"` filled from a `has` on the Origin header allows what that parameter holds. */
function withOriginParameters(rule: MapNode, policy: CorsPolicy): CorsPolicy {
  const parameters = originParameters(rule);
  if (parameters.size === 0) return policy;
  const filled = new Map<SourceLocation, OriginMatcher>();
  for (const header of rawHeaders(get(rule, 'headers'))) {
    const parameter = /^\s*:([A-Za-z_]\w*)\s*$/.exec(str(header.value) ?? '')?.[1];
    const matcher = parameter === undefined ? undefined : parameters.get(parameter);
    if (header.name.toLowerCase() === 'access-control-allow-origin' && matcher !== undefined) filled.set(header.value.loc, matcher(header.value.loc));
  }
  if (filled.size === 0) return policy;
  return { ...policy, origins: policy.origins.map((matcher) => filled.get(matcher.loc) ?? matcher) };
}

/**
 * Vercel and Firebase Hosting keep the last value of a header a rule sets twice: Vercel builds each
 * rule's headers as an object (@vercel/routing-utils `convertHeaders`), Firebase Hosting calls
 * `res.setHeader` per header in order (firebase/superstatic `middleware/headers.js`).
 */
const LAST_WINS: RawHeaderSemantics = { repeated: 'last-wins' };

/**
 * Every Vercel `headers` rule becomes a route with `continue: true` (@vercel/routing-utils
 * `convertHeaders`), so every matching rule adds its headers in order and a later rule's value of a
 * name replaces an earlier one (Vercel CLI `devRouter`, which assigns each matching route's headers by
 * lower-cased name). A rule with `has` or `missing` applies to some requests only.
 */
const VERCEL_OVERLAP: RuleOverlap = {
  paths: (rule) => {
    const source = text(get(rule, 'source'));
    return source === undefined ? undefined : vercelSourcePaths(source);
  },
  unconditional: (rule) => get(rule, 'has') === undefined && get(rule, 'missing') === undefined,
  sameName: 'later-wins',
};

/**
 * Firebase Hosting applies every rule whose glob matches, in order, each header with `res.setHeader`,
 * so a later rule's value of a name replaces an earlier one (firebase/superstatic
 * `middleware/headers.js`). A `regex` rule's paths are not compared.
 */
const FIREBASE_OVERLAP: RuleOverlap = {
  paths: (rule) => {
    const glob = text(get(rule, 'source')) ?? text(get(rule, 'glob'));
    return glob === undefined ? undefined : firebaseGlobPaths(glob);
  },
  sameName: 'later-wins',
};

/**
 * serve-handler (`serve.json`) also applies every rule whose `source` matches, in order, assigning each
 * header so a later rule's value replaces an earlier one, but it matches `source` as a minimatch glob
 * (vercel/serve-handler `getHeaders`, `sourceMatches`), as Firebase Hosting does.
 */
const SERVE_OVERLAP: RuleOverlap = FIREBASE_OVERLAP;

/**
 * Legacy Vercel `routes` are tried in order and the first match ends the routing unless it has
 * `continue: true`, whose headers are then kept, a later route's value of a name replacing an earlier
 * one (Vercel CLI `devRouter`). So an earlier `continue` route without `methods`, `has` or `missing`
 * whose `src` matches all of a later route's paths adds its headers to it, and a later route without
 * them that matches all of a `continue` route's paths adds its own to that route's, when the routes
 * between them continue too. Only routes before the first `handle` phase marker are compared, as the
 * phases after it run under other rules.
 */
function legacyRoutesOverlap(routes: DocNode | undefined): RuleOverlap {
  const handleAt = items(routes).findIndex((route) => get(route, 'handle') !== undefined);
  const mainPhase = new Set(handleAt === -1 ? items(routes) : items(routes).slice(0, handleAt));
  const continues = (rule: DocNode): boolean => get(rule, 'continue')?.type === 'scalar' && str(get(rule, 'continue')) === 'true';
  const unconditional = (rule: DocNode): boolean => ['methods', 'has', 'missing'].every((key) => get(rule, key) === undefined);
  // A `continue` route with `dest` rewrites the path the later routes are matched against.
  const passesOn = (rule: DocNode): boolean => continues(rule) && get(rule, 'dest') === undefined;
  return {
    paths: (rule) => {
      // Newer releases also accept `source` for `src` (@vercel/routing-utils `convertRouteAliases`).
      const src = text(get(rule, 'src')) ?? text(get(rule, 'source'));
      return src === undefined || !mainPhase.has(rule) ? undefined : vercelRouteSrcPaths(src);
    },
    unconditional: (rule) => continues(rule) && unconditional(rule),
    sameName: 'later-wins',
    earlierOnly: true,
    // A request a `continue` route matched goes on through the later routes, each one that matches
    // adding its headers, until one that does not continue; so a later unconditional route that
    // matches all of its paths adds its headers when every route between them passes requests on.
    reachesLater: (rule, between, later) => passesOn(rule) && between.every(passesOn) && unconditional(later),
  };
}

function vercelPolicies(root: DocNode, name: string): CorsPolicy[] {
  const captures: RawHeaderSemantics = { ...LAST_WINS, regexCaptures: true };
  const overlap = name.toLowerCase() === 'serve.json' ? SERVE_OVERLAP : VERCEL_OVERLAP;
  const routes = get(root, 'routes');
  return [
    // Both forms become routes whose header values the platform fills with `$1` / `$name` captures.
    ...groupPolicies(get(root, 'headers'), `${name} headers`, ['source'], captures, overlap, withOriginParameters),
    ...groupPolicies(routes, `${name} routes`, ['src', 'source'], captures, legacyRoutesOverlap(routes)),
  ];
}

function firebasePolicies(root: DocNode): CorsPolicy[] {
  const hosting = get(root, 'hosting');
  const sites = isSeq(hosting) ? hosting.items : hosting === undefined ? [] : [hosting];
  return sites.flatMap((site, index) => {
    const label = isSeq(hosting) ? `firebase.json hosting[${index}].headers` : 'firebase.json hosting.headers';
    return groupPolicies(get(site, 'headers'), label, ['source', 'glob', 'regex'], LAST_WINS, FIREBASE_OVERLAP);
  });
}

const CORS_OR_VARY = /^(access-control-|vary$)/i;

/** In Static Web Apps an empty value removes the header. */
const STATIC_WEB_APP: RawHeaderSemantics = { emptyRemoves: true };

/**
 * `globalHeaders` as one policy, and each route that sets a CORS or Vary header with the headers its
 * responses carry: the global ones, replaced by the route's own of the same name. A route that sets
 * only other headers sends the global CORS headers, which the global policy already covers.
 */
function staticWebAppPolicies(root: MapNode): CorsPolicy[] {
  const label = 'staticwebapp.config.json';
  const globalNode = get(root, 'globalHeaders');
  const globals = sentHeaders(rawHeaders(globalNode), STATIC_WEB_APP);
  const policies: CorsPolicy[] = [];
  const globalPolicy = isMap(globalNode) ? headersPolicy(globalNode, globals, `${label} globalHeaders`) : undefined;
  if (globalPolicy !== undefined) policies.push(globalPolicy);
  const routes = get(root, 'routes');
  if (!isSeq(routes)) return policies;
  routes.items.forEach((rule, index) => {
    if (!isMap(rule)) return;
    const own = rawHeaders(get(rule, 'headers'));
    if (!own.some(({ name }) => CORS_OR_VARY.test(name))) return;
    const replaced = new Set(own.map(({ name }) => name.toLowerCase()));
    const headers = [...globals.filter(({ name }) => !replaced.has(name.toLowerCase())), ...sentHeaders(own, STATIC_WEB_APP)];
    const route = text(get(rule, 'route'));
    const policy = headersPolicy(rule, headers, `${label} routes[${index}]${route === undefined ? '' : ` ${route}`}`);
    if (policy !== undefined) policies.push(policy);
  });
  return policies;
}

/**
 * Amplify does not document what a header a pattern lists twice sends (several lines, one of the
 * values, or both joined), so only a value every entry agrees on is known.
 */
const AMPLIFY: RawHeaderSemantics = { repeated: 'unordered' };

/**
 * The custom header lists of one scope (the file, or one app of a monorepo) with the path that names
 * them: `customHeaders` as customHttp.yml writes it, and `frontend.customHeaders` as the older build
 * spec amplify.yml does, its headers sitting beside `phases`, `artifacts` and `cache` of the frontend
 * (the Amplify Hosting user guide, "Migrating custom headers out of the build specification and
 * amplify.yml", asks users to move them; aws-amplify/amplify-hosting#216 and #1563 show them there).
 */
function amplifyHeaderLists(scope: DocNode | undefined): { node: DocNode; path: string }[] {
  const lists = [
    { node: get(scope, 'customHeaders'), path: 'customHeaders' },
    { node: get(get(scope, 'frontend'), 'customHeaders'), path: 'frontend.customHeaders' },
  ];
  return lists.filter((list): list is { node: DocNode; path: string } => list.node !== undefined);
}

function amplifyPolicies(root: DocNode, name: string): CorsPolicy[] {
  const applications = get(root, 'applications');
  const perApp = isSeq(applications)
    ? distinct(applications.items).flatMap(({ node: app, index }) => {
        const appRoot = text(get(app, 'appRoot'));
        return amplifyHeaderLists(app).flatMap(({ node, path }) =>
          groupPolicies(node, `${name} applications[${index}]${appRoot === undefined ? '' : ` ${appRoot}`} ${path}`, ['pattern'], AMPLIFY),
        );
      })
    : [];
  const own = amplifyHeaderLists(root).flatMap(({ node, path }) => groupPolicies(node, `${name} ${path}`, ['pattern'], AMPLIFY));
  return [...own, ...perApp];
}

const AMPLIFY_FILES = new Set(['customhttp.yml', 'customhttp.yaml', 'amplify.yml', 'amplify.yaml']);

function hasAmplifyHeaders(root: DocNode): boolean {
  if (amplifyHeaderLists(root).length > 0) return true;
  const applications = get(root, 'applications');
  return isSeq(applications) && applications.items.some((app) => amplifyHeaderLists(app).length > 0);
}

/**
 * App Engine keeps one value of a header name `http_headers` sets twice in another casing ("one of the
 * values is selected arbitrarily": appinfo.py `HttpHeadersDict.Get`), and a YAML boolean's text is
 * its own (see `booleansUnknown`).
 */
const APP_ENGINE: RawHeaderSemantics = { repeated: 'unordered', booleansUnknown: true };

/**
 * Only static handlers send `http_headers`: the SDK rejects them on a `script` handler
 * (appinfo.py `URLMap.ALLOWED_FIELDS`), whose app sets its own headers.
 */
function isStaticHandler(handler: DocNode): handler is MapNode {
  return isMap(handler) && (get(handler, 'static_dir') !== undefined || get(handler, 'static_files') !== undefined);
}

/**
 * The flexible environment (`env: flex`) and its predecessor, Managed VMs (`vm: true`), serve static
 * files from the app, not from `handlers`, so their `http_headers` are not known to be sent.
 */
function isAppEngineStandard(root: DocNode): boolean {
  const env = text(get(root, 'env'))?.toLowerCase();
  return env !== 'flex' && env !== 'flexible' && str(get(root, 'vm')) !== 'true';
}

/**
 * Each static handler with `http_headers` is one policy: App Engine serves a request with the first
 * handler whose `url` matches ("patterns are evaluated in the order they appear"), so handlers'
 * headers never combine. How App Engine answers an OPTIONS request to a static handler is not
 * documented, so preflight handling stays unknown.
 */
function appEnginePolicies(root: DocNode, name: string): CorsPolicy[] {
  const handlers = get(root, 'handlers');
  if (!isSeq(handlers)) return [];
  const rules: HeaderRule[] = distinct(handlers.items).flatMap(({ node: handler, index }) => {
    if (!isStaticHandler(handler)) return [];
    const url = text(get(handler, 'url'));
    return [{ rule: handler, headersNode: get(handler, 'http_headers'), label: `${name} handlers[${index}]${url === undefined ? '' : ` ${url}`}` }];
  });
  return headerRulePolicies(rules, APP_ENGINE);
}

const APP_ENGINE_FILES = new Set(['app.yaml', 'app.yml']);

/**
 * `app.yaml`, or a service's own file that multi-service apps name after it (`api.yaml`, deployed
 * with `gcloud app deploy api.yaml`), told from other YAML by `runtime` beside `handlers`; either way
 * only a standard-environment file with a static handler that sets `http_headers`, so the `app.yaml`
 * of other tools (Databricks Apps, DigitalOcean App Platform) is left alone.
 */
function isAppEngineHeaderConfig(root: DocNode, name: string): boolean {
  if (!APP_ENGINE_FILES.has(name) && !(/\.ya?ml$/.test(name) && get(root, 'runtime') !== undefined)) return false;
  const handlers = get(root, 'handlers');
  return isSeq(handlers) && handlers.items.some((handler) => isStaticHandler(handler) && isMap(get(handler, 'http_headers'))) && isAppEngineStandard(root);
}

type HostingFormat = 'vercel' | 'firebase' | 'static-web-app' | 'amplify' | 'app-engine';

/**
 * `firebase.json`, or another config the Firebase CLI is pointed at with `--config` (`firebase deploy
 * --config firebase.staging.json`), as projects keep one per environment; it holds the same keys.
 */
const FIREBASE_CONFIG_NAME = /^firebase(?:\.[^.]+)*\.json$/;

/**
 * `vercel.json` (`now.json` before the rename), or another config the Vercel CLI is pointed at with
 * `--local-config` / `-A` (`vercel deploy -A vercel.staging.json`), which holds the same keys.
 */
const VERCEL_CONFIG_NAME = /^(?:vercel|now)(?:\.[^.]+)*\.json$/;

function format(doc: ConfigDocument): HostingFormat | undefined {
  if (!isMap(doc.root)) return undefined;
  const name = fileName(doc).toLowerCase();
  if (name === 'vercel.json' || name === 'now.json' || name === 'serve.json') return 'vercel';
  if (VERCEL_CONFIG_NAME.test(name) && (get(doc.root, 'headers') !== undefined || get(doc.root, 'routes') !== undefined)) return 'vercel';
  if (FIREBASE_CONFIG_NAME.test(name) && get(doc.root, 'hosting') !== undefined) return 'firebase';
  if (name === 'staticwebapp.config.json') return 'static-web-app';
  if (AMPLIFY_FILES.has(name) && hasAmplifyHeaders(doc.root)) return 'amplify';
  if (isAppEngineHeaderConfig(doc.root, name)) return 'app-engine';
  return undefined;
}

export const rawHeaderFiles: Adapter = {
  name: 'raw-headers',
  description:
    'Raw Access-Control-* response headers in vercel.json, firebase.json, staticwebapp.config.json, Amplify customHttp.yml and App Engine app.yaml',
  detect: (doc) => format(doc) !== undefined,
  extract(doc) {
    const kind = format(doc);
    if (kind === 'vercel') return vercelPolicies(doc.root, fileName(doc));
    if (kind === 'firebase') return firebasePolicies(doc.root);
    if (kind === 'static-web-app' && isMap(doc.root)) return staticWebAppPolicies(doc.root);
    if (kind === 'amplify') return amplifyPolicies(doc.root, fileName(doc));
    if (kind === 'app-engine') return appEnginePolicies(doc.root, fileName(doc));
    return [];
  },
  // The Firebase CLI loads firebase.json with the `cjson` package (firebase-tools `Config.load`), which
  // strips `//` and `/* */` comments before parsing; trailing commas stay errors there too.
  acceptsJsonComments: (doc) => format(doc) === 'firebase',
};
