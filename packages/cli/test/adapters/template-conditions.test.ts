import { describe, expect, it } from 'vitest';
import { awsCloudFormation } from '../../src/adapters/aws-cloudformation.js';
import { awsSam } from '../../src/adapters/aws-sam.js';
import type { Adapter } from '../../src/adapters/adapter.js';
import { findingsOf } from './cloud-findings.js';

/** The findings a user sees: both readings of a block report its unconditional parts once, as the CLI does. */
function reported(adapter: Adapter, path: string, text: string): string[] {
  return [...new Set(findingsOf(adapter, path, text))];
}

describe('Fn::If around CORS values', () => {
  const httpApi = `AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  IsDev: !Equals [!Ref Stage, dev]
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: HTTP
      CorsConfiguration:
        AllowOrigins: !If [IsDev, ["*"], [https://app.example.com]]
        AllowCredentials: true
        MaxAge: !If [IsDev, 0, 86400]
`;

  it('reads each value of one condition: the dev arm sends * with credentials, the prod arm a max-age above the caps', () => {
    expect(reported(awsCloudFormation, 'template.yaml', httpApi)).toEqual([
      'no-wildcard-origin-with-credentials/wildcardWithCredentials@11:36',
      'max-age-within-browser-cap/aboveBrowserCap@13:32',
    ]);
    expect(reported(awsCloudFormation, 'template.yaml', httpApi.replace('AllowCredentials: true', 'AllowCredentials: false').replace('86400', '600'))).toEqual([]);
  });

  it('leaves values under several conditions unknown, since not every combination of them can be deployed', () => {
    const template = httpApi.replace('AllowCredentials: true', 'AllowCredentials: !If [IsProd, true, false]').replace('MaxAge: !If [IsDev, 0, 86400]', 'MaxAge: 600');
    expect(reported(awsCloudFormation, 'template.yaml', template)).toEqual([]);
  });

  it('reads a resource created only under the condition with the condition true, and keeps other conditions unknown', () => {
    const createdInDev = httpApi.replace('    Type: AWS::ApiGatewayV2::Api', '    Type: AWS::ApiGatewayV2::Api\n    Condition: IsDev');
    expect(reported(awsCloudFormation, 'template.yaml', createdInDev)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@12:36']);
    const createdUnderAnother = httpApi.replace('    Type: AWS::ApiGatewayV2::Api', '    Type: AWS::ApiGatewayV2::Api\n    Condition: IsProd');
    expect(reported(awsCloudFormation, 'template.yaml', createdUnderAnother)).toEqual([]);
  });

  it('drops an S3 rule whose arm is AWS::NoValue and checks the rule the other arm adds (JSON)', () => {
    const template = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Assets": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "CorsConfiguration": {
          "CorsRules": [
            { "AllowedMethods": ["GET"], "AllowedOrigins": ["https://app.example.com"] },
            { "Fn::If": ["IsDev", { "AllowedMethods": ["GET", "PUT"], "AllowedOrigins": ["http://dev.example.com/"] }, { "Ref": "AWS::NoValue" }] }
          ]
        }
      }
    }
  }
}
`;
    expect(reported(awsCloudFormation, 'template.json', template)).toEqual([
      'no-insecure-origin/insecureOrigin@10:90',
      'valid-origin/trailingSlash@10:90',
    ]);
    expect(reported(awsCloudFormation, 'template.json', template.replace('http://dev.example.com/', 'https://dev.example.com'))).toEqual([]);
  });

  it('reads each arm of a SAM Api AllowOrigin: a comma list is sent as one header value', () => {
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProduction: !Equals [!Ref Environment, prod]
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Environment
      Cors:
        AllowMethods: "'GET,POST,OPTIONS'"
        AllowHeaders: "'Content-Type,Authorization'"
        AllowOrigin: !If
          - IsProduction
          - "'https://madewithkiro.com'"
          - "'http://localhost:5173,https://*.cloudfront.net'"
`;
    expect(reported(awsSam, 'template.yaml', template)).toEqual(['valid-origin/severalOrigins@16:13']);
    expect(reported(awsSam, 'template.yaml', template.replace("'http://localhost:5173,https://*.cloudfront.net'", "'http://localhost:5173'"))).toEqual([]);
  });

  it('reads each arm of a SAM Cors that is itself an Fn::If as its AllowOrigin, as SAM does', () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: !If
        - IsDev
        - "'http://localhost:3000,https://dev.example.com'"
        - "'https://app.example.com'"
`;
    expect(reported(awsSam, 'template.yaml', template)).toEqual(['valid-origin/severalOrigins@9:11']);
    // An object arm becomes the header value itself, which CloudFormation cannot send: unknown.
    const objectArm = template.replace(`"'http://localhost:3000,https://dev.example.com'"`, `{ AllowOrigin: "'*'", AllowCredentials: true }`);
    expect(reported(awsSam, 'template.yaml', objectArm)).toEqual([]);
  });

  it('reads each list arm of a SAM HttpApi CorsConfiguration that is itself an Fn::If as its AllowOrigins', () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  HttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration: !If [IsProd, [https://app.example.com], [https://staging.example.com/]]
`;
    expect(reported(awsSam, 'template.yaml', template)).toEqual(['valid-origin/trailingSlash@6:67']);
    const mapArms = template.replace('[https://app.example.com], [https://staging.example.com/]', '{ AllowOrigins: [https://app.example.com] }, { AllowOrigins: [https://staging.example.com/] }');
    expect(reported(awsSam, 'template.yaml', mapArms)).toEqual([]);
  });

  it('leaves a SAM AllowOrigin that is AWS::NoValue in one arm unknown: SAM reads it before CloudFormation removes it', () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors:
        AllowOrigin: !If [IsProd, "'https://app.example.com'", !Ref AWS::NoValue]
        AllowCredentials: true
`;
    // Removing the key would read as SAM's default origin, '*', which no deployment sends here.
    expect(reported(awsSam, 'template.yaml', template)).toEqual([]);
  });

  it('reads a function URL whose Globals Cors is conditional', () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    FunctionUrlConfig:
      AuthType: NONE
      Cors:
        AllowOrigins: [https://app.example.com]
        MaxAge: !If [IsProd, 86400, 0]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      FunctionUrlConfig:
        AuthType: NONE
`;
    expect(reported(awsSam, 'template.yaml', template)).toEqual(['max-age-within-browser-cap/aboveBrowserCap@8:30']);
  });

  const negated = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Stage:
    Type: String
    AllowedValues: [dev, prod]
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  IsNotProd: !Not [!Condition IsProd]
  IsDevInUsEast1: !And
    - !Condition IsNotProd
    - !Equals [!Ref "AWS::Region", us-east-1]
  IsProdOrEu: !Or [!Condition IsProd, !Equals [!Ref "AWS::Region", eu-west-1]]
