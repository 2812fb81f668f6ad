import { describe, expect, it } from 'vitest';
import { evaluate, type CredentialsMode, type HeaderInput } from '../../src/browser/index.js';

const PAGE = 'https://app.example';

function readable(headers: Record<string, string | string[]>, credentials: CredentialsMode = 'omit'): string[] | undefined {
  const allowOrigin: HeaderInput = credentials === 'include' ? { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true' } : { 'Access-Control-Allow-Origin': '*' };
  return evaluate({ request: { origin: PAGE, method: 'GET', credentials }, actual: { status: 200, headers: { ...allowOrigin, ...headers } } }).readableHeaders;
}

describe('which response headers script can read', () => {
  it('exposes only the safelisted response headers by default', () => {
    expect(readable({ 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Request-Id': '1', ETag: '"a"' })).toEqual(['cache-control', 'content-type']);
  });

  it('adds the names listed in Expose-Headers, case-insensitively', () => {
    expect(readable({ 'X-Request-Id': '1', ETag: '"a"', 'Access-Control-Expose-Headers': 'x-request-id' })).toEqual(['x-request-id']);
  });

  it('exposes every header with `*` without credentials, except Set-Cookie', () => {
    expect(readable({ 'X-Request-Id': '1', 'Set-Cookie': 'a=b', 'Access-Control-Expose-Headers': '*' })).toEqual([
      'access-control-allow-origin',
      'access-control-expose-headers',
      'x-request-id',
    ]);
  });

  it("reads `*` literally with credentials mode 'include'", () => {
    expect(readable({ 'X-Request-Id': '1', 'Access-Control-Expose-Headers': '*' }, 'include')).toEqual([]);
  });

  it('never exposes Set-Cookie, even when listed', () => {
    expect(readable({ 'Set-Cookie': 'a=b', 'Access-Control-Expose-Headers': 'Set-Cookie' })).toEqual([]);
  });

  it('exposes nothing extra when Expose-Headers does not parse', () => {
    expect(readable({ 'X-Request-Id': '1', 'Access-Control-Expose-Headers': 'x-request-id; etag' })).toEqual([]);
  });

  it('reports nothing for a blocked response', () => {
    expect(evaluate({ request: { origin: PAGE, method: 'GET' }, actual: { status: 200, headers: { 'X-A': '1' } } }).readableHeaders).toBeUndefined();
  });
});
