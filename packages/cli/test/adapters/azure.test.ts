import { describe, expect, it } from 'vitest';
import { azure } from '../../src/adapters/azure.js';
import { findingsOf } from './cloud-findings.js';
import { findingsOf as lintFindings } from './gateway-findings.js';
import { summary } from './cloud-summary.js';
import { detects, documents, policiesOf } from './helpers.js';

const ARM = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "frontendOrigin": { "type": "string" } },
  "resources": [
    {
      "type": "Microsoft.Web/sites",
      "apiVersion": "2023-01-01",
      "name": "orders-api",
      "properties": {
        "siteConfig": {
          "cors": {
            "allowedOrigins": ["*", "[parameters('frontendOrigin')]"],
            "supportCredentials": true
          }
        }
      },
      "resources": [
        {
          "type": "config",
          "apiVersion": "2023-01-01",
          "name": "web",
          "properties": { "cors": { "allowedOrigins": ["https://Portal.example.com"] } }
        }
      ]
    },
    {
      "type": "Microsoft.Web/sites/config",
      "apiVersion": "2023-01-01",
      "name": "billing-api/appsettings",
      "properties": { "cors": { "allowedOrigins": ["*"] } }
    }
  ]
}
`;

describe('azure adapter: ARM templates', () => {
  const policies = policiesOf(azure, 'azuredeploy.json', ARM).map(summary);

  it('reads siteConfig.cors with App Service semantics; ARM expressions are unknown', () => {
    expect(policies[0]).toEqual({
      source: 'Microsoft.Web/sites orders-api',
      loc: '12:19',
      origins: ['any @13:32', 'unknown @13:37'],
      credentials: 'true @14:35',
      allowMethods: 'unknown @12:19',
      allowHeaders: 'unknown @12:19',
      vary: 'unknown @12:19',
      preflight: 'answered @12:19',
    });
  });

  it('reads the web config child resource and ignores other config resources', () => {
    expect(policies.slice(1).map((policy) => [policy.source, policy.origins, policy.credentials])).toEqual([
      ['Microsoft.Web/sites/config web', ['allow https://Portal.example.com @23:56'], 'false @23:35'],
    ]);
  });
  it('reads the sites of nested deployments, as Bicep modules compile', () => {
    const compiled = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "metadata": { "_generator": { "name": "bicep", "version": "0.30.23.60470" } },
  "parameters": { "frontendUrl": { "type": "string" } },
  "resources": [
    {
      "type": "Microsoft.Resources/deployments",
      "apiVersion": "2022-09-01",
      "name": "functionApp",
      "properties": {
        "expressionEvaluationOptions": { "scope": "inner" },
        "mode": "Incremental",
        "parameters": { "frontendUrl": { "value": "[parameters('frontendUrl')]" } },
        "template": {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": { "frontendUrl": { "type": "string" } },
          "resources": [
            {
              "type": "Microsoft.Web/sites",
              "apiVersion": "2022-09-01",
              "name": "[format('func-{0}', uniqueString(resourceGroup().id))]",
              "kind": "functionapp,linux",
              "properties": {
                "siteConfig": {
                  "cors": { "allowedOrigins": ["[parameters('frontendUrl')]", "*"], "supportCredentials": true }
                }
              }
            },
            {
              "type": "Microsoft.Web/sites",
              "apiVersion": "2022-09-01",
              "name": "api",
              "properties": { "siteConfig": { "cors": { "allowedOrigins": "[parameters('frontendUrl')]", "supportCredentials": true } } }
            }
          ]
        }
      }
    }
  ]
}`;
    expect(findingsOf(azure, 'main.json', compiled)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@27:79']);
  });
});

