import { styleText } from 'node:util';
import type { LintMessage } from '../lint/result.js';
import { printable, printableInPlace, type Formatter } from './formatter.js';

/**
 * ESLint's `stylish` layout, each problem followed by a code frame: the offending line and a caret
 * under the span it reports.
 */
export const stylish: Formatter = (results, context) => {
  const paint = (format: Parameters<typeof styleText>[0], text: string): string =>
    context.color ? styleText(format, text) : text;
  let errors = 0;
  let warnings = 0;
  let output = '';
  for (const result of results) {
    if (result.messages.length === 0) continue;
    errors += result.errorCount;
    warnings += result.warningCount;
    output += `\n${paint('underline', printable(result.filePath))}\n`;
    for (const message of result.messages) {
      const kind = message.severity === 2 ? paint('red', 'error') : paint('yellow', 'warning');
      const position = paint('dim', `${message.line}:${message.column}`);
      output += `  ${position}  ${kind}  ${printable(withoutFinalPeriod(message.message))}  ${paint('dim', message.ruleId ?? '')}`.trimEnd() + '\n';
      output += codeFrame(message, result.lineTexts[message.line], paint);
    }
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const summary = `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`;
  return `${output}\n${paint(['bold', errors > 0 ? 'red' : 'yellow'], summary)}\n`;
};

/** ESLint's stylish drops a message's final period (not one after a space), so the rule id reads as its end. */
function withoutFinalPeriod(text: string): string {
  return text.length > 1 && text.endsWith('.') && text.at(-2) !== ' ' ? text.slice(0, -1) : text;
}

/** Longest stretch of a line shown; longer lines are cut around the reported column. */
const FRAME_WIDTH = 120;

export function codeFrame(
  message: LintMessage,
  lineText: string | undefined,
  paint: (format: Parameters<typeof styleText>[0], text: string) => string = (_format, text) => text,
): string {
  if (lineText === undefined || lineText.trim() === '') return '';
  // Tabs become one space each, so the caret lines up whatever the terminal's tab width.
  const line = printableInPlace(lineText.replace(/\t/g, ' '));
  const start = Math.min(message.column - 1, line.length);
  const end = message.endLine === message.line && message.endColumn !== undefined ? Math.min(message.endColumn - 1, line.length) : line.length;
  const from = line.length <= FRAME_WIDTH ? 0 : Math.max(0, Math.min(start - 20, line.length - FRAME_WIDTH));
  const shown = line.slice(from, from + FRAME_WIDTH);
  const prefix = from > 0 ? '…' : '';
  const suffix = from + FRAME_WIDTH < line.length ? '…' : '';
  const caretStart = start - from + prefix.length;
  const caretLength = Math.max(1, Math.min(end, from + FRAME_WIDTH) - start);
  const gutter = String(message.line);
  const blank = ' '.repeat(gutter.length);
  return (
    `    ${paint('dim', `${gutter} |`)} ${prefix}${shown}${suffix}\n` +
    `    ${paint('dim', `${blank} |`)} ${' '.repeat(caretStart)}${paint(message.severity === 2 ? 'red' : 'yellow', '^'.repeat(caretLength))}\n`
  );
}
