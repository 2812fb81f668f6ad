import { describe, expect, it } from 'vitest';
import { applyDirectives, parseDirectives } from '../../src/lint/suppressions.js';
import type { LintMessage } from '../../src/lint/result.js';

const comment = (text: string, line: number, column = 1) => ({ text, line, column, ownLine: column === 1 });

const finding = (ruleId: string, line: number): LintMessage => ({ ruleId, severity: 2, message: `${ruleId} fired`, line, column: 5 });
const known = new Set(['rule-a', 'rule-b']);

describe('parseDirectives', () => {
  it('reads the kind, the rule list and the reason', () => {
    expect(
      parseDirectives([
        comment(' corsguard-disable-next-line rule-a, rule-b -- public API, no cookies', 3, 5),
        comment(' corsguard-disable-line rule-a', 7, 20),
        comment(' corsguard-disable-file', 1),
        comment(' corsguard-disabled-next-line rule-a', 9),
        comment(' just a comment about corsguard-disable-line', 10),
      ]),
    ).toEqual([
      { kind: 'disable-next-line', ruleIds: ['rule-a', 'rule-b'], justification: 'public API, no cookies', line: 3, column: 5, endColumn: 75 },
      { kind: 'disable-line', ruleIds: ['rule-a'], justification: '', line: 7, column: 20, endColumn: 51 },
      { kind: 'disable-file', ruleIds: [], justification: '', line: 1, column: 1, endColumn: 25 },
    ]);
  });
});

describe('applyDirectives', () => {
  it('suppresses only the named rules on the targeted line', () => {
    const directives = parseDirectives([comment(' corsguard-disable-next-line rule-a -- reviewed', 4)]);
    const { messages, suppressed } = applyDirectives([finding('rule-a', 5), finding('rule-b', 5), finding('rule-a', 6)], directives, known, 'warn');
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['rule-b', 5],
      ['rule-a', 6],
    ]);
    expect(suppressed).toEqual([{ ...finding('rule-a', 5), suppressions: [{ kind: 'directive', justification: 'reviewed' }] }]);
  });

  it('never suppresses fatal messages', () => {
    const fatal: LintMessage = { ruleId: null, severity: 2, message: 'Parsing error', line: 2, column: 1, fatal: true };
    const { messages } = applyDirectives([fatal], parseDirectives([comment(' corsguard-disable-file', 1)]), known, 'off');
    expect(messages).toEqual([fatal]);
  });

  it('reports each unused rule of a directive, at the configured severity', () => {
    const directives = parseDirectives([comment(' corsguard-disable-line rule-a, rule-b', 5, 10), comment(' corsguard-disable-file', 1)]);
    const { messages } = applyDirectives([finding('rule-a', 5)], directives, known, 'error');
    expect(messages).toEqual([
      {
        ruleId: null,
        severity: 2,
        message: "Unused corsguard-disable directive (no problems were reported from 'rule-b').",
        line: 5,
        column: 10,
        endLine: 5,
        endColumn: 49,
      },
    ]);
    const all = applyDirectives([], directives.slice(1), known, 'warn').messages;
    expect(all.map((m) => [m.severity, m.message])).toEqual([[1, 'Unused corsguard-disable directive (no problems were reported).']]);
    expect(applyDirectives([], directives, known, 'off').messages).toEqual([]);
  });

  it('reports rule ids that do not exist, as ESLint does', () => {
    const { messages } = applyDirectives([], parseDirectives([comment(' corsguard-disable-next-line rule-c', 2)]), known, 'off');
    expect(messages.map((m) => [m.ruleId, m.severity, m.message])).toEqual([['rule-c', 2, "Definition for rule 'rule-c' was not found."]]);
  });
});
