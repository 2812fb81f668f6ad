/**
 * States every string-shaped origin matcher as a regex with the semantics its server applies, so one
 * analysis covers them all: a prefix is a start-anchored search, a suffix an end-anchored one, a glob
 * a full match whose `*` is a DNS label or any run of characters, as `model.ts` defines.
 */
import type { OriginMatcher, RegexDialect } from '../model.js';

export interface OriginRegex {
  source: string;
  flags: string;
  dialect: RegexDialect;
}

/** ingress-nginx compiles a one-label `*` to this class (`buildOriginRegex`); Spring's label wildcard matches the same. */
const GLOB_LABEL = '[A-Za-z0-9-]+';
const GLOB_ANY = '.*';

/** Escape a literal for use in a JavaScript regex source (non-Unicode mode). */
export function escapeRegexLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function globSource(value: string, star: 'label' | 'any'): string {
  return value
    .split('*')
    .map(escapeRegexLiteral)
    .join(star === 'label' ? GLOB_LABEL : GLOB_ANY);
}

/** The regex a matcher amounts to, or `undefined` for matchers that are not strings (`any`, `null`, `unknown`…). */
export function toOriginRegex(matcher: OriginMatcher): OriginRegex | undefined {
  switch (matcher.kind) {
    case 'pattern':
      return { source: matcher.source, flags: matcher.flags, dialect: matcher.dialect };
    case 'exact':
      return { source: `^${escapeRegexLiteral(matcher.value)}$`, flags: matcher.caseInsensitive ? 'i' : '', dialect: 'js' };
    case 'prefix':
      return { source: `^${escapeRegexLiteral(matcher.value)}`, flags: matcher.caseInsensitive ? 'i' : '', dialect: 'js' };
    case 'suffix':
      return { source: `${escapeRegexLiteral(matcher.value)}$`, flags: matcher.caseInsensitive ? 'i' : '', dialect: 'js' };
    case 'glob':
      return { source: `^${globSource(matcher.value, matcher.star)}$`, flags: '', dialect: 'js' };
    default:
      return undefined;
  }
}
