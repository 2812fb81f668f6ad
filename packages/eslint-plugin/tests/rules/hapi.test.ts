import { at, code, rule, ruleTester } from './tester.js';

const serverCredentials = code`
  'use strict';
  const Hapi = require('@hapi/hapi');
  const init = async () => {
    const server = Hapi.server({
      port: 3000,
      routes: { cors: { credentials: true } },
    });
    await server.start();
  };
`;

const routeCors = code`
  import Hapi from '@hapi/hapi';
  const server = new Hapi.Server({ port: 3000 });
  server.route({
    method: 'PUT',
    path: '/items/{id}',
    options: {
      cors: { origin: ['https://*.example.com', 'https://*example.org'], maxAge: 600 },
      handler: (request, h) => h.response(),
    },
  });
`;

const defaults = code`
  import { server as createServer } from '@hapi/hapi';
  const server = createServer({ routes: { cors: true } });
`;

const ignoreOrigin = code`
  import Hapi from '@hapi/hapi';
  const server = Hapi.server({ routes: { cors: { origin: 'ignore', credentials: true } } });
`;

// A route's cors is merged over the server's routes.cors: the allowlist and maxAge come from there.
const routeOverServerDefaults = code`
  import Hapi from '@hapi/hapi';
  const server = Hapi.server({ routes: { cors: { origin: ['https://app.example.com'], maxAge: 600 } } });
  server.route({
    method: 'GET',
    path: '/me',
    options: { cors: { credentials: true }, handler: (request) => request.auth.credentials },
  });
  server.route({ method: 'GET', path: '/public', options: { cors: true, handler: () => 'ok' } });
`;

// Routes in their own module: the server's routes.cors they are merged over is out of sight.
const routesModule = code`
  export const routes = [
    { method: 'GET', path: '/me', options: { cors: { credentials: true }, handler: (request) => request.auth.credentials } },
    { method: 'GET', path: '/public', options: { cors: true, handler: () => 'ok' } },
  ];
`;

// The one server in the file sets no routes.cors: hapi's defaults fill in the route's cors.
const routeOverNoServerCors = code`
  import Hapi from '@hapi/hapi';
  const server = Hapi.server({ port: 3000 });
  server.route({
    method: 'GET',
    path: '/me',
    options: { cors: { credentials: true, maxAge: 600 }, handler: (request) => request.auth.credentials },
  });
`;

ruleTester.run('no-reflected-origin-with-credentials', rule('no-reflected-origin-with-credentials'), {
  valid: [
    code`
      const Hapi = require('@hapi/hapi');
      const server = Hapi.server({ routes: { cors: { origin: ['https://app.example.com'], credentials: true } } });
    `,
    // origin: 'ignore' sends a literal '*' and forces credentials off.
    ignoreOrigin,
    // cors: false (the default) sends nothing.
    code`
      const Hapi = require('@hapi/hapi');
      const server = Hapi.server({ routes: { cors: false } });
    `,
    routeOverServerDefaults,
    routesModule,
  ],
  invalid: [
    {
      code: routeOverNoServerCors,
      errors: [{ messageId: 'reflectedWithCredentials', ...at(routeOverNoServerCors, 'credentials: true') }],
    },
    {
      // hapi's default origin ['*'] echoes the request origin: credentials alone reflect.
      code: serverCredentials,
      errors: [{ messageId: 'reflectedWithCredentials', ...at(serverCredentials, 'credentials: true') }],
    },
    {
      code: code`
        const Hapi = require('@hapi/hapi');
        const server = Hapi.server({ routes: { cors: { origin: ['*'], credentials: true } } });
      `,
      errors: [{ messageId: 'reflectedWithCredentials', line: 2, column: 57 }],
    },
  ],
});

ruleTester.run('max-age-within-browser-cap', rule('max-age-within-browser-cap'), {
  valid: [routeCors, routeOverServerDefaults, routesModule],
  invalid: [
    {
      // maxAge defaults to 86400, blamed on the `cors` setting that takes the default.
      code: defaults,
      errors: [{ messageId: 'aboveBrowserCap', ...at(defaults, 'cors: true') }],
    },
  ],
});

ruleTester.run('no-permissive-origin-pattern', rule('no-permissive-origin-pattern'), {
  valid: [],
  invalid: [
    {
      // hapi compiles '*' in an origin to '.*': without a dot before the domain it takes any prefix.
      code: routeCors,
      errors: [{ messageId: 'noDotBeforeDomain', ...at(routeCors, "'https://*example.org'") }],
    },
  ],
});

ruleTester.run('no-any-origin', rule('no-any-origin'), {
  valid: [],
  invalid: [
    {
      code: ignoreOrigin,
      errors: [{ messageId: 'wildcardOrigin', ...at(ignoreOrigin, "'ignore'") }],
    },
  ],
});
