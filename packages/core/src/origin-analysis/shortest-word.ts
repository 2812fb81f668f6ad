/**
 * The shortest string two automata both accept, found by a breadth-first search over their lazily
 * built product. Each product state is visited once, so the search is linear in the part of the
 * product it reaches, unlike enumerating paths of an ambiguous NFA (which explodes on `.*` next to
 * `[^]*`). Among equally short strings it prefers readable characters, so `.` in `app.example.com`
 * becomes `x` (`appxexample.com`) rather than an arbitrary code point.
 */
import type { CharSet, TransitionIterable } from 'refa';
import { refa } from './automata-libraries.js';

/** Product states the search may create before it gives up. */
export const MAX_PRODUCT_NODES = 20000;
/** Product transitions the search may follow before it gives up (dense automata cost per edge, not per state). */
const MAX_PRODUCT_EDGES = 200000;

const PREFERRED_CHARACTERS = 'xabcdefghijklmnopqrstuvwyz0123456789-.:/';

/** The most readable character of a set, as a code point, with its rank (lower is better). */
function readableCharacter(set: CharSet): { char: number; rank: number } | undefined {
  for (let rank = 0; rank < PREFERRED_CHARACTERS.length; rank++) {
    const char = PREFERRED_CHARACTERS.charCodeAt(rank);
    if (set.has(char)) return { char, rank };
  }
  const first = set.ranges[0];
  // Characters outside the preferred list only appear when the languages force them (a space, an uppercase letter).
  return first && { char: first.min, rank: PREFERRED_CHARACTERS.length + first.min };
}

/**
 * The shortest word in both languages, or `undefined` when they are disjoint.
 * @throws refa's `TooManyNodesError` when the product grows past its state or transition bound.
 */
export function shortestCommonWord<L, R>(left: TransitionIterable<L>, right: TransitionIterable<R>): string | undefined {
  const { getIntersectionIterator, TooManyNodesError } = refa();
  const product = getIntersectionIterator(left, right, MAX_PRODUCT_NODES);
  type State = typeof product.initial;
  const previous = new Map<State, { from: State; char: number } | null>([[product.initial, null]]);
  let frontier: State[] = [product.initial];
  let edges = 0;
  while (frontier.length > 0) {
    const next: State[] = [];
    for (const state of frontier) {
      if (product.isFinal(state)) return spell(previous, state);
      const moves: { to: State; char: number; rank: number }[] = [];
      const out = product.getOut(state);
      edges += out.size;
      TooManyNodesError.assert(edges, MAX_PRODUCT_EDGES, 'product transitions');
      for (const [to, set] of out) {
        const readable = readableCharacter(set);
        if (readable && !previous.has(to)) moves.push({ to, ...readable });
      }
      moves.sort((a, b) => a.rank - b.rank);
      for (const move of moves) {
        if (previous.has(move.to)) continue;
        previous.set(move.to, { from: state, char: move.char });
        next.push(move.to);
      }
    }
    frontier = next;
  }
  return undefined;
}

function spell<State>(previous: Map<State, { from: State; char: number } | null>, last: State): string {
  const chars: number[] = [];
  for (let step = previous.get(last); step; step = previous.get(step.from)) chars.push(step.char);
  return String.fromCharCode(...chars.reverse());
}
