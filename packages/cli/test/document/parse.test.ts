import { describe, expect, it } from 'vitest';
import { at, get, keyNode, renamedKey } from '../../src/document/access.js';
import type { DocNode, MapNode, ScalarNode, SeqNode } from '../../src/document/node.js';
import { parseConfigText } from '../../src/document/parse.js';
import { MAX_TOML_CHARS } from '../../src/document/toml.js';

function parseOne(path: string, text: string): DocNode {
  const parsed = parseConfigText(path, text);
  expect(parsed.errors).toEqual([]);
  expect(parsed.documents).toHaveLength(1);
  return (parsed.documents[0] as { root: DocNode }).root;
}

/** [line, column, endLine, endColumn] of a node. */
function span(node: DocNode | undefined): [number, number, number, number] {
  if (node === undefined) throw new Error('node missing');
  return [node.loc.line, node.loc.column, node.loc.endLine, node.loc.endColumn];
}

function scalar(node: DocNode | undefined): ScalarNode {
  if (node?.type !== 'scalar') throw new Error(`expected a scalar, got ${node?.type}`);
  return node;
}

describe('YAML positions', () => {
  it('places block keys, plain, quoted and multi-line scalars', () => {
    const root = parseOne(
      'a.yaml',
      ['origin: https://a.example', 'quoted: "x, y"', "single: 'it''s'", 'multi: "one', '  two"', 'plain: first', '  second'].join('\n'),
    );
    const map = root as MapNode;
    expect(span(map.entries[0]?.key)).toEqual([1, 1, 1, 7]);
    expect(span(get(root, 'origin'))).toEqual([1, 9, 1, 26]);
    expect(span(get(root, 'quoted'))).toEqual([2, 9, 2, 15]);
    expect(scalar(get(root, 'quoted'))).toMatchObject({ value: 'x, y', text: '"x, y"' });
    expect(scalar(get(root, 'single'))).toMatchObject({ value: "it's", text: "'it''s'" });
    expect(span(get(root, 'multi'))).toEqual([4, 8, 5, 7]);
    expect(scalar(get(root, 'multi')).value).toBe('one two');
    expect(span(get(root, 'plain'))).toEqual([6, 8, 7, 9]);
    expect(scalar(get(root, 'plain')).value).toBe('first second');
    expect(span(root)).toEqual([1, 1, 7, 9]);
  });

  it('spans flow collections from bracket to bracket', () => {
    const root = parseOne('f.yaml', 'cors: {origins: [a, "b"], credentials: true}\nempty: []\nnulls: {x: , y}\n');
    expect(span(get(root, 'cors'))).toEqual([1, 7, 1, 45]);
    expect(span(at(root, 'cors', 'origins'))).toEqual([1, 17, 1, 25]);
    expect(span((at(root, 'cors', 'origins') as SeqNode).items[1])).toEqual([1, 21, 1, 24]);
    expect(span(get(root, 'empty'))).toEqual([2, 8, 2, 10]);
    expect(span(get(root, 'nulls'))).toEqual([3, 8, 3, 16]);
    expect(scalar(at(root, 'nulls', 'x')).value).toBeNull();
    expect(scalar(at(root, 'nulls', 'y')).value).toBeNull();
  });

  it('starts block scalars at their indicator and ends them at the last character', () => {
    const root = parseOne('b.yaml', 'headers: |\n  add_header X-A 1;\n  add_header X-B 2;\n\nfolded: >-\n  a\n  b\nnext: 1\n');
    expect(span(get(root, 'headers'))).toEqual([1, 10, 3, 20]);
    expect(scalar(get(root, 'headers')).value).toBe('add_header X-A 1;\nadd_header X-B 2;\n');
    expect(span(get(root, 'folded'))).toEqual([5, 9, 7, 4]);
    expect(scalar(get(root, 'folded')).value).toBe('a b');
  });

  it('types scalars by the YAML 1.2 core schema and keeps quoted scalars as strings', () => {
    const root = parseOne(
      't.yaml',
      'b: true\nB: False\nn: null\ntilde: ~\nempty:\ni: 86400\nhex: 0x10\nf: 1.5\ninf: .inf\ns: "true"\nq: \'600\'\nold: yes\nstr: !!str 12\nint: !!int "7"\n',
    );
    const values = (root as MapNode).entries.map((entry) => [entry.key.value, scalar(entry.value).value]);
    expect(values).toEqual([
      ['b', true],
      ['B', false],
      ['n', null],
      ['tilde', null],
      ['empty', null],
      ['i', 86400],
      ['hex', 16],
      ['f', 1.5],
      ['inf', Infinity],
      ['s', 'true'],
      ['q', '600'],
      ['old', 'yes'],
      ['str', '12'],
      ['int', 7],
    ]);
  });

  it('reads Maven resource-filtering tokens written as plain values as unknown values in place', () => {
    const parsed = parseConfigText(
      'application.yml',
      ['server:', '  port: @server.port@', 'names:', '  - @project.artifactId@ # filled in by the build', 'version: v-@project.version@'].join('\n'),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.text).toContain('port: @server.port@');
    const root = (parsed.documents[0] as { root: DocNode }).root;
    const port = at(root, 'server', 'port');
    expect(port?.type).toBe('dynamic');
    expect(span(port)).toEqual([2, 9, 2, 22]);
    const name = (get(root, 'names') as SeqNode).items[0];
    expect(name?.type).toBe('dynamic');
    expect(span(name)).toEqual([4, 5, 4, 25]);
    expect(scalar(get(root, 'version')).value).toBe('v-@project.version@');
    expect(parsed.comments.map((comment) => comment.text)).toEqual([' filled in by the build']);
    // A token the rewrite cannot place leaves the error of the text as written.
    expect(parseConfigText('application.yml', 'a: [@x@]\n').errors).toEqual([
      { message: expect.any(String) as string, line: 1, column: 5 },
    ]);
  });

  it('turns every tag outside the core schema into a dynamic node', () => {
    const root = parseOne(
      'cfn.yaml',
      [
        'Origin: !Ref AllowedOrigin',
        'Sub: !Sub "https://${Domain}"',
        'Att: !GetAtt Api.Endpoint',
        'If: !If [IsProd, a, b]',
        'Join: !Join',
        '  - ""',
        '  - [a, b]',
        'Map: !FindInMap [M, K, V]',
        'Custom: !vault {path: x}',
        'Verbatim: !<tag:example.com:x> y',
      ].join('\n'),
    );
    const tags = (root as MapNode).entries.map((entry) => [entry.key.value, entry.value.type, entry.value.type === 'dynamic' ? entry.value.tag : '']);
    expect(tags).toEqual([
      ['Origin', 'dynamic', '!Ref'],
      ['Sub', 'dynamic', '!Sub'],
      ['Att', 'dynamic', '!GetAtt'],
      ['If', 'dynamic', '!If'],
      ['Join', 'dynamic', '!Join'],
      ['Map', 'dynamic', '!FindInMap'],
      ['Custom', 'dynamic', '!vault'],
      ['Verbatim', 'dynamic', '!<tag:example.com:x>'],
    ]);
    const origin = get(root, 'Origin');
    expect(span(origin)).toEqual([1, 9, 1, 27]);
    expect(origin?.type === 'dynamic' && origin.inner).toMatchObject({ type: 'scalar', value: 'AllowedOrigin' });
    const join = get(root, 'Join');
    expect(span(join)).toEqual([5, 7, 7, 11]);
    expect(join?.type === 'dynamic' && join.inner.type).toBe('seq');
  });

  it('resolves aliases to the anchored node itself', () => {
    const root = parseOne('alias.yaml', 'base: &cors\n  origins: [a]\none: *cors\ntwo: *cors\n');
    expect(get(root, 'one')).toBe(get(root, 'base'));
    expect(get(root, 'two')).toBe(get(root, 'base'));
  });

  it('folds merge keys, letting the mapping and earlier sources win', () => {
    const root = parseOne(
      'merge.yaml',
      [
        'defaults: &defaults',
        '  methods: GET',
        '  maxAge: 600',
        'extra: &extra',
        '  maxAge: 1',
        '  headers: X-A',
        'route:',
        '  <<: [*defaults, *extra]',
        '  methods: PUT',
        "  '<<': literal",
      ].join('\n'),
    );
    const route = get(root, 'route') as MapNode;
    expect(route.entries.map((entry) => entry.key.text)).toEqual(['maxAge', 'headers', 'methods', "'<<'"]);
    expect(scalar(get(route, 'methods')).value).toBe('PUT');
    expect(span(get(route, 'maxAge'))).toEqual([3, 11, 3, 14]);
    expect(get(route, 'maxAge')).toBe(get(get(root, 'defaults'), 'maxAge'));
  });

  it('reads every document of a stream, in order', () => {
    const parsed = parseConfigText('stream.yaml', '---\nkind: A\n---\nkind: B\n...\n---\n# empty\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.documents.map((doc) => [doc.index, doc.syntax, str(doc.root)])).toEqual([
      [0, 'yaml', 'A'],
      [1, 'yaml', 'B'],
      [2, 'yaml', undefined],
    ]);
    expect(span(get(parsed.documents[1]?.root, 'kind'))).toEqual([4, 7, 4, 8]);

    function str(root: DocNode): unknown {
      const kind = get(root, 'kind');
      return kind?.type === 'scalar' ? kind.value : undefined;
    }
  });

  it('reads an empty file as no documents', () => {
    expect(parseConfigText('e.yaml', '')).toMatchObject({ documents: [], errors: [] });
    expect(parseConfigText('c.yaml', '# nothing here\n')).toMatchObject({ documents: [], errors: [] });
  });

  it('ignores a byte-order mark and counts CRLF and lone CR as one line break', () => {
    const root = parseOne('crlf.yaml', '\uFEFFa: 1\r\nb: "x"\r\nc: [1,\r  2]\r\n');
    expect(span(get(root, 'a'))).toEqual([1, 4, 1, 5]);
    expect(span(get(root, 'b'))).toEqual([2, 4, 2, 7]);
    expect(span(get(root, 'c'))).toEqual([3, 4, 4, 5]);
  });

  it('counts a tab as one column', () => {
    const root = parseOne('tab.yaml', 'a:\t"x"\n');
    expect(span(get(root, 'a'))).toEqual([1, 4, 1, 7]);
  });

  it('reports syntax errors with their position', () => {
    expect(parseConfigText('bad.yaml', 'a: 1\nb: [1, 2\nc: 3\n').errors).toEqual([
      { message: 'deficient indentation', line: 3, column: 1 },
    ]);
    expect(parseConfigText('bad.yaml', 'a:\n  b: 1\n c: 2\n')).toMatchObject({ documents: [], errors: [{ line: 3 }] });
    expect(parseConfigText('alias.yaml', 'a: 1\nb: *missing\n').errors).toEqual([
      { message: 'unknown anchor *missing', line: 2, column: 4 },
    ]);
    expect(parseConfigText('rec.yaml', 'a: &x [1, *x]\n').errors).toEqual([
      { message: 'alias *x refers to a node that contains it', line: 1, column: 11 },
    ]);
    expect(parseConfigText('merge.yaml', 'a:\n  <<: 5\n').errors).toEqual([
      { message: 'a merge key (<<) needs a mapping or a sequence of mappings', line: 2, column: 7 },
    ]);
    expect(parseConfigText('int.yaml', 'a: !!int abc\n').errors).toEqual([
      { message: 'cannot read "abc" as !!int', line: 1, column: 10 },
    ]);
  });

  it('refuses nesting deeper than the limit instead of overflowing the stack', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const parsed = parseConfigText('deep.yaml', deep);
    expect(parsed.documents).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]?.line).toBe(1);
  });
});

