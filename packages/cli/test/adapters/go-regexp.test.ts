import { describe, expect, it } from 'vitest';
import { goRegexpRejects } from '../../src/adapters/go-regexp.js';

describe('goRegexpRejects', () => {
  it('refuses a repetition with nothing to repeat, as Go regexp.Compile does', () => {
    for (const source of ['*.example.com', '+app', '(*a)', '(?:*a)', 'a|*b', 'a**', 'x{2}*']) expect(goRegexpRejects(source), source).toBe(true);
  });

  it('refuses an unbalanced group or an unclosed class, as Go regexp.Compile does', () => {
    for (const source of ['(', 'https://(app|admin.example.com', 'a)', '[a-z.example.com']) expect(goRegexpRejects(source), source).toBe(true);
  });

  it('accepts what Go compiles, Go-only syntax included', () => {
    for (const source of ['https://*.example.com', '^https://.*\\.example\\.com$', '[*]x', '\\*x', '(?i)^https://a\\.com$', '(?P<host>[a-z]+)\\.example\\.com']) {
      expect(goRegexpRejects(source), source).toBe(false);
    }
  });
});
