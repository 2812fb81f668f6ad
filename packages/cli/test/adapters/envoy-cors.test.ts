import type { SourceLocation } from '@corsguard/core';
import { describe, expect, it } from 'vitest';
import { acceptsEveryOrigin, envoyCorsPolicy, re2Matches } from '../../src/adapters/envoy-cors.js';
import { documents } from './helpers.js';

const loc: SourceLocation = { line: 1, column: 1, endLine: 1, endColumn: 2 };

describe('Envoy CORS semantics', () => {
  it('evaluates RE2 full and partial matches with leading flags and \\A \\z anchors', () => {
    expect(re2Matches('.*', true, '*')).toBe(true);
    expect(re2Matches('\\*', true, '*')).toBe(true);
    expect(re2Matches('https://.*', true, '*')).toBe(false);
    expect(re2Matches('(?i)HTTPS://A\\.EXAMPLE\\.COM', true, 'https://a.example.com')).toBe(true);
    expect(re2Matches('\\Ahttps://a\\z', false, 'https://a')).toBe(true);
    expect(re2Matches('(?P<sub>[a-z]+)\\.example\\.com', false, 'x.example.com')).toBe(true);
    // RE2 accepts flags in mid-pattern, JavaScript never does: what cannot be evaluated is not claimed
    // to match, although RE2 would match '*' here.
    expect(re2Matches('.*(?i)', true, '*')).toBe(false);
  });

  it('turns every matcher that accepts "*" into an echo of any origin, and leaves the others', () => {
    const [doc] = documents('cors.yaml', 'allow: {}\n');
    const policy = envoyCorsPolicy({
      block: doc!.root,
      source: 'test',
      origins: [
        { kind: 'exact', value: '*', compared: true, caseInsensitive: true, loc },
        { kind: 'prefix', value: '', loc },
        { kind: 'suffix', value: '*', loc },
        { kind: 'glob', value: '*', star: 'any', loc },
        { kind: 'pattern', source: '.+', flags: '', dialect: 're2-full', loc },
        { kind: 'prefix', value: 'https://', loc },
        { kind: 'glob', value: 'https://*.example.com', star: 'any', loc },
      ],
      credentials: { value: true, loc },
      allowMethods: { kind: 'list', items: [{ value: '*', loc }], loc },
      allowHeaders: {
        kind: 'list',
        items: [
          { value: '*', loc },
          { value: 'Authorization', loc },
        ],
        loc,
      },
    });
    expect(policy.origins.map((origin) => origin.kind)).toEqual([
      'reflect-any',
      'reflect-any',
      'reflect-any',
      'reflect-any',
      'reflect-any',
      'prefix',
      'glob',
    ]);
    expect(policy.allowMethods).toEqual({ kind: 'reflect', loc });
    // Only the whole string `*` is echoed; `*, Authorization` is sent as written.
    expect(policy.allowHeaders?.kind).toBe('list');
    expect(policy.vary).toEqual({ value: false, loc: doc!.root.loc });
    expect(policy.preflight).toEqual({ handling: 'answered', loc: doc!.root.loc });
  });

  it('keeps * literal without credentials when the control plane allows it (Gateway API)', () => {
    const [doc] = documents('cors.yaml', 'allow: {}\n');
    const fields = {
      block: doc!.root,
      source: 'test',
      origins: [{ kind: 'any' as const, loc }],
      allowMethods: { kind: 'list' as const, items: [{ value: '*', loc }], loc },
      wildcardLiteralWithoutCredentials: true,
    };
    const without = envoyCorsPolicy({ ...fields, credentials: { value: false, loc } });
    expect(without.origins).toEqual([{ kind: 'any', loc }]);
    expect(without.allowMethods?.kind).toBe('list');
    const withCredentials = envoyCorsPolicy({ ...fields, credentials: { value: true, loc } });
    expect(withCredentials.origins).toEqual([{ kind: 'reflect-any', loc }]);
    expect(withCredentials.allowMethods?.kind).toBe('reflect');
  });
});

describe('acceptsEveryOrigin', () => {
  it('accepts runs of any character between optional anchors', () => {
    for (const source of ['.*', '(.*?)', '.+', '^.*$', '^(?:.+)$', '(.*)|foo']) {
      expect([source, acceptsEveryOrigin(source, 'full')]).toEqual([source, true]);
      expect([source, acceptsEveryOrigin(source, 'search')]).toEqual([source, true]);
    }
  });

  it('accepts a branch that matches nothing only when a search may find that empty match', () => {
    expect(acceptsEveryOrigin('x*', 'search')).toBe(true);
    expect(acceptsEveryOrigin('^x*', 'search')).toBe(true);
    expect(acceptsEveryOrigin('^x*$', 'search')).toBe(false);
    expect(acceptsEveryOrigin('x*', 'full')).toBe(false);
  });

  it('rejects what needs some text, other assertions and unparseable syntax', () => {
    for (const source of ['https://.*', '.*\\.example\\.com', '^$', '\\b.*', '(?=a).*', '(?i).*', '[', 'a|b']) {
      expect([source, acceptsEveryOrigin(source, 'search')]).toEqual([source, false]);
    }
  });
});
