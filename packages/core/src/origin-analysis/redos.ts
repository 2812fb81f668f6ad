/**
 * Super-linear backtracking in origin regexes, found by scslre's analysis of the parsed regex (never
 * by running it). Only backtracking engines are checked: JavaScript's and PCRE's (Kong and APISIX run
 * origins through `ngx.re`). RE2 (Envoy, Istio, Traefik's Go `regexp`) matches in linear time by design.
 * Only backtracking between or within quantifiers counts; scslre's "move" reports (quadratic cost of an
 * unanchored search retried at every offset) are left out, as almost every unanchored pattern has one
 * and an Origin header is short.
 */
import { scslre } from './automata-libraries.js';
import type { OriginMatcher } from '../model.js';
import { analysisKey, BoundedCache, MAX_CACHED_MATCHERS } from './analysis-cache.js';
import { MAX_MATCHER_LENGTH } from './compile.js';
import { parseOriginRegexAsRun } from './dialect.js';

export type BacktrackingResult =
  | { verdict: 'linear' }
  | { verdict: 'unknown' }
  | {
      verdict: 'super-linear';
      exponential: boolean;
      /** A character whose repetition in the Origin header triggers the backtracking. */
      character: string;
    };

const BACKTRACKING_ENGINES = new Set(['js', 'pcre-search', 'pcre-full']);

/** Whether a pattern matcher can backtrack super-linearly on some Origin header. */
export function findSuperLinearBacktracking(matcher: OriginMatcher): BacktrackingResult {
  if (matcher.kind !== 'pattern') return { verdict: 'unknown' };
  if (!BACKTRACKING_ENGINES.has(matcher.dialect)) return { verdict: 'linear' };
  if (matcher.source.length > MAX_MATCHER_LENGTH) return { verdict: 'unknown' };
  return backtrackingResults.getOrCompute(analysisKey(matcher) ?? '', () => analyseBacktracking(matcher));
}

const backtrackingResults = new BoundedCache<string, BacktrackingResult>(MAX_CACHED_MATCHERS);

function analyseBacktracking(matcher: Extract<OriginMatcher, { kind: 'pattern' }>): BacktrackingResult {
  const parsed = parseOriginRegexAsRun(matcher.source, matcher.flags, matcher.dialect);
  if (!parsed) return { verdict: 'unknown' };
  let reports;
  try {
    reports = scslre().analyse({ pattern: parsed.pattern, flags: parsed.flags }, { reportTypes: { Move: false } }).reports;
  } catch {
    // scslre refuses constructs it does not model; say nothing rather than guess.
    return { verdict: 'unknown' };
  }
  if (reports.length === 0) return { verdict: 'linear' };
  const worst = reports.find((report) => report.exponential) ?? reports[0];
  if (!worst) return { verdict: 'linear' };
  return { verdict: 'super-linear', exponential: worst.exponential, character: worst.character.pick };
}
