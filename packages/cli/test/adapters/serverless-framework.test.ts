import { describe, expect, it } from 'vitest';
import { serverlessFramework } from '../../src/adapters/serverless-framework.js';
import { findingsOf } from './cloud-findings.js';
import { summary } from './cloud-summary.js';
import { detects, policiesOf } from './helpers.js';

const SERVICE = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
custom:
  cors:
    origins:
      - https://shop.example.com
      - https://*.preview.example.com
    headers: [Content-Type, Authorization]
    allowCredentials: true
functions:
  list:
    handler: src/list.handler
    events:
      - http: GET orders
        cors: true
  get:
    handler: src/get.handler
    events:
      - http:
          path: orders/{id}
          method: get
          cors: \${self:custom.cors}
  update:
    handler: src/update.handler
    events:
      - http:
          path: orders/{id}
          method: put
          cors: \${self:custom.cors}
  admin:
    handler: src/admin.handler
    events:
      - http:
          path: admin
          method: any
          cors:
            origin: \${env:ADMIN_ORIGIN}
            maxAge: 86400
`;

describe('serverless-framework adapter: REST http events', () => {
  const policies = policiesOf(serverlessFramework, 'serverless.yml', SERVICE).map(summary);

  it('applies the cors: true defaults (origin *, OPTIONS and the method, the default headers)', () => {
    // `http: GET orders` is a string event, so its `cors` sibling is not part of it: no CORS there.
    expect(policies.map((policy) => policy.source)).toEqual(['Serverless http /orders/{id}', 'Serverless http /admin']);
  });

  it('merges events on one path and resolves ${self:} from the same file', () => {
    expect(policies[0]).toEqual({
      source: 'Serverless http /orders/{id}',
      loc: '7:5',
      // Several origins: the MOCK OPTIONS echoes the request origin when it fully matches one, `*` as `.+`.
      origins: ['allow https://shop.example.com @8:9', 'glob(any) https://*.preview.example.com @9:9'],
      credentials: 'true @11:23',
      allowMethods: '[OPTIONS@7:5, GET@23:19, PUT@30:19] @7:5',
      allowHeaders: '[Content-Type@10:15, Authorization@10:29] @7:5',
      vary: 'unknown @7:5',
      preflight: 'answered @7:5',
      servedMethods: 'GET@23:19, PUT@30:19',
    });
  });

  it('reads a cors block shared through a YAML anchor and merge keys, and merges paths written with and without slashes', () => {
    const service = `service: crm
provider: { name: aws }
custom:
  cors: &cors
    origin: https://crm.example.com
    allowCredentials: true
functions:
  update:
    handler: u.h
    events:
      - http:
          path: contacts/{id}
          method: put
          cors:
            <<: *cors
            methods: [PUT, PATCH]
  remove:
    handler: r.h
    events:
      - http:
          path: /contacts/{id}/
          method: delete
          cors:
            <<: *cors
            origin: '*'
  list:
    handler: l.h
    events:
      - http: { path: contacts, method: get, cors: *cors }
