import { docsUrl, type RuleDefinition } from '@corsguard/core';
import { ESLintUtils, type JSONSchema, type TSESLint } from '@typescript-eslint/utils';
import { analyseFile } from './analysis/file-analysis.js';
import { eslintLocation, locationKey } from './analysis/location.js';
import { REMEDY_MESSAGES, remediesFor, ruleOffersFix, ruleOffersSuggestions } from './remedies.js';

const createRule = ESLintUtils.RuleCreator((name) => docsUrl(name));

export type CorsguardRule = TSESLint.RuleModule<string, [Record<string, unknown>]>;

/**
 * The ESLint face of one core rule: same id, messages, options and docs page. The rule itself only
 * runs the core check over the policies of the file; reading the file happens once, shared by all
 * corsguard rules (see analysis/file-analysis.ts).
 */
export function eslintRule(core: RuleDefinition<object>): CorsguardRule {
  const rule = createRule<[Record<string, unknown>], string>({
    name: core.id,
    meta: {
      type: core.type,
      docs: { description: core.description },
      messages: { ...core.messages, ...REMEDY_MESSAGES },
      schema: [core.optionsSchema as unknown as JSONSchema.JSONSchema4],
      defaultOptions: [core.defaultOptions as Record<string, unknown>],
      ...(ruleOffersFix(core.id) ? { fixable: 'code' as const } : {}),
      ...(ruleOffersSuggestions(core.id) ? { hasSuggestions: true } : {}),
    },
    create(context, [options]) {
      return {
        'Program:exit'() {
          const { policies, hints } = analyseFile(context.sourceCode);
          if (policies.length === 0) return;
          const reported = new Set<string>();
          for (const policy of policies) {
            for (const report of core.check(policy, { ...core.defaultOptions, ...options })) {
              const key = `${report.messageId}@${locationKey(report.loc)}#${JSON.stringify(report.data ?? {})}`;
              if (reported.has(key)) continue;
              reported.add(key);
              const remedies = remediesFor(core.id, report, hints.at(report.loc), context.sourceCode);
              context.report({
                loc: eslintLocation(report.loc),
                messageId: report.messageId,
                ...(report.data === undefined ? {} : { data: report.data }),
                ...remedies,
              });
            }
          }
        },
      };
    },
  });
  return rule as unknown as CorsguardRule;
}
