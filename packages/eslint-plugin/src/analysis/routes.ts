import type { PreflightHandling } from '@corsguard/core';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { CollectedNodes } from './collect.js';
import { nodeLocation } from './location.js';
import type { ModuleResolver } from './module-binding.js';
import type { MiddlewareUsage } from './reader-context.js';
import { constantInitializer, propertyKeyName, resolveVariable, unwrapExpression, type StaticEvaluator } from './static-value.js';

/** Route registration methods of express, express Router, hono and koa-router. */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head']);
/** Paths that `app.options(…)` uses to answer every preflight. */
const CATCH_ALL_PATHS = new Set(['*', '/*', '(.*)', '/(.*)', '*splat', '/*splat', '/{*splat}', '{*splat}', '/:path*', '/**']);

/** One `receiver.method(path?, ...handlers)` call: `app.put('/x', cors(), handler)`. */
interface RouteCall {
  call: TSESTree.CallExpression;
  method: string;
  /** The path when it is a readable string; `null` for no path argument; `undefined` when unreadable. */
  path: string | null | undefined;
  methodNode: TSESTree.Node;
  /** The object the route is registered on (`app`, `router`). */
  receiver: TSESTree.Node;
}

/**
 * Where OPTIONS requests are answered in a file, from its `app.options(...)`, `app.all(...)` and
 * global `app.use(cors())` calls, so a route-level CORS middleware can be told to lack a preflight
 * answer (cors-facts.md Part 1b: "routes using non-simple methods need app.options").
 */
export class RouteMap {
  private readonly optionsPaths = new Set<string>();
  private optionsEverywhere = false;

  constructor(
    private readonly collected: CollectedNodes,
    private readonly evaluator: StaticEvaluator,
    private readonly modules: ModuleResolver,
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
  ) {
    for (const call of collected.calls) {
      const route = this.routeCall(call);
      if (route === undefined) continue;
      if (route.method === 'options' || route.method === 'all') {
        if (route.path === undefined || route.path === null || CATCH_ALL_PATHS.has(route.path)) this.optionsEverywhere = true;
        else this.optionsPaths.add(route.path);
      }
    }
  }

  /** `app.put('/x', ...)`, `router.route('/x').put(...)`; `undefined` for other calls. */
  routeCall(call: TSESTree.CallExpression): RouteCall | undefined {
    const callee = unwrapExpression(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = propertyKeyName(callee);
    if (method === undefined || !(ROUTE_METHODS.has(method) || method === 'options' || method === 'all' || method === 'use')) {
      return undefined;
    }
    const receiver = unwrapExpression(callee.object);
    // router.route('/path').put(handler)
    if (receiver.type === AST_NODE_TYPES.CallExpression) {
      const inner = unwrapExpression(receiver.callee);
      if (inner.type === AST_NODE_TYPES.MemberExpression && propertyKeyName(inner) === 'route') {
        return { call, method, path: this.pathOf(receiver.arguments[0]), methodNode: callee.property, receiver: inner.object };
      }
    }
    const [first] = call.arguments;
    const firstIsPath = first !== undefined && this.looksLikePath(first);
    return { call, method, path: firstIsPath ? this.pathOf(first) : null, methodNode: callee.property, receiver };
  }

  private looksLikePath(node: TSESTree.Node): boolean {
    const value = this.evaluator.evaluate(node);
    if (value.kind === 'string' || value.kind === 'regexp') return true;
    if (value.kind === 'array') return value.elements.every((element) => element.kind === 'string' || element.kind === 'regexp');
    const unwrapped = unwrapExpression(node);
    return unwrapped.type === AST_NODE_TYPES.TemplateLiteral || unwrapped.type === AST_NODE_TYPES.BinaryExpression;
  }

  private pathOf(node: TSESTree.Node | undefined): string | undefined {
    if (node === undefined) return undefined;
    const value = this.evaluator.evaluate(node);
    return value.kind === 'string' ? value.value : undefined;
  }

  /**
   * How the routes in `call` that pass a CORS middleware (the argument `middleware`) get their
   * preflight answered. `corsMountedGlobally` is true when some `use(cors())` covers the app.
   */
  usage(call: TSESTree.CallExpression, middleware: TSESTree.Node, corsMountedGlobally: boolean): MiddlewareUsage {
    const loc = nodeLocation(middleware);
    const route = this.routeCall(call);
    if (route === undefined) return { preflight: { handling: 'unknown', loc } };
    if (route.method === 'use' || route.method === 'all' || route.method === 'options') {
      return { preflight: { handling: 'answered', loc } };
    }
    const servedMethods = [{ value: route.method === 'del' ? 'DELETE' : route.method.toUpperCase(), loc: nodeLocation(route.methodNode) }];
    let preflight: PreflightHandling;
    if (corsMountedGlobally || this.optionsEverywhere) preflight = { handling: 'answered', loc };
    else if (!this.isApplicationCreatedHere(route.receiver)) preflight = { handling: 'unknown', loc };
    else if (route.path === undefined) preflight = { handling: 'unknown', loc };
    else if (route.path !== null && this.optionsPaths.has(route.path)) preflight = { handling: 'answered', loc };
    else if (this.optionsPaths.size > 0 && route.path === null) preflight = { handling: 'unknown', loc };
    else preflight = { handling: 'no-options-route', target: route.path ?? '/', loc };
    return { preflight, servedMethods };
  }

  /**
   * Whether routes are registered on an application created in this file (`const app = express()`,
   * `new Hono()`). A router or an app passed in from elsewhere may be mounted behind a global CORS
   * middleware the linter cannot see, so its missing OPTIONS route is unknown rather than missing.
   */
  private isApplicationCreatedHere(receiver: TSESTree.Node): boolean {
    const node = unwrapExpression(receiver);
    if (node.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = resolveVariable(this.sourceCode, node);
    const init = variable === null ? undefined : constantInitializer(variable);
    if (init === undefined) return false;
    let created = unwrapExpression(init);
    if (created.type === AST_NODE_TYPES.AwaitExpression) created = unwrapExpression(created.argument);
    if (created.type !== AST_NODE_TYPES.CallExpression && created.type !== AST_NODE_TYPES.NewExpression) return false;
    const constructor = created.callee;
    return (
      this.modules.is(constructor, 'express') ||
      this.modules.is(constructor, ['hono', 'hono/tiny', 'hono/quick'], ['Hono'])
    );
  }
}
