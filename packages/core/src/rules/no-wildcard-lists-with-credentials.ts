import type { HeaderList } from '../model.js';
import type { RuleReport } from '../rule.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';
import { namesIn } from './header-list-items.js';

function wildcardItems(list: HeaderList | undefined) {
  return list?.kind === 'list' ? list.items.filter((item) => namesIn(item).includes('*')) : [];
}

export default defineRule({
  id: 'no-wildcard-lists-with-credentials',
  description: "Disallow '*' in Allow-Methods, Allow-Headers and Expose-Headers while credentials are allowed.",
  defaultSeverity: 'error',
  type: 'problem',
  messages: {
    wildcardMethods:
      "Access-Control-Allow-Methods holds '*' while Access-Control-Allow-Credentials is 'true', but for credentialed requests browsers read '*' as a method literally named '*', so credentialed PUT, PATCH, DELETE and other preflighted requests are blocked. List the methods instead.",
    wildcardHeaders:
      "Access-Control-Allow-Headers holds '*' while Access-Control-Allow-Credentials is 'true', but for credentialed requests browsers read '*' as a header literally named '*', so credentialed requests that send any header that is not CORS-safelisted (Authorization, Content-Type: application/json) are blocked. List the headers instead.",
    wildcardExposeHeaders:
      "Access-Control-Expose-Headers holds '*' while Access-Control-Allow-Credentials is 'true', but for credentialed requests browsers read '*' as a header literally named '*', so scripts cannot read any response header beyond the CORS-safelisted ones. List the headers to expose instead.",
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    if (policy.credentials.value !== true) return [];
    const reports: RuleReport[] = [];
    for (const item of wildcardItems(policy.allowMethods)) reports.push({ messageId: 'wildcardMethods', loc: item.loc });
    for (const item of wildcardItems(policy.allowHeaders)) reports.push({ messageId: 'wildcardHeaders', loc: item.loc });
    for (const item of wildcardItems(policy.exposeHeaders)) {
      reports.push({ messageId: 'wildcardExposeHeaders', loc: item.loc });
    }
    return reports;
  },
});
