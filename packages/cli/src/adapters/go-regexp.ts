import { RegExpParser } from '@eslint-community/regexpp';
import { BoundedCache } from '@corsguard/core';

const parser = new RegExpParser({ ecmaVersion: 2025 });
/**
 * regexpp's messages for what Go refuses as well: a repetition of nothing ("missing argument to
 * repetition operator"), an unclosed or unopened group ("missing closing )", "unexpected )") and an
 * unclosed class ("missing closing ]").
 */
const BOTH_REFUSE = ['Nothing to repeat', 'Unterminated group', "Unmatched ')'", 'Unterminated character class'];

/** Verdicts per source: a repository repeats its origin regexes in every route. */
const verdicts = new BoundedCache<string, boolean>(1024);

/**
 * Whether Go's `regexp.Compile` refuses `source`: for a repetition operator with nothing to repeat
 * (at the start, after `|` or `(`, or after another repetition: `a**`, `x{2}*`; Go says "missing
 * argument to repetition operator" or "invalid nested repetition operator"), which a glob such as
 * `*.example.com` written where a regex belongs runs into, or for an unbalanced group or unclosed
 * class. Control planes written in Go (Contour, Traefik, Istio's validation) then refuse the whole
 * resource. JavaScript's grammar refuses the same shapes (`BOTH_REFUSE`), so regexpp finds them; other
 * syntax errors are left alone, since the two grammars differ there (`(?i)` and `(?P<name>…)` are Go,
 * not JavaScript).
 */
export function goRegexpRejects(source: string): boolean {
  return verdicts.getOrCompute(source, () => parseRejects(source));
}

function parseRejects(source: string): boolean {
  try {
    parser.parsePattern(source, 0, source.length, { unicode: false });
    return false;
  } catch (error) {
    return error instanceof SyntaxError && BOTH_REFUSE.some((reason) => error.message.endsWith(reason));
  }
}
