import { defaultHeaderList } from '@corsguard/core';
import type { CorsPolicy, HeaderList, OriginMatcher } from '@corsguard/core';
import type { TSESTree } from '@typescript-eslint/utils';
import { nodeLocation } from '../location.js';
import type { ReaderContext } from '../reader-context.js';
import type { StaticProperty, StaticValue } from '../static-value.js';
import { headerList, maxAgeOption, strictTrue, unknownOrigin, OptionsView } from './options.js';

const DEFAULT_HEADERS = ['Accept', 'Authorization', 'Content-Type', 'If-None-Match'];
const DEFAULT_EXPOSED = ['WWW-Authenticate', 'Server-Authorization'];
const DEFAULT_MAX_AGE = 86400;

/**
 * hapi route `cors` (`@hapi/hapi` 21, cors-facts.md Part 1b): `true` takes every default; the
 * default origin `['*']` echoes the request origin rather than sending `*` (only `'ignore'` sends a
 * literal `*`), so `credentials: true` alone reflects every origin with credentials. Wildcards inside
 * an origin compile to `.*`, which crosses dots. maxAge defaults to 86400 s. hapi answers the
 * preflight itself. A route's `cors` (`true` included) is merged over the server's `routes.cors`
 * (hapi `lib/route.js` applies server <- route settings with `Hoek.applyToDefaults`), so
 * `inherited` holds that server level for a route, `'unknown'` when the server is out of sight.
 */
export function readHapiCors(property: StaticProperty, context: ReaderContext, inherited?: OptionsView | 'unknown'): CorsPolicy | undefined {
  const value = property.value;
  const anchor: TSESTree.Node = property.property;
  const anchorLoc = nodeLocation(anchor);
  if (value.kind === 'boolean' && !value.value) return undefined;
  if (value.kind !== 'boolean' && value.kind !== 'object') return undefined;
  const options = new OptionsView(value.kind === 'object' ? value : undefined, anchor, inherited);
  const originProperty = options.get('origin');
  const ignore = originProperty !== 'absent' && originProperty !== 'unknown' && originProperty.value.kind === 'string' && originProperty.value.value === 'ignore';
  const credentialsProperty = options.get('credentials');
  const credentials = ignore ? { value: false as const, loc: nodeLocation(originProperty.property) } : strictTrue(credentialsProperty, anchorLoc);

  let origins: OriginMatcher[];
  if (originProperty === 'absent') {
    // The default `['*']` echoes every origin; with credentials on, that setting is the cause.
    origins = [{ kind: 'reflect-any', loc: credentials.value === true ? credentials.loc : anchorLoc }];
  } else if (originProperty === 'unknown') {
    origins = [unknownOrigin(anchor)];
  } else if (ignore) {
    origins = [{ kind: 'any', loc: nodeLocation(originProperty.value.node) }];
  } else {
    origins = readHapiOrigins(originProperty.value, context);
  }

  const policy: CorsPolicy = {
    loc: anchorLoc,
    source: '@hapi/hapi',
    origins,
    credentials,
    vary: { value: !ignore, loc: anchorLoc },
    preflight: { handling: 'answered', loc: anchorLoc },
    allowHeaders: combined(options, 'headers', 'additionalHeaders', DEFAULT_HEADERS, anchorLoc),
    exposeHeaders: combined(options, 'exposedHeaders', 'additionalExposedHeaders', DEFAULT_EXPOSED, anchorLoc),
  };
  const maxAge = options.get('maxAge');
  if (maxAge === 'absent') policy.maxAge = { kind: 'value', seconds: DEFAULT_MAX_AGE, raw: String(DEFAULT_MAX_AGE), loc: anchorLoc };
  else if (maxAge === 'unknown') policy.maxAge = { kind: 'unknown', loc: anchorLoc };
  else {
    policy.maxAge = maxAgeOption(maxAge, context.hints);
  }
  return policy;
}

function readHapiOrigins(value: StaticValue, context: ReaderContext): OriginMatcher[] {
  if (value.kind !== 'array') return [unknownOrigin(value.node)];
  const matchers: OriginMatcher[] = [];
  for (const element of value.elements) {
    if (element.kind !== 'string') {
      matchers.push(unknownOrigin(element.node));
      continue;
    }
    const loc = nodeLocation(element.node);
    if (element.value === '*') matchers.push({ kind: 'reflect-any', loc });
    else if (/[*?]/.test(element.value)) matchers.push({ kind: 'glob', value: element.value, star: 'any', loc });
    else matchers.push(context.origins.comparedOrigin(element));
    if (element.value === 'null') context.hints.add(loc, { kind: 'remove-element', node: element.node });
  }
  if (value.partial) matchers.push(unknownOrigin(value.node));
  return matchers;
}

/** hapi sends `headers` (default list) plus `additionalHeaders`. */
function combined(options: OptionsView, baseName: string, additionalName: string, defaults: readonly string[], anchorLoc: CorsPolicy['loc']): HeaderList {
  const base = options.get(baseName);
  const additional = options.get(additionalName);
  if (base === 'unknown' || additional === 'unknown') return { kind: 'unknown', loc: anchorLoc };
  const list: HeaderList = base === 'absent' ? defaultHeaderList(defaults, anchorLoc) : headerList(base.value, nodeLocation(base.property));
  if (additional === 'absent' || list.kind !== 'list') return list;
  const extra = headerList(additional.value, nodeLocation(additional.property));
  if (extra.kind !== 'list') return { kind: 'list', items: list.items, partial: true, loc: list.loc };
  const merged: HeaderList = { kind: 'list', items: [...list.items, ...extra.items], loc: list.loc };
  if (list.partial || extra.partial) merged.partial = true;
  return merged;
}
