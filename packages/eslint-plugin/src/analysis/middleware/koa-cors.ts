import { defaultHeaderList } from '@corsguard/core';
import type { CorsPolicy, OriginMatcher } from '@corsguard/core';
import { nodeLocation } from '../location.js';
import { originFunctionMatchers } from '../origin-function.js';
import type { MiddlewareUsage, ReaderContext } from '../reader-context.js';
import type { StaticValue } from '../static-value.js';
import { headerList, maxAgeOption, truthy, unknownOrigin, verbatimOrigin, type OptionsView } from './options.js';

const DEFAULT_METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH'];

/**
 * @koa/cors 5 (cors-facts.md Part 1b): `origin` is a string sent as it is or `fn(ctx)` returning the
 * value; a `'*'` origin (the default) is replaced by the request origin whenever `credentials` is
 * truthy, so `credentials: true` alone reflects every origin. `Vary: Origin` is always sent.
 */
export function readKoaCorsOptions(options: OptionsView, usage: MiddlewareUsage, context: ReaderContext): CorsPolicy | undefined {
  if (options.opaque) return undefined;
  const anchorLoc = options.anchorLoc;
  const credentialsProperty = options.get('credentials');
  const credentials = truthy(credentialsProperty, anchorLoc);
  const originProperty = options.get('origin');
  let origins: OriginMatcher[];
  if (originProperty === 'absent') origins = [{ kind: 'any', loc: anchorLoc }];
  else if (originProperty === 'unknown') origins = [unknownOrigin(options.anchor)];
  else origins = readKoaOrigin(originProperty.value, context);

  if (credentials.value === true) {
    // The middleware swaps `*` for the request origin: the credentials setting is what reflects.
    origins = origins.map((matcher) => (matcher.kind === 'any' ? { kind: 'reflect-any', loc: credentials.loc } : matcher));
  } else if (credentials.value === 'unknown' && origins.some((matcher) => matcher.kind === 'any')) {
    origins = origins.map((matcher) => (matcher.kind === 'any' ? { kind: 'unknown', loc: matcher.loc } : matcher));
  }

  const policy: CorsPolicy = {
    loc: anchorLoc,
    source: '@koa/cors',
    origins,
    credentials,
    vary: { value: true, loc: anchorLoc },
    preflight: usage.preflight,
  };
  const methods = options.get('allowMethods');
  policy.allowMethods =
    methods === 'absent'
      ? defaultHeaderList(DEFAULT_METHODS, anchorLoc)
      : methods === 'unknown'
        ? { kind: 'unknown', loc: anchorLoc }
        : headerList(methods.value, nodeLocation(methods.property));
  const allowHeaders = options.get('allowHeaders');
  if (allowHeaders === 'unknown') policy.allowHeaders = { kind: 'unknown', loc: anchorLoc };
  else if (allowHeaders === 'absent' || !hasItems(allowHeaders.value)) {
    policy.allowHeaders = { kind: 'reflect', loc: allowHeaders === 'absent' ? anchorLoc : nodeLocation(allowHeaders.property) };
  } else policy.allowHeaders = headerList(allowHeaders.value, nodeLocation(allowHeaders.property));
  const exposeHeaders = options.get('exposeHeaders');
  if (exposeHeaders === 'unknown') policy.exposeHeaders = { kind: 'unknown', loc: anchorLoc };
  else if (exposeHeaders !== 'absent' && hasItems(exposeHeaders.value)) {
    policy.exposeHeaders = headerList(exposeHeaders.value, nodeLocation(exposeHeaders.property));
  }
  const maxAge = options.get('maxAge');
  if (maxAge === 'unknown') policy.maxAge = { kind: 'unknown', loc: anchorLoc };
  else if (maxAge !== 'absent' && (maxAge.value.kind === 'number' || maxAge.value.kind === 'string')) {
    policy.maxAge = maxAgeOption(maxAge, context.hints);
  }
  const privateNetwork = options.get('privateNetworkAccess');
  if (privateNetwork !== 'absent') policy.allowPrivateNetwork = truthy(privateNetwork, anchorLoc);
  if (usage.servedMethods !== undefined) policy.servedMethods = usage.servedMethods;
  return policy;
}

function readKoaOrigin(value: StaticValue, context: ReaderContext): OriginMatcher[] {
  switch (value.kind) {
    case 'string':
      return value.value === '' ? [{ kind: 'any', loc: nodeLocation(value.node) }] : [verbatimOrigin(value)];
    case 'function':
      return originFunctionMatchers(
        value.node,
        { kind: 'return-value' },
        (answer) => (answer.kind === 'string' && answer.value !== '' ? [verbatimOrigin(answer)] : []),
        context.origins,
        context.evaluator,
        context.sourceCode,
      );
    case 'null':
    case 'undefined':
    case 'boolean':
      // `origin || '*'`: a falsy origin falls back to the wildcard.
      return value.kind === 'boolean' && value.value ? [unknownOrigin(value.node)] : [{ kind: 'any', loc: nodeLocation(value.node) }];
    default:
      return [unknownOrigin(value.node)];
  }
}

function hasItems(value: StaticValue): boolean {
  if (value.kind === 'string') return value.value !== '';
  if (value.kind === 'array') return value.elements.length > 0 || value.partial;
  return value.kind !== 'null' && value.kind !== 'undefined' && !(value.kind === 'boolean' && !value.value);
}
