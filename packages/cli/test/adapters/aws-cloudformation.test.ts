import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { awsCloudFormation } from '../../src/adapters/aws-cloudformation.js';
import { findingsOf } from './cloud-findings.js';
import { summary } from './cloud-summary.js';
import { detects, policiesOf } from './helpers.js';

const YAML_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: HTTP
      CorsConfiguration:
        AllowOrigins:
          - https://app.example.com
          - !Ref PreviewOrigin
        AllowMethods: [GET, PUT]
        AllowHeaders: ["*"]
        ExposeHeaders: [X-Request-Id]
        MaxAge: 86400
  Url:
    Type: AWS::Lambda::Url
    Properties:
      AuthType: NONE
      TargetFunctionArn: !GetAtt Fn.Arn
      Cors:
        AllowOrigins: ["*"]
        AllowCredentials: true
        MaxAge: 300
  Socket:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: WEBSOCKET
      CorsConfiguration: { AllowOrigins: ["*"] }
`;

describe('aws-cloudformation adapter (YAML)', () => {
  const [httpApi, url, ...rest] = policiesOf(awsCloudFormation, 'template.yaml', YAML_TEMPLATE).map(summary);

  it('reads an HTTP API CorsConfiguration: compared origins, !Ref unknown, lists and max-age at their values', () => {
    expect(httpApi).toEqual({
      source: 'AWS::ApiGatewayV2::Api HttpApi',
      loc: '8:9',
      origins: ['allow https://app.example.com @9:13', 'unknown @10:13'],
      credentials: 'false @8:9',
      allowMethods: '[GET@11:24, PUT@11:29] @11:23',
      // API Gateway documents `*` as an entry but not what it sends for it.
      allowHeaders: 'unknown @12:23',
      exposeHeaders: '[X-Request-Id@13:25] @13:24',
      maxAge: '86400 ("86400") @14:17',
      // API Gateway answers preflights itself and documents no Vary header.
      vary: 'unknown @8:9',
      preflight: 'answered @8:9',
    });
  });

  it('reads a Lambda function URL Cors whose `*` with credentials echoes every origin (LeanerCloud/CUDly#390)', () => {
    expect(url).toEqual({
      source: 'AWS::Lambda::Url Url',
      loc: '21:9',
      origins: ['reflect-any @21:24'],
      credentials: 'true @22:27',
      maxAge: '300 ("300") @23:17',
      vary: 'unknown @21:9',
      preflight: 'answered @21:9',
    });
  });

  it('leaves the headers of a proxy method to its backend: integration responses do not apply to AWS_PROXY', () => {
    // What CDK synthesizes for a LambdaIntegration given integrationResponses without proxy: false.
    const template = (type: string): string => `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  Items:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items }
  ItemsGet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Items
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: ${type}
        IntegrationHttpMethod: POST
        Uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn/invocations
        IntegrationResponses:
          - StatusCode: '200'
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
              method.response.header.Access-Control-Allow-Credentials: "'true'"
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', template('AWS_PROXY'))).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template('AWS'))).toEqual([
      'no-wildcard-origin-with-credentials/wildcardWithCredentials@22:67',
    ]);
  });

  it('ignores WebSocket APIs, which have no CORS', () => {
    expect(rest).toEqual([]);
  });
});

const CDK_TEMPLATE = `{
  "Resources": {
    "Assets9C0A7D21": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "CorsConfiguration": {
          "CorsRules": [
            {
              "AllowedMethods": ["GET", "PUT"],
              "AllowedOrigins": ["https://*.example.com", { "Fn::ImportValue": "SiteOrigin" }],
              "AllowedHeaders": ["*"],
              "ExposedHeaders": ["ETag"],
              "MaxAge": 3000
            }
          ]
        }
      }
    },
    "Headers5E1F3A7B": {
      "Type": "AWS::CloudFront::ResponseHeadersPolicy",
      "Properties": {
        "ResponseHeadersPolicyConfig": {
          "Name": "cors",
          "CorsConfig": {
            "AccessControlAllowCredentials": false,
            "AccessControlAllowHeaders": { "Items": ["*"] },
            "AccessControlAllowMethods": { "Items": ["ALL"] },
            "AccessControlAllowOrigins": { "Items": ["https://www.example.com"] },
            "AccessControlMaxAgeSec": 600,
            "OriginOverride": false
          }
        }
      }
    },
    "ApiOPTIONS8A1B2C3D": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "HttpMethod": "OPTIONS",
        "ResourceId": { "Fn::GetAtt": ["Api", "RootResourceId"] },
        "RestApiId": { "Ref": "Api" },
        "AuthorizationType": "NONE",
        "Integration": {
          "Type": "MOCK",
          "IntegrationResponses": [
            {
              "StatusCode": "204",
              "ResponseParameters": {
                "method.response.header.Access-Control-Allow-Headers": "'Content-Type,Authorization'",
                "method.response.header.Access-Control-Allow-Origin": "'https://a.example.com'",
                "method.response.header.Vary": "'Origin'",
                "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,GET,PUT'"
              },
              "ResponseTemplates": {
                "application/json": "#set($origin = $input.params().header.get(\\"Origin\\"))\\n#if($origin == \\"https://b.example.com\\")\\n  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\\n#end"
              }
            }
          ]
        }
      }
    },
    "ItemsPUT4F5E6D7C": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "HttpMethod": "PUT",
        "ResourceId": { "Ref": "Items" },
        "RestApiId": { "Ref": "Api" },
        "Integration": {
          "Type": "AWS",
          "IntegrationResponses": [
            {
              "StatusCode": "200",
              "ResponseParameters": { "method.response.header.Access-Control-Allow-Origin": "'*'" }
            }
          ]
        }
      }
    },
    "Items": {
      "Type": "AWS::ApiGateway::Resource",
      "Properties": { "ParentId": { "Fn::GetAtt": ["Api", "RootResourceId"] }, "PathPart": "items", "RestApiId": { "Ref": "Api" } }
    }
  }
}
`;

