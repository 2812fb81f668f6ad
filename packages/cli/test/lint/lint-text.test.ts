import { resolveRules, rules, type CorsPolicy } from '@corsguard/core';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { get, isMap, str } from '../../src/document/access.js';
import type { ConfigDocument, DocNode } from '../../src/document/node.js';
import { lintText, type FileOutcome, type LintSetup } from '../../src/lint/lint-text.js';

/**
 * A stand-in adapter: every mapping under `gateways` with `kind: Test` is a policy allowing the origin
 * under `origin` (`*` → any) with credentials on, so no-wildcard-origin-with-credentials fires on `*`.
 */
const testAdapter: Adapter = {
  name: 'test-gateway',
  description: 'gateways: [{ kind: Test, origin }]',
  detect: (doc) => str(get(doc.root, 'kind')) === 'TestGateways',
  extract(doc: ConfigDocument): CorsPolicy[] {
    const gateways = get(doc.root, 'gateways');
    if (gateways?.type !== 'seq') return [];
    return gateways.items.filter(isMap).map((gateway) => policyFor(gateway));
  },
};

function policyFor(gateway: DocNode): CorsPolicy {
  const origin = get(gateway, 'origin') ?? gateway;
  const value = str(origin);
  return {
    loc: gateway.loc,
    source: 'test',
    origins: value === '*' ? [{ kind: 'any', loc: origin.loc }] : [{ kind: 'exact', value: value ?? '', compared: true, loc: origin.loc }],
    credentials: { value: true, loc: gateway.loc },
    vary: { value: true, loc: gateway.loc },
    preflight: { handling: 'answered', loc: gateway.loc },
  };
}

const throwingAdapter: Adapter = {
  name: 'broken-adapter',
  description: 'throws on every TestGateways document',
  detect: (doc) => str(get(doc.root, 'kind')) === 'TestGateways' && get(doc.root, 'explode') !== undefined,
  extract() {
    throw new Error('boom');
  },
};

function setup(adapters: Adapter[] = [testAdapter]): LintSetup {
  return {
    adapters,
    rules: resolveRules(rules, { 'no-wildcard-origin-with-credentials': 'error' }),
    knownRuleIds: new Set(rules.map((rule) => rule.id)),
    reportUnusedDisableDirectives: 'warn',
  };
}

function linted(outcome: FileOutcome) {
  if (outcome.kind !== 'linted') throw new Error(`expected a lint result, got skipped: ${outcome.reason}`);
  return outcome.result;
}

const positions = (outcome: FileOutcome) => linted(outcome).messages.map((m) => [m.ruleId, m.line, m.column, m.fatal ?? false]);

