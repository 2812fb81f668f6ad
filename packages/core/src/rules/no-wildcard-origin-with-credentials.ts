import type { RuleReport } from '../rule.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';

export default defineRule({
  id: 'no-wildcard-origin-with-credentials',
  description: "Disallow 'Access-Control-Allow-Origin: *' together with 'Access-Control-Allow-Credentials: true'.",
  defaultSeverity: 'error',
  type: 'problem',
  messages: {
    wildcardWithCredentials:
      "Access-Control-Allow-Origin is '*' while Access-Control-Allow-Credentials is 'true': browsers reject every credentialed response with '*', so requests sent with cookies or other credentials fail the CORS check. List the allowed origins instead of '*', or stop allowing credentials.",
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    if (policy.credentials.value !== true) return [];
    const reports: RuleReport[] = [];
    for (const matcher of policy.origins) {
      if (matcher.kind === 'any') reports.push({ messageId: 'wildcardWithCredentials', loc: matcher.loc });
    }
    return reports;
  },
});
