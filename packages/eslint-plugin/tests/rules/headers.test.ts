import { at, code, rule, ruleTester } from './tester.js';

const expressReflect = code`
  app.use((req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
    next();
  });
`;

const throughVariable = code`
  export function withCors(req, res, next) {
    const origin = req.header('origin') ?? '*';
    res.header('Access-Control-Allow-Origin', origin);
    res.header('Access-Control-Allow-Credentials', true);
    next();
  }
`;

const koaReflect = code`
  app.use(async (ctx, next) => {
    ctx.set('Access-Control-Allow-Origin', ctx.get('Origin'));
    ctx.set('Access-Control-Allow-Credentials', 'true');
    ctx.vary('Origin');
    await next();
  });
`;

const bulkSet = code`
  app.use((req, res, next) => {
    res.set({
      'Access-Control-Allow-Origin': req.get('Origin'),
      'Access-Control-Allow-Credentials': 'true',
      Vary: 'Origin',
    });
    next();
  });
`;

const nodeHttp = code`
  import http from 'node:http';
  http.createServer((req, res) => {
    const { origin } = req.headers;
    res.writeHead(200, {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Credentials': 'true',
      'Vary': 'Origin',
    });
    res.end();
  });
`;

const fetchHandler = code`
  export default {
    async fetch(request: Request): Promise<Response> {
      const headers = new Headers();
      headers.set('Access-Control-Allow-Origin', request.headers.get('Origin') ?? '*');
      headers.set('Access-Control-Allow-Credentials', 'true');
      headers.append('Vary', 'Origin');
      return new Response('ok', { headers });
    },
  };
`;

const nextRoute = code`
  import { NextResponse } from 'next/server';
  export async function GET(request: Request) {
    const origin = request.headers.get('origin');
    return NextResponse.json({ ok: true }, {
      headers: {
        'Access-Control-Allow-Origin': origin ?? '',
        'Access-Control-Allow-Credentials': 'true',
        Vary: 'Origin',
      },
    });
  }
`;

const lambda = code`
  exports.handler = async (event) => {
    return {
      statusCode: 200,
      headers: {
        'Access-Control-Allow-Origin': event.headers.origin,
        'Access-Control-Allow-Credentials': true,
        Vary: 'Origin',
      },
      body: JSON.stringify({ ok: true }),
    };
  };
`;

const honoHandler = code`
  app.get('/api/me', (c) => {
    c.header('Access-Control-Allow-Origin', c.req.header('Origin'));
    c.header('Access-Control-Allow-Credentials', 'true');
    c.header('Vary', 'Origin');
    return c.json(user);
  });
`;

const fastifyReply = code`
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('Access-Control-Allow-Origin', request.headers.origin);
    reply.header('Access-Control-Allow-Credentials', 'true');
    reply.header('Vary', 'Origin');
  });
`;

const regexGuard = code`
  app.use((req, res, next) => {
    const origin = req.headers.origin;
    if (origin && /example\.com/.test(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    next();
  });
`;

const guardedSet = code`
  const ALLOWED = new Set(['https://app.example.com', 'https://admin.example.com']);
  app.use((req, res, next) => {
    const origin = req.headers.origin;
    if (origin && ALLOWED.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    next();
  });
`;

const missingVary = code`
  const allowedOrigins = ['https://app.example.com'];
  app.use((req, res, next) => {
    const origin = req.headers.origin;
    if (allowedOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
    }
    next();
  });
`;

const earlyReturn = code`
  const allowed = ['https://app.example.com', 'null'];
  export default function handler(req, res) {
    const origin = req.headers.origin;
    if (!allowed.includes(origin)) {
      return res.status(403).end();
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
    res.json({ ok: true });
  }
`;

const wildcardHeaders = code`
  export const corsHeaders = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Headers': 'authorization, x-client-info, apikey, content-type',
    'Access-Control-Allow-Credentials': 'true',
  };
`;

const sameBranch = code`
  export default function handler(req, res) {
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      return res.status(204).end();
    }
    res.json({ ok: true });
  }
`;

const nextConfig = code`
  module.exports = {
    async headers() {
      return [
        {
          source: '/api/:path*',
          headers: [
            { key: 'Access-Control-Allow-Credentials', value: 'true' },
            { key: 'Access-Control-Allow-Origin', value: '*' },
            { key: 'Access-Control-Allow-Methods', value: 'GET,OPTIONS,PATCH,DELETE,POST,PUT' },
          ],
        },
      ];
    },
  };
`;

