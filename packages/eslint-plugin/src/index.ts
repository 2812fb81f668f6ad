import { createRequire } from 'node:module';
import { recommendedRules, rules as coreRules, strictRules, type RuleConfig } from '@corsguard/core';
import type { TSESLint } from '@typescript-eslint/utils';
import { eslintRule, type CorsguardRule } from './create-rules.js';

const packageJson = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** Every core rule as an ESLint rule, under the core's id. */
export const rules: Record<string, CorsguardRule> = Object.fromEntries(coreRules.map((rule) => [rule.id, eslintRule(rule)]));

interface CorsguardPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<string, CorsguardRule>;
  configs: { recommended: TSESLint.FlatConfig.Config; strict: TSESLint.FlatConfig.Config };
}

const plugin: CorsguardPlugin = {
  meta: { name: packageJson.name, version: packageJson.version, namespace: 'corsguard' },
  rules,
  configs: {} as CorsguardPlugin['configs'],
};

function flatConfig(name: string, ruleConfig: RuleConfig): TSESLint.FlatConfig.Config {
  return {
    name: `corsguard/${name}`,
    plugins: { corsguard: plugin as unknown as TSESLint.FlatConfig.Plugin },
    rules: Object.fromEntries(
      Object.entries(ruleConfig).map(([id, setting]) => [`corsguard/${id}`, setting as TSESLint.FlatConfig.RuleEntry]),
    ),
  };
}

plugin.configs.recommended = flatConfig('recommended', recommendedRules);
plugin.configs.strict = flatConfig('strict', strictRules);

export const configs = plugin.configs;
export default plugin;
