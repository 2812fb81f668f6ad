import { resolveRules, rules as allRules, type RuleConfig, type Severity } from '@corsguard/core';
import type { Adapter } from '../adapters/adapter.js';
import { loadUserAdapters } from '../config/user-adapters.js';
import type { LintSetup } from './lint-text.js';

/**
 * What a lint needs, in a form that crosses to a worker thread: rule settings and adapter module
 * URLs, never functions. Each thread turns it into a `LintSetup` of its own.
 */
export interface SetupSpec {
  rules: RuleConfig;
  adapterModules: string[];
  reportUnusedDisableDirectives: Severity;
}

export async function buildSetup(spec: SetupSpec): Promise<LintSetup> {
  const { builtinAdapters } = await import('../adapters/index.js');
  const userAdapters = await loadUserAdapters(spec.adapterModules);
  const adapters: Adapter[] = [...builtinAdapters, ...userAdapters];
  return {
    adapters,
    rules: resolveRules(allRules, spec.rules),
    knownRuleIds: new Set(allRules.map((rule) => rule.id)),
    reportUnusedDisableDirectives: spec.reportUnusedDisableDirectives,
  };
}
