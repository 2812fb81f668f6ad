import { at, code, rule, ruleTester } from './tester.js';

const factoryOption = code`
  import { NestFactory } from '@nestjs/core';
  import { AppModule } from './app.module';

  async function bootstrap() {
    const app = await NestFactory.create(AppModule, {
      cors: { origin: true, credentials: true },
    });
    await app.listen(3000);
  }
  bootstrap();
`;

const enableCors = code`
  import { NestFactory } from '@nestjs/core';
  import { AppModule } from './app.module';

  async function bootstrap() {
    const app = await NestFactory.create(AppModule);
    app.enableCors({ credentials: true, maxAge: 86400 });
    await app.listen(3000);
  }
`;

const fastifyAdapter = code`
  import { NestFactory } from '@nestjs/core';
  import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
    cors: { origin: ['https://app.example.com', 'null'], credentials: true },
  });
`;

ruleTester.run('no-reflected-origin-with-credentials', rule('no-reflected-origin-with-credentials'), {
  valid: [
    code`
      import { NestFactory } from '@nestjs/core';
      const app = await NestFactory.create(AppModule, { cors: { origin: ['https://app.example.com'], credentials: true } });
    `,
    // The origin list comes from configuration: unknown.
    code`
      import { NestFactory } from '@nestjs/core';
      const app = await NestFactory.create(AppModule);
      app.enableCors({ origin: configService.get('CORS_ORIGINS'), credentials: true });
    `,
    // enableCors on something that is not a Nest application (no @nestjs import).
    code`
      const app = createServer();
      app.enableCors({ origin: true, credentials: true });
    `,
  ],
  invalid: [
    {
      code: factoryOption,
      errors: [
        {
          messageId: 'reflectedWithCredentials',
          ...at(factoryOption, 'origin: true', 'true'),
          suggestions: [{ messageId: 'suggestAllowlist', output: factoryOption.replace('origin: true', "origin: ['https://app.example.com']") }],
        },
      ],
    },
  ],
});

ruleTester.run('no-wildcard-origin-with-credentials', rule('no-wildcard-origin-with-credentials'), {
  valid: [
    code`
      import { NestFactory } from '@nestjs/core';
      const app = await NestFactory.create(AppModule, { cors: true });
      app.enableCors();
    `,
  ],
  invalid: [
    {
      // The express adapter runs expressjs/cors: default origin '*'.
      code: enableCors,
      output: enableCors.replace('credentials: true, ', ''),
      errors: [{ messageId: 'wildcardWithCredentials', ...at(enableCors, 'app.enableCors({') }],
    },
  ],
});

ruleTester.run('max-age-within-browser-cap', rule('max-age-within-browser-cap'), {
  valid: [],
  invalid: [
    {
      code: enableCors,
      errors: [
        {
          messageId: 'aboveBrowserCap',
          ...at(enableCors, '86400'),
          suggestions: [{ messageId: 'suggestMaxAge', data: { seconds: 7200 }, output: enableCors.replace('86400', '7200') }],
        },
      ],
    },
  ],
});

ruleTester.run('no-null-origin', rule('no-null-origin'), {
  valid: [],
  invalid: [
    {
      code: fastifyAdapter,
      errors: [
        {
          messageId: 'nullOriginWithCredentials',
          ...at(fastifyAdapter, "'null'"),
          suggestions: [{ messageId: 'suggestRemoveNullOrigin', output: fastifyAdapter.replace(", 'null'", '') }],
        },
      ],
    },
  ],
});
