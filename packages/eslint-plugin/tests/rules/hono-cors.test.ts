import { at, code, rule, ruleTester } from './tester.js';

const wildcard = code`
  import { Hono } from 'hono';
  import { cors } from 'hono/cors';
  const app = new Hono();
  app.use('/api/*', cors({ origin: '*', credentials: true }));
`;

const echoFunction = code`
  import { cors } from 'hono/cors';
  app.use('*', cors({ origin: (origin, c) => origin, credentials: true }));
`;

const suffixCheck = code`
  import { cors } from 'hono/cors';
  app.use('*', cors({ origin: (origin) => (origin.endsWith('example.com') ? origin : null), credentials: true }));
`;

const aliased = code`
  import { cors as corsMiddleware } from 'hono/cors';
  app.use('*', corsMiddleware({ origin: ['https://app.example.com', 'null'] }));
`;

ruleTester.run('no-wildcard-origin-with-credentials', rule('no-wildcard-origin-with-credentials'), {
  valid: [
    code`
      import { cors } from 'hono/cors';
      app.use('/api/*', cors());
      app.use('/app/*', cors({ origin: 'https://app.example.com', credentials: true }));
    `,
  ],
  invalid: [
    {
      code: wildcard,
      output: wildcard.replace(', credentials: true', ''),
      errors: [{ messageId: 'wildcardWithCredentials', ...at(wildcard, "'*'") }],
    },
  ],
});

ruleTester.run('no-reflected-origin-with-credentials', rule('no-reflected-origin-with-credentials'), {
  valid: [
    code`
      import { cors } from 'hono/cors';
      const allowed = ['https://app.example.com'];
      app.use('*', cors({ origin: (origin) => (allowed.includes(origin) ? origin : null), credentials: true }));
    `,
    // Not hono's cors: a same-named export of another module.
    code`
      import { cors } from './middleware/cors';
      app.use('*', cors({ origin: (origin) => origin, credentials: true }));
    `,
  ],
  invalid: [
    {
      code: echoFunction,
      errors: [{ messageId: 'reflectedWithCredentials', ...at(echoFunction, '=> origin', 'origin') }],
    },
  ],
});

ruleTester.run('no-permissive-origin-pattern', rule('no-permissive-origin-pattern'), {
  valid: [
    code`
      import { cors } from 'hono/cors';
      app.use('*', cors({ origin: (origin) => (origin.endsWith('.example.com') && origin.startsWith('https://') ? origin : null) }));
    `,
  ],
  invalid: [
    {
      code: suffixCheck,
      errors: [{ messageId: 'suffixWithoutDot', ...at(suffixCheck, "'example.com'") }],
    },
  ],
});

ruleTester.run('no-null-origin', rule('no-null-origin'), {
  valid: [],
  invalid: [
    {
      code: aliased,
      errors: [
        {
          messageId: 'nullOrigin',
          ...at(aliased, "'null'"),
          suggestions: [{ messageId: 'suggestRemoveNullOrigin', output: aliased.replace(", 'null'", '') }],
        },
      ],
    },
  ],
});
