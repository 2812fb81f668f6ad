import type { OriginMatcher } from '../model.js';
import type { RuleReport } from '../rule.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';

/** How a matcher lets every website in, for the message; undefined when it does not. */
function everySite(matcher: OriginMatcher): string | undefined {
  switch (matcher.kind) {
    case 'any':
      return "'*' allows every origin";
    case 'reflect-any':
      return 'every request origin is echoed back';
    case 'null':
      return "'null' is allowed, which any website can send";
    default:
      return undefined;
  }
}

export default defineRule({
  id: 'no-private-network-with-any-origin',
  description: 'Disallow Access-Control-Allow-Private-Network for every website.',
  defaultSeverity: 'warn',
  type: 'problem',
  messages: {
    privateNetworkForAnyOrigin:
      "Access-Control-Allow-Private-Network is 'true' while {{how}}: under Private Network Access this server tells the browser that any public website a user visits may reach it on the user's private network (a router, an intranet service, localhost) and read the answers. Allow private-network access only with a list of trusted origins, or drop the header (Chrome has replaced Private Network Access with a user permission, Local Network Access).",
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    const privateNetwork = policy.allowPrivateNetwork;
    if (privateNetwork?.value !== true) return [];
    const reports: RuleReport[] = [];
    for (const matcher of policy.origins) {
      const how = everySite(matcher);
      if (how === undefined) continue;
      reports.push({ messageId: 'privateNetworkForAnyOrigin', loc: privateNetwork.loc, data: { how } });
      break;
    }
    return reports;
  },
});
