/**
 * CloudFormation `Fn::If` around CORS values (`AllowOrigins: !If [IsProd, [https://a.com], ['*']]`).
 * The condition is decided at deploy time, but both arms are literals the author wrote and each is
 * what some deployment of the template sends (AWS CloudFormation User Guide, "Condition functions":
 * `Fn::If` returns the first value when the condition is true and the second otherwise;
 * `AWS::NoValue` as a value removes the property). So a CORS block whose `Fn::If`s all test one
 * condition is read twice, once per value of that condition, and each reading is linted. Blocks whose
 * `Fn::If`s test several conditions stay unknown: the linter cannot tell which combinations of them
 * can occur (`IsProd` and `IsDev` are usually exclusive), and reading an impossible one would report a
 * problem no deployment has. A condition the template's `Conditions` section defines as the negation
 * of another (`IsNotProd: !Not [!Condition IsProd]`, or `!Not` of IsProd's expression written out) is
 * that other condition with the arms swapped, so `Fn::If`s testing IsProd and IsNotProd are read as
 * one condition (see `expressionLiteral`).
 */
import { get, isMap, isScalar, isSeq } from '../document/access.js';
import type { DocNode, MapEntry } from '../document/node.js';
import { markOpaque } from './cloud-common.js';

/** Deepest level searched for `Fn::If`s; CORS blocks are a few levels deep. */
const MAX_DEPTH = 16;

interface ConditionalValue {
  condition: string | undefined;
  whenTrue: DocNode;
  whenFalse: DocNode;
}

/** The parts of an `Fn::If` written as `!If [C, a, b]` or `{ "Fn::If": [C, a, b] }`, marked or not. */
function conditional(node: DocNode): ConditionalValue | undefined {
  let args: DocNode | undefined;
  if (node.type === 'dynamic') {
    if (node.tag === '!If' || node.tag === 'Fn::If') args = node.tag === '!If' ? node.inner : conditionalArgs(node.inner);
  } else {
    args = conditionalArgs(node);
  }
  if (!isSeq(args) || args.items.length !== 3) return undefined;
  const [condition, whenTrue, whenFalse] = args.items as [DocNode, DocNode, DocNode];
  return { condition: isScalar(condition) && typeof condition.value === 'string' ? condition.value : undefined, whenTrue, whenFalse };
}

function conditionalArgs(node: DocNode): DocNode | undefined {
  if (!isMap(node) || node.entries.length !== 1) return undefined;
  const entry = node.entries[0];
  return entry !== undefined && String(entry.key.value) === 'Fn::If' ? entry.value : undefined;
}

/** `!Ref AWS::NoValue` / `{ "Ref": "AWS::NoValue" }`: the property is left out. */
function isNoValue(node: DocNode): boolean {
  if (node.type === 'dynamic') return (node.tag === '!Ref' && isScalar(node.inner) && node.inner.value === 'AWS::NoValue') || isNoValue(node.inner);
  if (!isMap(node) || node.entries.length !== 1) return false;
  const entry = node.entries[0];
  return entry !== undefined && String(entry.key.value) === 'Ref' && isScalar(entry.value) && entry.value.value === 'AWS::NoValue';
}

/** An intrinsic function call, `!Name args` or `{ "Fn::Name": args }` (`Ref` and `Condition` unprefixed). */
interface IntrinsicCall {
  name: string;
  args: DocNode;
}

function intrinsicCall(node: DocNode | undefined): IntrinsicCall | undefined {
  if (node === undefined) return undefined;
  if (node.type === 'dynamic') return node.tag.startsWith('!') ? { name: node.tag.slice(1), args: node.inner } : intrinsicCall(node.inner);
  if (!isMap(node) || node.entries.length !== 1) return undefined;
  const entry = node.entries[0];
  if (entry === undefined) return undefined;
  const key = String(entry.key.value);
  if (key === 'Ref' || key === 'Condition') return { name: key, args: entry.value };
  return key.startsWith('Fn::') ? { name: key.slice('Fn::'.length), args: entry.value } : undefined;
}

/** The one operand of an `Fn::Not`, or undefined for any other node. */
function negatedOperand(node: DocNode | undefined): DocNode | undefined {
  const call = intrinsicCall(node);
  return call?.name === 'Not' && isSeq(call.args) && call.args.items.length === 1 ? call.args.items[0] : undefined;
}

/** Most nodes of one condition expression written out; YAML aliases could make a small file's expression huge. */
const MAX_CANONICAL_NODES = 2000;

/** Texts given to expressions too large to write out: each differs from every other text. */
let oversized = 0;

/**
 * A condition expression as text that is the same for the same expression however it is spelt
 * (`!Equals [!Ref Stage, prod]` and `{ "Fn::Equals": [{ "Ref": "Stage" }, "prod"] }`). An expression
 * of more than MAX_CANONICAL_NODES nodes gets a text of its own, equal to no other.
 */
