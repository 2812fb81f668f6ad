/**
 * Runs the rule set the way users get it (engine + a named config) and keeps one rule's findings in
 * the shape tests assert on. Fails loudly when a message still holds an unfilled placeholder.
 */
import { checkPolicy, resolveRules, type RuleConfig } from '../../src/engine.js';
import type { CorsPolicy } from '../../src/model.js';
import { recommendedRules, rules } from '../../src/rules/index.js';

export interface FindingShape {
  ruleId: string;
  messageId: string;
  severity: string;
  line: number;
  column: number;
}

export function findingsOf(ruleId: string, policy: CorsPolicy, config: RuleConfig = recommendedRules): FindingShape[] {
  return checkPolicy(policy, resolveRules(rules, config))
    .filter((finding) => finding.ruleId === ruleId)
    .map((finding) => {
      if (/\{\{[^}]*\}\}/.test(finding.message)) {
        throw new Error(`Unfilled placeholder in ${finding.ruleId}/${finding.messageId}: ${finding.message}`);
      }
      return {
        ruleId: finding.ruleId,
        messageId: finding.messageId,
        severity: finding.severity,
        line: finding.loc.line,
        column: finding.loc.column,
      };
    });
}

/** The findings' messages and data, for tests that check what a message tells the user. */
export function detailsOf(ruleId: string, policy: CorsPolicy, config: RuleConfig = recommendedRules) {
  return checkPolicy(policy, resolveRules(rules, config))
    .filter((finding) => finding.ruleId === ruleId)
    .map((finding) => ({ messageId: finding.messageId, message: finding.message, data: finding.data }));
}