`;
    const [contact, list] = policiesOf(serverlessFramework, 'serverless.yml', service).map(summary);
    // One OPTIONS method per resource: the last event's origin, the anchor's credentials, every method.
    expect(contact).toMatchObject({
      source: 'Serverless http /contacts/{id}',
      origins: ['any @25:21'],
      credentials: 'true @6:23',
      allowMethods: '[PUT@16:23, PATCH@16:28, OPTIONS@15:13, DELETE@22:19] @15:13',
    });
    expect(list).toMatchObject({ source: 'Serverless http /contacts', origins: ['send https://crm.example.com @5:13'], credentials: 'true @6:23' });
    expect(findingsOf(serverlessFramework, 'serverless.yml', service)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@25:21']);
  });

  it('treats other variables as unknown and expands ANY', () => {
    expect(policies[1]).toEqual({
      source: 'Serverless http /admin',
      loc: '39:13',
      origins: ['unknown @39:21'],
      credentials: 'false @39:13',
      allowMethods: '[OPTIONS@39:13, DELETE@37:19, GET@37:19, HEAD@37:19, PATCH@37:19, POST@37:19, PUT@37:19] @39:13',
      allowHeaders:
        '[Content-Type@39:13, X-Amz-Date@39:13, Authorization@39:13, X-Api-Key@39:13, X-Amz-Security-Token@39:13, X-Amz-User-Agent@39:13, X-Amzn-Trace-Id@39:13] @39:13',
      maxAge: '86400 ("86400") @40:21',
      vary: 'unknown @39:13',
      preflight: 'answered @39:13',
      servedMethods: 'DELETE@37:19, GET@37:19, HEAD@37:19, PATCH@37:19, POST@37:19, PUT@37:19',
    });
  });

  it('reads cors: true on an object event as origin *, and one comma-separated origin as a list', () => {
    const [simple, listed] = policiesOf(
      serverlessFramework,
      'serverless.yml',
      `service: s
provider: { name: aws }
functions:
  a:
    handler: a.h
    events:
      - http: { path: /a, method: post, cors: true }
  b:
    handler: b.h
    events:
      - http:
          path: b
          method: get
          cors:
            origin: "https://a.example.com, https://b.example.com"
            methods: [get]
`,
    ).map(summary);
    expect(simple).toMatchObject({ origins: ['any @7:47'], credentials: 'false @7:47', allowMethods: '[OPTIONS@7:47, POST@7:35] @7:47' });
    expect(listed).toMatchObject({
      origins: ['allow https://a.example.com @15:22', 'allow https://b.example.com @15:45'],
      allowMethods: '[get@16:23, OPTIONS@15:13, GET@13:19] @15:13',
    });
  });
});

describe('serverless-framework adapter: variables', () => {
  const service = (custom: string) => `service: s
provider: { name: aws }
custom:
${custom}
functions:
  a:
    handler: a.h
    events:
      - http:
          path: a
          method: delete
          cors: \${self:custom.cors}
`;

  it('takes a reference cycle as unknown', () => {
    const [policy] = policiesOf(serverlessFramework, 'serverless.yml', service('  cors: ${self:custom.other}\n  other: ${self:custom.cors}')).map(summary);
    expect(policy).toMatchObject({ origins: ['unknown @13:17'], credentials: 'unknown @13:17' });
  });

  it('fills text made of ${self:} references and resolves fanned-out references once', () => {
    const levels = Array.from({ length: 12 }, (_, level) => {
      const refs = Array.from({ length: 12 }, (_, i) => `    l${level}k${i}: \${self:custom.l${level + 1}}`);
      return [`  l${level}:`, ...refs].join('\n');
    });
    const custom = [
      '  domain: example.com',
      '  cors:',
      '    origin: https://app.${self:custom.domain}',
      '    headers: ${self:custom.l0}',
      ...levels,
      '  l12: X-Leaf',
    ].join('\n');
    const started = Date.now();
    const [policy] = policiesOf(serverlessFramework, 'serverless.yml', service(custom)).map(summary);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(policy?.origins).toEqual(['send https://app.example.com @6:13']);
    // The headers resolve to a mapping, which is no header list: the list is partial.
    expect(policy?.allowHeaders).toBe('[…] @6:5');
  });
});

describe('serverless-framework adapter: nested variables', () => {
  const service = (stage: string) => `service: gateway-api
provider:
  name: aws
  stage: ${stage}
custom:
  corsConfig:
    dev: true
    prod:
      origin: '*'
      allowCredentials: true
functions:
  gateway:
    handler: handlers/api.handler
    events:
      - http:
          path: /api
          method: GET
          cors: \${self:custom.corsConfig.\${self:provider.stage}}
