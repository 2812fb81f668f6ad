import { describe, expect, it } from 'vitest';
import { openApi } from '../../src/adapters/openapi.js';
import { findingsOf } from './cloud-findings.js';
import { summary } from './cloud-summary.js';
import { detects, policiesOf } from './helpers.js';

const HTTP_API = `openapi: "3.0.1"
info: { title: admin, version: "1" }
x-amazon-apigateway-cors:
  allowOrigins:
    - https://admin.example.com
    - http://*
  allowCredentials: true
  allowMethods: ["*"]
  maxAge: -1
paths:
  /users:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        payloadFormatVersion: "2.0"
        uri: arn:aws:lambda:eu-west-1:123456789012:function:users
`;

const REST_API = `swagger: "2.0"
info: { title: shop, version: "1" }
paths:
  /cart:
    put:
      parameters:
        - { name: X-Cart-Token, in: header, type: string }
      responses:
        "200":
          description: ok
          headers:
            Access-Control-Allow-Origin: { type: string }
      x-amazon-apigateway-integration:
        type: aws
        httpMethod: POST
        uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/cart/invocations
        responses:
          default:
            statusCode: "200"
            responseParameters:
              method.response.header.Access-Control-Allow-Origin: "'https://shop.example.com'"
              method.response.header.Access-Control-Allow-Credentials: "'true'"
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/cart/invocations
  /products:
    get:
      x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: arn:products }
    options:
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: { application/json: '{"statusCode": 200}' }
        responses:
          default:
            statusCode: "200"
            responseParameters:
              method.response.header.Access-Control-Allow-Methods: "'GET,OPTIONS'"
              method.response.header.Access-Control-Allow-Headers: "'Content-Type,Authorization'"
              method.response.header.Access-Control-Allow-Origin: "'*'"
              method.response.header.Access-Control-Max-Age: "'7200'"
  /health:
    get:
      x-amazon-apigateway-integration: { type: mock }
`;

