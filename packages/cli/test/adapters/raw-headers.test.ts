import { describe, expect, it } from 'vitest';
import { rawHeaderFiles } from '../../src/adapters/raw-headers.js';
import { findingsOf } from './cloud-findings.js';
import { findingsOf as lintedFindings } from './gateway-findings.js';
import { summary } from './cloud-summary.js';
import { detects, policiesOf } from './helpers.js';

const VERCEL = `{
  "framework": "nextjs",
  "headers": [
    {
      "source": "/api/(.*)",
      "headers": [
        { "key": "Access-Control-Allow-Origin", "value": "https://app.example.com, https://admin.example.com" },
        { "key": "Access-Control-Allow-Credentials", "value": "True" },
        { "key": "Access-Control-Allow-Methods", "value": "GET,OPTIONS,PATCH,DELETE,POST,PUT" },
        { "key": "Access-Control-Max-Age", "value": "86400" }
      ]
    },
    {
      "source": "/(.*)",
      "headers": [{ "key": "X-Frame-Options", "value": "DENY" }]
    }
  ]
}
`;

const FIREBASE = `{
  "hosting": [
    {
      "target": "app",
      "public": "dist",
      "headers": [
        {
          "source": "**/*.@(woff|woff2)",
          "headers": [
            { "key": "access-control-allow-origin", "value": "*" },
            { "key": "Vary", "value": "Accept-Encoding, Origin" }
          ]
        }
      ]
    }
  ]
}
`;

