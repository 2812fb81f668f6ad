import type { CorsPolicy, HeaderList, Located, LocatedString, MaxAge, OriginMatcher, SourceLocation, Tri } from '@corsguard/core';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, type CollectedNodes } from './collect.js';
import { nodeLocation } from './location.js';
import { headerList, maxAgeOf, unknownOrigin, verbatimOrigin } from './middleware/options.js';
import type { ReaderContext } from './reader-context.js';
import { constantInitializer, propertyKeyName, resolveVariable, unwrapExpression, type StaticValue } from './static-value.js';

/** Methods that set one header (`name, value`) or several (`{ name: value }`) on a response or Headers. */
const SETTERS = new Set(['setHeader', 'header', 'set', 'append', 'appendHeader']);
const BULK_SETTERS = new Set(['set', 'header', 'headers', 'setHeaders']);
/** Constructors and factories whose init object carries response headers. */
const RESPONSE_FACTORIES = new Set(['Response', 'NextResponse']);
/** NextResponse factories whose response init (with its `headers`) is the argument at this index. */
const NEXT_RESPONSE_INIT_ARGUMENT = new Map([
  ['next', 0],
  ['rewrite', 1],
]);

/** One hand-written response header, with the function (or header list) it belongs to. */
interface HeaderWrite {
  /** Lower-case header name. */
  name: string;
  /** The value expression as written. */
  value: TSESTree.Node;
  /** The function whose response this is, or the header list / exported object holding it. */
  group: TSESTree.Node;
  /**
   * The setter call when it replaces the header (`set`, `setHeader`, `header`, not `append`) and runs
   * unconditionally in the group's function body, so it overrides every earlier write of that name.
   */
  overriding?: TSESTree.CallExpression;
}

function isCorsHeader(name: string): boolean {
  return name.startsWith('access-control-allow-') || name.startsWith('access-control-expose-') || name === 'access-control-max-age' || name === 'vary';
}

/**
 * Reads CORS headers written by hand (`res.setHeader`, `res.set`, `reply.header`, `ctx.set`,
 * `c.header`, `headers.set`, `res.writeHead`, NestJS `@Header()`, `new Headers`, `new Response(…, { headers })`,
 * Lambda-style `{ statusCode, headers }`, Next.js `headers()` `{ key, value }` entries and exported
 * header objects). The writes of one function make one policy: that function's response.
 */