describe('azure adapter: ARM variables and nested deployment parameters', () => {
  const compiled = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": { "location": { "type": "string", "defaultValue": "westeurope" }, "origins": { "type": "array" } },
  "variables": { "Origins": ["https://portal.azure.com", "*"], "token": "[uniqueString(resourceGroup().id)]" },
  "resources": [
    {
      "type": "Microsoft.Web/sites",
      "name": "[format('api-{0}', variables('token'))]",
      "properties": { "siteConfig": { "cors": { "allowedOrigins": "[variables('origins')]", "supportCredentials": true } } }
    },
    {
      "type": "Microsoft.Web/sites",
      "name": "top",
      "properties": { "siteConfig": { "cors": { "allowedOrigins": "[parameters('origins')]", "supportCredentials": true } } }
    },
    {
      "type": "Microsoft.Resources/deployments",
      "name": "web",
      "properties": {
        "expressionEvaluationOptions": { "scope": "inner" },
        "parameters": { "allowedOrigins": { "value": ["http://contoso.com"] }, "name": { "value": "[variables('token')]" } },
        "template": {
          "parameters": { "allowedOrigins": { "type": "array" }, "name": { "type": "string" }, "credentials": { "type": "bool", "defaultValue": true } },
          "resources": [
            {
              "type": "Microsoft.Web/sites/config",
              "name": "[format('{0}/web', parameters('name'))]",
              "properties": { "cors": { "allowedOrigins": "[parameters('allowedOrigins')]", "supportCredentials": "[parameters('credentials')]" } }
            }
          ]
        }
      }
    },
    {
      "type": "Microsoft.Resources/deployments",
      "name": "outerScope",
      "properties": {
        "parameters": { "origins": { "value": ["*"] } },
        "template": {
          "parameters": { "origins": { "type": "array" } },
          "resources": [
            { "type": "Microsoft.Web/sites", "name": "legacy", "properties": { "siteConfig": { "cors": { "allowedOrigins": "[parameters('origins')]", "supportCredentials": true } } } }
          ]
        }
      }
    }
  ]
}`;

  it('takes the value of a variable, of a parameter a nested deployment passes and of a nested default', () => {
    expect(policiesOf(azure, 'main.json', compiled).map((policy) => [policy.source, summary(policy).origins, summary(policy).credentials])).toEqual([
      ["Microsoft.Web/sites [format('api-{0}', variables('token'))]", ['allow https://portal.azure.com @4:30', 'any @4:58'], 'true @9:115'],
      ['Microsoft.Web/sites top', ['unknown @14:67'], 'true @14:116'],
      ["Microsoft.Web/sites/config [format('{0}/web', parameters('name'))]", ['allow http://contoso.com @21:55'], 'true @23:145'],
      // Outside the inner scope, the template's expressions read the outer template's (deploy-time) parameters.
      ['Microsoft.Web/sites legacy', ['unknown @42:124'], 'true @42:173'],
    ]);
  });

  it('reports the findings where the values are written', () => {
    expect(findingsOf(azure, 'main.json', compiled)).toEqual([
      'no-wildcard-origin-with-credentials/wildcardWithCredentials@4:58',
      'no-insecure-origin/insecureOriginWithCredentials@21:55',
    ]);
  });
});

describe('azure adapter: a CORS block shared through a variable', () => {
  it('reports a siteConfig variable used by two sites once', () => {
    const template = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "variables": { "siteConfig": { "alwaysOn": true, "cors": { "allowedOrigins": ["*"], "supportCredentials": true } } },
  "resources": [
    { "type": "Microsoft.Web/sites", "name": "blue", "properties": { "siteConfig": "[variables('siteConfig')]" } },
    { "type": "Microsoft.Web/sites", "name": "green", "properties": { "siteConfig": "[variables('siteConfig')]" } }
  ]
}`;
    expect(findingsOf(azure, 'azuredeploy.json', template)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@3:81']);
  });
});