describe('raw-headers adapter', () => {
  it('reads Vercel header values literally: a comma list stays one ACAO value, ACAC must be exactly true', () => {
    expect(policiesOf(rawHeaderFiles, 'vercel.json', VERCEL).map(summary)).toEqual([
      {
        source: 'vercel.json headers[0] /api/(.*)',
        loc: '4:5',
        origins: ['send https://app.example.com, https://admin.example.com @7:58'],
        credentials: 'false @8:63',
        allowMethods: '[GET@9:60, OPTIONS@9:64, PATCH@9:72, DELETE@9:78, POST@9:85, PUT@9:90] @9:59',
        maxAge: '86400 ("86400") @10:53',
        vary: 'false @4:5',
        preflight: 'unknown @4:5',
      },
    ]);
  });

  it('reports an Allow-Credentials value other than the exact true where it is written', () => {
    expect(findingsOf(rawHeaderFiles, 'vercel.json', VERCEL)).toContain('valid-credentials/notExactTrue@8:63');
  });

  it('reads Firebase hosting headers, with Vary as sent', () => {
    expect(policiesOf(rawHeaderFiles, 'firebase.json', FIREBASE).map(summary)).toEqual([
      {
        source: 'firebase.json hosting[0].headers[0] **/*.@(woff|woff2)',
        loc: '7:9',
        origins: ['any @10:62'],
        credentials: 'false @7:9',
        vary: 'true @11:39',
        preflight: 'unknown @7:9',
      },
    ]);
  });

  it('reads the legacy Vercel routes form', () => {
    const [policy] = policiesOf(
      rawHeaderFiles,
      'now.json',
      '{ "routes": [{ "src": "/api/.*", "headers": { "Access-Control-Allow-Origin": "null", "Access-Control-Allow-Credentials": "true" } }] }',
    ).map(summary);
    expect(policy).toMatchObject({ source: 'now.json routes[0] /api/.*', origins: ['null @1:78'], credentials: 'true @1:122' });
  });

  it('takes a parameter filled by one named group of a has on the Origin header as that group matched in full', () => {
    const config = `{
  "headers": [
    {
      "source": "/api/:path*",
      "has": [{ "type": "header", "key": "origin", "value": "(?<origin>https://.*)" }],
      "headers": [
        { "key": "Access-Control-Allow-Origin", "value": ":origin" },
        { "key": "Access-Control-Allow-Credentials", "value": "true" },
        { "key": "Vary", "value": "Origin" }
      ]
    },
    {
      "source": "/v2/:path*",
      "has": [{ "type": "header", "key": "Origin", "value": { "re": "^(?<site>https://([a-z0-9-]+\\\\.)?example\\\\.com)$" } }],
      "headers": [
        { "key": "Access-Control-Allow-Origin", "value": ":site" },
        { "key": "Access-Control-Allow-Credentials", "value": "true" },
        { "key": "Vary", "value": "Origin" }
      ]
    },
    {
      "source": "/v3/:path*",
      "has": [{ "type": "header", "key": "origin", "value": "(?<a>https://a\\\\.com)|(?<b>https://b\\\\.com)" }],
      "headers": [{ "key": "Access-Control-Allow-Origin", "value": ":a" }]
    },
    {
      "source": "/v4/:path*",
      "has": [{ "type": "header", "key": "origin", "value": "https://(?<sub>[a-z]+)\\\\.example\\\\.com" }],
      "headers": [{ "key": "Access-Control-Allow-Origin", "value": ":sub" }]
    }
  ]
}`;
    expect(policiesOf(rawHeaderFiles, 'vercel.json', config).map((policy) => summary(policy).origins)).toEqual([
      ['pattern(re2-full) https://.* @7:58'],
      ['pattern(re2-full) https://([a-z0-9-]+\\.)?example\\.com @16:58'],
      ['unknown @24:68'],
      ['unknown @29:68'],
    ]);
    expect(findingsOf(rawHeaderFiles, 'vercel.json', config)).toEqual([
      'no-permissive-origin-pattern/wildcardSpansDomain@7:58',
    ]);
  });

  it('takes a host capture inside an origin and a legacy routes capture as unknown, and stays silent on them', () => {
    const config = `{
  "routes": [
    {
      "src": "/api/(.*)",
      "has": [{ "type": "host", "value": "(?<tenant>[a-z]+)\\\\.example\\\\.com" }],
      "headers": { "Access-Control-Allow-Origin": "https://:tenant.example.com", "Vary": "Origin" }
    },
    {
      "src": "/v1/(?<origin>[^/]+)/data",
      "headers": { "Access-Control-Allow-Origin": "$origin", "Access-Control-Allow-Credentials": "true" }
    },
    { "src": "/v2/(.*)", "headers": { "Access-Control-Allow-Origin": "$1" } }
  ]
}`;
    expect(policiesOf(rawHeaderFiles, 'vercel.json', config).map((policy) => summary(policy).origins)).toEqual([
      ['unknown @6:51'],
      ['unknown @10:51'],
      ['unknown @12:70'],
    ]);
    expect(findingsOf(rawHeaderFiles, 'vercel.json', config)).toEqual([]);
  });

  it('takes :origin filled from a value-less has on the Origin header as echoing every origin', () => {
    const config = `{
  "headers": [
    {
      "source": "/api/(.*)",
      "has": [{ "type": "header", "key": "Origin" }],
      "headers": [
        { "key": "Access-Control-Allow-Origin", "value": ":origin" },
        { "key": "Access-Control-Allow-Credentials", "value": "true" },
        { "key": "Vary", "value": "Origin" }
      ]
    },
    {
      "source": "/public/(.*)",
      "has": [{ "type": "header", "key": "origin" }],
      "headers": [{ "key": "Access-Control-Allow-Origin", "value": ":origin" }]
    },
    {
      "source": "/other/(.*)",
      "has": [{ "type": "header", "key": "origin", "value": "https://app\\\\.example\\\\.com" }],
      "headers": [{ "key": "Access-Control-Allow-Origin", "value": ":origin" }]
    }
  ]
}`;
    expect(policiesOf(rawHeaderFiles, 'vercel.json', config).map((policy) => summary(policy).origins)).toEqual([
      ['reflect-any @7:58'],
      ['reflect-any @15:68'],
      ['unknown @20:68'],
    ]);
    expect(findingsOf(rawHeaderFiles, 'vercel.json', config)).toEqual([
      'no-reflected-origin-with-credentials/reflectedWithCredentials@7:58',
      'require-vary-origin/missingVary@12:5',
    ]);
  });

  it('accepts comments in firebase.json, as the Firebase CLI strips them, but not in vercel.json', () => {
    const firebase = `{
  // Fonts are fetched by the marketing site on another origin.
  "hosting": {
    "public": "dist",
    /* "cleanUrls": true, */
    "headers": [
      {
        "source": "**/*.@(woff|woff2)",
        "headers": [
          { "key": "Access-Control-Allow-Origin", "value": "*" },
          { "key": "Access-Control-Allow-Credentials", "value": "true" }
        ]
      }
    ]
  }
}`;
    expect(lintedFindings('firebase.json', firebase)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 10, 60],
    ]);
    const vercel = '{\n  // CORS for the API\n  "headers": [{ "source": "/api/(.*)", "headers": [{ "key": "Access-Control-Allow-Origin", "value": "*" }] }]\n}';
    expect(lintedFindings('vercel.json', vercel)).toEqual([[null, undefined, 2, 3]]);
  });

  it('reads a per-environment Firebase config the CLI is pointed at with --config, not other firebase.*.json files', () => {
    const hosting = `{
  "hosting": {
    "public": "dist",
    "headers": [{ "source": "/api/**", "headers": [
      { "key": "Access-Control-Allow-Origin", "value": "*" },
      { "key": "Access-Control-Allow-Credentials", "value": "true" }
    ] }]
  }
}`;
    expect(lintedFindings('firebase.staging.json', hosting)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 5, 56],
    ]);
    // The web SDK settings many apps keep beside it have no hosting section.
    expect(detects(rawHeaderFiles, 'firebase.config.json', '{ "apiKey": "k", "authDomain": "a.firebaseapp.com" }')).toBe(false);
    expect(detects(rawHeaderFiles, 'myfirebase.json', hosting)).toBe(false);
  });

  it('reads a Vercel config the CLI is pointed at with --local-config when it holds headers or routes', () => {
    const config = '{"headers": [{"source": "/(.*)", "headers": [{"key": "Access-Control-Allow-Origin", "value": "https://a.example.com/"}]}]}';
    expect(lintedFindings('vercel.staging.json', config)).toEqual([['valid-origin', 'trailingSlash', 1, 94]]);
    expect(detects(rawHeaderFiles, 'vercel.schema.json', '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}')).toBe(false);
  });

  it('keeps the last value of a header a rule sets twice, as Vercel and Firebase Hosting send it', () => {
    const config = `{
  "headers": [
    {
      "source": "/api/(.*)",
      "headers": [
        { "key": "Access-Control-Allow-Origin", "value": "*" },
        { "key": "access-control-allow-origin", "value": "https://b.example.com" },
        { "key": "Access-Control-Allow-Credentials", "value": "true" }
      ]
    }
  ]
}`;
    expect(policiesOf(rawHeaderFiles, 'vercel.json', config).map((policy) => summary(policy).origins)).toEqual([['send https://b.example.com @7:58']]);
    expect(findingsOf(rawHeaderFiles, 'vercel.json', config)).toEqual([]);
    const firebase = `{
  "hosting": {
    "headers": [
      {
        "source": "**",
        "headers": [
          { "key": "Access-Control-Allow-Origin", "value": "null" },
          { "key": "Access-Control-Allow-Origin", "value": "https://b.example.com" },
          { "key": "Access-Control-Allow-Credentials", "value": "true" }
        ]
      }
    ]
  }
}`;
    expect(policiesOf(rawHeaderFiles, 'firebase.json', firebase).map((policy) => summary(policy).origins)).toEqual([['send https://b.example.com @8:60']]);
    expect(findingsOf(rawHeaderFiles, 'firebase.json', firebase)).toEqual([]);
  });

  it('reads $ in a Firebase value literally: only Vercel fills regex captures', () => {
    const config = '{ "hosting": { "headers": [{ "source": "**", "headers": [{ "key": "Access-Control-Allow-Origin", "value": "$http_origin" }] }] } }';
    expect(policiesOf(rawHeaderFiles, 'firebase.json', config).map((policy) => summary(policy).origins)).toEqual([['send $http_origin @1:107']]);
    expect(findingsOf(rawHeaderFiles, 'firebase.json', config)).toEqual(['valid-origin/missingScheme@1:107']);
  });

  it('still reads an origin with a port as an origin', () => {
    const config = '{ "headers": [{ "source": "/(.*)", "headers": [{ "key": "Access-Control-Allow-Origin", "value": "https://a.example.com:8443" }] }] }';
    expect(policiesOf(rawHeaderFiles, 'vercel.json', config).map((policy) => summary(policy).origins)).toEqual([['send https://a.example.com:8443 @1:97']]);
  });

  it('recognises vercel.json and firebase.json by name', () => {
    expect(detects(rawHeaderFiles, 'vercel.json', VERCEL)).toBe(true);
    expect(detects(rawHeaderFiles, 'site/firebase.json', FIREBASE)).toBe(true);
    expect(detects(rawHeaderFiles, 'config.json', VERCEL)).toBe(false);
    expect(detects(rawHeaderFiles, 'firebase.json', '{ "firestore": { "rules": "firestore.rules" } }')).toBe(false);
  });

  it('merges Static Web Apps route headers over globalHeaders, an empty value removing one', () => {
    const config = `{
  "routes": [
    {
      "route": "/api/*",
      "headers": {
        "Access-Control-Allow-Origin": "https://app.example.com",
        "Access-Control-Allow-Credentials": "true"
      }
    },
    { "route": "/assets/*", "headers": { "Cache-Control": "public, max-age=31536000, immutable" } },
    { "route": "/public/*", "headers": { "Access-Control-Allow-Origin": "" } }
  ],
  "globalHeaders": {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Max-Age": "600"
  }
}`;
    expect(policiesOf(rawHeaderFiles, 'app/staticwebapp.config.json', config).map(summary)).toEqual([
      {
        source: 'staticwebapp.config.json globalHeaders',
        loc: '13:20',
        origins: ['any @14:36'],
        credentials: 'false @13:20',
        maxAge: '600 ("600") @15:31',
        vary: 'false @13:20',
        preflight: 'unknown @13:20',
      },
      {
        source: 'staticwebapp.config.json routes[0] /api/*',
        loc: '3:5',
        origins: ['send https://app.example.com @6:40'],
        credentials: 'true @7:45',
        maxAge: '600 ("600") @15:31',
        vary: 'false @3:5',
        preflight: 'unknown @3:5',
      },
      {
        source: 'staticwebapp.config.json routes[2] /public/*',
        loc: '11:5',
        origins: [],
        credentials: 'false @11:5',
        maxAge: '600 ("600") @15:31',
        vary: 'false @11:5',
        preflight: 'unknown @11:5',
      },
    ]);
  });

  it('reads Amplify custom headers, per app in a monorepo', () => {
    const config = `applications:
  - appRoot: web
    frontend:
      phases:
        build:
          commands: [npm run build]
    customHeaders:
      - pattern: '/api/*'
        headers:
          - key: 'Access-Control-Allow-Origin'
            value: 'null'
  - appRoot: docs
`;
    expect(policiesOf(rawHeaderFiles, 'amplify.yml', config).map((policy) => [policy.source, summary(policy).origins])).toEqual([
      ['amplify.yml applications[0] web customHeaders[0] /api/*', ['null @11:20']],
    ]);
  });

  it('reads the custom headers an older amplify.yml build spec keeps under frontend, per app too', () => {
    const buildSpec = `version: 1
frontend:
  phases:
    build:
      commands: [npm run build]
  artifacts:
    baseDirectory: dist
    files: ['**/*']
  customHeaders:
    - pattern: '/api/*'
      headers:
        - key: 'Access-Control-Allow-Origin'
          value: 'https://app.example.com/'
`;
    expect(detects(rawHeaderFiles, 'amplify.yml', buildSpec)).toBe(true);
    expect(lintedFindings('amplify.yml', buildSpec)).toEqual([['valid-origin', 'trailingSlash', 13, 18]]);
    const monorepo = `version: 1
applications:
  - appRoot: web
    frontend:
      phases:
        build:
          commands: [npm run build]
      customHeaders:
        - pattern: '**/*'
          headers:
            - key: Access-Control-Allow-Origin
              value: '*'
            - key: Access-Control-Allow-Credentials
              value: 'true'
`;
    expect(policiesOf(rawHeaderFiles, 'amplify.yml', monorepo).map((policy) => policy.source)).toEqual([
      'amplify.yml applications[0] web frontend.customHeaders[0] **/*',
    ]);
    expect(lintedFindings('amplify.yml', monorepo)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 12, 22]]);
  });

  it('reads a header an Amplify pattern lists twice as known only when both entries agree', () => {
    const custom = (first: string, second: string): string =>
      `customHeaders:\n  - pattern: '**/*'\n    headers:\n      - key: Access-Control-Allow-Origin\n        value: '${first}'\n      - key: access-control-allow-origin\n        value: '${second}'\n`;
    expect(summary(policiesOf(rawHeaderFiles, 'customHttp.yml', custom('https://a.example.com', 'https://b.example.com'))[0]!).origins).toEqual([
      'unknown @5:16',
    ]);
    expect(lintedFindings('customHttp.yml', custom('https://a.example.com', 'https://b.example.com'))).toEqual([]);
    expect(lintedFindings('customHttp.yml', custom('https://a.example.com/', 'https://a.example.com/'))).toEqual([
      ['valid-origin', 'trailingSlash', 5, 16],
    ]);
  });

  it('recognises the other hosting files by name, and Amplify files only with custom headers', () => {
    const amplify = "customHeaders:\n  - pattern: '**/*'\n    headers:\n      - key: Access-Control-Allow-Origin\n        value: '*'\n";
    expect(detects(rawHeaderFiles, 'customHttp.yml', amplify)).toBe(true);
    expect(detects(rawHeaderFiles, 'amplify.yml', 'version: 1\nfrontend:\n  phases:\n    build:\n      commands: [npm run build]\n')).toBe(false);
    expect(detects(rawHeaderFiles, 'headers.yml', amplify)).toBe(false);
    expect(detects(rawHeaderFiles, 'staticwebapp.config.json', '{ "navigationFallback": { "rewrite": "/index.html" } }')).toBe(true);
    expect(detects(rawHeaderFiles, 'public/serve.json', VERCEL)).toBe(true);
  });
});

