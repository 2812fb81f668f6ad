import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

/**
 * What the linter can know about an expression without running it. Values are followed through
 * `const` (and never-reassigned `let`) bindings of the same file, object spread, TypeScript
 * assertions, template literals and constant arithmetic. Parameters, imports, globals such as
 * `process.env` and anything computed at run time are `unknown`, and the rules stay silent on them.
 *
 * `node` is where the value is written (the literal, the array, the function), which is what a
 * finding blames when the value is wrong.
 */
export type StaticValue =
  | { kind: 'string'; value: string; node: TSESTree.Node }
  | { kind: 'number'; value: number; raw: string; node: TSESTree.Node }
  | { kind: 'boolean'; value: boolean; node: TSESTree.Node }
  | { kind: 'null'; node: TSESTree.Node }
  | { kind: 'undefined'; node: TSESTree.Node }
  | { kind: 'regexp'; pattern: string; flags: string; node: TSESTree.Node }
  | { kind: 'array'; elements: StaticValue[]; partial: boolean; node: TSESTree.Node }
  | { kind: 'object'; properties: Map<string, StaticProperty>; partial: boolean; node: TSESTree.Node }
  | { kind: 'function'; node: FunctionNode }
  | { kind: 'unknown'; node: TSESTree.Node };

/** An object property: its value and the `key: value` node that set it (what a finding blames). */
export interface StaticProperty {
  value: StaticValue;
  property: TSESTree.Property;
}

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionExpression
  | TSESTree.FunctionDeclaration;

/** Following bindings is bounded so a pathological file (long alias chains, cycles) stays fast. */
const MAX_DEPTH = 24;

export function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

