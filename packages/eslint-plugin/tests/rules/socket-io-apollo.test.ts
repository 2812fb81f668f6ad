import { at, code, rule, ruleTester } from './tester.js';

const socketServer = code`
  import { createServer } from 'node:http';
  import { Server } from 'socket.io';
  const httpServer = createServer();
  const io = new Server(httpServer, {
    cors: { origin: true, credentials: true },
  });
`;

const socketLegacy = code`
  const io = require('socket.io')(server, { cors: { origin: '*', credentials: true } });
`;

const apolloMiddleware = code`
  const { ApolloServer } = require('apollo-server-express');
  const server = new ApolloServer({ typeDefs, resolvers });
  await server.start();
  server.applyMiddleware({ app, cors: { origin: true, credentials: true } });
`;

const apolloStandalone = code`
  import { ApolloServer } from 'apollo-server';
  const server = new ApolloServer({ typeDefs, resolvers, cors: { credentials: true } });
`;

ruleTester.run('no-reflected-origin-with-credentials', rule('no-reflected-origin-with-credentials'), {
  valid: [
    code`
      import { Server } from 'socket.io';
      const io = new Server(httpServer, { cors: { origin: ['https://app.example.com'], credentials: true } });
    `,
    // A Server class from another module.
    code`
      import { Server } from './server';
      const io = new Server(httpServer, { cors: { origin: true, credentials: true } });
    `,
    code`
      const { ApolloServer } = require('apollo-server-express');
      server.applyMiddleware({ app, cors: { origin: process.env.WEB_ORIGIN, credentials: true } });
    `,
  ],
  invalid: [
    {
      code: socketServer,
      errors: [
        {
          messageId: 'reflectedWithCredentials',
          ...at(socketServer, 'origin: true', 'true'),
          suggestions: [{ messageId: 'suggestAllowlist', output: socketServer.replace('origin: true', "origin: ['https://app.example.com']") }],
        },
      ],
    },
    {
      code: apolloMiddleware,
      errors: [
        {
          messageId: 'reflectedWithCredentials',
          ...at(apolloMiddleware, 'origin: true', 'true'),
          suggestions: [{ messageId: 'suggestAllowlist', output: apolloMiddleware.replace('origin: true', "origin: ['https://app.example.com']") }],
        },
      ],
    },
  ],
});

ruleTester.run('no-wildcard-origin-with-credentials', rule('no-wildcard-origin-with-credentials'), {
  valid: [
    code`
      import { Server } from 'socket.io';
      const io = new Server(httpServer);
    `,
  ],
  invalid: [
    {
      code: socketLegacy,
      output: socketLegacy.replace(', credentials: true', ''),
      errors: [{ messageId: 'wildcardWithCredentials', ...at(socketLegacy, "'*'") }],
    },
    {
      // Apollo Server 2/3 hands `cors` to expressjs/cors, whose default origin is '*'.
      code: apolloStandalone,
      output: apolloStandalone.replace('credentials: true', ''),
      errors: [{ messageId: 'wildcardWithCredentials', ...at(apolloStandalone, 'cors: {') }],
    },
  ],
});
