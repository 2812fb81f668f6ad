import type { CorsPolicy } from '../model.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';
import { SAFELISTED_REQUEST_HEADERS, methodNeedsPreflight } from './fetch-vocabulary.js';
import { listNames, namesIn } from './header-list-items.js';

/** The first method that makes browsers send a preflight, ignoring OPTIONS, the preflight's own method. */
function preflightedMethod(methods: readonly string[]): string | undefined {
  return methods.find((method) => method !== '*' && method.toUpperCase() !== 'OPTIONS' && methodNeedsPreflight(method));
}

/**
 * What makes browsers preflight requests to these routes, as the message words it. The methods the
 * routes really serve win over Allow-Methods, which often holds a library's default list; a header the
 * routes require is sent on every request; Allow-Headers counts when it names a header that is not
 * safelisted, since clients are then expected to send it.
 */
function preflightCause(policy: CorsPolicy): string | undefined {
  const methods = policy.servedMethods?.flatMap(namesIn) ?? listNames(policy.allowMethods);
  const method = methods === undefined ? undefined : preflightedMethod(methods);
  if (method !== undefined) return `${method} requests`;
  const required = policy.requiredRequestHeaders?.find((header) => !SAFELISTED_REQUEST_HEADERS.has(header.value.trim().toLowerCase()));
  if (required !== undefined) return `requests with the ${required.value.trim()} header these routes require`;
  const header = listNames(policy.allowHeaders)?.find((name) => !SAFELISTED_REQUEST_HEADERS.has(name.toLowerCase()));
  if (header === '*') return 'requests with headers that are not CORS-safelisted (Allow-Headers is *)';
  if (header !== undefined) return `requests with the ${header} header`;
  return undefined;
}

export default defineRule({
  id: 'require-preflight-handler',
  description: 'Require an OPTIONS handler with the CORS headers wherever requests need a preflight.',
  defaultSeverity: 'error',
  type: 'problem',
  messages: {
    noOptionsRoute:
      'Browsers send a preflight OPTIONS request before {{cause}}, but nothing answers OPTIONS for {{target}} with the CORS headers, so the preflight fails and the browser never sends the real request. Answer OPTIONS there with the same CORS configuration (for example app.options(path, cors())) or apply the CORS middleware to every route.',
    continuedWithoutHandler:
      'Browsers send a preflight OPTIONS request before {{cause}}, but the CORS middleware passes preflights on (preflightContinue) and no handler answers OPTIONS for {{target}}, so the preflight fails and the browser never sends the real request. Stop passing preflights on, or add an OPTIONS handler that answers them.',
    refusedBeforeCors:
      'Browsers send a preflight OPTIONS request before {{cause}}, and a preflight never carries credentials or tokens, but {{refuser}} refuses it for {{target}} before the CORS headers are added, so the preflight fails and the browser never sends the real request. Let OPTIONS preflights through that check, or answer them before it.',
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    const { handling, target, refusedBy, loc } = policy.preflight;
    if (handling === 'answered' || handling === 'unknown') return [];
    const cause = preflightCause(policy);
    if (cause === undefined) return [];
    const data = { cause, target: target === undefined ? 'these routes' : `'${target}'` };
    if (handling === 'refused-before-cors') {
      return [{ messageId: 'refusedBeforeCors', data: { ...data, refuser: refusedBy ?? 'an authentication check' }, loc }];
    }
    return [{ messageId: handling === 'no-options-route' ? 'noOptionsRoute' : 'continuedWithoutHandler', data, loc }];
  },
});
