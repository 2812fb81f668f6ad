export * from './model.js';
export * from './rule.js';
export * from './engine.js';
export { rules, ruleIds, recommendedRules, strictRules } from './rules/index.js';
/** What a browser does with a set of CORS response headers (Fetch standard, Chromium's wording). */
export * as browser from './browser/index.js';
