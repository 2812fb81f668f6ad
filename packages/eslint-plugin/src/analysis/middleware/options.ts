import type { HeaderList, LocatedString, MaxAge, OriginMatcher, SourceLocation, Tri, Located } from '@corsguard/core';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { nodeLocation } from '../location.js';
import type { HintCollector } from '../reader-context.js';
import { unwrapExpression, type StaticProperty, type StaticValue } from '../static-value.js';

/**
 * One middleware options object as the linter sees it. A key is `absent` (the middleware's default
 * applies) only when the whole object is known; after a spread of an unknown object every missing
 * key is `unknown`, since the spread may have set it.
 */
export class OptionsView {
  constructor(
    private readonly value: StaticValue | undefined,
    /** What defaults are blamed on: the `cors()` call, the `cors: true` property. */
    readonly anchor: TSESTree.Node,
    /**
     * Where an option left out is taken from before the package default (a hapi route's `cors` over
     * the server's `routes.cors`); `'unknown'` when that level exists but cannot be read.
     */
    private readonly inherited?: OptionsView | 'unknown',
  ) {}

  get anchorLoc(): SourceLocation {
    return nodeLocation(this.anchor);
  }

  /** The options are a value the linter cannot read at all (an imported object, a parameter). */
  get opaque(): boolean {
    return this.value !== undefined && this.value.kind !== 'object' && this.value.kind !== 'undefined' && this.value.kind !== 'null';
  }

  get isFunction(): boolean {
    return this.value?.kind === 'function';
  }

  /** The property, `'absent'` when the default applies, `'unknown'` when it cannot be known. */
  get(...names: string[]): StaticProperty | 'absent' | 'unknown' {
    const own = this.own(names);
    if (own !== 'absent' || this.inherited === undefined) return own;
    return this.inherited === 'unknown' ? 'unknown' : this.inherited.get(...names);
  }

  private own(names: readonly string[]): StaticProperty | 'absent' | 'unknown' {
    if (this.value === undefined || this.value.kind === 'undefined' || this.value.kind === 'null') return 'absent';
    if (this.value.kind !== 'object') return 'unknown';
    for (const name of names) {
      const property = this.value.properties.get(name);
      if (property !== undefined) return property;
    }
    return this.value.partial ? 'unknown' : 'absent';
  }

  /** The object literal the options were written in, when it is written right at the call or property. */
  get inlineObject(): TSESTree.ObjectExpression | undefined {
    if (this.value?.kind !== 'object' || this.value.node.type !== 'ObjectExpression') return undefined;
    let parent: TSESTree.Node | undefined = this.value.node.parent;
    while (parent != null && parent !== this.anchor && parent.type.startsWith('TS')) parent = parent.parent;
    return parent === this.anchor ? this.value.node : undefined;
  }
}

/** `'GET,POST'` or `['GET', 'POST']`, as the middlewares join them into one header. */
export function headerList(value: StaticValue, loc: SourceLocation): HeaderList {
  if (value.kind === 'string') {
    const items = value.value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '')
      .map((item): LocatedString => ({ value: item, loc: nodeLocation(value.node) }));
    return { kind: 'list', items, loc };
  }
  if (value.kind === 'array') {
    const items: LocatedString[] = [];
    let partial = value.partial;
    for (const element of value.elements) {
      if (element.kind === 'string') {
        for (const part of element.value.split(',')) {
          if (part.trim() !== '') items.push({ value: part.trim(), loc: nodeLocation(element.node) });
        }
      } else {
        partial = true;
      }
    }
    return partial ? { kind: 'list', items, partial: true, loc } : { kind: 'list', items, loc };
  }
  return { kind: 'unknown', loc };
}

/**
 * A max-age in seconds as the middleware writes it into the header: numbers as they are, strings
 * verbatim (so `'1 day'` is a value browsers cannot parse).
 */
export function maxAgeOf(value: StaticValue, loc: SourceLocation): MaxAge {
  if (value.kind === 'number') return { kind: 'value', seconds: value.value, raw: String(value.value), loc };
  if (value.kind === 'string') {
    const trimmed = value.value.trim();
    const seconds = trimmed === '' ? Number.NaN : Number(trimmed);
    return { kind: 'value', seconds, raw: value.value, loc };
  }
  return { kind: 'unknown', loc };
}

