import type { LintMessage, LintResult, SuppressedMessage } from '../lint/result.js';
import type { Formatter } from './formatter.js';

/** ESLint's `json` format: the results array, exactly ESLint's fields, nothing corsguard-internal. */
export const json: Formatter = (results) => JSON.stringify(results.map(eslintResult));

function eslintResult(result: LintResult): Record<string, unknown> {
  return {
    filePath: result.filePath,
    messages: result.messages.map(eslintMessage),
    suppressedMessages: result.suppressedMessages.map((message: SuppressedMessage) => ({
      ...eslintMessage(message),
      suppressions: message.suppressions,
    })),
    errorCount: result.errorCount,
    fatalErrorCount: result.fatalErrorCount,
    warningCount: result.warningCount,
    fixableErrorCount: result.fixableErrorCount,
    fixableWarningCount: result.fixableWarningCount,
    usedDeprecatedRules: result.usedDeprecatedRules,
  };
}

function eslintMessage(message: LintMessage): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: message.ruleId,
    severity: message.severity,
    message: message.message,
    line: message.line,
    column: message.column,
  };
  if (message.messageId !== undefined) out.messageId = message.messageId;
  if (message.endLine !== undefined) out.endLine = message.endLine;
  if (message.endColumn !== undefined) out.endColumn = message.endColumn;
  if (message.fatal === true) out.fatal = true;
  return out;
}
