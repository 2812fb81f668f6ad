/**
 * The plugin survives the syntax real server code uses: every case is linted through the real ESLint
 * class with the recommended config, and must come back without a fatal message or a thrown error.
 * Surviving by giving up is not enough, so each file ends with the same plain misconfiguration
 * (`cors({ origin: true, credentials: true })`), which must still be found at its exact position,
 * while the odd constructs around it, whose values the linter cannot know, stay silent.
 */
import { describe, expect, it } from 'vitest';
import { fatal, findings, lint, report, summarize } from './lint.js';

const ANCHOR = 'app.use(cors({ origin: true, credentials: true }));';
/** The finding points at the `true` that turns reflection on. */
const ANCHOR_COLUMN = ANCHOR.indexOf('true') + 1;
const REFLECTED = 'corsguard/no-reflected-origin-with-credentials';

const EXPRESS_PRELUDE = "import express from 'express';\nimport cors from 'cors';\n\nconst app = express();\n";

interface EdgeCase {
  name: string;
  file: string;
  body: string;
  prelude?: string;
  /** Findings the edge-case code itself must produce, each at the first occurrence of `at`. */
  also?: { ruleId: string; at: string }[];
}

const cases: EdgeCase[] = [
  {
    name: 'optional chaining and nullish coalescing',
    file: 'optional-chaining.js',
    body: `
const settings = globalThis.config?.server?.cors;
app.use(cors(settings?.options ?? loadDefaults?.()));
app.get('/health', (req, res) => {
  res?.setHeader?.('Access-Control-Allow-Origin', req.headers?.origin ?? settings?.origin);
  res.json({ ok: req?.ok ?? true });
});
app?.use?.(cors?.(settings?.[process.env.KEY]));
`,
    // The handler echoes the request's Origin whenever there is one, and sets no Vary: Origin.
    also: [{ ruleId: 'corsguard/require-vary-origin', at: 'req.headers?.origin ?? settings?.origin' }],
  },
  {
    name: 'computed keys',
    file: 'computed-keys.js',
    body: `
const key = process.env.CORS_KEY;
const HEADER_NAMES = [process.env.HEADER];
const options = { [key]: true, ['credentials']: true, [\`maxAge\`]: 600, [Symbol.iterator]: null, [pick()]: 'x' };
app.use('/computed', cors(options));
app.get('/h', (req, res) => res.setHeader(HEADER_NAMES[0], '*'));
app[process.env.METHOD]('/dynamic', cors({ [key]: key }));
`,
  },
  {
    name: 'getters and setters',
    file: 'accessors.js',
    body: `
const options = {
  get origin() {
    return process.env.ALLOWED_ORIGIN;
  },
  set credentials(value) {
    this.creds = value;
  },
  get credentials() {
    return this.creds;
  },
};
app.use('/accessors', cors(options));
Object.defineProperty(options, 'maxAge', { get: () => Number(process.env.MAX_AGE) });
`,
  },
  {
    name: 'spreads of unknown values',
    file: 'spreads.js',
    prelude: `${EXPRESS_PRELUDE}import defaults, { middlewares, headers } from './cors-defaults.js';\n`,
    body: `
app.use('/a', cors({ ...defaults }));
app.use('/b', cors({ origin: true, credentials: true, ...defaults }));
app.use('/c', cors(...middlewares));
app.use(...middlewares.map((options) => cors(options)));
app.get('/d', (req, res) => res.set({ ...headers, ...req.query }));
const merged = { ...defaults, ...{ ...defaults.nested } };
app.use('/e', cors(merged));
`,
  },
  {
    name: 'eval and Function',
    file: 'eval.js',
    body: `
const handler = eval('cors({ origin: true, credentials: true })');
app.use(eval('cors')({ origin: process.env.ORIGIN }));
new Function('app', 'cors', 'app.use(cors())')(app, cors);
app.use('/evaluated', cors(eval('({ origin: true })')));
app.use(handler);
`,
  },
  {
    name: 'TypeScript decorators',
    file: 'decorators.ts',
    prelude: `${EXPRESS_PRELUDE}import { Controller, Get, Header, Injectable } from '@nestjs/common';\n`,
    body: `
function Cors(options: Record<string, unknown>) {
  return (target: unknown, key?: string | symbol) => void [target, key, options];
}

@Injectable()
@Controller('api')
@Cors({ origin: process.env.ORIGIN })
export class ApiController {
  @Get()
  @Header('Access-Control-Allow-Origin', process.env.ORIGIN ?? '')
  list(@Inject('token') token: string): string[] {
    return [token];
  }

  @Cors({ origin: process.env.OTHER }) accessor mode = 'strict';
}
`,
  },
  {
    name: 'JSX',
    file: 'debug-page.jsx',
    body: `
export function CorsDebug({ origin, children }) {
  return (
    <section data-origin={origin} onClick={() => fetch('/api', { credentials: 'include' })}>
      <pre>{JSON.stringify({ origin, credentials: true })}</pre>
      <>{children}</>
    </section>
  );
}
app.get('/debug', (req, res) => res.send(<CorsDebug origin={req.headers.origin} />));
`,
  },
  {
    name: 'TSX',
    file: 'debug-page.tsx',
    body: `
type Props<T extends string> = { origin: T; children?: unknown };
export function CorsDebug<T extends string>({ origin }: Props<T>) {
  return <pre data-origin={origin as string}>{origin satisfies string}</pre>;
}
`,
  },
  {
    name: 'TypeScript generics, enums, namespaces and type-only syntax',
    file: 'typescript.ts',
    prelude: `${EXPRESS_PRELUDE}import type { CorsOptions } from 'cors';\n`,
    body: `
enum Origins {
  App = 'https://app.example.com',
  Admin = 'https://admin.example.com',
}
const enum Flags {
  On = 1,
}
namespace CorsConfig {
  export const origins = [Origins.App, Origins.Admin];
  export namespace Inner {
    export const credentials = Flags.On === 1;
  }
}
declare module 'cors' {
  interface CorsOptions {
    extra?: string;
  }
}
declare const runtime: { origins(): string[] };
function make<T extends CorsOptions>(options: T): T {
  return options;
}
abstract class Base<T> {
  abstract get(): T;
}
type Opts = Parameters<typeof cors>[0];
app.use('/generic', cors<Request>(make<CorsOptions>({ origin: runtime.origins(), credentials: CorsConfig.Inner.credentials })));
app.use('/satisfies', cors({ origin: runtime.origins() } satisfies CorsOptions));
app.use('/asserted', cors({ origin: runtime.origins() as string[] }!));
app.use('/opts', cors(<Opts>{ origin: runtime.origins() }));
export type { Base };
`,
  },
  {
    name: 'top-level await',
    file: 'top-level-await.mjs',
    body: `
const { default: settings } = await import('./settings.js');
const origins = await loadOrigins();
app.use('/awaited', cors({ origin: origins, credentials: true }));
for await (const site of settings.sites()) app.use(site.path, cors({ origin: site.origin }));
app.use('/promise', cors({ origin: await Promise.resolve(settings.origin), credentials: true }));
await using connection = await settings.connect();
`,
  },
  {
    name: 'class private fields, static blocks and accessors',
    file: 'private-fields.js',
    body: `
class Server {
  #app = express();
  #origin = process.env.ORIGIN;
  static #instances = 0;
  static {
    Server.#instances += 1;
  }
  get #secret() {
    return this.#origin;
  }
  #configure() {
    this.#app.use(cors({ origin: this.#secret, credentials: true }));
  }
  has(other) {
    return #origin in other;
  }
  start() {
    this.#configure();
    return this.#app.listen(3000);
  }
}
new Server().start();
`,
  },
  {
    name: 'references that point back at themselves',
    file: 'circular.js',
    body: `
const a = b;
const b = a;
const self = { origin: self?.origin, credentials: true };
let loop = {};
loop.origin = loop;
loop.self = loop;
function recurse() { return recurse(); }
app.use('/a', cors(a));
app.use('/self', cors(self));
app.use('/loop', cors(loop));
app.use('/recurse', cors({ origin: recurse(), credentials: true }));
app.use('/callback', cors((req, callback) => callback(null, { origin: recurse }))); 
`,
  },
  {
    name: 'CommonJS in sloppy mode',
    file: 'legacy.cjs',
    prelude: "var express = require('express');\nvar cors = require('cors');\n\nvar app = express();\n",
    body: `
var settings = {};
with (settings) {
  app.use('/with', cors({ origin: origin }));
}
label: for (var i = 0; i < 1; i++) {
  continue label;
}
var octal = 010;
arguments: 1;
module.exports = function attach(server) {
  server.use(require(process.env.MIDDLEWARE)());
  return arguments.length;
};
`,
  },
  {
    name: 'unusual callee shapes',
    file: 'callees.js',
    body: `
app.use('/call', cors.call(null, process.env.OPTIONS));
app.use('/apply', cors.apply(null, [globalThis.options]));
app.use('/comma', (0, cors)(globalThis.options));
app['use']('/bracket', cors(globalThis.options));
app.use('/tagged', cors\`origin\`);
app.use('/new', new cors(globalThis.options));
const { use } = app;
use.call(app, cors(globalThis.options));
`,
  },
  {
    name: 'very long and very deep expressions',
    file: 'large-expressions.js',
    body: `
const origin = ${Array.from({ length: 2000 }, (_, index) => `'part${index}'`).join(' + ')};
const nested = ${'['.repeat(500)}process.env.ORIGIN${']'.repeat(500)};
const wide = { ${Array.from({ length: 5000 }, (_, index) => `key${index}: ${index}`).join(', ')} };
app.use('/long', cors({ origin: [origin, nested, wide] }));
`,
  },
];

function positionOf(code: string, text: string): { line: number; column: number } {
  const offset = code.indexOf(text);
  if (offset < 0) throw new Error(`"${text}" is not in the case's code`);
  const before = code.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

describe('the ESLint plugin survives syntax edge cases', () => {
  it.each(cases)('$name', async ({ name, file, body, prelude, also = [] }) => {
    const head = prelude ?? EXPRESS_PRELUDE;
    const code = `${head}${body}${ANCHOR}\n`;
    const anchorLine = code.split('\n').length - 1;
    const expected = [
      ...also.map(({ ruleId, at }) => ({ ruleId, ...positionOf(code, at) })),
      { ruleId: REFLECTED, line: anchorLine, column: ANCHOR_COLUMN },
    ].sort((a, b) => a.line - b.line || a.column - b.column);
    const linted = await lint(file, code);
    report(`ESLint plugin: ${name}`, linted, summarize(linted));
    expect(fatal(linted)).toEqual([]);
    expect(findings(linted)).toEqual(expected);
  });
});
