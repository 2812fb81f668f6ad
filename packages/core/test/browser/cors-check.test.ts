import { describe, expect, it } from 'vitest';
import { evaluate, type CorsEvaluation, type CredentialsMode, type HeaderInput } from '../../src/browser/index.js';

const PAGE = 'https://app.example';

/** A simple GET (no preflight): only the actual response's CORS check decides. */
function simpleGet(headers: HeaderInput, credentials: CredentialsMode = 'omit', origin = PAGE): CorsEvaluation {
  return evaluate({ request: { origin, method: 'GET', credentials }, actual: { status: 200, headers } });
}

function expectAllowed(result: CorsEvaluation): void {
  expect(result).toMatchObject({ allowed: true, stage: 'actual', preflightNeeded: false });
  expect(result.reason).toBeUndefined();
  expect(result.code).toBeUndefined();
}

function expectBlocked(result: CorsEvaluation, code: string, reason: string): void {
  expect(result).toMatchObject({ allowed: false, stage: 'actual', preflightNeeded: false, code, reason });
}

const WILDCARD_WITH_CREDENTIALS =
  "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.";
const NO_ALLOW_ORIGIN = "No 'Access-Control-Allow-Origin' header is present on the requested resource.";

describe('CORS check: wildcard', () => {
  it('allows `*` without credentials', () => {
    expectAllowed(simpleGet({ 'Access-Control-Allow-Origin': '*' }, 'omit'));
  });

  it("allows `*` in credentials mode 'same-origin' (no credentials go cross-origin)", () => {
    expectAllowed(simpleGet({ 'Access-Control-Allow-Origin': '*' }, 'same-origin'));
  });

  it("blocks `*` with credentials mode 'include', even with Allow-Credentials: true", () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' }, 'include'),
      'wildcard-origin-with-credentials',
      WILDCARD_WITH_CREDENTIALS,
    );
  });

  it('defaults to fetch()’s credentials mode, same-origin, when none is given', () => {
    const result = evaluate({ request: { origin: PAGE, method: 'GET' }, actual: { status: 200, headers: { 'Access-Control-Allow-Origin': '*' } } });
    expectAllowed(result);
  });
});

describe('CORS check: exact origin', () => {
  it('allows the byte-exact serialized origin', () => {
    expectAllowed(simpleGet({ 'Access-Control-Allow-Origin': PAGE }));
  });

  it('ignores whitespace around the header value, as HTTP parsing does', () => {
    expectAllowed(simpleGet({ 'Access-Control-Allow-Origin': `  ${PAGE}\t` }));
  });

  it('blocks a trailing slash', () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': 'https://app.example/' }),
      'allow-origin-mismatch',
      "The 'Access-Control-Allow-Origin' header has a value 'https://app.example/' that is not equal to the supplied origin.",
    );
  });

  it('blocks a different case', () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': 'https://App.Example' }),
      'allow-origin-mismatch',
      "The 'Access-Control-Allow-Origin' header has a value 'https://App.Example' that is not equal to the supplied origin.",
    );
  });

  it('blocks an explicit default port', () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': 'https://app.example:443' }),
      'allow-origin-mismatch',
      "The 'Access-Control-Allow-Origin' header has a value 'https://app.example:443' that is not equal to the supplied origin.",
    );
  });

  it('blocks another scheme of the same host', () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': 'http://app.example' }),
      'allow-origin-mismatch',
      "The 'Access-Control-Allow-Origin' header has a value 'http://app.example' that is not equal to the supplied origin.",
    );
  });

  it('allows a non-default port only when it matches exactly', () => {
    expectAllowed(simpleGet({ 'Access-Control-Allow-Origin': 'http://127.0.0.1:8080' }, 'omit', 'http://127.0.0.1:8080'));
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': 'http://127.0.0.1:8081' }, 'omit', 'http://127.0.0.1:8080'),
      'allow-origin-mismatch',
      "The 'Access-Control-Allow-Origin' header has a value 'http://127.0.0.1:8081' that is not equal to the supplied origin.",
    );
  });

  it('reports a value that is not a URL at all as invalid', () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': 'app.example' }),
      'invalid-allow-origin-value',
      "The 'Access-Control-Allow-Origin' header contains the invalid value 'app.example'.",
    );
  });

  it('reports a host glob as invalid', () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': '*.example' }),
      'invalid-allow-origin-value',
      "The 'Access-Control-Allow-Origin' header contains the invalid value '*.example'.",
    );
  });

  it('blocks a missing header', () => {
    expectBlocked(simpleGet({ 'Content-Type': 'text/plain' }), 'missing-allow-origin', NO_ALLOW_ORIGIN);
  });
});

