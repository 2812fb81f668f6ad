import { defaultHeaderList } from '@corsguard/core';
import type { CorsPolicy, OriginMatcher } from '@corsguard/core';
import { nodeLocation } from '../location.js';
import { originFunctionMatchers } from '../origin-function.js';
import type { MiddlewareUsage, ReaderContext } from '../reader-context.js';
import type { StaticValue } from '../static-value.js';
import { headerList, credentialsBesideStar, maxAgeOption, unknownOrigin, verbatimOrigin, type OptionsView } from './options.js';

// hono 4.13 also lists QUERY (an IETF draft method). It is left out: a finding about a default the user
// never wrote and that browsers simply do not use would be noise.
const DEFAULT_METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH'];

/**
 * hono/cors (hono 4, cors-facts.md Part 1b): `'*'` (the default) is sent literally; any other string
 * or an array is an allowlist compared exactly, the match echoed; a function `(origin, c)` returns the
 * Allow-Origin value. `Vary: Origin` is added whenever origin is not `'*'`. An empty `allowHeaders`
 * (the default) echoes the request's headers on preflight.
 */
export function readHonoCorsOptions(options: OptionsView, usage: MiddlewareUsage, context: ReaderContext): CorsPolicy | undefined {
  if (options.opaque) return undefined;
  const anchorLoc = options.anchorLoc;
  const originProperty = options.get('origin');
  let origins: OriginMatcher[];
  let star = false;
  if (originProperty === 'absent') {
    origins = [{ kind: 'any', loc: anchorLoc }];
    star = true;
  } else if (originProperty === 'unknown') {
    origins = [unknownOrigin(options.anchor)];
  } else {
    const value = originProperty.value;
    star = value.kind === 'string' && value.value === '*';
    origins = readHonoOrigin(value, context);
  }
  const credentials = credentialsBesideStar(options, origins, star, context.hints);
  const policy: CorsPolicy = {
    loc: anchorLoc,
    source: 'hono/cors',
    origins,
    credentials,
    vary: originProperty === 'unknown' ? { value: 'unknown', loc: anchorLoc } : { value: !star, loc: anchorLoc },
    preflight: usage.preflight,
  };
  const methods = options.get('allowMethods');
  policy.allowMethods =
    methods === 'absent'
      ? defaultHeaderList(DEFAULT_METHODS, anchorLoc)
      : methods === 'unknown' || methods.value.kind === 'function'
        ? { kind: 'unknown', loc: anchorLoc }
        : headerList(methods.value, nodeLocation(methods.property));
  const allowHeaders = options.get('allowHeaders');
  if (allowHeaders === 'unknown') policy.allowHeaders = { kind: 'unknown', loc: anchorLoc };
  else if (allowHeaders === 'absent' || (allowHeaders.value.kind === 'array' && allowHeaders.value.elements.length === 0 && !allowHeaders.value.partial)) {
    policy.allowHeaders = { kind: 'reflect', loc: allowHeaders === 'absent' ? anchorLoc : nodeLocation(allowHeaders.property) };
  } else policy.allowHeaders = headerList(allowHeaders.value, nodeLocation(allowHeaders.property));
  const exposeHeaders = options.get('exposeHeaders');
  if (exposeHeaders === 'unknown') policy.exposeHeaders = { kind: 'unknown', loc: anchorLoc };
  else if (exposeHeaders !== 'absent' && !(exposeHeaders.value.kind === 'array' && exposeHeaders.value.elements.length === 0)) {
    policy.exposeHeaders = headerList(exposeHeaders.value, nodeLocation(exposeHeaders.property));
  }
  const maxAge = options.get('maxAge');
  if (maxAge === 'unknown') policy.maxAge = { kind: 'unknown', loc: anchorLoc };
  else if (maxAge !== 'absent' && (maxAge.value.kind === 'number' || maxAge.value.kind === 'string')) {
    policy.maxAge = maxAgeOption(maxAge, context.hints);
  }
  if (usage.servedMethods !== undefined) policy.servedMethods = usage.servedMethods;
  return policy;
}

function readHonoOrigin(value: StaticValue, context: ReaderContext): OriginMatcher[] {
  switch (value.kind) {
    case 'string':
      return value.value === '*' ? [verbatimOrigin(value)] : [context.origins.comparedOrigin(value)];
    case 'array': {
      const matchers: OriginMatcher[] = [];
      for (const element of value.elements) {
        matchers.push(element.kind === 'string' ? context.origins.comparedOrigin(element) : unknownOrigin(element.node));
        if (element.kind === 'string' && element.value === 'null') {
          context.hints.add(nodeLocation(element.node), { kind: 'remove-element', node: element.node });
        }
      }
      if (value.partial) matchers.push(unknownOrigin(value.node));
      return matchers;
    }
    case 'function':
      return originFunctionMatchers(
        value.node,
        { kind: 'return-value', originParameter: 0 },
        (answer) => (answer.kind === 'string' && answer.value !== '' ? [verbatimOrigin(answer)] : []),
        context.origins,
        context.evaluator,
        context.sourceCode,
      );
    default:
      return [unknownOrigin(value.node)];
  }
}
