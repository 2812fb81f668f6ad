import type { CorsPolicy } from '@corsguard/core';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { CollectedNodes } from './collect.js';
import { nodeLocation } from './location.js';
import { EXPRESS_CORS, FASTIFY_CORS, readCorsPackageOptions, type CorsPackageProfile } from './middleware/express-cors.js';
import { readHapiCors } from './middleware/hapi-cors.js';
import { readHonoCorsOptions } from './middleware/hono-cors.js';
import { readKoaCorsOptions } from './middleware/koa-cors.js';
import { OptionsView } from './middleware/options.js';
import type { MiddlewareUsage, ReaderContext } from './reader-context.js';
import { RouteMap } from './routes.js';
import { propertyKeyName, resolveVariable, unwrapExpression, type StaticProperty, type StaticValue } from './static-value.js';

const FASTIFY_CORS_MODULES = ['@fastify/cors', 'fastify-cors'];
const HAPI_MODULES = ['@hapi/hapi', 'hapi'];
/** Apollo Server 2/3 packages and the CORS middleware each one builds from its `cors` option. */
const APOLLO_MODULES: Record<string, 'express' | 'koa' | 'fastify' | 'hapi'> = {
  'apollo-server': 'express',
  'apollo-server-express': 'express',
  'apollo-server-koa': 'koa',
  'apollo-server-fastify': 'fastify',
  'apollo-server-hapi': 'hapi',
};

type MiddlewareKind = 'express' | 'koa' | 'hono';

/** A `cors(options)` call of expressjs/cors, @koa/cors or hono/cors. */
interface MiddlewareInstance {
  kind: MiddlewareKind;
  call: TSESTree.CallExpression;
}

/**
 * Reads every CORS middleware and framework option in the file: expressjs/cors, @koa/cors and
 * hono/cors instances with how they are mounted; @fastify/cors registrations; NestJS `enableCors`
 * and `NestFactory.create(…, { cors })`; hapi server and route `cors`; socket.io and Apollo Server
 * `cors` options.
 */
export function readMiddlewareSites(collected: CollectedNodes, context: ReaderContext): CorsPolicy[] {
  const policies: CorsPolicy[] = [];
  const routes = new RouteMap(collected, context.evaluator, context.modules, context.sourceCode);
  const instances = findInstances(collected, context);
  const usagesByInstance = new Map<MiddlewareInstance, { call: TSESTree.CallExpression; argument: TSESTree.Node }[]>();
  let mountedGlobally = false;
  for (const instance of instances) {
    const usages = findUsages(instance.call, context);
    usagesByInstance.set(instance, usages);
    if (usages.some(({ call }) => routes.routeCall(call)?.method === 'use')) mountedGlobally = true;
  }
  for (const instance of instances) {
    const options = new OptionsView(
      instance.call.arguments[0] === undefined ? undefined : context.evaluator.evaluate(instance.call.arguments[0]),
      instance.call,
    );
    const usages = (usagesByInstance.get(instance) ?? []).map(({ call, argument }) => routes.usage(call, argument, mountedGlobally));
    if (usages.length === 0) usages.push({ preflight: { handling: 'unknown', loc: nodeLocation(instance.call) } });
    for (const usage of distinctUsages(usages)) {
      const policy = readInstance(instance.kind, options, usage, context);
      if (policy !== undefined) policies.push(policy);
    }
  }
  for (const call of collected.calls) {
    const policy = readFrameworkCall(call, collected, context);
    if (policy !== undefined) policies.push(...policy);
  }
  for (const expression of collected.news) {
    const policy = readConstructor(expression, collected, context);
    if (policy !== undefined) policies.push(...policy);
  }
  let serverRouteCors: OptionsView | 'unknown' | undefined | null = null;
  for (const object of collected.objects) {
    if (!isHapiRouteObject(object)) continue;
    if (serverRouteCors === null) serverRouteCors = hapiServerRouteCors(collected, context);
    const policy = readHapiRouteObject(object, context, serverRouteCors);
    if (policy !== undefined) policies.push(policy);
  }
  return policies;
}

function readInstance(
  kind: MiddlewareKind,
  options: OptionsView,
  usage: MiddlewareUsage,
  context: ReaderContext,
): CorsPolicy | undefined {
  switch (kind) {
    case 'express':
      return readCorsPackageOptions(options, EXPRESS_CORS, usage, context);
    case 'koa':
      return readKoaCorsOptions(options, usage, context);
    case 'hono':
      return readHonoCorsOptions(options, usage, context);
  }
}