`;

  it('resolves a reference inside a reference from the inside out', () => {
    expect(findingsOf(serverlessFramework, 'serverless.yml', service('prod'))).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@9:15']);
    const [dev] = policiesOf(serverlessFramework, 'serverless.yml', service('dev')).map(summary);
    // `cors: true` under the resolved key: origin * at that key.
    expect(dev).toMatchObject({ origins: ['any @7:10'], credentials: 'false @7:10' });
  });

  it('leaves the reference unknown when the inner one names a CLI option or a missing key', () => {
    for (const stage of ["${opt:stage, 'dev'}", 'staging']) {
      expect(findingsOf(serverlessFramework, 'serverless.yml', service(stage))).toEqual([]);
      const [policy] = policiesOf(serverlessFramework, 'serverless.yml', service(stage)).map(summary);
      expect(policy?.origins).toEqual(['unknown @18:17']);
    }
  });
});

describe('serverless-framework adapter: provider.httpApi.cors', () => {
  it('applies the cors: true defaults with the routes methods', () => {
    const [policy] = policiesOf(
      serverlessFramework,
      'serverless.yml',
      `service: api
provider:
  name: aws
  httpApi:
    cors: true
functions:
  read:
    handler: r.h
    events:
      - httpApi: GET /items
      - httpApi:
          method: DELETE
          path: /items/{id}
`,
    ).map(summary);
    expect(policy).toEqual({
      source: 'Serverless provider.httpApi.cors',
      loc: '5:11',
      origins: ['any @5:11'],
      credentials: 'false @5:11',
      allowMethods: '[OPTIONS@5:11, GET@10:18, DELETE@12:19] @5:11',
      allowHeaders:
        '[Content-Type@5:11, X-Amz-Date@5:11, Authorization@5:11, X-Api-Key@5:11, X-Amz-Security-Token@5:11, X-Amz-User-Agent@5:11, X-Amzn-Trace-Id@5:11] @5:11',
      vary: 'unknown @5:11',
      preflight: 'answered @5:11',
    });
  });

  it('reads the object form with API Gateway HTTP API semantics', () => {
    const [policy] = policiesOf(
      serverlessFramework,
      'serverless.yml',
      `service: api
provider:
  name: aws
  httpApi:
    cors:
      allowedOrigins: https://*
      allowedHeaders: [Authorization]
      allowCredentials: true
      exposedResponseHeaders: [X-Total-Count]
      maxAge: 6000
functions:
  read:
    handler: r.h
    events:
      - httpApi: '*'
`,
    ).map(summary);
    expect(policy).toEqual({
      source: 'Serverless provider.httpApi.cors',
      loc: '6:7',
      origins: ['reflect-any @6:23'],
      credentials: 'true @8:25',
      allowMethods: '[OPTIONS@6:7, GET@15:18, POST@15:18, PUT@15:18, PATCH@15:18, HEAD@15:18, DELETE@15:18] @6:7',
      allowHeaders: '[Authorization@7:24] @7:23',
      exposeHeaders: '[X-Total-Count@9:32] @9:31',
      maxAge: '6000 ("6000") @10:15',
      vary: 'unknown @6:7',
      preflight: 'answered @6:7',
    });
  });

  it('takes a catch-all httpApi route behind an authorizer as refusing preflights, which that route catches', () => {
    const service = `service: monolith
