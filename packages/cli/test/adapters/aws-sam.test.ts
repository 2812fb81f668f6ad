import { describe, expect, it } from 'vitest';
import { awsCloudFormation } from '../../src/adapters/aws-cloudformation.js';
import { awsSam } from '../../src/adapters/aws-sam.js';
import { findingsOf } from './cloud-findings.js';
import { summary } from './cloud-summary.js';
import { detects, policiesOf } from './helpers.js';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Cors:
      AllowMethods: "'GET, PUT'"
      MaxAge: "'600'"
Resources:
  ShopApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors:
        AllowOrigin: "'https://a.example.com,https://b.example.com'"
        AllowHeaders: "'Content-Type,X-Api-Key'"
        AllowCredentials: true
  AdminApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration: true
  Hook:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      FunctionUrlConfig:
        AuthType: NONE
        Cors:
          AllowOrigins: [https://partner.example.com]
`;

describe('aws-sam adapter', () => {
  const policies = policiesOf(awsSam, 'template.yaml', TEMPLATE).map(summary);

  it('merges Globals.Api.Cors into the API and strips one layer of inner quotes', () => {
    expect(policies[0]).toEqual({
      source: 'AWS::Serverless::Api ShopApi',
      loc: '13:9',
      // A comma list in AllowOrigin is one header value, sent verbatim: valid-origin sees it whole.
      origins: ['send https://a.example.com,https://b.example.com @13:22'],
      credentials: 'true @15:27',
      allowMethods: '[GET@5:23, PUT@5:28] @5:21',
      allowHeaders: '[Content-Type@14:25, X-Api-Key@14:38] @14:23',
      maxAge: '600 ("600") @6:15',
      vary: 'unknown @13:9',
      preflight: 'answered @13:9',
    });
  });

  it('reads CorsConfiguration: true as AllowOrigins ["*"] and nothing else', () => {
    expect(policies[1]).toEqual({
      source: 'AWS::Serverless::HttpApi AdminApi',
      loc: '19:26',
      origins: ['any @19:26'],
      credentials: 'false @19:26',
      vary: 'unknown @19:26',
      preflight: 'answered @19:26',
    });
  });

  it('reads FunctionUrlConfig.Cors with the Lambda defaults (no credentials, Max-Age 0)', () => {
    expect(policies[2]).toEqual({
      source: 'AWS::Serverless::Function Hook FunctionUrlConfig',
      loc: '27:11',
      origins: ['allow https://partner.example.com @27:26'],
      credentials: 'false @27:11',
      maxAge: '0 ("0") @27:11',
      vary: 'unknown @27:11',
      preflight: 'answered @27:11',
    });
    expect(policies).toHaveLength(3);
  });

  it('applies the string shorthand and the AllowOrigin default of "\'*\'"', () => {
    const [shorthand, defaulted] = policiesOf(
      awsSam,
      'template.yaml',
      `Transform: [AWS::Serverless-2016-10-31]
Resources:
  A:
    Type: AWS::Serverless::Api
    Properties:
      Cors: "'https://app.example.com'"
  B:
    Type: AWS::Serverless::Api
    Properties:
      Cors:
        AllowHeaders: "'*'"
        AllowCredentials: "true"
`,
    ).map(summary);
    expect(shorthand?.origins).toEqual(['send https://app.example.com @6:13']);
    expect(shorthand?.credentials).toBe('false @6:13');
    expect(shorthand?.allowMethods).toBe('unknown @6:13');
    expect(defaulted?.origins).toEqual(['any @11:9']);
    // The transform sends Allow-Credentials only for the boolean true, not the string "true".
    expect(defaulted?.credentials).toBe('false @12:27');
  });

  it('treats intrinsics and values without inner quotes as unknown', () => {
    const [policy] = policiesOf(
      awsSam,
      'template.yaml',
      `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      Cors:
        AllowOrigin: !Sub "'\${FrontendOrigin}'"
        AllowMethods: GET,POST
        MaxAge: !Ref CacheSeconds
        AllowCredentials: !Ref UseCookies
`,
    ).map(summary);
    expect(policy).toMatchObject({
      origins: ['unknown @7:22'],
      allowMethods: 'unknown @8:23',
      maxAge: 'unknown @9:17',
      credentials: 'unknown @10:27',
    });
    // SAM takes a Cors that is an intrinsic as the AllowOrigin value: each arm is read so, and an arm in
    // the object form, which never reaches API Gateway as one, is unknown.
    const [whenTrue, whenFalse] = policiesOf(
      awsSam,
      'template.yaml',
      `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      Cors: !If [IsProd, { AllowOrigin: "'https://app.example.com'", AllowCredentials: true }, "'*'"]
`,
    ).map(summary);
    expect(whenTrue).toMatchObject({ origins: ['unknown @6:13'], credentials: 'unknown @6:13', allowMethods: 'unknown @6:13' });
    expect(whenFalse).toMatchObject({ origins: ['any @6:96'], credentials: 'false @6:96', allowMethods: 'unknown @6:96' });
  });

  it('gives the implicit ServerlessRestApi the Globals and reports shared Globals once', () => {
    const policies = policiesOf(
      awsSam,
      'template.yaml',
      `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Cors: "'*'"
  HttpApi:
    CorsConfiguration:
      AllowOrigins: ["https://*"]
      AllowCredentials: true
Resources:
  First:
    Type: AWS::Serverless::Api
    Properties: { StageName: a }
  Second:
    Type: AWS::Serverless::Api
    Properties: { StageName: b }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get: { Type: Api, Properties: { Path: /, Method: get } }
        Http: { Type: HttpApi }
`,
    ).map(summary);
    expect(policies.map((policy) => [policy.source, policy.origins])).toEqual([
      ['AWS::Serverless::Api First', ['any @4:11']],
      // API Gateway allows every https origin for `https://*`, echoing it.
      ['AWS::Serverless::HttpApi ServerlessHttpApi (implicit, Globals.HttpApi.CorsConfiguration)', ['reflect-any @7:22']],
    ]);
  });

  it('leaves preflights to SAM when Cors is set, and flags DefinitionBody paths without OPTIONS otherwise', () => {
    const body = `        swagger: "2.0"
        paths:
          /items:
            put:
              responses:
                "200":
                  headers:
                    Access-Control-Allow-Origin: { type: string }
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/functions/\${Fn.Arn}/invocations
`;
    const template = (cors: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:${cors}
      DefinitionBody:
${body}`;
    const withoutCors = policiesOf(awsSam, 'template.yaml', template('')).map(summary);
    expect(withoutCors).toEqual([
      {
        source: 'AWS::Serverless::Api Api /items',
        loc: '11:15',
        origins: ['unknown @14:21'],
        credentials: 'unknown @14:21',
        vary: 'unknown @14:21',
        preflight: 'no-options-route /items @9:11',
        servedMethods: 'PUT@10:13',
      },
    ]);
    const withCors = policiesOf(awsSam, 'template.yaml', template(`\n      Cors: "'https://app.example.com'"`)).map(summary);
    expect(withCors.map((policy) => policy.preflight)).toEqual(['answered @6:13']);
  });

  it('takes OPTIONS guarded by the default authorizer as unanswered, and collects the served methods', () => {
    const template = (flag: string) => `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Auth:
      DefaultAuthorizer: Jwt${flag}
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      Cors: "'https://app.example.com'"
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Put: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /x, Method: put } }
        Other: { Type: Api, Properties: { RestApiId: !Ref Elsewhere, Path: /y, Method: delete } }
`;
    const [guarded] = policiesOf(awsSam, 'template.yaml', template('')).map(summary);
    expect(guarded).toMatchObject({
      preflight: 'refused-before-cors Api [by the default authorizer Jwt that SAM also puts on the OPTIONS methods it generates] @5:26',
      servedMethods: 'PUT@15:80',
    });
    const [open] = policiesOf(awsSam, 'template.yaml', template('\n      AddDefaultAuthorizerToCorsPreflight: false')).map(summary);
    expect(open?.preflight).toBe('answered @11:13');
  });

  it('takes OPTIONS guarded by ApiKeyRequired as unanswered unless AddApiKeyRequiredToCorsPreflight is false', () => {
    const template = (flag: string) => `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  PartnerApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors:
        AllowOrigin: "'https://partner.example.com'"
        AllowHeaders: "'Content-Type,X-Api-Key'"
      Auth:
        ApiKeyRequired: true${flag}
        UsagePlan:
          CreateUsagePlan: PER_API
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Create:
          Type: Api
          Properties: { RestApiId: !Ref PartnerApi, Path: /orders, Method: post }
`;
    expect(findingsOf(awsSam, 'template.yaml', template(''))).toEqual(['require-preflight-handler/refusedBeforeCors@12:25']);
    expect(findingsOf(awsSam, 'template.yaml', template('\n        AddApiKeyRequiredToCorsPreflight: false'))).toEqual([]);
  });

  it('counts the X-API-Key header an API-wide ApiKeyRequired makes callers send as a preflight cause', () => {
    const template = (keySource: string) => `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  CatalogApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod${keySource}
      Cors:
        AllowOrigin: "'https://shop.example.com'"
        AllowHeaders: "'Content-Type'"
      Auth:
        ApiKeyRequired: true
  ListItems:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.list
      Runtime: nodejs20.x
      Events:
        List:
          Type: Api
          Properties: { RestApiId: !Ref CatalogApi, Path: /items, Method: get }
`;
    // Only GET is served and Content-Type is safelisted: the API key header alone needs the preflight.
    expect(findingsOf(awsSam, 'template.yaml', template(''))).toEqual(['require-preflight-handler/refusedBeforeCors@12:25']);
    expect(findingsOf(awsSam, 'template.yaml', template('\n      ApiKeySourceType: HEADER'))).toEqual(['require-preflight-handler/refusedBeforeCors@13:25']);
    // A Lambda authorizer supplies the key: the browser sends nothing that needs a preflight.
    expect(findingsOf(awsSam, 'template.yaml', template('\n      ApiKeySourceType: AUTHORIZER'))).toEqual([]);
    expect(findingsOf(awsSam, 'template.yaml', template('\n      ApiKeySourceType: !Ref KeySource'))).toEqual([]);
    // The only route opts out of the API key.
    const optedOut = template('').replace('Properties: { RestApiId: !Ref CatalogApi, Path: /items, Method: get }', 'Properties: { RestApiId: !Ref CatalogApi, Path: /items, Method: get, Auth: { ApiKeyRequired: false } }');
    expect(findingsOf(awsSam, 'template.yaml', optedOut)).toEqual([]);
  });

  it('counts the header a default authorizer reads as a preflight cause, for a GET-only API', () => {
    const template = (authorizer: string, flag = '') => `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  ProfileApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors:
        AllowOrigin: "'https://app.example.com'"
        AllowHeaders: "'Content-Type'"
      Auth:
        DefaultAuthorizer: Main${flag}
        Authorizers:
          Main:
${authorizer}
  GetProfile:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.me
      Runtime: nodejs20.x
      Events:
        Me:
          Type: Api
          Properties: { RestApiId: !Ref ProfileApi, Path: /me, Method: get }
`;
    const required = (yaml: string) => policiesOf(awsSam, 'template.yaml', yaml)[0]?.requiredRequestHeaders?.map((header) => header.value);
    const cognito = template('            UserPoolArn: !GetAtt UserPool.Arn');
    expect(findingsOf(awsSam, 'template.yaml', cognito)).toEqual(['require-preflight-handler/refusedBeforeCors@12:28']);
    expect(required(cognito)).toEqual(['Authorization']);
    expect(required(template('            UserPoolArn: !GetAtt UserPool.Arn\n            Identity: { Header: X-Id-Token }'))).toEqual(['X-Id-Token']);
    expect(required(template('            FunctionArn: !GetAtt AuthFn.Arn'))).toEqual(['Authorization']);
    expect(required(template('            FunctionArn: !GetAtt AuthFn.Arn\n            FunctionPayloadType: REQUEST\n            Identity: { Headers: [X-Tenant, X-Session] }'))).toEqual([
      'X-Tenant',
      'X-Session',
    ]);
    // A REQUEST authorizer reading only query strings needs no header; SAM leaves OPTIONS open when told to.
    expect(findingsOf(awsSam, 'template.yaml', template('            FunctionArn: !GetAtt AuthFn.Arn\n            FunctionPayloadType: REQUEST\n            Identity: { QueryStrings: [token] }'))).toEqual([]);
    expect(findingsOf(awsSam, 'template.yaml', template('            UserPoolArn: !GetAtt UserPool.Arn', '\n        AddDefaultAuthorizerToCorsPreflight: false'))).toEqual([]);
    // Every route opts out of the default authorizer: callers send no token, so a GET needs no preflight.
    const optedOut = cognito.replace('Properties: { RestApiId: !Ref ProfileApi, Path: /me, Method: get }', 'Properties: { RestApiId: !Ref ProfileApi, Path: /me, Method: get, Auth: { Authorizer: NONE } }');
    expect(findingsOf(awsSam, 'template.yaml', optedOut)).toEqual([]);
    expect(required(optedOut)).toBeUndefined();
  });

  it('reads GatewayResponses headers, merged with Globals.Api.GatewayResponses', () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    GatewayResponses:
      DEFAULT_4XX:
        ResponseParameters:
          Headers:
            Access-Control-Allow-Origin: "'*'"
            Access-Control-Allow-Headers: "'*'"
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors:
        AllowOrigin: "'https://app.example.com'"
        AllowCredentials: true
      GatewayResponses:
        UNAUTHORIZED:
          StatusCode: 401
          ResponseParameters:
            Headers:
              Access-Control-Expose-Headers: "'WWW-Authenticate'"
              Access-Control-Allow-Origin: "'*'"
              Access-Control-Allow-Credentials: "'true'"
`;
    expect(findingsOf(awsSam, 'template.yaml', template)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@24:44']);
  });

  it('takes an HttpApi whose /$default route needs an authorizer as refusing preflights, which that route catches', () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  HttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: [https://app.example.com]
        AllowHeaders: [authorization, content-type]
      Auth:
        DefaultAuthorizer: OAuth2
        Authorizers:
          OAuth2:
            IdentitySource: $request.header.Authorization
            JwtConfiguration: { issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc", audience: [app] }
          Lambda:
            FunctionArn: !GetAtt Authorize.Arn
            Identity: { Headers: [Authorization] }
          Open:
            FunctionArn: !GetAtt Authorize.Arn
  Monolith:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Default:
          Type: HttpApi
          Properties:
            ApiId: !Ref HttpApi
            Path: /$default
            Method: ANY
`;
    expect(findingsOf(awsSam, 'template.yaml', template)).toEqual(['require-preflight-handler/refusedBeforeCors@10:28']);
    expect(findingsOf(awsSam, 'template.yaml', template.replace('DefaultAuthorizer: OAuth2', 'DefaultAuthorizer: Lambda'))).toEqual([
      'require-preflight-handler/refusedBeforeCors@10:28',
    ]);
    // A Lambda authorizer without identity sources runs on every request and may let preflights through.
    expect(findingsOf(awsSam, 'template.yaml', template.replace('DefaultAuthorizer: OAuth2', 'DefaultAuthorizer: Open'))).toEqual([]);
    const eventAuth = template.replace('            Method: ANY\n', '            Method: ANY\n            Auth: { Authorizer: NONE }\n');
    expect(findingsOf(awsSam, 'template.yaml', eventAuth)).toEqual([]);
    // An ANY route receives the preflights for its path just as $default does (anomalyco/sst#5493);
    // a route for one method leaves them to API Gateway.
    const proxy = template.replace('Path: /$default', 'Path: /{proxy+}');
    expect(findingsOf(awsSam, 'template.yaml', proxy)).toEqual(['require-preflight-handler/refusedBeforeCors@10:28']);
    expect(policiesOf(awsSam, 'template.yaml', proxy)[0]?.preflight).toMatchObject({ target: 'HttpApi /{proxy+}', refusedBy: 'the OAuth2 authorizer of the ANY /{proxy+} route (which also receives the preflights)' });
    expect(findingsOf(awsSam, 'template.yaml', proxy.replace('Method: ANY', 'Method: x-amazon-apigateway-any-method'))).toEqual([
      'require-preflight-handler/refusedBeforeCors@10:28',
    ]);
    expect(findingsOf(awsSam, 'template.yaml', proxy.replace('Method: ANY', 'Method: post'))).toEqual([]);
    // An event with neither Path nor Method is the $default route (implicit_http_api_plugin.py).
    const bare = template.replace('            Path: /$default\n            Method: ANY\n', '');
    expect(findingsOf(awsSam, 'template.yaml', bare)).toEqual(['require-preflight-handler/refusedBeforeCors@10:28']);
    expect(policiesOf(awsSam, 'template.yaml', bare)[0]?.servedMethods?.[0]?.loc.line).toBe(26);
    const optionsRoute = `${template}        Preflight:
          Type: HttpApi
          Properties:
            ApiId: !Ref HttpApi
            Path: /{proxy+}
            Method: OPTIONS
            Auth: { Authorizer: NONE }
`;
    expect(findingsOf(awsSam, 'template.yaml', optionsRoute)).toEqual([]);
    // Without `Authorizer: NONE` the DefaultAuthorizer guards the OPTIONS route too.
    const guardedOptions = optionsRoute.replace('            Method: OPTIONS\n            Auth: { Authorizer: NONE }\n', '            Method: OPTIONS\n');
    expect(findingsOf(awsSam, 'template.yaml', guardedOptions)).toEqual(['require-preflight-handler/refusedBeforeCors@10:28']);
    expect(policiesOf(awsSam, 'template.yaml', guardedOptions)[0]?.preflight).toMatchObject({ target: 'HttpApi /{proxy+}', refusedBy: 'the OAuth2 authorizer of the OPTIONS /{proxy+} route' });
  });

  it('takes an ANY route of the HttpApi DefinitionBody whose security refuses preflights as leaving them unanswered', () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  HttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: [https://app.example.com]
        AllowHeaders: [authorization]
      DefinitionBody:
        openapi: "3.0.1"
        info: { title: app, version: "1" }
        paths:
          /{proxy+}:
            x-amazon-apigateway-any-method:
              security:
                - cognito: []
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                payloadFormatVersion: "2.0"
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${App.Arn}/invocations
        components:
          securitySchemes:
            cognito:
              type: oauth2
              x-amazon-apigateway-authorizer:
                type: jwt
                identitySource: $request.header.Authorization
                jwtConfiguration: { audience: [app], issuer: https://issuer.example.com }
`;
    expect(findingsOf(awsSam, 'template.yaml', template)).toEqual(['require-preflight-handler/refusedBeforeCors@16:17']);
    expect(findingsOf(awsSam, 'template.yaml', template.replace('x-amazon-apigateway-any-method:', 'get:'))).toEqual([]);
  });

  it('claims SAM templates, which the CloudFormation adapter then declines', () => {
    expect(detects(awsSam, 'template.yaml', TEMPLATE)).toBe(true);
    expect(detects(awsCloudFormation, 'template.yaml', TEMPLATE)).toBe(false);
    const plain = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n';
    expect(detects(awsSam, 'template.yaml', plain)).toBe(false);
    expect(detects(awsSam, 'serverless.yml', 'service: x\nprovider: { name: aws }\n')).toBe(false);
  });
  it('reads an Api DefinitionBody that sets x-amazon-apigateway-cors, which only HTTP APIs apply, as a REST API without preflight answers unless Cors is set', () => {
    const template = (cors: string): string => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
${cors}      DefinitionBody:
        openapi: 3.0.1
        info: { title: orders, version: '1' }
        x-amazon-apigateway-cors:
          allowOrigins: [https://app.example.com]
          allowMethods: [DELETE]
        paths:
          /orders/{id}:
            delete:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
`;
    expect(findingsOf(awsSam, 'template.yaml', template(''))).toEqual(['require-preflight-handler/noOptionsRoute@15:11']);
    // SAM's Cors adds an OPTIONS method to every path.
    expect(findingsOf(awsSam, 'template.yaml', template(`      Cors: "'https://app.example.com'"\n`))).toEqual([]);
  });

  it('merges Globals.Function.FunctionUrlConfig into each function, so a global AllowCredentials meets a function URL `*`, which Lambda echoes', () => {
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    FunctionUrlConfig:
      AuthType: NONE
      Cors:
        AllowOrigins:
          - https://app.example.com
        AllowCredentials: true
Resources:
  StreamFn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: stream.handler
      FunctionUrlConfig:
        InvokeMode: RESPONSE_STREAM
        Cors:
          AllowOrigins:
            - '*'
  PlainFn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: plain.handler
`;
    // SAM appends the function's list to the global one: StreamFn allows the app and `*`, with credentials.
    expect(findingsOf(awsSam, 'template.yaml', template)).toEqual(['no-reflected-origin-with-credentials/reflectedWithCredentials@22:15']);
    expect(findingsOf(awsSam, 'template.yaml', template.replace('AllowCredentials: true', 'AllowCredentials: false'))).toEqual([]);
  });
});
