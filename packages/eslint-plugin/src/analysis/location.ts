import type { SourceLocation } from '@corsguard/core';
import type { TSESTree } from '@typescript-eslint/utils';

/** ESLint columns are 0-based, the core model's are 1-based; lines agree. The end stays exclusive. */
export function nodeLocation(node: TSESTree.Node | TSESTree.Token): SourceLocation {
  return {
    line: node.loc.start.line,
    column: node.loc.start.column + 1,
    endLine: node.loc.end.line,
    endColumn: node.loc.end.column + 1,
  };
}

/** The model's location back in ESLint's `loc` shape, for `context.report`. */
export function eslintLocation(loc: SourceLocation): TSESTree.SourceLocation {
  return {
    start: { line: loc.line, column: loc.column - 1 },
    end: { line: loc.endLine, column: loc.endColumn - 1 },
  };
}

/** A key identifying a span, so a report can be matched back to the node that produced it. */
export function locationKey(loc: SourceLocation): string {
  return `${loc.line}:${loc.column}-${loc.endLine}:${loc.endColumn}`;
}
