import { at, code, rule, ruleTester } from './tester.js';

const typedConfig = code`
  import cors, { type CorsOptions } from 'cors';
  interface AppConfig { cors: CorsOptions }
  const config: AppConfig = {
    cors: {
      origin: <boolean>true,
      credentials: true as const,
    },
  };
  app.use(cors(config.cors!));
`;

const templateAndArithmetic = code`
  import cors from 'cors';
  const HOUR = 60 * 60;
  const domain = \`example.com\`;
  app.use(cors({ origin: \`https://app.\${domain}/\`, maxAge: 24 * HOUR }));
`;

const importEquals = code`
  import cors = require('cors');
  app.use(cors({ origin: true, credentials: true }));
`;

ruleTester.run('no-reflected-origin-with-credentials', rule('no-reflected-origin-with-credentials'), {
  valid: [
    // Parameters are unknown.
    code`
      import cors from 'cors';
      export function install(app, origin) {
        app.use(cors({ origin, credentials: true }));
      }
    `,
    // A reassigned let is not a constant.
    code`
      import cors from 'cors';
      let origin = true;
      origin = computeOrigins();
      app.use(cors({ origin, credentials: true }));
    `,
    // A spread of an unknown object may override anything before it.
    code`
      import cors from 'cors';
      import { overrides } from './cors-overrides';
      app.use(cors({ origin: true, ...overrides }));
    `,
    // A local binding shadows the import.
    code`
      import cors from 'cors';
      function setup(cors) {
        app.use(cors({ origin: true, credentials: true }));
      }
    `,
  ],
  invalid: [
    { code: typedConfig, errors: [{ messageId: 'reflectedWithCredentials', ...at(typedConfig, '<boolean>true', 'true'), suggestions: [{ messageId: 'suggestAllowlist', output: typedConfig.replace('true,', "['https://app.example.com'],") }] }] },
    { code: importEquals, errors: [{ messageId: 'reflectedWithCredentials', ...at(importEquals, 'true'), suggestions: [{ messageId: 'suggestAllowlist', output: importEquals.replace('origin: true', "origin: ['https://app.example.com']") }] }] },
  ],
});

ruleTester.run('valid-origin', rule('valid-origin'), {
  valid: [],
  invalid: [{ code: templateAndArithmetic, errors: [{ messageId: 'trailingSlash', ...at(templateAndArithmetic, '`https://app.') }] }],
});

ruleTester.run('max-age-within-browser-cap', rule('max-age-within-browser-cap'), {
  valid: [],
  invalid: [
    {
      code: templateAndArithmetic,
      errors: [
        {
          messageId: 'aboveBrowserCap',
          ...at(templateAndArithmetic, '24 * HOUR'),
          suggestions: [{ messageId: 'suggestMaxAge', data: { seconds: 7200 }, output: templateAndArithmetic.replace('24 * HOUR', '7200') }],
        },
      ],
    },
  ],
});
