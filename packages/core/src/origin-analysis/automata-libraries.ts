import { createRequire } from 'node:module';
import type * as Refa from 'refa';
import type * as RegexpAstAnalysis from 'regexp-ast-analysis';
import type * as Scslre from 'scslre';

/**
 * refa, regexp-ast-analysis and scslre, loaded with `require` on first use. All three are CommonJS
 * and the last two load refa, one 1 MB file: imported from an ES module, Node scans a CommonJS file
 * for its export names first (measured for refa: ~190 ms to import, ~70 ms to require). Only
 * origin patterns, globs and allowlists need them, and most configs allow exact origins only, so a
 * run that never analyses a pattern (a pre-commit hook over plain configs, most ESLint starts)
 * never loads them. Their types come from the packages as usual.
 */
const require = createRequire(import.meta.url);

let refaModule: typeof Refa | undefined;
let regexpAstAnalysisModule: typeof RegexpAstAnalysis | undefined;
let scslreModule: typeof Scslre | undefined;

export function refa(): typeof Refa {
  return (refaModule ??= require('refa') as typeof Refa);
}

export function regexpAstAnalysis(): typeof RegexpAstAnalysis {
  return (regexpAstAnalysisModule ??= require('regexp-ast-analysis') as typeof RegexpAstAnalysis);
}

export function scslre(): typeof Scslre {
  return (scslreModule ??= require('scslre') as typeof Scslre);
}