export function readHeaderWrites(collected: CollectedNodes, context: ReaderContext): CorsPolicy[] {
  const writes: HeaderWrite[] = [];
  const consumed = new Set<TSESTree.Node>();
  const varyOriginWrites = { anywhere: false };
  const addBag = (bag: StaticValue, group: TSESTree.Node): void => {
    if (bag.kind !== 'object') return;
    for (const [key, property] of bag.properties) {
      const name = key.toLowerCase();
      if (!isCorsHeader(name)) continue;
      consumed.add(property.property.parent);
      writes.push({ name, value: property.property.value, group });
    }
  };

  for (const call of collected.calls) {
    const callee = unwrapExpression(call.callee);
    const args = call.arguments;
    if (callee.type === AST_NODE_TYPES.Identifier) {
      // The `vary` package: vary(res, 'Origin').
      if (callee.name === 'vary' && args.length === 2) {
        writes.push({ name: 'vary', value: args[1]!, group: enclosingFunction(call) });
      } else if (args.length === 2 && call.parent.type === AST_NODE_TYPES.Decorator && context.modules.is(callee, '@nestjs/common', ['Header'])) {
        // NestJS `@Header(name, value)`: the decorators of one handler method make its response.
        const name = context.evaluator.evaluate(args[0]!);
        if (name.kind === 'string' && isCorsHeader(name.value.toLowerCase())) {
          writes.push({ name: name.value.toLowerCase(), value: args[1]!, group: call.parent.parent });
        }
      }
      continue;
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const method = propertyKeyName(callee);
    if (method === undefined) continue;
    const group = enclosingFunction(call);
    if (SETTERS.has(method) && args.length >= 2) {
      const name = context.evaluator.evaluate(args[0]!);
      if (name.kind === 'string' && isCorsHeader(name.value.toLowerCase())) {
        const write: HeaderWrite = { name: name.value.toLowerCase(), value: args[1]!, group };
        if (!method.startsWith('append') && runsUnconditionally(call, group)) write.overriding = call;
        writes.push(write);
      }
    } else if (BULK_SETTERS.has(method) && args.length === 1) {
      addBag(context.evaluator.evaluate(args[0]!), group);
    } else if (method === 'vary' && args.length === 1) {
      // res.vary('Origin') (express), ctx.vary('Origin') (koa)
      writes.push({ name: 'vary', value: args[0]!, group });
    } else if (method === 'writeHead' && args.length >= 2) {
      addBag(context.evaluator.evaluate(args[args.length - 1]!), group);
    } else if (method === 'json' && isResponseFactory(callee.object) && args[1] !== undefined) {
      addBag(headersOfInit(context.evaluator.evaluate(args[1])), group);
    } else if (NEXT_RESPONSE_INIT_ARGUMENT.has(method) && isNextResponse(callee.object)) {
      // Next.js middleware: NextResponse.next({ headers }), NextResponse.rewrite(url, { headers }).
      const init = args[NEXT_RESPONSE_INIT_ARGUMENT.get(method)!];
      if (init !== undefined) addBag(headersOfInit(context.evaluator.evaluate(init)), group);
    }
  }
  for (const expression of collected.news) {
    const callee = unwrapExpression(expression.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier) continue;
    const group = enclosingFunction(expression);
    if (callee.name === 'Headers' && expression.arguments[0] !== undefined) {
      addBag(context.evaluator.evaluate(expression.arguments[0]), group);
    } else if (RESPONSE_FACTORIES.has(callee.name) && expression.arguments[1] !== undefined) {
      addBag(headersOfInit(context.evaluator.evaluate(expression.arguments[1])), group);
    }
  }
  for (const object of collected.objects) {
    readObjectWrites(object, context, writes, consumed, addBag);
  }
  // Exported header objects (`export const corsHeaders = {...}`, Supabase/Deno style) that no
  // handler in this file consumes are a policy of their own.
  for (const object of collected.objects) {
    if (consumed.has(object) || !isExported(object)) continue;
    addBag(context.evaluator.evaluate(object), object);
  }

  for (const write of writes) {
    if (write.name === 'vary' && mentionsOriginToken(context.evaluator.evaluate(write.value))) varyOriginWrites.anywhere = true;
  }
  // One header object can reach a response twice (`new Response(b, init)` and the `{ status, headers }`
  // init itself); the same value written twice is one write.
  const groups = new Map<TSESTree.Node, HeaderWrite[]>();
  for (const write of writes) {
    const list = groups.get(write.group);
    if (list === undefined) groups.set(write.group, [write]);
    else if (!list.some((other) => other.name === write.name && other.value === write.value)) list.push(write);
  }
  const policies: CorsPolicy[] = [];
  for (const [group, groupWrites] of groups) {
    policies.push(...groupPolicies(group, groupWrites, context, varyOriginWrites.anywhere));
  }
  return policies;
}

/** Lambda/Azure-style `{ statusCode, headers }` results and Next.js `{ key, value }` header entries. */
function readObjectWrites(
  object: TSESTree.ObjectExpression,
  context: ReaderContext,
  writes: HeaderWrite[],
  consumed: Set<TSESTree.Node>,
  addBag: (bag: StaticValue, group: TSESTree.Node) => void,
): void {
  let headers: TSESTree.Property | undefined;
  let status = false;
  let request = false;
  let key: TSESTree.Property | undefined;
  let value: TSESTree.Property | undefined;
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    switch (propertyKeyName(property)) {
      case 'headers':
        headers = property;
        break;
      case 'statusCode':
      case 'status':
        status = true;
        break;
      case 'method':
        request = true;
        break;
      case 'key':
        key = property;
        break;
      case 'value':
        value = property;
        break;
      default:
        break;
    }
  }
  if (headers !== undefined && status && !request) {
    addBag(context.evaluator.evaluate(headers.value), enclosingFunction(object));
  }
  if (key !== undefined && value !== undefined && object.parent.type === AST_NODE_TYPES.ArrayExpression) {
    const name = context.evaluator.evaluate(key.value);
    if (name.kind === 'string' && isCorsHeader(name.value.toLowerCase())) {
      consumed.add(object);
      writes.push({ name: name.value.toLowerCase(), value: value.value, group: object.parent });
    }
  }
}

