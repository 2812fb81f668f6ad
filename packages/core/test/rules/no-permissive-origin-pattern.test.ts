import { describe, expect, it } from 'vitest';
import { at, buildPolicy, origin, tri } from '../policy-builder.js';
import { detailsOf, findingsOf } from './findings.js';

const RULE = 'no-permissive-origin-pattern';
const finding = (messageId: string, line: number, column: number) => ({
  ruleId: RULE,
  messageId,
  severity: 'error',
  line,
  column,
});

describe(RULE, () => {
  it('names each defect with its own message, at the matcher', () => {
    const policy = buildPolicy({
      origins: [
        origin.pattern('^https:\\/\\/example\\.com', at(3, 5, 25)),
        origin.pattern('example\\.com$', at(4, 5, 16)),
        origin.pattern('^https://www.example.com$', at(5, 5, 27)),
        origin.pattern('^https://.*example\\.com$', at(6, 5, 26)),
        origin.pattern('^https://[a-z]+\\.com$', at(7, 5, 22)),
        origin.prefix('https://example.com', at(8, 13, 21)),
        origin.suffix('example.com', at(9, 13, 13)),
        origin.glob('https://*example.com', at(10, 7, 22)),
      ],
    });
    expect(findingsOf(RULE, policy)).toEqual([
      finding('missingEndAnchor', 3, 5),
      finding('missingStartAnchor', 4, 5),
      finding('unescapedDot', 5, 5),
      finding('noDotBeforeDomain', 6, 5),
      finding('wildcardSpansDomain', 7, 5),
      finding('prefixWithoutEnd', 8, 13),
      finding('suffixWithoutDot', 9, 13),
      finding('noDotBeforeDomain', 10, 7),
    ]);
  });

  it('shows the concrete attacker origin in the message', () => {
    const policy = buildPolicy({ origins: [origin.pattern('https://.*\\.example\\.com', at(12, 9, 26), 're2-search')] });
    expect(detailsOf(RULE, policy)).toEqual([
      {
        messageId: 'missingEndAnchor',
        message:
          "The origin pattern 'https://.*\\.example\\.com' is not anchored at the end, so it also accepts 'https://x.example.com.attacker.test', an origin anyone can register. End the pattern with '$'.",
        data: { matcher: 'https://.*\\.example\\.com', origin: 'https://x.example.com.attacker.test', domain: 'example.com' },
      },
    ]);
    const dotted = buildPolicy({ origins: [origin.suffix('example.com', at(2, 3, 13))] });
    expect(detailsOf(RULE, dotted)[0]?.message).toBe(
      "The suffix origin matcher 'example.com' does not start with a dot, so it also accepts 'https://attackerexample.com', an origin anyone can register. Start the suffix with '.' and match the domain itself exactly.",
    );
  });

  it('applies each dialect: a full-match RE2 regex needs no anchors, a searched one does', () => {
    const policy = buildPolicy({
      origins: [
        origin.pattern('https://[a-z]+\\.example\\.com', at(2, 12, 30), 're2-full'),
        origin.pattern('https://[a-z]+\\.example\\.com', at(3, 12, 30), 're2-search'),
        origin.pattern('(?i)^https://APP.EXAMPLE.COM$', at(4, 12, 30), 'pcre-search'),
      ],
    });
    expect(findingsOf(RULE, policy)).toEqual([finding('missingEndAnchor', 3, 12), finding('unescapedDot', 4, 12)]);
  });

  it('stays silent on anchored, escaped patterns, subdomain wildcards and dotted suffixes', () => {
    const policy = buildPolicy({
      origins: [
        origin.pattern('^https:\\/\\/(www\\.)?example\\.com$', at(2, 3)),
        origin.pattern('^https://[a-z]+\\.example\\.com(:\\d+)?$', at(3, 3)),
        origin.pattern('^https://.*\\.example\\.com$', at(4, 3)),
        origin.pattern('^https?://localhost(:\\d+)?$', at(5, 3)),
        origin.suffix('.example.com', at(6, 3)),
        origin.glob('https://*.example.com', at(7, 3), 'any'),
        origin.exact('https://app.example.com', at(8, 3)),
      ],
      credentials: tri(true, at(9, 3)),
    });
    expect(findingsOf(RULE, policy)).toEqual([]);
  });

  it('stays silent on what it cannot read: invalid, foreign-syntax and unknown matchers', () => {
    const policy = buildPolicy({
      origins: [
        origin.pattern('^https://(example\\.com', at(2, 3)),
        origin.pattern('\\Ahttps://example\\.com', at(3, 3), 're2-search'),
        origin.pattern('^https://[a-z]++\\.example\\.com', at(4, 3), 'pcre-search'),
        origin.unknown(at(5, 3)),
        origin.any(at(6, 3)),
      ],
    });
    expect(findingsOf(RULE, policy)).toEqual([]);
  });
});
