import { recommendedRules, resolveRules, rules } from '@corsguard/core';
import { builtinAdapters } from '../../src/adapters/index.js';
import { lintText } from '../../src/lint/lint-text.js';

/** One finding as fixture expectations write it: rule, message, start line and column. */
export type Finding = [ruleId: string | null, messageId: string | null | undefined, line: number, column: number];

/**
 * The findings the recommended rules give for a config snippet, linted as the CLI lints a
 * file (multi-document streams, Lists and ConfigMaps included), so a test pins the whole answer.
 */
export function findingsOf(path: string, text: string): Finding[] {
  const outcome = lintText(path, text, {
    adapters: [...builtinAdapters],
    rules: resolveRules(rules, recommendedRules),
    knownRuleIds: new Set(rules.map((rule) => rule.id)),
    reportUnusedDisableDirectives: 'warn',
  });
  if (outcome.kind !== 'linted') throw new Error(`${path} was skipped: ${outcome.reason}`);
  return outcome.result.messages.map((message) => [message.ruleId, message.messageId, message.line, message.column]);
}
