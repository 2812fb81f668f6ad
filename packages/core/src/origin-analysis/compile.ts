/**
 * Turns an origin matcher into analysed branches and builds, per branch, the automaton of every
 * string the server accepts through it (its "language"), optionally with a defect repaired. Under
 * search semantics an end the branch does not anchor is padded with `[^]*`. Assertions (`\b`,
 * lookarounds, a `^` inside a branch) are first folded into the surrounding text by refa's simplifier
 * (`x\b[^]*` becomes `x(?:\W[^]*|(?!\w))`); what remains is treated as never matching, so a language
 * is at most what the server accepts: every origin found in it is really accepted.
 */
import type { AST } from '@eslint-community/regexpp';
import type { CharSet, Concatenation, JS, NFA, NoParent, TransitionIterable } from 'refa';
import { refa, regexpAstAnalysis } from './automata-libraries.js';
import type { OriginMatcher } from '../model.js';
import { expandBranches, type Branch } from './branches.js';
import { parseOriginRegex } from './dialect.js';
import { intendedDomain, isUnescapedDot, type IntendedDomain } from './intended-domain.js';
import { ALPHABET_MAX } from './languages.js';
import { toOriginRegex } from './matcher-regex.js';

export interface AnalyzedBranch {
  /** The branch without its leading `^` and trailing `$`. */
  body: Branch;
  /** Matched from the start of the origin: a `^`, a sticky flag or a full-match dialect. */
  anchoredStart: boolean;
  /** Matched up to the end of the origin: a `$` or a full-match dialect. */
  anchoredEnd: boolean;
  unescapedDots: readonly AST.AnyCharacterSet[];
  intended: IntendedDomain;
  /** The body holds assertions besides its edge anchors, which the simplifier must fold. */
  hasAssertions: boolean;
}

export interface CompiledOriginMatcher {
  matcher: OriginMatcher;
  branches: readonly AnalyzedBranch[];
  parser: JS.Parser;
}

/** A set of strings as a lazily readable automaton over the origin alphabet. */
export type OriginLanguage = TransitionIterable<NFA.ReadonlyNode>;

export interface BranchRepairs {
  anchorStart?: boolean;
  anchorEnd?: boolean;
  escapeDots?: boolean;
}

/** NFA states one branch's language may take before the analysis gives up on the matcher. */
const MAX_BRANCH_NODES = 5000;
/**
 * NFA transitions a branch may have: chains of optional parts (`[a-z]?` repeated) give every state
 * an edge to each later one, and every search over such an automaton pays for all of them.
 */
const MAX_BRANCH_TRANSITIONS = 20000;
/** An origin is at most a few hundred characters; a longer matcher is generated, not written, and not analysed. */
export const MAX_MATCHER_LENGTH = 2048;
/** Bounded repeats at or above this count are treated as unbounded: words found stay far shorter. */
const INFINITY_THRESHOLD = 100;
const DOT = 0x2e;
const SIMPLIFY_PASSES = 10;

function isEdgeAnchor(element: AST.Element | undefined, kind: 'start' | 'end'): boolean {
  return element?.type === 'Assertion' && element.kind === kind;
}

function analyzeBranch(branch: Branch, flags: AST.Flags, search: boolean, sticky: boolean): AnalyzedBranch {
  let first = 0;
  let last = branch.length;
  let startAnchor = false;
  let endAnchor = false;
  while (first < last && isEdgeAnchor(branch[first], 'start')) {
    first++;
    startAnchor = true;
  }
  while (last > first && isEdgeAnchor(branch[last - 1], 'end')) {
    last--;
    endAnchor = true;
  }
  const body = branch.slice(first, last);
  const anchoredStart = !search || sticky || startAnchor;
  return {
    body,
    anchoredStart,
    anchoredEnd: !search || endAnchor,
    unescapedDots: body.filter(isUnescapedDot),
    intended: intendedDomain(body, flags, anchoredStart),
    hasAssertions: body.some((element) => regexpAstAnalysis().hasSomeDescendant(element, (node) => node.type === 'Assertion')),
  };
}