const maxAge = code`
  app.options('*', (req, res) => {
    res.setHeader('Access-Control-Allow-Origin', 'https://app.example.com');
    res.setHeader('Access-Control-Max-Age', 86400);
    res.sendStatus(204);
  });
`;

const listHeader = code`
  res.setHeader('Access-Control-Allow-Origin', 'https://a.example.com, https://b.example.com');
`;

const nextMiddleware = code`
  import { NextResponse } from 'next/server';
  export function middleware(request: Request) {
    return NextResponse.next({
      headers: {
        'Access-Control-Allow-Origin': request.headers.get('origin') || '*',
        'Access-Control-Allow-Credentials': 'true',
        Vary: 'Origin',
      },
    });
  }
`;

const nextRewrite = code`
  import { NextResponse, type NextRequest } from 'next/server';
  export function middleware(request: NextRequest) {
    const origin = request.headers.get('origin');
    return NextResponse.rewrite(new URL('/api/v2', request.url), {
      headers: { 'Access-Control-Allow-Origin': origin ?? '*', 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' },
    });
  }
`;

ruleTester.run('no-reflected-origin-with-credentials', rule('no-reflected-origin-with-credentials'), {
  valid: [
    guardedSet,
    earlyReturn,
    // The origin checked inside a callback (some, find) is limited, not echoed unconditionally.
    code`
      const allowedOrigins = ['https://a.example.com', 'https://b.example.com'];
      app.use((req, res, next) => {
        const origin = req.headers.origin;
        if (origin && allowedOrigins.some((allowed) => allowed === origin)) {
          res.header('Access-Control-Allow-Origin', origin);
          res.header('Access-Control-Allow-Credentials', 'true');
          res.header('Vary', 'Origin');
        }
        next();
      });
    `,
    code`
      const ALLOWED = ['https://a.example.com'];
      app.use((req, res, next) => {
        const origin = req.headers.origin;
        if (ALLOWED.find((allowed) => allowed === origin)) {
          res.setHeader('Access-Control-Allow-Origin', origin);
          res.setHeader('Access-Control-Allow-Credentials', 'true');
          res.setHeader('Vary', 'Origin');
        }
        next();
      });
    `,
    // Strict equality with one origin.
    code`
      app.use((req, res, next) => {
        if (req.headers.origin === 'https://app.example.com') {
          res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
          res.setHeader('Access-Control-Allow-Credentials', 'true');
        }
        next();
      });
    `,
    // indexOf allowlist.
    code`
      const whitelist = ['https://app.example.com'];
      app.use((req, res, next) => {
        const origin = req.get('Origin');
        if (whitelist.indexOf(origin) > -1) res.set('Access-Control-Allow-Origin', origin);
        res.set('Access-Control-Allow-Credentials', 'true');
        next();
      });
    `,
    // A value the linter cannot see.
    code`
      app.use((req, res, next) => {
        res.setHeader('Access-Control-Allow-Origin', process.env.FRONTEND_ORIGIN);
        res.setHeader('Access-Control-Allow-Credentials', 'true');
        next();
      });
    `,
    // An opaque check on the origin: unknown, silent.
    code`
      app.use((req, res, next) => {
        const origin = req.headers.origin;
        if (isTrustedOrigin(origin)) res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Access-Control-Allow-Credentials', 'true');
        next();
      });
    `,
    // Reflection without credentials.
    code`
      app.use((req, res, next) => {
        res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
        res.setHeader('Vary', 'Origin');
        next();
      });
    `,
    // A client setting request headers is not a server policy.
    code`
      await fetch(url, { method: 'POST', headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' } });
    `,
    // One fixed origin in Next.js middleware.
    code`
      import { NextResponse } from 'next/server';
      export function middleware() {
        return NextResponse.next({
          headers: { 'Access-Control-Allow-Origin': 'https://app.example.com', 'Access-Control-Allow-Credentials': 'true' },
        });
      }
    `,
  ],
  invalid: [
    { code: expressReflect, errors: [{ messageId: 'reflectedWithCredentials', ...at(expressReflect, 'req.headers.origin') }] },
    { code: throughVariable, errors: [{ messageId: 'reflectedWithCredentials', ...at(throughVariable, 'origin);', 'origin') }] },
    { code: koaReflect, errors: [{ messageId: 'reflectedWithCredentials', ...at(koaReflect, "ctx.get('Origin')") }] },
    { code: bulkSet, errors: [{ messageId: 'reflectedWithCredentials', ...at(bulkSet, "req.get('Origin')") }] },
    { code: nodeHttp, errors: [{ messageId: 'reflectedWithCredentials', ...at(nodeHttp, "': origin", 'origin') }] },
    { code: fetchHandler, errors: [{ messageId: 'reflectedWithCredentials', ...at(fetchHandler, "request.headers.get('Origin') ?? '*'") }] },
    { code: nextRoute, errors: [{ messageId: 'reflectedWithCredentials', ...at(nextRoute, "origin ?? ''") }] },
    { code: lambda, errors: [{ messageId: 'reflectedWithCredentials', ...at(lambda, 'event.headers.origin') }] },
    { code: honoHandler, errors: [{ messageId: 'reflectedWithCredentials', ...at(honoHandler, "c.req.header('Origin')") }] },
    { code: fastifyReply, errors: [{ messageId: 'reflectedWithCredentials', ...at(fastifyReply, 'request.headers.origin') }] },
    { code: nextMiddleware, errors: [{ messageId: 'reflectedWithCredentials', ...at(nextMiddleware, "request.headers.get('origin') || '*'") }] },
    { code: nextRewrite, errors: [{ messageId: 'reflectedWithCredentials', ...at(nextRewrite, "origin ?? '*'") }] },
  ],
});

