/**
 * Test oracle: decides whether a matcher accepts one short origin by running it the way its server
 * does (RegExp `.test()`, RE2/PCRE search or full match, prefix, suffix, glob). Only tests run
 * regexes; the analysis under test never does.
 */
import type { OriginMatcher } from '../../src/model.js';

const LEADING_INLINE_FLAGS = /^\(\?([ims]+)\)/;

function regexFor(source: string, flags: string, dialect: string): RegExp {
  if (dialect === 'js') return new RegExp(source, flags);
  const inline = LEADING_INLINE_FLAGS.exec(source);
  const body = inline ? source.slice(inline[0].length) : source;
  const allFlags = flags + (inline?.[1] ?? '');
  const full = dialect === 're2-full' || dialect === 'pcre-full';
  return new RegExp(full ? `^(?:${body})$` : body, allFlags);
}

function globRegex(value: string, star: 'label' | 'any'): RegExp {
  const escaped = value.split('*').map((part) => part.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'));
  return new RegExp(`^${escaped.join(star === 'label' ? '[A-Za-z0-9-]+' : '.*')}$`);
}

export function runMatcher(matcher: OriginMatcher, origin: string): boolean {
  switch (matcher.kind) {
    case 'pattern':
      return regexFor(matcher.source, matcher.flags, matcher.dialect).test(origin);
    case 'prefix':
      return matcher.caseInsensitive
        ? origin.toLowerCase().startsWith(matcher.value.toLowerCase())
        : origin.startsWith(matcher.value);
    case 'suffix':
      return matcher.caseInsensitive
        ? origin.toLowerCase().endsWith(matcher.value.toLowerCase())
        : origin.endsWith(matcher.value);
    case 'glob':
      return globRegex(matcher.value, matcher.star).test(origin);
    case 'exact':
      return matcher.caseInsensitive ? origin.toLowerCase() === matcher.value.toLowerCase() : origin === matcher.value;
    default:
      return true;
  }
}

/** Whether a string is exactly what a browser would put in an Origin header. */
export function isSerializedOrigin(origin: string): boolean {
  try {
    return new URL(origin).origin === origin;
  } catch {
    return false;
  }
}
