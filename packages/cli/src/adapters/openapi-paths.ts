import { get, isMap } from '../document/access.js';
import type { DocNode, MapNode } from '../document/node.js';

/** The operations an OpenAPI 3 path item can hold, by HTTP method ("Path Item Object"). */
export const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The `paths` of an OpenAPI 3 document, for the converters that turn a gateway's vendor extensions into
 * its config (Kong's `deck file openapi2kong`, APISIX's Dashboard and ADC): they read OpenAPI 3 only,
 * not Swagger 2.
 */
export function openApi3Paths(root: DocNode): MapNode | undefined {
  const paths = get(root, 'paths');
  return get(root, 'openapi') !== undefined && isMap(paths) ? paths : undefined;
}

/** A path item's operations, in the order of `methods`. */
export function pathOperations(pathItem: DocNode, methods: readonly string[] = OPENAPI_METHODS): Array<{ method: string; operation: MapNode }> {
  return methods.flatMap((method) => {
    const operation = get(pathItem, method);
    return isMap(operation) ? [{ method, operation }] : [];
  });
}
