import { describe, expect, it } from 'vitest';
import {
  corsUnsafeRequestHeaderNames,
  evaluate,
  isCorsSafelistedMethod,
  isCorsSafelistedRequestHeader,
  isForbiddenMethod,
  isForbiddenRequestHeader,
  normalizeMethod,
} from '../../src/browser/index.js';

const PAGE = 'https://app.example';

/** Whether fetch() would preflight this request (the responses allow everything, so only that varies). */
function preflightNeeded(method: string, headers: Record<string, string> | [string, string][] = {}): boolean {
  const allowAll = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': '*', 'Access-Control-Allow-Headers': '*' };
  return evaluate({
    request: { origin: PAGE, method, headers, credentials: 'omit' },
    preflight: { status: 204, headers: allowAll },
    actual: { status: 200, headers: allowAll },
  }).preflightNeeded;
}

describe('methods', () => {
  it('uppercases only DELETE, GET, HEAD, OPTIONS, POST and PUT', () => {
    expect(['get', 'Post', 'head', 'delete', 'options', 'pUt'].map(normalizeMethod)).toEqual(['GET', 'POST', 'HEAD', 'DELETE', 'OPTIONS', 'PUT']);
    expect(['patch', 'Patch', 'PROPFIND', 'purge'].map(normalizeMethod)).toEqual(['patch', 'Patch', 'PROPFIND', 'purge']);
  });

  it('safelists GET, HEAD and POST byte-exactly (after normalization)', () => {
    expect(['GET', 'HEAD', 'POST'].every(isCorsSafelistedMethod)).toBe(true);
    expect(['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'get'].some(isCorsSafelistedMethod)).toBe(false);
  });

  it('preflights every other method, whatever case the page wrote', () => {
    expect(preflightNeeded('get')).toBe(false);
    expect(preflightNeeded('post')).toBe(false);
    expect(preflightNeeded('HEAD')).toBe(false);
    expect(preflightNeeded('put')).toBe(true);
    expect(preflightNeeded('PATCH')).toBe(true);
    expect(preflightNeeded('OPTIONS')).toBe(true);
  });

  it('forbids CONNECT, TRACE and TRACK in any case, and fetch() throws before any request', () => {
    expect(['CONNECT', 'trace', 'Track'].every(isForbiddenMethod)).toBe(true);
    expect(isForbiddenMethod('DELETE')).toBe(false);
    expect(() => preflightNeeded('trace')).toThrow("fetch() rejects 'trace': the HTTP method is unsupported.");
  });

  it('rejects a method that is not a token, as fetch() does', () => {
    expect(() => preflightNeeded('GET POST')).toThrow("fetch() rejects 'GET POST': it is not a valid HTTP method.");
  });
});

describe('Content-Type', () => {
  const safelisted = [
    'text/plain',
    'text/plain;charset=UTF-8',
    'TEXT/Plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW',
  ];
  const unsafe = [
    'application/json',
    'application/json; charset=utf-8',
    'text/html',
    'text/plain, application/json',
    'multipart/form-data; boundary="quoted"',
    'text/',
    'text/plain; charset=utf-8; x=' + 'a'.repeat(110),
  ];

  for (const value of safelisted) {
    it(`safelists ${JSON.stringify(value)}`, () => {
      expect(isCorsSafelistedRequestHeader('Content-Type', value)).toBe(true);
      expect(preflightNeeded('POST', { 'Content-Type': value })).toBe(false);
    });
  }
  for (const value of unsafe) {
    it(`preflights ${JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value)}`, () => {
      expect(isCorsSafelistedRequestHeader('content-type', value)).toBe(false);
      expect(preflightNeeded('POST', { 'Content-Type': value })).toBe(true);
    });
  }
});

describe('value limits of the other safelisted headers', () => {
  it('allows at most 128 bytes in any safelisted value', () => {
    expect(isCorsSafelistedRequestHeader('Accept', 'a'.repeat(128))).toBe(true);
    expect(isCorsSafelistedRequestHeader('Accept', 'a'.repeat(129))).toBe(false);
    expect(preflightNeeded('GET', { Accept: 'a'.repeat(129) })).toBe(true);
  });

  it('applies the limit after fetch() strips surrounding whitespace', () => {
    expect(preflightNeeded('GET', { Accept: `  ${'a'.repeat(128)}  ` })).toBe(false);
  });

  it('keeps CORS-unsafe bytes out of Accept', () => {
    expect(isCorsSafelistedRequestHeader('Accept', 'application/json, text/plain;q=0.9, */*;q=0.8')).toBe(true);
    for (const byte of ['"', '(', ')', ':', '<', '>', '?', '@', '[', '\\', ']', '{', '}', '\x7f', '\x01']) {
      expect(isCorsSafelistedRequestHeader('Accept', `text/${byte}html`)).toBe(false);
    }
    expect(isCorsSafelistedRequestHeader('Accept', 'text/html\tx')).toBe(true);
  });

  it('allows only 0-9 A-Z a-z space * , - . ; = in the language headers', () => {
    expect(isCorsSafelistedRequestHeader('Accept-Language', 'en-US,en;q=0.9, *;q=0.5')).toBe(true);
    expect(isCorsSafelistedRequestHeader('Content-Language', 'de-DE')).toBe(true);
    expect(isCorsSafelistedRequestHeader('Accept-Language', 'en_US')).toBe(false);
    expect(isCorsSafelistedRequestHeader('Content-Language', 'fr/FR')).toBe(false);
  });

  it('does not safelist any other name', () => {
    expect(isCorsSafelistedRequestHeader('X-Requested-With', 'XMLHttpRequest')).toBe(false);
    expect(isCorsSafelistedRequestHeader('Authorization', 'Bearer x')).toBe(false);
    expect(isCorsSafelistedRequestHeader('Cache-Control', 'no-cache')).toBe(false);
  });
});

describe('Range', () => {
  const simple = ['bytes=0-', 'bytes=0-499', 'bytes=500-500', 'Bytes=10-20'];
  const notSimple = ['bytes=-500', 'bytes=0-1,5-6', 'bytes = 0-1', 'bytes=0-1 ', 'bytes=5-1', 'bytes=-', 'items=0-1', 'bytes=a-b', 'bytes 0-1'];

  for (const value of simple) {
    it(`safelists ${value}`, () => {
      expect(isCorsSafelistedRequestHeader('Range', value)).toBe(true);
    });
  }
  for (const value of notSimple) {
    it(`does not safelist ${JSON.stringify(value)}`, () => {
      expect(isCorsSafelistedRequestHeader('Range', value)).toBe(false);
    });
  }

  it('preflights a suffix range but not a plain one', () => {
    expect(preflightNeeded('GET', { Range: 'bytes=0-1023' })).toBe(false);
    expect(preflightNeeded('GET', { Range: 'bytes=-1024' })).toBe(true);
  });
});

describe('the 1024-byte budget for safelisted values', () => {
  it('keeps headers safelisted while their values total at most 1024 bytes', () => {
    const headers: [string, string][] = Array.from({ length: 8 }, () => ['Accept', 'a'.repeat(128)]);
    expect(corsUnsafeRequestHeaderNames(headers.map(([name, value]) => [name.toLowerCase(), value]))).toEqual([]);
  });

  it('makes every safelisted header unsafe once their values exceed 1024 bytes together', () => {
    const lines: [string, string][] = [
      ...Array.from({ length: 8 }, (): [string, string] => ['accept', 'a'.repeat(128)]),
      ['content-language', 'de'],
      ['x-id', '7'],
    ];
    expect(corsUnsafeRequestHeaderNames(lines)).toEqual(['accept', 'content-language', 'x-id']);
  });
});

describe('forbidden request-headers', () => {
  it('covers the listed names, Proxy-* and Sec-*, in any case', () => {
    for (const name of ['Cookie', 'HOST', 'origin', 'Referer', 'Content-Length', 'Access-Control-Request-Headers', 'Proxy-Authorization', 'Sec-Ch-Ua', 'User-Agent']) {
      expect(isForbiddenRequestHeader(name, 'x')).toBe(true);
    }
    expect(isForbiddenRequestHeader('Authorization', 'x')).toBe(false);
    expect(isForbiddenRequestHeader('X-Custom', 'x')).toBe(false);
  });

  it('forbids method-override headers only when they carry a forbidden method', () => {
    expect(isForbiddenRequestHeader('X-HTTP-Method-Override', 'PUT, trace')).toBe(true);
    expect(isForbiddenRequestHeader('X-Method-Override', 'CONNECT')).toBe(true);
    expect(isForbiddenRequestHeader('X-HTTP-Method', 'PATCH')).toBe(false);
  });

  it('is dropped by fetch(), so it never triggers a preflight', () => {
    expect(preflightNeeded('GET', { Cookie: 'session=1', 'Sec-Purpose': 'prefetch' })).toBe(false);
  });
});

describe('request validation', () => {
  it('refuses an origin the browser would never send', () => {
    const attempt = (origin: string) => () => evaluate({ request: { origin, method: 'GET' }, actual: { status: 200, headers: {} } });
    expect(attempt('https://app.example/')).toThrow("'https://app.example/' is not a serialized origin; the browser would send 'https://app.example'.");
    expect(attempt('https://app.example:443')).toThrow("the browser would send 'https://app.example'.");
    expect(attempt('HTTPS://APP.EXAMPLE')).toThrow("the browser would send 'https://app.example'.");
    expect(attempt('app.example')).toThrow("'app.example' is not a serialized origin: it does not parse as a URL.");
  });

  it('rejects header values fetch() rejects', () => {
    expect(() => preflightNeeded('GET', { 'X-A': 'a\r\nb' })).toThrow("fetch() rejects the value of 'X-A': it contains NUL, CR or LF.");
    expect(() => preflightNeeded('GET', { 'X-A': 'ü€' })).toThrow("fetch() rejects the value of 'X-A': it contains a non ISO-8859-1 code point.");
    expect(() => preflightNeeded('GET', { 'X A': '1' })).toThrow("fetch() rejects the header name 'X A': it is not a valid HTTP header name.");
  });
});
