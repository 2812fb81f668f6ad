import type { OriginMatcher, SourceLocation } from '@corsguard/core';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { nodeLocation } from './location.js';
import {
  bindingSource,
  constantInitializer,
  propertyKeyName,
  resolveVariable,
  unwrapExpression,
  type StaticEvaluator,
  type StaticValue,
} from './static-value.js';

/**
 * What a condition on the request origin lets through on the path where it holds:
 * - `unrestricted`: every origin (`if (origin)`),
 * - `matchers`: the origins these matchers accept (an allowlist `includes`, `===`, a regex `test`,
 *   `startsWith`/`endsWith`); an empty list lets none through (`if (!origin)`),
 * - `unknown`: the condition depends on the origin in a way the linter cannot read,
 * - `irrelevant`: the condition does not look at the origin.
 */
export type Restriction =
  | { kind: 'unrestricted' }
  | { kind: 'matchers'; matchers: OriginMatcher[] }
  | { kind: 'unknown' }
  | { kind: 'irrelevant' };

const UNRESTRICTED: Restriction = { kind: 'unrestricted' };
const UNKNOWN: Restriction = { kind: 'unknown' };
const IRRELEVANT: Restriction = { kind: 'irrelevant' };
const NONE: Restriction = { kind: 'matchers', matchers: [] };

/** Methods that read one request header by name: `req.get`, `req.header`, `headers.get`, `c.req.header`. */
const HEADER_GETTERS = new Set(['get', 'header', 'getHeader', 'headers']);
const HEADER_BAGS = new Set(['headers', 'header']);

/**
 * Finds the request's `Origin` header in expressions and reads the conditions that guard its use,
 * so a header write or an origin callback can be turned into origin matchers.
 */
