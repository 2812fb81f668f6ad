import { describe, expect, it } from 'vitest';
import type { OriginMatcher } from '../../src/model.js';
import {
  anyUntrustedOrigin,
  compileAllowlist,
  findUntrustedOrigin,
  isTrustedOrigin,
  type OriginAllowlist,
} from '../../src/origin-analysis/index.js';
import { runMatcher } from './run-matcher.js';

const LOC = { line: 1, column: 1, endLine: 1, endColumn: 2 };

function allowlist(entries: string[]): OriginAllowlist {
  const result = compileAllowlist(entries);
  if (!result.ok) throw new Error(`allowlist did not compile: ${result.entry}`);
  return result.allowlist;
}

const list = allowlist([
  'https://app.example.com',
  'https://*.example.org',
  '/^https:\\/\\/[a-z]+\\.example\\.net$/',
  'null',
]);

describe('compileAllowlist', () => {
  it('trusts listed origins, glob subdomains at any depth, regex matches and null', () => {
    for (const origin of ['https://app.example.com', 'https://a.example.org', 'https://a.b.example.org', 'https://api.example.net', 'null']) {
      expect(isTrustedOrigin(list, origin)).toBe(true);
    }
  });

  it('does not trust anything else', () => {
    for (const origin of ['https://example.com', 'http://app.example.com', 'https://example.org', 'https://a1.example.net']) {
      expect(isTrustedOrigin(list, origin)).toBe(false);
    }
    expect(isTrustedOrigin(allowlist(['https://app.example.com']), 'null')).toBe(false);
  });

  it('names an entry it cannot read', () => {
    expect(compileAllowlist(['https://a.example.com', '/(unclosed/'])).toEqual({ ok: false, entry: '/(unclosed/' });
  });
});

describe('findUntrustedOrigin', () => {
  it('finds an origin a matcher accepts outside the list, which the matcher really accepts', () => {
    const matcher: OriginMatcher = { kind: 'pattern', source: '^https://[a-z]+\\.example\\.(com|org)$', flags: '', dialect: 'js', loc: LOC };
    const result = findUntrustedOrigin(matcher, list);
    expect(result).toEqual({ verdict: 'accepted', origin: 'https://x.example.com' });
    expect(runMatcher(matcher, 'https://x.example.com')).toBe(true);
  });

  it('finds nothing when the matcher stays inside the list', () => {
    const inside: OriginMatcher[] = [
      { kind: 'pattern', source: '^https://[a-z]+\\.example\\.org$', flags: '', dialect: 'js', loc: LOC },
      { kind: 'glob', value: 'https://*.example.org', star: 'label', loc: LOC },
      { kind: 'pattern', source: 'https://(app|api)\\.example\\.net', flags: '', dialect: 're2-full', loc: LOC },
    ];
    for (const matcher of inside) expect(findUntrustedOrigin(matcher, list)).toEqual({ verdict: 'none' });
  });

  it('shows the placeholder attacker origin for matchers that accept everything', () => {
    expect(anyUntrustedOrigin(list)).toBe('https://attacker.test');
    expect(anyUntrustedOrigin(allowlist(['/^https:\\/\\/.*$/']))).toBe('http://x');
  });
});