describe('CORS check: several values', () => {
  it('blocks a comma-separated list', () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': 'https://app.example, https://admin.example' }),
      'multiple-allow-origin-values',
      "The 'Access-Control-Allow-Origin' header contains multiple values 'https://app.example, https://admin.example', but only one is allowed.",
    );
  });

  it('blocks a space-separated list', () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': 'https://app.example https://admin.example' }),
      'multiple-allow-origin-values',
      "The 'Access-Control-Allow-Origin' header contains multiple values 'https://app.example https://admin.example', but only one is allowed.",
    );
  });

  it('joins duplicate headers with ", " (gateway and app both answering), so even identical values block', () => {
    expectBlocked(
      simpleGet([
        ['Access-Control-Allow-Origin', PAGE],
        ['access-control-allow-origin', PAGE],
      ]),
      'multiple-allow-origin-values',
      "The 'Access-Control-Allow-Origin' header contains multiple values 'https://app.example, https://app.example', but only one is allowed.",
    );
  });

  it('reads an array value as several header lines, like Node’s writeHead', () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': ['*', '*'] }),
      'multiple-allow-origin-values',
      "The 'Access-Control-Allow-Origin' header contains multiple values '*, *', but only one is allowed.",
    );
  });
});

describe('CORS check: the null origin', () => {
  it('blocks `null` for a page with a real origin', () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': 'null' }),
      'allow-origin-mismatch',
      "The 'Access-Control-Allow-Origin' header has a value 'null' that is not equal to the supplied origin.",
    );
  });

  it('allows `null` for an opaque-origin page (sandboxed iframe), which is why allowing null is dangerous', () => {
    expectAllowed(
      simpleGet({ 'Access-Control-Allow-Origin': 'null', 'Access-Control-Allow-Credentials': 'true' }, 'include', 'null'),
    );
  });

  it('does not let an opaque-origin page through on another origin', () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': PAGE }, 'omit', 'null'),
      'allow-origin-mismatch',
      "The 'Access-Control-Allow-Origin' header has a value 'https://app.example' that is not equal to the supplied origin.",
    );
  });
});

describe('CORS check: Access-Control-Allow-Credentials', () => {
  it("allows exactly `true` with credentials mode 'include'", () => {
    expectAllowed(simpleGet({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true' }, 'include'));
  });

  it('blocks `True` (the value is case-sensitive)', () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'True' }, 'include'),
      'invalid-allow-credentials',
      "The value of the 'Access-Control-Allow-Credentials' header in the response is 'True' which must be 'true' when the request's credentials mode is 'include'.",
    );
  });

  it('blocks a missing header and quotes it as empty', () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': PAGE }, 'include'),
      'invalid-allow-credentials',
      "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.",
    );
  });

  it('blocks a duplicated `true` (read as "true, true")', () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': ['true', 'true'] }, 'include'),
      'invalid-allow-credentials',
      "The value of the 'Access-Control-Allow-Credentials' header in the response is 'true, true' which must be 'true' when the request's credentials mode is 'include'.",
    );
  });

  it('ignores the header entirely without credentials', () => {
    expectAllowed(simpleGet({ 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'yes' }, 'omit'));
  });

  it('checks the origin before the credentials header', () => {
    expectBlocked(
      simpleGet({ 'Access-Control-Allow-Origin': 'https://other.example', 'Access-Control-Allow-Credentials': 'True' }, 'include'),
      'allow-origin-mismatch',
      "The 'Access-Control-Allow-Origin' header has a value 'https://other.example' that is not equal to the supplied origin.",
    );
  });
});

describe('CORS check: the actual response status does not matter', () => {
  it('shares a 500 that carries the right headers', () => {
    const result = evaluate({
      request: { origin: PAGE, method: 'GET', credentials: 'omit' },
      actual: { status: 500, headers: { 'Access-Control-Allow-Origin': '*' } },
    });
    expectAllowed(result);
  });
});