function isNextResponse(node: TSESTree.Node): boolean {
  const unwrapped = unwrapExpression(node);
  return unwrapped.type === AST_NODE_TYPES.Identifier && unwrapped.name === 'NextResponse';
}

function isResponseFactory(node: TSESTree.Node): boolean {
  const unwrapped = unwrapExpression(node);
  return unwrapped.type === AST_NODE_TYPES.Identifier && RESPONSE_FACTORIES.has(unwrapped.name);
}

/** The `headers` of a Response init; `new Headers({...})` there is read as a constructor of its own. */
function headersOfInit(init: StaticValue): StaticValue {
  if (init.kind !== 'object') return init;
  return init.properties.get('headers')?.value ?? { kind: 'unknown', node: init.node };
}

function isExported(object: TSESTree.ObjectExpression): boolean {
  let node: TSESTree.Node = object;
  while (node.parent != null && isTypeWrapper(node.parent)) node = node.parent;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator) return false;
  return parent.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
}

function isTypeWrapper(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.TSAsExpression || node.type === AST_NODE_TYPES.TSSatisfiesExpression || node.type === AST_NODE_TYPES.TSTypeAssertion;
}

function groupPolicies(group: TSESTree.Node, writes: HeaderWrite[], context: ReaderContext, varyElsewhere: boolean): CorsPolicy[] {
  const byName = (name: string): HeaderWrite[] => writes.filter((write) => write.name === name);
  const allowOrigin = withoutOverridden(byName('access-control-allow-origin'));
  if (writes.every((write) => write.name === 'vary')) return [];
  const groupLoc = nodeLocation(group);
  const origins: OriginMatcher[] = [];
  for (const write of allowOrigin) origins.push(...allowOriginMatchers(write.value, context));
  if (allowOrigin.length === 0) origins.push({ kind: 'unknown', loc: groupLoc });

  const credentialWrites = byName('access-control-allow-credentials');
  const credentials = credentialsOf(credentialWrites, allowOrigin.length > 0, groupLoc, context);

  // A missing Vary is blamed on the Allow-Origin write that needs it.
  const firstAllowOrigin = allowOrigin[0];
  let vary: Located<Tri> = {
    value: varyElsewhere ? 'unknown' : false,
    loc: firstAllowOrigin === undefined ? groupLoc : nodeLocation(firstAllowOrigin.value),
  };
  for (const write of byName('vary')) {
    const value = context.evaluator.evaluate(write.value);
    if (mentionsOriginToken(value)) vary = { value: true, loc: nodeLocation(write.value) };
    else if (value.kind === 'unknown' && vary.value !== true) vary = { value: 'unknown', loc: nodeLocation(write.value) };
  }

  const policy: CorsPolicy = {
    loc: groupLoc,
    source: 'response headers',
    origins,
    credentials,
    vary,
    preflight: { handling: 'unknown', loc: groupLoc },
  };
  const credentialsText = writtenCredentials(credentialWrites, context);
  if (credentialsText !== undefined) policy.credentialsText = credentialsText;
  const methods = lastList(byName('access-control-allow-methods'), 'access-control-request-method', context);
  if (methods !== undefined) policy.allowMethods = methods;
  const allowHeaders = lastList(byName('access-control-allow-headers'), 'access-control-request-headers', context);
  if (allowHeaders !== undefined) policy.allowHeaders = allowHeaders;
  const exposeHeaders = lastList(byName('access-control-expose-headers'), undefined, context);
  if (exposeHeaders !== undefined) policy.exposeHeaders = exposeHeaders;
  const maxAgeWrite = byName('access-control-max-age').at(-1);
  if (maxAgeWrite !== undefined) {
    const maxAge: MaxAge = maxAgeOf(context.evaluator.evaluate(maxAgeWrite.value), nodeLocation(maxAgeWrite.value));
    policy.maxAge = maxAge;
    const literal = unwrapExpression(maxAgeWrite.value);
    if (maxAge.kind === 'value' && literal.type === AST_NODE_TYPES.Literal) {
      context.hints.add(maxAge.loc, { kind: 'max-age', node: literal });
    }
  }
  const privateNetwork = byName('access-control-allow-private-network').at(-1);
  if (privateNetwork !== undefined) {
    const value = context.evaluator.evaluate(privateNetwork.value);
    policy.allowPrivateNetwork = {
      value: value.kind === 'unknown' ? 'unknown' : (value.kind === 'string' && value.value === 'true') || (value.kind === 'boolean' && value.value),
      loc: nodeLocation(privateNetwork.value),
    };
  }
  // Allow-Origin and Allow-Credentials written in opposite branches (`if (allowed) { origin + credentials }
  // else { '*' }`) never meet in one response: each Allow-Origin write gets the credentials that can
  // accompany it.
  const split = allowOrigin.filter((write) => credentialWrites.some((other) => exclusiveBranches(write.value, other.value)));
  if (split.length === 0) return [policy];
  return allowOrigin.map((write) => ({
    ...policy,
    origins: allowOriginMatchers(write.value, context),
    credentials: credentialsOf(
      credentialWrites.filter((other) => !exclusiveBranches(write.value, other.value)),
      true,
      groupLoc,
      context,
    ),
  }));
}

