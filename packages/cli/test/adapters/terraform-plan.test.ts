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

  it('reads planned_values resources that resource_changes does not list, each resource once', () => {
    // A plan trimmed by hand or by a script lists only some resources in resource_changes.
    const api = `{ "allow_credentials": true, "allow_origins": ["*"], "allow_methods": ["GET"] }`;
    const plan = `{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        { "address": "aws_apigatewayv2_api.http", "mode": "managed", "type": "aws_apigatewayv2_api",
          "values": { "protocol_type": "HTTP", "cors_configuration": [${api}] } }
      ],
      "child_modules": [
        {
          "address": "module.assets",
          "resources": [
            { "address": "module.assets.google_storage_bucket.static", "mode": "managed", "type": "google_storage_bucket",
              "values": { "cors": [{ "origin": ["http://cdn.example.com"], "method": ["GET"] }] } }
          ]
        }
      ]
    }
  },
  "resource_changes": [
    { "address": "aws_apigatewayv2_api.http", "mode": "managed", "type": "aws_apigatewayv2_api",
      "change": { "actions": ["create"], "after": { "protocol_type": "HTTP", "cors_configuration": [${api}] }, "after_unknown": {} } }
  ]
}`;
    expect(policiesOf(terraformPlan, 'plan.json', plan).map((policy) => policy.source)).toEqual([
      'aws_apigatewayv2_api.http',
      'module.assets.google_storage_bucket.static cors[0]',
    ]);
    expect(findingsOf(terraformPlan, 'plan.json', plan)).toEqual([
      'no-insecure-origin/insecureOrigin@14:49',
      'no-wildcard-origin-with-credentials/wildcardWithCredentials@22:148',
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

  describe('HTTP API routes behind an authorizer', () => {
    const path = new URL('../../../../fixtures/configs/terraform/http-api-authorized-proxy-plan.json', import.meta.url);
    const plan = readFileSync(path, 'utf8');

    it('takes an ANY or $default route behind an authorizer as refusing the preflights it receives', () => {
      expect(findingsOf(terraformPlan, 'plan.json', plan)).toEqual(['require-preflight-handler/refusedBeforeCors@201:33']);
      expect(policiesOf(terraformPlan, 'plan.json', plan)[0]?.preflight).toMatchObject({ target: 'aws_apigatewayv2_api.http /{proxy+}', refusedBy: 'the JWT authorization of route ANY /{proxy+} (aws_apigatewayv2_route.proxy, which also receives the preflights)' });
      const catchAll = plan.replace('"route_key": "ANY /{proxy+}"', '"route_key": "$default"');
      expect(findingsOf(terraformPlan, 'plan.json', catchAll)).toEqual(['require-preflight-handler/refusedBeforeCors@201:33']);
      // A route for one method never receives the preflight; API Gateway answers it.
      expect(findingsOf(terraformPlan, 'plan.json', plan.replace('"route_key": "ANY /{proxy+}"', '"route_key": "POST /orders"'))).toEqual([]);
      expect(findingsOf(terraformPlan, 'plan.json', plan.replace('"authorization_type": "JWT"', '"authorization_type": "NONE"'))).toEqual([]);
    });

    it('reads the Lambda authorizer a CUSTOM route names: identity sources refuse preflights, none may let them through', () => {
      const custom = plan.replace('"authorization_type": "JWT"', '"authorization_type": "CUSTOM"').replace('"authorizer_type": "JWT"', '"authorizer_type": "REQUEST"');
      expect(findingsOf(terraformPlan, 'plan.json', custom)).toEqual(['require-preflight-handler/refusedBeforeCors@201:33']);
      const withoutSources = custom.replace(/"identity_sources": \[\n\s*"\$request\.header\.Authorization"\n\s*\],/, '"identity_sources": null,');
      expect(withoutSources).not.toBe(custom);
      expect(findingsOf(terraformPlan, 'plan.json', withoutSources)).toEqual([]);
      // The authorizer id comes from elsewhere: which authorizer, and so the preflight, is unknown.
      const external = custom.replace('"aws_apigatewayv2_authorizer.cognito.id",\n                "aws_apigatewayv2_authorizer.cognito"', '"var.authorizer_id"');
      expect(external).not.toBe(custom);
      expect(findingsOf(terraformPlan, 'plan.json', external)).toEqual([]);
    });

    it('links a route to its API through the configuration references; an api_id from a variable is unknown', () => {
      const fromVariable = plan.replace(
        /("name": "proxy",\s*"provider_config_key": "aws",\s*"expressions": \{\s*"api_id": \{\s*"references": \[)\s*"aws_apigatewayv2_api\.http\.id",\s*"aws_apigatewayv2_api\.http"/,
        '$1 "var.api_id"',
      );
      expect(fromVariable).not.toBe(plan);
      expect(findingsOf(terraformPlan, 'plan.json', fromVariable)).toEqual([]);
      const withoutConfiguration = plan.slice(0, plan.indexOf(',\n  "configuration"')) + '\n}\n';
      expect(findingsOf(terraformPlan, 'plan.json', withoutConfiguration)).toEqual([]);
    });

    it('follows module instances, count and for_each keys', () => {
      const modulePlan = `{
  "format_version": "1.2",
  "resource_changes": [
    {
      "address": "module.api.aws_apigatewayv2_api.this[0]", "module_address": "module.api", "mode": "managed",
      "type": "aws_apigatewayv2_api", "name": "this", "index": 0,
      "change": {
        "actions": ["create"],
        "after": { "protocol_type": "HTTP", "cors_configuration": [{ "allow_origins": ["https://app.example.com"], "allow_headers": ["authorization"] }] },
        "after_unknown": { "id": true }
      }
    },
    {
      "address": "module.api.aws_apigatewayv2_route.this[\\"ANY /{proxy+}\\"]", "module_address": "module.api", "mode": "managed",
      "type": "aws_apigatewayv2_route", "name": "this", "index": "ANY /{proxy+}",
      "change": {
        "actions": ["create"],
        "after": { "authorization_type": "AWS_IAM", "route_key": "ANY /{proxy+}" },
        "after_unknown": { "api_id": true, "id": true }
      }
    }
  ],
  "configuration": {
    "root_module": {
      "module_calls": {
        "api": {
          "source": "terraform-aws-modules/apigateway-v2/aws",
          "module": {
            "resources": [
              { "address": "aws_apigatewayv2_api.this", "mode": "managed", "type": "aws_apigatewayv2_api", "name": "this" },
              {
                "address": "aws_apigatewayv2_route.this", "mode": "managed", "type": "aws_apigatewayv2_route", "name": "this",
                "expressions": {
                  "api_id": { "references": ["aws_apigatewayv2_api.this[0].id", "aws_apigatewayv2_api.this[0]", "aws_apigatewayv2_api.this"] },
                  "authorization_type": { "references": ["each.value.authorization_type", "each.value"] },
                  "route_key": { "references": ["each.key"] }
                }
              }
            ]
          }
        }
      }
    }
  }
}`;
      expect(findingsOf(terraformPlan, 'plan.json', modulePlan)).toEqual(['require-preflight-handler/refusedBeforeCors@18:42']);
      expect(policiesOf(terraformPlan, 'plan.json', modulePlan)[0]?.preflight).toMatchObject({ target: 'module.api.aws_apigatewayv2_api.this[0] /{proxy+}', refusedBy: 'the AWS_IAM authorization of route ANY /{proxy+} (module.api.aws_apigatewayv2_route.this["ANY /{proxy+}"], which also receives the preflights)' });
      // A route of another instance of the module belongs to that instance's API.
      const otherInstance = modulePlan.replace('"module_address": "module.api", "mode": "managed",\n      "type": "aws_apigatewayv2_route"', '"module_address": "module.api2", "mode": "managed",\n      "type": "aws_apigatewayv2_route"');
      expect(otherInstance).not.toBe(modulePlan);
      expect(findingsOf(terraformPlan, 'plan.json', otherInstance)).toEqual([]);
    });

    it('links routes of state by the API id; an OPTIONS route of another API changes nothing', () => {
      const state = `{
  "format_version": "1.0",
  "values": {
    "root_module": {
      "resources": [
        {
          "address": "aws_apigatewayv2_api.http", "mode": "managed", "type": "aws_apigatewayv2_api", "name": "http",
          "values": { "id": "a1b2c3d4e5", "protocol_type": "HTTP", "cors_configuration": [{ "allow_origins": ["https://app.example.com"], "allow_methods": ["GET", "PUT"] }] }
        },
        {
          "address": "aws_apigatewayv2_route.default", "mode": "managed", "type": "aws_apigatewayv2_route", "name": "default",
          "values": { "api_id": "a1b2c3d4e5", "authorization_type": "AWS_IAM", "authorizer_id": "", "route_key": "$default" }
        },
        {
          "address": "aws_apigatewayv2_route.preflight", "mode": "managed", "type": "aws_apigatewayv2_route", "name": "preflight",
          "values": { "api_id": "f6g7h8i9j0", "authorization_type": "NONE", "route_key": "OPTIONS /{proxy+}" }
        }
      ]
    }
  }
}`;
      expect(findingsOf(terraformPlan, 'terraform.tfstate.json', state)).toEqual(['require-preflight-handler/refusedBeforeCors@12:69']);
      expect(findingsOf(terraformPlan, 'terraform.tfstate.json', state.replace('"api_id": "f6g7h8i9j0"', '"api_id": "a1b2c3d4e5"'))).toEqual([]);
    });

    it('reads the routes of a *.tf.json configuration through their "${…}" references', () => {
      const config = `{
  "resource": {
    "aws_apigatewayv2_api": {
      "HttpApi": { "name": "orders", "protocol_type": "HTTP", "cors_configuration": { "allow_origins": ["https://app.example.com"], "allow_methods": ["GET", "PUT"] } }
    },
    "aws_apigatewayv2_authorizer": {
      "Authorizer": { "api_id": "\${aws_apigatewayv2_api.HttpApi.id}", "authorizer_type": "REQUEST", "identity_sources": ["$request.header.Authorization"], "name": "auth" }
    },
    "aws_apigatewayv2_route": {
      "ProxyRoute": {
        "api_id": "\${aws_apigatewayv2_api.HttpApi.id}",
        "route_key": "ANY /{proxy+}",
        "authorization_type": "CUSTOM",
        "authorizer_id": "\${aws_apigatewayv2_authorizer.Authorizer.id}"
      }
    }
  }
}`;
      expect(findingsOf(terraformPlan, 'cdk.tf.json', config)).toEqual(['require-preflight-handler/refusedBeforeCors@13:31']);
      const preflightRoute = config.replace(
        '"ProxyRoute": {',
        '"Preflight": { "api_id": "${aws_apigatewayv2_api.HttpApi.id}", "route_key": "OPTIONS /{proxy+}" },\n      "ProxyRoute": {',
      );
      expect(findingsOf(terraformPlan, 'cdk.tf.json', preflightRoute)).toEqual([]);
      // A route key from a variable may be that OPTIONS route.
      expect(findingsOf(terraformPlan, 'cdk.tf.json', preflightRoute.replace('"OPTIONS /{proxy+}"', '"${var.preflight_route}"'))).toEqual([]);
      expect(findingsOf(terraformPlan, 'cdk.tf.json', config.replace('"authorization_type": "CUSTOM"', '"authorization_type": "${var.auth}"'))).toEqual([]);
      const apiFromVariable = config.replace('${aws_apigatewayv2_api.HttpApi.id}",\n        "route_key"', '${var.api_id}",\n        "route_key"');
      expect(apiFromVariable).not.toBe(config);
      expect(findingsOf(terraformPlan, 'cdk.tf.json', apiFromVariable)).toEqual([]);
    });
  });

  describe('OpenAPI definitions in body', () => {
    const restPlan = (definition: unknown): string =>
      JSON.stringify(
        {
          format_version: '1.2',
          resource_changes: [
            {
              address: 'aws_api_gateway_rest_api.orders',
              mode: 'managed',
              type: 'aws_api_gateway_rest_api',
              name: 'orders',
              change: { actions: ['update'], after: { body: typeof definition === 'string' ? definition : JSON.stringify(definition), id: 'abc123', name: 'orders' }, after_unknown: {} },
            },
          ],
        },
        null,
        2,
      );
    const orders = (operations: Record<string, unknown>): unknown => ({ openapi: '3.0.1', info: { title: 'orders', version: '1' }, paths: { '/orders': operations } });
    const put = {
      responses: { '200': { description: 'ok', headers: { 'Access-Control-Allow-Origin': { schema: { type: 'string' } } } } },
      'x-amazon-apigateway-integration': {
        type: 'aws',
        httpMethod: 'POST',
        uri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders/invocations',
        responses: { default: { statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'https://app.example.com'" } } },
      },
    };

    it('reads the REST API definition a plan holds as a string, reporting on the body line', () => {
      expect(findingsOf(terraformPlan, 'plan.json', restPlan(orders({ put })))).toEqual(['require-preflight-handler/noOptionsRoute@14:19']);
      const options = {
        'x-amazon-apigateway-integration': {
          type: 'mock',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          responses: {
            default: {
              statusCode: '200',
              responseParameters: {
                'method.response.header.Access-Control-Allow-Origin': "'https://app.example.com'",
                'method.response.header.Access-Control-Allow-Methods': "'PUT,OPTIONS'",
              },
            },
          },
        },
      };
      expect(findingsOf(terraformPlan, 'plan.json', restPlan(orders({ put, options })))).toEqual([]);
      // YAML from file() or templatefile() reads the same.
      const yaml = "openapi: 3.0.1\ninfo: { title: orders, version: '1' }\npaths:\n  /orders:\n    put:\n      x-amazon-apigateway-integration:\n        type: aws\n        responses:\n          default:\n            statusCode: '200'\n            responseParameters:\n              method.response.header.Access-Control-Allow-Origin: \"'https://app.example.com'\"\n";
      expect(findingsOf(terraformPlan, 'plan.json', restPlan(yaml))).toEqual(['require-preflight-handler/noOptionsRoute@14:19']);
    });

    it('reads x-amazon-apigateway-cors in a REST API body as ignored, leaving the PUT path without preflight answers', () => {
      const proxyPut = { 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders/invocations' } };
      const withExtension = { ...(orders({ put: proxyPut }) as Record<string, unknown>), 'x-amazon-apigateway-cors': { allowOrigins: ['https://app.example.com'], allowMethods: ['PUT'] } };
      expect(findingsOf(terraformPlan, 'plan.json', restPlan(withExtension))).toEqual(['require-preflight-handler/noOptionsRoute@14:19']);
      expect(findingsOf(terraformPlan, 'plan.json', restPlan(orders({ put: proxyPut })))).toEqual([]);
    });

    it('reads a REST API body as REST though its integrations carry payloadFormatVersion, as the provider docs example writes them', () => {
      const withPayloadVersion = { ...put, 'x-amazon-apigateway-integration': { ...put['x-amazon-apigateway-integration'], payloadFormatVersion: '1.0' } };
      expect(findingsOf(terraformPlan, 'plan.json', restPlan(orders({ put: withPayloadVersion })))).toEqual(['require-preflight-handler/noOptionsRoute@14:19']);
    });

    it('leaves a body that is unknown, an expression or not a definition alone', () => {
      const unknown = restPlan(orders({ put })).replace('"after_unknown": {}', '"after_unknown": { "body": true }');
      expect(findingsOf(terraformPlan, 'plan.json', unknown)).toEqual([]);
      expect(findingsOf(terraformPlan, 'plan.json', restPlan('${jsonencode(local.definition)}'))).toEqual([]);
      expect(findingsOf(terraformPlan, 'plan.json', restPlan('{ not json'))).toEqual([]);
    });

    it('reads a *.tf.json body whose integration URIs interpolate, taking only those strings as unknown', () => {
      // CDKTF and Wing write the definition as a string literal with `${…}` in the Lambda ARNs.
      const anyMethodMock = (parameters: Record<string, string>): unknown => ({
        openapi: '3.0.3',
        paths: {
          '/path': {
            get: {
              'x-amazon-apigateway-integration': {
                type: 'aws_proxy',
                httpMethod: 'POST',
                uri: 'arn:aws:apigateway:${data.aws_region.Region.name}:lambda:path/2015-03-31/functions/${aws_lambda_function.handler.arn}/invocations',
              },
            },
          },
          '/{proxy+}': {
            'x-amazon-apigateway-any-method': {
              'x-amazon-apigateway-integration': {
                type: 'mock',
                requestTemplates: { 'application/json': '{"statusCode": 204}' },
                responses: { '204': { statusCode: '204', responseParameters: parameters } },
              },
            },
          },
        },
      });
      const config = (parameters: Record<string, string>): string =>
        JSON.stringify({ resource: { aws_api_gateway_rest_api: { api: { body: JSON.stringify(anyMethodMock(parameters)), name: 'api' } } } }, null, 2);
      const wildcard = { 'method.response.header.Access-Control-Allow-Origin': "'*'", 'method.response.header.Access-Control-Allow-Methods': "'GET,POST,OPTIONS'" };
      expect(findingsOf(terraformPlan, 'main.tf.json', config({ ...wildcard, 'method.response.header.Access-Control-Allow-Credentials': "'true'" }))).toEqual([
        'no-wildcard-origin-with-credentials/wildcardWithCredentials@5:17',
      ]);
      expect(findingsOf(terraformPlan, 'main.tf.json', config(wildcard))).toEqual([]);
      // An interpolated header value is unknown.
      expect(findingsOf(terraformPlan, 'main.tf.json', config({ ...wildcard, 'method.response.header.Access-Control-Allow-Credentials': "'${var.credentials}'" }))).toEqual([]);
      // A template directive makes the whole definition unknown.
      const directive = config({ ...wildcard, 'method.response.header.Access-Control-Allow-Credentials': "'true'" }).replace('\\"openapi\\"', '%{ if var.cors }\\"openapi\\"');
      expect(directive).toContain('%{ if var.cors }');
      expect(findingsOf(terraformPlan, 'main.tf.json', directive)).toEqual([]);
    });

    it('reads x-amazon-apigateway-cors and the routes of an HTTP API body', () => {
      const definition = {
        openapi: '3.0.1',
        info: { title: 'h', version: '1' },
        'x-amazon-apigateway-cors': { allowOrigins: ['https://app.example.com'], allowHeaders: ['authorization'], allowCredentials: true },
        components: {
          securitySchemes: {
            jwt: { type: 'oauth2', 'x-amazon-apigateway-authorizer': { type: 'jwt', identitySource: '$request.header.Authorization', jwtConfiguration: { audience: ['a'], issuer: 'https://issuer.example.com' } } },
          },
        },
        paths: { '/{proxy+}': { 'x-amazon-apigateway-any-method': { security: [{ jwt: [] }], 'x-amazon-apigateway-integration': { type: 'aws_proxy', payloadFormatVersion: '2.0', uri: 'arn:aws:lambda:eu-west-1:123456789012:function:h' } } } },
      };
      const state = (values: Record<string, unknown>): string =>
        JSON.stringify({ format_version: '1.0', values: { root_module: { resources: [{ address: 'aws_apigatewayv2_api.h', mode: 'managed', type: 'aws_apigatewayv2_api', name: 'h', values }] } } }, null, 2);
      const withBody = state({ id: 'x1', protocol_type: 'HTTP', body: JSON.stringify(definition), cors_configuration: [] });
      expect(findingsOf(terraformPlan, 'terraform.tfstate.json', withBody)).toEqual(['require-preflight-handler/refusedBeforeCors@14:21']);
      // cors_configuration takes the CORS; the body's routes still decide the preflight.
      const { 'x-amazon-apigateway-cors': _cors, ...routesOnly } = definition;
      const withBlock = state({ id: 'x1', protocol_type: 'HTTP', body: JSON.stringify(routesOnly), cors_configuration: [{ allow_origins: ['https://app.example.com'], allow_headers: ['authorization'] }] });
      expect(findingsOf(terraformPlan, 'terraform.tfstate.json', withBlock)).toEqual(['require-preflight-handler/refusedBeforeCors@14:21']);
      expect(findingsOf(terraformPlan, 'terraform.tfstate.json', withBlock.replace('\\"security\\":[{\\"jwt\\":[]}],', ''))).toEqual([]);
    });
  });

  describe('REST OPTIONS methods behind an authorizer', () => {
    const path = new URL('../../../../fixtures/configs/terraform/rest-options-behind-authorizer-plan.json', import.meta.url);
    const plan = readFileSync(path, 'utf8');

    it("takes an OPTIONS integration response as refused when its method's authorization needs credentials", () => {
      expect(findingsOf(terraformPlan, 'plan.json', plan)).toEqual(['require-preflight-handler/refusedBeforeCors@100:28']);
      expect(policiesOf(terraformPlan, 'plan.json', plan)[0]?.preflight).toMatchObject({ target: 'aws_api_gateway_resource.orders', refusedBy: 'the COGNITO_USER_POOLS authorization of OPTIONS method aws_api_gateway_method.orders_options' });
      expect(findingsOf(terraformPlan, 'plan.json', plan.replace('"authorization": "COGNITO_USER_POOLS"', '"authorization": "NONE"'))).toEqual([]);
      const apiKey = plan.replace('"authorization": "COGNITO_USER_POOLS"', '"authorization": "NONE"').replace('"api_key_required": false', '"api_key_required": true');
      expect(findingsOf(terraformPlan, 'plan.json', apiKey)).toEqual(['require-preflight-handler/refusedBeforeCors@99:31']);
    });

    it('reads a CUSTOM authorizer: a TOKEN one refuses preflights, a REQUEST one without identity sources may not', () => {
      const custom = plan.replace('"authorization": "COGNITO_USER_POOLS"', '"authorization": "CUSTOM"');
      const token = custom.replace('"type": "COGNITO_USER_POOLS"', '"type": "TOKEN"');
      expect(findingsOf(terraformPlan, 'plan.json', token)).toEqual(['require-preflight-handler/refusedBeforeCors@100:28']);
      const request = custom.replace('"type": "COGNITO_USER_POOLS"', '"type": "REQUEST"').replace('"identity_source": "method.request.header.Authorization"', '"identity_source": ""');
      expect(findingsOf(terraformPlan, 'plan.json', request)).toEqual([]);
    });

    it('pairs them by their ids in state', () => {
      const state = (methodResource: string): string => `{
  "format_version": "1.0",
  "values": {
    "root_module": {
      "resources": [
        {
          "address": "aws_api_gateway_method.options", "mode": "managed", "type": "aws_api_gateway_method", "name": "options",
          "values": { "rest_api_id": "a1b2c3", "resource_id": "${methodResource}", "http_method": "OPTIONS", "authorization": "AWS_IAM", "api_key_required": false }
        },
        {
          "address": "aws_api_gateway_integration_response.options", "mode": "managed", "type": "aws_api_gateway_integration_response", "name": "options",
          "values": {
            "rest_api_id": "a1b2c3", "resource_id": "r3s0u7", "http_method": "OPTIONS", "status_code": "200",
            "response_parameters": {
              "method.response.header.Access-Control-Allow-Origin": "'https://app.example.com'",
              "method.response.header.Access-Control-Allow-Methods": "'GET,PUT,OPTIONS'"
            }
          }
        }
      ]
    }
  }
}`;
      expect(findingsOf(terraformPlan, 'terraform.tfstate.json', state('r3s0u7'))).toEqual(['require-preflight-handler/refusedBeforeCors@8:116']);
      expect(policiesOf(terraformPlan, 'terraform.tfstate.json', state('r3s0u7'))[0]?.preflight).toMatchObject({ target: 'REST resource r3s0u7', refusedBy: 'the AWS_IAM authorization of OPTIONS method aws_api_gateway_method.options' });
      expect(findingsOf(terraformPlan, 'terraform.tfstate.json', state('o7h3r1'))).toEqual([]);
    });

    it("counts the headers the resource's other methods make callers send as the cause of the refused preflight", () => {
      // A GET alone needs no preflight; the Authorization header its Cognito authorizer reads does.
      const state = (getMethod: string, apiKeySource = 'HEADER'): string => `{
  "format_version": "1.0",
  "values": {
    "root_module": {
      "resources": [
        { "address": "aws_api_gateway_rest_api.api", "mode": "managed", "type": "aws_api_gateway_rest_api", "name": "api", "values": { "id": "a1b2c3", "name": "reports", "api_key_source": "${apiKeySource}" } },
        { "address": "aws_api_gateway_authorizer.cognito", "mode": "managed", "type": "aws_api_gateway_authorizer", "name": "cognito", "values": { "id": "au7h0r", "rest_api_id": "a1b2c3", "type": "COGNITO_USER_POOLS", "identity_source": "method.request.header.Authorization" } },
        { "address": "aws_api_gateway_method.get", "mode": "managed", "type": "aws_api_gateway_method", "name": "get", "values": { "rest_api_id": "a1b2c3", "resource_id": "r3s0u7", "http_method": "GET", ${getMethod} } },
        { "address": "aws_api_gateway_method.options", "mode": "managed", "type": "aws_api_gateway_method", "name": "options", "values": { "rest_api_id": "a1b2c3", "resource_id": "r3s0u7", "http_method": "OPTIONS", "authorization": "COGNITO_USER_POOLS", "authorizer_id": "au7h0r" } },
        {
          "address": "aws_api_gateway_integration_response.options", "mode": "managed", "type": "aws_api_gateway_integration_response", "name": "options",
          "values": {
            "rest_api_id": "a1b2c3", "resource_id": "r3s0u7", "http_method": "OPTIONS", "status_code": "204",
            "response_parameters": { "method.response.header.Access-Control-Allow-Origin": "'https://reports.example.com'", "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS'" }
          }
        }
      ]
    }
  }
}`;
      const cognito = state('"authorization": "COGNITO_USER_POOLS", "authorizer_id": "au7h0r", "api_key_required": false');
      expect(findingsOf(terraformPlan, 'terraform.tfstate.json', cognito)).toEqual(['require-preflight-handler/refusedBeforeCors@9:233']);
      expect(policiesOf(terraformPlan, 'terraform.tfstate.json', cognito)[0]?.requiredRequestHeaders?.map((header) => header.value)).toEqual(['Authorization']);
      const apiKey = state('"authorization": "NONE", "api_key_required": true');
      expect(policiesOf(terraformPlan, 'terraform.tfstate.json', apiKey)[0]?.requiredRequestHeaders?.map((header) => header.value)).toEqual(['X-API-Key']);
      // The key comes from an authorizer, and an open GET sends nothing: no cause, no finding.
      expect(findingsOf(terraformPlan, 'terraform.tfstate.json', state('"authorization": "NONE", "api_key_required": true', 'AUTHORIZER'))).toEqual([]);
      expect(findingsOf(terraformPlan, 'terraform.tfstate.json', state('"authorization": "NONE", "api_key_required": false'))).toEqual([]);
    });

    it('pairs the response with the OPTIONS method of the same resource only', () => {
      // The method of another resource says nothing about this one's preflight.
      const elsewhere = plan.replace(
        /("name": "orders_options",\s*"provider_config_key": "aws",\s*"expressions": \{\s*"authorization": \{\s*"constant_value": "COGNITO_USER_POOLS"\s*\},[\s\S]*?"resource_id": \{\s*"references": \[\s*)"aws_api_gateway_resource\.orders\.id",\s*"aws_api_gateway_resource\.orders"/,
        '$1"aws_api_gateway_resource.items.id", "aws_api_gateway_resource.items"',
      );
      expect(elsewhere).not.toBe(plan);
      expect(findingsOf(terraformPlan, 'plan.json', elsewhere)).toEqual([]);
    });
  });

  it('recognises terraform show -json output only', () => {
    expect(detects(terraformPlan, 'plan.json', PLAN)).toBe(true);
    expect(detects(terraformPlan, 'package.json', '{ "name": "a", "version": "1.0.0" }')).toBe(false);
    expect(detects(terraformPlan, 'terraform.tfstate.backup', '{ "version": 4, "resources": [] }')).toBe(false);
  });

  it('reads cloudflare_r2_bucket_cors rules, allowed as an object or a one-element list, with S3 semantics', () => {
    const config = `{
  "resource": {
    "cloudflare_r2_bucket_cors": {
      "media": {
        "account_id": "\${var.account_id}",
        "bucket_name": "media",
        "rules": [
          {
            "allowed": { "methods": ["GET", "PUT"], "origins": ["https://app.example.com/"], "headers": ["*"] },
            "id": "app",
            "expose_headers": ["ETag"],
            "max_age_seconds": 86400
          },
          { "allowed": [{ "methods": ["GET"], "origins": ["\${var.origin}"] }] }
        ]
      }
    }
  }
}`;
    expect(policiesOf(terraformPlan, 'r2.tf.json', config).map(summary)).toEqual([
      {
        source: 'cloudflare_r2_bucket_cors.media rules[0]',
        loc: '8:11',
        origins: ['allow https://app.example.com/ @9:65'],
        credentials: 'unknown @8:11',
        allowMethods: '[GET@9:38, PUT@9:45] @9:37',
        allowHeaders: 'reflect @9:105',
        exposeHeaders: '[ETag@11:32] @11:31',
        maxAge: '86400 ("86400") @12:32',
        vary: 'unknown @8:11',
        preflight: 'answered @8:11',
      },
      {
        source: 'cloudflare_r2_bucket_cors.media rules[1]',
        loc: '14:11',
        origins: ['unknown @14:59'],
        credentials: 'unknown @14:11',
        allowMethods: '[GET@14:39] @14:38',
        vary: 'unknown @14:11',
        preflight: 'answered @14:11',
      },
    ]);
    expect(findingsOf(terraformPlan, 'r2.tf.json', config)).toEqual([
      'valid-origin/trailingSlash@9:65',
      'max-age-within-browser-cap/aboveBrowserCap@12:32',
    ]);
  });
});

describe('terraform-plan adapter (AWS Cloud Control provider, hashicorp/awscc)', () => {
  // `terraform show -json` of a state: awscc writes nested properties as objects and unset ones as null.
  const state = `{
  "format_version": "1.0",
  "terraform_version": "1.9.8",
  "values": { "root_module": { "resources": [
    { "address": "awscc_lambda_url.chat", "mode": "managed", "type": "awscc_lambda_url", "name": "chat",
      "values": { "auth_type": "NONE", "cors": { "allow_credentials": true, "allow_origins": ["*"], "max_age": null } } },
    { "address": "awscc_s3_bucket.assets", "mode": "managed", "type": "awscc_s3_bucket", "name": "assets",
      "values": { "cors_configuration": { "cors_rules": [
        { "allowed_headers": ["*"], "allowed_methods": ["GET"], "allowed_origins": ["https://www.example.com/"], "exposed_headers": ["ETag"], "max_age": 86400 }
      ] } } },
    { "address": "awscc_cloudfront_response_headers_policy.app", "mode": "managed", "type": "awscc_cloudfront_response_headers_policy", "name": "app",
      "values": { "response_headers_policy_config": { "name": "app-cors", "cors_config": {
        "access_control_allow_credentials": true, "access_control_allow_headers": { "items": ["*"] },
        "access_control_allow_methods": { "items": ["GET", "HEAD"] }, "access_control_allow_origins": { "items": ["https://app.example.com"] },
        "access_control_expose_headers": null, "access_control_max_age_sec": 600, "origin_override": true } } } },
    { "address": "awscc_apigatewayv2_api.orders", "mode": "managed", "type": "awscc_apigatewayv2_api", "name": "orders",
      "values": { "protocol_type": "HTTP", "body": null, "cors_configuration": { "allow_credentials": true, "allow_origins": ["http://orders.example.com"] } } },
    { "address": "awscc_s3_bucket.plain", "mode": "managed", "type": "awscc_s3_bucket", "name": "plain", "values": { "cors_configuration": null } }
  ] } }
}`;

  it('reads CORS in the CloudFormation shapes, snake case and nested objects', () => {
    expect(findingsOf(terraformPlan, 'state.json', state)).toEqual([
      'no-reflected-origin-with-credentials/reflectedWithCredentials@6:95',
      'valid-origin/trailingSlash@9:85',
      'max-age-within-browser-cap/aboveBrowserCap@9:154',
      'no-wildcard-lists-with-credentials/wildcardHeaders@13:95',
      'no-insecure-origin/insecureOriginWithCredentials@17:127',
    ]);
    expect(policiesOf(terraformPlan, 'state.json', state).map((policy) => policy.source)).toEqual([
      'awscc_lambda_url.chat',
      'awscc_s3_bucket.assets cors_rules[0]',
      'awscc_cloudfront_response_headers_policy.app',
      'awscc_apigatewayv2_api.orders',
    ]);
  });
  it('reads awscc nested attributes in a JSON configuration as objects, not blocks (CDKTF output)', () => {
    const configuration = `{
  "resource": {
    "awscc_cloudfront_response_headers_policy": {
      "cors": {
        "response_headers_policy_config": {
          "name": "edge-cors",
          "cors_config": {
            "access_control_allow_credentials": true,
            "access_control_allow_headers": { "items": ["*"] },
            "access_control_allow_origins": { "items": ["https://app.example.com/"] }
          }
        }
      }
    }
  }
}`;
    expect(findingsOf(terraformPlan, 'cdktf.out/stacks/edge/cdk.tf.json', configuration)).toEqual([
      'no-wildcard-lists-with-credentials/wildcardHeaders@9:57',
      'valid-origin/trailingSlash@10:57',
    ]);
  });
});

describe('terraform-plan adapter (a raw state file, terraform.tfstate)', () => {
  const STATE = readFileSync(new URL('../../../../fixtures/configs/terraform/state/terraform.tfstate', import.meta.url), 'utf8');

  it('reads each managed instance under its address, with the module and the count or for_each key', () => {
    expect(policiesOf(terraformPlan, 'terraform.tfstate', STATE).map((policy) => policy.source)).toEqual([
      'aws_apigatewayv2_api.http',
      'module.assets.aws_s3_bucket.this["eu"] cors_rule[0]',
      'module.assets.aws_s3_bucket.this["us"] cors_rule[0]',
    ]);
  });

  it('reports at the positions of the attributes', () => {
    expect(findingsOf(terraformPlan, 'terraform.tfstate', STATE)).toEqual(['no-null-origin/nullOriginWithCredentials@49:62', 'valid-origin/trailingSlash@103:37']);
  });

  it('reads neither data sources nor the backend state Terraform keeps in .terraform/', () => {
    const data = '{"version":4,"terraform_version":"1.9.8","resources":[{"mode":"data","type":"aws_s3_bucket","name":"b","instances":[{"attributes":{"cors_rule":[{"allowed_origins":["null"],"allowed_methods":["GET"]}]}}]}]}';
    expect(policiesOf(terraformPlan, 'terraform.tfstate', data)).toEqual([]);
    const backend = '{"version":3,"serial":1,"lineage":"x","backend":{"type":"s3","config":{"bucket":"state"},"hash":1}}';
    expect(detects(terraformPlan, '.terraform/terraform.tfstate', backend)).toBe(false);
  });
});

describe('terraform-plan adapter (kubernetes_ingress_v1 of the hashicorp/kubernetes provider)', () => {
  const plan = `{
  "format_version": "1.2",
  "terraform_version": "1.9.8",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "kubernetes_ingress_v1.api",
          "mode": "managed",
          "type": "kubernetes_ingress_v1",
          "name": "api",
          "provider_name": "registry.terraform.io/hashicorp/kubernetes",
          "schema_version": 0,
          "values": {
            "metadata": [
              {
                "annotations": {
                  "nginx.ingress.kubernetes.io/enable-cors": "true",
                  "nginx.ingress.kubernetes.io/cors-allow-origin": "*",
                  "nginx.ingress.kubernetes.io/cors-allow-credentials": "true"
                },
                "generate_name": null,
                "labels": null,
                "name": "api",
                "namespace": "default"
              }
            ],
            "spec": [
              {
                "default_backend": [],
                "ingress_class_name": "nginx",
                "rule": [],
                "tls": []
              }
            ],
            "wait_for_load_balancer": null
          }
        },
        {
          "address": "kubernetes_ingress_v1.traefik",
          "mode": "managed",
          "type": "kubernetes_ingress_v1",
          "name": "traefik",
          "values": {
            "metadata": [{ "annotations": { "nginx.ingress.kubernetes.io/enable-cors": "true" }, "name": "t" }],
            "spec": [{ "ingress_class_name": "traefik" }]
          }
        }
      ]
    }
  }
}`;

  it('reads the ingress-nginx annotations in metadata as an Ingress manifest\'s, unless another controller\'s class serves it', () => {
    expect(policiesOf(terraformPlan, 'plan.json', plan).map((policy) => policy.source)).toEqual(['kubernetes_ingress_v1.api']);
    expect(findingsOf(terraformPlan, 'plan.json', plan)).toEqual([
      'max-age-within-browser-cap/aboveBrowserCap@18:19',
      'no-wildcard-origin-with-credentials/wildcardWithCredentials@19:69',
    ]);
  });

  it('reads a JSON configuration whose metadata block is one object (CDKTF output)', () => {
    const configuration = JSON.stringify(
      {
        resource: {
          kubernetes_ingress_v1: {
            web: {
              metadata: { name: 'web', annotations: { 'nginx.ingress.kubernetes.io/enable-cors': 'true', 'nginx.ingress.kubernetes.io/cors-allow-origin': 'null' } },
              spec: { ingress_class_name: 'nginx' },
            },
          },
        },
      },
      null,
      2,
    );
    expect(findingsOf(terraformPlan, 'cdk.tf.json', configuration)).toEqual(['max-age-within-browser-cap/aboveBrowserCap@8:13', 'no-null-origin/nullOriginWithCredentials@9:63']);
  });
});