export class RequestOriginAnalysis {
  /** Variables known to hold the request origin without an initializer (an origin callback's parameter). */
  private readonly originParameters = new Set<TSESLint.Scope.Variable>();
  private readonly variableMemo = new Map<TSESLint.Scope.Variable, boolean>();

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly evaluator: StaticEvaluator,
  ) {}

  /** Declare a function parameter as holding the request origin (the `origin` of `(origin, cb) => …`). */
  addOriginParameter(parameter: TSESTree.Parameter): TSESLint.Scope.Variable | undefined {
    const identifier =
      parameter.type === AST_NODE_TYPES.AssignmentPattern ? parameter.left : parameter;
    if (identifier.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = resolveVariable(this.sourceCode, identifier);
    if (variable !== null) this.originParameters.add(variable);
    return variable ?? undefined;
  }

  /**
   * Whether the expression evaluates to the request origin: `req.headers.origin`, `req.get('Origin')`,
   * `request.headers.get('origin')`, a local variable holding one of these, `origin ?? '*'`.
   */
  isRequestOrigin(raw: TSESTree.Node): boolean {
    const node = unwrapExpression(raw);
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        return this.isOriginVariable(node);
      case AST_NODE_TYPES.MemberExpression: {
        const name = this.memberName(node);
        if (name?.toLowerCase() !== 'origin') return false;
        const object = unwrapExpression(node.object);
        if (object.type === AST_NODE_TYPES.MemberExpression) {
          const bag = this.memberName(object);
          return bag !== undefined && HEADER_BAGS.has(bag);
        }
        // `const { headers } = req; headers.origin`
        return object.type === AST_NODE_TYPES.Identifier && HEADER_BAGS.has(object.name);
      }
      case AST_NODE_TYPES.CallExpression:
        return this.isHeaderGetterCall(node);
      case AST_NODE_TYPES.LogicalExpression:
        return (node.operator === '??' || node.operator === '||') && this.isRequestOrigin(node.left);
      case AST_NODE_TYPES.TemplateLiteral:
        return (
          node.expressions.length === 1 &&
          node.quasis.every((quasi) => quasi.value.cooked === '') &&
          this.isRequestOrigin(node.expressions[0]!)
        );
      default:
        return false;
    }
  }

  private memberName(node: TSESTree.MemberExpression): string | undefined {
    if (!node.computed) return propertyKeyName(node);
    const key = this.evaluator.evaluate(node.property);
    return key.kind === 'string' ? key.value : undefined;
  }

  private isHeaderGetterCall(node: TSESTree.CallExpression): boolean {
    const callee = unwrapExpression(node.callee);
    const [first, second] = node.arguments;
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const name = this.memberName(callee);
      if (name === undefined || !HEADER_GETTERS.has(name) || first === undefined) return false;
      return this.isOriginName(first);
    }
    // h3 / nitro: getHeader(event, 'origin'), getRequestHeader(event, 'origin')
    if (callee.type === AST_NODE_TYPES.Identifier && /^get(Request)?Header$/.test(callee.name)) {
      return second !== undefined && this.isOriginName(second);
    }
    return false;
  }

  private isOriginName(node: TSESTree.Node): boolean {
    const value = this.evaluator.evaluate(node);
    return value.kind === 'string' && value.value.toLowerCase() === 'origin';
  }

  private isOriginVariable(identifier: TSESTree.Identifier): boolean {
    const variable = resolveVariable(this.sourceCode, identifier);
    if (variable === null) return false;
    if (this.originParameters.has(variable)) return true;
    const cached = this.variableMemo.get(variable);
    if (cached !== undefined) return cached;
    this.variableMemo.set(variable, false);
    let result = false;
    const init = constantInitializer(variable);
    if (init !== undefined) {
      result = this.isRequestOrigin(init);
    } else {
      const source = bindingSource(variable);
      // `const { origin } = req.headers`
      if (source !== undefined && source.path.length === 1 && source.path[0]?.toLowerCase() === 'origin') {
        const init = unwrapExpression(source.init);
        if (init.type === AST_NODE_TYPES.MemberExpression) {
          const bag = this.memberName(init);
          result = bag !== undefined && HEADER_BAGS.has(bag);
        }
      }
    }
    this.variableMemo.set(variable, result);
    return result;
  }

  /**
   * Whether the expression reads the request origin anywhere inside it. `throughCallbacks` also looks
   * inside functions it holds, for conditions such as `list.some((o) => o === origin)`.
   */
  mentionsOrigin(node: TSESTree.Node, throughCallbacks = false): boolean {
    if (this.isRequestOrigin(node)) return true;
    const unwrapped = unwrapExpression(node);
    if (unwrapped.type === AST_NODE_TYPES.Identifier) {
      // `const allowed = list.includes(origin); if (allowed) …`
      const variable = resolveVariable(this.sourceCode, unwrapped);
      const init = variable === null ? undefined : constantInitializer(variable);
      return init !== undefined && init !== node && this.mentionsOriginShallow(init, throughCallbacks);
    }
    return this.mentionsOriginShallow(unwrapped, throughCallbacks);
  }

  private mentionsOriginShallow(node: TSESTree.Node, throughCallbacks: boolean): boolean {
    let found = false;
    const visit = (current: TSESTree.Node): void => {
      if (found) return;
      if (isFunctionLike(current) && !(throughCallbacks && current !== node)) return;
      if (current.type === AST_NODE_TYPES.Identifier || current.type === AST_NODE_TYPES.MemberExpression || current.type === AST_NODE_TYPES.CallExpression) {
        if (this.isRequestOrigin(current)) {
          found = true;
          return;
        }
      }
      forEachChild(this.sourceCode, current, visit);
    };
    visit(node);
    return found;
  }

  /**
   * The restriction a condition places on the origin on the path where it evaluates to `holds`.
   * `!`, `&&` and `||` are followed (De Morgan under negation); atoms are allowlist membership,
   * equality, regex tests, `startsWith`/`endsWith`/`includes` and presence checks.
   */
  restriction(raw: TSESTree.Node, holds: boolean): Restriction {
    const node = unwrapExpression(raw);
    if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') return this.restriction(node.argument, !holds);
    if (node.type === AST_NODE_TYPES.LogicalExpression && node.operator !== '??') {
      const conjunction = (node.operator === '&&') === holds;
      const left = this.restriction(node.left, holds);
      const right = this.restriction(node.right, holds);
      return conjunction ? both(left, right) : either(left, right);
    }
    // A check of the origin inside a callback (`list.some((o) => o === origin)`, `find`) still limits
    // it: one the atoms below cannot read is unknown, not irrelevant.
    if (!this.mentionsOrigin(node, true)) return IRRELEVANT;
    if (node.type === AST_NODE_TYPES.Identifier && !this.isRequestOrigin(node)) {
      const variable = resolveVariable(this.sourceCode, node);
      const init = variable === null ? undefined : constantInitializer(variable);
      return init === undefined ? UNKNOWN : this.restriction(init, holds);
    }
    if (this.isRequestOrigin(node)) return holds ? UNRESTRICTED : NONE;
    const atom = this.atom(node);
    if (atom === undefined) return UNKNOWN;
    if (atom.kind === 'presence') return atom.present === holds ? UNRESTRICTED : NONE;
    if (atom.positive !== holds) return UNKNOWN;
    return atom.restriction;
  }

  private atom(
    node: TSESTree.Node,
  ): { kind: 'presence'; present: boolean } | { kind: 'match'; positive: boolean; restriction: Restriction } | undefined {
    if (node.type === AST_NODE_TYPES.BinaryExpression) return this.comparisonAtom(node);
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const restriction = this.callMatch(node);
      return restriction === undefined ? undefined : { kind: 'match', positive: true, restriction };
    }
    return undefined;
  }

  private comparisonAtom(
    node: TSESTree.BinaryExpression,
  ): { kind: 'presence'; present: boolean } | { kind: 'match'; positive: boolean; restriction: Restriction } | undefined {
    const { operator } = node;
    if (node.left.type === AST_NODE_TYPES.PrivateIdentifier) return undefined;
    const equality = operator === '===' || operator === '==';
    const inequality = operator === '!==' || operator === '!=';
    const [origin, other] = this.isRequestOrigin(node.left)
      ? [node.left, node.right]
      : this.isRequestOrigin(node.right)
        ? [node.right, node.left]
        : [undefined, undefined];
    if (origin !== undefined && other !== undefined && (equality || inequality)) {
      const value = this.evaluator.evaluate(other);
      if (value.kind === 'null' || value.kind === 'undefined') return { kind: 'presence', present: inequality };
      if (value.kind === 'string') {
        return { kind: 'match', positive: equality, restriction: { kind: 'matchers', matchers: [this.comparedOrigin(value)] } };
      }
      return { kind: 'match', positive: equality, restriction: UNKNOWN };
    }
    // typeof origin === 'string' / 'undefined'
    const typeOf = (side: TSESTree.Node): boolean =>
      side.type === AST_NODE_TYPES.UnaryExpression && side.operator === 'typeof' && this.isRequestOrigin(side.argument);
    if ((equality || inequality) && (typeOf(node.left) || typeOf(node.right))) {
      const other = typeOf(node.left) ? node.right : node.left;
      const value = this.evaluator.evaluate(other);
      if (value.kind !== 'string') return undefined;
      const present = (value.value !== 'undefined') === equality;
      return { kind: 'presence', present };
    }
    // list.indexOf(origin) !== -1, > -1, >= 0, === -1, < 0
    const indexCall = (side: TSESTree.Node): TSESTree.CallExpression | undefined => {
      const unwrapped = unwrapExpression(side);
      if (unwrapped.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const callee = unwrapExpression(unwrapped.callee);
      return callee.type === AST_NODE_TYPES.MemberExpression && propertyKeyName(callee) === 'indexOf' ? unwrapped : undefined;
    };
    const call = indexCall(node.left);
    if (call === undefined) return undefined;
    const bound = this.evaluator.evaluate(node.right);
    if (bound.kind !== 'number') return undefined;
    const found =
      ((operator === '!==' || operator === '!=') && bound.value === -1) ||
      (operator === '>' && bound.value === -1) ||
      (operator === '>=' && bound.value === 0);
    const missing = ((operator === '===' || operator === '==') && bound.value === -1) || (operator === '<' && bound.value === 0);
    if (!found && !missing) return undefined;
    const restriction = this.membership(call);
    return restriction === undefined ? undefined : { kind: 'match', positive: found, restriction };
  }

  private callMatch(node: TSESTree.CallExpression): Restriction | undefined {
    const callee = unwrapExpression(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = propertyKeyName(callee);
    const [argument] = node.arguments;
    if (method === undefined || argument === undefined) return undefined;
    const receiverIsOrigin = this.isRequestOrigin(callee.object);
    const argumentIsOrigin = this.isRequestOrigin(argument);
    if ((method === 'includes' || method === 'has') && argumentIsOrigin && !receiverIsOrigin) {
      return this.membership(node);
    }
    if ((method === 'test' || method === 'exec') && argumentIsOrigin) {
      return this.regexRestriction(this.evaluator.evaluate(callee.object));
    }
    if (!receiverIsOrigin) return undefined;
    const value = this.evaluator.evaluate(argument);
    if (method === 'match') return this.regexRestriction(value);
    if (value.kind !== 'string') return UNKNOWN;
    const loc = nodeLocation(value.node);
    switch (method) {
      case 'startsWith':
        return { kind: 'matchers', matchers: [{ kind: 'prefix', value: value.value, loc }] };
      case 'endsWith':
        return { kind: 'matchers', matchers: [{ kind: 'suffix', value: value.value, loc }] };
      case 'includes':
        return {
          kind: 'matchers',
          matchers: [{ kind: 'pattern', source: escapeRegExp(value.value), flags: '', dialect: 'js', loc }],
        };
      default:
        return undefined;
    }
  }

  private regexRestriction(value: StaticValue): Restriction {
    if (value.kind !== 'regexp') return UNKNOWN;
    return {
      kind: 'matchers',
      matchers: [{ kind: 'pattern', source: value.pattern, flags: value.flags, dialect: 'js', loc: nodeLocation(value.node) }],
    };
  }

  /** `list.includes(origin)`, `set.has(origin)`, `list.indexOf(origin)` over a list the linter can read. */
  private membership(call: TSESTree.CallExpression): Restriction | undefined {
    const callee = unwrapExpression(call.callee);
    const [argument] = call.arguments;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || argument === undefined || !this.isRequestOrigin(argument)) {
      return undefined;
    }
    const list = this.collection(callee.object);
    if (list.kind !== 'array') return UNKNOWN;
    const matchers: OriginMatcher[] = [];
    for (const element of list.elements) {
      if (element.kind === 'string') matchers.push(this.comparedOrigin(element));
      else if (element.kind !== 'regexp' && element.kind !== 'null' && element.kind !== 'undefined') {
        matchers.push({ kind: 'unknown', loc: nodeLocation(element.node) });
      }
    }
    if (list.partial) matchers.push({ kind: 'unknown', loc: nodeLocation(list.node) });
    return { kind: 'matchers', matchers };
  }

  /** An array, or the array a `new Set([...])` was built from. */
  private collection(node: TSESTree.Node): StaticValue {
    const value = this.evaluator.evaluate(node);
    if (value.kind !== 'unknown') return value;
    let expression: TSESTree.Node = unwrapExpression(node);
    if (expression.type === AST_NODE_TYPES.Identifier) {
      const variable = resolveVariable(this.sourceCode, expression);
      const init = variable === null ? undefined : constantInitializer(variable);
      if (init === undefined) return value;
      expression = unwrapExpression(init);
    }
    if (expression.type === AST_NODE_TYPES.NewExpression) {
      const callee = unwrapExpression(expression.callee);
      const [first] = expression.arguments;
      if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'Set' && first !== undefined) {
        return this.evaluator.evaluate(first);
      }
    }
    return value;
  }

  /** An origin string the server compares the request origin with (and echoes on a match). */
  comparedOrigin(value: Extract<StaticValue, { kind: 'string' }>): OriginMatcher {
    const loc = nodeLocation(value.node);
    if (value.value === 'null') return { kind: 'null', loc };
    return { kind: 'exact', value: value.value, compared: true, loc };
  }

  /**
   * The origins that reach `allow` (a header write of the request origin, an origin callback's
   * "yes") given the conditions on the way from `root` to it: enclosing `if`s and ternaries, `&&`
   * chains, and earlier `if (…) return` exits. Without a guard every origin is echoed.
   */
  reachingOrigins(allow: TSESTree.Node, root: TSESTree.Node, reflectLoc: SourceLocation, extra: Restriction = IRRELEVANT): OriginMatcher[] {
    let restriction = extra;
    let child: TSESTree.Node = allow;
    let parent = allow.parent;
    while (parent != null && child !== root) {
      restriction = both(restriction, this.pathCondition(parent, child));
      child = parent;
      parent = parent.parent;
    }
    switch (restriction.kind) {
      case 'irrelevant':
      case 'unrestricted':
        return [{ kind: 'reflect-any', loc: reflectLoc }];
      case 'unknown':
        return [{ kind: 'unknown', loc: reflectLoc }];
      case 'matchers':
        return restriction.matchers;
    }
  }

  /** The condition under which control flows from `parent` into `child`. */
  private pathCondition(parent: TSESTree.Node, child: TSESTree.Node): Restriction {
    switch (parent.type) {
      case AST_NODE_TYPES.IfStatement:
        if (child === parent.consequent) return this.restriction(parent.test, true);
        if (child === parent.alternate) return this.restriction(parent.test, false);
        return IRRELEVANT;
      case AST_NODE_TYPES.ConditionalExpression:
        if (child === parent.consequent) return this.restriction(parent.test, true);
        if (child === parent.alternate) return this.restriction(parent.test, false);
        return IRRELEVANT;
      case AST_NODE_TYPES.LogicalExpression:
        if (child !== parent.right) return IRRELEVANT;
        if (parent.operator === '&&') return this.restriction(parent.left, true);
        if (parent.operator === '||') return this.restriction(parent.left, false);
        return IRRELEVANT;
      case AST_NODE_TYPES.SwitchCase:
        return parent.parent.type === AST_NODE_TYPES.SwitchStatement && this.mentionsOrigin(parent.parent.discriminant)
          ? this.switchRestriction(parent.parent, parent)
          : this.earlierExits(parent.consequent, child);
      case AST_NODE_TYPES.BlockStatement:
      case AST_NODE_TYPES.Program:
      case AST_NODE_TYPES.StaticBlock:
        return this.earlierExits(parent.body, child);
      default:
        return IRRELEVANT;
    }
  }

  private switchRestriction(statement: TSESTree.SwitchStatement, reached: TSESTree.SwitchCase): Restriction {
    if (!this.isRequestOrigin(statement.discriminant)) return UNKNOWN;
    const matchers: OriginMatcher[] = [];
    const index = statement.cases.indexOf(reached);
    // Cases that fall through into this one also reach it.
    for (let i = index; i >= 0; i--) {
      const current = statement.cases[i]!;
      if (current.test === null) return UNKNOWN;
      const value = this.evaluator.evaluate(current.test);
      if (value.kind !== 'string') return UNKNOWN;
      matchers.push(this.comparedOrigin(value));
      const previous = statement.cases[i - 1];
      if (previous === undefined || previous.consequent.length > 0) break;
    }
    return { kind: 'matchers', matchers };
  }

  /** `if (!allowed.includes(origin)) return …;` before the statement restricts what reaches it. */
  private earlierExits(body: readonly TSESTree.Node[], child: TSESTree.Node): Restriction {
    let restriction: Restriction = IRRELEVANT;
    for (const statement of body) {
      if (statement === child) break;
      if (statement.type !== AST_NODE_TYPES.IfStatement) continue;
      const consequentExits = alwaysExits(statement.consequent);
      const alternateExits = statement.alternate !== null && alwaysExits(statement.alternate);
      if (consequentExits && !alternateExits) restriction = both(restriction, this.restriction(statement.test, false));
      else if (alternateExits && !consequentExits) restriction = both(restriction, this.restriction(statement.test, true));
    }
    return restriction;
  }
}

