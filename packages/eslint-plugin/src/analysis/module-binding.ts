import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { propertyKeyName, resolveVariable, unwrapExpression } from './static-value.js';

/**
 * Which export of which package an expression refers to: `cors` after `import cors from 'cors'` is
 * `{ module: 'cors', path: [] }`; `Hapi.server` after `const Hapi = require('@hapi/hapi')` is
 * `{ module: '@hapi/hapi', path: ['server'] }`. A leading `default` is dropped, because the packages
 * read here are CommonJS modules whose default import is the `module.exports` value itself.
 *
 * Only real bindings count: a local `function cors() {}` resolves to nothing.
 */
export interface ModuleMember {
  module: string;
  path: string[];
}

const MAX_DEPTH = 16;

export class ModuleResolver {
  private readonly memo = new Map<TSESTree.Node, ModuleMember | null>();

  constructor(private readonly sourceCode: Readonly<TSESLint.SourceCode>) {}

  resolve(node: TSESTree.Node, depth = 0): ModuleMember | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const cached = this.memo.get(node);
    if (cached !== undefined) return cached ?? undefined;
    this.memo.set(node, null);
    const result = this.compute(unwrapExpression(node), depth);
    this.memo.set(node, result ?? null);
    return result;
  }

  /** Whether `node` is `module`'s export at `path` (e.g. `['Server']`). */
  is(node: TSESTree.Node, module: string | readonly string[], path: readonly string[] = []): boolean {
    const member = this.resolve(node);
    if (member === undefined) return false;
    const modules = typeof module === 'string' ? [module] : module;
    return (
      modules.includes(member.module) &&
      member.path.length === path.length &&
      member.path.every((segment, index) => segment === path[index])
    );
  }

  private compute(node: TSESTree.Node, depth: number): ModuleMember | undefined {
    switch (node.type) {
      case AST_NODE_TYPES.AwaitExpression:
        return this.resolve(node.argument, depth + 1);
      case AST_NODE_TYPES.ImportExpression:
        return moduleName(node.source);
      case AST_NODE_TYPES.CallExpression: {
        const callee = unwrapExpression(node.callee);
        if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'require' && this.isGlobalRequire(callee)) {
          const [argument] = node.arguments;
          return argument === undefined ? undefined : moduleName(argument);
        }
        return undefined;
      }
      case AST_NODE_TYPES.MemberExpression: {
        const name = propertyKeyName(node);
        if (name === undefined) return undefined;
        const object = this.resolve(node.object, depth + 1);
        return object === undefined ? undefined : withSegment(object, name);
      }
      case AST_NODE_TYPES.Identifier:
        return this.resolveIdentifier(node, depth);
      default:
        return undefined;
    }
  }

  private isGlobalRequire(identifier: TSESTree.Identifier): boolean {
    const variable = resolveVariable(this.sourceCode, identifier);
    return variable === null || variable.defs.length === 0;
  }

  private resolveIdentifier(identifier: TSESTree.Identifier, depth: number): ModuleMember | undefined {
    const variable = resolveVariable(this.sourceCode, identifier);
    if (variable === null || variable.defs.length !== 1) return undefined;
    const definition = variable.defs[0];
    if (definition === undefined) return undefined;
    if (definition.type === 'ImportBinding') {
      const specifier = definition.node;
      if (specifier.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
        const reference = specifier.moduleReference;
        if (reference.type !== AST_NODE_TYPES.TSExternalModuleReference) return undefined;
        return moduleName(reference.expression);
      }
      const declaration = specifier.parent;
      if (declaration.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
      const module = declaration.source.value;
      if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { module, path: [] };
      if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { module, path: [] };
      const imported =
        specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
      return withSegment({ module, path: [] }, imported);
    }
    if (definition.type !== 'Variable') return undefined;
    const declarator = definition.node;
    if (declarator.init === null) return undefined;
    if (definition.parent.kind !== 'const' && variable.references.filter((r) => r.isWrite()).length !== 1) {
      return undefined;
    }
    const base = this.resolve(declarator.init, depth + 1);
    if (base === undefined) return undefined;
    const path = destructuredPath(declarator.id, definition.name);
    if (path === undefined) return undefined;
    let member = base;
    for (const segment of path) member = withSegment(member, segment);
    return member;
  }
}

function moduleName(node: TSESTree.Node): ModuleMember | undefined {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return { module: node.value, path: [] };
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) {
    const text = node.quasis[0]?.value.cooked;
    return text === undefined || text === null ? undefined : { module: text, path: [] };
  }
  return undefined;
}

function withSegment(member: ModuleMember, segment: string): ModuleMember {
  if (member.path.length === 0 && segment === 'default') return member;
  return { module: member.module, path: [...member.path, segment] };
}

function destructuredPath(pattern: TSESTree.Node, target: TSESTree.Identifier): string[] | undefined {
  if (pattern === target) return [];
  if (pattern.type === AST_NODE_TYPES.AssignmentPattern) return destructuredPath(pattern.left, target);
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const name = propertyKeyName(property);
    if (name === undefined) continue;
    const rest = destructuredPath(property.value, target);
    if (rest !== undefined) return [name, ...rest];
  }
  return undefined;
}
