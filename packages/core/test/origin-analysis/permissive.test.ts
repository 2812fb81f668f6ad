import { describe, expect, it } from 'vitest';
import type { OriginMatcher, RegexDialect } from '../../src/model.js';
import { findPermissiveOrigin, type OriginDefect } from '../../src/origin-analysis/index.js';
import { isSerializedOrigin, runMatcher } from './run-matcher.js';

const LOC = { line: 1, column: 1, endLine: 1, endColumn: 2 };

function pattern(source: string, dialect: RegexDialect = 'js', flags = ''): OriginMatcher {
  return { kind: 'pattern', source, flags, dialect, loc: LOC };
}

const prefix = (value: string): OriginMatcher => ({ kind: 'prefix', value, loc: LOC });
const suffix = (value: string): OriginMatcher => ({ kind: 'suffix', value, loc: LOC });
const glob = (value: string, star: 'label' | 'any'): OriginMatcher => ({ kind: 'glob', value, star, loc: LOC });

function describeMatcher(matcher: OriginMatcher): string {
  if (matcher.kind === 'pattern') return `${matcher.dialect} /${matcher.source}/${matcher.flags}`;
  return 'value' in matcher ? `${matcher.kind} ${matcher.value}` : matcher.kind;
}

/**
 * The analysis must name the defect and origin, and the origin must be a real serialized origin
 * outside the intended domain that the matcher, run as its server runs it, accepts.
 */
function expectPermissive(matcher: OriginMatcher, defect: OriginDefect, origin: string, intendedDomain: string | null) {
  const result = findPermissiveOrigin(matcher);
  expect(result).toEqual({ verdict: 'permissive', defect, origin, intendedDomain });
  expect(isSerializedOrigin(origin)).toBe(true);
  expect(runMatcher(matcher, origin)).toBe(true);
  if (intendedDomain !== null) {
    const host = new URL(origin).hostname;
    expect(host === intendedDomain || host.endsWith(`.${intendedDomain}`)).toBe(false);
  }
}