/** Both conditions hold: the narrower readable restriction wins; two different allowlists stay unknown. */
function both(a: Restriction, b: Restriction): Restriction {
  if (a.kind === 'irrelevant' || a.kind === 'unrestricted') return b.kind === 'irrelevant' ? a : b;
  if (b.kind === 'irrelevant' || b.kind === 'unrestricted') return a;
  if (a.kind === 'matchers' && a.matchers.length === 0) return a;
  if (b.kind === 'matchers' && b.matchers.length === 0) return b;
  if (a.kind === 'matchers' && b.kind === 'unknown') return a;
  if (b.kind === 'matchers' && a.kind === 'unknown') return b;
  return UNKNOWN;
}

/** Either condition holds: the union of what each lets through. */
function either(a: Restriction, b: Restriction): Restriction {
  if (a.kind === 'unrestricted' || b.kind === 'unrestricted') return UNRESTRICTED;
  if (a.kind === 'irrelevant' && b.kind === 'irrelevant') return IRRELEVANT;
  // `debug || allowed.includes(origin)`: when the other side holds, any origin may pass.
  if (a.kind === 'irrelevant' || b.kind === 'irrelevant') return UNKNOWN;
  if (a.kind === 'matchers' && b.kind === 'matchers') return { kind: 'matchers', matchers: [...a.matchers, ...b.matchers] };
  return UNKNOWN;
}

function alwaysExits(statement: TSESTree.Statement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement: {
      const last = statement.body[statement.body.length - 1];
      return last !== undefined && alwaysExits(last);
    }
    case AST_NODE_TYPES.IfStatement:
      return statement.alternate !== null && alwaysExits(statement.consequent) && alwaysExits(statement.alternate);
    default:
      return false;
  }
}

export function isFunctionLike(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

/** Visit the direct children of a node using the parser's visitor keys (TS nodes included). */
export function forEachChild(
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: TSESTree.Node,
  visit: (child: TSESTree.Node) => void,
): void {
  const keys = sourceCode.visitorKeys[node.type] ?? [];
  for (const key of keys) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item);
    } else if (isNode(value)) {
      visit(value);
    }
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
