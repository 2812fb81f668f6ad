import type { RuleConfig } from '../engine.js';
import type { RuleDefinition } from '../rule.js';
import explicitAuthorizationHeader from './explicit-authorization-header.js';
import maxAgeWithinBrowserCap from './max-age-within-browser-cap.js';
import noAnyOrigin from './no-any-origin.js';
import noInsecureOrigin from './no-insecure-origin.js';
import noNullOrigin from './no-null-origin.js';
import noPrivateNetworkWithAnyOrigin from './no-private-network-with-any-origin.js';
import noPermissiveOriginPattern from './no-permissive-origin-pattern.js';
import noRedosOriginPattern from './no-redos-origin-pattern.js';
import noReflectedOriginWithCredentials from './no-reflected-origin-with-credentials.js';
import noWildcardListsWithCredentials from './no-wildcard-lists-with-credentials.js';
import noWildcardOriginWithCredentials from './no-wildcard-origin-with-credentials.js';
import requirePreflightHandler from './require-preflight-handler.js';
import requireVaryOrigin from './require-vary-origin.js';
import trustedOrigins from './trusted-origins.js';
import validCredentials from './valid-credentials.js';
import validExposeHeaders from './valid-expose-headers.js';
import validMethods from './valid-methods.js';
import validOrigin from './valid-origin.js';

/**
 * Every rule: the contract table of issue 2 in its order, then the rules later issues add
 * (no-redos-origin-pattern, issue 5; no-private-network-with-any-origin, from the fact sheet's advice on
 * Private Network Access; valid-expose-headers, from its forbidden response header names; valid-credentials, from the
 * Allow-Credentials grammar). The docs table lists them in the same order.
 */
export const rules: readonly RuleDefinition<object>[] = [
  noWildcardOriginWithCredentials,
  noReflectedOriginWithCredentials,
  noNullOrigin,
  noPermissiveOriginPattern,
  noInsecureOrigin,
  validOrigin,
  requireVaryOrigin,
  requirePreflightHandler,
  maxAgeWithinBrowserCap,
  noWildcardListsWithCredentials,
  explicitAuthorizationHeader,
  validMethods,
  noAnyOrigin,
  trustedOrigins,
  noRedosOriginPattern,
  noPrivateNetworkWithAnyOrigin,
  validExposeHeaders,
  validCredentials,
];

export const ruleIds: readonly string[] = rules.map((rule) => rule.id);

/** Each rule at its default severity; rules that are off by default are left out. */
export const recommendedRules: RuleConfig = Object.fromEntries(
  rules.filter((rule) => rule.defaultSeverity !== 'off').map((rule) => [rule.id, rule.defaultSeverity]),
);

/** Every rule on, as an error. */
export const strictRules: RuleConfig = Object.fromEntries(rules.map((rule) => [rule.id, 'error']));