describe('YAML comments', () => {
  it('finds comments outside scalars only', () => {
    const parsed = parseConfigText(
      'c.yaml',
      [
        '# top',
        'a: "not # a comment" # trailing',
        'b: x#y',
        'c: |',
        '  # inside a block scalar',
        '  text',
        "d: 'also # text'",
        '  # own line, indented',
      ].join('\n'),
    );
    expect(parsed.comments).toEqual([
      { text: ' top', line: 1, column: 1, ownLine: true },
      { text: ' trailing', line: 2, column: 22, ownLine: false },
      { text: ' own line, indented', line: 8, column: 3, ownLine: true },
    ]);
  });
});

describe('JSON', () => {
  it('places keys and values', () => {
    const root = parseOne('t.json', '{\n  "Cors": {\n    "AllowOrigins": ["*", "https://a.example"],\n    "MaxAge": 600\n  }\n}\n');
    expect(span(root)).toEqual([1, 1, 6, 2]);
    const cors = get(root, 'Cors') as MapNode;
    expect(span(cors.entries[0]?.key)).toEqual([3, 5, 3, 19]);
    expect(scalar(cors.entries[0]?.key)).toMatchObject({ value: 'AllowOrigins', text: '"AllowOrigins"' });
    expect(span((get(cors, 'AllowOrigins') as SeqNode).items[1])).toEqual([3, 27, 3, 46]);
    expect(scalar(get(cors, 'MaxAge'))).toMatchObject({ value: 600, text: '600' });
  });

  it('reads a document by content when the path has no extension', () => {
    const parsed = parseConfigText('<stdin>', '  {"a": true}');
    expect(parsed.documents[0]).toMatchObject({ syntax: 'json', path: '<stdin>' });
    const flowYaml = parseConfigText('<stdin>', '{a: 1}');
    expect(flowYaml.documents[0]).toMatchObject({ syntax: 'yaml' });
  });

  it('keeps duplicate keys, the last one winning as JSON.parse does', () => {
    const root = parseOne('d.json', '{"a": 1, "a": 2}');
    expect(scalar(get(root, 'a')).value).toBe(2);
  });

  it('reads comments and trailing commas but reports them as non-standard', () => {
    const parsed = parseConfigText('c.json', '{\n  // note\n  "a": [1,],\n}\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.documents).toHaveLength(1);
    expect(parsed.nonStandard).toEqual([{ message: "Unexpected character '/' found.", line: 2, column: 3 }]);
  });

  it('reports syntax errors with their position', () => {
    expect(parseConfigText('bad.json', '{\n  "a": 1\n  "b": 2\n}').errors).toEqual([
      { message: 'Unexpected token String found.', line: 3, column: 3 },
    ]);
    expect(parseConfigText('trunc.json', '{\n  "a": [1, 2]').errors).toEqual([
      { message: 'Unexpected end of input found.', line: 2, column: 14 },
    ]);
    expect(parseConfigText('trunc.json', '{\n  "a": ').errors).toEqual([
      { message: 'Unexpected end of input found.', line: 2, column: 8 },
    ]);
  });

  it('reads objects or arrays one after another (jq, JSON Lines) as a stream of documents, at their places', () => {
    const parsed = parseConfigText('items.json', '{"kind": "A", "n": 1}\n  {"kind": "B",\n   "list": ["x"]}\n[]\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.documents.map((document) => document.index)).toEqual([0, 1, 2]);
    const [first, second] = parsed.documents.map((document) => document.root);
    expect(span(get(first, 'n'))).toEqual([1, 20, 1, 21]);
    expect(span(get(second, 'kind'))).toEqual([2, 12, 2, 15]);
    expect(span((get(second, 'list') as SeqNode).items[0])).toEqual([3, 13, 3, 16]);
    // The first value that does not parse gives the error, at its place in the file.
    expect(parseConfigText('items.json', '{"a": 1}\n{"b": }\n').errors).toEqual([{ message: 'Unexpected token RBrace found.', line: 2, column: 7 }]);
    // Anything else beside a value is no sequence: the strict error stands.
    expect(parseConfigText('x.json', '{"a": 1} x').errors).toEqual([{ message: "Unexpected character 'x' found.", line: 1, column: 10 }]);
  });

  it('refuses deep nesting with a clear error', () => {
    const parsed = parseConfigText('deep.json', `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect(parsed.documents).toEqual([]);
    expect(parsed.errors[0]?.message).toMatch(/nested/);
  });

  it('counts CRLF and lone CR as one line break, as the YAML reader does', () => {
    const root = parseOne('crlf.json', '{\r\n  "a": 1,\r  "b":\t"x"\r\n}');
    expect(span(get(root, 'a'))).toEqual([2, 8, 2, 9]);
    expect(span(get(root, 'b'))).toEqual([3, 8, 3, 11]);
  });

  it('ignores a byte-order mark', () => {
    const root = parseOne('bom.json', '\uFEFF{"a": 1}');
    expect(span(get(root, 'a'))).toEqual([1, 7, 1, 8]);
  });
});

describe('key lookup in large mappings', () => {
  it('finds the last entry of a repeated key, a string key by its value and any other by its source text, as in a small mapping', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `key${i}: ${i}`);
    lines.splice(50, 0, 'dup: first');
    lines.push('"dup": last', "'80': quoted-eighty", '443: integer-key', 'true: boolean-key');
    const root = parseOne('large.yaml', lines.join('\n'));
    expect(scalar(get(root, 'dup')).value).toBe('last');
    expect(scalar(get(root, 'key199')).value).toBe(199);
    expect(scalar(get(root, '80')).value).toBe('quoted-eighty');
    expect(get(root, "'80'")).toBeUndefined();
    expect(scalar(get(root, '443')).value).toBe('integer-key');
    expect(scalar(get(root, 'true')).value).toBe('boolean-key');
    expect(get(root, 'missing')).toBeUndefined();
    expect(keyNode(root, 'dup')?.loc.line).toBe(202);
  });

  it('looks keys up the same way in a small mapping', () => {
    const root = parseOne('small.yaml', "'80': quoted\n443: integer\n");
    expect(scalar(get(root, '80')).value).toBe('quoted');
    expect(get(root, "'80'")).toBeUndefined();
    expect(scalar(get(root, '443')).value).toBe('integer');
  });
});

describe('locations on demand', () => {
  it('gives the same location object on every read, and a renamed key keeps its place', () => {
    const root = parseOne('labels.yaml', 'labels:\n  traefik.http.middlewares.cors.headers.accessControlAllowOriginList: "*"\n');
    const key = keyNode(get(root, 'labels'), 'traefik.http.middlewares.cors.headers.accessControlAllowOriginList');
    if (key === undefined) throw new Error('key missing');
    expect(key.loc).toBe(key.loc);
    const renamed = renamedKey(key, 'accessControlAllowOriginList');
    expect(renamed).toEqual({ type: 'scalar', value: 'accessControlAllowOriginList', text: 'accessControlAllowOriginList', loc: key.loc });
    expect(span(renamed)).toEqual([2, 3, 2, 69]);
  });

  it('reads JSON positions without a line index until one is asked for', () => {
    const root = parseOne('late.json', '{\n  "a": {\n    "b": [1, "two"]\n  }\n}');
    expect(span(at(root, 'a', 'b'))).toEqual([3, 10, 3, 20]);
    expect(span(root)).toEqual([1, 1, 5, 2]);
  });
});

describe('Java properties', () => {
  it('reads each pair as a string-valued key, with escapes resolved and continued lines joined, at their source spans', () => {
    const text = ['# edge', 'a.b=one', '  c.d : two', 'e\\ f three\\', '    four', 'g=', ''].join('\n');
    const root = parseOne('application.properties', text);
    expect(scalar(get(root, 'a.b')).value).toBe('one');
    expect(span(get(root, 'a.b'))).toEqual([2, 5, 2, 8]);
    expect(span(keyNode(root, 'c.d'))).toEqual([3, 3, 3, 6]);
    expect(span(get(root, 'c.d'))).toEqual([3, 9, 3, 12]);
    expect(scalar(get(root, 'e f')).value).toBe('threefour');
    expect(span(get(root, 'e f'))).toEqual([4, 6, 5, 9]);
    expect(scalar(get(root, 'g')).value).toBe('');
  });

  it('keeps the last value of a repeated key, and gives comment lines to inline suppressions', () => {
    const parsed = parseConfigText('application.properties', 'k=first\n! corsguard-disable-file\nk=last\n');
    expect(parsed.errors).toEqual([]);
    expect(scalar(get(parsed.documents[0]?.root, 'k')).value).toBe('last');
    expect(parsed.comments).toEqual([{ text: ' corsguard-disable-file', line: 2, column: 1, ownLine: true }]);
  });
});

describe('TOML', () => {
  it('merges tables, arrays of tables and dotted keys into nested nodes, each at its source span', () => {
    const text = [
      '# site',
      'title = "edge"',
      '[http.middlewares.cors.headers]',
      'accessControlAllowOriginList = ["https://a.example", \'https://b.example\']',
      'accessControlMaxAge = 600',
      'limits.burst = 5',
      '[[headers]]',
      '  for = "/*"',
      '  values = { Access-Control-Allow-Origin = "*" }',
      '[[headers]]',
      '  for = "/api/*"',
      '  [headers.values]',
      '    "X-Frame-Options" = "DENY"',
      'when = 1979-05-27T07:32:00Z',
      '',
    ].join('\n');
    const root = parseOne('dynamic.toml', text);
    const headers = at(root, 'http', 'middlewares', 'cors', 'headers');
    expect(span(keyNode(root, 'http'))).toEqual([3, 2, 3, 6]);
    const origins = get(headers, 'accessControlAllowOriginList') as SeqNode;
    expect(origins.items.map((item) => scalar(item).value)).toEqual(['https://a.example', 'https://b.example']);
    expect(span(origins.items[1])).toEqual([4, 54, 4, 73]);
    expect(scalar(get(headers, 'accessControlMaxAge')).value).toBe(600);
    expect(scalar(at(headers, 'limits', 'burst')).value).toBe(5);
    const sites = get(root, 'headers') as SeqNode;
    expect(sites.items.map((site) => scalar(get(site, 'for')).value)).toEqual(['/*', '/api/*']);
    expect(span(at(sites.items[0], 'values', 'Access-Control-Allow-Origin'))).toEqual([9, 44, 9, 47]);
    expect(scalar(at(sites.items[1], 'values', 'X-Frame-Options')).value).toBe('DENY');
    // Key-values after a table header belong to that table, as TOML reads them.
    expect(scalar(at(sites.items[1], 'values', 'when')).value).toBe('1979-05-27T07:32:00Z');
  });

  it('refuses TOML nested past the depth limit, by brackets or by keys, and leaves files past the size limit unread', () => {
    const brackets = parseConfigText('deep.toml', `a = ${'['.repeat(300)}${']'.repeat(300)}\n`);
    expect(brackets.errors).toEqual([{ message: 'TOML is nested more than 256 levels deep', line: 1, column: 260 }]);
    const keys = parseConfigText('deep.toml', `[${Array.from({ length: 300 }, (_, i) => `k${i}`).join('.')}]\nx = 1\n`);
    expect(keys.errors).toEqual([{ message: 'TOML is nested more than 256 levels deep', line: 1, column: 1 }]);
    const large = parseConfigText('large.toml', `# ${'x'.repeat(MAX_TOML_CHARS)}\n`);
    expect([large.errors, large.documents, large.notRead]).toEqual([[], [], 'a TOML file larger than 512 KiB, which is no config corsguard reads']);
  });

  it('reports a syntax error at its place, and gives comments to inline suppressions', () => {
    const broken = parseConfigText('traefik.toml', '[http]\nrouters = [1,\nb = 2\n');
    expect(broken.documents).toEqual([]);
    expect(broken.errors).toEqual([{ message: expect.any(String), line: 3, column: 1 }]);
    const commented = parseConfigText('netlify.toml', '# corsguard-disable-file\n[build]\n  publish = "dist" # output\n');
    expect(commented.comments).toEqual([
      { text: ' corsguard-disable-file', line: 1, column: 1, ownLine: true },
      { text: ' output', line: 3, column: 20, ownLine: false },
    ]);
  });
});

describe('source code named on the command line', () => {
  it('is not read, whatever it holds, so a shell glob catching app.ts or README.md gives no parse error', () => {
    for (const path of ['src/app.ts', 'server.js', 'README.md', 'main.tf']) {
      const parsed = parseConfigText(path, 'app.use(cors({ origin: "*" }));\nkey: [\n');
      expect(parsed.documents).toEqual([]);
      expect(parsed.errors).toEqual([]);
      expect(parsed.notRead).toMatch(/is source code or a document, not a config corsguard reads/);
    }
  });

  it('still reads configs without a config extension by their content', () => {
    const parsed = parseConfigText('stack.template', 'Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n');
    expect(parsed.notRead).toBeUndefined();
    expect(parsed.documents).toHaveLength(1);
  });
});
