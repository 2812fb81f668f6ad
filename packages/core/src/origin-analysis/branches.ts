/**
 * Splits a regex into branches: flat element sequences, one per way through its alternations, with
 * unquantified groups inlined. `^https://(a|b)\.example\.com$|^http://localhost$` becomes three
 * branches. Each branch is one thing the author allowed, so each is judged against its own intended
 * domain; the union of the branches' languages is the regex's language, because concatenation
 * distributes over alternation.
 */
import type { AST } from '@eslint-community/regexpp';

export type Branch = readonly AST.Element[];

/** More branches than this (nested alternations multiply) and the analysis gives up. */
export const MAX_BRANCHES = 64;

function isInlinableGroup(element: AST.Element): element is AST.Group | AST.CapturingGroup {
  // A group with modifiers (`(?i:…)`) changes how its content matches, so it stays one element.
  return (element.type === 'Group' && !element.modifiers) || element.type === 'CapturingGroup';
}

function expandSequence(elements: readonly AST.Element[]): AST.Element[][] | undefined {
  let partial: AST.Element[][] = [[]];
  for (const element of elements) {
    if (!isInlinableGroup(element)) {
      for (const branch of partial) branch.push(element);
      continue;
    }
    const inner = expandAlternatives(element.alternatives);
    if (!inner) return undefined;
    const next: AST.Element[][] = [];
    for (const head of partial) {
      for (const tail of inner) next.push([...head, ...tail]);
    }
    if (next.length > MAX_BRANCHES) return undefined;
    partial = next;
  }
  return partial;
}

function expandAlternatives(alternatives: readonly AST.Alternative[]): AST.Element[][] | undefined {
  const branches: AST.Element[][] = [];
  for (const alternative of alternatives) {
    const expanded = expandSequence(alternative.elements);
    if (!expanded) return undefined;
    branches.push(...expanded);
    if (branches.length > MAX_BRANCHES) return undefined;
  }
  return branches;
}

/** The pattern's branches, or `undefined` when there are more than `MAX_BRANCHES`. */
export function expandBranches(pattern: AST.Pattern): Branch[] | undefined {
  return expandAlternatives(pattern.alternatives);
}