/** Analyse a string-shaped matcher, or `undefined` when it is not one or cannot be read faithfully. */
export function compileOriginMatcher(matcher: OriginMatcher): CompiledOriginMatcher | undefined {
  const regex = toOriginRegex(matcher);
  if (!regex || regex.source.length > MAX_MATCHER_LENGTH) return undefined;
  const parsed = parseOriginRegex(regex.source, regex.flags, regex.dialect);
  if (!parsed) return undefined;
  const branches = expandBranches(parsed.pattern);
  if (!branches) return undefined;
  let parser: JS.Parser;
  try {
    parser = refa().JS.Parser.fromAst({ pattern: parsed.pattern, flags: parsed.flags });
  } catch {
    return undefined;
  }
  return {
    matcher,
    parser,
    branches: branches.map((branch) => analyzeBranch(branch, parsed.flags, parsed.search, parsed.sticky)),
  };
}

type ReAstElement = NoParent<JS.ParseResult['expression']['alternatives'][number]['elements'][number]>;

function anything(maxCharacter: JS.ParseResult['maxCharacter']): ReAstElement {
  return {
    type: 'Quantifier',
    min: 0,
    max: Infinity,
    lazy: false,
    alternatives: [{ type: 'Concatenation', elements: [{ type: 'CharacterClass', characters: refa().CharSet.all(maxCharacter) }] }],
  };
}

/** A view of an automaton over the shared BMP alphabet (origins never hold astral characters). */
function overOriginAlphabet<T>(fa: TransitionIterable<T>): TransitionIterable<T> {
  if (fa.maxCharacter === ALPHABET_MAX) return fa;
  return {
    maxCharacter: ALPHABET_MAX,
    transitionIterator() {
      const inner = fa.transitionIterator();
      return {
        initial: inner.initial,
        isFinal: inner.isFinal,
        getOut(state) {
          const out = new Map<T, CharSet>();
          for (const [to, set] of inner.getOut(state)) {
            const resized = set.resize(ALPHABET_MAX);
            if (!resized.isEmpty) out.set(to, resized);
          }
          return out;
        },
      };
    },
  };
}

/**
 * The strings the server accepts through one branch, with the given repairs applied.
 * @throws refa's `TooManyNodesError` when the automaton grows past its bound.
 */
export function branchLanguage(
  compiled: CompiledOriginMatcher,
  branch: AnalyzedBranch,
  repairs: BranchRepairs = {},
): OriginLanguage {
  const { CharSet, NFA, TooManyNodesError, transform, Transformers } = refa();
  const { parser } = compiled;
  const { maxCharacter } = parser;
  const elements: ReAstElement[] = [];
  if (!branch.anchoredStart && !repairs.anchorStart) elements.push(anything(maxCharacter));
  for (const element of branch.body) {
    if (repairs.escapeDots && isUnescapedDot(element)) {
      elements.push({ type: 'CharacterClass', characters: CharSet.fromCharacter(maxCharacter, DOT as never) });
      continue;
    }
    const { expression } = parser.parseElement(element, {
      backreferences: 'disable',
      assertions: 'parse',
      maxNodes: MAX_BRANCH_NODES,
    });
    elements.push({ type: 'Alternation', alternatives: expression.alternatives });
  }
  if (!branch.anchoredEnd && !repairs.anchorEnd) elements.push(anything(maxCharacter));
  let alternatives: NoParent<Concatenation>[] = [{ type: 'Concatenation', elements }];
  if (branch.hasAssertions) {
    // Order and ambiguity do not matter here, only the set of accepted strings.
    const simplify = Transformers.simplify({ ignoreOrder: true, ignoreAmbiguity: true });
    alternatives = transform(simplify, { type: 'Expression', alternatives }, { maxPasses: SIMPLIFY_PASSES }).alternatives;
  }
  const nfa = NFA.fromRegex(
    alternatives,
    { maxCharacter },
    { assertions: 'disable', unknowns: 'disable', infinityThreshold: INFINITY_THRESHOLD },
    new NFA.LimitedNodeFactory(MAX_BRANCH_NODES),
  );
  let transitions = 0;
  for (const node of nfa.nodes()) transitions += node.out.size;
  TooManyNodesError.assert(transitions, MAX_BRANCH_TRANSITIONS, 'NFA transitions');
  return overOriginAlphabet(nfa);
}
