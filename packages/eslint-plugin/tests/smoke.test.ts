import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { test } from 'vitest';
import plugin from '../src/index.js';
import { readFileSync } from 'node:fs';

test('smoke', () => {
  const linter = new Linter({ configType: 'flat' });
  const code = readFileSync('/tmp/cg/input.ts', 'utf8');
  const messages = linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as never } }, plugin.configs.strict as never], 'input.ts');
  for (const m of messages) console.log(`${m.line}:${m.column} ${m.ruleId} ${m.messageId} ${m.suggestions ? 'S' : ''}${m.fix ? 'F' : ''} ${m.message.slice(0, 90)}`);
});
