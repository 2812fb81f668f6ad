import type { TSESLint } from '@typescript-eslint/utils';
import { collectNodes } from './collect.js';
import { readHeaderWrites } from './header-writes.js';
import { readMiddlewareSites } from './middleware-sites.js';
import { ModuleResolver } from './module-binding.js';
import { HintCollector, type FileAnalysis, type ReaderContext } from './reader-context.js';
import { RequestOriginAnalysis } from './request-origin.js';
import { StaticEvaluator } from './static-value.js';

/**
 * A file is read once per lint run, however many corsguard rules are enabled: every rule asks for
 * the analysis of `context.sourceCode`, and the first one computes it.
 */
const cache = new WeakMap<object, FileAnalysis>();

/** Files that mention neither a CORS module or option nor an Access-Control header hold no policy. */
const MAY_HOLD_CORS = /cors|access-control-/i;

export function analyseFile(sourceCode: Readonly<TSESLint.SourceCode>): FileAnalysis {
  const cached = cache.get(sourceCode);
  if (cached !== undefined) return cached;
  const analysis = computeAnalysis(sourceCode);
  cache.set(sourceCode, analysis);
  return analysis;
}

function computeAnalysis(sourceCode: Readonly<TSESLint.SourceCode>): FileAnalysis {
  const hints = new HintCollector();
  if (!MAY_HOLD_CORS.test(sourceCode.text)) return { policies: [], hints };
  const evaluator = new StaticEvaluator(sourceCode);
  const context: ReaderContext = {
    sourceCode,
    evaluator,
    modules: new ModuleResolver(sourceCode),
    origins: new RequestOriginAnalysis(sourceCode, evaluator),
    hints,
  };
  const collected = collectNodes(sourceCode);
  return { policies: [...readMiddlewareSites(collected, context), ...readHeaderWrites(collected, context)], hints };
}
