import { findSuperLinearBacktracking } from '../origin-analysis/index.js';
import type { RuleReport } from '../rule.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';

export default defineRule({
  id: 'no-redos-origin-pattern',
  description: 'Disallow origin regexes that backtrack super-linearly on attacker-chosen Origin headers (ReDoS).',
  defaultSeverity: 'warn',
  type: 'problem',
  messages: {
    exponentialBacktracking:
      "The origin pattern '{{matcher}}' can backtrack exponentially: an Origin header made of many '{{character}}' characters makes the server's regex engine run for seconds or longer, and anyone can send that header. Rewrite the pattern so no two quantifiers can match the same text.",
    ambiguousRepetition:
      "The origin pattern '{{matcher}}' can backtrack exponentially: '{{first}}' and '{{second}}' are alternatives of one repeated group and both match '{{word}}', so an Origin header that repeats '{{word}}' many times makes the server's regex engine try every way to split it, for seconds or longer, and anyone can send that header. Rewrite the group so its alternatives cannot match the same text.",
    polynomialBacktracking:
      "The origin pattern '{{matcher}}' can backtrack polynomially: a long Origin header made of '{{character}}' characters makes each request cost far more CPU than its size, and anyone can send that header. Rewrite the pattern so no two quantifiers can match the same text.",
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    const reports: RuleReport[] = [];
    for (const matcher of policy.origins) {
      if (matcher.kind !== 'pattern') continue;
      const result = findSuperLinearBacktracking(matcher);
      if (result.verdict === 'ambiguous-repetition') {
        const [first, second] = result.alternatives;
        reports.push({ messageId: 'ambiguousRepetition', data: { matcher: matcher.source, first, second, word: result.word }, loc: matcher.loc });
        continue;
      }
      if (result.verdict !== 'super-linear') continue;
      reports.push({
        messageId: result.exponential ? 'exponentialBacktracking' : 'polynomialBacktracking',
        data: { matcher: matcher.source, character: result.character },
        loc: matcher.loc,
      });
    }
    return reports;
  },
});
