import { PREFLIGHT_CACHE_CAP_SECONDS, type BrowserEngine } from '../browser/preflight-cache.js';
import type { RuleReport } from '../rule.js';
import { defineRule } from '../rule.js';

const ENGINE_NAMES: Readonly<Record<BrowserEngine, string>> = {
  chromium: 'Chromium',
  webkit: 'WebKit/Safari',
  firefox: 'Firefox',
};

/** The engines whose preflight cache cap is below `seconds`, named with their cap. */
function enginesCapping(seconds: number): string[] {
  return Object.entries(PREFLIGHT_CACHE_CAP_SECONDS)
    .filter(([, cap]) => cap < seconds)
    .map(([engine, cap]) => `${ENGINE_NAMES[engine as BrowserEngine]} (${cap} s)`);
}

function joinEngines(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** `86400 seconds`, or `86400 seconds ('24h')` when the source wrote it differently. */
function describe(seconds: number, raw: string): string {
  const written = raw.trim().replace(/^(['"])(.*)\1$/s, '$2');
  return written === String(seconds) ? `${seconds} seconds` : `${seconds} seconds ('${written}')`;
}

export default defineRule({
  id: 'max-age-within-browser-cap',
  description: 'Require Access-Control-Max-Age to be a whole number of seconds that browsers honour.',
  defaultSeverity: 'warn',
  type: 'suggestion',
  messages: {
    aboveBrowserCap:
      'Access-Control-Max-Age is {{value}}, more than browsers keep a preflight: {{engines}} cap it, so preflights are repeated sooner than this says. Use {{suggested}} seconds or less.',
    aboveConfiguredLimit:
      'Access-Control-Max-Age is {{value}}, above the configured limit of {{suggested}} seconds, so a changed CORS policy reaches browsers later than the project allows. Use {{suggested}} seconds or less.',
    negative:
      "Access-Control-Max-Age '{{raw}}' is negative: Chromium treats it as 0, WebKit expires the preflight at once and Firefox rejects the sign, so no browser caches the preflight and each engine gets there differently. Use 0 to turn preflight caching off, or a positive number of seconds.",
    notAnInteger:
      "Access-Control-Max-Age '{{raw}}' is not a whole number of seconds: Chromium and WebKit ignore it and cache the preflight for only 5 seconds, and Firefox does not cache it at all. Use a whole number such as {{suggested}}.",
    notANumber:
      "Access-Control-Max-Age '{{raw}}' is not a number: Chromium and WebKit ignore it and cache the preflight for only 5 seconds, and Firefox does not cache it at all. Use a whole number of seconds such as {{suggested}}.",
  },
  defaultOptions: { maxAge: 7200 },
  optionsSchema: {
    type: 'object',
    properties: {
      maxAge: {
        type: 'integer',
        minimum: 0,
        description: 'The largest max-age in seconds to accept (Chromium honours 7200, WebKit 600, Firefox 86400).',
      },
    },
    additionalProperties: false,
  },
  check(policy, options) {
    const maxAge = policy.maxAge;
    if (maxAge?.kind !== 'value') return [];
    const { seconds, raw, loc } = maxAge;
    const limit = options.maxAge;
    const report = (messageId: string, data: Record<string, string | number>): RuleReport[] => [
      { messageId, data: { raw, ...data }, loc },
    ];
    if (Number.isNaN(seconds)) return report('notANumber', { suggested: limit });
    if (seconds < 0) return report('negative', { suggested: 0 });
    if (!Number.isInteger(seconds) && Number.isFinite(seconds)) {
      return report('notAnInteger', { suggested: Math.min(Math.floor(seconds), limit) });
    }
    if (seconds <= limit) return [];
    const clamping = enginesCapping(seconds);
    const value = describe(seconds, raw);
    if (clamping.length === 0) return report('aboveConfiguredLimit', { value, suggested: limit });
    return report('aboveBrowserCap', { value, engines: joinEngines(clamping), suggested: limit });
  },
});
