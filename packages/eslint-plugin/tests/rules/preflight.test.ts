import { at, code, rule, ruleTester } from './tester.js';

const routeLevelPut = code`
  const express = require('express');
  const cors = require('cors');
  const app = express();
  app.get('/products/:id', cors(), (req, res) => res.json({}));
  app.put('/products/:id', cors({ origin: 'https://shop.example.com' }), (req, res) => res.json({}));
`;

const routerDelete = code`
  import { Router } from 'express';
  import cors from 'cors';
  const router = Router();
  const corsForApi = cors({ origin: ['https://app.example.com'] });
  router.delete('/items/:id', corsForApi, remove);
  router.route('/orders/:id').patch(corsForApi, update);
`;

const jsonHeaders = code`
  import express from 'express';
  import cors from 'cors';
  const app = express();
  app.post('/api/data', cors({ origin: 'https://app.example.com', allowedHeaders: ['Content-Type', 'Authorization'] }), save);
`;

const preflightContinue = code`
  import cors from 'cors';
  app.use(cors({ origin: 'https://app.example.com', preflightContinue: true }));
  app.put('/x', save);
`;

const honoRoute = code`
  import { Hono } from 'hono';
  import { cors } from 'hono/cors';
  const app = new Hono();
  app.put('/api/posts/:id', cors({ origin: 'https://app.example.com' }), (c) => c.json({}));
`;

ruleTester.run('require-preflight-handler', rule('require-preflight-handler'), {
  valid: [
    // A router is mounted elsewhere, maybe behind a global app.use(cors()) this file cannot see.
    routerDelete,
    // So is an app handed in from another module.
    code`
      import cors from 'cors';
      export function routes(app) {
        app.put('/items/:id', cors(), update);
      }
    `,
    // The README's fix: an OPTIONS route for the same path.
    code`
      import cors from 'cors';
      app.options('/products/:id', cors());
      app.delete('/products/:id', cors(), remove);
    `,
    // app.options('*', cors()) answers every preflight.
    code`
      import cors from 'cors';
      app.options('*', cors());
      app.delete('/products/:id', cors(), remove);
    `,
    // A global app.use(cors()) answers OPTIONS for every route.
    code`
      import cors from 'cors';
      app.use(cors({ origin: 'https://app.example.com' }));
      app.put('/admin', cors({ origin: 'https://admin.example.com' }), update);
    `,
    // GET and POST with safelisted headers need no preflight.
    code`
      import cors from 'cors';
      app.get('/products/:id', cors(), show);
      app.post('/form', cors({ allowedHeaders: 'Content-Type' }), save);
    `,
    // preflightContinue hands OPTIONS on, and Express answers it for the routed path by itself (200 with
    // Allow), with the CORS headers the middleware set.
    preflightContinue,
    // preflightContinue with an OPTIONS handler of its own.
    code`
      import cors from 'cors';
      app.use(cors({ preflightContinue: true }));
      app.options('*', (req, res) => res.sendStatus(204));
    `,
    // The route path is computed at run time: unknown.
    code`
      import cors from 'cors';
      app.options(process.env.PREFLIGHT_PATH, cors());
      app.put('/x', cors(), update);
    `,
    // @fastify/cors registers its own OPTIONS route.
    code`
      import fastifyCors from '@fastify/cors';
      await app.register(fastifyCors, { methods: ['GET', 'PUT', 'DELETE'] });
    `,
    // hono mounted with app.use answers OPTIONS itself.
    code`
      import { cors } from 'hono/cors';
      app.use('/api/*', cors());
      app.put('/api/posts/:id', handler);
    `,
  ],
  invalid: [
    {
      code: routeLevelPut,
      errors: [{ messageId: 'noOptionsRoute', ...at(routeLevelPut, "cors({ origin: 'https://shop") }],
    },
    {
      // POST, but Authorization is not safelisted: the browser preflights.
      code: jsonHeaders,
      errors: [{ messageId: 'noOptionsRoute', ...at(jsonHeaders, "cors({ origin: 'https://app") }],
    },
    {
      code: honoRoute,
      errors: [{ messageId: 'noOptionsRoute', ...at(honoRoute, 'cors({ origin') }],
    },
  ],
});