describe('lintText', () => {
  it('reports a finding reached through an alias once', () => {
    const text = ['kind: TestGateways', 'shared: &shared', '  origin: "*"', 'gateways:', '  - *shared', '  - *shared', '  - origin: https://a.example.com'].join('\n');
    expect(positions(lintText('g.yaml', text, setup()))).toEqual([['no-wildcard-origin-with-credentials', 3, 11, false]]);
  });

  it('lints every document of a stream at its own lines', () => {
    const text = ['kind: Other', '---', 'kind: TestGateways', 'gateways:', '  - origin: "*"'].join('\n');
    expect(positions(lintText('s.yaml', text, setup()))).toEqual([['no-wildcard-origin-with-credentials', 5, 13, false]]);
  });

  it('skips a file no adapter recognises, saying why', () => {
    expect(lintText('compose.yaml', 'services: {}\n---\nx: 1\n', setup())).toEqual({
      kind: 'skipped',
      reason: 'no adapter recognises its 2 documents',
    });
  });

  it('turns an adapter that throws into a fatal message for that file', () => {
    const outcome = lintText('x.yaml', 'kind: TestGateways\nexplode: true\ngateways: []\n', setup([testAdapter, throwingAdapter]));
    expect(linted(outcome).messages).toEqual([
      { ruleId: null, severity: 2, message: 'Adapter broken-adapter failed on this file: boom', line: 1, column: 1, fatal: true },
    ]);
  });

  it("keeps the other adapters' findings beside the fatal message of one that throws", () => {
    const outcome = lintText('x.yaml', 'kind: TestGateways\nexplode: true\ngateways:\n  - origin: "*"\n', setup([testAdapter, throwingAdapter]));
    expect(positions(outcome)).toEqual([
      [null, 1, 1, true],
      ['no-wildcard-origin-with-credentials', 4, 13, false],
    ]);
    expect(linted(outcome).messages[0]?.message).toBe('Adapter broken-adapter failed on this file: boom');
  });

  it('turns a malformed policy from an adapter into that adapter failing on the file, not a crash', () => {
    const malformed: Adapter = {
      ...testAdapter,
      name: 'malformed-adapter',
      extract: (doc) => [{ ...policyFor(doc.root), origins: [undefined as unknown as CorsPolicy['origins'][number]] }],
    };
    const outcome = lintText('x.yaml', 'kind: TestGateways\ngateways: []\n', setup([malformed]));
    expect(linted(outcome).messages).toEqual([
      expect.objectContaining({ ruleId: null, severity: 2, line: 1, column: 1, fatal: true, message: expect.stringMatching(/^Adapter malformed-adapter failed on this file: /) }),
    ]);
  });

  it('reports comments in a recognised JSON file as a parse error, and skips an unrecognised one', () => {
    const recognised = lintText('g.json', '{\n  "kind": "TestGateways", // note\n  "gateways": []\n}\n', setup());
    expect(linted(recognised).messages).toEqual([
      {
        ruleId: null,
        severity: 2,
        message: "Parsing error: Unexpected character '/' found. JSON allows no comments or trailing commas.",
        line: 2,
        column: 27,
        fatal: true,
      },
    ]);
    expect(lintText('tsconfig.json', '{\n  // note\n  "compilerOptions": {},\n}\n', setup()).kind).toBe('skipped');
  });

  it('accepts comments where the recognising adapter says its format does, but not trailing commas', () => {
    const commentFriendly: Adapter = { ...testAdapter, acceptsJsonComments: () => true };
    const commented = '{\n  "kind": "TestGateways", // note\n  /* origins */ "gateways": [{ "origin": "*" }]\n}\n';
    expect(positions(lintText('g.json', commented, setup([commentFriendly])))).toEqual([['no-wildcard-origin-with-credentials', 3, 42, false]]);
    const trailing = '{\n  "kind": "TestGateways", // note\n  "gateways": [],\n}\n';
    // Reported where the trailing comma breaks the parse, not at the comment the format allows.
    expect(linted(lintText('g.json', trailing, setup([commentFriendly]))).messages).toEqual([
      {
        ruleId: null,
        severity: 2,
        message: 'Parsing error: Unexpected token RBrace found. Comments are allowed in this file, trailing commas are not.',
        line: 4,
        column: 1,
        fatal: true,
      },
    ]);
  });

  it('skips a template that only parses once rendered, and reports other syntax errors', () => {
    // Jinja (Ansible, Salt): statements and comments, not only {{ … }} expressions.
    expect(lintText('t.yml', 'servers:\n{% for host in groups.web %}\n  - {{ host }}\n{% endfor %}\n', setup())).toMatchObject({ kind: 'skipped' });
    expect(lintText('t.yml', 'cors:\n  {# origins come from the inventory #}\n  origin: *\n', setup())).toMatchObject({ kind: 'skipped' });
    expect(lintText('t.yaml', 'metadata:\n  {{- include "labels" . | nindent 2 }}\n', setup())).toMatchObject({ kind: 'skipped' });
    expect(positions(lintText('b.yaml', 'kind: TestGateways\ngateways: [\n', setup()))).toEqual([[null, 3, 1, true]]);
  });

  it('keeps the text of each reported line for code frames, and only those', () => {
    const text = ['kind: TestGateways', 'gateways:', '  - origin: "*"', '  - origin: https://a.example.com'].join('\n');
    expect(linted(lintText('g.yaml', text, setup())).lineTexts).toEqual({ 3: '  - origin: "*"' });
  });
});
