import type { OriginMatcher } from '../model.js';
import { findAcceptedOrigin } from '../origin-analysis/accepted-origin.js';
import { nullOriginLanguage, placeholderAttackerOrigins } from '../origin-analysis/languages.js';
import type { RuleReport } from '../rule.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';

/**
 * Whether a matcher lets through the `Origin: null` that browsers send, always in lowercase. A value
 * sent verbatim as a header loses surrounding whitespace in HTTP parsing; a compared one must equal
 * the request's `null` exactly, unless the comparison ignores case.
 */
function allowsNullOrigin(matcher: OriginMatcher): boolean {
  if (matcher.kind === 'null') return true;
  if (matcher.kind === 'pattern') return patternSinglesOutNull(matcher);
  if (matcher.kind !== 'exact') return false;
  if (!matcher.compared) return matcher.value.trim() === 'null';
  return matcher.caseInsensitive ? matcher.value.toLowerCase() === 'null' : matcher.value === 'null';
}

/**
 * Whether an origin pattern accepts `null` (`^(https://app\.example\.com|null)$`, Istio `regex: null`)
 * while accepting no origin on an arbitrary domain (`https://attacker.test`). A pattern that accepts
 * those too (`.*`) lets every site in, `null` included, and the rules on permissive patterns and echoed
 * origins already say so.
 */
function patternSinglesOutNull(matcher: OriginMatcher): boolean {
  return findAcceptedOrigin(matcher, nullOriginLanguage()).verdict === 'accepted' && findAcceptedOrigin(matcher, placeholderAttackerOrigins(null)).verdict === 'none';
}

export default defineRule({
  id: 'no-null-origin',
  description: "Disallow allowing the 'null' origin, which any website can send.",
  defaultSeverity: 'error',
  type: 'problem',
  messages: {
    nullOrigin:
      "The origin 'null' is allowed, but any website can make its requests carry 'Origin: null' (from a sandboxed iframe or a data: URL), so every site on the web can read these responses. Remove 'null' from the allowed origins.",
    nullOriginWithCredentials:
      "The origin 'null' is allowed while Access-Control-Allow-Credentials is 'true', but any website can make its requests carry 'Origin: null' (from a sandboxed iframe or a data: URL), so every site can send requests with the user's cookies and read the responses. Remove 'null' from the allowed origins.",
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    const messageId = policy.credentials.value === true ? 'nullOriginWithCredentials' : 'nullOrigin';
    const reports: RuleReport[] = [];
    for (const matcher of policy.origins) {
      if (allowsNullOrigin(matcher)) reports.push({ messageId, loc: matcher.loc });
    }
    return reports;
  },
});