describe('aws-cloudformation adapter (CDK template.json)', () => {
  const policies = policiesOf(awsCloudFormation, 'cdk.out/Stack.template.json', CDK_TEMPLATE).map(summary);

  it('reads S3 CorsRules: one wildcard per origin is a glob, intrinsics are unknown, * headers are echoed', () => {
    expect(policies[0]).toEqual({
      source: 'AWS::S3::Bucket Assets9C0A7D21 CorsRules[0]',
      loc: '8:13',
      origins: ['glob(any) https://*.example.com @10:34', 'unknown @10:59'],
      credentials: 'unknown @8:13',
      allowMethods: '[GET@9:34, PUT@9:41] @9:33',
      allowHeaders: 'reflect @11:33',
      exposeHeaders: '[ETag@12:34] @12:33',
      maxAge: '3000 ("3000") @13:25',
      vary: 'unknown @8:13',
      preflight: 'answered @8:13',
    });
  });

  it('reads a CloudFront CorsConfig, expanding ALL and noting OriginOverride: false', () => {
    expect(policies[1]).toEqual({
      source: "AWS::CloudFront::ResponseHeadersPolicy Headers5E1F3A7B (OriginOverride: false, the origin's own CORS headers win)",
      loc: '24:25',
      origins: ['allow https://www.example.com @28:54'],
      credentials: 'false @25:46',
      allowMethods:
        '[GET@27:54, POST@27:54, OPTIONS@27:54, PUT@27:54, DELETE@27:54, PATCH@27:54, HEAD@27:54] @27:53',
      allowHeaders: '[*@26:54] @26:53',
      maxAge: '600 ("600") @29:39',
      vary: 'unknown @24:25',
      preflight: 'unknown @24:25',
    });
  });

  it('sends CloudFront Allow-Headers * as written and leaves leftmost-label origin wildcards unknown', () => {
    const template = `Resources:
  Cors:
    Type: AWS::CloudFront::ResponseHeadersPolicy
    Properties:
      ResponseHeadersPolicyConfig:
        Name: cors
        CorsConfig:
          AccessControlAllowCredentials: false
          AccessControlAllowHeaders: { Items: ['*'] }
          AccessControlAllowMethods: { Items: [GET, POST] }
          AccessControlAllowOrigins: { Items: ['https://*.preview.example.com', 'https://app.example.com'] }
          OriginOverride: true
`;
    expect(policiesOf(awsCloudFormation, 'cdn.yaml', template).map((policy) => summary(policy).origins)).toEqual([
      ['unknown @11:48', 'allow https://app.example.com @11:81'],
    ]);
    expect(findingsOf(awsCloudFormation, 'cdn.yaml', template)).toEqual(['explicit-authorization-header/authorizationNotCovered@9:48']);
  });

  it('reads a CDK MOCK OPTIONS method: literals, the echoing template and Vary: Origin', () => {
    expect(policies[2]).toEqual({
      source: 'AWS::ApiGateway::Method ApiOPTIONS8A1B2C3D (OPTIONS)',
      loc: '42:24',
      origins: ['send https://a.example.com @49:71', 'allow https://b.example.com @54:37'],
      credentials: 'false @42:24',
      allowHeaders: '[Content-Type@48:74, Authorization@48:87] @48:72',
      allowMethods: '[OPTIONS@51:74, GET@51:82, PUT@51:86] @51:72',
      vary: 'true @50:48',
      preflight: 'answered @42:24',
    });
  });

  it('flags a method that sends CORS headers on a resource with no OPTIONS method', () => {
    expect(policies[3]).toEqual({
      source: 'AWS::ApiGateway::Method ItemsPUT4F5E6D7C',
      loc: '63:21',
      origins: ['any @72:93'],
      credentials: 'false @63:21',
      vary: 'false @63:21',
      preflight: 'no-options-route /items @64:23',
      servedMethods: 'PUT@64:23',
    });
    expect(policies).toHaveLength(4);
  });

  it('leaves the preflight of a resource with an ANY method to its integration, which receives OPTIONS', () => {
    const template = `Resources:
  Proxy:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: "{proxy+}"
  ProxyAny:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Proxy
      HttpMethod: ANY
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
      MethodResponses:
        - StatusCode: "200"
          ResponseParameters:
            method.response.header.Access-Control-Allow-Origin: true
`;
    const [policy] = policiesOf(awsCloudFormation, 'template.yaml', template).map(summary);
    expect(policy).toMatchObject({
      source: 'AWS::ApiGateway::Method ProxyAny',
      origins: ['unknown @22:13'],
      preflight: 'unknown /{proxy+} @13:19',
    });
  });

  it('names the REST resource by its path, following ParentId up to the root', () => {
    const template = readFileSync(new URL('../../../../fixtures/configs/aws-cloudformation/cdk.out/OrdersApiStack.template.json', import.meta.url), 'utf8');
    const gaps = policiesOf(awsCloudFormation, 'OrdersApiStack.template.json', template).filter(
      (policy) => policy.preflight.handling === 'no-options-route',
    );
    expect(gaps.map((policy) => policy.preflight.target)).toEqual(['/orders']);
  });

  it('reads an inline REST API Body like an OpenAPI file', () => {
    const [policy] = policiesOf(
      awsCloudFormation,
      'template.yaml',
      `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        swagger: "2.0"
        paths:
          /jobs:
            delete:
              x-amazon-apigateway-integration:
                type: aws
                uri: !Sub "arn:aws:apigateway:\${AWS::Region}:lambda:path/functions/\${Fn.Arn}/invocations"
                responses:
                  default:
                    statusCode: "204"
                    responseParameters:
                      method.response.header.Access-Control-Allow-Origin: !Sub "'\${Origin}'"
`,
    ).map(summary);
    expect(policy).toMatchObject({
      source: 'AWS::ApiGateway::RestApi Api /jobs',
      origins: ['unknown @17:75'],
      preflight: 'no-options-route /jobs @8:11',
      servedMethods: 'DELETE@9:13',
    });
  });

  it('reports a mapped Allow-Credentials other than the exact true at the mapped value', () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
  Resource:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: items
  Options:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Resource
      HttpMethod: OPTIONS
      AuthorizationType: NONE
      Integration:
        Type: MOCK
        RequestTemplates:
          application/json: '{"statusCode": 200}'
        IntegrationResponses:
          - StatusCode: "200"
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'https://app.example.com'"
              method.response.header.Access-Control-Allow-Credentials: "'True'"
              method.response.header.Access-Control-Allow-Methods: "'GET,OPTIONS'"
      MethodResponses:
        - StatusCode: "200"
          ResponseParameters:
            method.response.header.Access-Control-Allow-Origin: true
            method.response.header.Access-Control-Allow-Credentials: true
            method.response.header.Access-Control-Allow-Methods: true
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', template)).toEqual(['valid-credentials/notExactTrue@28:72']);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template.replace("'True'", "'true'"))).toEqual([]);
  });

  it('checks what every REST method maps on its own responses, beside or without an OPTIONS method', () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Orders:
    Type: AWS::ApiGateway::Resource
    Properties: { ParentId: !GetAtt Api.RootResourceId, PathPart: orders, RestApiId: !Ref Api }
  OrdersOptions:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: OPTIONS
      ResourceId: !Ref Orders
      RestApiId: !Ref Api
      Integration:
        Type: MOCK
        IntegrationResponses:
          - StatusCode: "204"
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'https://app.example.com'"
              method.response.header.Access-Control-Allow-Credentials: "'true'"
  OrdersGet:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      ResourceId: !Ref Orders
      RestApiId: !Ref Api
      Integration:
        Type: HTTP
        Uri: https://backend.example.com/orders
        IntegrationResponses:
          - StatusCode: "200"
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
              method.response.header.Access-Control-Allow-Credentials: "'true'"
  Items:
    Type: AWS::ApiGateway::Resource
    Properties: { ParentId: !GetAtt Api.RootResourceId, PathPart: items, RestApiId: !Ref Api }
  ItemsGet:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      ResourceId: !Ref Items
      RestApiId: !Ref Api
      Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub "arn:\${AWS::Partition}:apigateway" }
      MethodResponses:
        - StatusCode: "200"
          ResponseParameters:
            method.response.header.Access-Control-Allow-Origin: true
  ItemsPut:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: PUT
      ResourceId: !Ref Items
      RestApiId: !Ref Api
      Integration:
        Type: HTTP
        IntegrationResponses:
          - StatusCode: "200"
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
              method.response.header.Access-Control-Allow-Credentials: "'true'"
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', template)).toEqual([
      'no-wildcard-origin-with-credentials/wildcardWithCredentials@31:67',
      'require-preflight-handler/noOptionsRoute@50:19',
      'no-wildcard-origin-with-credentials/wildcardWithCredentials@58:67',
    ]);
  });

  it('reads gateway responses: origin and credentials count, preflight-only headers on errors do not', () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Default4xx:
    Type: AWS::ApiGateway::GatewayResponse
    Properties:
      ResponseType: DEFAULT_4XX
      RestApiId: !Ref Api
      ResponseParameters:
        gatewayresponse.header.Access-Control-Allow-Origin: "'*'"
        gatewayresponse.header.Access-Control-Allow-Headers: "'*'"
  Default5xx:
    Type: AWS::ApiGateway::GatewayResponse
    Properties:
      ResponseType: DEFAULT_5XX
      RestApiId: !Ref Api
      ResponseParameters:
        gatewayresponse.header.Access-Control-Allow-Origin: !Sub "'\${FrontendOrigin}'"
        gatewayresponse.header.Access-Control-Allow-Credentials: "'true'"
  Unauthorized:
    Type: AWS::ApiGateway::GatewayResponse
    Properties:
      ResponseType: UNAUTHORIZED
      RestApiId: !Ref Api
      StatusCode: "401"
      ResponseParameters:
        gatewayresponse.header.Access-Control-Allow-Origin: method.request.header.origin
        gatewayresponse.header.Access-Control-Allow-Credentials: "'true'"
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', template)).toEqual([
      'no-reflected-origin-with-credentials/reflectedWithCredentials@26:61',
    ]);
  });

  it('matches an OPTIONS method to its resource whichever GetAtt spelling each method uses', () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  RootOptions:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: OPTIONS
      ResourceId: !GetAtt Api.RootResourceId
      RestApiId: !Ref Api
      AuthorizationType: NONE
      Integration:
        Type: MOCK
        RequestTemplates: { application/json: '{"statusCode": 200}' }
        IntegrationResponses:
          - StatusCode: "200"
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'https://app.example.com'"
              method.response.header.Access-Control-Allow-Methods: "'POST,OPTIONS'"
              method.response.header.Access-Control-Allow-Headers: "'Content-Type'"
      MethodResponses:
        - StatusCode: "200"
          ResponseParameters:
            method.response.header.Access-Control-Allow-Origin: true
            method.response.header.Access-Control-Allow-Methods: true
            method.response.header.Access-Control-Allow-Headers: true
  RootPost:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: POST
      ResourceId:
        Fn::GetAtt: [Api, RootResourceId]
      RestApiId: !Ref Api
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
      MethodResponses:
        - StatusCode: "200"
          ResponseParameters:
            method.response.header.Access-Control-Allow-Origin: true
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', template)).toEqual([]);
    const otherResource = `${template.replace('Fn::GetAtt: [Api, RootResourceId]', '!Ref Orders').replace('\n      HttpMethod: POST', '\n      HttpMethod: PUT')}  Orders:
    Type: AWS::ApiGateway::Resource
    Properties: { ParentId: !GetAtt Api.RootResourceId, PathPart: orders, RestApiId: !Ref Api }
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', otherResource)).toEqual(['require-preflight-handler/noOptionsRoute@31:19']);
    // `!GetAtt R.ResourceId` names the same resource as `!Ref R`.
    const orders = '  Orders:\n    Type: AWS::ApiGateway::Resource\n    Properties: { ParentId: !GetAtt Api.RootResourceId, PathPart: orders, RestApiId: !Ref Api }\n';
    const resourceIdSpellings = `${template.replace('ResourceId: !GetAtt Api.RootResourceId', 'ResourceId: !Ref Orders').replace('Fn::GetAtt: [Api, RootResourceId]', '!GetAtt Orders.ResourceId').replace('\n      HttpMethod: POST', '\n      HttpMethod: PUT')}${orders}`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', resourceIdSpellings)).toEqual([]);
    const withoutOptions = `${template.replace('Fn::GetAtt: [Api, RootResourceId]', '!GetAtt Orders.ResourceId').replace('\n      HttpMethod: POST', '\n      HttpMethod: PUT')}${orders}`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', withoutOptions)).toEqual(['require-preflight-handler/noOptionsRoute@31:19']);
  });

  it('leaves the preflight of a resource declared in another template (a parameter, an import) unknown', () => {
    // The shape the CDK synthesises for a nested stack that adds methods to an imported RestApi: the
    // parent stack holds the root resource and its OPTIONS method.
    const nested = `{
  "Parameters": {
    "referencetoRestApiRootResourceId": { "Type": "String" },
    "referencetoRestApiId": { "Type": "String" }
  },
  "Resources": {
    "BooksPUT": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "AuthorizationType": "NONE",
        "HttpMethod": "PUT",
        "Integration": {
          "Type": "MOCK",
          "IntegrationResponses": [
            { "StatusCode": "200", "ResponseParameters": { "method.response.header.Access-Control-Allow-Origin": "'https://app.example.com'" } }
          ]
        },
        "ResourceId": { "Ref": "referencetoRestApiRootResourceId" },
        "RestApiId": { "Ref": "referencetoRestApiId" }
      }
    },
    "SharedDELETE": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "AuthorizationType": "NONE",
        "HttpMethod": "DELETE",
        "Integration": {
          "Type": "MOCK",
          "IntegrationResponses": [
            { "StatusCode": "200", "ResponseParameters": { "method.response.header.Access-Control-Allow-Origin": "'https://app.example.com'" } }
          ]
        },
        "ResourceId": { "Fn::ImportValue": "SharedApiItemsResourceId" },
        "RestApiId": { "Fn::ImportValue": "SharedApiId" }
      }
    }
  }
}
`;
    expect(policiesOf(awsCloudFormation, 'cdk.out/BooksStack.template.json', nested).map((policy) => summary(policy).preflight)).toEqual([
      'unknown referencetoRestApiRootResourceId @11:23',
      'unknown ImportValue:SharedApiItemsResourceId @26:23',
    ]);
    expect(findingsOf(awsCloudFormation, 'cdk.out/BooksStack.template.json', nested)).toEqual([]);
  });

  it('takes an HTTP API MaxAge of -1, which API Gateway accepts without documenting what it sends, as unknown', () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: app
      ProtocolType: HTTP
      CorsConfiguration:
        AllowOrigins: [https://app.example.com]
        MaxAge: -1
`;
    expect(policiesOf(awsCloudFormation, 'template.yaml', template).map(summary)[0]?.maxAge).toBe('unknown @10:17');
    expect(findingsOf(awsCloudFormation, 'template.yaml', template)).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template.replace('MaxAge: -1', 'MaxAge: 86400'))).toEqual(['max-age-within-browser-cap/aboveBrowserCap@10:17']);
  });

  it('takes a function URL MaxAge outside the 0 to 86400 seconds Lambda accepts as unknown, and checks one inside it', () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ExportUrl:
    Type: AWS::Lambda::Url
    Properties:
      AuthType: NONE
      TargetFunctionArn: !GetAtt ExportFunction.Arn
      Cors:
        AllowOrigins: [https://app.example.com]
        MaxAge: -1
`;
    expect(policiesOf(awsCloudFormation, 'template.yaml', template).map(summary)[0]?.maxAge).toBe('unknown @10:17');
    expect(findingsOf(awsCloudFormation, 'template.yaml', template)).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template.replace('MaxAge: -1', 'MaxAge: 172800'))).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template.replace('MaxAge: -1', 'MaxAge: 86400'))).toEqual(['max-age-within-browser-cap/aboveBrowserCap@10:17']);
  });

  it('takes an HTTP API whose $default route requires authorization as refusing preflights, which that route catches', () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: app
      ProtocolType: HTTP
      CorsConfiguration:
        AllowOrigins: [https://app.example.com]
        AllowHeaders: [authorization, content-type]
        AllowCredentials: true
  JwtAuthorizer:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: !Ref HttpApi
      AuthorizerType: JWT
      Name: cognito
      IdentitySource: [$request.header.Authorization]
      JwtConfiguration: { Audience: [app], Issuer: !Sub "https://cognito-idp.\${AWS::Region}.amazonaws.com/\${UserPool}" }
  DefaultRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref HttpApi
      RouteKey: $default
      AuthorizationType: JWT
      AuthorizerId: !Ref JwtAuthorizer
      Target: !Sub integrations/\${Integration}
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', template)).toEqual(['require-preflight-handler/refusedBeforeCors@25:26']);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template.replace('AuthorizationType: JWT', 'AuthorizationType: AWS_IAM'))).toEqual([
      'require-preflight-handler/refusedBeforeCors@25:26',
    ]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template.replace('AuthorizationType: JWT', 'AuthorizationType: NONE'))).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template.replace('RouteKey: $default', 'RouteKey: GET /items'))).toEqual([]);
    const optionsRoute = `${template}  PreflightRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref HttpApi
      RouteKey: OPTIONS /{proxy+}
      Target: !Sub integrations/\${Integration}
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', optionsRoute)).toEqual([]);
    const lambdaAuthorizer = template.replace('AuthorizationType: JWT', 'AuthorizationType: CUSTOM').replace('AuthorizerType: JWT', 'AuthorizerType: REQUEST');
    expect(findingsOf(awsCloudFormation, 'template.yaml', lambdaAuthorizer)).toEqual(['require-preflight-handler/refusedBeforeCors@25:26']);
    // A Lambda authorizer without identity sources runs on every request and may let preflights through.
    expect(findingsOf(awsCloudFormation, 'template.yaml', lambdaAuthorizer.replace('      IdentitySource: [$request.header.Authorization]\n', ''))).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template.replace('ApiId: !Ref HttpApi\n      RouteKey', 'ApiId: !Ref OtherApi\n      RouteKey'))).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template.replace('ApiId: !Ref HttpApi\n      RouteKey', 'ApiId: !GetAtt HttpApi.ApiId\n      RouteKey'))).toEqual([
      'require-preflight-handler/refusedBeforeCors@25:26',
    ]);
  });

  it('takes an HTTP API ANY route behind an authorizer as refusing the preflights it receives for its path', () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: app
      ProtocolType: HTTP
      CorsConfiguration:
        AllowOrigins: [https://app.example.com]
        AllowHeaders: [authorization, content-type]
  JwtAuthorizer:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: !Ref HttpApi
      AuthorizerType: JWT
      Name: cognito
      IdentitySource: [$request.header.Authorization]
      JwtConfiguration: { Audience: [app], Issuer: https://issuer.example.com }
  ProxyRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref HttpApi
      RouteKey: ANY /{proxy+}
      AuthorizationType: JWT
      AuthorizerId: !Ref JwtAuthorizer
      Target: !Sub integrations/\${Integration}
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', template)).toEqual(['require-preflight-handler/refusedBeforeCors@24:26']);
    expect(policiesOf(awsCloudFormation, 'template.yaml', template)[0]?.preflight).toMatchObject({ target: 'HttpApi /{proxy+}', refusedBy: 'the JWT authorization of route ANY /{proxy+} (ProxyRoute, which also receives the preflights)' });
    // A route for one method never receives the preflight; API Gateway answers it.
    expect(findingsOf(awsCloudFormation, 'template.yaml', template.replace('RouteKey: ANY /{proxy+}', 'RouteKey: POST /{proxy+}'))).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template.replace('AuthorizationType: JWT', 'AuthorizationType: NONE'))).toEqual([]);
    const optionsRoute = `${template}  PreflightRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref HttpApi
      RouteKey: OPTIONS /{proxy+}
      Target: !Sub integrations/\${Integration}
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', optionsRoute)).toEqual([]);
    // An OPTIONS route behind the authorizer turns the preflights away itself.
    const guardedOptions = optionsRoute.replace('      RouteKey: OPTIONS /{proxy+}\n', '      RouteKey: OPTIONS /{proxy+}\n      AuthorizationType: JWT\n      AuthorizerId: !Ref JwtAuthorizer\n');
    expect(findingsOf(awsCloudFormation, 'template.yaml', guardedOptions)).toEqual(['require-preflight-handler/refusedBeforeCors@32:26']);
    expect(policiesOf(awsCloudFormation, 'template.yaml', guardedOptions)[0]?.preflight).toMatchObject({ target: 'HttpApi /{proxy+}', refusedBy: 'the JWT authorization of route OPTIONS /{proxy+} (PreflightRoute)' });
    expect(findingsOf(awsCloudFormation, 'template.yaml', guardedOptions.replace('RouteKey: ANY /{proxy+}', 'RouteKey: PUT /items'))).toEqual([
      'require-preflight-handler/refusedBeforeCors@32:26',
    ]);
  });

  it('takes a REST OPTIONS method that proxies preflights behind an authorizer as leaving them unanswered', () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  Orders:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: orders }
  OrdersPut:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Orders
      HttpMethod: PUT
      AuthorizationType: AWS_IAM
      Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub "arn:aws:apigateway:\${AWS::Region}:lambda:path/fn" }
      MethodResponses:
        - StatusCode: "200"
          ResponseParameters: { method.response.header.Access-Control-Allow-Origin: true }
  OrdersOptions:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Orders
      HttpMethod: OPTIONS
      AuthorizationType: AWS_IAM
      Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub "arn:aws:apigateway:\${AWS::Region}:lambda:path/fn" }
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', template)).toEqual(['require-preflight-handler/refusedBeforeCors@26:26']);
    expect(policiesOf(awsCloudFormation, 'template.yaml', template)[0]?.preflight).toMatchObject({ target: '/orders', refusedBy: 'the AWS_IAM authorization of OPTIONS method OrdersOptions' });
    // Without authorization the OPTIONS method's backend receives the preflight and may answer it.
    const open = template.replace('      HttpMethod: OPTIONS\n      AuthorizationType: AWS_IAM\n', '      HttpMethod: OPTIONS\n      AuthorizationType: NONE\n');
    expect(findingsOf(awsCloudFormation, 'template.yaml', open)).toEqual([]);
  });

  it('takes an ANY route of an HTTP API Body whose security refuses preflights as leaving them unanswered', () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      CorsConfiguration:
        AllowOrigins: [https://app.example.com]
        AllowHeaders: [authorization]
      Body:
        openapi: "3.0.1"
        info: { title: app, version: "1" }
        paths:
          /{proxy+}:
            x-amazon-apigateway-any-method:
              security:
                - iam: []
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, payloadFormatVersion: "2.0", uri: !GetAtt App.Arn }
        components:
          securitySchemes:
            iam: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4 }
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', template)).toEqual(['require-preflight-handler/refusedBeforeCors@16:17']);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template.replace('x-amazon-apigateway-any-method:', 'put:'))).toEqual([]);
  });

  it('takes a REST ANY method behind an authorizer, on a resource without OPTIONS method, as refusing the preflights it receives', () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  Proxy:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: "{proxy+}"
  Authorizer:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      Name: cognito
      RestApiId: !Ref Api
      Type: COGNITO_USER_POOLS
      IdentitySource: method.request.header.Authorization
      ProviderARNs: [!GetAtt UserPool.Arn]
  ProxyAny:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Proxy
      HttpMethod: ANY
      AuthorizationType: COGNITO_USER_POOLS
      AuthorizerId: !Ref Authorizer
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
      MethodResponses:
        - StatusCode: "200"
          ResponseParameters:
            method.response.header.Access-Control-Allow-Origin: true
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', template)).toEqual(['require-preflight-handler/refusedBeforeCors@26:26']);
    expect(policiesOf(awsCloudFormation, 'template.yaml', template)[0]?.preflight).toMatchObject({ target: '/{proxy+}', refusedBy: 'the COGNITO_USER_POOLS authorization of ANY method ProxyAny (which also receives the preflights)' });
    // Without authorization the ANY method's backend receives the preflight and may answer it.
    const open = template.replace('      AuthorizationType: COGNITO_USER_POOLS\n      AuthorizerId: !Ref Authorizer\n', '      AuthorizationType: NONE\n');
    expect(findingsOf(awsCloudFormation, 'template.yaml', open)).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', open.replace('      AuthorizationType: NONE\n', '      AuthorizationType: NONE\n      ApiKeyRequired: true\n'))).toEqual([
      'require-preflight-handler/refusedBeforeCors@27:23',
    ]);
  });

  it('counts the X-API-Key header a GET method with ApiKeyRequired makes callers send as a preflight cause', () => {
    const template = (apiProperties: string) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: catalog${apiProperties}
  Items:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: items
  GetItems:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Items
      HttpMethod: GET
      AuthorizationType: NONE
      ApiKeyRequired: true
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
      MethodResponses:
        - StatusCode: "200"
          ResponseParameters:
            method.response.header.Access-Control-Allow-Origin: true
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', template(''))).toEqual(['require-preflight-handler/noOptionsRoute@18:19']);
    expect(policiesOf(awsCloudFormation, 'template.yaml', template(''))[0]?.requiredRequestHeaders).toEqual([
      { value: 'X-API-Key', loc: { file: 'template.yaml', line: 20, column: 23, endLine: 20, endColumn: 27 } },
    ]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template('\n      ApiKeySourceType: HEADER'))).toEqual(['require-preflight-handler/noOptionsRoute@19:19']);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template('\n      Body:\n        x-amazon-apigateway-api-key-source: HEADER'))).toEqual([
      'require-preflight-handler/noOptionsRoute@20:19',
    ]);
    // The key comes from a Lambda authorizer, or from a source the template does not show: no header is known.
    expect(findingsOf(awsCloudFormation, 'template.yaml', template('\n      ApiKeySourceType: AUTHORIZER'))).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template('\n      ApiKeySourceType: !Ref KeySource'))).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template('\n      BodyS3Location: { Bucket: specs, Key: catalog.yaml }'))).toEqual([]);
    // Without the key requirement a GET needs no preflight.
    expect(findingsOf(awsCloudFormation, 'template.yaml', template('').replace('      ApiKeyRequired: true\n', ''))).toEqual([]);
  });

  it('counts the headers a GET method\'s authorization makes callers send (SigV4, Cognito, Lambda authorizer identity sources) as a preflight cause', () => {
    const template = (authorization: string, authorizer = '') => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: profile
  Me:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: me${authorizer}
  GetMe:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Me
      HttpMethod: GET
${authorization}
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
      MethodResponses:
        - StatusCode: "200"
          ResponseParameters:
            method.response.header.Access-Control-Allow-Origin: true
`;
    const authorizer = (type: string, source: string) => `
  Authorizer:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      Name: auth
      RestApiId: !Ref Api
      Type: ${type}
      IdentitySource: ${source}`;
    const custom = '      AuthorizationType: CUSTOM\n      AuthorizerId: !Ref Authorizer';
    const required = (yaml: string) => policiesOf(awsCloudFormation, 'template.yaml', yaml)[0]?.requiredRequestHeaders?.map((header) => header.value);

    expect(findingsOf(awsCloudFormation, 'template.yaml', template('      AuthorizationType: AWS_IAM'))).toEqual(['require-preflight-handler/noOptionsRoute@18:19']);
    expect(required(template('      AuthorizationType: AWS_IAM'))).toEqual(['Authorization']);
    const cognito = template('      AuthorizationType: COGNITO_USER_POOLS\n      AuthorizerId: !Ref Authorizer', authorizer('COGNITO_USER_POOLS', 'method.request.header.Authorization'));
    expect(findingsOf(awsCloudFormation, 'template.yaml', cognito)).toEqual(['require-preflight-handler/noOptionsRoute@25:19']);
    expect(required(cognito)).toEqual(['Authorization']);
    expect(required(template(custom, authorizer('TOKEN', 'method.request.header.X-Session-Token')))).toEqual(['X-Session-Token']);
    expect(required(template(custom, authorizer('REQUEST', '"method.request.header.X-Tenant, method.request.querystring.key"')))).toEqual(['X-Tenant']);
    // Nothing the caller must send as a header, or an authorizer the template does not hold: no cause.
    expect(findingsOf(awsCloudFormation, 'template.yaml', template(custom, authorizer('REQUEST', 'method.request.querystring.key')))).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template('      AuthorizationType: CUSTOM\n      AuthorizerId: !ImportValue shared-authorizer'))).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template('      AuthorizationType: NONE'))).toEqual([]);
  });

  it('does not take the CDK preflight template\'s lookup of a lowercase origin header (`$origin == ""`) for an allowed origin', () => {
    const template = JSON.stringify(
      {
        Resources: {
          Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api' } },
          ApiOPTIONS: {
            Type: 'AWS::ApiGateway::Method',
            Properties: {
              HttpMethod: 'OPTIONS',
              AuthorizationType: 'NONE',
              ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
              RestApiId: { Ref: 'Api' },
              Integration: {
                Type: 'MOCK',
                IntegrationResponses: [
                  {
                    StatusCode: '204',
                    ResponseParameters: {
                      'method.response.header.Access-Control-Allow-Origin': "'https://a.example.com'",
                      'method.response.header.Vary': "'Origin'",
                    },
                    ResponseTemplates: {
                      'application/json':
                        '#set($origin = $input.params().header.get("Origin"))\n#if($origin == "") #set($origin = $input.params().header.get("origin")) #end\n#if($origin == "https://a.example.com" || $origin == "https://b.example.com")\n  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\n#end',
                    },
                  },
                ],
              },
            },
          },
        },
      },
      null,
      1,
    );
    const [policy] = policiesOf(awsCloudFormation, 'cdk.out/Stack.template.json', template);
    // The mapped 'https://a.example.com' is one the template echoes, so it is read once, from the template.
    expect(policy?.origins.map((origin) => (origin.kind === 'exact' ? origin.value : origin.kind))).toEqual([
      'https://a.example.com',
      'https://b.example.com',
    ]);
  });

  it('reads the Serverless Framework\'s compiled preflight by its template: the first origin, sent as written, only answers the origins the template turns away', () => {
    // As `serverless package` writes `cors: { origins: [...], allowCredentials: true }` into
    // .serverless/cloudformation-template-update-stack.json (lib/plugins/aws/package/compile/events/api-gateway/lib/cors.js).
    const compiled = (origin: string, regexes: string[]): string => `Resources:
  ApiGatewayRestApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: dev-users-api
  ApiGatewayResourceUsers:
    Type: AWS::ApiGateway::Resource
    Properties:
      ParentId: !GetAtt ApiGatewayRestApi.RootResourceId
      PathPart: users
      RestApiId: !Ref ApiGatewayRestApi
  ApiGatewayMethodUsersOptions:
    Type: AWS::ApiGateway::Method
    Properties:
      AuthorizationType: NONE
      HttpMethod: OPTIONS
      ResourceId: !Ref ApiGatewayResourceUsers
      RestApiId: !Ref ApiGatewayRestApi
      Integration:
        Type: MOCK
        RequestTemplates:
          application/json: "{statusCode:200}"
        IntegrationResponses:
          - StatusCode: "200"
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'${origin}'"
              method.response.header.Access-Control-Allow-Headers: "'Content-Type,Authorization'"
              method.response.header.Access-Control-Allow-Methods: "'OPTIONS,GET'"
              method.response.header.Access-Control-Allow-Credentials: "'true'"
            ResponseTemplates:
              application/json: "#set($origin = $input.params(\\"Origin\\"))\\n#if($origin == \\"\\") #set($origin = $input.params(\\"origin\\")) #end\\n#if(${regexes
                .map((regex) => `$origin.matches(\\"${regex}\\")`)
                .join(' || ')}) #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin) #end"
`;
    // origins: ['https://*.example.com', 'https://example.com']: the literal '*' in the first origin is
    // only sent to the origins no pattern admits, so it is not an origin that never matches.
    const subdomains = compiled('https://*.example.com', ['https://.+[.]example[.]com', 'https://example[.]com']);
    expect(findingsOf(awsCloudFormation, 'cloudformation-template-update-stack.yaml', subdomains)).toEqual(['require-vary-origin/missingVary@20:9']);
    expect(policiesOf(awsCloudFormation, 'cloudformation-template-update-stack.yaml', subdomains)[0]?.origins.map((origin) => origin.kind)).toEqual([
      'pattern',
      'pattern',
    ]);
    // origins: ['*']: every origin is echoed, so the mapped '*' never reaches a CORS request: one
    // finding, the reflection with credentials, not also a '*' with credentials.
    expect(findingsOf(awsCloudFormation, 'cloudformation-template-update-stack.yaml', compiled('*', ['.+']))).toEqual([
      'require-vary-origin/missingVary@20:9',
      'no-reflected-origin-with-credentials/reflectedWithCredentials@31:168',
    ]);
    // A pattern that does not cover the mapped value leaves it in the policy.
    expect(findingsOf(awsCloudFormation, 'cloudformation-template-update-stack.yaml', compiled('*', ['https://app[.]example[.]com']))).toEqual([
      'require-vary-origin/missingVary@20:9',
      'no-wildcard-origin-with-credentials/wildcardWithCredentials@26:67',
    ]);
  });

  it('reads the older CDK preflight template\'s `$origin.matches("…")` as whole-string regexes (aws/aws-cdk#26623)', () => {
    const cdkTemplate = (conditions: string, credentials: boolean): string =>
      JSON.stringify(
        {
          Resources: {
            Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api' } },
            ApiOPTIONS: {
              Type: 'AWS::ApiGateway::Method',
              Properties: {
                HttpMethod: 'OPTIONS',
                AuthorizationType: 'NONE',
                ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
                RestApiId: { Ref: 'Api' },
                Integration: {
                  Type: 'MOCK',
                  IntegrationResponses: [
                    {
                      StatusCode: '204',
                      ResponseParameters: {
                        'method.response.header.Access-Control-Allow-Origin': "'https://app.example.com'",
                        'method.response.header.Vary': "'Origin'",
                        ...(credentials ? { 'method.response.header.Access-Control-Allow-Credentials': "'true'" } : {}),
                      },
                      ResponseTemplates: {
                        'application/json': `#set($origin = $input.params("Origin"))\n#if($origin == "") #set($origin = $input.params("origin")) #end\n#if(${conditions})\n  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\n#end`,
                      },
                    },
                  ],
                },
              },
            },
          },
        },
        null,
        1,
      );
    // The response template's value starts at column 29 of line 33 of the pretty-printed template (34 with the credentials
    // header); each regex inside the escaped string at column 164.
    expect(findingsOf(awsCloudFormation, 'Stack.template.json', cdkTemplate('$origin.matches("https://www.company.com")', false))).toEqual([
      'no-permissive-origin-pattern/unescapedDot@33:164',
    ]);
    expect(findingsOf(awsCloudFormation, 'Stack.template.json', cdkTemplate('$origin.matches(".+")', true))).toEqual([
      'no-reflected-origin-with-credentials/reflectedWithCredentials@34:164',
    ]);
    expect(findingsOf(awsCloudFormation, 'Stack.template.json', cdkTemplate('$origin.matches("https://admin\\.example\\.com") || $origin.matches("https://[a-z]+\\.example\\.com")', true))).toEqual([]);
    const [escaped] = policiesOf(awsCloudFormation, 'Stack.template.json', cdkTemplate('$origin.matches("https://[a-z]+\\.example\\.com")', true));
    expect(escaped?.origins.map((origin) => (origin.kind === 'pattern' ? `${origin.dialect} ${origin.source}` : origin.kind))).toEqual(['exact', 'pcre-full https://[a-z]+\\.example\\.com']);
    // In a YAML literal block each regex is reported where it is written.
    const yamlTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  ApiOptions:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: OPTIONS
      AuthorizationType: NONE
      ResourceId: !GetAtt Api.RootResourceId
      RestApiId: !Ref Api
      Integration:
        Type: MOCK
        IntegrationResponses:
          - StatusCode: "200"
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'https://app.example.com'"
              method.response.header.Access-Control-Allow-Credentials: "'true'"
              method.response.header.Vary: "'Origin'"
            ResponseTemplates:
              application/json: |
                #set($origin = $input.params("Origin"))
                #if($origin.matches("https://admin\\.example\\.com") || $origin.matches("https://www.company.com"))
                  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)
                #end
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', yamlTemplate)).toEqual(['no-permissive-origin-pattern/unescapedDot@24:88']);
    // A condition on a computed value is unknown, not an allowlist.
    const [computed] = policiesOf(awsCloudFormation, 'Stack.template.json', cdkTemplate('$origin.matches($stageVariables.allowed)', true));
    expect(computed?.origins.map((origin) => origin.kind)).toEqual(['exact', 'unknown']);
    // A regex applied to something other than the request's Origin says nothing about the origins echoed.
    for (const condition of ['$context.httpMethod.matches("GET|HEAD")', '$origin.matches("https://app\\\\.example\\\\.com") && $context.path.matches("/v1/.*")']) {
      const [other] = policiesOf(awsCloudFormation, 'Stack.template.json', cdkTemplate(condition, true));
      expect(other?.origins.map((origin) => origin.kind)).toEqual(['exact', 'unknown']);
    }
  });

  it('takes an OPTIONS method behind an authorizer, IAM or an API key as refusing preflights', () => {
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  Authorizer:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      Name: cognito
      Type: COGNITO_USER_POOLS
      RestApiId: !Ref Api
      IdentitySource: method.request.header.Authorization
      ProviderARNs: [!GetAtt UserPool.Arn]
  Orders:
    Type: AWS::ApiGateway::Resource
    Properties: { ParentId: !GetAtt Api.RootResourceId, PathPart: orders, RestApiId: !Ref Api }
  OrdersOptions:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: OPTIONS
      ResourceId: !Ref Orders
      RestApiId: !Ref Api
      AuthorizationType: COGNITO_USER_POOLS
      AuthorizerId: !Ref Authorizer
      Integration:
        Type: MOCK
        RequestTemplates: { application/json: '{"statusCode": 200}' }
        IntegrationResponses:
          - StatusCode: "204"
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'https://app.example.com'"
              method.response.header.Access-Control-Allow-Headers: "'Content-Type,Authorization'"
              method.response.header.Access-Control-Allow-Methods: "'GET,PUT,OPTIONS'"
      MethodResponses:
        - StatusCode: "204"
          ResponseParameters:
            method.response.header.Access-Control-Allow-Origin: true
            method.response.header.Access-Control-Allow-Headers: true
            method.response.header.Access-Control-Allow-Methods: true
  OrdersPut:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: PUT
      ResourceId: !Ref Orders
      RestApiId: !Ref Api
      AuthorizationType: COGNITO_USER_POOLS
      AuthorizerId: !Ref Authorizer
      Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub "arn:aws:apigateway:\${AWS::Region}:lambda:path/fn" }
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', template)).toEqual(['require-preflight-handler/refusedBeforeCors@23:26']);
    const open = template.replace('      AuthorizationType: COGNITO_USER_POOLS\n      AuthorizerId: !Ref Authorizer\n      Integration:\n        Type: MOCK', '      AuthorizationType: NONE\n      Integration:\n        Type: MOCK');
    expect(findingsOf(awsCloudFormation, 'template.yaml', open)).toEqual([]);
    const iam = template.replace('AuthorizationType: COGNITO_USER_POOLS\n      AuthorizerId: !Ref Authorizer\n      Integration:\n        Type: MOCK', 'AuthorizationType: AWS_IAM\n      Integration:\n        Type: MOCK');
    expect(findingsOf(awsCloudFormation, 'template.yaml', iam)).toEqual(['require-preflight-handler/refusedBeforeCors@23:26']);
    const apiKey = open.replace('      AuthorizationType: NONE\n', '      AuthorizationType: NONE\n      ApiKeyRequired: true\n');
    expect(findingsOf(awsCloudFormation, 'template.yaml', apiKey)).toEqual(['require-preflight-handler/refusedBeforeCors@24:23']);
    // A REQUEST authorizer without identity sources runs on every request: it may let preflights through.
    const lambda = template.replace('AuthorizationType: COGNITO_USER_POOLS\n      AuthorizerId: !Ref Authorizer\n      Integration:\n        Type: MOCK', 'AuthorizationType: CUSTOM\n      AuthorizerId: !Ref Authorizer\n      Integration:\n        Type: MOCK');
    const token = lambda.replace('Type: COGNITO_USER_POOLS\n      RestApiId', 'Type: TOKEN\n      RestApiId');
    expect(findingsOf(awsCloudFormation, 'template.yaml', token)).toEqual(['require-preflight-handler/refusedBeforeCors@23:26']);
    const request = lambda.replace('Type: COGNITO_USER_POOLS\n      RestApiId: !Ref Api\n      IdentitySource: method.request.header.Authorization', 'Type: REQUEST\n      RestApiId: !Ref Api');
    expect(findingsOf(awsCloudFormation, 'template.yaml', request)).toEqual([]);
    // A GET alone needs no preflight, but the Authorization header its Cognito authorizer reads does,
    // though the OPTIONS answer lists neither.
    const getOnly = template
      .replace('      HttpMethod: PUT\n', '      HttpMethod: GET\n')
      .replace("              method.response.header.Access-Control-Allow-Headers: \"'Content-Type,Authorization'\"\n", '')
      .replace("'GET,PUT,OPTIONS'", "'GET,OPTIONS'");
    expect(findingsOf(awsCloudFormation, 'template.yaml', getOnly)).toEqual(['require-preflight-handler/refusedBeforeCors@23:26']);
    expect(policiesOf(awsCloudFormation, 'template.yaml', getOnly)[0]?.requiredRequestHeaders?.map((header) => header.value)).toEqual(['Authorization']);
    expect(findingsOf(awsCloudFormation, 'template.yaml', getOnly.replace('AuthorizationType: COGNITO_USER_POOLS\n      AuthorizerId: !Ref Authorizer\n      Integration: {', 'AuthorizationType: NONE\n      Integration: {'))).toEqual([]);
  });

  it('reads a REST API Body that sets x-amazon-apigateway-cors, which only HTTP APIs apply, as leaving its paths without preflight answers', () => {
    const template = (operations: string): string => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
      Body:
        openapi: 3.0.1
        info:
          title: orders
          version: '1'
        x-amazon-apigateway-cors:
          allowOrigins:
            - https://app.example.com
          allowHeaders:
            - content-type
          allowMethods:
            - PUT
        paths:
          /orders:
${operations}`;
    const put = `            put:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', template(put))).toEqual(['require-preflight-handler/noOptionsRoute@20:11']);
    expect(policiesOf(awsCloudFormation, 'template.yaml', template(put))[0]?.preflight.target).toBe('/orders, a REST API path (x-amazon-apigateway-cors configures HTTP APIs only)');
    // An options operation answers the preflights, an ANY method receives them.
    const options = `            options:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: { application/json: '{"statusCode": 200}' }
                responses:
                  default:
                    statusCode: '200'
                    responseParameters:
                      method.response.header.Access-Control-Allow-Origin: "'https://app.example.com'"
                      method.response.header.Access-Control-Allow-Methods: "'PUT,OPTIONS'"
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', template(put + options))).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template(put.replace('put:', 'x-amazon-apigateway-any-method:')))).toEqual([]);
    // POST alone needs no preflight by its method.
    expect(findingsOf(awsCloudFormation, 'template.yaml', template(put.replace('put:', 'post:')))).toEqual([]);
    // In an HTTP API body the extension is the CORS configuration, and the gateway answers preflights.
    const httpApi = template(put).replace('AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api').replace('      Name: orders\n', '      Name: orders\n      ProtocolType: HTTP\n');
    expect(findingsOf(awsCloudFormation, 'template.yaml', httpApi)).toEqual([]);
  });

  it('recognises templates by AWSTemplateFormatVersion or CloudFormation resource types only', () => {
    expect(detects(awsCloudFormation, 'cdk.out/Stack.template.json', CDK_TEMPLATE)).toBe(true);
    expect(detects(awsCloudFormation, 'template.yaml', YAML_TEMPLATE)).toBe(true);
    expect(detects(awsCloudFormation, 'package.json', '{ "name": "x", "Resources": { "a": { "Type": "file" } } }')).toBe(false);
    expect(detects(awsCloudFormation, 'deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\n')).toBe(false);
  });
});

describe('aws-cloudformation adapter (Fn::ForEach loops of the AWS::LanguageExtensions transform)', () => {
  const template = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Parameters:
  Tenants:
    Type: CommaDelimitedList
Resources:
  Fn::ForEach::TenantBuckets:
    - Tenant
    - !Ref Tenants
    - "\${Tenant}UploadBucket":
        Type: AWS::S3::Bucket
        Properties:
          CorsConfiguration:
            CorsRules:
              - AllowedOrigins: ["https://\${Tenant}.example.com/", "https://&{Tenant}.example.org/"]
                AllowedMethods: [GET]
              - AllowedOrigins: ["http://*.internal.example.com"]
                AllowedMethods: [GET]
      Fn::ForEach::Regions:
        - Region
        - [eu, us]
        - "\${Tenant}\${Region}Url":
            Type: AWS::Lambda::Url
            Properties:
              AuthType: NONE
              TargetFunctionArn: !Sub "arn:aws:lambda:\${AWS::Region}:123456789012:function:\${Tenant}"
              Cors:
                AllowCredentials: true
                AllowOrigins: ["https://\${Region}.\${Tenant}.example.com", "*"]
  Plain:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - AllowedOrigins: ["https://app.example.com/"]
            AllowedMethods: [GET]
`;

  it('reads the resources a loop declares, nested loops included, once each at their place in the file', () => {
    expect(findingsOf(awsCloudFormation, 'template.yaml', template)).toEqual([
      'no-insecure-origin/insecureOriginMatched@17:34',
      'no-reflected-origin-with-credentials/reflectedWithCredentials@29:75',
      'valid-origin/trailingSlash@35:30',
    ]);
    expect(policiesOf(awsCloudFormation, 'template.yaml', template).map((policy) => policy.source)).toEqual([
      'AWS::S3::Bucket ${Tenant}UploadBucket CorsRules[0]',
      'AWS::S3::Bucket ${Tenant}UploadBucket CorsRules[1]',
      'AWS::Lambda::Url ${Tenant}${Region}Url',
      'AWS::S3::Bucket Plain CorsRules[0]',
    ]);
  });

  it('reads a loop resource\'s Fn::If arms, a string naming the identifier unknown in either', () => {
    const conditional = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Conditions:
  IsProd: !Equals [!Ref "AWS::AccountId", "111111111111"]
Resources:
  Fn::ForEach::Tenants:
    - Tenant
    - [acme, globex]
    - \${Tenant}Url:
        Type: AWS::Lambda::Url
        Properties:
          AuthType: NONE
          Cors:
            AllowCredentials: true
            AllowOrigins: !If [IsProd, ["https://\${Tenant}.example.com/"], ["*"]]
`;
    expect(findingsOf(awsCloudFormation, 'template.yaml', conditional)).toEqual(['no-reflected-origin-with-credentials/reflectedWithCredentials@15:77']);
    expect(policiesOf(awsCloudFormation, 'template.yaml', conditional).map((policy) => summary(policy).origins)).toEqual([['unknown @15:41'], ['reflect-any @15:77']]);
  });

  it('leaves strings that name a loop identifier, ${Id} or &{Id}, unknown', () => {
    const [first] = policiesOf(awsCloudFormation, 'template.yaml', template).map(summary);
    expect(first?.origins).toEqual(['unknown @15:34', 'unknown @15:68']);
  });
});

/**
 * A REST API whose OPTIONS method is a MOCK integration answering with the given extra response
 * parameters (indented lines) and response template (the lines after its first, which is given here).
 */
function restPreflightTemplate(parameters: string, template: string): string {
  return `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
  ApiOptions:
    Type: AWS::ApiGateway::Method
    Properties:
      AuthorizationType: NONE
      HttpMethod: OPTIONS
      ResourceId: !GetAtt Api.RootResourceId
      RestApiId: !Ref Api
      Integration:
        Type: MOCK
        RequestTemplates:
          application/json: '{"statusCode": 200}'
        IntegrationResponses:
          - StatusCode: "200"
            ResponseParameters:
              method.response.header.Access-Control-Allow-Methods: "'GET,POST,OPTIONS'"
${parameters}              method.response.header.Vary: "'Origin'"
            ResponseTemplates:
              application/json: |
${template}`;
}

describe('aws-cloudformation adapter (a REST preflight template that echoes allowlisted origins and assigns a literal to the rest)', () => {
  const template = (fallback: string, credentials: string): string =>
    restPreflightTemplate(
      `              method.response.header.Access-Control-Allow-Credentials: "'${credentials}'"\n`,
      `                #set($origin = $input.params().header.get('Origin'))
                #set($allowedOrigins = ['https://xomper.com', 'http://localhost:4200'])
                #set($found = false)
                #foreach($o in $allowedOrigins)
                  #if($origin == $o)
                    #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)
                    #set($found = true)
                  #end
                #end
                #if(!$found) #set($context.responseOverride.header.Access-Control-Allow-Origin = ${fallback}) #end
`,
    );

  it("reads the literal sent to every origin the template turns away: 'null' lets in any sandboxed page", () => {
    expect(findingsOf(awsCloudFormation, 'template.yaml', template("'null'", 'true'))).toEqual(['no-null-origin/nullOriginWithCredentials@34:99']);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template("'*'", 'true'))).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@34:99']);
  });

  it('stays silent on a literal fallback that is a fixed origin, or on a computed one', () => {
    expect(findingsOf(awsCloudFormation, 'template.yaml', template("'https://xomper.com'", 'true'))).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template("'*'", 'false'))).toEqual([]);
    expect(findingsOf(awsCloudFormation, 'template.yaml', template('$stageVariables.origin', 'true'))).toEqual([]);
  });

  it('ignores a literal sent only when the request has no Origin header, which is no CORS request', () => {
    const noOrigin = template("'*'", 'true').replace('#if(!$found)', "#if($origin == '')");
    expect(noOrigin).toContain("#if($origin == '') #set");
    expect(findingsOf(awsCloudFormation, 'template.yaml', noOrigin)).toEqual([]);
  });
});

describe('aws-cloudformation adapter (a REST preflight template that sets Access-Control-Allow-Credentials)', () => {
  const template = (vtl: string): string =>
    restPreflightTemplate('', `                #set($context.responseOverride.header.Access-Control-Allow-Origin = $input.params().header.get('origin'))\n${vtl}`);

  it('reads an unconditional literal as the credentials every response carries', () => {
    const line = "                #set($context.responseOverride.header.Access-Control-Allow-Credentials = 'true')\n";
    expect(findingsOf(awsCloudFormation, 'template.yaml', template(line))).toEqual(['no-reflected-origin-with-credentials/reflectedWithCredentials@23:33']);
    expect(policiesOf(awsCloudFormation, 'template.yaml', template(line))[0]?.credentials).toMatchObject({ value: true, loc: { line: 25, column: 91 } });
    const capitalised = line.replace("'true'", "'True'");
    expect(findingsOf(awsCloudFormation, 'template.yaml', template(capitalised))).toEqual(['valid-credentials/notExactTrue@25:91']);
  });

  it('leaves credentials set under a condition, or to a computed value, unknown', () => {
    const conditional = "                #if($input.params().header.get('origin') != '') #set($context.responseOverride.header.Access-Control-Allow-Credentials = 'true') #end\n";
    expect(policiesOf(awsCloudFormation, 'template.yaml', template(conditional))[0]?.credentials.value).toBe('unknown');
    expect(findingsOf(awsCloudFormation, 'template.yaml', template(conditional))).toEqual([]);
    const computed = '                #set($context.responseOverride.header.Access-Control-Allow-Credentials = $stageVariables.credentials)\n';
    expect(policiesOf(awsCloudFormation, 'template.yaml', template(computed))[0]?.credentials.value).toBe('unknown');
    // Without the override the mapping decides, and nothing maps the header here.
    expect(policiesOf(awsCloudFormation, 'template.yaml', template(''))[0]?.credentials.value).toBe(false);
  });
});
