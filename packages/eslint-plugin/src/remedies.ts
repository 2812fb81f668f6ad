import type { RuleReport } from '@corsguard/core';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { RemedyHint } from './analysis/reader-context.js';

/**
 * Fixes and suggestions the ESLint rules offer at a finding. An autofix only where a browser's answer
 * cannot change; a suggestion (applied by hand, in the editor) wherever the edit changes who is
 * allowed.
 */
export const REMEDY_MESSAGES = {
  suggestAllowlist:
    "Replace it with an explicit allowlist of trusted origins (edit the placeholder 'https://app.example.com').",
  suggestMaxAge: 'Set max-age to {{seconds}} seconds.',
  suggestRemoveNullOrigin: "Remove the 'null' origin from the list.",
} as const;

export type RemedyMessageId = keyof typeof REMEDY_MESSAGES;

/** Which rules offer which remedies; the ESLint meta (`fixable`, `hasSuggestions`) follows from it. */
const RULE_REMEDIES: Record<string, { fix?: RemedyHint['kind']; suggestions?: RemedyHint['kind'][] }> = {
  // `*` plus credentials: browsers never send credentialed requests' responses to script, and ignore
  // Allow-Credentials on uncredentialed ones, so dropping `credentials: true` changes nothing.
  'no-wildcard-origin-with-credentials': { fix: 'drop-credentials' },
  'no-reflected-origin-with-credentials': { suggestions: ['allowlist'] },
  'no-any-origin': { suggestions: ['allowlist'] },
  'max-age-within-browser-cap': { suggestions: ['max-age'] },
  'no-null-origin': { suggestions: ['remove-element'] },
};

export function ruleOffersFix(ruleId: string): boolean {
  return RULE_REMEDIES[ruleId]?.fix !== undefined;
}

export function ruleOffersSuggestions(ruleId: string): boolean {
  return (RULE_REMEDIES[ruleId]?.suggestions?.length ?? 0) > 0;
}

export interface Remedies {
  fix?: TSESLint.ReportFixFunction;
  suggest?: TSESLint.SuggestionReportDescriptor<RemedyMessageId>[];
}

export function remediesFor(
  ruleId: string,
  report: RuleReport,
  hints: readonly RemedyHint[],
  sourceCode: Readonly<TSESLint.SourceCode>,
): Remedies {
  const offered = RULE_REMEDIES[ruleId];
  if (offered === undefined || hints.length === 0) return {};
  const remedies: Remedies = {};
  for (const hint of hints) {
    if (offered.fix === hint.kind && hint.kind === 'drop-credentials') {
      const property = hint.property;
      remedies.fix = (fixer) => fixer.removeRange(rangeWithComma(property, sourceCode));
    }
    if (!offered.suggestions?.includes(hint.kind)) continue;
    const suggestion = suggestionFor(hint, report, sourceCode);
    if (suggestion !== undefined) (remedies.suggest ??= []).push(suggestion);
  }
  return remedies;
}

function suggestionFor(
  hint: RemedyHint,
  report: RuleReport,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.SuggestionReportDescriptor<RemedyMessageId> | undefined {
  switch (hint.kind) {
    case 'allowlist':
      return {
        messageId: 'suggestAllowlist',
        fix: (fixer) => fixer.replaceText(hint.node, "['https://app.example.com']"),
      };
    case 'max-age': {
      const seconds = report.data?.['suggested'];
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) return undefined;
      const node = hint.node;
      const quoted = node.type === 'Literal' && typeof node.value === 'string';
      return {
        messageId: 'suggestMaxAge',
        data: { seconds },
        fix: (fixer) => fixer.replaceText(node, quoted ? `'${seconds}'` : String(seconds)),
      };
    }
    case 'remove-element':
      return {
        messageId: 'suggestRemoveNullOrigin',
        fix: (fixer) => fixer.removeRange(rangeWithComma(hint.node, sourceCode)),
      };
    default:
      return undefined;
  }
}

/** A list member's range together with the comma that separates it from its neighbour. */
function rangeWithComma(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): [number, number] {
  const after = sourceCode.getTokenAfter(node);
  if (after?.value === ',') {
    const next = sourceCode.getTokenAfter(after);
    return [node.range[0], next === null ? after.range[1] : next.range[0]];
  }
  const before = sourceCode.getTokenBefore(node);
  if (before?.value === ',') return [before.range[0], node.range[1]];
  return node.range;
}
