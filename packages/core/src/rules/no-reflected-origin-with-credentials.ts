import type { RuleReport } from '../rule.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';

export default defineRule({
  id: 'no-reflected-origin-with-credentials',
  description: 'Disallow echoing every request origin back while credentials are allowed.',
  defaultSeverity: 'error',
  type: 'problem',
  messages: {
    reflectedWithCredentials:
      "Every request origin is echoed back in Access-Control-Allow-Origin while Access-Control-Allow-Credentials is 'true': any website a logged-in user visits can send requests with the user's cookies and read the responses. Allow only a list of trusted origins.",
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    if (policy.credentials.value !== true) return [];
    const reports: RuleReport[] = [];
    for (const matcher of policy.origins) {
      if (matcher.kind === 'reflect-any') reports.push({ messageId: 'reflectedWithCredentials', loc: matcher.loc });
    }
    return reports;
  },
});
