import type { LintResult } from '../lint/result.js';

/** What a formatter may know besides the results, as in ESLint's formatter context. */
export interface FormatterContext {
  /** Paths in the report are shown or encoded relative to this directory. */
  cwd: string;
  /** Metadata of every rule, by id. */
  rulesMeta: Record<string, { description: string; type: 'problem' | 'suggestion'; docsUrl: string }>;
  /** Colour the output (a terminal that did not ask for NO_COLOR). */
  color: boolean;
  /** The corsguard version, for reports that name their tool. */
  version: string;
}

/**
 * C0 and C1 control characters other than tab. Config values quoted in messages and lines shown in
 * code frames come from files anyone can write; printed raw, such a character makes a terminal or CI
 * log erase a line, hide text or start a fake one.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/** `text` with each control character written as a `\uXXXX` escape, for one-line report text. */
export function printable(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `text` with each control character replaced by U+FFFD, keeping columns in place (code frames). */
export function printableInPlace(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '\uFFFD');
}

/** A formatter is a pure function: results in, report text out. */
export type Formatter = (results: readonly LintResult[], context: FormatterContext) => string;

export const FORMAT_NAMES = ['stylish', 'json', 'sarif', 'github', 'junit'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/** Load one formatter; each lives in its own module so a run loads only the one it prints with. */
export async function loadFormatter(name: FormatName): Promise<Formatter> {
  switch (name) {
    case 'stylish':
      return (await import('./stylish.js')).stylish;
    case 'json':
      return (await import('./json.js')).json;
    case 'sarif':
      return (await import('./sarif.js')).sarif;
    case 'github':
      return (await import('./github.js')).github;
    case 'junit':
      return (await import('./junit.js')).junit;
  }
}
