import type { Severity } from '@corsguard/core';
import type { SourceComment } from '../document/parse.js';
import type { LintMessage, SuppressedMessage } from './result.js';

/**
 * Inline suppressions in YAML comments, with ESLint's semantics:
 *   # corsguard-disable-next-line <rule-id>[, <rule-id>] -- reason
 *   # corsguard-disable-line <rule-id>
 *   # corsguard-disable-file [<rule-id>, …]
 * No rule id means every rule. A directive that suppresses nothing is reported (ESLint's
 * `reportUnusedDisableDirectives`), and a rule id that does not exist is an error, as in ESLint.
 */

export interface Directive {
  kind: 'disable-next-line' | 'disable-line' | 'disable-file';
  /** Empty: every rule. */
  ruleIds: string[];
  justification: string;
  line: number;
  column: number;
  endColumn: number;
}

const DIRECTIVE = /^\s*corsguard-(disable-next-line|disable-line|disable-file)(?=\s|$)(.*)$/s;

export function parseDirectives(comments: readonly SourceComment[]): Directive[] {
  const directives: Directive[] = [];
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.text);
    if (match === null) continue;
    const [, kind, rest = ''] = match;
    const separator = /(?:^|\s)--(?:\s|$)/.exec(rest);
    const list = separator === null ? rest : rest.slice(0, separator.index);
    const justification = separator === null ? '' : rest.slice(separator.index + separator[0].length).trim();
    directives.push({
      kind: kind as Directive['kind'],
      ruleIds: list.split(/[\s,]+/).filter((id) => id !== ''),
      justification,
      line: comment.line,
      column: comment.column,
      endColumn: comment.column + 1 + comment.text.length,
    });
  }
  return directives;
}

export interface SuppressionOutcome {
  messages: LintMessage[];
  suppressed: SuppressedMessage[];
}

/**
 * Split rule messages into kept and suppressed ones, and add a message for each unused directive
 * (at `reportUnused` severity) and each unknown rule id in a directive.
 */
export function applyDirectives(
  messages: readonly LintMessage[],
  directives: readonly Directive[],
  knownRuleIds: ReadonlySet<string>,
  reportUnused: Severity,
): SuppressionOutcome {
  if (directives.length === 0) return { messages: [...messages], suppressed: [] };
  const used = directives.map(() => new Set<string>());
  const kept: LintMessage[] = [];
  const suppressed: SuppressedMessage[] = [];
  for (const message of messages) {
    const ruleId = message.ruleId;
    const matching: number[] = [];
    if (ruleId !== null && message.fatal !== true) {
      directives.forEach((directive, index) => {
        if (appliesTo(directive, message.line) && (directive.ruleIds.length === 0 || directive.ruleIds.includes(ruleId))) {
          matching.push(index);
        }
      });
    }
    if (matching.length === 0) {
      kept.push(message);
      continue;
    }
    for (const index of matching) used[index]?.add(ruleId as string);
    suppressed.push({
      ...message,
      suppressions: matching.map((index) => ({ kind: 'directive', justification: directives[index]?.justification ?? '' })),
    });
  }
  const reports: LintMessage[] = [];
  directives.forEach((directive, index) => {
    const location = { line: directive.line, column: directive.column, endLine: directive.line, endColumn: directive.endColumn };
    const unknown = directive.ruleIds.filter((id) => !knownRuleIds.has(id));
    for (const id of unknown) {
      reports.push({ ruleId: id, severity: 2, message: `Definition for rule '${id}' was not found.`, ...location });
    }
    if (reportUnused === 'off') return;
    const usedIds = used[index] as Set<string>;
    const severity = reportUnused === 'error' ? 2 : 1;
    if (directive.ruleIds.length === 0) {
      if (usedIds.size === 0) {
        reports.push({ ruleId: null, severity, message: 'Unused corsguard-disable directive (no problems were reported).', ...location });
      }
      return;
    }
    const unused = directive.ruleIds.filter((id) => knownRuleIds.has(id) && !usedIds.has(id));
    if (unused.length > 0) {
      const names = unused.map((id) => `'${id}'`).join(' or ');
      reports.push({
        ruleId: null,
        severity,
        message: `Unused corsguard-disable directive (no problems were reported from ${names}).`,
        ...location,
      });
    }
  });
  return { messages: [...kept, ...reports], suppressed };
}

function appliesTo(directive: Directive, line: number): boolean {
  switch (directive.kind) {
    case 'disable-file':
      return true;
    case 'disable-line':
      return directive.line === line;
    case 'disable-next-line':
      return directive.line + 1 === line;
  }
}