/** Whether `call` is a statement of `group`'s own body, so it runs whenever the function gets that far. */
function runsUnconditionally(call: TSESTree.CallExpression, group: TSESTree.Node): boolean {
  const statement = call.parent.type === AST_NODE_TYPES.AwaitExpression ? call.parent.parent : call.parent;
  return statement?.type === AST_NODE_TYPES.ExpressionStatement && statement.parent.type === AST_NODE_TYPES.BlockStatement && statement.parent.parent === group;
}

/**
 * Drops the writes that an unconditional replacing setter later in the function overrides: after
 * `new Response(b, { headers: corsHeaders })`, `res.headers.set('Access-Control-Allow-Origin', o)`
 * is what the response carries, not the `'*'` in `corsHeaders`.
 */
function withoutOverridden(writes: HeaderWrite[]): HeaderWrite[] {
  const last = writes.findLast((write) => write.overriding !== undefined);
  if (last === undefined) return writes;
  const start = last.overriding!.range[0];
  return writes.filter((write) => write === last || write.value.range[0] > start);
}

/** What the Allow-Credentials writes of one response say; `false` when Allow-Origin is written without one. */
function credentialsOf(writes: HeaderWrite[], writesAllowOrigin: boolean, groupLoc: SourceLocation, context: ReaderContext): Located<Tri> {
  let credentials: Located<Tri> = { value: writesAllowOrigin ? false : 'unknown', loc: groupLoc };
  for (const write of writes) {
    const value = context.evaluator.evaluate(write.value);
    const loc = nodeLocation(write.value);
    const current: Tri =
      value.kind === 'unknown' ? 'unknown' : (value.kind === 'string' && value.value === 'true') || (value.kind === 'boolean' && value.value);
    if (current === true || (current === 'unknown' && credentials.value !== true)) credentials = { value: current, loc };
    else if (credentials.value === 'unknown' && writesAllowOrigin && current === false) credentials = { value: false, loc };
  }
  return credentials;
}

/** The last Allow-Credentials value written as a known string, as the response carries it. */
function writtenCredentials(writes: HeaderWrite[], context: ReaderContext): LocatedString | undefined {
  for (let index = writes.length - 1; index >= 0; index--) {
    const write = writes[index] as HeaderWrite;
    const value = context.evaluator.evaluate(write.value);
    if (value.kind === 'string') return { value: value.value, loc: nodeLocation(write.value) };
  }
  return undefined;
}

/** Whether two nodes sit in the two branches of one `if` or `?:`, so they never run together. */
function exclusiveBranches(a: TSESTree.Node, b: TSESTree.Node): boolean {
  const pathOfA = new Map<TSESTree.Node, TSESTree.Node>();
  for (let child: TSESTree.Node = a, parent = a.parent; parent != null; child = parent, parent = parent.parent) {
    pathOfA.set(parent, child);
  }
  for (let child: TSESTree.Node = b, parent = b.parent; parent != null; child = parent, parent = parent.parent) {
    const childOfA = pathOfA.get(parent);
    if (childOfA === undefined) continue;
    if (childOfA === child) return false;
    if (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) {
      const branches = [parent.consequent, parent.alternate];
      return branches.includes(childOfA as never) && branches.includes(child as never);
    }
    return false;
  }
  return false;
}

