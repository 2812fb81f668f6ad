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
 * of another (`IsNotProd: !Not [!Condition IsProd]`; "Condition functions": `Fn::Not` returns true
 * for a condition that evaluates to false) is that other condition with the arms swapped, so `Fn::If`s
 * testing IsProd and IsNotProd are read as one condition.
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

/** The arguments of an intrinsic function written `!Name …` or `{ "Fn::Name": … }`. */
function intrinsicArgs(node: DocNode | undefined, name: string): DocNode | undefined {
  if (node === undefined) return undefined;
  if (node.type === 'dynamic') return node.tag === `!${name}` ? node.inner : intrinsicArgs(node.inner, name);
  if (!isMap(node) || node.entries.length !== 1) return undefined;
  const entry = node.entries[0];
  return entry !== undefined && String(entry.key.value) === `Fn::${name}` ? entry.value : undefined;
}

/** The condition a `!Condition Name` / `{ "Condition": "Name" }` operand names. */
function conditionOperand(node: DocNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (node.type === 'dynamic') {
    if (node.tag === '!Condition') return isScalar(node.inner) && typeof node.inner.value === 'string' ? node.inner.value : undefined;
    return conditionOperand(node.inner);
  }
  if (!isMap(node) || node.entries.length !== 1) return undefined;
  const entry = node.entries[0];
  return entry !== undefined && String(entry.key.value) === 'Condition' && isScalar(entry.value) && typeof entry.value.value === 'string' ? entry.value.value : undefined;
}

/** A condition as the value of another: `holds` false for a negation. */
interface ConditionLiteral {
  base: string;
  holds: boolean;
}

/** How many `Fn::Not`s of `Fn::Not`s are followed; the section is finite, this only stops cycles. */
const MAX_NEGATIONS = 8;

/**
 * The condition a name stands for: itself, or, when `Conditions` defines it as `Fn::Not` of one
 * condition, that condition negated (followed through chains of negations).
 */
function conditionLiteral(name: string, conditions: DocNode | undefined): ConditionLiteral {
  let literal: ConditionLiteral = { base: name, holds: true };
  for (let step = 0; step < MAX_NEGATIONS; step++) {
    const args = intrinsicArgs(get(conditions, literal.base), 'Not');
    const negated = isSeq(args) && args.items.length === 1 ? conditionOperand(args.items[0]) : undefined;
    if (negated === undefined) break;
    literal = { base: negated, holds: !literal.holds };
  }
  return literal;
}

/**
 * What a resource's `Condition` tells about `base`: the value `base` has wherever the resource is
 * created, when the condition is `base`, its negation, or an `Fn::And` holding one of those (all of
 * its operands are then true); undefined when it tells nothing (another condition, an `Fn::Or`).
 */
function impliedValue(created: string, base: string, conditions: DocNode | undefined): boolean | undefined {
  const literal = conditionLiteral(created, conditions);
  if (literal.base === base) return literal.holds;
  const operands = intrinsicArgs(get(conditions, literal.base), 'And');
  if (!literal.holds || !isSeq(operands)) return undefined;
  for (const operand of operands.items) {
    const named = conditionOperand(operand);
    const notArgs = intrinsicArgs(operand, 'Not');
    const negatedName = isSeq(notArgs) && notArgs.items.length === 1 ? conditionOperand(notArgs.items[0]) : undefined;
    const inner = named === undefined ? (negatedName === undefined ? undefined : conditionLiteral(negatedName, conditions)) : conditionLiteral(named, conditions);
    if (inner?.base === base) return named === undefined ? !inner.holds : inner.holds;
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
 * (`Condition: IsProd`, its negation, or an `Fn::And` holding either) is read with that value alone,
 * and one created under another condition keeps its `Fn::If`s unknown, since the two conditions may
 * exclude each other.
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
    const implied = isScalar(created) && typeof created.value === 'string' ? impliedValue(created.value, base, conditions) : undefined;
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
