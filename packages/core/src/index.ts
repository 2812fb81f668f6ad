export * from './model.js';
export * from './rule.js';
export * from './engine.js';
export { rules, ruleIds, recommendedRules, strictRules } from './rules/index.js';
/** What a browser does with a set of CORS response headers (Fetch standard, Chromium's wording). */
export * as browser from './browser/index.js';
/** Structural analysis of origin matchers (regexes, prefixes, suffixes, globs), never by running them. */
export * from './origin-analysis/index.js';