provider:
  name: aws
  httpApi:
    cors:
      allowedOrigins: [https://app.example.com]
      allowedHeaders: [Content-Type, Authorization]
      allowCredentials: true
    authorizers:
      cognito:
        identitySource: $request.header.Authorization
        issuerUrl: https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc
        audience: [app]
      custom:
        type: request
        functionName: authorize
functions:
  app:
    handler: dist/lambda.handler
    events:
      - httpApi:
          path: '*'
          method: '*'
          authorizer:
            name: cognito
`;
    expect(findingsOf(serverlessFramework, 'serverless.yml', service)).toEqual(['require-preflight-handler/refusedBeforeCors@25:13']);
    expect(findingsOf(serverlessFramework, 'serverless.yml', service.replace('name: cognito', 'type: aws_iam'))).toEqual(['require-preflight-handler/refusedBeforeCors@25:13']);
    // A Lambda authorizer without identity sources runs on every request and may let preflights through.
    expect(findingsOf(serverlessFramework, 'serverless.yml', service.replace('name: cognito', 'name: custom'))).toEqual([]);
    expect(findingsOf(serverlessFramework, 'serverless.yml', service.replace('name: cognito', 'id: ${ssm:/shared/authorizer-id}'))).toEqual([]);
    // An ANY route receives the preflights for its path just as the catch-all does (anomalyco/sst#5493);
    // a route for one method leaves them to API Gateway.
    const anyRoute = service.replace("path: '*'", 'path: /items/{id}');
    expect(findingsOf(serverlessFramework, 'serverless.yml', anyRoute)).toEqual(['require-preflight-handler/refusedBeforeCors@25:13']);
    expect(policiesOf(serverlessFramework, 'serverless.yml', anyRoute)[0]?.preflight).toMatchObject({ target: '/items/{id}', refusedBy: "the JWT authorizer cognito of the httpApi route '*' /items/{id} (which also receives the preflights)" });
    expect(findingsOf(serverlessFramework, 'serverless.yml', anyRoute.replace("method: '*'", 'method: PUT'))).toEqual([]);
    const withOptionsRoute = `${service}      - httpApi: OPTIONS /{proxy+}
`;
    expect(findingsOf(serverlessFramework, 'serverless.yml', withOptionsRoute)).toEqual([]);
  });

  it('builds no HTTP API without httpApi events', () => {
    expect(policiesOf(serverlessFramework, 'serverless.yml', 'service: s\nprovider:\n  name: aws\n  httpApi: { cors: true }\nfunctions: {}\n')).toEqual([]);
  });

  it('builds the HTTP API when functions or their events come from other files, Allow-Methods left partial', () => {
    const service = `service: shop
provider:
  name: aws
  httpApi:
    cors:
      allowedOrigins:
        - "*"
      allowCredentials: true
functions:
  - \${file(products/function.yml)}
  - \${file(orders/function.yml)}
`;
    expect(findingsOf(serverlessFramework, 'serverless.yml', service)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@7:11']);
    const [policy] = policiesOf(serverlessFramework, 'serverless.yml', service);
    expect(policy?.allowMethods).toMatchObject({ kind: 'list', partial: true, items: [{ value: 'OPTIONS' }] });
    const eventsElsewhere = service.replace(/functions:\n[\s\S]*$/, 'functions:\n  api:\n    handler: h.main\n    events: ${file(events.yml)}\n');
    expect(findingsOf(serverlessFramework, 'serverless.yml', eventsElsewhere)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@7:11']);
    const eventElsewhere = service.replace(/functions:\n[\s\S]*$/, 'functions:\n  api:\n    handler: h.main\n    events:\n      - ${file(events/api.yml)}\n');
    expect(findingsOf(serverlessFramework, 'serverless.yml', eventElsewhere)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@7:11']);
    const functionElsewhere = service.replace(/functions:\n[\s\S]*$/, 'functions:\n  api: ${file(fn.yml):api}\n');
    expect(findingsOf(serverlessFramework, 'serverless.yml', functionElsewhere)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@7:11']);
    // Every function readable here and none with an httpApi event: no HTTP API is built.
    const restOnly = service.replace(/functions:\n[\s\S]*$/, 'functions:\n  api:\n    handler: h.main\n    events:\n      - http: GET /items\n');
    expect(policiesOf(serverlessFramework, 'serverless.yml', restOnly)).toEqual([]);
  });

  it('reads the CloudFormation under resources, resolving ${self:} and leaving ${file()} fragments unknown', () => {
    const service = `service: uploads
custom:
  partner: http://partner.example.com
provider:
  name: aws
  runtime: nodejs20.x
functions:
  presign:
    handler: src/presign.handler
    events:
      - http: { path: presign, method: post, cors: true }
resources:
  - \${file(resources/buckets.yml)}
  - Resources:
      UploadsBucket:
        Type: AWS::S3::Bucket
        Properties:
          CorsConfiguration:
            CorsRules:
              - AllowedOrigins: ['\${self:custom.partner}', '\${env:FRONTEND}']
                AllowedMethods: [PUT]
      GatewayResponseUnauthorized:
        Type: 'AWS::ApiGateway::GatewayResponse'
        Properties:
          ResponseType: UNAUTHORIZED
          RestApiId: { Ref: ApiGatewayRestApi }
          ResponseParameters:
            gatewayresponse.header.Access-Control-Allow-Origin: "'*'"
            gatewayresponse.header.Access-Control-Allow-Credentials: "'true'"
`;
    expect(findingsOf(serverlessFramework, 'serverless.yml', service)).toEqual([
      'no-insecure-origin/insecureOrigin@3:12',
      'no-wildcard-origin-with-credentials/wildcardWithCredentials@28:65',
    ]);
  });

  it('reads function URL cors objects with Lambda semantics, variables unknown', () => {
    const service = `service: url-svc
frameworkVersion: '3'
provider:
  name: aws
  runtime: nodejs18.x
functions:
  webhook:
    handler: src/webhook.handler
    url:
      cors:
        allowedOrigins:
          - '*'
        allowedHeaders:
          - Content-Type
          - Authorization
        allowedMethods:
          - POST
        allowCredentials: true
        maxAge: 6000
  public:
    handler: src/public.handler
    url: true
  other:
    handler: src/other.handler
    url:
      authorizer: aws_iam
      cors: true
  env:
    handler: src/env.handler
    url:
      cors:
        allowedOrigins: \${env:ORIGINS}
        allowCredentials: true
`;
    expect(findingsOf(serverlessFramework, 'serverless.yml', service)).toEqual(['no-reflected-origin-with-credentials/reflectedWithCredentials@12:13']);
    // Older services list their functions as a sequence of one-key mappings.
    const asList = `service: url-svc
provider:
  name: aws
functions:
  - webhook:
      handler: src/webhook.handler
      url:
        cors:
          allowedOrigins: ['*']
          allowCredentials: true
  - env:
      handler: src/env.handler
      url:
        cors:
          allowedOrigins: \${env:ORIGINS}
          allowCredentials: true
`;
    expect(findingsOf(serverlessFramework, 'serverless.yml', asList)).toEqual(['no-reflected-origin-with-credentials/reflectedWithCredentials@9:28']);
  });

  it('fills function URL cors from the compiler defaults: every origin, echoed with credentials', () => {
    const service = `service: url-defaults
provider:
  name: aws
functions:
  session:
    handler: src/session.handler
    url:
      cors:
        allowCredentials: true
  listed:
    handler: src/listed.handler
    url:
      cors:
        allowedOrigins: [https://app.example.com]
        allowCredentials: true
  removed:
    handler: src/removed.handler
    url:
      cors:
        allowedOrigins: null
        allowCredentials: true
  open:
    handler: src/open.handler
    url:
      cors: true
`;
    // No allowedOrigins: defaultCors' '*' stays, and Lambda echoes it with credentials.
    expect(findingsOf(serverlessFramework, 'serverless.yml', service)).toEqual(['no-reflected-origin-with-credentials/reflectedWithCredentials@9:9']);
    const open = policiesOf(serverlessFramework, 'serverless.yml', service).find((policy) => policy.source === 'Serverless functions.open.url.cors');
    expect(open === undefined ? undefined : summary(open)).toMatchObject({
      loc: '25:13',
      origins: ['any @25:13'],
      credentials: 'false @25:13',
      allowMethods: 'unknown @25:13',
      allowHeaders: '[Content-Type@25:13, X-Amz-Date@25:13, Authorization@25:13, X-Api-Key@25:13, X-Amz-Security-Token@25:13, X-Amzn-Trace-Id@25:13] @25:13',
      maxAge: '0 ("0") @25:13',
    });
  });

  it('takes a path with its own OPTIONS http event as answered by that function, refused behind its authorizer or API key', () => {
    const service = (optionsExtra: string) => `service: orders
provider:
  name: aws
functions:
  authorizer:
    handler: auth.handler
  orders:
    handler: orders.handler
    events:
      - http:
          path: /orders
          method: delete
          authorizer: authorizer
          cors:
            origin: '*'
            allowCredentials: true
      - http:
          path: /orders
          method: options
          cors: true${optionsExtra}
`;
    // The function answers preflights instead of the MOCK method, so the cors settings reach nothing known.
    expect(findingsOf(serverlessFramework, 'serverless.yml', service(''))).toEqual([]);
    expect(summary(policiesOf(serverlessFramework, 'serverless.yml', service(''))[0]).preflight).toBe('unknown /orders @19:19');
    // A TOKEN authorizer (the default for a function name) reads an Authorization header no preflight carries.
    expect(findingsOf(serverlessFramework, 'serverless.yml', service('\n          authorizer:\n            name: authorizer'))).toEqual([
      'require-preflight-handler/refusedBeforeCors@22:13',
    ]);
    expect(findingsOf(serverlessFramework, 'serverless.yml', service('\n          authorizer: aws_iam'))).toEqual(['require-preflight-handler/refusedBeforeCors@21:23']);
    expect(findingsOf(serverlessFramework, 'serverless.yml', service('\n          private: true'))).toEqual(['require-preflight-handler/refusedBeforeCors@21:20']);
    // A REQUEST authorizer that reads the query string, or one with caching off and no identity source
    // (it then runs on every request), may let preflights through.
    expect(
      findingsOf(serverlessFramework, 'serverless.yml', service('\n          authorizer:\n            name: authorizer\n            type: request\n            identitySource: method.request.querystring.key')),
    ).toEqual([]);
    expect(findingsOf(serverlessFramework, 'serverless.yml', service('\n          authorizer:\n            name: authorizer\n            type: request\n            resultTtlInSeconds: 0'))).toEqual([]);
    // With caching on, the default identity source, the Authorization header, applies to it too.
    expect(findingsOf(serverlessFramework, 'serverless.yml', service('\n          authorizer:\n            name: authorizer\n            type: request'))).toEqual([
      'require-preflight-handler/refusedBeforeCors@22:13',
    ]);
  });

  it('recognises AWS service files only', () => {
    expect(detects(serverlessFramework, 'serverless.yml', SERVICE)).toBe(true);
    expect(detects(serverlessFramework, 'infra/api.yml', SERVICE)).toBe(true);
    expect(detects(serverlessFramework, 'serverless.yml', 'service: s\nprovider: { name: google }\nfunctions: {}\n')).toBe(false);
    expect(detects(serverlessFramework, 'docker-compose.yml', 'services:\n  web: { image: nginx }\n')).toBe(false);
  });

  it('reads a service whose provider is written as a plain name', () => {
    const service = `service: legacy
provider: aws
functions:
  hello:
    handler: handler.hello
    events:
      - http:
          path: hello
          method: put
          cors:
            origin: "*"
            allowCredentials: true
`;
    expect(detects(serverlessFramework, 'serverless.yml', service)).toBe(true);
    expect(detects(serverlessFramework, 'api.yml', service)).toBe(true);
    expect(detects(serverlessFramework, 'serverless.yml', service.replace('provider: aws', 'provider: google'))).toBe(false);
    expect(findingsOf(serverlessFramework, 'serverless.yml', service)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@11:21']);
  });
});
