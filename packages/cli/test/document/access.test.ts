import { describe, expect, it } from 'vitest';
import { getRelaxed, relaxedEquals, relaxedKey } from '../../src/document/access.js';
import { parseConfigText } from '../../src/document/parse.js';

describe('relaxed keys', () => {
  it('compares as relaxedKey does: case, - and _ ignored, over the whole text or a prefix', () => {
    const pairs: Array<[string, string]> = [
      ['allowed-origins', 'allowedorigins'],
      ['ALLOWED_ORIGINS', 'allowedorigins'],
      ['allowedOrigin', 'allowedorigins'],
      ['allowedOriginsX', 'allowedorigins'],
      ['-_-', ''],
      ['', 'spring'],
      ['Spring', 'spring'],
      // Lowercasing beyond ASCII: the Kelvin sign becomes a plain k, a dotted capital I two characters.
      ['\u212Aong', 'kong'],
      ['\u0130d', 'i\u0307d'],
      ['straße', 'straße'],
    ];
    for (const [text, relaxed] of pairs) expect(relaxedEquals(text, relaxed), text).toBe(relaxedKey(text) === relaxed);
    expect(relaxedEquals('spring.cloud.gateway', 'spring', 6)).toBe(true);
    expect(relaxedEquals('springs.cloud', 'spring', 7)).toBe(false);
  });

  it('finds the last entry under any spelling of a relaxed key', () => {
    const [document] = parseConfigText('application.yml', 'allowed-origins: a\nallowedOrigins: b\nALLOWED_METHODS: GET\n').documents;
    const value = getRelaxed(document?.root, 'allowedOrigins');
    expect(value?.type === 'scalar' ? value.value : undefined).toBe('b');
    expect(getRelaxed(document?.root, 'allowed_methods')?.loc.line).toBe(3);
    expect(getRelaxed(document?.root, 'exposedHeaders')).toBeUndefined();
  });
});
