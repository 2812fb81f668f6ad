import { at, code, rule, ruleTester } from './tester.js';

const reflected = code`
  import express from 'express';
  import cors from 'cors';
  const app = express();
  app.use(cors({ origin: true, credentials: true }));
`;

const callbackAlwaysAllows = code`
  const express = require('express');
  const cors = require('cors');
  const app = express();
  app.use(
    cors({
      origin: (origin, callback) => callback(null, true),
      credentials: true,
    }),
  );
`;

const guardedCallback = code`
  import cors from 'cors';
  const allowlist = ['https://app.example.com', 'https://admin.example.com'];
  export const corsMiddleware = cors({
    origin(origin, callback) {
      if (!origin || allowlist.includes(origin)) return callback(null, true);
      callback(new Error('Not allowed by CORS'));
    },
    credentials: true,
  });
`;

const indexOfGuard = code`
  import cors from 'cors';
  const whitelist = ['https://example1.com', 'https://example2.com'];
  app.use(cors({
    origin: function (origin, callback) {
      if (whitelist.indexOf(origin) !== -1) {
        callback(null, true);
      } else {
        callback(new Error('Not allowed by CORS'));
      }
    },
    credentials: true,
  }));
`;

const valueIsTheCondition = code`
  import cors from 'cors';
  const allowed = new Set(['https://app.example.com']);
  app.use(cors({ origin: (origin, cb) => cb(null, allowed.has(origin)), credentials: true }));
`;

const originHandedBack = code`
  const cors = require('cors');
  app.use(cors({ origin: (origin, cb) => cb(null, origin), credentials: true }));
`;

const nullInList = code`
  import cors from 'cors';
  app.use(cors({ origin: ['https://app.example.com', 'null'], credentials: true }));
`;

const wildcardLists = code`
  import cors from 'cors';
  app.use(cors({ origin: 'https://app.example.com', credentials: true, allowedHeaders: '*', exposedHeaders: ['*'] }));
`;

const headersStar = code`
  import cors from 'cors';
  app.use(cors({ headers: '*' }));
`;

const httpOrigin = code`
  import cors from 'cors';
  app.use(cors({ origin: ['https://app.example.com', 'http://app.example.com'], credentials: true }));
`;

const sharedConstant = code`
  import cors from 'cors';
  const ONE_DAY = 24 * 60 * 60;
  app.use(cors({ maxAge: ONE_DAY }));
  app.use(session({ cookie: { maxAge: ONE_DAY * 1000 } }));
`;

const wildcardWithCredentials = code`
  import cors from 'cors';
  app.use(cors({ credentials: true }));
  app.use(cors({ origin: '*', credentials: true }));
`;

ruleTester.run('no-reflected-origin-with-credentials', rule('no-reflected-origin-with-credentials'), {
  valid: [
    guardedCallback,
    // An origin callback whose check runs inside some().
    code`
      import cors from 'cors';
      const patterns = [/^https:\/\/([a-z0-9-]+\.)?example\.com$/];
      app.use(cors({
        origin: (origin, callback) => {
          if (!origin || patterns.some((pattern) => pattern.test(origin))) callback(null, true);
          else callback(new Error('Not allowed by CORS'));
        },
        credentials: true,
      }));
    `,
    indexOfGuard,
    valueIsTheCondition,
    // No credentials: reflection alone is no-any-origin's business.
    code`
      import cors from 'cors';
      app.use(cors({ origin: true }));
    `,
    // Credentials from the environment: unknown, so silent.
    code`
      import cors from 'cors';
      app.use(cors({ origin: true, credentials: process.env.CORS_CREDENTIALS === 'true' }));
    `,
    // An origin from the environment is unknown.
    code`
      import cors from 'cors';
      app.use(cors({ origin: process.env.ALLOWED_ORIGIN, credentials: true }));
    `,
    // A local function that happens to be called cors is not the package.
    code`
      function cors(options) { return (req, res, next) => next(); }
      app.use(cors({ origin: true, credentials: true }));
    `,
    // An imported options object cannot be read.
    code`
      import cors from 'cors';
      import { corsOptions } from './config';
      app.use(cors(corsOptions));
    `,
    // An options delegate decides per request.
    code`
      import cors from 'cors';
      app.use(cors((req, callback) => callback(null, { origin: lookup(req), credentials: true })));
    `,
  ],
  invalid: [
    {
      code: reflected,
      errors: [
        {
          messageId: 'reflectedWithCredentials',
          ...at(reflected, 'origin: true', 'true'),
          suggestions: [
            {
              messageId: 'suggestAllowlist',
              output: reflected.replace('origin: true', "origin: ['https://app.example.com']"),
            },
          ],
        },
      ],
    },
    {
      code: callbackAlwaysAllows,
      errors: [{ messageId: 'reflectedWithCredentials', ...at(callbackAlwaysAllows, 'callback(null, true)', 'true') }],
    },
    {
      // `origin` itself handed back is reflection too.
      code: originHandedBack,
      errors: [{ messageId: 'reflectedWithCredentials', ...at(originHandedBack, 'cb(null, origin)', 'origin') }],
    },
    {
      // Options held in a const, spread and typed.
      code: code`
        import cors, { type CorsOptions } from 'cors';
        const base = { origin: true } as const;
        const options: CorsOptions = { ...base, credentials: true } satisfies CorsOptions;
        app.use(cors(options));
      `,
      errors: [{ messageId: 'reflectedWithCredentials', line: 2, column: 24, suggestions: [{ messageId: 'suggestAllowlist', output: code`
        import cors, { type CorsOptions } from 'cors';
        const base = { origin: ['https://app.example.com'] } as const;
        const options: CorsOptions = { ...base, credentials: true } satisfies CorsOptions;
        app.use(cors(options));
      ` }] }],
    },
  ],
});