describe('azure adapter: Azure Storage service CORS rules', () => {
  const template = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": { "account": { "type": "string" }, "spaOrigin": { "type": "string" } },
  "resources": [
    {
      "type": "Microsoft.Storage/storageAccounts",
      "apiVersion": "2023-05-01",
      "name": "[parameters('account')]",
      "kind": "StorageV2",
      "resources": [
        {
          "type": "blobServices",
          "apiVersion": "2023-05-01",
          "name": "default",
          "properties": {
            "cors": {
              "corsRules": [
                {
                  "allowedOrigins": ["[parameters('spaOrigin')]", "https://app.contoso.com/"],
                  "allowedMethods": ["GET", "PUT", "MERGE"],
                  "allowedHeaders": ["x-ms-meta-*", "x-ms-blob-type"],
                  "exposedHeaders": ["etag"],
                  "maxAgeInSeconds": 3600
                },
                { "allowedOrigins": ["*"], "allowedMethods": ["GET", "HEAD"], "allowedHeaders": ["*"], "exposedHeaders": ["*"], "maxAgeInSeconds": 200 }
              ]
            }
          }
        }
      ]
    },
    {
      "type": "Microsoft.Storage/storageAccounts/tableServices",
      "apiVersion": "2023-05-01",
      "name": "[format('{0}/{1}', parameters('account'), 'default')]",
      "properties": { "cors": { "corsRules": [{ "allowedOrigins": ["http://portal.contoso.com"], "allowedMethods": ["GET", "TRACE"], "allowedHeaders": [], "exposedHeaders": [], "maxAgeInSeconds": 86400 }] } }
    }
  ]
}`;

  it('reads each rule of a storage service child or top-level resource with Azure Storage semantics', () => {
    expect(policiesOf(azure, 'azuredeploy.json', template).map(summary).slice(0, 2)).toEqual([
      {
        source: 'Microsoft.Storage/storageAccounts/blobServices default corsRules[0]',
        loc: '18:17',
        origins: ['unknown @19:38', 'allow https://app.contoso.com/ @19:67'],
        credentials: 'unknown @18:17',
        // MERGE is the Table service's own method, not an unregistered one.
        allowMethods: '[GET@20:38, PUT@20:45] @20:37',
        // What a prefix wildcard answers is undocumented.
        allowHeaders: 'unknown @21:37',
        exposeHeaders: '[etag@22:38] @22:37',
        maxAge: '3600 ("3600") @23:38',
        vary: 'unknown @18:17',
        preflight: 'answered @18:17',
      },
      {
        source: 'Microsoft.Storage/storageAccounts/blobServices default corsRules[1]',
        loc: '25:17',
        origins: ['any @25:38'],
        credentials: 'false @25:17',
        allowMethods: '[GET@25:63, HEAD@25:70] @25:62',
        allowHeaders: 'unknown @25:97',
        exposeHeaders: 'unknown @25:122',
        maxAge: '200 ("200") @25:148',
        vary: 'unknown @25:17',
        preflight: 'answered @25:17',
      },
    ]);
  });

  it('reports the findings where the rule values are written', () => {
    expect(findingsOf(azure, 'azuredeploy.json', template)).toEqual([
      'valid-origin/trailingSlash@19:67',
      'no-insecure-origin/insecureOrigin@36:68',
      'valid-methods/forbidden@36:124',
      'max-age-within-browser-cap/aboveBrowserCap@36:197',
    ]);
  });
});

describe('azure adapter: Container Apps ingress corsPolicy', () => {
  const template = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "languageVersion": "2.0",
  "parameters": { "allowedOrigins": { "type": "array", "defaultValue": [] } },
  "resources": {
    "api": {
      "type": "Microsoft.App/containerApps",
      "apiVersion": "2024-03-01",
      "name": "api",
      "properties": {
        "configuration": {
          "ingress": {
            "external": true,
            "corsPolicy": {
              "allowedOrigins": ["https://app.example.com/", "[parameters('allowedOrigins')[0]]"],
              "allowedMethods": ["GET", "put"],
              "allowedHeaders": ["*"],
              "exposeHeaders": ["*"],
              "maxAge": 86400
            }
          }
        }
      }
    },
    "web": {
      "type": "Microsoft.App/containerApps",
      "apiVersion": "2024-03-01",
      "name": "web",
      "properties": { "configuration": { "ingress": { "corsPolicy": { "allowedOrigins": ["*"], "allowedHeaders": ["*"], "allowCredentials": true } } } }
    },
    "hidden": {
      "type": "Microsoft.App/containerApps",
      "apiVersion": "2024-03-01",
      "name": "hidden",
      "properties": { "configuration": { "ingress": "[if(true(), createObject('external', true()), null())]" } }
    }
  }
}`;

  it('reads corsPolicy with its credentials; a * list, or a * origin under credentials, is unknown', () => {
    expect(policiesOf(azure, 'main.json', template).map(summary)).toEqual([
      {
        source: 'Microsoft.App/containerApps api',
        loc: '14:27',
        origins: ['allow https://app.example.com/ @15:34', 'unknown @15:62'],
        credentials: 'false @14:27',
        allowMethods: '[GET@16:34, put@16:41] @16:33',
        allowHeaders: 'unknown @17:33',
        exposeHeaders: 'unknown @18:32',
        maxAge: '86400 ("86400") @19:25',
        vary: 'unknown @14:27',
        preflight: 'answered @14:27',
      },
      {
        source: 'Microsoft.App/containerApps web',
        loc: '29:69',
        origins: ['unknown @29:90'],
        credentials: 'true @29:141',
        allowHeaders: 'unknown @29:114',
        vary: 'unknown @29:69',
        preflight: 'answered @29:69',
      },
    ]);
  });

  it('reports the findings where the values are written', () => {
    expect(findingsOf(azure, 'main.json', template)).toEqual([
      'valid-origin/trailingSlash@15:34',
      'valid-methods/lowercase@16:41',
      'max-age-within-browser-cap/aboveBrowserCap@19:25',
    ]);
  });
});