describe('findPermissiveOrigin: permissive matchers', () => {
  const cases: [OriginMatcher, OriginDefect, string, string | null][] = [
    // Missing end anchor: the host can go on after the domain.
    [pattern('^https:\\/\\/example\\.com'), 'missing-end-anchor', 'https://example.com.attacker.test', 'example.com'],
    [pattern('https://.*\\.example\\.com', 're2-search'), 'missing-end-anchor', 'https://x.example.com.attacker.test', 'example.com'],
    // APISIX's documented example, searched with ngx.re.find: both defects, the open end is shown.
    [pattern('.*\\.test.com', 'pcre-search'), 'missing-end-anchor', 'https://x.test.com.attacker.test', 'test.com'],
    // Unanchored start: anything may precede the domain.
    [pattern('example\\.com$'), 'missing-start-anchor', 'https://attackerexample.com', 'example.com'],
    [pattern('example\\.com$', 'pcre-search'), 'missing-start-anchor', 'https://attackerexample.com', 'example.com'],
    // Unescaped dot.
    [pattern('^https://www.example.com$'), 'unescaped-dot', 'https://wwwxexample.com', 'example.com'],
    [pattern('https://app.example.com', 're2-full'), 'unescaped-dot', 'https://appxexample.com', 'example.com'],
    // `.*` host wildcards.
    [pattern('^https://.*example\\.com$'), 'no-dot-before-domain', 'https://attackerexample.com', 'example.com'],
    [pattern('https://.*example\\.com', 'pcre-full'), 'no-dot-before-domain', 'https://attackerexample.com', 'example.com'],
    [pattern('^https://.*$'), 'wildcard-spans-domain', 'https://attacker.test', null],
    [pattern('^https://[a-z]+\\.com$'), 'wildcard-spans-domain', 'https://attacker.com', null],
    [pattern('^https://example\\.[a-z]+$'), 'wildcard-spans-domain', 'https://example.ai', null],
    // The author's own TLD counts as registrable unless it is a private one.
    [pattern('^https://.*example\\.museum$'), 'no-dot-before-domain', 'https://attackerexample.museum', 'example.museum'],
    [pattern('^https://app\\.example\\.internal'), 'missing-end-anchor', 'https://app.example.internal.attacker.test', 'example.internal'],
    // A shared-hosting suffix: anyone can get a subdomain of vercel.app.
    [pattern('^https://.*\\.vercel\\.app$'), 'wildcard-spans-domain', 'https://attacker.vercel.app', null],
    // Preview hosts, two and three labels deep (GitHub Codespaces, Railway): every user gets one.
    [glob('https://*.githubpreview.dev', 'label'), 'wildcard-spans-domain', 'https://attacker.githubpreview.dev', null],
    [glob('https://*.app.github.dev', 'label'), 'wildcard-spans-domain', 'https://attacker.app.github.dev', null],
    [pattern('^https://[a-z0-9-]+\\.up\\.railway\\.app$'), 'wildcard-spans-domain', 'https://attacker.up.railway.app', null],
    // Character classes that let a dot or the domain's first label vary.
    [pattern('^https://[a-z.]+example\\.com$'), 'no-dot-before-domain', 'https://attackerexample.com', 'example.com'],
    [pattern('^https://[a-z0-9.-]*example\\.com$', 're2-full'), 'no-dot-before-domain', 'https://attackerexample.com', 'example.com'],
    // Alternations where only one branch is anchored.
    [pattern('^https://a\\.example\\.com$|^https://b\\.example\\.com'), 'missing-end-anchor', 'https://b.example.com.attacker.test', 'example.com'],
    [pattern('^https://a\\.example\\.com|https://b\\.example\\.com$'), 'missing-end-anchor', 'https://a.example.com.attacker.test', 'example.com'],
    [pattern('^https://(app|admin)\\.example\\.(com|org)'), 'missing-end-anchor', 'https://app.example.com.attacker.test', 'example.com'],
    // Case-insensitive flags, as a JS flag and as RE2/PCRE inline flags.
    [pattern('^HTTPS://EXAMPLE\\.COM', 'js', 'i'), 'missing-end-anchor', 'https://example.com.attacker.test', 'example.com'],
    [pattern('(?i)^https://EXAMPLE\\.COM', 're2-search'), 'missing-end-anchor', 'https://example.com.attacker.test', 'example.com'],
    [pattern('(?i)HTTPS://.*EXAMPLE\\.COM', 'pcre-full'), 'no-dot-before-domain', 'https://attackerexample.com', 'example.com'],
    // A sticky JS regex is anchored at the start by `.test()`, but not at the end.
    [pattern('https:\\/\\/example\\.com', 'js', 'y'), 'missing-end-anchor', 'https://example.com.attacker.test', 'example.com'],
    // Plain http is no-insecure-origin's business, but an http-only loophole is still an attack.
    [pattern('^http://localhost'), 'missing-end-anchor', 'http://localhost.attacker.test', 'localhost'],
    // Assertions are folded into the text around them, not ignored: `\b` does not end the origin.
    [pattern('^https://.*\\.example\\.com\\b'), 'missing-end-anchor', 'https://x.example.com.attacker.test', 'example.com'],
    // Prefix, suffix and glob matchers.
    [prefix('https://example.com'), 'missing-end-anchor', 'https://example.com.attacker.test', 'example.com'],
    [suffix('example.com'), 'missing-start-anchor', 'https://attackerexample.com', 'example.com'],
    [suffix('.com'), 'wildcard-spans-domain', 'https://attacker.com', null],
    [glob('https://*example.com', 'label'), 'no-dot-before-domain', 'https://attackerexample.com', 'example.com'],
    [glob('https://*example.com', 'any'), 'no-dot-before-domain', 'https://attackerexample.com', 'example.com'],
    [glob('https://example.*', 'any'), 'wildcard-spans-domain', 'https://example.attacker.test', null],
  ];
  for (const [matcher, defect, origin, intended] of cases) {
    it(`${describeMatcher(matcher)} accepts ${origin}`, () => expectPermissive(matcher, defect, origin, intended));
  }
});

describe('findPermissiveOrigin: safe matchers', () => {
  const safe: OriginMatcher[] = [
    pattern('^https:\\/\\/example\\.com$'),
    pattern('^https://(www\\.)?example\\.com(:\\d+)?$'),
    pattern('^https://[a-z]+\\.example\\.com$'),
    pattern('^https://[a-z.]+\\.example\\.com$'),
    // Subdomain wildcards: every host they accept is inside example.com.
    pattern('^https://.*\\.example\\.com$'),
    pattern('^https://([a-z0-9-]+\\.)*example\\.com$'),
    pattern('https://.*\\.example\\.com', 'pcre-full'),
    pattern('https://.*\\.example\\.com', 're2-full'),
    pattern('(?i)^https://([a-z]+\\.)?example\\.com$', 're2-search'),
    // An unanchored start is harmless when a dot precedes the domain: no valid origin can hide anything before it.
    pattern('\\.example\\.com$'),
    pattern('(^|\\.)example\\.com$'),
    pattern('^https://(?!evil)[a-z]+\\.example\\.com$'),
    pattern('(?<=^https://|\\.)example\\.com$'),
    // `https?` is no-insecure-origin's concern.
    pattern('^https?://(app|admin)\\.example\\.com$'),
    pattern('^https?://(localhost|127\\.0\\.0\\.1)(:\\d+)?$'),
    // An unescaped dot whose only loophole is an invented TLD (`www.examplexcom`) cannot be registered.
    pattern('^https://www\\.example.com$'),
    // Names under a private TLD cannot be registered: `attackerexample.internal` is no attacker's origin.
    pattern('^https://.*example\\.internal$'),
    // Dots inside IP addresses: no registrable name fits.
    pattern('^http://192.168.1.\\d+(:\\d+)?$'),
    prefix('https://example.com:'),
    suffix('.example.com'),
    glob('https://*.example.com', 'label'),
    glob('https://*.example.com', 'any'),
    // One user's own preview host under a three-label suffix is that user's alone.
    glob('https://*.my-app.up.railway.app', 'label'),
  ];
  for (const matcher of safe) {
    it(`${describeMatcher(matcher)} is safe`, () => expect(findPermissiveOrigin(matcher)).toEqual({ verdict: 'safe' }));
  }

  it('treats exact origins as what the author meant', () => {
    expect(findPermissiveOrigin({ kind: 'exact', value: 'https://example.com', compared: true, loc: LOC })).toEqual({
      verdict: 'safe',
    });
  });
});