Resources:
  Url:
    Type: AWS::Lambda::Url
    Properties:
      AuthType: NONE
      TargetFunctionArn: !GetAtt Fn.Arn
      Cors:
        AllowOrigins: !If [IsProd, [https://app.example.com], ["*"]]
        AllowCredentials: !If [IsNotProd, true, false]
`;

  it('reads a condition and its Fn::Not as one: the arms where IsProd is false send * with credentials', () => {
    expect(reported(awsCloudFormation, 'template.yaml', negated)).toEqual(['no-reflected-origin-with-credentials/reflectedWithCredentials@20:64']);
    // The JSON spelling of the same section.
    const json = negated.replace('IsNotProd: !Not [!Condition IsProd]', 'IsNotProd: { "Fn::Not": [{ "Condition": IsProd }] }');
    expect(reported(awsCloudFormation, 'template.yaml', json)).toEqual(['no-reflected-origin-with-credentials/reflectedWithCredentials@20:64']);
    // The negation written out rather than through !Condition, in either spelling.
    const spelledOut = negated.replace('IsNotProd: !Not [!Condition IsProd]', 'IsNotProd: { "Fn::Not": [{ "Fn::Equals": [{ "Ref": Stage }, prod] }] }');
    expect(reported(awsCloudFormation, 'template.yaml', spelledOut)).toEqual(['no-reflected-origin-with-credentials/reflectedWithCredentials@20:64']);
    // Arms that never meet: * only where credentials are off.
    expect(reported(awsCloudFormation, 'template.yaml', negated.replace('[IsNotProd, true, false]', '[IsNotProd, false, true]'))).toEqual([]);
  });

  it('reads a resource created under the negation or an Fn::And holding it with the value that implies, and an Fn::Or as unknown', () => {
    const created = (condition: string) => negated.replace('    Type: AWS::Lambda::Url', `    Type: AWS::Lambda::Url\n    Condition: ${condition}`);
    expect(reported(awsCloudFormation, 'template.yaml', created('IsNotProd'))).toEqual(['no-reflected-origin-with-credentials/reflectedWithCredentials@21:64']);
    expect(reported(awsCloudFormation, 'template.yaml', created('IsDevInUsEast1'))).toEqual(['no-reflected-origin-with-credentials/reflectedWithCredentials@21:64']);
    expect(reported(awsCloudFormation, 'template.yaml', created('IsProd'))).toEqual([]);
    expect(reported(awsCloudFormation, 'template.yaml', created('IsProdOrEu'))).toEqual([]);
    // Where an Fn::Or does not hold, none of its operands does.
    const notProdOrEu = negated.replace('Resources:', '  NeitherProdNorEu: !Not [!Condition IsProdOrEu]\nResources:');
    expect(reported(awsCloudFormation, 'template.yaml', notProdOrEu.replace('    Type: AWS::Lambda::Url', '    Type: AWS::Lambda::Url\n    Condition: NeitherProdNorEu'))).toEqual([
      'no-reflected-origin-with-credentials/reflectedWithCredentials@22:64',
    ]);
  });

  it('reads conditions built from alias fan-outs and Fn::And fan-outs without expanding them', () => {
    // Ten levels of ten aliases: 10^10 nodes if written out.
    const levels = Array.from({ length: 10 }, (_, level) => `  - &l${String(level + 1)} [${Array.from({ length: 10 }, () => `*l${String(level)}`).join(', ')}]`);
    // Sixteen levels of Fn::And, each naming the next level ten times.
    const ands = Array.from({ length: 16 }, (_, level) => `  And${String(level)}: !And [${Array.from({ length: 10 }, () => `!Condition And${String(level + 1)}`).join(', ')}]`);
    const template = `AWSTemplateFormatVersion: "2010-09-09"
Metadata:
  Fan:
  - &l0 [Stage]
${levels.join('\n')}
Conditions:
  IsBig: !Equals [*l10, prod]
${ands.join('\n')}
  And16: !Equals [!Ref Stage, prod]
Resources:
  Url:
    Type: AWS::Lambda::Url
    Properties:
      Cors:
        AllowOrigins: !If [IsBig, ["*"], [https://app.example.com]]
        AllowCredentials: true
  Guarded:
    Type: AWS::Lambda::Url
    Condition: And0
    Properties:
      Cors:
        AllowOrigins: !If [IsBig, ["*"], [https://app.example.com]]
        AllowCredentials: true
`;
    // The first block is read under both values of IsBig; the second resource's condition is too large to relate to it.
    expect(reported(awsCloudFormation, 'template.yaml', template)).toEqual(['no-reflected-origin-with-credentials/reflectedWithCredentials@39:36']);
  });
});
