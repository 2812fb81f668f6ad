import type { RuleReport } from '../rule.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';
import { isToken } from '../browser/header-values.js';
import { FORBIDDEN_RESPONSE_HEADERS } from '../browser/response-exposure.js';
import { namesIn } from './header-list-items.js';

export default defineRule({
  id: 'valid-expose-headers',
  description: 'Require Access-Control-Expose-Headers to list header names that browsers can expose to scripts.',
  defaultSeverity: 'warn',
  type: 'problem',
  messages: {
    neverExposed:
      "Access-Control-Expose-Headers lists '{{name}}', a response header browsers never let scripts read (Set-Cookie and Set-Cookie2 are forbidden response header names), so the page still cannot see it. Remove it, and send what the page needs in the response body or in another header.",
    notAToken:
      "Access-Control-Expose-Headers lists '{{name}}', which is not a single header name, so browsers cannot parse the header and expose none of the headers it lists. Separate header names with commas.",
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    const expose = policy.exposeHeaders;
    if (expose?.kind !== 'list') return [];
    const reports: RuleReport[] = [];
    for (const item of expose.items) {
      for (const name of namesIn(item)) {
        if (name === '*') continue;
        if (!isToken(name)) reports.push({ messageId: 'notAToken', data: { name }, loc: item.loc });
        else if (FORBIDDEN_RESPONSE_HEADERS.has(name.toLowerCase())) reports.push({ messageId: 'neverExposed', data: { name }, loc: item.loc });
      }
    }
    return reports;
  },
});
