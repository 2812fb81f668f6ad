/**
 * Whether a string-shaped origin matcher accepts an origin an attacker can register, which defect
 * lets it, and one such origin for the message.
 *
 * Per branch: the attack set is every registrable http(s) origin outside the branch's intended
 * domain (see intended-domain.ts); the branch is permissive when its language meets that set. To
 * name the defect, the branch is repaired (anchored at both ends, lone dots escaped): if the repaired
 * branch still meets the attack set, the wildcard structure itself is at fault; otherwise the defect
 * is the one repair whose absence alone lets an attack through, and the example comes from that
 * variant, so it shows exactly that defect. Repairs only shrink a language, so every example is
 * accepted by the matcher as written.
 */
import type { DFA } from 'refa';
import { refa } from './automata-libraries.js';
import type { OriginMatcher } from '../model.js';
import { analysisKey, BoundedCache, MAX_CACHED_MATCHERS } from './analysis-cache.js';
import {
  branchLanguage,
  compileOriginMatcher,
  type AnalyzedBranch,
  type BranchRepairs,
  type CompiledOriginMatcher,
  type OriginLanguage,
} from './compile.js';
import { attackerNamedOrigins, attackerOrigins, placeholderAttackerOrigins } from './languages.js';
import { shortestCommonWord } from './shortest-word.js';

export type OriginDefect =
  /** No `$` (or a prefix matcher): the host can continue, `https://example.com.attacker.test`. */
  | 'missing-end-anchor'
  /** No `^` (or a suffix matcher): anything can come first, `https://attackerexample.com`. */
  | 'missing-start-anchor'
  /** A lone `.` matches any character: `https://appxexample.com`. */
  | 'unescaped-dot'
  /** A wildcard runs into the domain's first label with no dot between: `.*example\.com`. */
  | 'no-dot-before-domain'
  /** A wildcard covers the registrable domain itself: `^https://.*$`, `[a-z]+\.com`, `example\.[a-z]+`. */
  | 'wildcard-spans-domain';

export type PermissiveOriginResult =
  | { verdict: 'safe' }
  | { verdict: 'unknown' }
  | {
      verdict: 'permissive';
      defect: OriginDefect;
      /** One origin the matcher accepts that an attacker can register (or a stand-in on `attacker.test`). */
      origin: string;
      /** The registrable domain the author meant, when the structure says. */
      intendedDomain: string | null;
    };

type Repairable = Exclude<OriginDefect, 'no-dot-before-domain' | 'wildcard-spans-domain'>;

function defectsOf(branch: AnalyzedBranch): Repairable[] {
  const defects: Repairable[] = [];
  if (!branch.anchoredEnd) defects.push('missing-end-anchor');
  if (!branch.anchoredStart) defects.push('missing-start-anchor');
  if (branch.unescapedDots.length > 0) defects.push('unescaped-dot');
  return defects;
}

function repairsExcept(defect: Repairable | undefined): BranchRepairs {
  return {
    anchorEnd: defect !== 'missing-end-anchor',
    anchorStart: defect !== 'missing-start-anchor',
    escapeDots: defect !== 'unescaped-dot',
  };
}

/**
 * A readable attack origin in `language`: on the placeholder domain if the matcher allows any host
 * there, else a host starting with `attacker`, else the shortest one; https before http.
 */
function exampleAttack(language: OriginLanguage, intended: string | null): string | undefined {
  const shapes: DFA[] = [
    placeholderAttackerOrigins(intended, 'https'),
    attackerNamedOrigins(intended),
    attackerOrigins(intended, 'https'),
    placeholderAttackerOrigins(intended, 'http'),
    attackerOrigins(intended, 'any'),
  ];
  for (const shape of shapes) {
    const word = shortestCommonWord(language, shape);
    if (word !== undefined) return word;
  }
  return undefined;
}

function analyzeBranch(compiled: CompiledOriginMatcher, branch: AnalyzedBranch): PermissiveOriginResult {
  const intended = branch.intended.domain;
  const attacks = attackerOrigins(intended);
  if (shortestCommonWord(branchLanguage(compiled, branch), attacks) === undefined) return { verdict: 'safe' };

  const permissive = (defect: OriginDefect, language: OriginLanguage): PermissiveOriginResult => {
    const origin = exampleAttack(language, intended);
    return origin === undefined ? { verdict: 'unknown' } : { verdict: 'permissive', defect, origin, intendedDomain: intended };
  };

  const repaired = branchLanguage(compiled, branch, repairsExcept(undefined));
  if (shortestCommonWord(repaired, attacks) !== undefined) {
    const structural = !branch.intended.startsAtLabel && intended !== null ? 'no-dot-before-domain' : 'wildcard-spans-domain';
    return permissive(structural, repaired);
  }
  const defects = defectsOf(branch);
  for (const defect of defects) {
    const variant = branchLanguage(compiled, branch, repairsExcept(defect));
    if (shortestCommonWord(variant, attacks) === undefined) continue;
    // `\.com$` or a `.com` suffix: anchoring would not help, the domain after the open start is too short.
    const named = defect === 'missing-start-anchor' && intended === null ? 'wildcard-spans-domain' : defect;
    return permissive(named, variant);
  }
  // Only a combination of defects lets an attack through; name the first and show the matcher as written.
  const [first] = defects;
  return first === undefined ? { verdict: 'unknown' } : permissive(first, branchLanguage(compiled, branch));
}

/**
 * Decide whether `matcher` accepts an origin an attacker can register. `unknown` when the matcher is
 * not string-shaped, uses syntax the analysis cannot read faithfully, or is too large to analyse.
 * Exact matchers are `safe`: an exact origin is by definition the one the author meant.
 */
export function findPermissiveOrigin(matcher: OriginMatcher): PermissiveOriginResult {
  if (matcher.kind === 'exact') return { verdict: 'safe' };
  const key = analysisKey(matcher);
  if (key === undefined) return { verdict: 'unknown' };
  return permissiveResults.getOrCompute(key, () => analyzeMatcher(matcher));
}

const permissiveResults = new BoundedCache<string, PermissiveOriginResult>(MAX_CACHED_MATCHERS);

function analyzeMatcher(matcher: OriginMatcher): PermissiveOriginResult {
  const compiled = compileOriginMatcher(matcher);
  if (!compiled) return { verdict: 'unknown' };
  let unknown = false;
  for (const branch of compiled.branches) {
    const result = analyzeBranchWithinBounds(compiled, branch);
    if (result.verdict === 'permissive') return result;
    if (result.verdict === 'unknown') unknown = true;
  }
  return unknown ? { verdict: 'unknown' } : { verdict: 'safe' };
}

/** refa throws when an automaton outgrows its bound or meets a construct it does not model; both mean "unknown". */
function analyzeBranchWithinBounds(compiled: CompiledOriginMatcher, branch: AnalyzedBranch): PermissiveOriginResult {
  try {
    return analyzeBranch(compiled, branch);
  } catch (error) {
    if (error instanceof refa().TooManyNodesError || error instanceof Error) return { verdict: 'unknown' };
    throw error;
  }
}
