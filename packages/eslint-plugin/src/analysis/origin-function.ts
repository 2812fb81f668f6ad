import type { OriginMatcher } from '@corsguard/core';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { nodeLocation } from './location.js';
import { forEachChild, isFunctionLike, type RequestOriginAnalysis } from './request-origin.js';
import { resolveVariable, unwrapExpression, type FunctionNode, type StaticEvaluator, type StaticValue } from './static-value.js';

/**
 * How a middleware calls a user's origin function:
 * - `callback`: `(origin, cb) => cb(err, allow)` (expressjs/cors, @fastify/cors, socket.io); `allow`
 *   is read like the static `origin` option, so `true` or the origin itself echoes it.
 * - `return-value`: the function returns the Allow-Origin value (hono `(origin, c)`, @koa/cors `(ctx)`).
 * `originParameter` is the index of the parameter holding the request origin, if there is one.
 */
export interface OriginFunctionStyle {
  kind: 'callback' | 'return-value';
  originParameter?: number;
}

/** How the calling middleware turns a static value (`'*'`, a string, a list…) into matchers. */
export type StaticOriginReader = (value: StaticValue) => OriginMatcher[];

/**
 * The origins a user-written origin function lets through: each "allow" (a callback call or a
 * return) is read with the conditions that guard it, so `cb(null, true)` on its own echoes every
 * origin while `if (allowlist.includes(origin)) cb(null, true)` allows the list.
 */
export function originFunctionMatchers(
  fn: FunctionNode,
  style: OriginFunctionStyle,
  readStatic: StaticOriginReader,
  origins: RequestOriginAnalysis,
  evaluator: StaticEvaluator,
  sourceCode: Readonly<TSESLint.SourceCode>,
): OriginMatcher[] {
  const unknown: OriginMatcher[] = [{ kind: 'unknown', loc: nodeLocation(fn) }];
  if (style.originParameter !== undefined) {
    const parameter = fn.params[style.originParameter];
    if (parameter !== undefined) origins.addOriginParameter(parameter);
  }
  const allowValues: TSESTree.Node[] = [];
  if (style.kind === 'return-value' || fn.params.length < 2) {
    // @fastify/cors also accepts a promise-returning `(origin) => …`.
    if (fn.body.type !== AST_NODE_TYPES.BlockStatement) allowValues.push(fn.body);
    else for (const statement of returnStatements(fn.body, sourceCode)) {
      if (statement.argument !== null) allowValues.push(statement.argument);
    }
  } else {
    const callback = fn.params[1];
    if (callback?.type !== AST_NODE_TYPES.Identifier) return unknown;
    const variable = resolveVariable(sourceCode, callback);
    if (variable === null) return unknown;
    for (const reference of variable.references) {
      const call = reference.identifier.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== reference.identifier) return unknown;
      const [error, allow] = call.arguments;
      const errorValue = error === undefined ? undefined : evaluator.evaluate(error);
      if (errorValue !== undefined && errorValue.kind !== 'null' && errorValue.kind !== 'undefined') continue;
      if (allow === undefined) continue;
      allowValues.push(allow);
    }
  }
  if (allowValues.length === 0) return unknown;
  const matchers: OriginMatcher[] = [];
  for (const value of allowValues) matchers.push(...allowMatchers(value, fn, style, readStatic, origins, evaluator));
  return matchers;
}

function allowMatchers(
  raw: TSESTree.Node,
  fn: FunctionNode,
  style: OriginFunctionStyle,
  readStatic: StaticOriginReader,
  origins: RequestOriginAnalysis,
  evaluator: StaticEvaluator,
): OriginMatcher[] {
  const node = unwrapExpression(raw);
  const loc = nodeLocation(node);
  if (node.type === AST_NODE_TYPES.ConditionalExpression) {
    return [
      ...allowMatchers(node.consequent, fn, style, readStatic, origins, evaluator),
      ...allowMatchers(node.alternate, fn, style, readStatic, origins, evaluator),
    ];
  }
  if (origins.isRequestOrigin(node)) return origins.reachingOrigins(node, fn, loc);
  const value = evaluator.evaluate(node);
  if (value.kind === 'boolean' && value.value && style.kind === 'callback') return origins.reachingOrigins(node, fn, loc);
  if (value.kind === 'unknown' && origins.mentionsOrigin(node)) {
    // `cb(null, allowlist.includes(origin))`: the value itself is the condition.
    return origins.reachingOrigins(node, fn, loc, origins.restriction(node, true));
  }
  if (value.kind === 'unknown') return [{ kind: 'unknown', loc }];
  const guarded = origins.reachingOrigins(node, fn, loc);
  // A fixed answer under a guard that reads the origin (`if (!origin) return cb(null, true)`) is
  // limited to what the guard lets through.
  if (guarded.length === 0) return [];
  return readStatic(value);
}

function returnStatements(body: TSESTree.BlockStatement, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.ReturnStatement[] {
  const found: TSESTree.ReturnStatement[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (isFunctionLike(node)) return;
    if (node.type === AST_NODE_TYPES.ReturnStatement) found.push(node);
    forEachChild(sourceCode, node, visit);
  };
  for (const statement of body.body) visit(statement);
  return found;
}
