/**
 * One origin from a given set that a string-shaped matcher accepts: the shortest, preferring https
 * and readable characters. Used to show an accepted insecure origin or an origin outside an allowlist.
 */
import type { DFA } from 'refa';
import type { OriginMatcher } from '../model.js';
import { analysisKey, BoundedCache, MAX_CACHED_MATCHERS } from './analysis-cache.js';
import { branchLanguage, compileOriginMatcher } from './compile.js';
import { shortestCommonWord } from './shortest-word.js';

export type AcceptedOriginResult =
  | { verdict: 'none' }
  | { verdict: 'unknown' }
  | { verdict: 'accepted'; origin: string };

/**
 * The shortest origin in `within` that `matcher` accepts. `unknown` when the matcher is not
 * string-shaped, cannot be read faithfully or is too large to analyse.
 */
export function findAcceptedOrigin(matcher: OriginMatcher, within: DFA): AcceptedOriginResult {
  const key = analysisKey(matcher);
  if (key === undefined) return { verdict: 'unknown' };
  let results = resultsWithin.get(within);
  if (!results) {
    results = new BoundedCache(MAX_CACHED_MATCHERS);
    resultsWithin.set(within, results);
  }
  return results.getOrCompute(key, () => searchAcceptedOrigin(matcher, within));
}

/** Per set searched (the insecure origins, an allowlist's complement): results per matcher. */
const resultsWithin = new WeakMap<DFA, BoundedCache<string, AcceptedOriginResult>>();

function searchAcceptedOrigin(matcher: OriginMatcher, within: DFA): AcceptedOriginResult {
  const compiled = compileOriginMatcher(matcher);
  if (!compiled) return { verdict: 'unknown' };
  let best: string | undefined;
  let unknown = false;
  for (const branch of compiled.branches) {
    try {
      const word = shortestCommonWord(branchLanguage(compiled, branch), within);
      if (word !== undefined && (best === undefined || word.length < best.length)) best = word;
    } catch {
      // refa gives up on automata past their bound and on constructs it does not model.
      unknown = true;
    }
  }
  if (best !== undefined) return { verdict: 'accepted', origin: best };
  return unknown ? { verdict: 'unknown' } : { verdict: 'none' };
}