/** Strip the TypeScript-only wrappers that do not change a value at run time. */
export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSInstantiationExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** The name of a non-computed (or constant-computed) property key, if it has one. */
export function propertyKeyName(
  property: TSESTree.Property | TSESTree.MemberExpression | TSESTree.MethodDefinition,
): string | undefined {
  const key = property.type === AST_NODE_TYPES.MemberExpression ? property.property : property.key;
  if (!property.computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && (typeof key.value === 'string' || typeof key.value === 'number')) {
    return String(key.value);
  }
  if (key.type === AST_NODE_TYPES.TemplateLiteral && key.expressions.length === 0) {
    return key.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** The variable an identifier refers to, through ESLint's scope analysis. */
export function resolveVariable(
  sourceCode: Readonly<TSESLint.SourceCode>,
  identifier: TSESTree.Identifier,
): TSESLint.Scope.Variable | null {
  return ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
}

/**
 * The single expression a variable is bound to, when it is bound once and never reassigned:
 * `const x = …`, or `let x = …` with no later write. Destructured bindings give `undefined` here;
 * see `bindingSource` for those.
 */
export function constantInitializer(variable: TSESLint.Scope.Variable): TSESTree.Expression | undefined {
  if (variable.defs.length !== 1) return undefined;
  const definition = variable.defs[0];
  if (definition?.type !== 'Variable') return undefined;
  const declarator = definition.node;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || declarator.init === null) return undefined;
  if (definition.parent.kind !== 'const') {
    const writes = variable.references.filter((reference) => reference.isWrite());
    if (writes.length !== 1) return undefined;
  }
  return declarator.init;
}

/**
 * Where a destructured binding comes from: `const { origin } = req.headers` gives the object
 * expression `req.headers` and the path `['origin']`.
 */
export function bindingSource(
  variable: TSESLint.Scope.Variable,
): { init: TSESTree.Expression; path: string[] } | undefined {
  if (variable.defs.length !== 1) return undefined;
  const definition = variable.defs[0];
  if (definition?.type !== 'Variable') return undefined;
  const declarator = definition.node;
  if (declarator.init === null) return undefined;
  if (definition.parent.kind !== 'const') {
    const writes = variable.references.filter((reference) => reference.isWrite());
    if (writes.length !== 1) return undefined;
  }
  const path = patternPath(declarator.id, definition.name);
  return path === undefined ? undefined : { init: declarator.init, path };
}

function patternPath(pattern: TSESTree.Node, target: TSESTree.Identifier): string[] | undefined {
  if (pattern === target) return [];
  if (pattern.type === AST_NODE_TYPES.AssignmentPattern) return patternPath(pattern.left, target);
  if (pattern.type === AST_NODE_TYPES.ObjectPattern) {
    for (const property of pattern.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const name = propertyKeyName(property);
      if (name === undefined) continue;
      const rest = patternPath(property.value, target);
      if (rest !== undefined) return [name, ...rest];
    }
  }
  if (pattern.type === AST_NODE_TYPES.ArrayPattern) {
    for (const [index, element] of pattern.elements.entries()) {
      if (element === null) continue;
      const rest = patternPath(element, target);
      if (rest !== undefined) return [String(index), ...rest];
    }
  }
  return undefined;
}

/** Evaluates expressions of one file; one instance per file analysis, with a memo per node. */
export class StaticEvaluator {
  private readonly memo = new Map<TSESTree.Node, StaticValue>();
  private depth = 0;

  constructor(private readonly sourceCode: Readonly<TSESLint.SourceCode>) {}

  evaluate(node: TSESTree.Node): StaticValue {
    const cached = this.memo.get(node);
    if (cached !== undefined) return cached;
    if (this.depth >= MAX_DEPTH) return { kind: 'unknown', node };
    this.depth++;
    // A cycle (`const a = b; const b = a`) meets this placeholder instead of recursing forever.
    this.memo.set(node, { kind: 'unknown', node });
    try {
      const value = this.compute(node);
      this.memo.set(node, value);
      return value;
    } finally {
      this.depth--;
    }
  }

  /** Resolve an identifier to its binding's value, following destructuring of known objects. */
  private evaluateIdentifier(identifier: TSESTree.Identifier): StaticValue {
    if (identifier.name === 'undefined') {
      const variable = resolveVariable(this.sourceCode, identifier);
      if (variable === null || variable.defs.length === 0) return { kind: 'undefined', node: identifier };
    }
    const variable = resolveVariable(this.sourceCode, identifier);
    if (variable === null) return { kind: 'unknown', node: identifier };
    const definition = variable.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type === 'FunctionName' && definition.node.type === AST_NODE_TYPES.FunctionDeclaration) {
      return { kind: 'function', node: definition.node };
    }
    const init = constantInitializer(variable);
    if (init !== undefined) return this.evaluate(init);
    const source = bindingSource(variable);
    if (source === undefined) return { kind: 'unknown', node: identifier };
    let value = this.evaluate(source.init);
    for (const segment of source.path) value = memberOf(value, segment, identifier);
    return value;
  }

  private compute(raw: TSESTree.Node): StaticValue {
    const node = unwrapExpression(raw);
    switch (node.type) {
      case AST_NODE_TYPES.Literal:
        return literalValue(node);
      case AST_NODE_TYPES.TemplateLiteral:
        return this.templateValue(node);
      case AST_NODE_TYPES.Identifier:
        return this.evaluateIdentifier(node);
      case AST_NODE_TYPES.ArrayExpression:
        return this.arrayValue(node);
      case AST_NODE_TYPES.ObjectExpression:
        return this.objectValue(node);
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
        return { kind: 'function', node };
      case AST_NODE_TYPES.MemberExpression: {
        const name = node.computed ? this.constantKey(node.property) : propertyKeyName(node);
        if (name === undefined) return { kind: 'unknown', node };
        return memberOf(this.evaluate(node.object), name, node);
      }
      case AST_NODE_TYPES.UnaryExpression:
        return this.unaryValue(node);
      case AST_NODE_TYPES.BinaryExpression:
        return this.binaryValue(node);
      case AST_NODE_TYPES.LogicalExpression:
        return this.logicalValue(node);
      case AST_NODE_TYPES.ConditionalExpression: {
        const test = truthiness(this.evaluate(node.test));
        if (test === undefined) return { kind: 'unknown', node };
        return this.evaluate(test ? node.consequent : node.alternate);
      }
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.CallExpression:
        return this.regExpConstruction(node);
      case AST_NODE_TYPES.SequenceExpression: {
        const last = node.expressions[node.expressions.length - 1];
        return last === undefined ? { kind: 'unknown', node } : this.evaluate(last);
      }
      default:
        return { kind: 'unknown', node };
    }
  }

  private constantKey(node: TSESTree.Node): string | undefined {
    const value = this.evaluate(node);
    if (value.kind === 'string') return value.value;
    if (value.kind === 'number') return String(value.value);
    return undefined;
  }

  private templateValue(node: TSESTree.TemplateLiteral): StaticValue {
    let text = '';
    for (const [index, quasi] of node.quasis.entries()) {
      if (quasi.value.cooked === null) return { kind: 'unknown', node };
      text += quasi.value.cooked;
      const expression = node.expressions[index];
      if (expression === undefined) continue;
      const part = this.evaluate(expression);
      const printed = printable(part);
      if (printed === undefined) return { kind: 'unknown', node };
      text += printed;
    }
    return { kind: 'string', value: text, node };
  }

  private arrayValue(node: TSESTree.ArrayExpression): StaticValue {
    const elements: StaticValue[] = [];
    let partial = false;
    for (const element of node.elements) {
      if (element === null) {
        elements.push({ kind: 'undefined', node });
      } else if (element.type === AST_NODE_TYPES.SpreadElement) {
        const spread = this.evaluate(element.argument);
        if (spread.kind === 'array') {
          elements.push(...spread.elements);
          partial ||= spread.partial;
        } else {
          partial = true;
        }
      } else {
        elements.push(this.evaluate(element));
      }
    }
    return { kind: 'array', elements, partial, node };
  }

  private objectValue(node: TSESTree.ObjectExpression): StaticValue {
    const properties = new Map<string, StaticProperty>();
    let partial = false;
    for (const property of node.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) {
        const spread = this.evaluate(property.argument);
        if (spread.kind === 'object') {
          for (const [name, value] of spread.properties) properties.set(name, value);
          partial ||= spread.partial;
        } else if (spread.kind !== 'null' && spread.kind !== 'undefined') {
          // Every key seen so far may have been overridden by the unknown spread.
          properties.clear();
          partial = true;
        }
        continue;
      }
      const name = property.computed ? this.constantKey(property.key) : propertyKeyName(property);
      if (name === undefined) {
        partial = true;
        continue;
      }
      if (property.kind !== 'init') {
        properties.set(name, { value: { kind: 'unknown', node: property }, property });
        continue;
      }
      const valueNode = property.value;
      const value: StaticValue =
        property.method && valueNode.type === AST_NODE_TYPES.FunctionExpression
          ? { kind: 'function', node: valueNode }
          : this.evaluate(valueNode);
      properties.set(name, { value, property });
    }
    return { kind: 'object', properties, partial, node };
  }

  private unaryValue(node: TSESTree.UnaryExpression): StaticValue {
    if (node.operator === 'void') return { kind: 'undefined', node };
    const argument = this.evaluate(node.argument);
    if (node.operator === '!') {
      const truth = truthiness(argument);
      return truth === undefined ? { kind: 'unknown', node } : { kind: 'boolean', value: !truth, node };
    }
    if (argument.kind !== 'number') return { kind: 'unknown', node };
    const raw = this.sourceCode.getText(node);
    if (node.operator === '-') return { kind: 'number', value: -argument.value, raw, node };
    if (node.operator === '+') return { kind: 'number', value: argument.value, raw, node };
    return { kind: 'unknown', node };
  }

  private binaryValue(node: TSESTree.BinaryExpression): StaticValue {
    if (node.left.type === AST_NODE_TYPES.PrivateIdentifier) return { kind: 'unknown', node };
    const left = this.evaluate(node.left);
    const right = this.evaluate(node.right);
    const raw = this.sourceCode.getText(node);
    if (node.operator === '+' && (left.kind === 'string' || right.kind === 'string')) {
      const a = printable(left);
      const b = printable(right);
      return a === undefined || b === undefined ? { kind: 'unknown', node } : { kind: 'string', value: a + b, node };
    }
    if (left.kind !== 'number' || right.kind !== 'number') return { kind: 'unknown', node };
    const result = arithmetic(node.operator, left.value, right.value);
    return result === undefined ? { kind: 'unknown', node } : { kind: 'number', value: result, raw, node };
  }

  private logicalValue(node: TSESTree.LogicalExpression): StaticValue {
    const left = this.evaluate(node.left);
    if (node.operator === '??') {
      if (left.kind === 'unknown') return { kind: 'unknown', node };
      return left.kind === 'null' || left.kind === 'undefined' ? this.evaluate(node.right) : left;
    }
    const truth = truthiness(left);
    if (truth === undefined) return { kind: 'unknown', node };
    if (node.operator === '||') return truth ? left : this.evaluate(node.right);
    return truth ? this.evaluate(node.right) : left;
  }

  /** `new RegExp('^https://a\\.com$', 'i')` with constant arguments is as good as a literal. */
  private regExpConstruction(node: TSESTree.NewExpression | TSESTree.CallExpression): StaticValue {
    const callee = unwrapExpression(node.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'RegExp') return { kind: 'unknown', node };
    if (resolveVariable(this.sourceCode, callee)?.defs.length) return { kind: 'unknown', node };
    const [patternArgument, flagsArgument] = node.arguments;
    if (patternArgument === undefined) return { kind: 'unknown', node };
    const pattern = this.evaluate(patternArgument);
    const flags = flagsArgument === undefined ? undefined : this.evaluate(flagsArgument);
    const flagText = flags === undefined ? '' : flags.kind === 'string' ? flags.value : undefined;
    if (flagText === undefined) return { kind: 'unknown', node };
    if (pattern.kind === 'string') return { kind: 'regexp', pattern: pattern.value, flags: flagText, node };
    if (pattern.kind === 'regexp') {
      return { kind: 'regexp', pattern: pattern.pattern, flags: flags === undefined ? pattern.flags : flagText, node };
    }
    return { kind: 'unknown', node };
  }
}

