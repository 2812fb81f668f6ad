import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';
import { normalizeHeaderValue } from '../browser/header-values.js';

/** Values that say "no credentials" in some spelling: sending them is pointless, not broken. */
const MEANS_NO = new Set(['', 'false', '0', 'no', 'off']);

export default defineRule({
  id: 'valid-credentials',
  description: 'Require Access-Control-Allow-Credentials, when written by hand, to be exactly `true`.',
  defaultSeverity: 'error',
  type: 'problem',
  messages: {
    notExactTrue:
      "Access-Control-Allow-Credentials is '{{value}}', but browsers accept only the exact lowercase 'true' and read anything else as no, so requests sent with cookies (credentials: 'include', withCredentials) fail the CORS check. Write 'true'.",
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    const written = policy.credentialsText;
    if (written === undefined) return [];
    const value = normalizeHeaderValue(written.value);
    if (value === 'true' || MEANS_NO.has(value.replace(/^(["'])(.*)\1$/, '$2').toLowerCase())) return [];
    return [{ messageId: 'notExactTrue', data: { value }, loc: written.loc }];
  },
});
