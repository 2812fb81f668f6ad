import { at, code, rule, ruleTester } from './tester.js';

const reflected = code`
  import Fastify from 'fastify';
  import cors from '@fastify/cors';
  const fastify = Fastify({ logger: true });
  await fastify.register(cors, { origin: true, credentials: true });
`;

const legacyPackage = code`
  const fastify = require('fastify')();
  fastify.register(require('fastify-cors'), { origin: '*', credentials: true });
`;

const dynamicImport = code`
  const app = fastify();
  app.register(import('@fastify/cors'), { origin: [/example\.com$/], maxAge: 86400 });
`;

const asyncAlwaysTrue = code`
  import cors from '@fastify/cors';
  fastify.register(cors, { origin: async (origin) => true, credentials: true });
`;

const wildcardInArray = code`
  import cors from '@fastify/cors';
  app.register(cors, { origin: ['https://a.example.com', '*'], credentials: true });
`;

ruleTester.run('no-reflected-origin-with-credentials', rule('no-reflected-origin-with-credentials'), {
  valid: [
    code`
      import cors from '@fastify/cors';
      await fastify.register(cors, { origin: ['https://app.example.com'], credentials: true });
    `,
    // A delegator decides per request.
    code`
      import cors from '@fastify/cors';
      await fastify.register(cors, () => (req, cb) => cb(null, { origin: true, credentials: true }));
    `,
    // Registering some other plugin with the same options is not CORS.
    code`
      import helmet from '@fastify/helmet';
      await fastify.register(helmet, { origin: true, credentials: true });
    `,
  ],
  invalid: [
    {
      code: reflected,
      errors: [
        {
          messageId: 'reflectedWithCredentials',
          ...at(reflected, 'origin: true', 'true'),
          suggestions: [{ messageId: 'suggestAllowlist', output: reflected.replace('origin: true', "origin: ['https://app.example.com']") }],
        },
      ],
    },
    {
      // An async origin function that always resolves true.
      code: asyncAlwaysTrue,
      errors: [{ messageId: 'reflectedWithCredentials', ...at(asyncAlwaysTrue, '=> true', 'true') }],
    },
  ],
});

ruleTester.run('no-wildcard-origin-with-credentials', rule('no-wildcard-origin-with-credentials'), {
  valid: [
    code`
      import cors from '@fastify/cors';
      fastify.register(cors, { origin: '*' });
      fastify.register(cors);
    `,
  ],
  invalid: [
    {
      code: legacyPackage,
      output: legacyPackage.replace(', credentials: true', ''),
      errors: [{ messageId: 'wildcardWithCredentials', ...at(legacyPackage, "'*'") }],
    },
    {
      // @fastify/cors collapses an array holding '*' to '*'.
      code: wildcardInArray,
      output: wildcardInArray.replace(', credentials: true', ''),
      errors: [{ messageId: 'wildcardWithCredentials', ...at(wildcardInArray, "'*'") }],
    },
  ],
});

ruleTester.run('no-permissive-origin-pattern', rule('no-permissive-origin-pattern'), {
  valid: [
    code`
      import cors from '@fastify/cors';
      fastify.register(cors, { origin: [/^https:\/\/[a-z0-9-]+\.example\.com$/] });
    `,
  ],
  invalid: [
    {
      code: dynamicImport,
      errors: [{ messageId: 'missingStartAnchor', ...at(dynamicImport, '/example\\.com$/') }],
    },
  ],
});

ruleTester.run('require-vary-origin', rule('require-vary-origin'), {
  // @fastify/cors adds Vary for every origin that is not a fixed string.
  valid: [
    code`
      import cors from '@fastify/cors';
      fastify.register(cors, { origin: ['https://a.example.com', 'https://b.example.com'] });
      fastify.register(cors, { origin: 'https://a.example.com' });
    `,
  ],
  invalid: [],
});

ruleTester.run('max-age-within-browser-cap', rule('max-age-within-browser-cap'), {
  valid: [
    code`
      import cors from '@fastify/cors';
      fastify.register(cors, { maxAge: 600 });
    `,
  ],
  invalid: [
    {
      code: dynamicImport,
      errors: [
        {
          messageId: 'aboveBrowserCap',
          ...at(dynamicImport, '86400'),
          suggestions: [{ messageId: 'suggestMaxAge', data: { seconds: 7200 }, output: dynamicImport.replace('86400', '7200') }],
        },
      ],
    },
  ],
});
