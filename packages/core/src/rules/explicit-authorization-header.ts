import type { RuleReport } from '../rule.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';
import { listNames, namesIn } from './header-list-items.js';

export default defineRule({
  id: 'explicit-authorization-header',
  description: "Require 'Authorization' to be listed by name when Access-Control-Allow-Headers is '*'.",
  defaultSeverity: 'warn',
  type: 'suggestion',
  messages: {
    authorizationNotCovered:
      "Access-Control-Allow-Headers is '*' without 'Authorization', but under the Fetch standard '*' never covers the Authorization header: browsers that enforce it block requests sending Authorization (Chromium already has the check behind a flag and Firefox warns in the console; today both still let it through). List 'Authorization' next to '*'.",
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    const headers = policy.allowHeaders;
    // With credentials `*` is literal and no-wildcard-lists-with-credentials reports the list already.
    if (headers?.kind !== 'list' || headers.partial || policy.credentials.value === true) return [];
    if (listNames(headers)?.some((name) => name.toLowerCase() === 'authorization')) return [];
    const reports: RuleReport[] = [];
    for (const item of headers.items) {
      if (namesIn(item).includes('*')) reports.push({ messageId: 'authorizationNotCovered', loc: item.loc });
    }
    return reports;
  },
});
