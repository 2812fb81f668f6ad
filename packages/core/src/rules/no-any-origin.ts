import type { RuleReport } from '../rule.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';

export default defineRule({
  id: 'no-any-origin',
  description: "Disallow allowing every origin ('*' or echoing the request origin), for APIs that must not be public.",
  defaultSeverity: 'off',
  type: 'suggestion',
  messages: {
    wildcardOrigin:
      "Every origin is allowed ('*'): scripts on any website can call this server from their visitors' browsers and read the responses. If this API is not meant to be public, list the origins that may use it.",
    reflectedOrigin:
      "Every request origin is echoed back in Access-Control-Allow-Origin: scripts on any website can call this server from their visitors' browsers and read the responses. If this API is not meant to be public, list the origins that may use it.",
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    const reports: RuleReport[] = [];
    for (const matcher of policy.origins) {
      if (matcher.kind === 'any') reports.push({ messageId: 'wildcardOrigin', loc: matcher.loc });
      if (matcher.kind === 'reflect-any') reports.push({ messageId: 'reflectedOrigin', loc: matcher.loc });
    }
    return reports;
  },
});
