/**
 * Lambda function URL and API Gateway HTTP API configurations as the Lambda and API Gateway V2 APIs,
 * and so the AWS CLI, write them in JSON:
 *
 * - a function URL config, as `aws lambda get-function-url-config` / `create-function-url-config`
 *   print it and `--cli-input-json` takes it (`{ "FunctionUrl" | "FunctionArn" | "FunctionName",
 *   "AuthType", "Cors": { … } }`), or a list of them (`list-function-url-configs`:
 *   `{ "FunctionUrlConfigs": [ … ] }`). Lambda API reference, API_GetFunctionUrlConfig.html and
 *   API_Cors.html: the Cors keys are CloudFormation's, with Lambda's semantics (`lambdaUrlCorsPolicy`);
 * - an HTTP API, as `aws apigatewayv2 get-api` / `create-api` print it and `--cli-input-json` takes it
 *   (`{ "ApiId" | "ApiEndpoint" | "ProtocolType", "CorsConfiguration": { … } }`), or a list of them
 *   (`get-apis`: `{ "Items": [ … ] }`). API Gateway V2 API reference, apis.html and the Cors object:
 *   the keys are CloudFormation's, with HTTP API semantics (`httpApiCorsPolicy`). WebSocket APIs have
 *   no CORS.
 *
 * A bare Cors object (`--cors file://cors.json`, `--cors-configuration file://cors.json`) is left
 * alone: Lambda and API Gateway take the same keys with different semantics, and the file does not
 * say which service it is for.
 */
import type { CorsPolicy } from '@corsguard/core';
import { get, isMap, isSeq } from '../document/access.js';
import type { ConfigDocument, DocNode } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { httpApiCorsPolicy, lambdaUrlCorsPolicy, PASCAL_CORS_KEYS } from './aws-cloudformation.js';
import { present, text } from './cloud-common.js';

const FUNCTION_URL_KEYS = ['FunctionUrl', 'FunctionArn', 'FunctionName', 'AuthType'];
const HTTP_API_KEYS = ['ApiId', 'ApiEndpoint', 'ProtocolType', 'RouteSelectionExpression'];

function hasAny(node: DocNode, keys: readonly string[]): boolean {
  return keys.some((key) => get(node, key) !== undefined);
}

/** A function URL config or an HTTP API object, with the CORS block it holds. */
type CorsObject = { kind: 'function-url' | 'http-api'; node: DocNode; cors: DocNode };

/** What one object is, or undefined when it is neither a function URL config nor an HTTP API with CORS. */
function corsObject(node: DocNode): CorsObject | undefined {
  if (!isMap(node)) return undefined;
  const cors = present(get(node, 'Cors'));
  if (isMap(cors) && hasAny(node, FUNCTION_URL_KEYS)) return { kind: 'function-url', node, cors };
  const configuration = present(get(node, 'CorsConfiguration'));
  if (isMap(configuration) && hasAny(node, HTTP_API_KEYS) && text(get(node, 'ProtocolType'))?.toUpperCase() !== 'WEBSOCKET') {
    return { kind: 'http-api', node, cors: configuration };
  }
  return undefined;
}

/** The objects of the document: one, or the list a `list-function-url-configs` / `get-apis` call prints. */
function corsObjects(doc: ConfigDocument): CorsObject[] {
  const root = doc.root;
  if (!isMap(root)) return [];
  const own = corsObject(root);
  if (own !== undefined) return [own];
  const list = get(root, 'FunctionUrlConfigs') ?? get(root, 'Items');
  if (!isSeq(list)) return [];
  return list.items.flatMap((item) => corsObject(item) ?? []);
}

function objectPolicy({ kind, node, cors }: CorsObject): CorsPolicy {
  if (kind === 'function-url') {
    const name = text(get(node, 'FunctionName')) ?? text(get(node, 'FunctionArn')) ?? text(get(node, 'FunctionUrl'));
    return lambdaUrlCorsPolicy(cors, PASCAL_CORS_KEYS, `Lambda function URL${name === undefined ? '' : ` ${name}`}`);
  }
  const name = text(get(node, 'Name')) ?? text(get(node, 'ApiId'));
  return httpApiCorsPolicy(cors, PASCAL_CORS_KEYS, `API Gateway HTTP API${name === undefined ? '' : ` ${name}`}`);
}

export const awsCliCors: Adapter = {
  name: 'aws-cli-cors',
  description: 'Lambda function URL configs and API Gateway HTTP APIs as the AWS CLI writes them in JSON (Cors, CorsConfiguration)',
  detect: (doc) => corsObjects(doc).length > 0,
  extract: (doc) => corsObjects(doc).map(objectPolicy),
};