function allowOriginMatchers(raw: TSESTree.Node, context: ReaderContext): OriginMatcher[] {
  const node = unwrapExpression(raw);
  const loc = nodeLocation(node);
  const root = enclosingFunction(node);
  if (node.type === AST_NODE_TYPES.ConditionalExpression) {
    return [...allowOriginMatchers(node.consequent, context), ...allowOriginMatchers(node.alternate, context)];
  }
  if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator === '&&') return allowOriginMatchers(node.right, context);
  if (context.origins.isRequestOrigin(node)) return context.origins.reachingOrigins(node, root, loc);
  const value = context.evaluator.evaluate(node);
  if (value.kind === 'string') return value.value === '' ? [] : [verbatimOrigin(value)];
  if (value.kind === 'array') {
    // Several Allow-Origin header lines: the browser sees them joined with ", ".
    const parts = value.elements.map((element) => (element.kind === 'string' ? element.value : undefined));
    if (value.partial || parts.some((part) => part === undefined)) return [unknownOrigin(node)];
    return [{ kind: 'exact', value: parts.join(', '), compared: false, loc }];
  }
  if (node.type === AST_NODE_TYPES.Identifier) {
    // `const allowed = list.includes(origin) ? origin : list[0]` read where it is defined, with
    // the guards around the write itself taking precedence over an unguarded echo there.
    const variable = resolveVariable(context.sourceCode, node);
    const init = variable === null ? undefined : constantInitializer(variable);
    if (init !== undefined && context.origins.mentionsOrigin(init)) {
      const atDefinition = allowOriginMatchers(init, context);
      const atWrite = context.origins.reachingOrigins(node, root, loc);
      const writeGuarded = !(atWrite.length === 1 && atWrite[0]!.kind === 'reflect-any');
      return writeGuarded ? atDefinition.flatMap((matcher) => (matcher.kind === 'reflect-any' ? atWrite : [matcher])) : atDefinition;
    }
  }
  return value.kind === 'null' || value.kind === 'undefined' ? [] : [unknownOrigin(node)];
}

/** The last write of a list header, `reflect` when it copies the matching request header. */
function lastList(writes: HeaderWrite[], requestHeader: string | undefined, context: ReaderContext): HeaderList | undefined {
  const write = writes.at(-1);
  if (write === undefined) return undefined;
  const loc = nodeLocation(write.value);
  if (requestHeader !== undefined && readsRequestHeader(write.value, requestHeader, context)) return { kind: 'reflect', loc };
  return headerList(context.evaluator.evaluate(write.value), loc);
}

function readsRequestHeader(raw: TSESTree.Node, header: string, context: ReaderContext, depth = 0): boolean {
  const node = unwrapExpression(raw);
  if (depth > 4) return false;
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(context.sourceCode, node);
    const init = variable === null ? undefined : constantInitializer(variable);
    return init !== undefined && readsRequestHeader(init, header, context, depth + 1);
  }
  if (node.type === AST_NODE_TYPES.LogicalExpression) return readsRequestHeader(node.left, header, context, depth + 1);
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const key = node.computed ? context.evaluator.evaluate(node.property) : undefined;
    const name = key?.kind === 'string' ? key.value : propertyKeyName(node);
    return name?.toLowerCase() === header;
  }
  if (node.type === AST_NODE_TYPES.CallExpression && node.arguments.length >= 1) {
    const name = context.evaluator.evaluate(node.arguments[node.arguments.length - 1]!);
    return name.kind === 'string' && name.value.toLowerCase() === header;
  }
  return false;
}

function mentionsOriginToken(value: StaticValue): boolean {
  if (value.kind === 'string') return value.value.split(',').some((token) => ['origin', '*'].includes(token.trim().toLowerCase()));
  if (value.kind === 'array') return value.elements.some(mentionsOriginToken);
  return false;
}
