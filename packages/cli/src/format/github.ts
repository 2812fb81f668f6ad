import { relative } from 'node:path';
import { printable, type Formatter } from './formatter.js';

/**
 * GitHub Actions workflow commands: one `::error` or `::warning` annotation per problem, placed on
 * the file (relative to the working directory, which is the checkout in a workflow) and span.
 */
export const github: Formatter = (results, context) => {
  const lines: string[] = [];
  for (const result of results) {
    const file = result.filePath.startsWith('<') ? result.filePath : relative(context.cwd, result.filePath).split('\\').join('/');
    for (const message of result.messages) {
      const properties = [`file=${printable(escapeProperty(file))}`, `line=${message.line}`, `col=${message.column}`];
      if (message.endLine !== undefined) properties.push(`endLine=${message.endLine}`);
      if (message.endColumn !== undefined && message.endLine === message.line) properties.push(`endColumn=${message.endColumn}`);
      const title = message.ruleId === null ? (message.fatal === true ? fatalTitle(message.message) : 'corsguard') : `corsguard(${message.ruleId})`;
      properties.push(`title=${escapeProperty(title)}`);
      lines.push(`::${message.severity === 2 ? 'error' : 'warning'} ${properties.join(',')}::${printable(escapeData(message.message))}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};

/** A file that could not be linted: a parse error, or one that could not be read (encoding, size) or adapted. */
function fatalTitle(message: string): string {
  return message.startsWith('Parsing error') ? 'corsguard: parse error' : 'corsguard: file not linted';
}

/** Escaping as @actions/core's `command.ts` does it. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
