import { createRequire } from 'node:module';
import type * as Refa from 'refa';

/**
 * refa's runtime values, loaded with `require`. refa ships one 1 MB CommonJS file; imported from an
 * ES module, Node first scans all of it for export names, which more than doubled what loading it
 * costs every corsguard run and every ESLint start (measured: ~190 ms as an import, ~70 ms through
 * require). Types still come from the package; each class is exported as a value and a type.
 */
const refa = createRequire(import.meta.url)('refa') as typeof Refa;

export const { getIntersectionIterator, JS, transform, Transformers } = refa;
export const CharSet = refa.CharSet;
export type CharSet = Refa.CharSet;
export const DFA = refa.DFA;
export type DFA = Refa.DFA;
export const NFA = refa.NFA;
export type NFA = Refa.NFA;
export const TooManyNodesError = refa.TooManyNodesError;
export type TooManyNodesError = Refa.TooManyNodesError;