describe('raw-headers adapter on rules whose paths overlap', () => {
  it('combines a Vercel catch-all with the rules under it, reporting at the value that sets each header', () => {
    const config = `{
  "headers": [
    {
      "source": "/(.*)",
      "headers": [
        { "key": "Access-Control-Allow-Origin", "value": "*" },
        { "key": "X-Frame-Options", "value": "DENY" }
      ]
    },
    {
      "source": "/api/(.*)",
      "headers": [{ "key": "Access-Control-Allow-Credentials", "value": "true" }]
    },
    {
      "source": "/static/:path*",
      "headers": [{ "key": "Access-Control-Allow-Methods", "value": "*" }]
    }
  ]
}`;
    expect(lintedFindings('vercel.json', config)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 6, 58]]);
    expect(policiesOf(rawHeaderFiles, 'vercel.json', config).map((policy) => [policy.source, summary(policy).origins, summary(policy).credentials])).toEqual([
      ['vercel.json headers[0] /(.*)', ['any @6:58'], 'false @3:5'],
      ['vercel.json headers[1] /api/(.*)', ['any @6:58'], 'true @12:73'],
      ['vercel.json headers[2] /static/:path*', ['any @6:58'], 'false @14:5'],
    ]);
  });

  it('lets a later Vercel rule replace a header an earlier matching rule set', () => {
    const config = `{
  "headers": [
    { "source": "/api/(.*)", "headers": [{ "key": "Access-Control-Allow-Origin", "value": "*" }] },
    {
      "source": "/(.*)",
      "headers": [
        { "key": "access-control-allow-origin", "value": "https://app.example.com" },
        { "key": "Access-Control-Allow-Credentials", "value": "true" }
      ]
    },
    { "source": "/static/:path*", "headers": [{ "key": "Access-Control-Allow-Methods", "value": "*" }] }
  ]
}`;
    expect(lintedFindings('vercel.json', config)).toEqual([['no-wildcard-lists-with-credentials', 'wildcardMethods', 11, 98]]);
  });

  it('keeps Vercel rules apart when one path set is not certainly inside the other, or a rule is conditional', () => {
    const config = `{
  "headers": [
    { "source": "/api/(.*)", "headers": [{ "key": "Access-Control-Allow-Origin", "value": "*" }] },
    { "source": "/api", "headers": [{ "key": "Access-Control-Allow-Credentials", "value": "true" }] },
    { "source": "/(.*)\\\\.json", "headers": [{ "key": "Access-Control-Allow-Origin", "value": "*" }] },
    { "source": "/data/(.*)", "headers": [{ "key": "Access-Control-Allow-Credentials", "value": "true" }] },
    {
      "source": "/(.*)",
      "has": [{ "type": "header", "key": "x-debug" }],
      "headers": [{ "key": "Access-Control-Allow-Origin", "value": "*" }]
    },
    { "source": "/app/(.*)", "headers": [{ "key": "Access-Control-Allow-Credentials", "value": "true" }] }
  ]
}`;
    expect(lintedFindings('vercel.json', config)).toEqual([]);
  });

  it('combines a /:path* rule with a (.*) rule on the paths both certainly match, keeping the rule alone for the others', () => {
    const config = `{
  "headers": [
    {
      "source": "/:path*",
      "headers": [
        { "key": "Access-Control-Allow-Origin", "value": "*" },
        { "key": "Vary", "value": "Origin" }
      ]
    },
    {
      "source": "/api/(.*)",
      "headers": [
        { "key": "Access-Control-Allow-Origin", "value": "https://app.example.com, https://admin.example.com" },
        { "key": "Access-Control-Allow-Credentials", "value": "true" }
      ]
    },
    {
      "source": "/v2/(.*)",
      "headers": [{ "key": "Access-Control-Allow-Credentials", "value": "true" }]
    }
  ]
}`;
    expect(lintedFindings('vercel.json', config)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 6, 58],
      ['valid-origin', 'severalOrigins', 13, 58],
    ]);
    expect(policiesOf(rawHeaderFiles, 'vercel.json', config).map((policy) => [policy.source, summary(policy).origins.length, summary(policy).vary])).toEqual([
      ['vercel.json headers[0] /:path*', 1, 'true @7:35'],
      ['vercel.json headers[1] /api/(.*)', 1, 'false @10:5'],
      ['vercel.json headers[1] /api/(.*)', 1, 'true @7:35'],
      ['vercel.json headers[2] /v2/(.*)', 0, 'false @17:5'],
      ['vercel.json headers[2] /v2/(.*)', 1, 'true @7:35'],
    ]);
  });

  it('takes a Vary a Vercel rule sends on a whole path prefix into account for a conditional rule under it', () => {
    const config = `{
  "headers": [
    { "source": "/public/(.*)", "headers": [{ "key": "Vary", "value": "Origin" }] },
    {
      "source": "/public/fonts/(.*)",
      "has": [{ "type": "header", "key": "origin" }],
      "headers": [{ "key": "Access-Control-Allow-Origin", "value": ":origin" }]
    },
    {
      "source": "/private/(.*)",
      "has": [{ "type": "header", "key": "origin" }],
      "headers": [{ "key": "Access-Control-Allow-Origin", "value": ":origin" }]
    }
  ]
}`;
    expect(lintedFindings('vercel.json', config)).toEqual([['require-vary-origin', 'missingVary', 9, 5]]);
  });

  it('combines Firebase globs under ** in rule order, leaving dot paths and regex rules apart', () => {
    const config = `{
  "hosting": {
    "public": "build",
    "headers": [
      {
        "source": "**",
        "headers": [
          { "key": "Access-Control-Allow-Origin", "value": "*" },
          { "key": "Access-Control-Allow-Headers", "value": "Content-Type, *" }
        ]
      },
      { "source": "/api/**", "headers": [{ "key": "Access-Control-Allow-Credentials", "value": "true" }] },
      { "source": "/.well-known/**", "headers": [{ "key": "Access-Control-Allow-Credentials", "value": "true" }] },
      { "regex": "^/v2/.*$", "headers": [{ "key": "Access-Control-Allow-Credentials", "value": "true" }] },
      {
        "source": "/app/**",
        "headers": [
          { "key": "Access-Control-Allow-Origin", "value": "https://app.example.com" },
          { "key": "Access-Control-Allow-Headers", "value": "Content-Type, Authorization" },
          { "key": "Access-Control-Allow-Credentials", "value": "true" },
          { "key": "Vary", "value": "Origin" }
        ]
      }
    ]
  }
}`;
    expect(lintedFindings('firebase.json', config)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 8, 60],
      ['explicit-authorization-header', 'authorizationNotCovered', 9, 76],
      ['no-wildcard-lists-with-credentials', 'wildcardHeaders', 9, 76],
    ]);
  });
});

