import { docsUrl, recommendedRules, rules as coreRules, strictRules } from '@corsguard/core';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin, { configs, rules } from '../src/index.js';

describe('@corsguard/eslint-plugin', () => {
  it('names itself and registers under the corsguard namespace', () => {
    expect(plugin.meta).toEqual({ name: '@corsguard/eslint-plugin', version: '0.1.0', namespace: 'corsguard' });
  });

  it('has one ESLint rule per core rule, with the core messages, options, type and docs page', () => {
    expect(Object.keys(rules).sort()).toEqual(coreRules.map((rule) => rule.id).sort());
    for (const core of coreRules) {
      const eslintRule = rules[core.id]!;
      expect(eslintRule.meta.docs?.url).toBe(docsUrl(core.id));
      expect(eslintRule.meta.type).toBe(core.type);
      expect(eslintRule.meta.schema).toEqual([core.optionsSchema]);
      expect(eslintRule.meta.defaultOptions).toEqual([core.defaultOptions]);
      for (const [id, text] of Object.entries(core.messages)) expect(eslintRule.meta.messages[id]).toBe(text);
    }
  });

  it('offers an autofix only where the browser outcome cannot change', () => {
    const fixable = Object.entries(rules).filter(([, rule]) => rule.meta.fixable !== undefined).map(([id]) => id);
    expect(fixable).toEqual(['no-wildcard-origin-with-credentials']);
  });

  it('ships recommended and strict flat configs that match the core rule sets', () => {
    for (const [config, set] of [
      [configs.recommended, recommendedRules],
      [configs.strict, strictRules],
    ] as const) {
      expect(config.plugins?.['corsguard']).toBe(plugin);
      expect(config.rules).toEqual(Object.fromEntries(Object.entries(set).map(([id, setting]) => [`corsguard/${id}`, setting])));
    }
    expect(configs.strict.rules?.['corsguard/no-any-origin']).toBe('error');
    expect(configs.recommended.rules?.['corsguard/no-any-origin']).toBeUndefined();
  });

  it('validates options through meta.schema', () => {
    const linter = new Linter({ configType: 'flat' });
    expect(() =>
      linter.verify('x', [{ plugins: { corsguard: plugin as never }, rules: { 'corsguard/max-age-within-browser-cap': ['warn', { maxAge: 'long' }] } }]),
    ).toThrow(/corsguard\/max-age-within-browser-cap/);
  });

  it('reports each finding under its own rule with every rule on', () => {
    const linter = new Linter({ configType: 'flat' });
    const source = "import cors from 'cors';\napp.use(cors({ origin: true, credentials: true, maxAge: 86400 }));\n";
    const messages = linter.verify(source, [configs.strict as never], 'server.js');
    expect(messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`).sort()).toEqual([
      '2:24 corsguard/no-any-origin',
      '2:24 corsguard/no-reflected-origin-with-credentials',
      '2:57 corsguard/max-age-within-browser-cap',
    ]);
  });
});