function canonical(node: DocNode): string {
  const budget = { left: MAX_CANONICAL_NODES };
  const text = canonicalText(node, 0, budget);
  return budget.left < 0 ? `…${String(oversized++)}` : text;
}

function canonicalText(node: DocNode, depth: number, budget: { left: number }): string {
  if (depth > MAX_DEPTH || --budget.left < 0) return '…';
  const call = intrinsicCall(node);
  if (call !== undefined) return `${call.name}(${canonicalText(call.args, depth + 1, budget)})`;
  switch (node.type) {
    case 'scalar':
      return JSON.stringify(String(node.value));
    case 'seq':
      return `[${node.items.map((item) => canonicalText(item, depth + 1, budget)).join(',')}]`;
    case 'map':
      return `{${node.entries.map((entry) => `${JSON.stringify(String(entry.key.value))}:${canonicalText(entry.value, depth + 1, budget)}`).join(',')}}`;
    default:
      return `${node.tag} ${canonicalText(node.inner, depth + 1, budget)}`;
  }
}

/**
 * A condition as a value of a condition expression: `base` is that expression's text, `holds` false
 * when the condition is its negation, and `expression` the expression itself (undefined for a name
 * the section does not define).
 */
interface ConditionLiteral {
  base: string;
  holds: boolean;
  expression: DocNode | undefined;
}

/** How many condition references and negations are followed; the section is finite, this only stops cycles. */
const MAX_CONDITION_DEPTH = 16;

/**
 * The literal an expression of the `Conditions` section stands for: a `Condition` reference is the
 * named condition's definition, and `Fn::Not` negates its operand ("Condition functions": `Fn::Not`
 * returns true for a condition that evaluates to false). So `IsNotProd: !Not [!Condition IsProd]` and
 * `IsNotProd: !Not [!Equals [!Ref Stage, prod]]` are both IsProd's expression, negated.
 */
function expressionLiteral(expression: DocNode, conditions: DocNode | undefined, depth: number): ConditionLiteral {
  const name = conditionName(expression);
  if (name !== undefined && depth < MAX_CONDITION_DEPTH) return conditionLiteral(name, conditions, depth + 1);
  const operand = negatedOperand(expression);
  if (operand !== undefined && depth < MAX_CONDITION_DEPTH) {
    const literal = expressionLiteral(operand, conditions, depth + 1);
    return { ...literal, holds: !literal.holds };
  }
  return { base: canonical(expression), holds: true, expression };
}

function conditionLiteral(name: string, conditions: DocNode | undefined, depth = 0): ConditionLiteral {
  const definition = get(conditions, name);
  return definition === undefined ? { base: `Condition(${JSON.stringify(name)})`, holds: true, expression: undefined } : expressionLiteral(definition, conditions, depth);
}

/** The condition a `!Condition Name` / `{ "Condition": "Name" }` expression names. */
function conditionName(node: DocNode): string | undefined {
  const call = intrinsicCall(node);
  return call?.name === 'Condition' && isScalar(call.args) && typeof call.args.value === 'string' ? call.args.value : undefined;
}

/** Most operands `impliedValue` looks at for one resource: `Fn::And`s of `Fn::And`s could otherwise multiply. */
const MAX_IMPLIED_OPERANDS = 256;

/**
 * The value `base` has wherever a condition literal holds: its own value when it is `base` or its
 * negation; through an `Fn::And` that holds (every operand is true) or an `Fn::Or` that does not
 * (every operand is false), what an operand tells; undefined when it tells nothing (an `Fn::Or` that
 * holds, an unrelated condition) or when more than MAX_IMPLIED_OPERANDS operands would be read.
 */
function impliedValue(literal: ConditionLiteral, base: string, conditions: DocNode | undefined, depth: number, budget = { left: MAX_IMPLIED_OPERANDS }): boolean | undefined {
  if (literal.base === base) return literal.holds;
  const call = intrinsicCall(literal.expression);
  const joins = literal.holds ? 'And' : 'Or';
  if (call?.name !== joins || !isSeq(call.args) || depth >= MAX_CONDITION_DEPTH) return undefined;
  for (const operand of call.args.items) {
    if (--budget.left < 0) return undefined;
    const inner = expressionLiteral(operand, conditions, depth + 1);
    const implied = impliedValue({ ...inner, holds: literal.holds ? inner.holds : !inner.holds }, base, conditions, depth + 1, budget);
    if (implied !== undefined) return implied;
  }
  return undefined;
}

/**
 * The conditions the `Fn::If`s in a block test; undefined stands for a condition that is not a name.
 * A node shared through YAML aliases is visited once (`seen`), so an alias fan-out costs its size.
 */
