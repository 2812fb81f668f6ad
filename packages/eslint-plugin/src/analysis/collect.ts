import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

/** The nodes the readers look at, gathered in one walk over the file. */
export interface CollectedNodes {
  calls: TSESTree.CallExpression[];
  news: TSESTree.NewExpression[];
  objects: TSESTree.ObjectExpression[];
  /** Module specifiers the file imports or requires with a literal name. */
  importedModules: Set<string>;
}

/**
 * One iterative walk over the AST using the parser's visitor keys (so TypeScript nodes are
 * covered). Iterative, because generated or minified files can nest deeper than the JS stack.
 */
export function collectNodes(sourceCode: Readonly<TSESLint.SourceCode>): CollectedNodes {
  const collected: CollectedNodes = { calls: [], news: [], objects: [], importedModules: new Set() };
  const keysByType = sourceCode.visitorKeys;
  const stack: TSESTree.Node[] = [sourceCode.ast];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.type) {
      case AST_NODE_TYPES.CallExpression:
        collected.calls.push(node);
        if (
          node.callee.type === AST_NODE_TYPES.Identifier &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === AST_NODE_TYPES.Literal &&
          typeof node.arguments[0].value === 'string'
        ) {
          collected.importedModules.add(node.arguments[0].value);
        }
        break;
      case AST_NODE_TYPES.NewExpression:
        collected.news.push(node);
        break;
      case AST_NODE_TYPES.ObjectExpression:
        collected.objects.push(node);
        break;
      case AST_NODE_TYPES.ImportDeclaration:
        collected.importedModules.add(node.source.value);
        break;
      case AST_NODE_TYPES.TSImportEqualsDeclaration:
        if (
          node.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference &&
          typeof node.moduleReference.expression.value === 'string'
        ) {
          collected.importedModules.add(node.moduleReference.expression.value);
        }
        break;
      case AST_NODE_TYPES.ImportExpression:
        if (node.source.type === AST_NODE_TYPES.Literal && typeof node.source.value === 'string') {
          collected.importedModules.add(node.source.value);
        }
        break;
      default:
        break;
    }
    const keys = keysByType[node.type];
    if (keys === undefined) continue;
    for (let k = keys.length - 1; k >= 0; k--) {
      const child = (node as unknown as Record<string, unknown>)[keys[k]!];
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) {
          const item: unknown = child[i];
          if (item !== null && typeof item === 'object' && typeof (item as { type?: unknown }).type === 'string') {
            stack.push(item as TSESTree.Node);
          }
        }
      } else if (child !== null && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') {
        stack.push(child as TSESTree.Node);
      }
    }
  }
  return collected;
}

/** The innermost function around a node, or the program. */
export function enclosingFunction(node: TSESTree.Node): TSESTree.Node {
  let current: TSESTree.Node | undefined = node.parent;
  while (current != null) {
    if (
      current.type === AST_NODE_TYPES.ArrowFunctionExpression ||
      current.type === AST_NODE_TYPES.FunctionExpression ||
      current.type === AST_NODE_TYPES.FunctionDeclaration ||
      current.type === AST_NODE_TYPES.Program
    ) {
      return current;
    }
    current = current.parent;
  }
  return node;
}
