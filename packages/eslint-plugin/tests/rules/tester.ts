import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';
import { rules } from '../../src/index.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** Every test file parses with @typescript-eslint/parser (the rule tester's default), as ES modules. */
export const ruleTester = new RuleTester();

export function rule(id: string): (typeof rules)[string] {
  const found = rules[id];
  if (found === undefined) throw new Error(`no corsguard rule ${id}`);
  return found;
}

/**
 * Strip the common indentation of a template literal and its first line break, so test code can be
 * indented with the test while lines and columns stay those of the code as a user writes it.
 */
export function code(strings: TemplateStringsArray, ...values: unknown[]): string {
  // Raw text keeps regex backslashes; only the escapes the outer template itself needs are undone.
  const text = String.raw({ raw: strings.raw }, ...values)
    .replace(/\\([`$])/g, '$1')
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '\n');
  const indents = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => /^ */.exec(line)![0].length);
  const indent = Math.min(...indents);
  return text
    .split('\n')
    .map((line) => line.slice(indent))
    .join('\n');
}

/**
 * The 1-based line and column where `target` starts inside the `occurrence`-th (1-based) match of
 * `context` in `source`: `at(src, 'credentials: true')` points at the property,
 * `at(src, 'origin: true', 'true')` at its value. Expectations name the construct to blame rather
 * than a number, and the test still checks ESLint's exact position.
 */
export function at(source: string, context: string, target: string = context, occurrence = 1): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = source.indexOf(context, index + 1);
    if (index === -1) throw new Error(`'${context}' occurs fewer than ${occurrence} times`);
  }
  const within = context.indexOf(target);
  if (within === -1) throw new Error(`'${target}' is not inside '${context}'`);
  const offset = index + within;
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}
