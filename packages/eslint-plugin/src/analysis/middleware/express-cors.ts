import { defaultHeaderList } from '@corsguard/core';
import type { CorsPolicy, Located, OriginMatcher, PreflightHandling, Tri } from '@corsguard/core';
import { nodeLocation } from '../location.js';
import { originFunctionMatchers } from '../origin-function.js';
import type { MiddlewareUsage, ReaderContext } from '../reader-context.js';
import type { StaticValue } from '../static-value.js';
import {
  headerList,
  maxAgeOption,
  regexOrigin,
  credentialsBesideStar,
  unknownOrigin,
  verbatimOrigin,
  type OptionsView,
} from './options.js';

/**
 * expressjs/cors and @fastify/cors share the option vocabulary (`origin`, `credentials`,
 * `methods`, `allowedHeaders`, `exposedHeaders`, `maxAge`, `preflightContinue`) and most semantics
 * (cors-facts.md Part 1b); the profile holds where they differ.
 */
export interface CorsPackageProfile {
  source: string;
  /** Allow-Methods when `methods` is not set. */
  defaultMethods: readonly string[];
  /** expressjs/cors adds `Vary: Origin` for a fixed non-`*` string; @fastify/cors does not. */
  varyForFixedString: boolean;
  /** @fastify/cors collapses an origin array containing `'*'` to `'*'`. */
  wildcardInArrayMeansAny: boolean;
  /** @fastify/cors registers its own `OPTIONS *` route (unless `preflight: false`). */
  registersOptionsRoute: boolean;
}

export const EXPRESS_CORS: CorsPackageProfile = {
  source: 'expressjs/cors',
  defaultMethods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
  varyForFixedString: true,
  wildcardInArrayMeansAny: false,
  registersOptionsRoute: false,
};

export const FASTIFY_CORS: CorsPackageProfile = {
  source: '@fastify/cors',
  defaultMethods: ['GET', 'HEAD', 'POST'],
  varyForFixedString: false,
  wildcardInArrayMeansAny: true,
  registersOptionsRoute: true,
};

/** Options that make the middleware send no CORS headers at all (`origin: false`). */
export function corsDisabled(options: OptionsView): boolean {
  const origin = options.get('origin');
  if (origin === 'absent' || origin === 'unknown') return false;
  const value = origin.value;
  return (
    (value.kind === 'boolean' && !value.value) ||
    value.kind === 'null' ||
    (value.kind === 'string' && value.value === '') ||
    (value.kind === 'number' && value.value === 0)
  );
}

/**
 * The policy of one `cors(options)` (or `register(cors, options)`), or `undefined` when it sends no
 * CORS headers or its options cannot be read at all. `usage` says how the surrounding code mounts it.
 */
export function readCorsPackageOptions(
  options: OptionsView,
  profile: CorsPackageProfile,
  usage: MiddlewareUsage,
  context: ReaderContext,
): CorsPolicy | undefined {
  // An options delegate `(req, cb) => cb(null, opts)` or an imported object: nothing can be known.
  if (options.opaque || corsDisabled(options)) return undefined;
  const anchorLoc = options.anchorLoc;
  const originProperty = options.get('origin');
  let origins: OriginMatcher[];
  let originIsStar = false;
  let fixedString = false;
  if (originProperty === 'absent') {
    origins = [{ kind: 'any', loc: anchorLoc }];
    originIsStar = true;
  } else if (originProperty === 'unknown') {
    origins = [{ kind: 'unknown', loc: anchorLoc }];
  } else {
    const value = originProperty.value;
    origins = readOriginOption(value, profile, context);
    originIsStar = value.kind === 'string' && value.value === '*';
    fixedString = value.kind === 'string';
    if (value.kind === 'array' && profile.wildcardInArrayMeansAny) {
      originIsStar = value.elements.some((element) => element.kind === 'string' && element.value === '*');
    }
    if (value.kind === 'boolean' && value.value) context.hints.add(nodeLocation(value.node), { kind: 'allowlist', node: value.node });
    if (value.kind === 'array') {
      for (const element of value.elements) {
        if (element.kind === 'string' && element.value === 'null') {
          context.hints.add(nodeLocation(element.node), { kind: 'remove-element', node: element.node });
        }
      }
    }
  }

  const credentials = credentialsBesideStar(options, origins, originIsStar, context.hints);

  const policy: CorsPolicy = {
    loc: anchorLoc,
    source: profile.source,
    origins,
    credentials,
    vary: varyOf(origins, originIsStar, fixedString, profile, originProperty === 'unknown', anchorLoc),
    preflight: preflightOf(options, profile, usage),
  };

  const methods = options.get('methods');
  policy.allowMethods =
    methods === 'absent'
      ? defaultHeaderList(profile.defaultMethods, anchorLoc)
      : methods === 'unknown'
        ? { kind: 'unknown', loc: anchorLoc }
        : headerList(methods.value, nodeLocation(methods.property));

  const allowed = options.get('allowedHeaders', 'headers');
  if (allowed === 'unknown') policy.allowHeaders = { kind: 'unknown', loc: anchorLoc };
  else if (allowed === 'absent' || isEmptyOrMissing(allowed.value)) {
    // Unset (or empty string): the middleware echoes Access-Control-Request-Headers.
    policy.allowHeaders = { kind: 'reflect', loc: allowed === 'absent' ? anchorLoc : nodeLocation(allowed.property) };
  } else policy.allowHeaders = headerList(allowed.value, nodeLocation(allowed.property));

  const exposed = options.get('exposedHeaders');
  if (exposed === 'unknown') policy.exposeHeaders = { kind: 'unknown', loc: anchorLoc };
  else if (exposed !== 'absent' && !isEmptyOrMissing(exposed.value)) {
    policy.exposeHeaders = headerList(exposed.value, nodeLocation(exposed.property));
  }

  const maxAge = options.get('maxAge');
  if (maxAge === 'unknown') policy.maxAge = { kind: 'unknown', loc: anchorLoc };
  else if (maxAge !== 'absent' && sendsMaxAge(maxAge.value)) {
    policy.maxAge = maxAgeOption(maxAge, context.hints);
  }

  if (usage.servedMethods !== undefined) policy.servedMethods = usage.servedMethods;
  return policy;
}

