import { describe, expect, it } from 'vitest';
import { chromiumFetchConsoleMessage, corsErrorText, evaluate } from '../../src/browser/index.js';

describe('Chromium console text', () => {
  it('builds the full line for a blocked fetch() with the no-cors hint Blink adds for fetch', () => {
    const result = evaluate({ request: { origin: 'http://127.0.0.1:3000', method: 'GET' }, actual: { status: 200, headers: {} } });
    expect(result.failure).toEqual({ code: 'missing-allow-origin' });
    expect(chromiumFetchConsoleMessage(result.failure!, result.stage, 'http://127.0.0.1:4000/api', 'http://127.0.0.1:3000')).toBe(
      "Access to fetch at 'http://127.0.0.1:4000/api' from origin 'http://127.0.0.1:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
    );
  });

  it('adds the longer hint for a wrong Allow-Origin value, after the preflight sentence', () => {
    expect(chromiumFetchConsoleMessage({ code: 'allow-origin-mismatch', hint: 'https://a.example/' }, 'preflight', 'https://api.example', 'https://a.example')).toBe(
      "Access to fetch at 'https://api.example/' from origin 'https://a.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The 'Access-Control-Allow-Origin' header has a value 'https://a.example/' that is not equal to the supplied origin. Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.",
    );
  });

  it('adds no hint to method and header failures, which never carry the preflight sentence', () => {
    expect(corsErrorText({ code: 'method-not-allowed', hint: 'PUT' }, 'preflight')).toBe('Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.');
    expect(chromiumFetchConsoleMessage({ code: 'header-not-allowed', hint: 'x-foo' }, 'preflight', 'https://api.example/x', 'https://a.example')).toBe(
      "Access to fetch at 'https://api.example/x' from origin 'https://a.example' has been blocked by CORS policy: Request header field x-foo is not allowed by Access-Control-Allow-Headers in preflight response.",
    );
  });
});
