/**
 * A configured allowlist of origins (the `trusted-origins` option) as an automaton, and the
 * questions the rule asks of it: is this exact origin trusted, and which origin does a matcher
 * accept that the list does not cover.
 *
 * Entry forms:
 * - an origin, `https://app.example.com` (compared exactly, after lowercasing);
 * - a host glob, `https://*.example.com`, where `*` stands for any run of host characters, dots
 *   included, so it covers subdomains at any depth;
 * - a JavaScript regex written `/source/flags`, tested the way `RegExp.prototype.test` does (anchor it
 *   with `^…$` to match whole origins);
 * - `null`, trusting the `null` origin.
 */
import type { DFA } from 'refa';
import { refa } from './automata-libraries.js';
import type { OriginMatcher } from '../model.js';
import { findAcceptedOrigin, type AcceptedOriginResult } from './accepted-origin.js';
import { branchLanguage, compileOriginMatcher, type OriginLanguage } from './compile.js';
import { complementLanguage, intersectLanguages, placeholderAttackerOrigins, validOrigins } from './languages.js';
import { shortestCommonWord } from './shortest-word.js';

export interface OriginAllowlist {
  /** Whether the `null` origin is listed. */
  trustsNull: boolean;
  /** Valid origins the list does not cover. */
  untrusted: DFA;
  /** Valid origins the list covers. */
  trusted: DFA;
}

export type AllowlistResult = { ok: true; allowlist: OriginAllowlist } | { ok: false; entry: string };

const MAX_ALLOWLIST_NFA_NODES = 20000;
/** Subset construction can blow up (`.*a.{60}`); an allowlist needing more states is refused. */
const MAX_ALLOWLIST_DFA_NODES = 5000;
const REGEX_ENTRY = /^\/(.+)\/([a-z]*)$/s;
const NOWHERE = { kind: 'unknown', loc: { line: 1, column: 1, endLine: 1, endColumn: 1 } } as const;

/** The matcher an allowlist entry amounts to; `undefined` for `null`. */
function entryMatcher(entry: string): OriginMatcher | undefined {
  const regex = REGEX_ENTRY.exec(entry);
  if (regex) return { ...NOWHERE, kind: 'pattern', source: regex[1] ?? '', flags: regex[2] ?? '', dialect: 'js' };
  if (entry.includes('*')) return { ...NOWHERE, kind: 'glob', value: entry.toLowerCase(), star: 'any' };
  return { ...NOWHERE, kind: 'exact', value: entry.toLowerCase(), compared: true };
}

function entryLanguages(entry: string): OriginLanguage[] | undefined {
  const matcher = entryMatcher(entry);
  if (!matcher) return [];
  const compiled = compileOriginMatcher(matcher);
  if (!compiled) return undefined;
  return compiled.branches.map((branch) => branchLanguage(compiled, branch));
}

/** Compile the option's entries, or name the first entry that cannot be read (an invalid regex, one too large). */
export function compileAllowlist(entries: readonly string[]): AllowlistResult {
  const { DFA, NFA, TooManyNodesError } = refa();
  const union = NFA.empty({ maxCharacter: validOrigins().maxCharacter });
  let trustsNull = false;
  for (const entry of entries) {
    if (entry === 'null') {
      trustsNull = true;
      continue;
    }
    try {
      const languages = entryLanguages(entry);
      if (!languages) return { ok: false, entry };
      for (const language of languages) union.union(language, new NFA.LimitedNodeFactory(MAX_ALLOWLIST_NFA_NODES));
    } catch (error) {
      if (error instanceof TooManyNodesError) return { ok: false, entry };
      throw error;
    }
  }
  try {
    const listed = DFA.fromFA(union, new DFA.LimitedNodeFactory(MAX_ALLOWLIST_DFA_NODES));
    const trusted = intersectLanguages(validOrigins(), listed);
    const untrusted = intersectLanguages(validOrigins(), complementLanguage(listed));
    return { ok: true, allowlist: { trustsNull, trusted, untrusted } };
  } catch (error) {
    if (error instanceof TooManyNodesError) return { ok: false, entry: entries.join(', ') };
    throw error;
  }
}

function toWord(text: string): number[] {
  return Array.from(text, (char) => char.charCodeAt(0));
}

/** Whether the list covers this exact origin (compared as a browser would send it, lowercase). */
export function isTrustedOrigin(allowlist: OriginAllowlist, origin: string): boolean {
  if (origin === 'null') return allowlist.trustsNull;
  return allowlist.trusted.test(toWord(origin.trim().toLowerCase()) as never);
}

/** For matchers that accept every origin: an untrusted one, `https://attacker.test` when the list leaves it out. */
export function anyUntrustedOrigin(allowlist: OriginAllowlist): string | undefined {
  return (
    shortestCommonWord(placeholderAttackerOrigins(null), allowlist.untrusted) ??
    shortestCommonWord(validOrigins(), allowlist.untrusted)
  );
}

/** An origin the matcher accepts that the list does not cover. */
export function findUntrustedOrigin(matcher: OriginMatcher, allowlist: OriginAllowlist): AcceptedOriginResult {
  return findAcceptedOrigin(matcher, allowlist.untrusted);
}
