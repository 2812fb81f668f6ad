import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { recommendedRules, ruleIds, rules, strictRules } from '../../src/rules/index.js';

const docsDir = fileURLToPath(new URL('../../docs/rules/', import.meta.url));

/**
 * The contract table of issue 2, in its order, then no-redos-origin-pattern (issue 5: warn, in
 * recommended) and no-private-network-with-any-origin (warn), with each rule's severity in `recommended`.
 */
const CONTRACT: [id: string, severity: 'error' | 'warn' | 'off'][] = [
  ['no-wildcard-origin-with-credentials', 'error'],
  ['no-reflected-origin-with-credentials', 'error'],
  ['no-null-origin', 'error'],
  ['no-permissive-origin-pattern', 'error'],
  ['no-insecure-origin', 'warn'],
  ['valid-origin', 'error'],
  ['require-vary-origin', 'error'],
  ['require-preflight-handler', 'error'],
  ['max-age-within-browser-cap', 'warn'],
  ['no-wildcard-lists-with-credentials', 'error'],
  ['explicit-authorization-header', 'warn'],
  ['valid-methods', 'warn'],
  ['no-any-origin', 'off'],
  ['trusted-origins', 'off'],
  ['no-redos-origin-pattern', 'warn'],
  ['no-private-network-with-any-origin', 'warn'],
  ['valid-expose-headers', 'warn'],
  ['valid-credentials', 'error'],
];

describe('rules index', () => {
  it('holds the contracts’ rules in their order, with its default severities', () => {
    expect(ruleIds).toEqual(CONTRACT.map(([id]) => id));
    expect(rules.map((rule) => [rule.id, rule.defaultSeverity])).toEqual(CONTRACT);
    expect(new Set(ruleIds).size).toBe(rules.length);
  });

  it('builds recommended from the default severities and strict with every rule as an error', () => {
    expect(recommendedRules).toEqual(
      Object.fromEntries(CONTRACT.filter(([, severity]) => severity !== 'off')),
    );
    expect(strictRules).toEqual(Object.fromEntries(CONTRACT.map(([id]) => [id, 'error'])));
  });

  describe.each(rules.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
    it('has a docs page titled with its id and linked from the rules table', () => {
      const page = `${docsDir}${id}.md`;
      expect(existsSync(page)).toBe(true);
      expect(readFileSync(page, 'utf8').split('\n')[0]).toBe(`# ${id}`);
      expect(readFileSync(`${docsDir}README.md`, 'utf8')).toContain(`](./${id}.md)`);
    });

    it('has a one-sentence description and full-sentence messages', () => {
      expect(rule.description).toMatch(/^[A-Z].*\.$/s);
      const messages = Object.entries(rule.messages);
      expect(messages.length).toBeGreaterThan(0);
      for (const [, text] of messages) {
        expect(text).toMatch(/^[A-Z][^]*[.]$/);
        expect(text.split(/\s+/).length).toBeGreaterThanOrEqual(12);
      }
    });

    it('has an options schema that rejects unknown keys and accepts its default options', () => {
      const ajv = new Ajv({ strict: true });
      const validate = ajv.compile(rule.optionsSchema);
      expect(rule.optionsSchema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(validate(rule.defaultOptions)).toBe(true);
      expect(validate({ ...rule.defaultOptions, notAnOption: true })).toBe(false);
    });
  });
});
