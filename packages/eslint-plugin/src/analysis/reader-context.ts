import type { CorsPolicy, LocatedString, PreflightHandling, SourceLocation } from '@corsguard/core';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { locationKey } from './location.js';
import type { ModuleResolver } from './module-binding.js';
import type { RequestOriginAnalysis } from './request-origin.js';
import type { StaticEvaluator } from './static-value.js';

/**
 * An edit the plugin can offer where a finding lands. Readers record them while building policies;
 * `remedies.ts` decides which rule's finding offers which edit.
 * - `drop-credentials`: the `credentials: true` property of an options object literal whose origin is
 *   a literal `*` (browsers never honour credentials with `*`, so removing it changes nothing).
 * - `allowlist`: the value that makes a middleware echo every origin (`origin: true`).
 * - `max-age`: a literal max-age value.
 * - `remove-element`: an array element (a `'null'` origin).
 */
export type RemedyHint =
  | { kind: 'drop-credentials'; property: TSESTree.Property }
  | { kind: 'allowlist'; node: TSESTree.Node }
  | { kind: 'max-age'; node: TSESTree.Node }
  | { kind: 'remove-element'; node: TSESTree.Node };

/** Everything a reader needs about the file being analysed. */
export interface ReaderContext {
  sourceCode: Readonly<TSESLint.SourceCode>;
  evaluator: StaticEvaluator;
  modules: ModuleResolver;
  origins: RequestOriginAnalysis;
  hints: HintCollector;
}

/** How the code around a middleware uses it: whether OPTIONS is answered, which methods its routes serve. */
export interface MiddlewareUsage {
  preflight: PreflightHandling;
  servedMethods?: LocatedString[];
}

export class HintCollector {
  private readonly byLocation = new Map<string, RemedyHint[]>();

  add(loc: SourceLocation, hint: RemedyHint): void {
    const key = locationKey(loc);
    const list = this.byLocation.get(key);
    if (list === undefined) this.byLocation.set(key, [hint]);
    else if (!list.some((existing) => sameHint(existing, hint))) list.push(hint);
  }

  at(loc: SourceLocation): readonly RemedyHint[] {
    return this.byLocation.get(locationKey(loc)) ?? [];
  }
}

function sameHint(a: RemedyHint, b: RemedyHint): boolean {
  if (a.kind !== b.kind) return false;
  const nodeOf = (hint: RemedyHint): TSESTree.Node => (hint.kind === 'drop-credentials' ? hint.property : hint.node);
  return nodeOf(a) === nodeOf(b);
}

/** The result of reading one file: its policies and the edits offered at their locations. */
export interface FileAnalysis {
  policies: CorsPolicy[];
  hints: HintCollector;
}