function findInstances(collected: CollectedNodes, context: ReaderContext): MiddlewareInstance[] {
  const instances: MiddlewareInstance[] = [];
  const { importedModules } = collected;
  const mayHave = (module: string): boolean => importedModules.has(module);
  if (!mayHave('cors') && !mayHave('@koa/cors') && !mayHave('hono/cors')) return instances;
  for (const call of collected.calls) {
    const callee = call.callee;
    if (context.modules.is(callee, 'cors')) instances.push({ kind: 'express', call });
    else if (context.modules.is(callee, '@koa/cors')) instances.push({ kind: 'koa', call });
    else if (context.modules.is(callee, 'hono/cors', ['cors'])) instances.push({ kind: 'hono', call });
  }
  return instances;
}

/**
 * The calls a middleware instance is passed to, directly (`app.use(cors())`), in an array, or
 * through a `const` (`const corsMw = cors(opts); app.put('/x', corsMw, h)`).
 */
function findUsages(instance: TSESTree.CallExpression, context: ReaderContext): { call: TSESTree.CallExpression; argument: TSESTree.Node }[] {
  const usages: { call: TSESTree.CallExpression; argument: TSESTree.Node }[] = [];
  const asArgument = (node: TSESTree.Node): void => {
    let current = node;
    let parent = current.parent;
    while (parent != null && (parent.type === AST_NODE_TYPES.ArrayExpression || isTypeWrapper(parent))) {
      current = parent;
      parent = parent.parent;
    }
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(current as TSESTree.CallExpressionArgument)) {
      usages.push({ call: parent, argument: node });
    }
  };
  let holder: TSESTree.Node = instance;
  while (holder.parent != null && isTypeWrapper(holder.parent)) holder = holder.parent;
  const declarator = holder.parent;
  if (declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.init === holder && declarator.id.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(context.sourceCode, declarator.id);
    for (const reference of variable?.references ?? []) {
      if (reference.identifier !== declarator.id) asArgument(reference.identifier);
    }
  } else {
    asArgument(instance);
  }
  return usages;
}

function isTypeWrapper(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.TSAsExpression ||
    node.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    node.type === AST_NODE_TYPES.TSNonNullExpression ||
    node.type === AST_NODE_TYPES.TSTypeAssertion
  );
}

/** Route-level usages each get their own policy (each may lack its own preflight); the rest share one. */
function distinctUsages(usages: MiddlewareUsage[]): MiddlewareUsage[] {
  const result: MiddlewareUsage[] = [];
  let shared: MiddlewareUsage | undefined;
  for (const usage of usages) {
    if (usage.servedMethods !== undefined) result.push(usage);
    else if (shared === undefined || (shared.preflight.handling === 'unknown' && usage.preflight.handling === 'answered')) shared = usage;
  }
  if (shared !== undefined) result.unshift(shared);
  return result;
}

/** `fastify.register(cors, opts)`, `app.enableCors(opts)`, `NestFactory.create(M, { cors })`, `hapi.server({...})`, `apollo.applyMiddleware({ cors })`, `io(server, { cors })`. */
function readFrameworkCall(
  call: TSESTree.CallExpression,
  collected: CollectedNodes,
  context: ReaderContext,
): CorsPolicy[] | undefined {
  const callee = unwrapExpression(call.callee);
  const answered: MiddlewareUsage = { preflight: { handling: 'answered', loc: nodeLocation(call) } };
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? propertyKeyName(callee) : undefined;
  const { importedModules } = collected;

  if (method === 'register' && call.arguments[0] !== undefined && context.modules.is(call.arguments[0], FASTIFY_CORS_MODULES)) {
    const options = new OptionsView(optionalValue(call.arguments[1], context), call);
    return single(readCorsPackageOptions(options, FASTIFY_CORS, answered, context));
  }
  if (method === 'enableCors' && [...importedModules].some((module) => module.startsWith('@nestjs/'))) {
    const profile = importedModules.has('@nestjs/platform-fastify') ? nestFastify() : nestExpress();
    const options = new OptionsView(optionalValue(call.arguments[0], context), call);
    return single(readCorsPackageOptions(options, profile, answered, context));
  }
  if (
    importedModules.has('@nestjs/core') &&
    (context.modules.is(callee, '@nestjs/core', ['NestFactory', 'create']))
  ) {
    const fastify = call.arguments.some((argument) => {
      const node = unwrapExpression(argument);
      return node.type === AST_NODE_TYPES.NewExpression && context.modules.is(node.callee, '@nestjs/platform-fastify', ['FastifyAdapter']);
    });
    const property = lastObjectProperty(call.arguments, 'cors', context);
    return single(property && readCorsProperty(property, fastify ? nestFastify() : nestExpress(), context));
  }
  if (HAPI_MODULES.some((module) => importedModules.has(module)) && context.modules.is(callee, HAPI_MODULES, ['server'])) {
    return single(readHapiServerOptions(call.arguments[0], context));
  }
  if (importedModules.has('socket.io') && (context.modules.is(callee, 'socket.io') || context.modules.is(callee, 'socket.io', ['Server']))) {
    const property = lastObjectProperty(call.arguments, 'cors', context);
    return single(property && readCorsProperty(property, socketIo(), context));
  }
  if ((method === 'applyMiddleware' || method === 'getMiddleware') && call.arguments[0] !== undefined) {
    const apollo = apolloFlavour(importedModules);
    if (apollo === undefined) return undefined;
    const property = lastObjectProperty(call.arguments, 'cors', context);
    return single(property && readApolloCors(property, apollo, context));
  }
  return undefined;
}

