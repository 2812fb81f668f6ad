/**
 * Memoised per-matcher analyses. A repository states the same origin matcher in many policies (one
 * per route, per function, per manifest), and each analysis parses the regex and builds automata, so
 * every result is kept under the regex the matcher amounts to (source, flags, dialect: all the
 * analysis reads; the location is not part of it). Caches are bounded: a generated configuration
 * with thousands of distinct matchers must not grow them without end.
 */
import type { OriginMatcher } from '../model.js';
import { toOriginRegex } from './matcher-regex.js';

/** A map that forgets its oldest entry once it holds `capacity` entries. */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  /** The cached value for `key`, computed by `build` on a miss. */
  getOrCompute(key: K, build: () => V): V {
    if (this.#entries.has(key)) return this.#entries.get(key) as V;
    const value = build();
    if (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, value);
    return value;
  }
}

/** Distinct matchers whose results are kept per analysis. */
export const MAX_CACHED_MATCHERS = 2048;

/**
 * What an analysis of `matcher` depends on, as a cache key: the regex it amounts to. `undefined` for
 * matchers that are not strings (`any`, `null`, `unknown`…), which no analysis reads.
 */
export function analysisKey(matcher: OriginMatcher): string | undefined {
  const regex = toOriginRegex(matcher);
  return regex && `${regex.dialect}\u0000${regex.flags}\u0000${regex.source}`;
}
