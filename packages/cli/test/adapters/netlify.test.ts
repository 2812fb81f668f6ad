import { describe, expect, it } from 'vitest';
import { netlify } from '../../src/adapters/netlify.js';
import { findingsOf } from './gateway-findings.js';
import { detects, policiesOf } from './helpers.js';

const NETLIFY = `[build]
  command = "npm run build"
  publish = "dist"

[[headers]]
  for = "/*"
  [headers.values]
    X-Frame-Options = "DENY"

[[headers]]
  for = "/fonts/*"
  [headers.values]
    Access-Control-Allow-Origin = "*"

[[headers]]
  for = "/api/*"
  [headers.values]
    Access-Control-Allow-Origin = "*"
    Access-Control-Allow-Credentials = "true"
    Access-Control-Allow-Methods = "GET, POST, TRACE"
`;

describe('netlify adapter', () => {
  it('reads each [[headers]] table that sets a CORS header as the headers it sends for its path', () => {
    const policies = policiesOf(netlify, 'netlify.toml', NETLIFY);
    expect(policies.map((policy) => [policy.source, policy.origins.map((origin) => origin.kind), policy.credentials.value])).toEqual([
      ['netlify.toml headers[1] /fonts/*', ['any'], false],
      ['netlify.toml headers[2] /api/*', ['any'], true],
    ]);
  });

  it('reports on the header values as written', () => {
    expect(findingsOf('netlify.toml', NETLIFY)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 18, 35],
      ['valid-methods', 'forbidden', 20, 48],
    ]);
  });

  it('reads a value written as an array as one header holding the items joined with ", ", as Netlify sends it', () => {
    const toml = (origins: string): string =>
      `[[headers]]\n  for = "/api/*"\n  [headers.values]\n    Access-Control-Allow-Origin = ${origins}\n    Access-Control-Allow-Credentials = "true"\n`;
    expect(findingsOf('netlify.toml', toml('["https://a.example.com", "https://b.example.com"]'))).toEqual([
      ['valid-origin', 'severalOrigins', 4, 36],
    ]);
    expect(findingsOf('netlify.toml', toml('["*"]'))).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 4, 36]]);
    expect(findingsOf('netlify.toml', toml('["https://app.example.com"]'))).toEqual([]);
    expect(findingsOf('netlify.toml', toml('[["https://a.example.com"], "https://b.example.com"]'))).toEqual([]);
  });

  it('drops a table Netlify rejects for a value that is not a string, as its parser does', () => {
    const toml = (credentials: string): string =>
      `[[headers]]\n  for = "/api/*"\n  [headers.values]\n    Access-Control-Allow-Origin = "*"\n    Access-Control-Allow-Credentials = ${credentials}\n`;
    expect(findingsOf('netlify.toml', toml('"true"'))).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 4, 35]]);
    expect(findingsOf('netlify.toml', toml('true'))).toEqual([]);
    expect(policiesOf(netlify, 'netlify.toml', toml('["true", 1]'))).toEqual([]);
  });

  it('recognises netlify.toml with header tables only', () => {
    expect(detects(netlify, 'netlify.toml', '[build]\n  publish = "dist"\n')).toBe(false);
    expect(detects(netlify, 'config.toml', NETLIFY)).toBe(false);
    expect(findingsOf('netlify.toml', '[[headers]]\n  for = "/*"\n  [headers.values]\n    Access-Control-Allow-Origin = "https://app.example.com"\n    Vary = "Origin"\n')).toEqual([]);
  });
});

const HEADERS_FILE = `# Cloudflare Pages / Netlify header rules
/*
  X-Frame-Options: DENY

/api/*
  Access-Control-Allow-Origin: *
  Access-Control-Allow-Credentials: true

/assets/*
  Access-Control-Allow-Origin: https://app.example.com
  Access-Control-Allow-Origin: https://admin.example.com
  Vary: Origin

/embed/:id
  Access-Control-Allow-Origin: https://:id.example.com
`;