describe('azure adapter: local.settings.json', () => {
  it('splits Host.CORS and reads Host.CORSCredentials', () => {
    const [policy] = policiesOf(
      azure,
      'api/local.settings.json',
      `{
  "IsEncrypted": false,
  "Values": { "FUNCTIONS_WORKER_RUNTIME": "node" },
  "Host": { "LocalHttpPort": 7071, "CORS": "http://localhost:3000,https://app.example.com", "CORSCredentials": true }
}
`,
    ).map(summary);
    expect(policy).toEqual({
      source: 'local.settings.json Host.CORS (Azure Functions Core Tools)',
      loc: '4:11',
      origins: ['allow http://localhost:3000 @4:45', 'allow https://app.example.com @4:67'],
      credentials: 'true @4:112',
      allowMethods: 'unknown @4:11',
      allowHeaders: 'unknown @4:11',
      vary: 'unknown @4:11',
      preflight: 'answered @4:11',
    });
  });

  it('keeps the spaces Core Tools keeps around Host.CORS entries, which then never match, and compares case-insensitively', () => {
    const config = `{
  "Host": { "CORS": "http://localhost:3000, http://localhost:4200,HTTPS://App.Example.com", "CORSCredentials": true }
}
`;
    expect(policiesOf(azure, 'local.settings.json', config).map((policy) => summary(policy).origins)).toEqual([
      ['allow http://localhost:3000 @2:22', 'allow  http://localhost:4200 @2:45', 'allow HTTPS://App.Example.com @2:67'],
    ]);
    expect(findingsOf(azure, 'local.settings.json', config)).toEqual(['valid-origin/whitespace@2:45']);
  });

  it('takes a lone * as any origin, and a * among origins as an entry it cannot read', () => {
    const alone = '{ "Host": { "CORS": "*", "CORSCredentials": true } }';
    const mixed = '{ "Host": { "CORS": "https://a.example.com,*", "CORSCredentials": true } }';
    expect(findingsOf(azure, 'local.settings.json', alone)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@1:22']);
    expect(policiesOf(azure, 'local.settings.json', mixed).map((policy) => summary(policy).origins)).toEqual([
      ['allow https://a.example.com @1:22', 'unknown @1:44'],
    ]);
    expect(findingsOf(azure, 'local.settings.json', mixed)).toEqual([]);
  });

  it('binds Host, CORS and CORSCredentials in any casing, as Newtonsoft does, and accepts comments', () => {
    const config = '{ "host": { "cors": "*", "corsCredentials": true } }';
    expect(findingsOf(azure, 'local.settings.json', config)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@1:22']);
    const [doc] = documents('local.settings.json', config);
    expect(doc !== undefined && azure.acceptsJsonComments?.(doc)).toBe(true);
  });

  it('reads CORSCredentials written as a string the way Newtonsoft binds it to a bool', () => {
    const capitalised = '{ "Host": { "CORS": "*", "CORSCredentials": "True" } }';
    const off = '{ "Host": { "CORS": "*", "CORSCredentials": " false " } }';
    const unreadable = '{ "Host": { "CORS": "*", "CORSCredentials": "yes" } }';
    expect(findingsOf(azure, 'local.settings.json', capitalised)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@1:22']);
    expect(policiesOf(azure, 'local.settings.json', off).map((policy) => summary(policy).credentials)).toEqual(['false @1:45']);
    expect(policiesOf(azure, 'local.settings.json', unreadable).map((policy) => summary(policy).credentials)).toEqual(['unknown @1:45']);
    expect(findingsOf(azure, 'local.settings.json', unreadable)).toEqual([]);
  });

  it('reads the copy a repository commits in place of the ignored local.settings.json', () => {
    const config = '{ "Host": { "CORS": "*", "CORSCredentials": true } }';
    for (const name of ['local.settings.example.json', 'api/local.settings.sample.json', 'local.settings.Development.json']) {
      expect(findingsOf(azure, name, config)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@1:22']);
    }
    expect(detects(azure, 'my-local.settings.json', config)).toBe(false);
    expect(detects(azure, 'local.settings.json.bak', config)).toBe(false);
  });

  it('recognises ARM templates and local.settings.json only', () => {
    expect(detects(azure, 'azuredeploy.json', ARM)).toBe(true);
    expect(detects(azure, 'local.settings.json', '{ "Values": {} }')).toBe(false);
    expect(detects(azure, 'settings.json', '{ "Host": { "CORS": "*" } }')).toBe(false);
    expect(detects(azure, 'schema.json', '{ "$schema": "http://json-schema.org/draft-07/schema#", "resources": [] }')).toBe(false);
  });
});

describe('azure adapter: App Service origin case', () => {
  it('does not report an uppercase App Service origin, which the Linux Consumption host lowercases, but still a trailing slash', () => {
    const template = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [
    { "type": "Microsoft.Web/sites", "apiVersion": "2022-03-01", "name": "api",
      "properties": { "siteConfig": { "cors": { "allowedOrigins": ["HTTPS://Admin.Example.com", "https://App.Example.com/"] } } } }
  ]
}`;
    expect(findingsOf(azure, 'azuredeploy.json', template)).toEqual(['valid-origin/trailingSlash@5:97']);
  });
});

describe('azure adapter: tokens a release pipeline replaces', () => {
  it('takes #{Name}# and __NAME__ tokens as unknown, in ARM templates and in Host.CORS', () => {
    const template = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [
    { "type": "Microsoft.Web/sites", "apiVersion": "2022-03-01", "name": "api",
      "properties": { "siteConfig": { "cors": { "allowedOrigins": ["#{WebAppUrl}#"], "supportCredentials": true } } } }
  ]
}`;
    const settings = '{ "Host": { "CORS": "http://localhost:3000,__SITE_URL__", "CORSCredentials": true } }';
    expect(policiesOf(azure, 'azuredeploy.json', template).map((policy) => summary(policy).origins)).toEqual([['unknown @5:68']]);
    expect(findingsOf(azure, 'azuredeploy.json', template)).toEqual([]);
    expect(policiesOf(azure, 'local.settings.json', settings).map((policy) => summary(policy).origins)).toEqual([
      ['allow http://localhost:3000 @1:22', 'unknown @1:44'],
    ]);
  });
});

describe('azure adapter: host.json customHeaders', () => {
  const HOST_JSON = `{
  "version": "2.0",
  "extensions": {
    "http": {
      "routePrefix": "api",
      "customHeaders": {
        "Access-Control-Allow-Origin": "https://a.example.com,https://b.example.com",
        "Access-Control-Allow-Methods": "GET,POST,OPTIONS",
        "Access-Control-Max-Age": 86400
      }
    }
  }
}
`;

  it('reads extensions.http.customHeaders as raw headers sent on every response', () => {
    expect(policiesOf(azure, 'api/host.json', HOST_JSON).map(summary)).toEqual([
      {
        source: 'host.json extensions.http.customHeaders (Azure Functions)',
        loc: '6:24',
        origins: ['send https://a.example.com,https://b.example.com @7:40'],
        credentials: 'false @6:24',
        allowMethods: '[GET@8:42, POST@8:46, OPTIONS@8:51] @8:41',
        maxAge: '86400 ("86400") @9:35',
        vary: 'false @6:24',
        preflight: 'unknown @6:24',
      },
    ]);
    expect(findingsOf(azure, 'host.json', HOST_JSON)).toEqual([
      'valid-origin/severalOrigins@7:40',
      'max-age-within-browser-cap/aboveBrowserCap@9:35',
    ]);
  });

  it('sends a JSON true as .NET writes it, True, which browsers do not take for credentials', () => {
    const config = `{
  "version": "2.0",
  "extensions": { "http": { "customHeaders": { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": true } } }
}`;
    const quoted = config.replace('": true', '": "true"');
    expect(policiesOf(azure, 'host.json', config).map((policy) => summary(policy).credentials)).toEqual(['false @3:120']);
    expect(findingsOf(azure, 'host.json', config)).toEqual(['valid-credentials/notExactTrue@3:120']);
    expect(findingsOf(azure, 'host.json', quoted)).toEqual(['no-wildcard-origin-with-credentials/wildcardWithCredentials@3:79']);
  });

  it('matches the configuration keys in any casing and accepts comments', () => {
    const config = '{ "Extensions": { "HTTP": { "customheaders": { "Access-Control-Allow-Origin": "null" } } } }';
    expect(findingsOf(azure, 'host.json', config)).toEqual(['no-null-origin/nullOrigin@1:79']);
    const [doc] = documents('host.json', config);
    expect(doc !== undefined && azure.acceptsJsonComments?.(doc)).toBe(true);
  });

  it('recognises host.json with customHeaders only', () => {
    expect(detects(azure, 'host.json', HOST_JSON)).toBe(true);
    expect(detects(azure, 'settings.json', HOST_JSON)).toBe(false);
    expect(detects(azure, 'host.json', '{ "version": "2.0", "extensions": { "http": { "routePrefix": "api" } } }')).toBe(false);
    expect(policiesOf(azure, 'host.json', '{ "extensions": { "http": { "customHeaders": { "X-Frame-Options": "DENY" } } } }')).toEqual([]);
  });
});

describe('lenient JSON in Azure files', () => {
  it('accepts trailing commas in local.settings.json, as Core Tools does, but not in an ARM template', () => {
    const settings = '{\n  "IsEncrypted": false,\n  "Host": { "CORS": "*", "CORSCredentials": true, },\n}\n';
    expect(lintFindings('local.settings.json', settings)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 3, 22]]);
    const template = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    { "type": "Microsoft.Web/sites", "apiVersion": "2022-03-01", "name": "app",
      "properties": { "siteConfig": { "cors": { "allowedOrigins": ["https://a.example.com"], } } } },
  ]
}
`;
    expect(lintFindings('azuredeploy.json', template).map(([ruleId, , line]) => [ruleId, line])).toEqual([[null, 6]]);
  });
});
