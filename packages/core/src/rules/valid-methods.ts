import type { RuleReport } from '../rule.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';
import { isToken } from '../browser/header-values.js';
import { isCorsSafelistedMethod, isForbiddenMethod } from '../browser/request-classification.js';
import { KNOWN_METHODS } from './fetch-vocabulary.js';
import { namesIn } from './header-list-items.js';

/** The message for one Allow-Methods item, or undefined when the item is fine. */
function methodDefect(method: string): string | undefined {
  if (method === '*') return undefined;
  if (!isToken(method)) return 'notAToken';
  const upper = method.toUpperCase();
  if (isForbiddenMethod(method)) return 'forbidden';
  if (!KNOWN_METHODS.has(upper)) return 'unknown';
  // GET, HEAD and POST never need to be allowed, so their case cannot block anything.
  if (method !== upper && !isCorsSafelistedMethod(upper)) return 'lowercase';
  return undefined;
}

export default defineRule({
  id: 'valid-methods',
  description: 'Require Access-Control-Allow-Methods to list registered, uppercase methods that browsers may send.',
  defaultSeverity: 'warn',
  type: 'suggestion',
  messages: {
    lowercase:
      "Access-Control-Allow-Methods lists '{{method}}', but browsers compare methods case-sensitively and scripts send '{{upper}}', so preflighted '{{upper}}' requests are blocked. Write '{{upper}}'.",
    forbidden:
      "Access-Control-Allow-Methods lists '{{upper}}', a method browsers forbid scripts to send, so allowing it cross-origin gains nothing and only tells attackers the server accepts it (TRACE and TRACK echo the request back, which has been used to steal credentials). Remove it.",
    unknown:
      "Access-Control-Allow-Methods lists '{{method}}', which is not a registered HTTP method, so it most likely allows nothing a client sends (a typo or a placeholder). Write the method the API serves, such as GET, POST, PUT, PATCH or DELETE.",
    forbiddenByDefault:
      "No methods are configured, so Access-Control-Allow-Methods carries the default list, which holds {{methods}}: methods browsers forbid scripts to send, so allowing them cross-origin gains nothing and only tells attackers the server accepts them (TRACE and TRACK echo the request back, which has been used to steal credentials). List the methods the API serves.",
    notAToken:
      "Access-Control-Allow-Methods lists '{{method}}', which is not a single method name, so browsers cannot parse the header and every preflighted request fails. Separate methods with commas and write each one as a single word such as 'PUT'.",
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    const methods = policy.allowMethods;
    if (methods?.kind !== 'list') return [];
    const listed = new Set(methods.items.flatMap((item) => namesIn(item)));
    if (methods.defaulted === true) {
      // Nothing was written to edit: one finding asks for a list.
      const forbidden = [...listed].filter((method) => methodDefect(method) === 'forbidden');
      if (forbidden.length === 0) return [];
      return [{ messageId: 'forbiddenByDefault', data: { methods: forbidden.map((method) => `'${method.toUpperCase()}'`).join(' and ') }, loc: methods.loc }];
    }
    const reports: RuleReport[] = [];
    for (const item of methods.items) {
      for (const method of namesIn(item)) {
        const messageId = methodDefect(method);
        // `patch` beside `PATCH` blocks nothing: browsers find the uppercase one (Serverless adds it for the event's own method).
        if (messageId === 'lowercase' && listed.has(method.toUpperCase())) continue;
        if (messageId !== undefined) {
          reports.push({ messageId, data: { method, upper: method.toUpperCase() }, loc: item.loc });
        }
      }
    }
    return reports;
  },
});