describe('netlify adapter on _headers files', () => {
  it('reads each path block, joining a repeated header into one value as the hosts send it', () => {
    expect(findingsOf('public/_headers', HEADERS_FILE)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 6, 32],
      ['valid-origin', 'severalOrigins', 10, 32],
    ]);
  });

  it('places a repeated header\'s items inside the first value, or at it, never past the end of its line', () => {
    const text = '/api/*\n  Access-Control-Allow-Origin: https://app.example.com\n  Access-Control-Allow-Methods: GET, TRACE\n  Access-Control-Allow-Methods: CONNECT\n';
    expect(findingsOf('_headers', text)).toEqual([
      ['valid-methods', 'forbidden', 3, 33],
      ['valid-methods', 'forbidden', 3, 38],
    ]);
  });

  it('reports an Allow-Credentials value other than the exact true where it is written', () => {
    const headers = (value: string) => `/api/*\n  Access-Control-Allow-Origin: https://app.example.com\n  Access-Control-Allow-Credentials: ${value}\n`;
    expect(findingsOf('public/_headers', headers('TRUE'))).toEqual([['valid-credentials', 'notExactTrue', 3, 37]]);
    expect(findingsOf('public/_headers', headers('true'))).toEqual([]);
    expect(findingsOf('public/_headers', headers('false'))).toEqual([]);
  });

  it('skips lines that are neither a path nor a header, and carries suppressions in comment lines', () => {
    const text = '/api/*\n  not a header line\n  # corsguard-disable-next-line no-wildcard-origin-with-credentials -- public read-only API\n  Access-Control-Allow-Origin: *\n  Access-Control-Allow-Credentials: true\n';
    expect(findingsOf('_headers', text)).toEqual([]);
    expect(detects(netlify, '_headers', '/*\n  X-Frame-Options: DENY\n')).toBe(true);
  });
});

describe('netlify adapter on rules whose paths overlap', () => {
  it('adds the headers of a /* table to the tables under it, a name both set being unknown', () => {
    const toml = `[[headers]]
  for = "/*"
  [headers.values]
    Access-Control-Allow-Origin = "*"
    X-Frame-Options = "DENY"

[[headers]]
  for = "/api/*"
  [headers.values]
    Access-Control-Allow-Credentials = "true"

[[headers]]
  for = "/admin/*"
  [headers.values]
    Access-Control-Allow-Origin = "https://admin.example.com"
    Access-Control-Allow-Credentials = "true"

[[headers]]
  for = "/*.json"
  [headers.values]
    Access-Control-Allow-Credentials = "true"
`;
    expect(findingsOf('netlify.toml', toml)).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 4, 35]]);
  });

  it('keeps the value the most specific table sets last, and leaves one a broader later table sets unknown', () => {
    const toml = `[[headers]]
  for = "/*"
  [headers.values]
    Access-Control-Allow-Origin = "*"

[[headers]]
  for = "/api/*"
  [headers.values]
    Access-Control-Allow-Origin = "*"
    Access-Control-Allow-Credentials = "true"

[[headers]]
  for = "/admin/*"
  [headers.values]
    Access-Control-Allow-Credentials = "true"
`;
    expect(findingsOf('netlify.toml', toml)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 4, 35],
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 9, 35],
    ]);
    const laterCatchAll = `${toml}
[[headers]]
  for = "/*"
  [headers.values]
    Access-Control-Allow-Origin = "https://app.example.com"
`;
    expect(findingsOf('netlify.toml', laterCatchAll)).toEqual([]);
  });

  it('combines _headers blocks for a host rule too, and leaves a header a block detaches unknown', () => {
    const text = `/*
  Access-Control-Allow-Origin: *
  X-Content-Type-Options: nosniff

/private/*
  ! Access-Control-Allow-Origin
  Access-Control-Allow-Credentials: true

https://example.pages.dev/*
  Access-Control-Allow-Methods: GET, *
  Access-Control-Allow-Credentials: true

/docs/*
  Access-Control-Allow-Origin: https://docs.example.com
  Access-Control-Allow-Credentials: true
`;
    expect(findingsOf('_headers', text)).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 2, 32],
      ['no-wildcard-lists-with-credentials', 'wildcardMethods', 10, 38],
    ]);
  });

  it('takes a header value that is a token a build step replaces as unknown', () => {
    const text = '/api/*\n  Access-Control-Allow-Origin: $FRONTEND_ORIGIN\n  Access-Control-Allow-Credentials: __ALLOW_CREDENTIALS__\n';
    expect(findingsOf('_headers', text)).toEqual([]);
    expect(policiesOf(netlify, '_headers', text).map((policy) => [policy.origins[0]?.kind, policy.credentials.value])).toEqual([['unknown', 'unknown']]);
  });
});

