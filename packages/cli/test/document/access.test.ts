import { describe, expect, it } from 'vitest';
import { get, getRelaxed, isPlaceholder, relaxedEquals, relaxedKey, splitCommaList } from '../../src/document/access.js';
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

describe('item positions in comma-separated scalars', () => {
  const itemsOf = (path: string, text: string, key: string) => {
    const [document] = parseConfigText(path, text).documents;
    const node = getRelaxed(document?.root, key);
    if (node?.type !== 'scalar') throw new Error(`no scalar at ${key}`);
    return splitCommaList(node).map((item) => `${item.value}@${item.loc.line}:${item.loc.column}-${item.loc.endLine}:${item.loc.endColumn}`);
  };

  it('points at each item of a single-line plain or quoted scalar', () => {
    expect(itemsOf('a.yaml', 'methods: "GET, PUT,TRACE"\n', 'methods')).toEqual(['GET@1:11-1:14', 'PUT@1:16-1:19', 'TRACE@1:20-1:25']);
  });

  it('points at each item of a literal block, a folded block and a multi-line quoted scalar', () => {
    expect(itemsOf('a.yaml', 'methods: |\n  GET,\n  TRACE\n', 'methods')).toEqual(['GET@2:3-2:6', 'TRACE@3:3-3:8']);
    expect(itemsOf('a.yaml', 'origins: >-\n  https://a.example.com,\n  http://b.example.com\n', 'origins')).toEqual([
      'https://a.example.com@2:3-2:24',
      'http://b.example.com@3:3-3:23',
    ]);
    expect(itemsOf('a.yaml', 'methods: "GET, PUT,\n  POST, TRACE"\n', 'methods')).toEqual(['GET@1:11-1:14', 'PUT@1:16-1:19', 'POST@2:3-2:7', 'TRACE@2:9-2:14']);
    // The same item twice: each copy at its own place.
    expect(itemsOf('a.yaml', 'methods: >\n  GET,\n  GET\n', 'methods')).toEqual(['GET@2:3-2:6', 'GET@3:3-3:6']);
  });

  it('points at items on the continuation lines of a .properties value', () => {
    expect(itemsOf('application.properties', 'origins=https://a.example.com,\\\n    http://b.example.com\n', 'origins')).toEqual([
      'https://a.example.com@1:9-1:30',
      'http://b.example.com@2:5-2:25',
    ]);
  });

  it('falls back to the whole scalar where an escape wrote the item', () => {
    const [document] = parseConfigText('a.yaml', 'methods: "GET,\n  \\x54RACE"\n').documents;
    const node = getRelaxed(document?.root, 'methods');
    if (node?.type !== 'scalar') throw new Error('no scalar');
    expect(splitCommaList(node)[1]).toEqual({ value: 'TRACE', loc: node.loc });
  });
});

describe('item positions in single-line strings with escapes', () => {
  const itemsOf = (path: string, text: string, key: string): string[] => {
    const node = getRelaxed(parseConfigText(path, text).documents[0]?.root, key);
    if (node?.type !== 'scalar') throw new Error(`no scalar at ${key}`);
    return splitCommaList(node).map((item) => `${item.value}@${item.loc.line}:${item.loc.column}-${item.loc.endColumn}`);
  };

  it('points at items an escape wrote part of: JSON \\/, a .properties \\:, YAML \\t and \\u, a doubled single quote', () => {
    expect(itemsOf('a.json', '{"origins": "https:\\/\\/a.example.com, https:\\/\\/b.example.com"}\n', 'origins')).toEqual([
      'https://a.example.com@1:14-37',
      'https://b.example.com@1:39-62',
    ]);
    expect(itemsOf('application.properties', 'allowed-origins=https\\://a.com, http\\://b.com\n', 'allowed-origins')).toEqual([
      'https://a.com@1:17-31',
      'http://b.com@1:33-46',
    ]);
    expect(itemsOf('a.yaml', 'origins: "https://a.com,\\thttps://b\\u002ecom"\n', 'origins')).toEqual(['https://a.com@1:11-24', 'https://b.com@1:27-45']);
    expect(itemsOf('a.yaml', "origins: 'it''s, https://b.com'\n", 'origins')).toEqual(["it's@1:11-16", 'https://b.com@1:18-31']);
  });

  it('points at an item written as is inside a JSON string that holds escapes elsewhere', () => {
    const text = '{"methods": "GET,\\tPUT, TRACE"}\n';
    const [document] = parseConfigText('a.json', text).documents;
    const node = getRelaxed(document?.root, 'methods');
    if (node?.type !== 'scalar') throw new Error('no scalar');
    expect(splitCommaList(node).map((item) => `${item.value}@${item.loc.line}:${item.loc.column}`)).toEqual(['GET@1:14', 'PUT@1:20', 'TRACE@1:25']);
  });
});

describe('placeholders', () => {
  const valueOf = (yaml: string) => get(parseConfigText('a.yaml', `v: ${yaml}\n`).documents[0]?.root, 'v');

  it('reads a URL with a template blank in it as unknown', () => {
    for (const text of ["'https://<username>.github.io'", "'https://<your-host>:<your-port>'", "'http://localhost:<PORT>'", "'<your-origin>'"]) {
      expect(isPlaceholder(valueOf(text)), text).toBe(true);
    }
  });

  it('keeps origins, regexes with named groups or back-references, and angle brackets outside URLs', () => {
    for (const text of [
      "'https://app.example.com'",
      "'^https://(?<tenant>[a-z]+)\\.example\\.com$'",
      "'https://(?<a>x)\\k<a>.example.com'",
      "'text/html; <b>'",
    ]) {
      expect(isPlaceholder(valueOf(text)), text).toBe(false);
    }
  });
});