function conditionsIn(node: DocNode, found: Set<string | undefined>, depth: number, seen: Set<DocNode>): void {
  if (depth > MAX_DEPTH || seen.has(node)) return;
  seen.add(node);
  const parts = conditional(node);
  if (parts !== undefined) {
    found.add(parts.condition);
    conditionsIn(parts.whenTrue, found, depth + 1, seen);
    conditionsIn(parts.whenFalse, found, depth + 1, seen);
  } else if (node.type === 'map') {
    for (const entry of node.entries) conditionsIn(entry.value, found, depth + 1, seen);
  } else if (node.type === 'seq') {
    for (const item of node.items) conditionsIn(item, found, depth + 1, seen);
  }
}

/**
 * What `AWS::NoValue` does in a block: `remove` the key or item, as CloudFormation does to a resource's
 * properties; or leave an `unknown` value, where a transform reads the block before CloudFormation
 * resolves it (SAM fills in defaults for keys it does not see, not for ones removed later).
 */
export type NoValueReading = 'remove' | 'unknown';

/** Whether a condition, named as an `Fn::If` names it, is true in the reading being built. */
type Holds = (condition: string) => boolean;

/**
 * The block as written when its conditions have the values `holds` gives; undefined when it is a
 * removed `AWS::NoValue`. `done` keeps each node's answer, so nodes shared through YAML aliases stay
 * shared.
 */
function choose(node: DocNode, holds: Holds, noValue: NoValueReading, depth: number, done: Map<DocNode, DocNode | undefined>): DocNode | undefined {
  if (done.has(node)) return done.get(node);
  const chosen = chooseOnce(node, holds, noValue, depth, done);
  done.set(node, chosen);
  return chosen;
}

function chooseOnce(node: DocNode, holds: Holds, noValue: NoValueReading, depth: number, done: Map<DocNode, DocNode | undefined>): DocNode | undefined {
  if (depth > MAX_DEPTH) return node;
  const parts = conditional(node);
  // conditionReadings reads only blocks whose conditions all have names.
  if (parts !== undefined) return choose(parts.condition !== undefined && holds(parts.condition) ? parts.whenTrue : parts.whenFalse, holds, noValue, depth + 1, done);
  if (isNoValue(node)) return noValue === 'remove' ? undefined : node;
  if (node.type === 'map') {
    const entries: MapEntry[] = [];
    for (const entry of node.entries) {
      const value = choose(entry.value, holds, noValue, depth + 1, done);
      if (value !== undefined) entries.push(value === entry.value ? entry : { key: entry.key, value });
    }
    return { type: 'map', entries, loc: node.loc };
  }
  if (node.type === 'seq') {
    const items = node.items.flatMap((item) => choose(item, holds, noValue, depth + 1, done) ?? []);
    return { type: 'seq', items, loc: node.loc };
  }
  return node;
}

/**
 * The readings of a CORS block: the block itself when it holds no `Fn::If` or its `Fn::If`s test
 * several conditions (they stay unknown values), else the block when the one condition holds and
 * when it does not, with intrinsic functions in the chosen values marked as unknown. Conditions that
 * `conditions` (the template's `Conditions` section) defines as negations of one another count as one.
 * A reading in which the whole block is a removed `AWS::NoValue` is left out. `resource` is the
 * template resource the block belongs to: one created only where the condition has one value
 * (`Condition: IsProd`, its negation, an `Fn::And` holding either, the negation of an `Fn::Or`
 * holding either; see `impliedValue`) is read with that value alone, and one created under another
 * condition keeps its `Fn::If`s unknown, since the two conditions may exclude each other.
 */
export function conditionReadings(block: DocNode, resource?: DocNode, noValue: NoValueReading = 'remove', conditions?: DocNode): DocNode[] {
  const names = new Set<string | undefined>();
  conditionsIn(block, names, 0, new Set());
  if (names.size === 0 || names.has(undefined)) return [block];
  const literals = new Map([...names].flatMap((name) => (name === undefined ? [] : [[name, conditionLiteral(name, conditions)] as const])));
  const bases = new Set([...literals.values()].map((literal) => literal.base));
  const [base] = bases;
  if (bases.size !== 1 || base === undefined) return [block];
  const created = resource === undefined ? undefined : get(resource, 'Condition');
  let values = [true, false];
  if (created !== undefined) {
    const implied = isScalar(created) && typeof created.value === 'string' ? impliedValue(conditionLiteral(created.value, conditions), base, conditions, 0) : undefined;
    if (implied === undefined) return [block];
    values = [implied];
  }
  return values.flatMap((baseHolds) => {
    const holds: Holds = (condition) => {
      const literal = literals.get(condition);
      return literal === undefined ? baseHolds : literal.holds === baseHolds;
    };
    const reading = choose(block, holds, noValue, 0, new Map());
    return reading === undefined ? [] : [markOpaque(reading)];
  });
}
