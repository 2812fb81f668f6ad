import { describe, expect, it } from 'vitest';
import { cloudFormationGetTemplate } from '../../src/adapters/cloudformation-get-template.js';
import { findingsOf } from './cloud-findings.js';
import { detects } from './helpers.js';

/** `aws cloudformation get-template --stack-name orders` for a stack deployed from a JSON (CDK) template. */
const PRINTED = `{
    "TemplateBody": {
        "Resources": {
            "HttpApi": {
                "Type": "AWS::ApiGatewayV2::Api",
                "Properties": {
                    "Name": "orders",
                    "ProtocolType": "HTTP",
                    "CorsConfiguration": {
                        "AllowOrigins": ["*"],
                        "AllowCredentials": true,
                        "AllowMethods": ["GET", "POST"]
                    }
                }
            }
        }
    },
    "StagesAvailable": ["Original", "Processed"]
}
`;

describe('cloudformation-get-template adapter', () => {
  it('reads the JSON template the output holds, at its own positions', () => {
    expect(findingsOf(cloudFormationGetTemplate, 'stack.json', PRINTED)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@10:42']);
    expect(findingsOf(cloudFormationGetTemplate, 'stack.json', PRINTED.replace('"AllowCredentials": true', '"AllowCredentials": false'))).toEqual([]);
  });

  it('reads the Original stage of a SAM stack with the SAM adapter', () => {
    const original = `{
  "TemplateBody": {
    "Transform": "AWS::Serverless-2016-10-31",
    "Resources": {
      "Api": {
        "Type": "AWS::Serverless::Api",
        "Properties": { "StageName": "prod", "Cors": { "AllowOrigin": "'*'", "AllowCredentials": true } }
      }
    }
  },
  "StagesAvailable": ["Original", "Processed"]
}
`;
    expect(findingsOf(cloudFormationGetTemplate, 'stack.json', original)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@7:71']);
  });

  it('reads a YAML template printed as one string, placing its findings at the string', () => {
    const yaml = `{
  "TemplateBody": "AWSTemplateFormatVersion: '2010-09-09'\\nResources:\\n  HttpApi:\\n    Type: AWS::ApiGatewayV2::Api\\n    Properties:\\n      ProtocolType: HTTP\\n      CorsConfiguration:\\n        AllowOrigins: ['*']\\n        AllowCredentials: true\\n",
  "StagesAvailable": ["Original", "Processed"]
}
`;
    expect(findingsOf(cloudFormationGetTemplate, 'stack.json', yaml)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@2:19']);
    expect(findingsOf(cloudFormationGetTemplate, 'stack.json', yaml.replace('AllowCredentials: true', 'AllowCredentials: false'))).toEqual([]);
  });

  it('recognises output that holds a template only', () => {
    expect(detects(cloudFormationGetTemplate, 'stack.json', '{ "TemplateBody": "Description: no resources\\nParameters: {}\\n" }')).toBe(false);
    expect(detects(cloudFormationGetTemplate, 'stack.json', '{ "TemplateBody": "not: [a template" }')).toBe(false);
    expect(detects(cloudFormationGetTemplate, 'stack.json', '{ "TemplateBody": { "Description": "empty" } }')).toBe(false);
    expect(detects(cloudFormationGetTemplate, 'template.json', PRINTED.replace('"TemplateBody"', '"Body"'))).toBe(false);
  });
});
