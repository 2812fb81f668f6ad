/**
 * Super-linear backtracking in origin regexes, found by analysis of the parsed regex (never by
 * running it): scslre's, and ambiguous alternatives under a repetition, which scslre does not model. Only backtracking engines are checked: JavaScript's and PCRE's (Kong and APISIX run
 * origins through `ngx.re`). RE2 (Envoy, Istio, Traefik's Go `regexp`) matches in linear time by design.
 * Only backtracking between or within quantifiers counts; scslre's "move" reports (quadratic cost of an
 * unanchored search retried at every offset) are left out, as almost every unanchored pattern has one
 * and an Origin header is short.
 */
import type { AST } from '@eslint-community/regexpp';
import { visitRegExpAST } from '@eslint-community/regexpp';
import { refa, regexpAstAnalysis, scslre } from './automata-libraries.js';
import type { OriginMatcher } from '../model.js';
import { analysisKey, BoundedCache, MAX_CACHED_MATCHERS } from './analysis-cache.js';
import { MAX_MATCHER_LENGTH } from './compile.js';
import { parseOriginRegexAsRun, type ParsedOriginRegex } from './dialect.js';

export type BacktrackingResult =
  | { verdict: 'linear' }
  | { verdict: 'unknown' }
  | {
      verdict: 'super-linear';
      exponential: boolean;
      /** A character whose repetition in the Origin header triggers the backtracking. */
      character: string;
    }
  | {
      verdict: 'ambiguous-repetition';
      /** Two alternatives of one repeated group, as written. */
      alternatives: [string, string];
      /** A word both match: an Origin header repeating it triggers the backtracking. */
      word: string;
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
  if (reports.length === 0) return ambiguousRepetition(parsed) ?? { verdict: 'linear' };
  const worst = reports.find((report) => report.exponential) ?? reports[0];
  if (!worst) return { verdict: 'linear' };
  return { verdict: 'super-linear', exponential: worst.exponential, character: worst.character.pick };
}

/** Bounds the automata built per alternative; a larger one is left unanalysed. */
const MAX_ALTERNATIVE_NODES = 2000;

/**
 * A repeated group with two alternatives that match a common word, as in `(www\.|[a-z]{3}\.)*`:
 * a run of n copies of that word can be split between the two in 2^n ways, and a backtracking
 * engine tries them all before it gives up on an input that fails after the run. scslre looks for
 * quantifiers that trade characters and misses this when the alternatives are of fixed length.
 * Only a repetition followed by something that can fail is reported: a star at the end of an
 * unanchored search simply stops early.
 */
function ambiguousRepetition(parsed: ParsedOriginRegex): BacktrackingResult | undefined {
  const { JS, NFA, getIntersectionWordSets } = refa();
  let found: BacktrackingResult | undefined;
  let parser: InstanceType<typeof JS.Parser>;
  try {
    parser = JS.Parser.fromAst({ pattern: parsed.pattern, flags: parsed.flags });
  } catch {
    return undefined;
  }
  visitRegExpAST(parsed.pattern, {
    onQuantifierEnter(quantifier) {
      if (found !== undefined || quantifier.max !== Infinity) return;
      const group = quantifier.element;
      if ((group.type !== 'Group' && group.type !== 'CapturingGroup') || group.alternatives.length < 2) return;
      if (!canFailAfter(quantifier, parsed.flags)) return;
      const languages = group.alternatives.map((alternative) => {
        try {
          const { expression, maxCharacter } = parser.parseElement(alternative, { backreferences: 'throw', assertions: 'throw', maxNodes: MAX_ALTERNATIVE_NODES });
          return NFA.fromRegex(expression, { maxCharacter }, {}, new NFA.LimitedNodeFactory(MAX_ALTERNATIVE_NODES));
        } catch {
          return undefined;
        }
      });
      for (let i = 0; i < languages.length && found === undefined; i++) {
        for (let j = i + 1; j < languages.length && found === undefined; j++) {
          const left = languages[i];
          const right = languages[j];
          if (left === undefined || right === undefined) continue;
          const word = firstCommonWord(getIntersectionWordSets(left, right, MAX_ALTERNATIVE_NODES));
          if (word === undefined) continue;
          found = {
            verdict: 'ambiguous-repetition',
            alternatives: [(group.alternatives[i] as AST.Alternative).raw, (group.alternatives[j] as AST.Alternative).raw],
            word,
          };
        }
      }
    },
  });
  return found;
}

/** A non-empty word of the first word sets given (shortest first), each character its set's lowest. */
function firstCommonWord(wordSets: Iterable<readonly { ranges: readonly { min: number }[] }[]>): string | undefined {
  let checked = 0;
  for (const wordSet of wordSets) {
    if (++checked > 8) return undefined;
    if (wordSet.length === 0) continue;
    return wordSet.map((chars) => String.fromCharCode(chars.ranges[0]?.min ?? 0x3f)).join('');
  }
  return undefined;
}

/** Whether some element after the repetition, at its level or an enclosing one, must match a character or the end. */
function canFailAfter(quantifier: AST.Quantifier, flags: AST.Flags): boolean {
  const { isPotentiallyZeroLength } = regexpAstAnalysis();
  let node: AST.Node = quantifier;
  while (node.parent !== null) {
    const parent: AST.Node = node.parent;
    if (parent.type === 'Alternative') {
      const after = parent.elements.slice(parent.elements.indexOf(node as AST.Element) + 1);
      if (after.some((next) => (next.type === 'Assertion' && next.kind === 'end') || !isPotentiallyZeroLength(next, flags))) return true;
    }
    node = parent;
  }
  return false;
}