/** Whether a property holds the value `true` exactly, the way the middlewares test `credentials`. */
export function strictTrue(property: StaticProperty | 'absent' | 'unknown', fallback: SourceLocation): Located<Tri> {
  if (property === 'absent') return { value: false, loc: fallback };
  if (property === 'unknown') return { value: 'unknown', loc: fallback };
  const loc = nodeLocation(property.property);
  if (property.value.kind === 'unknown' || property.value.kind === 'function') return { value: 'unknown', loc };
  return { value: property.value.kind === 'boolean' && property.value.value, loc };
}

/**
 * `credentials` as `strictTrue` reads it (expressjs/cors, @fastify/cors, hono). When the origin is a
 * literal `*` and `credentials: true` sits in an options object written in the call, removing it is
 * left as a safe autofix: credentials are never honoured next to a literal `*`, so dropping them
 * changes no browser's answer.
 */
export function credentialsBesideStar(
  options: OptionsView,
  origins: readonly OriginMatcher[],
  originIsStar: boolean,
  hints: HintCollector,
): Located<Tri> {
  const property = options.get('credentials');
  const credentials = strictTrue(property, options.anchorLoc);
  if (originIsStar && credentials.value === true && property !== 'absent' && property !== 'unknown') {
    const inline = options.inlineObject;
    if (inline !== undefined && property.property.parent === inline) {
      for (const matcher of origins) {
        if (matcher.kind === 'any') hints.add(matcher.loc, { kind: 'drop-credentials', property: property.property });
      }
    }
  }
  return credentials;
}

/** Whether a property holds a truthy value (@koa/cors, hapi). */
export function truthy(property: StaticProperty | 'absent' | 'unknown', fallback: SourceLocation): Located<Tri> {
  if (property === 'absent') return { value: false, loc: fallback };
  if (property === 'unknown') return { value: 'unknown', loc: fallback };
  const loc = nodeLocation(property.property);
  const value = property.value;
  switch (value.kind) {
    case 'unknown':
    case 'function':
      return { value: 'unknown', loc };
    case 'boolean':
      return { value: value.value, loc };
    case 'string':
      return { value: value.value !== '', loc };
    case 'number':
      return { value: value.value !== 0 && !Number.isNaN(value.value), loc };
    case 'null':
    case 'undefined':
      return { value: false, loc };
    default:
      return { value: true, loc };
  }
}

/** An origin string sent to every caller as it is (expressjs/cors and @fastify/cors with a string). */
export function verbatimOrigin(value: Extract<StaticValue, { kind: 'string' }>): OriginMatcher {
  const loc = nodeLocation(value.node);
  if (value.value === '*') return { kind: 'any', loc };
  if (value.value === 'null') return { kind: 'null', loc };
  return { kind: 'exact', value: value.value, compared: false, loc };
}

/** A JS RegExp origin, applied with `.test()` by the middleware. */
export function regexOrigin(value: Extract<StaticValue, { kind: 'regexp' }>): OriginMatcher {
  return { kind: 'pattern', source: value.pattern, flags: value.flags, dialect: 'js', loc: nodeLocation(value.node) };
}

export function unknownOrigin(node: TSESTree.Node): OriginMatcher {
  return { kind: 'unknown', loc: nodeLocation(node) };
}

/**
 * A `maxAge` option, blamed where it is written. The suggestion to lower it is offered only when the
 * value is written right there: rewriting a shared constant (`maxAge: ONE_DAY`) could change other code.
 */
export function maxAgeOption(property: StaticProperty, hints: HintCollector): MaxAge {
  const written = unwrapExpression(property.property.value);
  const loc = nodeLocation(written);
  const maxAge = maxAgeOf(property.value, loc);
  const inline = written.type !== AST_NODE_TYPES.Identifier && written.type !== AST_NODE_TYPES.MemberExpression;
  if (maxAge.kind === 'value' && inline) hints.add(loc, { kind: 'max-age', node: written });
  return maxAge;
}