/** The `origin` option, as the middleware reads it on every request. */
function readOriginOption(value: StaticValue, profile: CorsPackageProfile, context: ReaderContext): OriginMatcher[] {
  switch (value.kind) {
    case 'boolean':
      return value.value ? [{ kind: 'reflect-any', loc: nodeLocation(value.node) }] : [];
    case 'string':
      return value.value === '' ? [] : [verbatimOrigin(value)];
    case 'regexp':
      return [regexOrigin(value)];
    case 'array': {
      const matchers: OriginMatcher[] = [];
      for (const element of value.elements) {
        if (element.kind === 'string') {
          if (element.value === '*' && profile.wildcardInArrayMeansAny) return [{ kind: 'any', loc: nodeLocation(element.node) }];
          matchers.push(context.origins.comparedOrigin(element));
        } else if (element.kind === 'regexp') matchers.push(regexOrigin(element));
        else matchers.push(unknownOrigin(element.node));
      }
      if (value.partial) matchers.push(unknownOrigin(value.node));
      return matchers;
    }
    case 'function':
      return originFunctionMatchers(
        value.node,
        { kind: 'callback', originParameter: 0 },
        (answer) => readOriginOption(answer, profile, context),
        context.origins,
        context.evaluator,
        context.sourceCode,
      );
    case 'null':
    case 'undefined':
      return [];
    default:
      return [unknownOrigin(value.node)];
  }
}

function varyOf(
  origins: readonly OriginMatcher[],
  originIsStar: boolean,
  fixedString: boolean,
  profile: CorsPackageProfile,
  originUnknown: boolean,
  anchorLoc: CorsPolicy['loc'],
): Located<Tri> {
  if (originUnknown) return { value: 'unknown', loc: anchorLoc };
  if (originIsStar) return { value: false, loc: anchorLoc };
  if (fixedString && !profile.varyForFixedString) return { value: false, loc: anchorLoc };
  // A function may answer `'*'`, after which neither middleware adds Vary.
  if (origins.some((matcher) => matcher.kind === 'any')) return { value: 'unknown', loc: anchorLoc };
  return { value: true, loc: anchorLoc };
}

function preflightOf(
  options: OptionsView,
  profile: CorsPackageProfile,
  usage: MiddlewareUsage,
): PreflightHandling {
  const preflightContinue = options.get('preflightContinue');
  if (preflightContinue === 'unknown') return { handling: 'unknown', loc: usage.preflight.loc };
  if (preflightContinue !== 'absent' && preflightContinue.value.kind !== 'boolean' && preflightContinue.value.kind !== 'undefined') {
    return { handling: 'unknown', loc: nodeLocation(preflightContinue.property) };
  }
  if (preflightContinue !== 'absent' && preflightContinue.value.kind === 'boolean' && preflightContinue.value.value) {
    // Passed on, but not known to go unanswered: Express answers OPTIONS for any routed path by itself
    // (200 with `Allow`, keeping the CORS headers already set), and @fastify/cors hands it to a route
    // the linter may not see.
    return { handling: 'unknown', loc: nodeLocation(preflightContinue.property) };
  }
  if (profile.registersOptionsRoute) {
    const preflight = options.get('preflight');
    if (preflight === 'absent') return { handling: 'answered', loc: options.anchorLoc };
    if (preflight !== 'unknown' && preflight.value.kind === 'boolean' && preflight.value.value) {
      return { handling: 'answered', loc: options.anchorLoc };
    }
    return { handling: 'unknown', loc: options.anchorLoc };
  }
  return usage.preflight;
}

function isEmptyOrMissing(value: StaticValue): boolean {
  return value.kind === 'null' || value.kind === 'undefined' || (value.kind === 'string' && value.value === '') || (value.kind === 'boolean' && !value.value);
}

/** expressjs/cors: `(typeof maxAge === 'number' || maxAge) && maxAge.toString()`. */
function sendsMaxAge(value: StaticValue): boolean {
  if (value.kind === 'number') return true;
  if (value.kind === 'string') return value.value !== '';
  return value.kind !== 'null' && value.kind !== 'undefined' && !(value.kind === 'boolean' && !value.value);
}
