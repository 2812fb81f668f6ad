import type { CorsPolicy } from './model.js';
import { formatMessage, type Finding, type RuleDefinition, type Severity } from './rule.js';

/** A rule's setting as ESLint users write it: a severity, or `[severity, options]`. */
export type RuleSetting = Severity | [Severity] | [Severity, Record<string, unknown>];

/** Rule id → setting. Rules not named are off. */
export type RuleConfig = Record<string, RuleSetting>;

export interface ResolvedRule {
  rule: RuleDefinition<object>;
  severity: Exclude<Severity, 'off'>;
  options: object;
}

/** Where the rule docs live; one place so the ESLint plugin's `meta.docs.url` and SARIF `helpUri` agree. */
export const DOCS_BASE_URL = 'https://github.com/corsguard/corsguard/blob/main/packages/core/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

/** Turn a config into the list of enabled rules with their options merged over the defaults. */
export function resolveRules(all: readonly RuleDefinition<object>[], config: RuleConfig): ResolvedRule[] {
  const resolved: ResolvedRule[] = [];
  for (const rule of all) {
    const setting = config[rule.id];
    if (setting === undefined) continue;
    const [severity, options] = Array.isArray(setting) ? setting : [setting];
    if (severity === 'off') continue;
    resolved.push({ rule, severity, options: { ...rule.defaultOptions, ...(options ?? {}) } });
  }
  return resolved;
}

/** Run the enabled rules over one policy. */
export function checkPolicy(policy: CorsPolicy, rules: readonly ResolvedRule[]): Finding[] {
  const findings: Finding[] = [];
  for (const { rule, severity, options } of rules) {
    for (const report of rule.check(policy, options)) {
      const template = rule.messages[report.messageId];
      if (template === undefined) {
        throw new Error(`Rule ${rule.id} reported unknown messageId ${report.messageId}`);
      }
      const data = report.data ?? {};
      findings.push({
        ruleId: rule.id,
        messageId: report.messageId,
        message: formatMessage(template, data),
        severity: report.escalate ? 'error' : severity,
        loc: report.loc,
        data,
      });
    }
  }
  return findings;
}