describe('openapi adapter', () => {
  it('reads x-amazon-apigateway-cors with HTTP API semantics', () => {
    expect(policiesOf(openApi, 'openapi.yaml', HTTP_API).map(summary)).toEqual([
      {
        source: 'OpenAPI x-amazon-apigateway-cors',
        loc: '4:3',
        // `http://*` allows every http origin, echoing it.
        origins: ['allow https://admin.example.com @5:7', 'reflect-any @6:7'],
        credentials: 'true @7:21',
        allowMethods: 'unknown @8:17',
        // API Gateway accepts -1 but documents nothing it sends for it.
        maxAge: 'unknown @9:11',
        vary: 'unknown @4:3',
        preflight: 'answered @4:3',
      },
    ]);
  });

  it('flags REST paths that send CORS headers without an options operation, and reads OPTIONS mocks', () => {
    expect(policiesOf(openApi, 'api/swagger.yaml', REST_API).map(summary)).toEqual([
      {
        source: 'OpenAPI /cart',
        loc: '6:7',
        origins: ['send https://shop.example.com @21:67'],
        credentials: 'true @22:72',
        vary: 'false @6:7',
        preflight: 'no-options-route /cart @4:3',
        servedMethods: 'PUT@5:5, GET@23:5',
      },
      {
        source: 'OpenAPI OPTIONS /products',
        loc: '33:9',
        origins: ['any @41:67'],
        credentials: 'false @33:9',
        allowMethods: '[GET@39:70, OPTIONS@39:74] @39:68',
        allowHeaders: '[Content-Type@40:70, Authorization@40:83] @40:68',
        maxAge: '7200 ("7200") @42:62',
        vary: 'false @33:9',
        preflight: 'answered @31:5',
      },
    ]);
  });

  it('takes CORS headers declared on a Lambda proxy method as unknown values', () => {
    const [policy] = policiesOf(
      openApi,
      'openapi.json',
      JSON.stringify(
        {
          openapi: '3.0.0',
          paths: {
            '/orders/{id}': {
              delete: {
                responses: { '204': { headers: { 'access-control-allow-origin': { schema: { type: 'string' } } } } },
                'x-amazon-apigateway-integration': { type: 'aws_proxy', uri: '${lambda_arn}' },
              },
            },
          },
        },
        null,
        2,
      ),
    ).map(summary);
    expect(policy).toEqual({
      source: 'OpenAPI /orders/{id}',
      loc: '5:17',
      origins: ['unknown @9:15'],
      credentials: 'unknown @9:15',
      vary: 'unknown @9:15',
      preflight: 'no-options-route /orders/{id} @4:5',
      servedMethods: 'DELETE@5:7',
    });
  });

  it('leaves the preflight of a path with an ANY method to its integration, which receives OPTIONS', () => {
    const [policy] = policiesOf(
      openApi,
      'openapi.yaml',
      `openapi: 3.0.1
paths:
  /{proxy+}:
    x-amazon-apigateway-any-method:
      x-amazon-apigateway-integration:
        type: http
        httpMethod: ANY
        uri: https://backend.example.com/{proxy}
        responses:
          default:
            statusCode: "200"
            responseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
`,
    ).map(summary);
    expect(policy).toMatchObject({
      source: 'OpenAPI /{proxy+}',
      origins: ['any @13:67'],
      preflight: 'unknown /{proxy+} @4:5',
    });
  });

  it('leaves the headers of a proxy integration to its backend: its integration responses do not apply', () => {
    const definition = (type: string): string => `openapi: 3.0.1
paths:
  /items:
    get:
      x-amazon-apigateway-integration:
        type: ${type}
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn/invocations
        responses:
          default:
            statusCode: "200"
            responseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
              method.response.header.Access-Control-Allow-Credentials: "'true'"
`;
    expect(findingsOf(openApi, 'openapi.yaml', definition('aws_proxy'))).toEqual([]);
    expect(findingsOf(openApi, 'openapi.yaml', definition('aws'))).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@13:67']);
  });

  it('takes an ANY method whose security refuses preflights, on a path without options operation, as leaving them unanswered', () => {
    const definition = `swagger: "2.0"
info: { title: orders, version: "1" }
paths:
  /{proxy+}:
    x-amazon-apigateway-any-method:
      responses:
        "200":
          description: "200 response"
          headers:
            Access-Control-Allow-Origin: { type: string }
      security:
      - orders-cognito: []
      x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: "arn:aws:apigateway:eu-west-1:lambda:path/fn" }
securityDefinitions:
  orders-cognito:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: cognito_user_pools
    x-amazon-apigateway-authorizer:
      type: cognito_user_pools
      providerARNs: ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc"]
`;
    expect(findingsOf(openApi, 'swagger.yaml', definition)).toEqual(['require-preflight-handler/refusedBeforeCors@12:7']);
    expect(policiesOf(openApi, 'swagger.yaml', definition)[0]?.preflight).toMatchObject({ target: '/{proxy+}', refusedBy: 'the security requirement orders-cognito of the x-amazon-apigateway-any-method operation (which also receives the preflights)' });
    expect(findingsOf(openApi, 'swagger.yaml', definition.replace('      security:\n      - orders-cognito: []\n', ''))).toEqual([]);
    // So does an options operation that proxies preflights to the backend behind the same security.
    const proxiedOptions = definition.replace(
      '  /{proxy+}:\n    x-amazon-apigateway-any-method:\n',
      '  /{proxy+}:\n    options:\n      security:\n      - orders-cognito: []\n      x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: "arn:aws:apigateway:eu-west-1:lambda:path/fn" }\n    put:\n',
    );
    expect(findingsOf(openApi, 'swagger.yaml', proxiedOptions)).toEqual(['require-preflight-handler/refusedBeforeCors@7:7']);
    expect(policiesOf(openApi, 'swagger.yaml', proxiedOptions)[0]?.preflight).toMatchObject({ target: '/{proxy+}', refusedBy: 'the security requirement orders-cognito of the options operation' });
    expect(findingsOf(openApi, 'swagger.yaml', proxiedOptions.replace('    options:\n      security:\n      - orders-cognito: []\n', '    options:\n'))).toEqual([]);
  });

  it('checks the headers every operation maps on its own responses, not only the first that sends CORS headers', () => {
    // As the API Gateway console exports it: GET is a Lambda proxy that only declares the header, PUT
    // maps literals that break every credentialed response.
    const exported = `openapi: "3.0.1"
info: { title: admin, version: "2024-03-14T09:12:44Z" }
paths:
  /admin:
    get:
      responses:
        "200":
          description: "200 response"
          headers:
            Access-Control-Allow-Origin: { schema: { type: "string" } }
      x-amazon-apigateway-integration: { type: "aws_proxy", httpMethod: "POST", uri: "arn:aws:lambda:admin" }
    put:
      x-amazon-apigateway-integration:
        type: "http"
        httpMethod: "PUT"
        uri: "http://backend.example.com/admin"
        responses:
          default:
            statusCode: "200"
            responseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
              method.response.header.Access-Control-Allow-Credentials: "'true'"
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: "http"
        uri: "http://petstore.example.com/pets"
        responses:
          default:
            statusCode: "200"
            responseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
              method.response.header.Access-Control-Allow-Credentials: "'true'"
    options:
      x-amazon-apigateway-integration:
        type: "mock"
        requestTemplates: { application/json: '{"statusCode": 200}' }
        responses:
          default:
            statusCode: "200"
            responseParameters:
              method.response.header.Access-Control-Allow-Methods: "'GET,OPTIONS'"
              method.response.header.Access-Control-Allow-Origin: "'https://shop.example.com'"
              method.response.header.Access-Control-Allow-Credentials: "'true'"
`;
    expect(findingsOf(openApi, 'openapi.yaml', exported)).toEqual([
      'require-preflight-handler/noOptionsRoute@4:3',
      'no-wildcard-origin-with-credentials/wildcardWithCredentials@21:67',
      'no-wildcard-origin-with-credentials/wildcardWithCredentials@32:67',
    ]);
  });

  it('reads a response template that overrides Access-Control-Allow-Origin with a literal or the request origin', () => {
    // As a Lambda (non-proxy) integration exported from the console: the template repeats the mapped '*'.
    const definition = (parameters: string, template: string): string => `swagger: "2.0"
info: { title: live, version: "2021-01-03T20:10:33Z" }
paths:
  /video/{streamID}/manifest.m3u8:
    get:
      x-amazon-apigateway-integration:
        type: "aws"
        httpMethod: "POST"
        uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:manifest/invocations"
        responses:
          default:
            statusCode: "200"
            responseParameters:
${parameters}
            responseTemplates:
              application/json: ${JSON.stringify(template)}
    options:
      x-amazon-apigateway-integration:
        type: "mock"
        requestTemplates: { application/json: '{"statusCode": 200}' }
        responses:
          default:
            statusCode: "200"
            responseParameters:
              method.response.header.Access-Control-Allow-Methods: "'GET,OPTIONS'"
              method.response.header.Access-Control-Allow-Origin: "'*'"
`;
    const wildcard = `              method.response.header.Access-Control-Allow-Origin: "'*'"`;
    const repeated = "$input.path('$.body')\n#set($context.responseOverride.status = $input.path('$.statusCode'))\n#set($context.responseOverride.header.Access-Control-Allow-Origin = '*')";
    expect(findingsOf(openApi, 'openapi.yaml', definition(wildcard, repeated))).toEqual([]);
    // An unconditional literal replaces the mapped '*', so credentials go with one fixed origin.
    const credentialed = `${wildcard}\n              method.response.header.Access-Control-Allow-Credentials: "'true'"`;
    const fixed = "$input.path('$.body')\n#set($context.responseOverride.header.Access-Control-Allow-Origin = \"https://app.example.com\")";
    expect(findingsOf(openApi, 'openapi.yaml', definition(credentialed, fixed))).toEqual([]);
    // Under a condition the response carries either value, so it depends on the request.
    const conditional = "#if($input.params().header.get('Origin') == \"https://app.example.com\")\n#set($context.responseOverride.header.Access-Control-Allow-Origin = 'https://app.example.com')\n#end";
    expect(findingsOf(openApi, 'openapi.yaml', definition(wildcard, conditional))).toEqual(['require-vary-origin/missingVary@6:7']);
    // An unconditional echo of the request's Origin replaces the mapped '*' on every response.
    const echo = "$input.path('$.body')\n#set($context.responseOverride.header.Access-Control-Allow-Origin = $input.params().header.get('Origin'))";
    expect(findingsOf(openApi, 'openapi.yaml', definition(credentialed, echo))).toEqual([
      'require-vary-origin/missingVary@6:7',
      'no-reflected-origin-with-credentials/reflectedWithCredentials@17:33',
    ]);
    const throughVariable = "#set($origin = $input.params('origin'))\n#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)";
    expect(findingsOf(openApi, 'openapi.yaml', definition(credentialed, throughVariable))).toEqual([
      'require-vary-origin/missingVary@6:7',
      'no-reflected-origin-with-credentials/reflectedWithCredentials@17:33',
    ]);
    // A double-quoted VTL string holding only the variable interpolates to the request's Origin (console exports write `="$origin"`).
    const quotedVariable = '$input.json("$")\n#set($origin = $input.params("origin"))\n#set($context.responseOverride.header.Access-Control-Allow-Origin="$origin")';
    expect(findingsOf(openApi, 'openapi.yaml', definition(credentialed, quotedVariable))).toEqual([
      'require-vary-origin/missingVary@6:7',
      'no-reflected-origin-with-credentials/reflectedWithCredentials@17:33',
    ]);
    // The same echo written as a quoted expression, or through the parameter map's own `get`.
    const quotedExpression = "#set($context.responseOverride.header.Access-Control-Allow-Origin = \"$input.params('origin')\")";
    const mapGet = "#set($callerOrigin = $input.params().get('header').get('origin'))\n#set($context.responseOverride.header.Access-Control-Allow-Origin = $callerOrigin)";
    for (const template of [quotedExpression, mapGet]) {
      expect(findingsOf(openApi, 'openapi.yaml', definition(credentialed, template))).toEqual([
        'require-vary-origin/missingVary@6:7',
        'no-reflected-origin-with-credentials/reflectedWithCredentials@17:33',
      ]);
    }
    // A condition on something other than the Origin (method, stage) names no allowed origin: the echo is unknown.
    const methodGuard = "#set($origin = $input.params('origin'))\n#if($context.httpMethod == \"GET\")\n#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\n#end";
    expect(findingsOf(openApi, 'openapi.yaml', definition(wildcard, methodGuard))).toEqual(['require-vary-origin/missingVary@6:7']);
    const kinds = (template: string): string[][] =>
      policiesOf(openApi, 'openapi.yaml', definition(wildcard, template)).map((policy) =>
        policy.origins.map((origin) => (origin.kind === 'exact' ? `${origin.value} ${String(origin.compared)}` : origin.kind)),
      );
    expect(kinds(methodGuard)).toContainEqual(['any', 'unknown']);
    // The Origin compared where it is read, in single quotes, is an allowlist.
    const directGuard = "#if($input.params('origin') == 'https://app.example.com')\n#set($context.responseOverride.header.Access-Control-Allow-Origin = $input.params('origin'))\n#end";
    expect(kinds(directGuard)).toContainEqual(['any', 'https://app.example.com true']);
    // Text around the reference makes it another value, which the linter leaves unknown beside the mapped '*'.
    const prefixed = '#set($origin = $input.params("origin"))\n#set($context.responseOverride.header.Access-Control-Allow-Origin="https://$origin")';
    expect(findingsOf(openApi, 'openapi.yaml', definition(credentialed, prefixed))).toEqual([
      'require-vary-origin/missingVary@6:7',
      'no-wildcard-origin-with-credentials/wildcardWithCredentials@14:67',
    ]);
    // Echoed only under a condition, or a value the linter cannot read: the mapped '*' may still be sent.
    const guardedEcho = "#set($origin = $input.params('origin'))\n#if($origin != '')\n#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\n#end";
    expect(findingsOf(openApi, 'openapi.yaml', definition(credentialed, guardedEcho))).toEqual([
      'require-vary-origin/missingVary@6:7',
      'no-wildcard-origin-with-credentials/wildcardWithCredentials@14:67',
    ]);
  });

  it('reads x-amazon-apigateway-gateway-responses', () => {
    const definition = `openapi: "3.0.1"
info: { title: api, version: "1" }
paths: {}
x-amazon-apigateway-gateway-responses:
  DEFAULT_4XX:
    responseParameters:
      gatewayresponse.header.Access-Control-Allow-Origin: "'*'"
      gatewayresponse.header.Access-Control-Allow-Headers: "'*'"
    responseTemplates:
      application/json: '{"message":$context.error.messageString}'
  ACCESS_DENIED:
    statusCode: 403
    responseParameters:
      gatewayresponse.header.Access-Control-Allow-Origin: "'*'"
      gatewayresponse.header.Access-Control-Allow-Credentials: "'true'"
`;
    expect(detects(openApi, 'openapi.yaml', definition)).toBe(true);
    expect(findingsOf(openApi, 'openapi.yaml', definition)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@14:59']);
  });

  it('claims no REST preflight gap in an HTTP API definition, whose CORS is configured on the API resource', () => {
    const httpApi = `openapi: "3.0.1"
info: { title: orders, version: "1" }
paths:
  /orders/{id}:
    put:
      responses:
        "200":
          description: ok
          headers:
            Access-Control-Allow-Origin: { schema: { type: string } }
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: \${orders_lambda_arn}
        payloadFormatVersion: "2.0"
`;
    expect(detects(openApi, 'openapi.yaml', httpApi)).toBe(true);
    expect(policiesOf(openApi, 'openapi.yaml', httpApi)).toEqual([]);
    const withoutVersion = httpApi.replace('        payloadFormatVersion: "2.0"\n', '');
    expect(findingsOf(openApi, 'openapi.yaml', withoutVersion)).toEqual(['require-preflight-handler/noOptionsRoute@4:3']);
  });

  it('takes an options operation that requires an authorizer or an API key as refusing preflights', () => {
    const secured = `swagger: "2.0"
info: { title: orders, version: "1" }
securityDefinitions:
  CognitoAuth:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: cognito_user_pools
    x-amazon-apigateway-authorizer:
      type: cognito_user_pools
      providerARNs: ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc"]
paths:
  /orders:
    put:
      security:
        - CognitoAuth: []
      responses:
        "200":
          description: ok
          headers:
            Access-Control-Allow-Origin: { type: string }
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/orders/invocations
    options:
      security:
        - CognitoAuth: []
      responses:
        "200":
          description: ok
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: { application/json: '{"statusCode": 200}' }
        responses:
          default:
            statusCode: "200"
            responseParameters:
              method.response.header.Access-Control-Allow-Origin: "'https://app.example.com'"
              method.response.header.Access-Control-Allow-Methods: "'PUT,OPTIONS'"
              method.response.header.Access-Control-Allow-Headers: "'Content-Type,Authorization'"
`;
    expect(findingsOf(openApi, 'swagger.yaml', secured)).toEqual(['require-preflight-handler/refusedBeforeCors@28:9']);
    const open = secured.replace('    options:\n      security:\n        - CognitoAuth: []\n', '    options:\n');
    expect(findingsOf(openApi, 'swagger.yaml', open)).toEqual([]);
    const optional = secured.replace('    options:\n      security:\n        - CognitoAuth: []\n', '    options:\n      security:\n        - CognitoAuth: []\n        - {}\n');
    expect(findingsOf(openApi, 'swagger.yaml', optional)).toEqual([]);
    const unknownScheme = secured.replace('    options:\n      security:\n        - CognitoAuth: []\n', '    options:\n      security:\n        - Elsewhere: []\n');
    expect(findingsOf(openApi, 'swagger.yaml', unknownScheme)).toEqual([]);
  });

  it('counts the header an operation\'s only security requirement names (an API key) as a preflight cause', () => {
    const definition = (security: string, keySource = '') => `openapi: 3.0.1
info: { title: catalog, version: "1" }${keySource}
paths:
  /items:
    get:
      security:
${security}
      responses:
        "200":
          description: ok
          headers:
            Access-Control-Allow-Origin: { schema: { type: string } }
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn/invocations
components:
  securitySchemes:
    api_key: { type: apiKey, name: x-api-key, in: header }
    partner_token: { type: apiKey, name: X-Partner-Token, in: header, x-amazon-apigateway-authtype: custom, x-amazon-apigateway-authorizer: { type: token, authorizerUri: arn } }
    query_key: { type: apiKey, name: key, in: query }
`;
    expect(findingsOf(openApi, 'api.yaml', definition('        - api_key: []'))).toEqual(['require-preflight-handler/noOptionsRoute@4:3']);
    expect(policiesOf(openApi, 'api.yaml', definition('        - api_key: []'))[0]?.requiredRequestHeaders?.map((header) => header.value)).toEqual(['x-api-key']);
    expect(findingsOf(openApi, 'api.yaml', definition('        - partner_token: []'))).toEqual(['require-preflight-handler/noOptionsRoute@4:3']);
    expect(findingsOf(openApi, 'api.yaml', definition('        - api_key: []', '\nx-amazon-apigateway-api-key-source: HEADER'))).toEqual([
      'require-preflight-handler/noOptionsRoute@5:3',
    ]);
    // The key comes from the authorizer; a query parameter needs no preflight; alternatives let the caller choose.
    expect(findingsOf(openApi, 'api.yaml', definition('        - api_key: []', '\nx-amazon-apigateway-api-key-source: AUTHORIZER'))).toEqual([]);
    expect(findingsOf(openApi, 'api.yaml', definition('        - query_key: []'))).toEqual([]);
    expect(findingsOf(openApi, 'api.yaml', definition('        - api_key: []\n        - query_key: []'))).toEqual([]);
  });

  it('counts a Lambda authorizer\'s identity-source headers as a cause for the preflight its options operation refuses (AWS SAM AddDefaultAuthorizerToCorsPreflight output)', () => {
    // GET and POST alone need no preflight; the header the authorizer reads does. SAM writes `name: Unused`
    // for a REQUEST authorizer, so the header is the identity source's.
    const processed = (authorizer: string) => `swagger: "2.0"
info: { version: "1.0", title: portal }
paths:
  /:
    get:
      security:
        - PortalAuth: []
      x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/portal/invocations }
      responses: {}
    post:
      security:
        - PortalAuth: []
      x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/portal/invocations }
      responses: {}
    options:
      summary: CORS support
      security:
        - PortalAuth: []
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: { application/json: "{\\n  \\"statusCode\\" : 200\\n}\\n" }
        responses:
          default:
            statusCode: "200"
            responseParameters:
              method.response.header.Access-Control-Allow-Origin: "'https://portal.example.com'"
              method.response.header.Access-Control-Allow-Methods: "'GET,OPTIONS,POST'"
      responses:
        "200": { description: Default response for CORS method }
securityDefinitions:
  PortalAuth:
    in: header
    type: apiKey
${authorizer}
`;
    const request = processed('    name: Unused\n    x-amazon-apigateway-authtype: custom\n    x-amazon-apigateway-authorizer: { type: request, identitySource: "method.request.header.Authorization1, method.request.querystring.tenant", authorizerUri: arn }');
    expect(findingsOf(openApi, 'template.yaml', request)).toEqual(['require-preflight-handler/refusedBeforeCors@18:9']);
    expect(policiesOf(openApi, 'template.yaml', request)[0]?.requiredRequestHeaders?.map((header) => header.value)).toEqual(['Authorization1', 'Authorization1']);
    const token = processed('    name: Authorization\n    x-amazon-apigateway-authtype: custom\n    x-amazon-apigateway-authorizer: { type: token, identitySource: method.request.header.X-Session, authorizerUri: arn }');
    expect(policiesOf(openApi, 'template.yaml', token)[0]?.requiredRequestHeaders?.map((header) => header.value)).toEqual(['X-Session', 'X-Session']);
    // SAM's AddApiKeyRequiredToCorsPreflight (true by default) puts the API key on OPTIONS too.
    const apiKey = processed('    name: x-api-key');
    expect(findingsOf(openApi, 'template.yaml', apiKey)).toEqual(['require-preflight-handler/refusedBeforeCors@18:9']);
    expect(policiesOf(openApi, 'template.yaml', apiKey)[0]?.requiredRequestHeaders?.map((header) => header.value)).toEqual(['x-api-key', 'x-api-key']);
    // A REQUEST authorizer that reads only the query string needs no header, so GET and POST go without a preflight.
    const query = processed('    name: Unused\n    x-amazon-apigateway-authtype: custom\n    x-amazon-apigateway-authorizer: { type: request, identitySource: method.request.querystring.tenant, authorizerUri: arn }');
    expect(findingsOf(openApi, 'template.yaml', query)).toEqual([]);
  });

  it('reads a definition with MOCK options operations as REST though its proxy integrations copy payloadFormatVersion', () => {
    const definition = (optionsType: string) => `openapi: 3.0.1
info: { title: orders, version: "1.0" }
paths:
  /orders:
    post:
      x-amazon-apigateway-integration:
        type: AWS_PROXY
        httpMethod: POST
        payloadFormatVersion: "1.0"
        uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders/invocations
    options:
      x-amazon-apigateway-integration:
        type: ${optionsType}
        requestTemplates: { application/json: '{"statusCode": 200}' }
        responses:
          default:
            statusCode: "200"
            responseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
              method.response.header.Access-Control-Allow-Credentials: "'true'"
`;
    expect(findingsOf(openApi, 'openapi.yaml', definition('MOCK'))).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@19:67']);
    // With only proxy integrations, payloadFormatVersion still marks an HTTP API, whose CORS is configured elsewhere.
    expect(findingsOf(openApi, 'openapi.yaml', definition('HTTP_PROXY'))).toEqual([]);
  });

  it('reads a definition only a REST API takes as REST, whose import ignores x-amazon-apigateway-cors', () => {
    const definition = (integrationExtra: string) => `openapi: 3.0.1
info: { title: students, version: "1.0.0" }
x-amazon-apigateway-cors:
  allowOrigins:
    - "http://students.example.com/"
  allowMethods: [GET, DELETE, OPTIONS]
paths:
  /students:
    get:
      x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: arn:students${integrationExtra} }
    options:
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: { application/json: '{"statusCode": 200}' }
        responses:
          default:
            statusCode: "200"
            responseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
  /students/{id}:
    delete:
      x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: arn:students${integrationExtra} }
`;
    // The MOCK options operation makes it a REST API: the extension's origin is never used, and the path
    // without an options operation gets no answer to the preflight its DELETE needs.
    expect(findingsOf(openApi, 'openapi.yaml', definition(''))).toEqual(['require-preflight-handler/noOptionsRoute@20:3']);
    // payloadFormatVersion marks an HTTP API too (a REST definition migrated to one): the extension is read.
    expect(findingsOf(openApi, 'openapi.yaml', definition(', payloadFormatVersion: "2.0"'))).toEqual([
      'no-insecure-origin/insecureOrigin@5:7',
      'valid-origin/trailingSlash@5:7',
    ]);
  });

  it('recognises only OpenAPI documents with API Gateway extensions', () => {
    expect(detects(openApi, 'openapi.yaml', HTTP_API)).toBe(true);
    expect(detects(openApi, 'api/swagger.yaml', REST_API)).toBe(true);
    expect(detects(openApi, 'petstore.yaml', 'openapi: 3.0.0\npaths:\n  /pets:\n    get: { responses: {} }\n')).toBe(false);
    expect(detects(openApi, 'values.yaml', 'x-amazon-apigateway-cors: { allowOrigins: ["*"] }\n')).toBe(false);
  });

  it('takes an HTTP API whose $default route requires a JWT as refusing preflights, which that route catches', () => {
    const exported = `openapi: "3.0.1"
info:
  title: "portal"
  version: "2024-05-01 12:00:00UTC"
paths:
  /$default:
    x-amazon-apigateway-any-method:
      isDefaultRoute: true
      security:
      - cognito: []
      x-amazon-apigateway-integration:
        payloadFormatVersion: "2.0"
        type: "aws_proxy"
        httpMethod: "POST"
        uri: "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:portal/invocations"
components:
  securitySchemes:
    cognito:
      type: "oauth2"
      flows: {}
      x-amazon-apigateway-authorizer:
        identitySource: "$request.header.Authorization"
        jwtConfiguration:
          audience: ["portal"]
          issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc"
        type: "jwt"
x-amazon-apigateway-cors:
  allowHeaders: ["authorization", "content-type"]
  allowOrigins: ["https://portal.example.com"]
x-amazon-apigateway-importexport-version: "1.0"
`;
    expect(findingsOf(openApi, 'openapi.yaml', exported)).toEqual(['require-preflight-handler/refusedBeforeCors@10:7']);
    const withOptions = exported.replace('components:', `  /{proxy+}:
    options:
      x-amazon-apigateway-integration:
        payloadFormatVersion: "2.0"
        type: "aws_proxy"
        httpMethod: "POST"
        uri: "arn:aws:lambda:eu-west-1:123456789012:function:preflight"
components:`);
    expect(findingsOf(openApi, 'openapi.yaml', withOptions)).toEqual([]);
    expect(findingsOf(openApi, 'openapi.yaml', exported.replace('      security:\n      - cognito: []\n', ''))).toEqual([]);
    expect(findingsOf(openApi, 'openapi.yaml', exported.replace('type: "jwt"', 'type: "request"').replace('identitySource: "$request.header.Authorization"', 'identitySource: ""'))).toEqual([]);
    // An ANY route receives the preflights for its path just as $default does (anomalyco/sst#5493);
    // a route for one method leaves them to API Gateway.
    const proxy = exported.replace('  /$default:\n    x-amazon-apigateway-any-method:\n      isDefaultRoute: true\n', '  /{proxy+}:\n    x-amazon-apigateway-any-method:\n');
    expect(findingsOf(openApi, 'openapi.yaml', proxy)).toEqual(['require-preflight-handler/refusedBeforeCors@9:7']);
    expect(policiesOf(openApi, 'openapi.yaml', proxy)[0]?.preflight).toMatchObject({ target: '/{proxy+}', refusedBy: 'the security requirement cognito of the x-amazon-apigateway-any-method operation (which also receives the preflights)' });
    expect(findingsOf(openApi, 'openapi.yaml', proxy.replace('    x-amazon-apigateway-any-method:\n', '    post:\n'))).toEqual([]);
  });

  it('reads a definition with an AWS service integration or a $default route as an HTTP API, without REST preflight gaps', () => {
    const serviceIntegration = `openapi: "3.0.1"
info: { title: ingest, version: "1" }
paths:
  /events:
    put:
      responses:
        "200":
          description: queued
          headers:
            Access-Control-Allow-Origin: { schema: { type: string } }
      x-amazon-apigateway-integration:
        integrationSubtype: SQS-SendMessage
        type: aws_proxy
        credentials: arn:aws:iam::123456789012:role/ingest
        requestParameters:
          QueueUrl: https://sqs.eu-west-1.amazonaws.com/123456789012/events
          MessageBody: $request.body
`;
    expect(findingsOf(openApi, 'openapi.yaml', serviceIntegration)).toEqual([]);
    // The same operation in a REST definition leaves PUT preflights unanswered.
    const rest = serviceIntegration.replace('        integrationSubtype: SQS-SendMessage\n', '').replace('type: aws_proxy', 'type: aws');
    expect(findingsOf(openApi, 'openapi.yaml', rest)).toEqual(['require-preflight-handler/noOptionsRoute@4:3']);
    const defaultRoute = rest.replace('paths:\n', 'paths:\n  /$default:\n    x-amazon-apigateway-any-method:\n      isDefaultRoute: true\n      x-amazon-apigateway-integration: { type: http_proxy, httpMethod: ANY, uri: "https://backend.example.com" }\n');
    expect(findingsOf(openApi, 'openapi.yaml', defaultRoute)).toEqual([]);
  });

  it('recognises an unquoted swagger: 2.0, which YAML reads as a number', () => {
    const definition = `swagger: 2.0
info:
  title: legacy
  version: 1.0
paths:
  /report:
    put:
      responses:
        200:
          description: ok
      x-amazon-apigateway-integration:
        type: aws
        httpMethod: POST
        uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/report/invocations
        responses:
          default:
            statusCode: 200
            responseParameters:
              method.response.header.Access-Control-Allow-Origin: "'https://reports.example.com'"
`;
    expect(detects(openApi, 'swagger.yaml', definition)).toBe(true);
    expect(findingsOf(openApi, 'swagger.yaml', definition)).toEqual(['require-preflight-handler/noOptionsRoute@6:3']);
  });
});