ruleTester.run('no-permissive-origin-pattern', rule('no-permissive-origin-pattern'), {
  valid: [guardedSet],
  invalid: [
    // A guard by an unanchored regex is a pattern matcher.
    { code: regexGuard, errors: [{ messageId: 'missingStartAnchor', ...at(regexGuard, '/example\\.com/') }] },
  ],
});

ruleTester.run('require-vary-origin', rule('require-vary-origin'), {
  valid: [
    expressReflect,
    koaReflect,
    // A fixed origin needs no Vary.
    maxAge,
  ],
  invalid: [{ code: missingVary, errors: [{ messageId: 'missingVary', ...at(missingVary, "', origin)", 'origin') }] }],
});

ruleTester.run('no-null-origin', rule('no-null-origin'), {
  valid: [guardedSet],
  invalid: [{ code: earlyReturn, errors: [{ messageId: 'nullOriginWithCredentials', ...at(earlyReturn, "'null'") }] }],
});

// The '*' of a shared header object is replaced by an unconditional `headers.set` before credentials are added.
const overriddenWildcard = code`
  const corsHeaders = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET,POST' };
  export default {
    async fetch(request: Request): Promise<Response> {
      const response = new Response('ok', { headers: corsHeaders });
      response.headers.set('Access-Control-Allow-Origin', 'https://app.example.com');
      response.headers.set('Access-Control-Allow-Credentials', 'true');
      return response;
    },
  };
`;

// Only a conditional `set` replaces the '*': otherwise it stays, next to credentials.
const conditionallyOverriddenWildcard = code`
  const corsHeaders = { 'Access-Control-Allow-Origin': '*' };
  export async function GET(request: Request): Promise<Response> {
    const response = new Response('ok', { headers: corsHeaders });
    if (request.headers.get('Origin') === 'https://app.example.com') {
      response.headers.set('Access-Control-Allow-Origin', 'https://app.example.com');
    }
    response.headers.set('Access-Control-Allow-Credentials', 'true');
    return response;
  }
`;

// An unconditional '*' written last replaces the allowlisted origin set before it.
const wildcardWrittenLast = code`
  const allowed = ['https://app.example.com'];
  app.use((req, res, next) => {
    if (allowed.includes(req.headers.origin)) {
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
    }
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    next();
  });
`;

const nestHeaderDecorators = code`
  import { Controller, Get, Header } from '@nestjs/common';
  @Controller('files')
  export class FilesController {
    @Get()
    @Header('Access-Control-Allow-Origin', '*')
    @Header('Access-Control-Allow-Credentials', 'true')
    list(): string[] {
      return [];
    }
  }
`;

