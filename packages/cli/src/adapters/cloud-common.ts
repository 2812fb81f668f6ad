import type { CorsPolicy, HeaderList, Located, LocatedString, MaxAge, OriginMatcher, SourceLocation, Tri } from '@corsguard/core';
import { appendToGroup, configHeaderList, configMaxAge, get, isMap, isPlaceholder, isScalar, isSeq, listEntries, locateInScalar, str, type ListEntry } from '../document/access.js';
import type { ConfigDocument, DocNode, DynamicNode, MapEntry, MapNode, ScalarNode, SeqNode } from '../document/node.js';

/**
 * Helpers shared by the cloud adapters (CloudFormation, SAM, Serverless, OpenAPI, Terraform plans,
 * Azure, object-storage CORS files, raw header files): values the linter cannot see, template
 * resources, origin lists in the notations cloud services use, and API Gateway REST mapping values.
 */

/** The file name of a document's path, for adapters that recognise files by name. */
export function fileName(doc: ConfigDocument): string {
  // Asked by several adapters of every document: a search from the end, not a split of the whole path.
  return doc.path.slice(Math.max(doc.path.lastIndexOf('/'), doc.path.lastIndexOf('\\')) + 1);
}

/** A scalar's value only when it is a string (not a number, boolean or null). */
export function text(node: DocNode | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/**
 * Whether an API Gateway REST integration type is a proxy (`AWS_PROXY`, `HTTP_PROXY`; OpenAPI writes them
 * in lowercase). API Gateway passes a proxy's backend response through as it is: integration responses
 * do not apply to it ("For a proxy integration, API Gateway automatically passes the backend output to
 * the client as an HTTP response. You do not set either an integration response or a method response",
 * API Gateway developer guide, "Set up an integration response"), so the CORS headers come from the
 * backend and are unknown here, whatever header mappings the template also writes.
 */
export function isProxyIntegrationType(type: string | undefined): boolean {
  return type !== undefined && /^(?:aws|http)_proxy$/i.test(type);
}

/** The node, or undefined when it is absent or an explicit `null` (Terraform plans write unset attributes so). */
export function present(node: DocNode | undefined): DocNode | undefined {
  return node === undefined || (isScalar(node) && node.value === null) ? undefined : node;
}

/** The node at a path of mapping keys and sequence indexes, e.g. `dig(values, 'cors', 0, 'origin')`. */
export function dig(node: DocNode | undefined, ...path: readonly (string | number)[]): DocNode | undefined {
  let current = node;
  // Indexed, not for…of over the rest array: see `at` in document/access.ts.
  for (let i = 0; i < path.length; i++) {
    const step = path[i] as string | number;
    if (typeof step === 'number') current = isSeq(current) ? current.items[step] : undefined;
    else current = get(current, step);
  }
  return current;
}

/**
 * A CloudFormation intrinsic function written in JSON (`{ "Ref": "P" }`, `{ "Fn::Sub": "…" }`,
 * `{ "Fn::If": […] }`) or a YAML short tag (`!Ref P`, already a dynamic node): its value is only known
 * at deploy time. (AWS CloudFormation User Guide, "Intrinsic function reference".)
 */
export function isIntrinsic(node: DocNode | undefined): boolean {
  if (node?.type === 'dynamic') return true;
  if (!isMap(node) || node.entries.length !== 1) return false;
  const key = String(node.entries[0]?.key.value);
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
}

/** Deepest level `rewriteOpaque` rewrites; CORS blocks are a few levels deep. */
const OPAQUE_REWRITE_DEPTH = 32;

/**
 * A copy of a subtree in which values the linter cannot see become dynamic nodes, so every shared
 * access helper treats them as unknown: CloudFormation intrinsic maps always, and each scalar for
 * which `replaceScalar` returns a node (a dynamic node for an ARM expression, or the node a
 * Serverless `${self:…}` variable resolves to). Shared nodes (YAML aliases) are rewritten once.
 */
export function rewriteOpaque(node: DocNode, replaceScalar: (scalar: ScalarNode) => DocNode | undefined = () => undefined): DocNode {
  const done = new Map<DocNode, DocNode>();
  const visit = (current: DocNode, depth: number): DocNode => {
    const cached = done.get(current);
    if (cached !== undefined) return cached;
    let result: DocNode = current;
    if (current.type === 'scalar') {
      result = replaceScalar(current) ?? current;
    } else if (current.type === 'map') {
      if (isIntrinsic(current)) result = dynamic(current, String(current.entries[0]?.key.value));
      else if (depth < OPAQUE_REWRITE_DEPTH) {
        const values = current.entries.map((entry) => visit(entry.value, depth + 1));
        // Subtrees with nothing opaque stay shared rather than copied.
        if (values.some((value, index) => value !== current.entries[index]?.value)) {
          const entries: MapEntry[] = current.entries.map((entry, index) => ({ key: entry.key, value: values[index] ?? entry.value }));
          result = { type: 'map', entries, loc: current.loc };
        }
      }
    } else if (current.type === 'seq' && depth < OPAQUE_REWRITE_DEPTH) {
      const items = current.items.map((item) => visit(item, depth + 1));
      if (items.some((item, index) => item !== current.items[index])) result = { type: 'seq', items, loc: current.loc } satisfies SeqNode;
    }
    done.set(current, result);
    return result;
  };
  return visit(node, 0);
}

/** `rewriteOpaque` for formats whose opaque scalars are recognised by their text alone. */
export function markOpaque(node: DocNode, isOpaqueScalar: (scalar: ScalarNode) => boolean = () => false): DocNode {
  return rewriteOpaque(node, (scalar) => (isOpaqueScalar(scalar) ? dynamic(scalar, 'expression') : undefined));
}

/** A dynamic node standing for a value known only later (deploy time, plan time, variable resolution). */
export function dynamic(inner: ScalarNode | MapNode | SeqNode, tag: string, loc: SourceLocation = inner.loc): DynamicNode {
  return { type: 'dynamic', tag, inner, loc };
}

/**
 * One resource of a CloudFormation / SAM template. `properties` is marked on first use: a template
 * has many resources and an adapter reads few of them. A class, not an object literal with a getter:
 * V8 keeps a literal's accessor in a long-lived hidden class, which then holds every resource's
 * closure (and through it the whole tree) past young-generation collections; over the benchmark
 * corpus that promoted ~500 MB and made the lint several times slower.
 */
export class TemplateResource {
  #marked: DocNode | undefined;

  constructor(
    /** Logical id, e.g. `MyApi`. */
    readonly id: string,
    readonly type: string,
    readonly node: MapNode,
    private readonly rawProperties: DocNode | undefined,
  ) {}

  /** `Properties`, with intrinsic functions turned into dynamic nodes. */
  get properties(): DocNode | undefined {
    if (this.rawProperties === undefined) return undefined;
    return (this.#marked ??= markOpaque(this.rawProperties));
  }
}

/**
 * The resources of a template (`Resources.<Id>` with a string `Type`), including those declared in
 * `Fn::ForEach` loops (see `loopResources`).
 */
export function templateResources(root: DocNode): TemplateResource[] {
  const resources = get(root, 'Resources');
  if (!isMap(resources)) return [];
  const out: TemplateResource[] = [];
  for (const entry of resources.entries) {
    const id = String(entry.key.value);
    if (id.startsWith(LOOP_PREFIX)) {
      out.push(...loopResources(entry.value, []));
      continue;
    }
    const type = text(get(entry.value, 'Type'));
    if (!isMap(entry.value) || type === undefined) continue;
    out.push(new TemplateResource(id, type, entry.value, get(entry.value, 'Properties')));
  }
  return out;
}

const LOOP_PREFIX = 'Fn::ForEach::';
/** Loops nest one per dimension (tenant, region, …); deeper nesting is not followed. */
const MAX_LOOP_DEPTH = 8;

/**
 * The resources an `Fn::ForEach::<Loop>` entry of `Resources` declares (AWS::LanguageExtensions
 * transform; CloudFormation Template Reference, "Fn::ForEach"): `[Identifier, Collection, { OutputKey:
 * OutputValue }]`, where every `${Identifier}` and `&{Identifier}` in OutputKey and OutputValue is
 * replaced by each item of the collection, and an output may itself be a loop. Each resource fragment is
 * read once, as written, under its OutputKey; a string naming a loop identifier differs per item, so
 * it is unknown.
 */
function loopResources(loop: DocNode, identifiers: readonly string[]): TemplateResource[] {
  const identifier = isSeq(loop) && loop.items.length === 3 ? text(loop.items[0]) : undefined;
  const fragment = isSeq(loop) ? loop.items[2] : undefined;
  if (identifier === undefined || !isMap(fragment) || identifiers.length >= MAX_LOOP_DEPTH) return [];
  const names = [...identifiers, identifier];
  const out: TemplateResource[] = [];
  for (const entry of fragment.entries) {
    const id = String(entry.key.value);
    if (id.startsWith(LOOP_PREFIX)) {
      out.push(...loopResources(entry.value, names));
      continue;
    }
    if (!isMap(entry.value)) continue;
    const node = withLoopIdentifiersUnknown(entry.value, names);
    const type = text(get(node, 'Type'));
    if (type === undefined) continue;
    out.push(new TemplateResource(id, type, node, get(node, 'Properties')));
  }
  return out;
}

/**
 * A copy of a loop's resource fragment whose strings naming a loop identifier are dynamic nodes.
 * Intrinsic functions are kept as written (conditions are read through their branches), only their
 * strings are replaced.
 */
function withLoopIdentifiersUnknown<T extends MapNode | SeqNode>(node: T, identifiers: readonly string[]): T {
  const references = identifiers.flatMap((name) => [`\${${name}}`, `&{${name}}`]);
  // A node shared through YAML aliases is rewritten once, so an alias fan-out costs its size.
  const done = new Map<DocNode, DocNode>();
  const visit = (current: DocNode): DocNode => {
    let copy = done.get(current);
    if (copy === undefined) {
      copy = rewrite(current);
      done.set(current, copy);
    }
    return copy;
  };
  const rewrite = (current: DocNode): DocNode => {
    switch (current.type) {
      case 'scalar':
        return typeof current.value === 'string' && references.some((reference) => (current.value as string).includes(reference))
          ? dynamic(current, 'Fn::ForEach')
          : current;
      case 'map': {
        const values = current.entries.map((entry) => visit(entry.value));
        if (values.every((value, index) => value === current.entries[index]?.value)) return current;
        return { type: 'map', entries: current.entries.map((entry, index) => ({ key: entry.key, value: values[index] ?? entry.value })), loc: current.loc };
      }
      case 'seq': {
        const items = current.items.map(visit);
        return items.every((item, index) => item === current.items[index]) ? current : { type: 'seq', items, loc: current.loc };
      }
      case 'dynamic': {
        if (current.inner.type === 'scalar') return current;
        const inner = visit(current.inner) as MapNode | SeqNode;
        // Fields named, not spread: a parsed node computes `loc` on demand.
        return inner === current.inner ? current : { type: 'dynamic', tag: current.tag, inner, loc: current.loc };
      }
    }
  };
  return visit(node) as T;
}

/**
 * One property of a resource (`property(resource, 'CorsConfiguration')`), with intrinsic functions
 * turned into dynamic nodes; only that subtree is rewritten, so a large `Body` next to it costs nothing.
 */
export function property(resource: TemplateResource, ...path: readonly (string | number)[]): DocNode | undefined {
  const raw = dig(get(resource.node, 'Properties'), ...path);
  return raw === undefined ? undefined : markOpaque(raw);
}

/** The `Type` of every resource, without reading the properties (cheap enough for detection). */
function resourceTypes(root: DocNode): string[] {
  const resources = get(root, 'Resources');
  if (!isMap(resources)) return [];
  return resources.entries.map((entry) => text(get(entry.value, 'Type'))).filter((type): type is string => type !== undefined);
}

const RESOURCE_TYPE = /^(?:AWS|Alexa|Custom)::/;

/** A CloudFormation template: `AWSTemplateFormatVersion`, or `Resources` whose types are CloudFormation's. */
export function isTemplate(doc: ConfigDocument): boolean {
  if (!isMap(doc.root)) return false;
  if (get(doc.root, 'AWSTemplateFormatVersion') !== undefined && isMap(get(doc.root, 'Resources'))) return true;
  return resourceTypes(doc.root).some((type) => RESOURCE_TYPE.test(type));
}

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** A SAM template: it names the Serverless transform, alone or in a list, or declares `AWS::Serverless::*` resources. */
export function isSamTemplate(doc: ConfigDocument): boolean {
  if (!isMap(doc.root)) return false;
  const transform = get(doc.root, 'Transform');
  const transforms = isSeq(transform) ? transform.items : transform === undefined ? [] : [transform];
  if (transforms.some((item) => text(item) === SAM_TRANSFORM)) return true;
  // Serverless resource types spell out `AWS::Serverless`: a file without it needs no walk of its resources.
  if (!isMap(get(doc.root, 'Resources')) || !doc.fileText.includes('AWS::Serverless')) return false;
  return resourceTypes(doc.root).some((type) => type.startsWith('AWS::Serverless::'));
}

/** How a service treats a `*` inside an allowlist entry other than a lone `*`. */
export type EntryWildcard =
  /** It matches any run of characters (S3: "at most one * wildcard", e.g. `http://*.example.com`). */
  | 'glob'
  /** The service documents no such wildcard, so the entry's meaning is unknown. */
  | 'unknown';

/**
 * An origin allowlist entry of a service that compares the request's Origin with each entry and
 * echoes it on a match, sending `*` literally for a lone `*`.
 */
export function allowlistOrigin(entry: ListEntry, wildcard: EntryWildcard): OriginMatcher {
  const { value, loc } = entry;
  if (value === undefined) return { kind: 'unknown', loc };
  if (value.trim() === '*') return { kind: 'any', loc };
  if (value.trim() === 'null') return { kind: 'null', loc };
  if (value.includes('*')) return wildcard === 'glob' ? { kind: 'glob', value, star: 'any', loc } : { kind: 'unknown', loc };
  return { kind: 'exact', value, compared: true, loc };
}

/** The matchers of an allowlist written as a sequence (or one scalar). */
export function allowlistOrigins(node: DocNode, wildcard: EntryWildcard): OriginMatcher[] {
  return listEntries(node, false).map((entry) => allowlistOrigin(entry, wildcard));
}

/** An `Access-Control-Allow-Origin` value sent verbatim to every caller: `*`, `null`, or whatever text it is. */
export function headerValueOrigin(value: string, loc: SourceLocation): OriginMatcher {
  if (value.trim() === '*') return { kind: 'any', loc };
  if (value.trim() === 'null') return { kind: 'null', loc };
  return { kind: 'exact', value, compared: false, loc };
}

/** A header list setting, or undefined when the key is absent (or `null`). */
export function optionalList(node: DocNode | undefined): HeaderList | undefined {
  const value = present(node);
  return value === undefined ? undefined : configHeaderList(value, false);
}

/**
 * A method or header list of a managed service that accepts `*` as an entry without saying what it
 * sends for it: `*` itself, which credentialed requests read as a literal name, or the names the
 * preflight asked for, as S3 documents for its `*`. A list holding `*` is therefore unknown.
 */
export function listWithUndocumentedStar(node: DocNode | undefined): HeaderList | undefined {
  const list = optionalList(node);
  if (list?.kind !== 'list' || !list.items.some((item) => item.value.trim() === '*')) return list;
  return { kind: 'unknown', loc: list.loc };
}

/**
 * Sets a managed service's method, header and expose lists (each holding `*` being unknown, see
 * listWithUndocumentedStar) and its max-age in seconds, from the block's keys of those names.
 */
export function setUndocumentedStarLists(
  policy: CorsPolicy,
  block: DocNode,
  keys: { methods: string; headers: string; expose: string; maxAge: string },
): void {
  const allowMethods = listWithUndocumentedStar(get(block, keys.methods));
  const allowHeaders = listWithUndocumentedStar(get(block, keys.headers));
  const exposeHeaders = listWithUndocumentedStar(get(block, keys.expose));
  const maxAge = present(get(block, keys.maxAge));
  if (allowMethods) policy.allowMethods = allowMethods;
  if (allowHeaders) policy.allowHeaders = allowHeaders;
  if (exposeHeaders) policy.exposeHeaders = exposeHeaders;
  if (maxAge) policy.maxAge = configMaxAge(maxAge, 'seconds');
}

/** A CORS block whose value as a whole is unknown (`CorsConfiguration: !Ref Cors`, a rule that is no mapping): every rule stays silent. */
export function opaquePolicy(block: DocNode, source: string, preflight: CorsPolicy['preflight']['handling'] = 'answered'): CorsPolicy {
  return {
    loc: block.loc,
    source,
    origins: [{ kind: 'unknown', loc: block.loc }],
    credentials: { value: 'unknown', loc: block.loc },
    vary: { value: 'unknown', loc: block.loc },
    preflight: { handling: preflight, loc: block.loc },
  };
}

/**
 * Policies with the same content from the same places (SAM Globals inherited by several APIs, one
 * `${self:custom.cors}` block used by several paths) are reported once, with their served methods and
 * required request headers merged.
 */
export function dedupePolicies(policies: CorsPolicy[]): CorsPolicy[] {
  // Only policies read from the same block can be duplicates, so most are kept without comparing.
  const blockKey = (policy: CorsPolicy): string => `${policy.loc.file ?? ''}:${policy.loc.line}:${policy.loc.column}`;
  const perBlock = new Map<string, number>();
  for (const policy of policies) perBlock.set(blockKey(policy), (perBlock.get(blockKey(policy)) ?? 0) + 1);
  const byContent = new Map<string, CorsPolicy>();
  const kept: CorsPolicy[] = [];
  for (const policy of policies) {
    if (perBlock.get(blockKey(policy)) === 1) {
      kept.push(policy);
      continue;
    }
    const { source: _source, servedMethods, requiredRequestHeaders, ...content } = policy;
    const key = JSON.stringify(content);
    const seen = byContent.get(key);
    if (seen === undefined) {
      const copy = { ...policy };
      byContent.set(key, copy);
      kept.push(copy);
      continue;
    }
    if (servedMethods !== undefined) seen.servedMethods = [...(seen.servedMethods ?? []), ...servedMethods];
    if (requiredRequestHeaders !== undefined) seen.requiredRequestHeaders = [...(seen.requiredRequestHeaders ?? []), ...requiredRequestHeaders];
  }
  return kept;
}

/**
 * An API Gateway REST mapping value that is a static literal (`'https://a.com'`), as a scalar holding
 * the text between the quotes with the original position, so comma lists still point inside the
 * value. Anything else (`method.request.header.x`, `stageVariables.x`, an unquoted value, an
 * intrinsic, a `${placeholder}`) is not a literal and gives undefined. (API Gateway Developer Guide, "Use a mapping
 * template to override an API's request and response parameters": static values are enclosed in
 * single quotes.)
 */
export function gatewayLiteral(node: DocNode | undefined): ScalarNode | undefined {
  const value = text(node);
  if (!isScalar(node) || value === undefined || isPlaceholder(node)) return undefined;
  const match = /^\s*'([\s\S]*)'\s*$/.exec(value);
  if (match === null) return undefined;
  const inner = match[1] ?? '';
  return { type: 'scalar', value: inner, text: node.text, loc: node.loc };
}

/** Reads the response-header mapping of an API Gateway REST integration response. */
export interface RestHeaderMapping {
  /** `method.response.header.<Name>` → value, by lowercased header name (last one wins). */
  headers: Map<string, DocNode>;
  /**
   * A response template's `#set($context.responseOverride.header.Access-Control-Allow-Credentials = …)`,
   * which replaces the mapped value when it runs: its VTL string literal when it is one literal set
   * outside every `#if`/`#foreach` (so it runs on every response), else undefined (not known).
   */
  credentialsOverride?: { literal: LocatedString | undefined; node: DocNode };
  /** Whether a response template overrides Access-Control-Allow-Origin per request. */
  originOverride?: {
    node: DocNode;
    comparedOrigins: string[];
    matchesRegex: boolean;
    /**
     * The regexes of `$origin.matches("…")` conditions when every one is a string literal: VTL's
     * `matches` is Java's `String.matches`, a whole-string match (aws/aws-cdk#26623: the CDK's
     * multi-origin template before #26648 let `https://wwwXcompany.com` through for `https://www.company.com`).
     */
    matchedRegexes?: LocatedString[];
    /**
     * The values when every assignment is a VTL string literal (`= '*'`, `= "https://a.com"`), so the
     * template sends a fixed value rather than the request's origin; undefined otherwise.
     */
    assignedLiterals?: string[];
    /** Whether the template has `#if`/`#foreach` directives, so an assignment may or may not run. */
    conditional?: boolean;
    /**
     * The VTL string literals among the assignments when others are not literals: values the template
     * sends to some requests, such as a `'null'` or `'*'` fallback for the origins it turns away.
     */
    fallbackLiterals?: LocatedString[];
    /** Whether the template, without any condition, sets the header to the request's own Origin. */
    echoesRequestOrigin?: boolean;
  };
}

/**
 * The request's Origin header in a mapping template: `$input.params('Origin')`, `$input.params().header.get("origin")`,
 * `$input.params().header.Origin`, `$input.params().get('header').get('origin')` (the map's own `get`).
 */
const REQUEST_ORIGIN_EXPRESSION =
  /^\$!?\{?input\.params\(\s*(?:['"]origin['"]\s*\)|\)\s*(?:\.header|\.get\(\s*['"]header['"]\s*\))\s*(?:\.get\(\s*['"]origin['"]\s*\)|\.origin))\}?$/i;

/** A VTL reference with its property and method steps: `$origin`, `$input.params('origin')`, `$input.params().header.get("Origin")`. */
const VTL_REFERENCE = String.raw`\$!?\{?\w+(?:\.\w+(?:\(\s*(?:'[^']*'|"[^"]*")?\s*\))?|\(\s*(?:'[^']*'|"[^"]*")?\s*\))*\}?`;

/** A double-quoted VTL string that is only one reference (`"$origin"`) interpolates to that reference's value. */
function unquotedReference(written: string): string {
  return /^"(\$[^"]*)"$/.exec(written)?.[1] ?? written;
}

