import { at, code, rule, ruleTester } from './tester.js';

const credentialsAlone = code`
  const Koa = require('koa');
  const cors = require('@koa/cors');
  const app = new Koa();
  app.use(cors({ credentials: true }));
`;

const originFromContext = code`
  import cors from '@koa/cors';
  app.use(cors({ origin: (ctx) => ctx.get('Origin'), credentials: true }));
`;

const originFromHeader = code`
  import cors from '@koa/cors';
  app.use(cors({ origin: (ctx) => ctx.request.header.origin, credentials: true }));
`;

const privateNetwork = code`
  import cors from '@koa/cors';
  app.use(cors({ origin: 'https://app.example.com', privateNetworkAccess: true, maxAge: '86400' }));
`;

ruleTester.run('no-reflected-origin-with-credentials', rule('no-reflected-origin-with-credentials'), {
  valid: [
    // An origin function with an allowlist.
    code`
      import cors from '@koa/cors';
      const allowed = ['https://app.example.com'];
      app.use(cors({ origin: (ctx) => (allowed.includes(ctx.get('Origin')) ? ctx.get('Origin') : ''), credentials: true }));
    `,
    // A fixed origin string is sent as it is.
    code`
      import cors from '@koa/cors';
      app.use(cors({ origin: 'https://app.example.com', credentials: true }));
    `,
    // Credentials decided per request: unknown.
    code`
      import cors from '@koa/cors';
      app.use(cors({ credentials: (ctx) => ctx.path.startsWith('/api') }));
    `,
    // Without credentials the wildcard stays a wildcard.
    code`
      import cors from '@koa/cors';
      app.use(cors());
    `,
  ],
  invalid: [
    {
      // @koa/cors swaps '*' for the request origin when credentials are on.
      code: credentialsAlone,
      errors: [{ messageId: 'reflectedWithCredentials', ...at(credentialsAlone, 'credentials: true') }],
    },
    {
      code: originFromContext,
      errors: [{ messageId: 'reflectedWithCredentials', ...at(originFromContext, "ctx.get('Origin')") }],
    },
    {
      code: originFromHeader,
      errors: [{ messageId: 'reflectedWithCredentials', ...at(originFromHeader, 'ctx.request.header.origin') }],
    },
  ],
});

ruleTester.run('no-wildcard-origin-with-credentials', rule('no-wildcard-origin-with-credentials'), {
  // @koa/cors never sends '*' with credentials: it reflects instead (the rule above).
  valid: [credentialsAlone],
  invalid: [],
});

ruleTester.run('require-vary-origin', rule('require-vary-origin'), {
  // @koa/cors always sends Vary: Origin.
  valid: [originFromContext],
  invalid: [],
});

ruleTester.run('max-age-within-browser-cap', rule('max-age-within-browser-cap'), {
  valid: [code`
    import cors from '@koa/cors';
    app.use(cors({ maxAge: 600 }));
  `],
  invalid: [
    {
      code: privateNetwork,
      errors: [
        {
          messageId: 'aboveBrowserCap',
          ...at(privateNetwork, "'86400'"),
          suggestions: [{ messageId: 'suggestMaxAge', data: { seconds: 7200 }, output: privateNetwork.replace("'86400'", "'7200'") }],
        },
      ],
    },
  ],
});

const privateNetworkForEveryone = code`
  import cors from '@koa/cors';
  app.use(cors({ privateNetworkAccess: true }));
`;

ruleTester.run('no-private-network-with-any-origin', rule('no-private-network-with-any-origin'), {
  // With one trusted origin the setting is what it is for.
  valid: [privateNetwork],
  invalid: [
    {
      // Without `origin`, @koa/cors allows every origin ('*').
      code: privateNetworkForEveryone,
      errors: [{ messageId: 'privateNetworkForAnyOrigin', ...at(privateNetworkForEveryone, 'privateNetworkAccess') }],
    },
  ],
});
