import type { CorsPolicy } from '../model.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';

/**
 * Why Access-Control-Allow-Origin depends on the request, as the message words it, or undefined when
 * the header is the same for every caller (`*`, one fixed origin, `null`) or cannot be known.
 */
function perRequestReason(policy: CorsPolicy): string | undefined {
  const kinds = new Set(policy.origins.map((matcher) => matcher.kind));
  if (kinds.has('reflect-any')) return 'the request origin is echoed back';
  if (kinds.has('pattern') || kinds.has('prefix') || kinds.has('suffix') || kinds.has('glob')) {
    return 'the request origin is echoed back when it matches a pattern';
  }
  if (policy.origins.length > 1) return `one of ${policy.origins.length} allowed origins is picked`;
  if (policy.origins.some((matcher) => matcher.kind === 'exact' && matcher.compared)) {
    return 'the request origin is echoed back only when it equals the allowed origin';
  }
  return undefined;
}

export default defineRule({
  id: 'require-vary-origin',
  description: "Require 'Vary: Origin' when Access-Control-Allow-Origin is chosen per request.",
  defaultSeverity: 'error',
  type: 'problem',
  messages: {
    missingVary:
      "Access-Control-Allow-Origin is chosen per request ({{reason}}) but responses do not carry 'Vary: Origin': a browser or shared cache can hand the response built for one origin to another, whose request then fails the CORS check, and an attacker can poison a shared cache this way. Add 'Vary: Origin' to every response.",
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    if (policy.vary.value !== false) return [];
    const reason = perRequestReason(policy);
    return reason === undefined ? [] : [{ messageId: 'missingVary', data: { reason }, loc: policy.vary.loc }];
  },
});