ruleTester.run('no-wildcard-origin-with-credentials', rule('no-wildcard-origin-with-credentials'), {
  valid: [
    code`
      import cors from 'cors';
      app.use(cors());
      app.use(cors({ origin: '*' }));
      app.use(cors({ origin: 'https://app.example.com', credentials: true }));
    `,
    // credentials must be exactly `true`.
    code`
      import cors from 'cors';
      app.use(cors({ credentials: 'true' }));
    `,
    // `origin: false` turns CORS off.
    code`
      import cors from 'cors';
      app.use(cors({ origin: false, credentials: true }));
    `,
  ],
  invalid: [
    {
      code: wildcardWithCredentials,
      // Dropping `credentials: true` next to a literal `*` changes nothing in any browser: autofix.
      output: code`
        import cors from 'cors';
        app.use(cors({  }));
        app.use(cors({ origin: '*' }));
      `,
      errors: [
        // The default origin is blamed on the cors() call.
        { messageId: 'wildcardWithCredentials', ...at(wildcardWithCredentials, 'cors({ credentials') },
        { messageId: 'wildcardWithCredentials', ...at(wildcardWithCredentials, "origin: '*'", "'*'") },
      ],
    },
    {
      // Options through a const are not rewritten by the autofix.
      code: code`
        import cors from 'cors';
        const corsOptions = { credentials: true };
        app.use(cors(corsOptions));
      `,
      errors: [{ messageId: 'wildcardWithCredentials', line: 3, column: 9 }],
    },
  ],
});

ruleTester.run('no-null-origin', rule('no-null-origin'), {
  valid: [
    code`
      import cors from 'cors';
      app.use(cors({ origin: ['https://a.example.com', /^https:\/\/b\.example\.com$/] }));
    `,
  ],
  invalid: [
    {
      code: nullInList,
      errors: [
        {
          messageId: 'nullOriginWithCredentials',
          ...at(nullInList, "'null'"),
          suggestions: [
            {
              messageId: 'suggestRemoveNullOrigin',
              output: code`
                import cors from 'cors';
                app.use(cors({ origin: ['https://app.example.com'], credentials: true }));
              `,
            },
          ],
        },
      ],
    },
  ],
});

ruleTester.run('max-age-within-browser-cap', rule('max-age-within-browser-cap'), {
  valid: [
    code`
      import cors from 'cors';
      app.use(cors({ maxAge: 600 }));
      app.use(cors({ maxAge: 2 * 60 * 60 }));
    `,
    code`
      import cors from 'cors';
      app.use(cors({ maxAge: Number(process.env.CORS_MAX_AGE) }));
    `,
  ],
  invalid: [
    {
      // Blamed where the option is set; a shared constant is not rewritten, so no suggestion.
      code: sharedConstant,
      errors: [{ messageId: 'aboveBrowserCap', ...at(sharedConstant, 'maxAge: ONE_DAY', 'ONE_DAY') }],
    },
    {
      code: code`
        import cors from 'cors';
        app.use(cors({ maxAge: 86400 }));
      `,
      options: [{ maxAge: 600 }],
      errors: [
        {
          messageId: 'aboveBrowserCap',
          line: 2,
          column: 24,
          suggestions: [
            {
              messageId: 'suggestMaxAge',
              data: { seconds: 600 },
              output: code`
                import cors from 'cors';
                app.use(cors({ maxAge: 600 }));
              `,
            },
          ],
        },
      ],
    },
    {
      code: code`
        import cors from 'cors';
        app.use(cors({ maxAge: -1 }));
      `,
      errors: [{ messageId: 'negative', line: 2, column: 24, suggestions: [{ messageId: 'suggestMaxAge', data: { seconds: 0 }, output: code`
        import cors from 'cors';
        app.use(cors({ maxAge: 0 }));
      ` }] }],
    },
  ],
});

