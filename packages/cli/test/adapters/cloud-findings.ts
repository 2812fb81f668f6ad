import { checkPolicy, recommendedRules, resolveRules, rules } from '@corsguard/core';
import type { Adapter } from '../../src/adapters/adapter.js';
import { policiesOf } from './helpers.js';

const RECOMMENDED = resolveRules(rules, recommendedRules);

/**
 * What the recommended rules report on a snippet through one adapter, as `ruleId/messageId@line:column`
 * sorted by position: the exact findings a user sees, without the CLI around them.
 */
export function findingsOf(adapter: Adapter, path: string, text: string): string[] {
  return policiesOf(adapter, path, text)
    .flatMap((policy) => checkPolicy(policy, RECOMMENDED))
    .sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column)
    .map((finding) => `${finding.ruleId}/${finding.messageId}@${finding.loc.line}:${finding.loc.column}`);
}