function readConstructor(expression: TSESTree.NewExpression, collected: CollectedNodes, context: ReaderContext): CorsPolicy[] | undefined {
  const { importedModules } = collected;
  if (importedModules.has('socket.io') && (context.modules.is(expression.callee, 'socket.io', ['Server']) || context.modules.is(expression.callee, 'socket.io'))) {
    const property = lastObjectProperty(expression.arguments, 'cors', context);
    return single(property && readCorsProperty(property, socketIo(), context));
  }
  if (HAPI_MODULES.some((module) => importedModules.has(module)) && context.modules.is(expression.callee, HAPI_MODULES, ['Server'])) {
    return single(readHapiServerOptions(expression.arguments[0], context));
  }
  const apollo = apolloFlavour(importedModules);
  if (apollo !== undefined && Object.keys(APOLLO_MODULES).some((module) => context.modules.is(expression.callee, module, ['ApolloServer']))) {
    const property = lastObjectProperty(expression.arguments, 'cors', context);
    return single(property && readApolloCors(property, apollo, context));
  }
  return undefined;
}

function readApolloCors(
  property: StaticProperty,
  flavour: 'express' | 'koa' | 'fastify' | 'hapi',
  context: ReaderContext,
): CorsPolicy | undefined {
  const answered: MiddlewareUsage = { preflight: { handling: 'answered', loc: nodeLocation(property.property) } };
  switch (flavour) {
    case 'express':
      return readCorsProperty(property, { ...EXPRESS_CORS, source: 'Apollo Server (expressjs/cors)' }, context);
    case 'fastify':
      return readCorsProperty(property, { ...FASTIFY_CORS, source: 'Apollo Server (@fastify/cors)' }, context);
    case 'koa': {
      const value = property.value;
      if (value.kind === 'boolean' && !value.value) return undefined;
      return readKoaCorsOptions(new OptionsView(value.kind === 'boolean' ? undefined : value, property.property), answered, context);
    }
    case 'hapi':
      return readHapiCors(property, context);
  }
}

/** A `cors` option handed to expressjs/cors or @fastify/cors: `true` means the defaults, `false` none. */
function readCorsProperty(
  property: StaticProperty,
  profile: CorsPackageProfile,
  context: ReaderContext,
): CorsPolicy | undefined {
  const value = property.value;
  if (value.kind === 'boolean' && !value.value) return undefined;
  if (value.kind === 'null' || value.kind === 'undefined') return undefined;
  const options = new OptionsView(value.kind === 'boolean' ? undefined : value, property.property);
  const answered: MiddlewareUsage = { preflight: { handling: 'answered', loc: nodeLocation(property.property) } };
  return readCorsPackageOptions(options, profile, answered, context);
}

function readHapiServerOptions(argument: TSESTree.Node | undefined, context: ReaderContext): CorsPolicy | undefined {
  if (argument === undefined) return undefined;
  const options = context.evaluator.evaluate(argument);
  if (options.kind !== 'object') return undefined;
  const routes = options.properties.get('routes');
  if (routes === undefined || routes.value.kind !== 'object') return undefined;
  const cors = routes.value.properties.get('cors');
  return cors === undefined ? undefined : readHapiCors(cors, context);
}

