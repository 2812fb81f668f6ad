import type { OriginMatcher } from '../model.js';
import { findInsecureOrigin } from '../origin-analysis/index.js';
import type { RuleReport } from '../rule.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';

type CheckedMatcher = Extract<OriginMatcher, { kind: 'exact' | 'pattern' | 'prefix' | 'suffix' | 'glob' }>;

function isChecked(matcher: OriginMatcher): matcher is CheckedMatcher {
  return ['exact', 'pattern', 'prefix', 'suffix', 'glob'].includes(matcher.kind);
}

function matcherText(matcher: CheckedMatcher): string {
  return matcher.kind === 'pattern' ? matcher.source : matcher.value;
}

export default defineRule({
  id: 'no-insecure-origin',
  description: 'Disallow trusting http:// origins other than loopback, which anyone on the network path can impersonate.',
  defaultSeverity: 'warn',
  type: 'problem',
  messages: {
    insecureOrigin:
      "The allowed origin '{{origin}}' is plain http, so anyone on the network path (public Wi-Fi, a compromised router) can answer for it and read these responses. Allow only https origins, or loopback during development.",
    insecureOriginMatched:
      "The origin matcher '{{matcher}}' accepts the plain-http origin '{{origin}}', so anyone on the network path (public Wi-Fi, a compromised router) can answer for it and read these responses. Accept only https origins, or loopback during development.",
    insecureOriginWithCredentials:
      "The allowed origin '{{origin}}' is plain http while Access-Control-Allow-Credentials is 'true', so anyone on the network path can answer for it and send requests with the user's cookies. Allow only https origins, or loopback during development.",
    insecureOriginMatchedWithCredentials:
      "The origin matcher '{{matcher}}' accepts the plain-http origin '{{origin}}' while Access-Control-Allow-Credentials is 'true', so anyone on the network path can answer for it and send requests with the user's cookies. Accept only https origins, or loopback during development.",
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    const credentials = policy.credentials.value === true;
    const reports: RuleReport[] = [];
    for (const matcher of policy.origins) {
      if (!isChecked(matcher)) continue;
      const result = findInsecureOrigin(matcher);
      if (result.verdict !== 'accepted') continue;
      const matched = matcher.kind !== 'exact';
      const messageId = `insecureOrigin${matched ? 'Matched' : ''}${credentials ? 'WithCredentials' : ''}`;
      reports.push({
        messageId,
        data: { matcher: matcherText(matcher), origin: result.origin },
        loc: matcher.loc,
        ...(credentials ? { escalate: true } : {}),
      });
    }
    return reports;
  },
});
