import type { OriginMatcher } from '../model.js';
import {
  anyUntrustedOrigin,
  compileAllowlist,
  findUntrustedOrigin,
  isTrustedOrigin,
  type AllowlistResult,
} from '../origin-analysis/index.js';
import type { RuleReport } from '../rule.js';
import { defineRule } from '../rule.js';

interface TrustedOriginsOptions {
  /**
   * Origins this project may allow: `https://app.example.com`, host globs `https://*.example.com`
   * (`*` covers any run of host characters, subdomains at any depth), JavaScript regexes written
   * `/^https:\/\/[a-z]+\.example\.com$/` (tested like `RegExp.prototype.test`), or `null`.
   */
  trustedOrigins: string[];
}

/** The option's entries compiled once per configuration, not once per policy. */
const compiledAllowlists = new WeakMap<readonly string[], AllowlistResult>();

function allowlistFor(entries: readonly string[]): AllowlistResult {
  let result = compiledAllowlists.get(entries);
  if (!result) {
    result = compileAllowlist(entries);
    compiledAllowlists.set(entries, result);
  }
  return result;
}

function matcherText(matcher: Extract<OriginMatcher, { kind: 'pattern' | 'prefix' | 'suffix' | 'glob' }>): string {
  return matcher.kind === 'pattern' ? matcher.source : matcher.value;
}

export default defineRule<TrustedOriginsOptions>({
  id: 'trusted-origins',
  description: 'Require every allowed origin to be on a configured allowlist of trusted origins.',
  defaultSeverity: 'off',
  type: 'problem',
  messages: {
    untrustedOrigin: "The allowed origin '{{origin}}' is not on the configured list of trusted origins.",
    untrustedMatcher:
      "The origin matcher '{{matcher}}' accepts '{{origin}}', which is not on the configured list of trusted origins. Narrow the matcher or add the origins it is meant for to the list.",
    untrustedAnyOrigin:
      "Every origin is allowed here, including '{{origin}}', which is not on the configured list of trusted origins. Allow only the trusted origins.",
    untrustedNullOrigin: "The origin 'null' is allowed but is not on the configured list of trusted origins.",
    unreadableAllowlist:
      "The trusted-origins entry '{{entry}}' cannot be analysed (an invalid or too complex regular expression), so this rule checks nothing. Fix or simplify the entry.",
  },
  defaultOptions: { trustedOrigins: [] },
  optionsSchema: {
    type: 'object',
    properties: {
      trustedOrigins: {
        type: 'array',
        uniqueItems: true,
        items: {
          type: 'string',
          anyOf: [
            { const: 'null' },
            { pattern: '^/.+/[dgimsuvy]*$' },
            { pattern: '^[A-Za-z][A-Za-z0-9+.-]*://[^/\\s]+$' },
          ],
        },
      },
    },
    additionalProperties: false,
  },
  check(policy, options) {
    const entries = options.trustedOrigins;
    if (entries.length === 0) return [];
    const compiled = allowlistFor(entries);
    if (!compiled.ok) return [{ messageId: 'unreadableAllowlist', data: { entry: compiled.entry }, loc: policy.loc }];
    const { allowlist } = compiled;
    const reports: RuleReport[] = [];
    for (const matcher of policy.origins) {
      switch (matcher.kind) {
        case 'exact':
          if (!isTrustedOrigin(allowlist, matcher.value)) {
            reports.push({ messageId: 'untrustedOrigin', data: { origin: matcher.value }, loc: matcher.loc });
          }
          break;
        case 'null':
          if (!allowlist.trustsNull) reports.push({ messageId: 'untrustedNullOrigin', loc: matcher.loc });
          break;
        case 'any':
        case 'reflect-any': {
          const origin = anyUntrustedOrigin(allowlist);
          if (origin !== undefined) reports.push({ messageId: 'untrustedAnyOrigin', data: { origin }, loc: matcher.loc });
          break;
        }
        case 'pattern':
        case 'prefix':
        case 'suffix':
        case 'glob': {
          const result = findUntrustedOrigin(matcher, allowlist);
          if (result.verdict === 'accepted') {
            reports.push({
              messageId: 'untrustedMatcher',
              data: { matcher: matcherText(matcher), origin: result.origin },
              loc: matcher.loc,
            });
          }
          break;
        }
        case 'unknown':
          break;
      }
    }
    return reports;
  },
});
