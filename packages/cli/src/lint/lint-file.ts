import { readConfigFile } from '../document/read.js';
import { fatalResult, lintText, type FileOutcome, type LintSetup } from './lint-text.js';

/** Read one file and lint it; a file that cannot be read is a fatal result, a binary one is skipped. */
export function lintFile(path: string, setup: LintSetup): FileOutcome {
  const read = readConfigFile(path);
  switch (read.kind) {
    case 'binary':
      return { kind: 'skipped', reason: read.reason };
    case 'error':
      return { kind: 'linted', result: fatalResult(path, [read.error], undefined), detail: 'cannot be read' };
    case 'text':
      return lintText(path, read.text, setup);
  }
}
