import type { HeaderList } from '../model.js';
import type { RuleReport } from '../rule.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';
import { namesIn } from './header-list-items.js';

/**
 * The first `*` of a list: each message is about the list, so a list that repeats `*` (a generated
 * `"*,*,…"`) gets one finding, not one per item.
 */
function firstWildcard(list: HeaderList | undefined) {
  return list?.kind === 'list' ? list.items.find((item) => namesIn(item).includes('*')) : undefined;
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
    const methods = firstWildcard(policy.allowMethods);
    if (methods !== undefined) reports.push({ messageId: 'wildcardMethods', loc: methods.loc });
    const headers = firstWildcard(policy.allowHeaders);
    if (headers !== undefined) reports.push({ messageId: 'wildcardHeaders', loc: headers.loc });
    const exposed = firstWildcard(policy.exposeHeaders);
    if (exposed !== undefined) reports.push({ messageId: 'wildcardExposeHeaders', loc: exposed.loc });
    return reports;
  },
});
