import { describe, expect, it } from 'vitest';
import { coversPaths, firebaseGlobPaths, sharesSomePaths, splatPaths, vercelRouteSrcPaths, vercelSourcePaths, type RulePaths } from '../../src/adapters/header-rule-paths.js';

function covers(read: (pattern: string) => RulePaths | undefined, outer: string, inner: string): boolean {
  const outerPaths = read(outer);
  const innerPaths = read(inner);
  return outerPaths !== undefined && innerPaths !== undefined && coversPaths(outerPaths, innerPaths);
}

describe('header rule paths', () => {
  it('reads a Vercel (.*) tail as any text after the fixed beginning, and /:name* as whole segments only', () => {
    expect(covers(vercelSourcePaths, '/(.*)', '/api/(.*)')).toBe(true);
    expect(covers(vercelSourcePaths, '/api/(.*)', '/api/v1/:path*')).toBe(true);
    expect(covers(vercelSourcePaths, '/api/:rest(.*)', '/api/users')).toBe(true);
    expect(covers(vercelSourcePaths, '/:path*', '/api/:id')).toBe(true);
    expect(covers(vercelSourcePaths, '/api/:path*', '/api')).toBe(true);
    expect(covers(vercelSourcePaths, '/users', '/users')).toBe(true);
    // `/api/:path*` matches `/api`, which `/api/(.*)` does not; `/api/(.*)` matches `/api/x/`, which `/:path*` does not.
    expect(covers(vercelSourcePaths, '/api/(.*)', '/api/:path*')).toBe(false);
    expect(covers(vercelSourcePaths, '/:path*', '/api/(.*)')).toBe(false);
    expect(covers(vercelSourcePaths, '/:path*', '/docs/')).toBe(false);
    expect(covers(vercelSourcePaths, '/(.*)\\.json', '/api/data.json')).toBe(false);
    expect(covers(vercelSourcePaths, '/api/(.*)', '/apis/(.*)')).toBe(false);
    expect(covers(vercelSourcePaths, '/users', '/users/(.*)')).toBe(false);
  });

  it('knows that /:name* shares the paths without a trailing slash with a (.*) rule under it', () => {
    const shares = (outer: string, inner: string): boolean => sharesSomePaths(vercelSourcePaths(outer), vercelSourcePaths(inner));
    expect(shares('/:path*', '/api/(.*)')).toBe(true);
    expect(shares('/api/:path*', '/api/(.*)')).toBe(true);
    expect(shares('/api/:path*', '/apis/(.*)')).toBe(false);
    expect(shares('/:path*', '/api//(.*)')).toBe(false);
    expect(shares('/(.*)', '/api/(.*)')).toBe(false);
  });

  it('reads a legacy Vercel route src as an anchored regex with a plain fixed beginning', () => {
    expect(covers(vercelRouteSrcPaths, '/.*', '^\\/api\\/(.*)$')).toBe(true);
    expect(covers(vercelRouteSrcPaths, '^/(.*)$', '/api/users')).toBe(true);
    expect(covers(vercelRouteSrcPaths, '/api/(?:.*)', '/api/v1/[0-9]+')).toBe(true);
    expect(covers(vercelRouteSrcPaths, '/api/(.*)', '/api')).toBe(false);
    expect(covers(vercelRouteSrcPaths, '/api/(.+)', '/api/x')).toBe(false);
    expect(covers(vercelRouteSrcPaths, '/api/.*\\.json', '/api/x.json')).toBe(false);
    expect(vercelRouteSrcPaths('/a/.*|/b/.*')).toBeUndefined();
    expect(vercelRouteSrcPaths('/(?<x>.*')).toBeUndefined();
  });

  it('reads a Firebase ** as every path whose segments do not start with a dot', () => {
    expect(covers(firebaseGlobPaths, '**', '/api/**')).toBe(true);
    expect(covers(firebaseGlobPaths, '/**', '**/*.@(js|css)')).toBe(true);
    expect(covers(firebaseGlobPaths, '/api/**', '/api/v1/users')).toBe(true);
    expect(covers(firebaseGlobPaths, '**', '/.well-known/**')).toBe(false);
    expect(covers(firebaseGlobPaths, '/api/**', '/api')).toBe(false);
    expect(covers(firebaseGlobPaths, '/api**', '/api/x')).toBe(false);
    expect(covers(firebaseGlobPaths, '**/*.js', '/app.js')).toBe(false);
  });

  it('reads a splat as any text, a placeholder as undecidable, and limits an absolute rule to its host', () => {
    expect(covers(splatPaths, '/*', '/api/*')).toBe(true);
    expect(covers(splatPaths, '/*', '/:lang/docs/*')).toBe(true);
    expect(covers(splatPaths, '/*', 'https://example.pages.dev/*')).toBe(true);
    expect(covers(splatPaths, '/api/*', '/api/v1/*')).toBe(true);
    expect(covers(splatPaths, 'https://example.pages.dev/*', '/api/*')).toBe(false);
    expect(covers(splatPaths, '/:lang/*', '/en/docs')).toBe(false);
    expect(covers(splatPaths, '/*.js', '/app.js')).toBe(false);
    expect(splatPaths('https://:project.pages.dev/*')).toBeUndefined();
  });
});