/** The `options` (older hapi: `config`) of a route definition `{ method, path, handler, options }`. */
function hapiRouteOptions(object: TSESTree.ObjectExpression): TSESTree.Node | undefined {
  let hasMethod = false;
  let hasPath = false;
  let optionsNode: TSESTree.Node | undefined;
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const name = propertyKeyName(property);
    if (name === 'method') hasMethod = true;
    else if (name === 'path') hasPath = true;
    else if (name === 'options' || name === 'config') optionsNode = property.value;
  }
  return hasMethod && hasPath ? optionsNode : undefined;
}

function isHapiRouteObject(object: TSESTree.ObjectExpression): boolean {
  return hapiRouteOptions(object) !== undefined;
}

/**
 * The server's `routes.cors` that every route's `cors` is merged over: `undefined` when the one hapi
 * server created in this file sets none (hapi's defaults apply), `'unknown'` when no server or
 * several are created here (routes in their own module) or its options cannot be read.
 */
function hapiServerRouteCors(collected: CollectedNodes, context: ReaderContext): OptionsView | 'unknown' | undefined {
  if (!HAPI_MODULES.some((module) => collected.importedModules.has(module))) return 'unknown';
  const servers = [
    ...collected.calls.filter((call) => context.modules.is(call.callee, HAPI_MODULES, ['server'])),
    ...collected.news.filter((expression) => context.modules.is(expression.callee, HAPI_MODULES, ['Server'])),
  ];
  const [server] = servers;
  if (server === undefined || servers.length > 1) return 'unknown';
  const argument = server.arguments[0];
  if (argument === undefined) return undefined;
  const options = context.evaluator.evaluate(argument);
  if (options.kind !== 'object') return 'unknown';
  const routes = options.properties.get('routes');
  if (routes === undefined) return options.partial ? 'unknown' : undefined;
  if (routes.value.kind !== 'object') return 'unknown';
  const cors = routes.value.properties.get('cors');
  if (cors === undefined) return routes.value.partial ? 'unknown' : undefined;
  if (cors.value.kind === 'boolean') return undefined;
  return cors.value.kind === 'object' ? new OptionsView(cors.value, cors.property) : 'unknown';
}

/**
 * A hapi route definition `{ method, path, handler, options: { cors } }` (older hapi: `config`),
 * wherever it is written: `server.route(...)`, an exported route array, a plugin.
 */
function readHapiRouteObject(
  object: TSESTree.ObjectExpression,
  context: ReaderContext,
  serverRouteCors: OptionsView | 'unknown' | undefined,
): CorsPolicy | undefined {
  const optionsNode = hapiRouteOptions(object);
  if (optionsNode === undefined) return undefined;
  const options = context.evaluator.evaluate(optionsNode);
  if (options.kind !== 'object') return undefined;
  const cors = options.properties.get('cors');
  return cors === undefined ? undefined : readHapiCors(cors, context, serverRouteCors);
}

function lastObjectProperty(
  args: readonly TSESTree.CallExpressionArgument[],
  name: string,
  context: ReaderContext,
): StaticProperty | undefined {
  for (let index = args.length - 1; index >= 0; index--) {
    const argument = args[index]!;
    if (argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
    const value = context.evaluator.evaluate(argument);
    if (value.kind === 'object') return value.properties.get(name);
  }
  return undefined;
}

function optionalValue(node: TSESTree.Node | undefined, context: ReaderContext): StaticValue | undefined {
  return node === undefined ? undefined : context.evaluator.evaluate(node);
}

function single(policy: CorsPolicy | undefined): CorsPolicy[] | undefined {
  return policy === undefined ? undefined : [policy];
}

function apolloFlavour(importedModules: ReadonlySet<string>): 'express' | 'koa' | 'fastify' | 'hapi' | undefined {
  for (const [module, flavour] of Object.entries(APOLLO_MODULES)) if (importedModules.has(module)) return flavour;
  return undefined;
}

/** NestJS's express adapter calls expressjs/cors; its fastify adapter registers @fastify/cors. */
function nestExpress(): CorsPackageProfile {
  return { ...EXPRESS_CORS, source: 'NestJS (expressjs/cors)' };
}

function nestFastify(): CorsPackageProfile {
  return { ...FASTIFY_CORS, source: 'NestJS (@fastify/cors)' };
}

/** engine.io hands the `cors` option to expressjs/cors. */
function socketIo(): CorsPackageProfile {
  return { ...EXPRESS_CORS, source: 'socket.io (expressjs/cors)' };
}