function literalValue(node: TSESTree.Literal): StaticValue {
  if ('regex' in node && node.regex) return { kind: 'regexp', pattern: node.regex.pattern, flags: node.regex.flags, node };
  const value = node.value;
  if (typeof value === 'string') return { kind: 'string', value, node };
  if (typeof value === 'number') return { kind: 'number', value, raw: node.raw, node };
  if (typeof value === 'boolean') return { kind: 'boolean', value, node };
  if (value === null) return { kind: 'null', node };
  return { kind: 'unknown', node };
}

function memberOf(value: StaticValue, name: string, node: TSESTree.Node): StaticValue {
  if (value.kind === 'object') {
    const property = value.properties.get(name);
    if (property !== undefined) return property.value;
    return value.partial ? { kind: 'unknown', node } : { kind: 'undefined', node };
  }
  if (value.kind === 'array' && /^\d+$/.test(name) && !value.partial) {
    return value.elements[Number(name)] ?? { kind: 'undefined', node };
  }
  if ((value.kind === 'array' || value.kind === 'string') && name === 'length' && !('partial' in value && value.partial)) {
    const length = value.kind === 'array' ? value.elements.length : value.value.length;
    return { kind: 'number', value: length, raw: String(length), node };
  }
  return { kind: 'unknown', node };
}

/** The text a value becomes in a template or a string concatenation. */
function printable(value: StaticValue): string | undefined {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
      return String(value.value);
    case 'boolean':
      return String(value.value);
    case 'null':
      return 'null';
    case 'undefined':
      return 'undefined';
    default:
      return undefined;
  }
}

export function truthiness(value: StaticValue): boolean | undefined {
  switch (value.kind) {
    case 'string':
      return value.value !== '';
    case 'number':
      return value.value !== 0 && !Number.isNaN(value.value);
    case 'boolean':
      return value.value;
    case 'null':
    case 'undefined':
      return false;
    case 'regexp':
    case 'array':
    case 'object':
    case 'function':
      return true;
    default:
      return undefined;
  }
}

function arithmetic(operator: string, a: number, b: number): number | undefined {
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '**':
      return a ** b;
    default:
      return undefined;
  }
}
