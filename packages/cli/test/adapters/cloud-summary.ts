import type { CorsPolicy, HeaderList, Located, MaxAge, OriginMatcher, SourceLocation, Tri } from '@corsguard/core';

/**
 * A policy written out compactly for the cloud adapter tests: every value with the `line:column` it
 * was read from, so one `toEqual` pins both what an adapter understood and where it points.
 */
export interface PolicySummary {
  source: string;
  loc: string;
  origins: string[];
  credentials: string;
  allowMethods?: string;
  allowHeaders?: string;
  exposeHeaders?: string;
  maxAge?: string;
  vary: string;
  preflight: string;
  servedMethods?: string;
  allowPrivateNetwork?: string;
}

function where(loc: SourceLocation): string {
  return `${loc.line}:${loc.column}`;
}

function matcher(origin: OriginMatcher): string {
  switch (origin.kind) {
    case 'exact':
      return `${origin.compared ? 'allow' : 'send'} ${origin.value} @${where(origin.loc)}`;
    case 'glob':
      return `glob(${origin.star}) ${origin.value} @${where(origin.loc)}`;
    case 'pattern':
      return `pattern(${origin.dialect}) ${origin.source} @${where(origin.loc)}`;
    case 'prefix':
    case 'suffix':
      return `${origin.kind} ${origin.value} @${where(origin.loc)}`;
    default:
      return `${origin.kind} @${where(origin.loc)}`;
  }
}

function tri(value: Located<Tri>): string {
  return `${String(value.value)} @${where(value.loc)}`;
}

function list(value: HeaderList): string {
  if (value.kind !== 'list') return `${value.kind} @${where(value.loc)}`;
  const items = value.items.map((item) => `${item.value}@${where(item.loc)}`);
  if (value.partial) items.push('…');
  return `[${items.join(', ')}] @${where(value.loc)}`;
}

function age(value: MaxAge): string {
  return value.kind === 'unknown' ? `unknown @${where(value.loc)}` : `${value.seconds} (${JSON.stringify(value.raw)}) @${where(value.loc)}`;
}

export function summary(policy: CorsPolicy): PolicySummary {
  const { preflight } = policy;
  const out: PolicySummary = {
    source: policy.source,
    loc: where(policy.loc),
    origins: policy.origins.map(matcher),
    credentials: tri(policy.credentials),
    vary: tri(policy.vary),
    preflight: `${preflight.handling}${preflight.target === undefined ? '' : ` ${preflight.target}`}${preflight.refusedBy === undefined ? '' : ` [by ${preflight.refusedBy}]`} @${where(preflight.loc)}`,
  };
  if (policy.allowMethods) out.allowMethods = list(policy.allowMethods);
  if (policy.allowHeaders) out.allowHeaders = list(policy.allowHeaders);
  if (policy.exposeHeaders) out.exposeHeaders = list(policy.exposeHeaders);
  if (policy.maxAge) out.maxAge = age(policy.maxAge);
  if (policy.servedMethods) out.servedMethods = policy.servedMethods.map((item) => `${item.value}@${where(item.loc)}`).join(', ');
  if (policy.allowPrivateNetwork) out.allowPrivateNetwork = tri(policy.allowPrivateNetwork);
  return out;
}