ruleTester.run('no-wildcard-origin-with-credentials', rule('no-wildcard-origin-with-credentials'), {
  valid: [
    // '*' only in the branch that sends no credentials.
    code`
      const allowed = ['https://app.example.com'];
      app.use((req, res, next) => {
        const origin = req.headers.origin;
        if (allowed.includes(origin)) {
          res.setHeader('Access-Control-Allow-Origin', origin);
          res.setHeader('Access-Control-Allow-Credentials', 'true');
          res.setHeader('Vary', 'Origin');
        } else {
          res.setHeader('Access-Control-Allow-Origin', '*');
        }
        next();
      });
    `,
    code`
      export const corsHeaders = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'content-type' };
    `,
    // A header object used only inside the module and never written to a response.
    code`
      const headers = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' };
      console.log(headers);
    `,
    overriddenWildcard,
    // Each handler method's @Header decorators make its own response.
    code`
      import { Controller, Get, Header } from '@nestjs/common';
      @Controller('files')
      export class FilesController {
        @Get('public')
        @Header('Access-Control-Allow-Origin', '*')
        list(): string[] {
          return [];
        }
        @Get('mine')
        @Header('Access-Control-Allow-Origin', 'https://app.example.com')
        @Header('Access-Control-Allow-Credentials', 'true')
        mine(): string[] {
          return [];
        }
      }
    `,
    // A decorator that only shares the name is not NestJS's.
    code`
      function Header(name: string, value: string): MethodDecorator {
        return () => undefined;
      }
      export class FilesController {
        @Header('Access-Control-Allow-Origin', '*')
        @Header('Access-Control-Allow-Credentials', 'true')
        list(): string[] {
          return [];
        }
      }
    `,
  ],
  invalid: [
    {
      // Same branch: '*' and credentials meet in one response.
      code: sameBranch,
      errors: [{ messageId: 'wildcardWithCredentials', ...at(sameBranch, "'*'") }],
    },
    { code: wildcardHeaders, errors: [{ messageId: 'wildcardWithCredentials', ...at(wildcardHeaders, "'*'") }] },
    { code: nextConfig, errors: [{ messageId: 'wildcardWithCredentials', ...at(nextConfig, "value: '*'", "'*'") }] },
    {
      code: conditionallyOverriddenWildcard,
      errors: [{ messageId: 'wildcardWithCredentials', ...at(conditionallyOverriddenWildcard, "'*'") }],
    },
    { code: nestHeaderDecorators, errors: [{ messageId: 'wildcardWithCredentials', ...at(nestHeaderDecorators, "'*'") }] },
    { code: wildcardWrittenLast, errors: [{ messageId: 'wildcardWithCredentials', ...at(wildcardWrittenLast, "'*'") }] },
  ],
});

ruleTester.run('max-age-within-browser-cap', rule('max-age-within-browser-cap'), {
  valid: [listHeader],
  invalid: [
    {
      code: maxAge,
      errors: [
        {
          messageId: 'aboveBrowserCap',
          ...at(maxAge, '86400'),
          suggestions: [{ messageId: 'suggestMaxAge', data: { seconds: 7200 }, output: maxAge.replace('86400', '7200') }],
        },
      ],
    },
  ],
});

ruleTester.run('valid-origin', rule('valid-origin'), {
  valid: [maxAge],
  invalid: [{ code: listHeader, errors: [{ messageId: 'severalOrigins', ...at(listHeader, "'https://a.example.com, https://b.example.com'") }] }],
});

ruleTester.run('valid-methods', rule('valid-methods'), {
  valid: [],
  invalid: [
    {
      code: code`
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, delete');
      `,
      errors: [{ messageId: 'lowercase', line: 1, column: 47 }],
    },
  ],
});

const credentialsCapitalised = code`
  app.use((req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', 'https://app.example.com');
    res.setHeader('Access-Control-Allow-Credentials', 'True');
    next();
  });
`;

const credentialsThroughConstant = code`
  const ALLOW_CREDENTIALS = '1';
  export const corsHeaders = {
    'Access-Control-Allow-Origin': 'https://app.example.com',
    'Access-Control-Allow-Credentials': ALLOW_CREDENTIALS,
  };
`;

ruleTester.run('valid-credentials', rule('valid-credentials'), {
  valid: [
    expressReflect,
    throughVariable,
    code`
      res.setHeader('Access-Control-Allow-Origin', 'https://app.example.com');
      res.setHeader('Access-Control-Allow-Credentials', 'false');
    `,
    code`
      res.setHeader('Access-Control-Allow-Origin', 'https://app.example.com');
      res.setHeader('Access-Control-Allow-Credentials', process.env.CORS_CREDENTIALS);
    `,
  ],
  invalid: [
    { code: credentialsCapitalised, errors: [{ messageId: 'notExactTrue', ...at(credentialsCapitalised, "'True'") }] },
    { code: credentialsThroughConstant, errors: [{ messageId: 'notExactTrue', ...at(credentialsThroughConstant, 'ALLOW_CREDENTIALS,', 'ALLOW_CREDENTIALS') }] },
  ],
});
