export * from './model.js';
export * from './rule.js';
export * from './engine.js';
export { rules, ruleIds, recommendedRules, strictRules } from './rules/index.js';