describe('netlify adapter on paths a function or another site serves', () => {
  const functionHeaders = (path: string): string =>
    `[[headers]]\n  for = "${path}"\n  [headers.values]\n    Access-Control-Allow-Origin = "*"\n    Access-Control-Allow-Credentials = "true"\n`;

  it('reads no headers for paths under /.netlify/, which Netlify serves itself without custom headers', () => {
    expect(findingsOf('netlify.toml', functionHeaders('/.netlify/functions/*'))).toEqual([]);
    expect(findingsOf('_headers', '/.netlify/functions/*\n  Access-Control-Allow-Origin: *\n  Access-Control-Allow-Credentials: true\n')).toEqual([]);
    expect(findingsOf('netlify.toml', functionHeaders('/.netlify-docs/*'))).toEqual([
      ['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 4, 35],
    ]);
  });

  it('leaves a broader table to the files it covers when a narrower one only covers function paths', () => {
    const toml = `[[headers]]\n  for = "/*"\n  [headers.values]\n    Access-Control-Allow-Origin = "*"\n\n[[headers]]\n  for = "/.netlify/functions/*"\n  [headers.values]\n    Access-Control-Allow-Credentials = "true"\n`;
    expect(findingsOf('netlify.toml', toml)).toEqual([]);
    expect(policiesOf(netlify, 'netlify.toml', toml).map((policy) => policy.source)).toEqual(['netlify.toml headers[0] /*']);
  });

  it('reads no headers for the paths a rewrite hands to a function or proxies to another site', () => {
    const withRedirect = (redirect: string): string => `${functionHeaders('/api/*')}\n[[redirects]]\n${redirect}`;
    expect(findingsOf('netlify.toml', withRedirect('  from = "/api/*"\n  to = "/.netlify/functions/:splat"\n  status = 200\n'))).toEqual([]);
    expect(findingsOf('netlify.toml', withRedirect('  from = "/*"\n  to = "https://api.example.com/:splat"\n  status = 200\n  force = true\n'))).toEqual([]);
  });

  it('leaves the site\'s files their headers under a catch-all rewrite that is not forced, which files shadow', () => {
    const siteWide = `[[headers]]\n  for = "/*"\n  [headers.values]\n    Access-Control-Allow-Origin = "*"\n    Access-Control-Allow-Credentials = "true"\n`;
    const handler = (force: string): string =>
      `${siteWide}\n[[redirects]]\n  from = "/*"\n  to = "/.netlify/functions/___netlify-handler"\n  status = 200\n${force}`;
    expect(findingsOf('netlify.toml', handler(''))).toEqual([['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 4, 35]]);
    expect(findingsOf('netlify.toml', handler('  force = true\n'))).toEqual([]);
  });

  it('still reads the headers where a rewrite may not apply or sends the request elsewhere on the site', () => {
    const wildcardWithCredentials = [['no-wildcard-origin-with-credentials', 'wildcardWithCredentials', 4, 35]];
    const withRedirect = (redirect: string): string => `${functionHeaders('/api/*')}\n[[redirects]]\n${redirect}`;
    // A redirect (301 by default) answers with its own response; a rewrite with conditions applies to some requests only.
    expect(findingsOf('netlify.toml', withRedirect('  from = "/api/*"\n  to = "/.netlify/functions/:splat"\n'))).toEqual(wildcardWithCredentials);
    expect(
      findingsOf('netlify.toml', withRedirect('  from = "/api/*"\n  to = "/.netlify/functions/:splat"\n  status = 200\n  conditions = {Role = ["admin"]}\n')),
    ).toEqual(wildcardWithCredentials);
    expect(findingsOf('netlify.toml', withRedirect('  from = "/api/*"\n  to = "/index.html"\n  status = 200\n'))).toEqual(wildcardWithCredentials);
    // The rewrite covers part of the table's paths only.
    expect(findingsOf('netlify.toml', withRedirect('  from = "/api/v1/*"\n  to = "/.netlify/functions/:splat"\n  status = 200\n'))).toEqual(
      wildcardWithCredentials,
    );
  });
});