describe('raw-headers adapter on overlapping serve.json rules', () => {
  it('reads serve.json sources as globs, as serve-handler matches them', () => {
    const config = `{
  "public": "dist",
  "headers": [
    { "source": "**", "headers": [{ "key": "Access-Control-Allow-Origin", "value": "*" }] },
    { "source": "/api/**", "headers": [{ "key": "Access-Control-Allow-Credentials", "value": "true" }] },
    { "source": "/(.*)", "headers": [{ "key": "Access-Control-Allow-Origin", "value": "*" }] },
    { "source": "/data/(.*)", "headers": [{ "key": "Access-Control-Allow-Credentials", "value": "true" }] }
  ]
}`;
    expect(lintedFindings('serve.json', config)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 4, 84]]);
  });
});

describe('raw-headers adapter on legacy Vercel routes', () => {
  it('adds the headers of an earlier catch-all continue route to the routes after it, before any handle', () => {
    const config = `{
  "version": 2,
  "routes": [
    { "source": "/.*", "headers": { "Access-Control-Allow-Origin": "*" }, "continue": true },
    { "src": "^\\\\/api\\\\/(.*)$", "dest": "/api/$1", "headers": { "Access-Control-Allow-Credentials": "true" } },
    { "src": "/public/(.*)", "methods": ["GET"], "headers": { "Access-Control-Allow-Origin": "*" }, "continue": true },
    { "src": "/public/files/(.*)", "headers": { "Access-Control-Allow-Credentials": "true" } },
    { "handle": "filesystem" },
    { "src": "/(.*)", "dest": "/index.html", "headers": { "Access-Control-Allow-Credentials": "true" } }
  ]
}`;
    expect(lintedFindings('vercel.json', config)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 4, 68]]);
  });

  it('does not add a continue route that comes after, or whose src may match other paths', () => {
    const config = `{
  "routes": [
    { "src": "/api/(.*)", "headers": { "Access-Control-Allow-Credentials": "true" } },
    { "src": "/(.*)", "headers": { "Access-Control-Allow-Origin": "*" }, "continue": true }
  ]
}`;
    expect(lintedFindings('vercel.json', config)).toEqual([]);
    const alternation = `{
  "routes": [
    { "src": "/(a|b)/.*|/c", "headers": { "Access-Control-Allow-Origin": "*" }, "continue": true },
    { "src": "/a/x", "headers": { "Access-Control-Allow-Credentials": "true" } }
  ]
}`;
    expect(lintedFindings('vercel.json', alternation)).toEqual([]);
  });

  it("adds a later route's headers to a continue route whose paths it all matches, when the routes between continue", () => {
    const config = `{
  "routes": [
    { "src": "/api/(.*)", "headers": { "Access-Control-Allow-Credentials": "true" }, "continue": true },
    { "src": "/api/v1/(.*)", "headers": { "X-Version": "1" }, "continue": true },
    { "src": "/(.*)", "dest": "/index.js", "headers": { "Access-Control-Allow-Origin": "*" } }
  ]
}`;
    expect(lintedFindings('vercel.json', config)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 5, 88]]);
  });

  it('does not add a later route past a rewrite, a route that ends the routing, or a conditional route', () => {
    const rewritten = `{
  "routes": [
    { "src": "/api/(.*)", "dest": "/api/index.js", "headers": { "Access-Control-Allow-Credentials": "true" }, "continue": true },
    { "src": "/(.*)", "headers": { "Access-Control-Allow-Origin": "*" } }
  ]
}`;
    const stopped = `{
  "routes": [
    { "src": "/api/(.*)", "headers": { "Access-Control-Allow-Credentials": "true" }, "continue": true },
    { "src": "/api/(.*)", "dest": "/api/index.js" },
    { "src": "/(.*)", "headers": { "Access-Control-Allow-Origin": "*" } }
  ]
}`;
    const conditional = `{
  "routes": [
    { "src": "/api/(.*)", "headers": { "Access-Control-Allow-Credentials": "true" }, "continue": true },
    { "src": "/(.*)", "methods": ["GET"], "headers": { "Access-Control-Allow-Origin": "*" } }
  ]
}`;
    expect(lintedFindings('vercel.json', rewritten)).toEqual([]);
    expect(lintedFindings('vercel.json', stopped)).toEqual([]);
    expect(lintedFindings('vercel.json', conditional)).toEqual([]);
  });
});

describe('raw-headers adapter: replaced tokens', () => {
  it('takes a header value that is a token a build step replaces as unknown', () => {
    const config = `{
  "headers": [
    {
      "source": "/api/(.*)",
      "headers": [
        { "key": "Access-Control-Allow-Origin", "value": "__FRONTEND_ORIGIN__" },
        { "key": "Access-Control-Allow-Credentials", "value": "true" }
      ]
    }
  ]
}`;
    expect(policiesOf(rawHeaderFiles, 'vercel.json', config).map((policy) => summary(policy).origins)).toEqual([['unknown @6:58']]);
    expect(findingsOf(rawHeaderFiles, 'vercel.json', config)).toEqual([]);
  });
});