/** The template's variables every `#set` of which stores the request's Origin header (`#set($origin = $input.params("Origin"))`). */
function requestOriginVariables(template: string): Set<string> {
  const values = new Map<string, string[]>();
  for (const match of template.matchAll(/#set\(\s*\$!?\{?(\w+)\}?\s*=\s*([^\n]*)\)/g)) {
    const name = match[1] ?? '';
    appendToGroup(values, name, unquotedReference((match[2] ?? '').trim()));
  }
  return new Set([...values].filter(([, assigned]) => assigned.every((value) => REQUEST_ORIGIN_EXPRESSION.test(value))).map(([name]) => name));
}

/**
 * Whether an operand is the request's Origin header: the expression itself, a double-quoted string of
 * only it, or a variable every `#set` of which stores it.
 */
function requestOriginTest(template: string): (operand: string) => boolean {
  const variables = requestOriginVariables(template);
  return (operand) => {
    const expression = unquotedReference(operand);
    return variables.has(/^\$!?\{?(\w+)\}?$/.exec(expression)?.[1] ?? '') || REQUEST_ORIGIN_EXPRESSION.test(expression);
  };
}

/**
 * Whether every assignment of the override is the request's Origin header and no directive makes any
 * of it conditional: then every response echoes the caller's origin.
 */
function echoesRequestOrigin(template: string, isOrigin: (operand: string) => boolean): boolean {
  if (/#(?:if|elseif|else|foreach)\b/i.test(template)) return false;
  const assigned = [...template.matchAll(/#set\(\s*\$context\.responseOverride\.header\.Access-Control-Allow-Origin\s*=\s*([^\n]*)\)/gi)].map((match) => (match[1] ?? '').trim());
  return assigned.length > 0 && assigned.every(isOrigin);
}

const RESPONSE_HEADER = /^method\.response\.header\.(.+)$/i;

/** The `#if` / `#foreach` blocks open at an offset of a VTL template, innermost last, with their conditions. */
function openDirectives(template: string, offset: number): string[] {
  const open: string[] = [];
  for (const match of template.slice(0, offset).matchAll(/#\{?(if|foreach|end)\b\}?(\([^\n]*?\)(?=\s|#|$))?/gi)) {
    if (match[1]?.toLowerCase() === 'end') open.pop();
    else open.push(match[2] ?? '');
  }
  return open;
}

/** A condition that holds only when the request has no Origin header, where CORS does not apply. */
const NO_ORIGIN_CONDITION = /^\(\s*\$!?\{?\w+(?:\.[\w()'"]+)*\}?\s*==\s*(?:''|"")\s*\)$/;

/** A template's Access-Control-Allow-Credentials override (see `RestHeaderMapping.credentialsOverride`). */
function templateCredentials(template: string, node: DocNode): RestHeaderMapping['credentialsOverride'] {
  const assignments = [...template.matchAll(/(responseOverride\.header\.Access-Control-Allow-Credentials\s*=\s*)('[^']*'|"[^"$]*"|[^)]*)/gi)];
  if (assignments.length === 0) return undefined;
  const [first] = assignments;
  const written = (first?.[2] ?? '').trim();
  const value = /^'([^']*)'$/.exec(written)?.[1] ?? /^"([^"]*)"$/.exec(written)?.[1];
  const sure = assignments.length === 1 && value !== undefined && openDirectives(template, first?.index ?? 0).length === 0;
  if (!sure || first === undefined) return { literal: undefined, node };
  const start = (first.index ?? 0) + (first[1] ?? '').length + 1;
  return { literal: { value, loc: isScalar(node) ? locateInScalar(node, start, start + value.length) : node.loc }, node };
}

/**
 * The CORS headers an API Gateway REST integration response maps (`responseParameters` in OpenAPI,
 * `ResponseParameters` in CloudFormation), plus a VTL template that echoes the request origin (the
 * pattern the AWS CDK and the Serverless Framework generate:
 * `#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)` guarded by
 * `$origin == "https://a.com"` comparisons or `$origin.matches("…")`).
 */
export function restHeaderMapping(parameters: DocNode | undefined, templates: DocNode | undefined): RestHeaderMapping {
  const headers = new Map<string, DocNode>();
  if (isMap(parameters)) {
    for (const entry of parameters.entries) {
      const match = RESPONSE_HEADER.exec(String(entry.key.value));
      if (match !== null) headers.set((match[1] ?? '').toLowerCase(), entry.value);
    }
  }
  const mapping: RestHeaderMapping = { headers };
  if (isMap(templates)) {
    for (const entry of templates.entries) {
      const template = text(entry.value);
      const credentialsOverride = template === undefined ? undefined : templateCredentials(template, entry.value);
      if (credentialsOverride !== undefined) mapping.credentialsOverride = credentialsOverride;
      if (template === undefined || !/responseOverride\.header\.Access-Control-Allow-Origin\s*=/i.test(template)) continue;
      // Only a comparison of the request's Origin names an allowed origin (`$context.stage == "prod"` does not);
      // `$origin == ""` is the CDK's fallback to the lowercase `origin` header, not an allowed origin.
      const isOrigin = requestOriginTest(template);
      const comparedOrigins = [...template.matchAll(new RegExp(`(${VTL_REFERENCE})\\s*==\\s*(?:"([^"$]*)"|'([^']*)')`, 'g'))]
        .filter((match) => isOrigin(match[1] ?? ''))
        .map((match) => match[2] ?? match[3] ?? '')
        .filter((origin) => origin !== '');
      const assignments = [...template.matchAll(/(responseOverride\.header\.Access-Control-Allow-Origin\s*=\s*)('[^']*'|"[^"]*"|[^)]*)/gi)];
      const assigned = assignments.map((match) => (match[2] ?? '').trim());
      // A VTL single-quoted string is literal; a double-quoted one is literal unless it references `$…`.
      const literals = assigned.map((value) => /^'([^']*)'$/.exec(value)?.[1] ?? /^"([^"$]*)"$/.exec(value)?.[1]);
      const fallbackLiterals = assignments.flatMap((match, index): LocatedString[] => {
        const value = literals[index];
        if (value === undefined || literals.every((literal) => literal !== undefined)) return [];
        // A value sent only to requests without an Origin header is no CORS answer.
        if (openDirectives(template, match.index ?? 0).some((condition) => NO_ORIGIN_CONDITION.test(condition))) return [];
        const start = (match.index ?? 0) + (match[1] ?? '').length + 1;
        return [{ value, loc: isScalar(entry.value) ? locateInScalar(entry.value, start, start + value.length) : entry.value.loc }];
      });
      // Likewise `.matches` on anything but the request's Origin leaves the echoed origins unknown.
      const matchCalls = template.match(/\.matches\(/g)?.length ?? 0;
      const matchArguments = [...template.matchAll(new RegExp(`(${VTL_REFERENCE})\\.matches\\(\\s*("[^"]*"|'[^']*'|[^)]*)\\s*\\)`, 'g'))].map((match): LocatedString | undefined => {
        const written = match[2] ?? '';
        const source = isOrigin(match[1] ?? '') ? (/^"([^"$]*)"$/.exec(written)?.[1] ?? /^'([^']*)'$/.exec(written)?.[1]) : undefined;
        if (source === undefined) return undefined;
        const start = (match.index ?? 0) + match[0].indexOf(written) + 1;
        return { value: source, loc: isScalar(entry.value) ? locateInScalar(entry.value, start, start + source.length) : entry.value.loc };
      });
      mapping.originOverride = {
        node: entry.value,
        comparedOrigins,
        matchesRegex: matchCalls > 0,
        ...(matchCalls > 0 && matchArguments.length === matchCalls && matchArguments.every((argument) => argument !== undefined)
          ? { matchedRegexes: matchArguments as LocatedString[] }
          : {}),
        ...(literals.length > 0 && literals.every((value) => value !== undefined)
          ? { assignedLiterals: [...new Set(literals as string[])], conditional: /#(?:if|elseif|foreach)\b/i.test(template) }
          : {}),
        ...(echoesRequestOrigin(template, isOrigin) ? { echoesRequestOrigin: true } : {}),
        ...(fallbackLiterals.length > 0 ? { fallbackLiterals } : {}),
      };
    }
  }
  return mapping;
}

/** Whether a REST integration response maps any `Access-Control-*` response header. */
export function mapsCorsHeaders(mapping: RestHeaderMapping): boolean {
  return [...mapping.headers.keys()].some((name) => name.startsWith('access-control-'));
}

/**
 * Whether a response template echoes the request origin for every request the mapped Access-Control-
 * Allow-Origin value would admit, so that value only reaches requests the template turns away: the
 * value is one of the compared origins, a `.+` / `.*` regex matches every origin a browser sends, or a
 * regex is the value as the Serverless Framework writes it (`.` escaped, the first `*` turned into
 * `.+`: it sends its first origin verbatim and echoes all of them, lib/plugins/aws/package/compile/
 * events/api-gateway/lib/cors.js). Then `'*'` or `'https://*.a.com'` there is a fallback, not the policy.
 */
function echoesFor(override: NonNullable<RestHeaderMapping['originOverride']>, mapped: string): boolean {
  if (override.assignedLiterals !== undefined) return false;
  if (override.comparedOrigins.includes(mapped)) return true;
  const escaped = mapped.replace(/\./g, '[.]').replace('*', '.+');
  return (override.matchedRegexes ?? []).some(({ value }) => MATCH_ALL.test(value) || value === escaped);
}

const MATCH_ALL = /^\^?\.[+*]\$?$/;

/** What a template's `$origin.matches("…")` lets through: `.+` or `.*` is every origin a browser sends. */
function matchedOrigin(source: string, loc: SourceLocation): OriginMatcher {
  if (MATCH_ALL.test(source)) return { kind: 'reflect-any', loc };
  return { kind: 'pattern', source, flags: '', dialect: 'pcre-full', loc };
}

/**
 * The policy a REST integration response's header mapping expresses. Static literals are read as the
 * header values they send; anything computed is unknown. `Vary` counts only as a literal naming Origin.
 */
export function restMappingPolicy(
  mapping: RestHeaderMapping,
  block: DocNode,
  source: string,
  preflight: CorsPolicy['preflight'],
): CorsPolicy {
  const blockLoc = block.loc;
  const header = (name: string): DocNode | undefined => mapping.headers.get(name);
  const origins: OriginMatcher[] = [];
  const allowOrigin = header('access-control-allow-origin');
  const allowOriginLiteral = gatewayLiteral(allowOrigin);
  const override = mapping.originOverride;
  const literalOverride = override?.assignedLiterals;
  // An unconditional literal or echo override replaces the mapped value on every response; so does an
  // echo for the mapped origin itself, which leaves the mapped value only to the origins the template turns away.
  const replaced =
    (literalOverride !== undefined && override?.conditional === false) ||
    override?.echoesRequestOrigin === true ||
    (allowOriginLiteral !== undefined && override !== undefined && echoesFor(override, String(allowOriginLiteral.value)));
  if (allowOrigin !== undefined && !replaced) {
    origins.push(allowOriginLiteral === undefined ? { kind: 'unknown', loc: allowOrigin.loc } : headerValueOrigin(String(allowOriginLiteral.value), allowOriginLiteral.loc));
  }
  if (override?.echoesRequestOrigin === true) {
    origins.push({ kind: 'reflect-any', loc: override.node.loc });
  } else if (override !== undefined && literalOverride !== undefined) {
    // A fixed value sent instead of (or, under a condition, besides) the mapped one.
    for (const value of literalOverride) {
      if (replaced || value !== allowOriginLiteral?.value) origins.push(headerValueOrigin(value, override.node.loc));
    }
  } else if (override !== undefined) {
    for (const value of override.comparedOrigins) origins.push(allowlistOrigin({ value, loc: override.node.loc }, 'unknown'));
    // A literal the template assigns besides the echoed origin is sent as written to the requests that reach it.
    for (const literal of override.fallbackLiterals ?? []) origins.push(headerValueOrigin(literal.value, literal.loc));
    for (const regex of override.matchedRegexes ?? []) origins.push(matchedOrigin(regex.value, regex.loc));
    if ((override.matchesRegex && override.matchedRegexes === undefined) || (!override.matchesRegex && override.comparedOrigins.length === 0)) {
      origins.push({ kind: 'unknown', loc: override.node.loc });
    }
  }
  const credentialsNode = header('access-control-allow-credentials');
  const credentialsLiteral = gatewayLiteral(credentialsNode);
  const mappedCredentials: Located<Tri> =
    credentialsNode === undefined
      ? { value: false, loc: blockLoc }
      : credentialsLiteral === undefined
        ? { value: 'unknown', loc: credentialsNode.loc }
        : { value: credentialsLiteral.value === 'true', loc: credentialsLiteral.loc };
  // A template that sets the header replaces the mapped value; one set under a condition leaves it unknown.
  const overridden = mapping.credentialsOverride;
  const credentials: Located<Tri> =
    overridden === undefined
      ? mappedCredentials
      : overridden.literal === undefined
        ? { value: 'unknown', loc: overridden.node.loc }
        : { value: overridden.literal.value === 'true', loc: overridden.literal.loc };
  const varyNode = header('vary');
  const varyLiteral = gatewayLiteral(varyNode);
  const vary: Located<Tri> =
    varyNode === undefined
      ? { value: false, loc: blockLoc }
      : varyLiteral === undefined
        ? { value: 'unknown', loc: varyNode.loc }
        : { value: /(^|,)\s*origin\s*(,|$)/i.test(String(varyLiteral.value)), loc: varyLiteral.loc };
  const policy: CorsPolicy = { loc: blockLoc, source, origins, credentials, vary, preflight };
  if (overridden?.literal !== undefined) {
    policy.credentialsText = overridden.literal;
  } else if (overridden === undefined && credentialsLiteral !== undefined && typeof credentialsLiteral.value === 'string') {
    policy.credentialsText = { value: credentialsLiteral.value, loc: credentialsLiteral.loc };
  }
  const list = (name: string): HeaderList | undefined => {
    const node = header(name);
    if (node === undefined) return undefined;
    const literal = gatewayLiteral(node);
    return literal === undefined ? { kind: 'unknown', loc: node.loc } : configHeaderList(literal);
  };
  const allowMethods = list('access-control-allow-methods');
  const allowHeaders = list('access-control-allow-headers');
  const exposeHeaders = list('access-control-expose-headers');
  if (allowMethods) policy.allowMethods = allowMethods;
  if (allowHeaders) policy.allowHeaders = allowHeaders;
  if (exposeHeaders) policy.exposeHeaders = exposeHeaders;
  const maxAgeNode = header('access-control-max-age');
  if (maxAgeNode !== undefined) {
    const literal = gatewayLiteral(maxAgeNode);
    policy.maxAge = literal === undefined ? { kind: 'unknown', loc: maxAgeNode.loc } : literalMaxAge(literal);
  }
  return policy;
}

/** Max-age from a header value written as text: numeric text in seconds, anything else NaN. */
export function literalMaxAge(node: ScalarNode): MaxAge {
  const raw = str(node) ?? '';
  const seconds = /^\s*[-+]?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  return { kind: 'value', seconds, raw, loc: node.loc };
}

/** An HTTP API's catch-all route as a path: `$default`, or `/$default` in SAM events and OpenAPI exports. */
export function isDefaultRoutePath(path: string): boolean {
  return /^\/?\$default$/.test(path.trim());
}

/**
 * Whether an API Gateway Lambda or Cognito authorizer needs something a CORS preflight never carries
 * (browsers send it without credentials or custom headers): a TOKEN authorizer's header, a Cognito
 * token, or a REQUEST authorizer's identity sources (a REQUEST authorizer without any runs on every
 * request). `type` as CloudFormation (`TOKEN`) or OpenAPI (`token`) writes it.
 */
export function authorizerRefusesPreflight(type: string | undefined, identitySource: string | undefined): boolean {
  const kind = type?.toUpperCase();
  return kind === 'TOKEN' || kind === 'COGNITO_USER_POOLS' || (kind === 'REQUEST' && Boolean(identitySource?.trim()));
}

/**
 * Whether an API Gateway REST API reads API keys from the caller's `X-API-Key` header: its key source
 * (`ApiKeySourceType`, `x-amazon-apigateway-api-key-source`) is absent or `HEADER`. `AUTHORIZER` has a
 * Lambda authorizer supply the key, and a value the linter cannot read may be either.
 */
export function apiKeyFromHeader(keySource: DocNode | undefined): boolean {
  return keySource === undefined || text(keySource)?.toUpperCase() === 'HEADER';
}

/**
 * The request headers an API Gateway REST authorizer's identity source names (`method.request.header.X`,
 * comma-separated for a REQUEST authorizer, which needs every one of them); query strings, stage
 * variables and context values are not headers.
 */
export function identitySourceHeaders(identitySource: string): string[] {
  return identitySource
    .split(',')
    .map((source) => /^\s*method\.request\.header\.([^\s,]+)\s*$/i.exec(source)?.[1])
    .filter((name): name is string => name !== undefined);
}

const GATEWAY_RESPONSE_HEADER = /^gatewayresponse\.header\.(.+)$/i;
/** A gateway response value that copies the request's Origin header (header names are case-insensitive). */
const REQUEST_ORIGIN = /^\s*method\.request\.header\.origin\s*$/i;

/**
 * The headers a gateway response maps, by lowercased name: from `gatewayresponse.header.<Name>` keys
 * (CloudFormation, OpenAPI, Terraform), or with `prefixed` false from bare header names (SAM's
 * `GatewayResponses.<Type>.ResponseParameters.Headers`).
 */
export function gatewayResponseHeaders(parameters: DocNode | undefined, prefixed = true): Map<string, DocNode> {
  const headers = new Map<string, DocNode>();
  if (!isMap(parameters)) return headers;
  for (const entry of parameters.entries) {
    const name = prefixed ? GATEWAY_RESPONSE_HEADER.exec(String(entry.key.value))?.[1] : String(entry.key.value);
    if (name !== undefined) headers.set(name.toLowerCase(), entry.value);
  }
  return headers;
}

/**
 * The policy of an API Gateway REST gateway response (`AWS::ApiGateway::GatewayResponse`,
 * `x-amazon-apigateway-gateway-responses`, Terraform `aws_api_gateway_gateway_response`, SAM
 * `GatewayResponses`): the headers API Gateway adds to the errors it generates itself (DEFAULT_4XX,
 * UNAUTHORIZED, …). Besides `'…'` literals, a value may copy a request header (API Gateway Developer
 * Guide, "Set up a gateway response for a REST API": sources include `method.request.header.<name>`),
 * so `method.request.header.Origin` echoes every origin. Undefined when no `Access-Control-*` header is
 * mapped. These are error responses, whose caching the guide leaves unspecified, so without a mapped
 * `Vary` the vary is unknown; only the headers browsers read on an actual response (origin,
 * credentials, exposed headers, Vary) are kept.
 */
export function gatewayResponsePolicy(headers: Map<string, DocNode>, block: DocNode, source: string): CorsPolicy | undefined {
  const mapping: RestHeaderMapping = { headers };
  if (!mapsCorsHeaders(mapping)) return undefined;
  const policy = restMappingPolicy(mapping, block, source, { handling: 'unknown', loc: block.loc });
  const origin = headers.get('access-control-allow-origin');
  const originText = text(origin);
  if (origin !== undefined && originText !== undefined && REQUEST_ORIGIN.test(originText)) policy.origins = [{ kind: 'reflect-any', loc: origin.loc }];
  if (!headers.has('vary')) policy.vary = { value: 'unknown', loc: block.loc };
  // Errors are never a successful preflight answer (browsers require a 2xx), so the preflight-only
  // headers these snippets usually carry (`Allow-Headers: '*'`) are never read.
  delete policy.allowMethods;
  delete policy.allowHeaders;
  delete policy.maxAge;
  return policy;
}
