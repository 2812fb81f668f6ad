import type { CorsPolicy, SourceLocation } from '@corsguard/core';
import { expect } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import type { ConfigDocument } from '../../src/document/node.js';
import { parseConfigText } from '../../src/document/parse.js';

/** The documents of a snippet; the test fails on a syntax error so a typo cannot pass silently. */
export function documents(path: string, text: string): ConfigDocument[] {
  const parsed = parseConfigText(path, text);
  expect(parsed.errors).toEqual([]);
  return parsed.documents;
}

/** Every policy the adapter extracts from the documents it recognises in a snippet. */
export function policiesOf(adapter: Adapter, path: string, text: string): CorsPolicy[] {
  return documents(path, text)
    .filter((doc) => adapter.detect(doc))
    .flatMap((doc) => adapter.extract(doc));
}

/** The single policy of a snippet. */
export function onlyPolicy(adapter: Adapter, path: string, text: string): CorsPolicy {
  const policies = policiesOf(adapter, path, text);
  expect(policies).toHaveLength(1);
  return policies[0] as CorsPolicy;
}

/** `[line, column]` of a location's start, for compact assertions. */
export function at(loc: SourceLocation): [number, number] {
  return [loc.line, loc.column];
}

/** Whether the adapter recognises any document of the snippet. */
export function detects(adapter: Adapter, path: string, text: string): boolean {
  return documents(path, text).some((doc) => adapter.detect(doc));
}
