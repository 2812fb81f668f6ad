import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { terraformPlan } from '../../src/adapters/terraform-plan.js';
import { findingsOf } from './cloud-findings.js';
import { summary } from './cloud-summary.js';
import { detects, policiesOf } from './helpers.js';

const PLAN_PATH = new URL('../../../../fixtures/configs/terraform/bad-plan.json', import.meta.url);
const PLAN = readFileSync(PLAN_PATH, 'utf8');

describe('terraform-plan adapter', () => {
  const policies = policiesOf(terraformPlan, 'plan.json', PLAN).map(summary);

  it('reads resource_changes at their JSON positions, with the resource address as source', () => {
    expect(policies.map((policy) => policy.source)).toEqual([
      'aws_apigatewayv2_api.admin',
      'module.storage.aws_s3_bucket_cors_configuration.uploads cors_rule[0]',
      'aws_lambda_function_url.webhook',
      'google_storage_bucket.media cors[0]',
      // The deleted aws_s3_bucket_cors_configuration.legacy leaves nothing behind.
      'azurerm_linux_function_app.api',
    ]);
  });

  it('applies API Gateway HTTP API semantics to cors_configuration', () => {
    expect(policies[0]).toEqual({
      source: 'aws_apigatewayv2_api.admin',
      loc: '47:13',
      origins: ['reflect-any @51:33'],
      credentials: 'true @48:36',
      allowMethods: '[GET@50:33, POST@50:40, DELETE@50:48] @50:32',
      allowHeaders: 'unknown @49:32',
      maxAge: '86400 ("86400") @53:26',
      vary: 'unknown @47:13',
      preflight: 'answered @47:13',
    });
  });

  it('applies S3 semantics to cors_rule', () => {
    expect(policies[1]).toEqual({
      source: 'module.storage.aws_s3_bucket_cors_configuration.uploads cors_rule[0]',
      loc: '89:13',
      origins: ['allow https://app.example.com @92:35', 'allow http://staging.example.com @92:62'],
      credentials: 'unknown @89:13',
      allowMethods: '[GET@91:35, PUT@91:42, POST@91:49] @91:34',
      allowHeaders: 'reflect @90:34',
      exposeHeaders: '[ETag@93:34] @93:33',
      maxAge: '3000 ("3000") @95:34',
      vary: 'unknown @89:13',
      preflight: 'answered @89:13',
    });
  });

  it('takes values marked in after_unknown as unknown ("known after apply")', () => {
    expect(policies[2]).toMatchObject({
      source: 'aws_lambda_function_url.webhook',
      origins: ['unknown @132:91'],
      credentials: 'true @119:36',
      maxAge: '0 ("0") @123:26',
    });
  });

  it('applies Cloud Storage and App Service semantics', () => {
    expect(policies[3]).toMatchObject({
      origins: ['null @156:85'],
      credentials: 'false @156:20',
      allowMethods: '[GET@156:58, HEAD@156:65] @156:57',
      exposeHeaders: '[Content-Type@156:114] @156:113',
      maxAge: '3600 ("3600") @156:41',
    });
    expect(policies[4]).toMatchObject({
      origins: ['allow https://portal.example.com/ @179:46'],
      credentials: 'true @179:101',
    });
  });

  it('reads state (values.root_module and child modules) when there are no resource_changes', () => {
    const state = JSON.stringify({
      format_version: '1.0',
      terraform_version: '1.9.5',
      values: {
        root_module: {
          child_modules: [
            {
              address: 'module.cdn',
              resources: [
                {
                  address: 'module.cdn.aws_cloudfront_response_headers_policy.cors',
                  mode: 'managed',
                  type: 'aws_cloudfront_response_headers_policy',
                  values: {
                    cors_config: [
                      {
                        access_control_allow_credentials: true,
                        access_control_allow_headers: [{ items: ['*'] }],
                        access_control_allow_methods: [{ items: ['GET'] }],
                        access_control_allow_origins: [{ items: ['*'] }],
                        access_control_max_age_sec: 600,
                        origin_override: true,
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      },
    });
    expect(policiesOf(terraformPlan, 'state.json', state).map(summary)).toEqual([
      {
        source: 'module.cdn.aws_cloudfront_response_headers_policy.cors',
        loc: '1:290',
        origins: ['any @1:473'],
        credentials: 'true @1:326',
        allowMethods: '[GET@1:422] @1:421',
        allowHeaders: '[*@1:373] @1:372',
        maxAge: '600 ("600") @1:509',
        vary: 'unknown @1:290',
        preflight: 'unknown @1:290',
      },
    ]);
  });

  it('reads site_config.cors of a Flex Consumption function app', () => {
    const plan = JSON.stringify({
      format_version: '1.2',
      resource_changes: [
        {
          address: 'azurerm_function_app_flex_consumption.api',
          mode: 'managed',
          type: 'azurerm_function_app_flex_consumption',
          change: {
            actions: ['create'],
            after: { site_config: [{ cors: [{ allowed_origins: ['*'], support_credentials: true }] }] },
            after_unknown: { id: true, site_config: [{ cors: [{ allowed_origins: [false] }] }] },
          },
        },
      ],
    });
    expect(findingsOf(terraformPlan, 'plan.json', plan)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@1:248']);
  });

  it('reads REST API integration response header mappings', () => {
    const plan = `{
  "format_version": "1.2",
  "terraform_version": "1.9.5",
  "resource_changes": [
    {
      "address": "module.cors.aws_api_gateway_integration_response.options",
      "mode": "managed",
      "type": "aws_api_gateway_integration_response",
      "change": {
        "actions": ["create"],
        "after": {
          "http_method": "OPTIONS",
          "response_parameters": {
            "method.response.header.Access-Control-Allow-Origin": "'*'",
            "method.response.header.Access-Control-Allow-Credentials": "'true'",
            "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,GET,PUT'"
          },
          "status_code": "200"
        },
        "after_unknown": { "id": true, "resource_id": true }
      }
    }
  ]
}`;
    expect(policiesOf(terraformPlan, 'plan.json', plan).map(summary)).toEqual([
      {
        source: 'module.cors.aws_api_gateway_integration_response.options',
        loc: '11:18',
        origins: ['any @14:67'],
        credentials: 'true @15:72',
        allowMethods: '[OPTIONS@16:70, GET@16:78, PUT@16:82] @16:68',
        vary: 'false @11:18',
        preflight: 'answered @11:18',
      },
    ]);
  });

  it('reads aws_api_gateway_gateway_response header mappings', () => {
    const plan = JSON.stringify(
      {
        format_version: '1.2',
        resource_changes: [
          {
            address: 'aws_api_gateway_gateway_response.unauthorized',
            mode: 'managed',
            type: 'aws_api_gateway_gateway_response',
            change: {
              actions: ['create'],
              after: {
                response_type: 'UNAUTHORIZED',
                status_code: '401',
                response_parameters: {
                  'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.Origin',
                  'gatewayresponse.header.Access-Control-Allow-Credentials': "'true'",
                },
              },
              after_unknown: { id: true, rest_api_id: true },
            },
          },
        ],
      },
      null,
      2,
    );
    expect(findingsOf(terraformPlan, 'plan.json', plan)).toEqual(['no-reflected-origin-with-credentials/reflectedWithCredentials@16:67']);
  });

  it('reads *.tf.json configurations: blocks as objects or lists, "${...}" expressions unknown', () => {
    const config = `{
  "resource": {
    "google_storage_bucket": {
      "assets": {
        "cors": { "origin": ["https://www.acme.com/"], "method": ["GET"], "max_age_seconds": "\${var.max_age}" }
      }
    },
    "aws_cloudfront_response_headers_policy": {
      "cors": [
        {
          "cors_config": {
            "access_control_allow_credentials": "\${var.credentials}",
            "access_control_allow_headers": { "items": ["*"] },
            "access_control_allow_methods": { "items": ["GET"] },
            "access_control_allow_origins": { "items": ["\${var.origin}", "*"] },
            "origin_override": true
          }
        }
      ]
    },
    "aws_s3_bucket_policy": { "ignored": { "policy": "{}" } }
  }
}`;
    expect(policiesOf(terraformPlan, 'main.tf.json', config).map(summary)).toEqual([
      {
        source: 'google_storage_bucket.assets cors[0]',
        loc: '5:17',
        origins: ['allow https://www.acme.com/ @5:30'],
        credentials: 'false @5:17',
        allowMethods: '[GET@5:67] @5:66',
        allowHeaders: 'unknown @5:17',
        maxAge: 'unknown @5:94',
        vary: 'unknown @5:17',
        preflight: 'answered @5:17',
      },
      {
        source: 'aws_cloudfront_response_headers_policy.cors',
        loc: '11:26',
        origins: ['unknown @15:57', 'any @15:74'],
        credentials: 'unknown @12:49',
        allowMethods: '[GET@14:57] @14:56',
        allowHeaders: '[*@13:57] @13:56',
        vary: 'unknown @11:26',
        preflight: 'unknown @11:26',
      },
    ]);
    expect(findingsOf(terraformPlan, 'main.tf.json', config)).toEqual([
      'valid-origin/trailingSlash@5:30',
      'explicit-authorization-header/authorizationNotCovered@13:57',
    ]);
    expect(detects(terraformPlan, 'main.json', config)).toBe(false);
  });

  it("reports an S3 bucket's rules once when an aws_s3_bucket_cors_configuration manages them", () => {
    // AWS provider 4+ reads the live rules into the bucket's computed cors_rule, so state repeats them there.
    const rule = `{ "allowed_headers": ["*"], "allowed_methods": ["GET"], "allowed_origins": ["http://assets.example.com"], "max_age_seconds": 3000 }`;
    const state = `{
  "format_version": "1.0",
  "values": {
    "root_module": {
      "resources": [
        {
          "address": "aws_s3_bucket.assets",
          "mode": "managed",
          "type": "aws_s3_bucket",
          "values": { "bucket": "acme-assets", "id": "acme-assets", "cors_rule": [${rule}] }
        },
        {
          "address": "aws_s3_bucket_cors_configuration.assets",
          "mode": "managed",
          "type": "aws_s3_bucket_cors_configuration",
          "values": { "bucket": "acme-assets", "cors_rule": [${rule}] }
        },
        {
          "address": "aws_s3_bucket.legacy",
          "mode": "managed",
          "type": "aws_s3_bucket",
          "values": { "bucket": "acme-legacy", "id": "acme-legacy", "cors_rule": [${rule}] }
        }
      ]
    }
  }
}`;
    expect(policiesOf(terraformPlan, 'state.json', state).map((policy) => policy.source)).toEqual([
      'aws_s3_bucket_cors_configuration.assets cors_rule[0]',
      'aws_s3_bucket.legacy cors_rule[0]',
    ]);
    expect(findingsOf(terraformPlan, 'state.json', state)).toEqual([
      'no-insecure-origin/insecureOrigin@16:138',
      'no-insecure-origin/insecureOrigin@22:159',
    ]);
  });

  it('reads the cors_rule blocks of azurerm_storage_account services with Azure Storage semantics', () => {
    const plan = `{
  "format_version": "1.2",
  "resource_changes": [
    {
      "address": "azurerm_storage_account.uploads",
      "mode": "managed",
      "type": "azurerm_storage_account",
      "change": {
        "actions": ["create"],
        "after": {
          "blob_properties": [
            {
              "cors_rule": [
                {
                  "allowed_headers": ["*"],
                  "allowed_methods": ["GET", "PUT", "MERGE"],
                  "allowed_origins": ["https://app.contoso.com/"],
                  "exposed_headers": ["*"],
                  "max_age_in_seconds": 3600
                }
              ]
            }
          ],
          "queue_properties": [{ "cors_rule": [{ "allowed_headers": [""], "allowed_methods": ["GET"], "allowed_origins": ["null"], "max_age_in_seconds": 60 }] }],
          "share_properties": [{ "cors_rule": [{ "allowed_headers": [], "allowed_methods": ["GET"], "allowed_origins": [null], "max_age_in_seconds": 60 }] }]
        },
        "after_unknown": {
          "id": true,
          "share_properties": [{ "cors_rule": [{ "allowed_origins": [true] }] }]
        }
      }
    }
  ]
}`;
    expect(policiesOf(terraformPlan, 'plan.json', plan).map((policy) => summary(policy).source)).toEqual([
      'azurerm_storage_account.uploads blob_properties cors_rule[0]',
      'azurerm_storage_account.uploads queue_properties cors_rule[0]',
      'azurerm_storage_account.uploads share_properties cors_rule[0]',
    ]);
    expect(policiesOf(terraformPlan, 'plan.json', plan).map(summary)[0]).toMatchObject({
      origins: ['allow https://app.contoso.com/ @17:39'],
      credentials: 'unknown @14:17',
      allowMethods: '[GET@16:39, PUT@16:46] @16:38',
      allowHeaders: 'unknown @15:38',
      maxAge: '3600 ("3600") @19:41',
    });
    expect(findingsOf(terraformPlan, 'plan.json', plan)).toEqual(['valid-origin/trailingSlash@17:39', 'no-null-origin/nullOrigin@24:123']);
  });

  it('reads the ingress cors of azurerm_container_app; a * origin under credentials is unknown', () => {
    const plan = `{
  "format_version": "1.2",
  "resource_changes": [
    {
      "address": "azurerm_container_app.api",
      "mode": "managed",
      "type": "azurerm_container_app",
      "change": {
        "actions": ["create"],
        "after": {
          "name": "api",
          "ingress": [
            {
              "allow_insecure_connections": false,
              "cors": [
                {
                  "allow_credentials_enabled": true,
                  "allowed_headers": ["content-type"],
                  "allowed_methods": ["GET", "POST"],
                  "allowed_origins": ["*", "http://app.example.com"],
                  "exposed_headers": [],
                  "max_age_in_seconds": 86400
                }
              ],
              "external_enabled": true,
              "target_port": 8080
            }
          ]
        },
        "after_unknown": { "id": true, "ingress": [{ "fqdn": true }] }
      }
    }
  ]
}`;
    expect(policiesOf(terraformPlan, 'plan.json', plan).map(summary)).toEqual([
      {
        source: 'azurerm_container_app.api',
        loc: '16:17',
        origins: ['unknown @20:39', 'allow http://app.example.com @20:44'],
        credentials: 'true @17:48',
        allowMethods: '[GET@19:39, POST@19:46] @19:38',
        allowHeaders: '[content-type@18:39] @18:38',
        exposeHeaders: '[] @21:38',
        maxAge: '86400 ("86400") @22:41',
        vary: 'unknown @16:17',
        preflight: 'answered @16:17',
      },
    ]);
    expect(findingsOf(terraformPlan, 'plan.json', plan)).toEqual([
      'no-insecure-origin/insecureOriginWithCredentials@20:44',
      'max-age-within-browser-cap/aboveBrowserCap@22:41',
    ]);
  });

  it('recognises terraform show -json output only', () => {
    expect(detects(terraformPlan, 'plan.json', PLAN)).toBe(true);
    expect(detects(terraformPlan, 'package.json', '{ "name": "a", "version": "1.0.0" }')).toBe(false);
    expect(detects(terraformPlan, 'terraform.tfstate.backup', '{ "version": 4, "resources": [] }')).toBe(false);
  });
});