ruleTester.run('valid-origin', rule('valid-origin'), {
  valid: [
    code`
      import cors from 'cors';
      app.use(cors({ origin: ['https://app.example.com', 'http://localhost:3000'] }));
    `,
  ],
  invalid: [
    {
      code: code`
        import cors from 'cors';
        app.use(cors({ origin: 'https://app.example.com/' }));
      `,
      errors: [{ messageId: 'trailingSlash', line: 2, column: 24 }],
    },
    {
      // A template literal without expressions is a plain string.
      code: "import cors from 'cors';\napp.use(cors({ origin: `https://app.example.com:443` }));\n",
      errors: [{ messageId: 'defaultPort', line: 2, column: 24 }],
    },
    {
      // expressjs/cors compares array entries with ===, and sends a string as the header: no wildcards.
      code: code`
        import cors from 'cors';
        app.use(cors({ origin: ['https://app.example.com', 'https://*.example.com'] }));
        app.use(cors({ origin: 'https://*.example.com' }));
      `,
      errors: [
        { messageId: 'literalWildcard', line: 2, column: 52 },
        { messageId: 'literalWildcard', line: 3, column: 24 },
      ],
    },
  ],
});

ruleTester.run('valid-methods', rule('valid-methods'), {
  valid: [
    code`
      import cors from 'cors';
      app.use(cors({ methods: 'GET,POST,PUT,DELETE' }));
      app.use(cors());
    `,
  ],
  invalid: [
    {
      code: code`
        import cors from 'cors';
        app.use(cors({ methods: ['GET', 'put', 'TRACE'] }));
      `,
      errors: [
        { messageId: 'lowercase', line: 2, column: 33 },
        { messageId: 'forbidden', line: 2, column: 40 },
      ],
    },
  ],
});

ruleTester.run('no-wildcard-lists-with-credentials', rule('no-wildcard-lists-with-credentials'), {
  valid: [
    code`
      import cors from 'cors';
      app.use(cors({ origin: 'https://app.example.com', allowedHeaders: '*' }));
    `,
  ],
  invalid: [
    {
      code: wildcardLists,
      errors: [
        { messageId: 'wildcardHeaders', ...at(wildcardLists, "'*'") },
        { messageId: 'wildcardExposeHeaders', ...at(wildcardLists, "['*']", "'*'") },
      ],
    },
  ],
});

ruleTester.run('explicit-authorization-header', rule('explicit-authorization-header'), {
  valid: [
    code`
      import cors from 'cors';
      app.use(cors({ allowedHeaders: ['*', 'Authorization'] }));
    `,
    // Unset allowedHeaders echoes the request's headers, Authorization included.
    code`
      import cors from 'cors';
      app.use(cors());
    `,
  ],
  invalid: [
    {
      code: headersStar,
      errors: [{ messageId: 'authorizationNotCovered', ...at(headersStar, "'*'") }],
    },
  ],
});

ruleTester.run('no-permissive-origin-pattern', rule('no-permissive-origin-pattern'), {
  valid: [
    code`
      import cors from 'cors';
      app.use(cors({ origin: [/^https:\/\/([a-z0-9-]+\.)?example\.com$/] }));
    `,
  ],
  invalid: [
    {
      code: code`
        import cors from 'cors';
        app.use(cors({ origin: /example\.com$/ }));
      `,
      errors: [{ messageId: 'missingStartAnchor', line: 2, column: 24 }],
    },
    {
      code: code`
        import cors from 'cors';
        app.use(cors({ origin: new RegExp('^https://app.example.com$') }));
      `,
      errors: [{ messageId: 'unescapedDot', line: 2, column: 24 }],
    },
  ],
});

ruleTester.run('no-insecure-origin', rule('no-insecure-origin'), {
  valid: [
    code`
      import cors from 'cors';
      app.use(cors({ origin: ['http://localhost:3000', 'http://127.0.0.1:8080', 'https://app.example.com'] }));
    `,
  ],
  invalid: [
    {
      code: httpOrigin,
      errors: [{ messageId: 'insecureOriginWithCredentials', ...at(httpOrigin, "'http://app.example.com'") }],
    },
  ],
});