describe('findPermissiveOrigin: patterns seen in public gateway configs', () => {
  it('reports the open-ended Traefik regex and the unanchored APISIX one', () => {
    expectPermissive(pattern('.*\\.home\\.nicdumz\\.fr', 're2-search'), 'missing-end-anchor', 'https://x.home.nicdumz.fr.attacker.test', 'nicdumz.fr');
    expectPermissive(pattern('.*\\.test.com', 'pcre-search'), 'missing-end-anchor', 'https://x.test.com.attacker.test', 'test.com');
  });

  it('stays silent on the anchored ones', () => {
    for (const matcher of [
      pattern('^https://([a-z0-9-]+\\.)?example\\.(me|app)$', 're2-search'),
      pattern('^(https?://localhost(:\\d+)?|https://example\\\\.com)$', 're2-search'),
      pattern('^https://.*\\.example\\.com:8081$', 'pcre-search'),
      pattern('^https://.+\\.city\\.example\\.com$', 'pcre-search'),
      // APISIX's documented `.*\.test.com$`: the one unescaped dot only admits invented TLDs (`x.testxcom`).
      pattern('.*\\.test.com$', 'pcre-search'),
    ]) {
      expect(findPermissiveOrigin(matcher)).toEqual({ verdict: 'safe' });
    }
  });
});

describe('findPermissiveOrigin: unknown', () => {
  const unknown: OriginMatcher[] = [
    pattern('^https://(example\\.com'),
    pattern('^https://example\\.com$', 'js', 'Q'),
    // RE2/PCRE syntax JavaScript would misread: \A and \z anchors, possessive quantifiers, POSIX classes, (?x).
    pattern('\\Ahttps://example\\.com\\z', 're2-full'),
    pattern('^https://[a-z]++\\.example\\.com$', 'pcre-search'),
    pattern('^https://[[:alpha:]]+\\.example\\.com$', 're2-search'),
    pattern('(?x)^https:// example\\.com', 'pcre-search'),
    pattern('^https://[]a]\\.com', 'pcre-search'),
    // More alternatives than the analysis expands.
    pattern('^https://(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)\\.example\\.com'),
    { kind: 'unknown', loc: LOC },
    { kind: 'any', loc: LOC },
  ];
  for (const matcher of unknown) {
    it(`${describeMatcher(matcher)} is unknown`, () => expect(findPermissiveOrigin(matcher)).toEqual({ verdict: 'unknown' }));
  }
});

describe('findPermissiveOrigin: speed', () => {
  it('analyses catastrophic-backtracking and large patterns without running them', () => {
    const start = performance.now();
    const results = [
      pattern('^https://(a+)+\\.example\\.com'),
      pattern('^https://([a-z]+)*[a-z]+\\.example\\.com$'),
      pattern('^https://.*a.{40}\\.example\\.com'),
      pattern('^https://[a-z]{1,500}\\.example\\.com$'),
    ].map((matcher) => findPermissiveOrigin(matcher).verdict);
    const elapsed = performance.now() - start;
    console.log(`four hostile patterns analysed in ${elapsed.toFixed(0)} ms: ${results.join(', ')}`);
    expect(results).toEqual(['permissive', 'safe', 'permissive', 'safe']);
    expect(elapsed).toBeLessThan(2000);
  });

  it('gives up quickly, as unknown, on patterns past its size bounds', () => {
    const start = performance.now();
    const results = [
      // Dense automata: every optional part links to every later one.
      pattern(`^https://${'[a-z]?'.repeat(300)}\\.example\\.com`),
      // Nested bounded repeats explode the automaton.
      pattern('^https://((a{1,50}){1,50}){1,50}'),
      // Longer than any hand-written origin matcher.
      pattern('x'.repeat(100000)),
    ].map((matcher) => findPermissiveOrigin(matcher).verdict);
    const elapsed = performance.now() - start;
    console.log(`three oversized patterns given up in ${elapsed.toFixed(0)} ms`);
    expect(results).toEqual(['unknown', 'unknown', 'unknown']);
    expect(elapsed).toBeLessThan(2000);
  });
});
