/**
 * Runs the real ESLint class with `configs.recommended` over every server file in fixtures/code and
 * compares each file's findings with fixtures/expected/code/<same path>.json.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const codeRoot = join(root, 'fixtures/code');

interface ExpectedFinding {
  ruleId: string;
  messageId: string;
  severity: 'error' | 'warn';
  line: number;
  column: number;
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory)
    .map((name) => join(directory, name))
    .flatMap((path) => (statSync(path).isDirectory() ? filesUnder(path) : [path]))
    .filter((path) => /\.(c|m)?[jt]s$/.test(path))
    .sort();
}

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    plugin.configs.recommended as Linter.Config,
    { files: ['**/*.ts', '**/*.mts', '**/*.cts'], languageOptions: { parser: tsParser as Linter.Parser } },
  ],
  ignore: false,
});

function toExpected(message: Linter.LintMessage): ExpectedFinding {
  return {
    ruleId: (message.ruleId ?? '').replace(/^corsguard\//, ''),
    messageId: message.messageId ?? '',
    severity: message.severity === 2 ? 'error' : 'warn',
    line: message.line,
    column: message.column,
  };
}

function byPosition(a: ExpectedFinding, b: ExpectedFinding): number {
  return a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) || a.messageId.localeCompare(b.messageId);
}

describe('fixtures/code through ESLint with configs.recommended', () => {
  const files = filesUnder(codeRoot);

  it('covers every framework with good and bad files', () => {
    const frameworks = new Set(files.map((file) => relative(codeRoot, file).split('/')[0]));
    expect([...frameworks].sort()).toEqual(['apollo', 'express', 'fastify', 'hapi', 'hono', 'koa', 'nestjs', 'nextjs', 'node-http', 'socket-io']);
  });

  for (const file of files) {
    const name = relative(root, file);
    it(name, async () => {
      const expected = JSON.parse(readFileSync(join(root, 'fixtures/expected', relative(join(root, 'fixtures'), file) + '.json'), 'utf8')) as ExpectedFinding[];
      const [result] = await eslint.lintFiles([file]);
      const fatal = result!.messages.filter((message) => message.fatal);
      expect(fatal).toEqual([]);
      const actual = result!.messages.map(toExpected).sort(byPosition);
      expect(actual).toEqual(expected);
    });
  }
});
