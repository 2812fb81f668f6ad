import type { OriginMatcher } from '../model.js';
import { findPermissiveOrigin, type OriginDefect } from '../origin-analysis/index.js';
import type { RuleReport } from '../rule.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';

type AnalysedMatcher = Extract<OriginMatcher, { kind: 'pattern' | 'prefix' | 'suffix' | 'glob' }>;

function isAnalysed(matcher: OriginMatcher): matcher is AnalysedMatcher {
  return matcher.kind === 'pattern' || matcher.kind === 'prefix' || matcher.kind === 'suffix' || matcher.kind === 'glob';
}

/**
 * The message for a defect. Prefix and suffix matchers have no anchors to forget: their open end is
 * the matcher kind itself, so they get messages that say what to use instead.
 */
function messageIdFor(matcher: AnalysedMatcher, defect: OriginDefect): string {
  if (matcher.kind === 'prefix') return 'prefixWithoutEnd';
  if (matcher.kind === 'suffix' && defect === 'missing-start-anchor') return 'suffixWithoutDot';
  switch (defect) {
    case 'missing-end-anchor':
      return 'missingEndAnchor';
    case 'missing-start-anchor':
      return 'missingStartAnchor';
    case 'unescaped-dot':
      return 'unescapedDot';
    case 'no-dot-before-domain':
      return 'noDotBeforeDomain';
    case 'wildcard-spans-domain':
      return 'wildcardSpansDomain';
  }
}

function matcherText(matcher: AnalysedMatcher): string {
  return matcher.kind === 'pattern' ? matcher.source : matcher.value;
}

export default defineRule({
  id: 'no-permissive-origin-pattern',
  description: 'Disallow origin regexes, prefixes, suffixes and globs that accept origins an attacker can register.',
  defaultSeverity: 'error',
  type: 'problem',
  messages: {
    missingEndAnchor:
      "The origin pattern '{{matcher}}' is not anchored at the end, so it also accepts '{{origin}}', an origin anyone can register. End the pattern with '$'.",
    missingStartAnchor:
      "The origin pattern '{{matcher}}' is not anchored at the start, so it also accepts '{{origin}}', an origin anyone can register. Start the pattern with '^' and the scheme.",
    unescapedDot:
      "The origin pattern '{{matcher}}' has an unescaped '.', which matches any character, so it also accepts '{{origin}}', an origin anyone can register. Escape the dot as '\\.'.",
    noDotBeforeDomain:
      "The origin matcher '{{matcher}}' lets anything come right before '{{domain}}' without a dot in between, so it also accepts '{{origin}}', an origin anyone can register. Require a '.' before the domain and list the domain itself separately.",
    wildcardSpansDomain:
      "The origin matcher '{{matcher}}' lets a wildcard stand for the registrable domain itself, so it accepts '{{origin}}', an origin anyone can register. Spell out the domain you own.",
    prefixWithoutEnd:
      "The prefix origin matcher '{{matcher}}' leaves the end of the origin open, so it also accepts '{{origin}}', an origin anyone can register. Match the exact origin instead.",
    suffixWithoutDot:
      "The suffix origin matcher '{{matcher}}' does not start with a dot, so it also accepts '{{origin}}', an origin anyone can register. Start the suffix with '.' and match the domain itself exactly.",
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    const reports: RuleReport[] = [];
    for (const matcher of policy.origins) {
      if (!isAnalysed(matcher)) continue;
      const result = findPermissiveOrigin(matcher);
      if (result.verdict !== 'permissive') continue;
      reports.push({
        messageId: messageIdFor(matcher, result.defect),
        data: { matcher: matcherText(matcher), origin: result.origin, domain: result.intendedDomain ?? '' },
        loc: matcher.loc,
      });
    }
    return reports;
  },
});
