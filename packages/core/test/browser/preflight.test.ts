import { describe, expect, it } from 'vitest';
import {
  AUTHORIZATION_COVERED_BY_WILDCARD_WARNING,
  evaluate,
  type CorsEvaluation,
  type CorsRequest,
  type EvaluateOptions,
  type HeaderInput,
} from '../../src/browser/index.js';

const PAGE = 'https://app.example';
const PREFLIGHT = "Response to preflight request doesn't pass access control check: ";

interface Scenario {
  request: Partial<CorsRequest>;
  preflight: HeaderInput;
  preflightStatus?: number;
  actual?: HeaderInput;
  options?: EvaluateOptions;
}

/** A preflighted request whose actual response is fine unless the scenario says otherwise. */
function run({ request, preflight, preflightStatus = 204, actual, options }: Scenario): CorsEvaluation {
  const credentials = request.credentials ?? 'omit';
  const actualHeaders: HeaderInput =
    actual ?? (credentials === 'include' ? { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true' } : { 'Access-Control-Allow-Origin': PAGE });
  return evaluate(
    {
      request: { origin: PAGE, method: 'PUT', credentials, ...request },
      preflight: { status: preflightStatus, headers: preflight },
      actual: { status: 200, headers: actualHeaders },
    },
    options,
  );
}

function expectAllowed(result: CorsEvaluation): void {
  expect(result).toMatchObject({ allowed: true, preflightNeeded: true, stage: 'actual' });
  expect(result.reason).toBeUndefined();
}

function expectBlocked(result: CorsEvaluation, stage: 'preflight' | 'actual', code: string, reason: string): void {
  expect(result).toMatchObject({ allowed: false, preflightNeeded: true, stage, code, reason });
}

const CREDENTIALED_PREFLIGHT = { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Credentials': 'true' };

describe('preflight: what the browser sends', () => {
  it('announces the normalized method and no header list when no unsafe header is sent', () => {
    const result = run({ request: { method: 'put' }, preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT' } });
    expectAllowed(result);
    expect(result.preflightRequest).toEqual({
      method: 'OPTIONS',
      headers: { origin: PAGE, 'access-control-request-method': 'PUT' },
    });
  });

  it('lists unsafe header names lowercased, sorted, joined with "," and leaves safelisted ones out', () => {
    const result = run({
      request: { method: 'POST', headers: { 'X-B': '1', 'x-a': '2', Accept: 'application/json' } },
      preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'x-a, x-b' },
    });
    expectAllowed(result);
    expect(result.preflightRequest?.headers['access-control-request-headers']).toBe('x-a,x-b');
    expect(result.sentHeaders).toEqual({ 'x-b': '1', 'x-a': '2', accept: 'application/json' });
  });

  it('reports the first missing header in that sorted order', () => {
    expectBlocked(
      run({
        request: { method: 'POST', headers: { 'X-B': '1', 'x-a': '2' } },
        preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'x-b' },
      }),
      'preflight',
      'header-not-allowed',
      'Request header field x-a is not allowed by Access-Control-Allow-Headers in preflight response.',
    );
  });

  it('insists on the preflight response when one is needed', () => {
    expect(() =>
      evaluate({ request: { origin: PAGE, method: 'DELETE' }, actual: { status: 200, headers: { 'Access-Control-Allow-Origin': '*' } } }),
    ).toThrow(TypeError);
  });

  it('does not preflight a simple request, whatever preflight response is offered', () => {
    const result = evaluate({
      request: { origin: PAGE, method: 'POST', headers: { 'Content-Type': 'text/plain' } },
      preflight: { status: 500, headers: {} },
      actual: { status: 200, headers: { 'Access-Control-Allow-Origin': '*' } },
    });
    expect(result).toMatchObject({ allowed: true, preflightNeeded: false, stage: 'actual' });
    expect(result.preflightRequest).toBeUndefined();
  });
});

describe('preflight: Access-Control-Allow-Methods', () => {
  it('blocks PUT when Allow-Methods is missing', () => {
    expectBlocked(
      run({ request: { method: 'PUT' }, preflight: { 'Access-Control-Allow-Origin': '*' } }),
      'preflight',
      'method-not-allowed',
      'Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.',
    );
  });

  it('allows PUT when listed, with other methods and stray whitespace', () => {
    expectAllowed(run({ request: { method: 'PUT' }, preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET,POST ,  PUT' } }));
  });

  it('reads several Allow-Methods header lines as one list', () => {
    expectAllowed(run({ request: { method: 'PUT' }, preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': ['GET', 'PUT'] } }));
  });

  it('compares methods case-sensitively: a lowercase list does not allow PUT, DELETE or PATCH', () => {
    const preflight = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'get, post, put, delete, patch' };
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      expectBlocked(
        run({ request: { method }, preflight }),
        'preflight',
        'method-not-allowed',
        `Method ${method} is not allowed by Access-Control-Allow-Methods in preflight response.`,
      );
    }
  });

  it('normalizes `delete` to DELETE but leaves `patch` lowercase, so PATCH does not allow it', () => {
    expectAllowed(run({ request: { method: 'delete' }, preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'DELETE' } }));
    expectBlocked(
      run({ request: { method: 'patch' }, preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PATCH' } }),
      'preflight',
      'method-not-allowed',
      'Method patch is not allowed by Access-Control-Allow-Methods in preflight response.',
    );
    expectAllowed(run({ request: { method: 'patch' }, preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'patch' } }));
  });

  it('needs no listing for safelisted methods', () => {
    expectAllowed(
      run({
        request: { method: 'POST', headers: { 'X-Trace': '1' } },
        preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'X-Trace' },
      }),
    );
  });

  it('treats an empty Allow-Methods as an empty list', () => {
    expectBlocked(
      run({ request: { method: 'DELETE' }, preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': '' } }),
      'preflight',
      'method-not-allowed',
      'Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.',
    );
  });

  it('allows any method with `*` without credentials', () => {
    expectAllowed(run({ request: { method: 'PATCH' }, preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': '*' } }));
  });

  it("matches `*` literally with credentials mode 'include'", () => {
    expectBlocked(
      run({ request: { method: 'PATCH', credentials: 'include' }, preflight: { ...CREDENTIALED_PREFLIGHT, 'Access-Control-Allow-Methods': '*' } }),
      'preflight',
      'method-not-allowed',
      'Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response.',
    );
  });

  it('fails on a list that is not comma-separated tokens', () => {
    expectBlocked(
      run({ request: { method: 'PUT' }, preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET POST PUT' } }),
      'preflight',
      'invalid-allow-methods',
      'Cannot parse Access-Control-Allow-Methods response header field in preflight response.',
    );
  });
});

describe('preflight: Access-Control-Allow-Headers', () => {
  it('blocks an unlisted custom header', () => {
    expectBlocked(
      run({ request: { headers: { 'X-Foo': 'bar' } }, preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT' } }),
      'preflight',
      'header-not-allowed',
      'Request header field x-foo is not allowed by Access-Control-Allow-Headers in preflight response.',
    );
  });

  it('compares header names case-insensitively', () => {
    expectAllowed(
      run({
        request: { headers: { 'x-foo': 'bar' } },
        preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'X-FOO' },
      }),
    );
  });

  it('preflights `Content-Type: application/json` and needs it listed', () => {
    const request: Partial<CorsRequest> = { method: 'POST', headers: { 'Content-Type': 'application/json' } };
    const blocked = run({ request, preflight: { 'Access-Control-Allow-Origin': '*' } });
    expectBlocked(blocked, 'preflight', 'header-not-allowed', 'Request header field content-type is not allowed by Access-Control-Allow-Headers in preflight response.');
    expect(blocked.preflightRequest?.headers['access-control-request-headers']).toBe('content-type');
    expectAllowed(run({ request, preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'Content-Type' } }));
  });

  it('allows any header with `*` without credentials', () => {
    expectAllowed(
      run({
        request: { headers: { 'X-Foo': 'bar', 'Content-Type': 'application/json' } },
        preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': '*' },
      }),
    );
  });

  it("matches `*` literally with credentials mode 'include'", () => {
    expectBlocked(
      run({
        request: { credentials: 'include', headers: { 'X-Foo': 'bar' } },
        preflight: { ...CREDENTIALED_PREFLIGHT, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': '*' },
      }),
      'preflight',
      'header-not-allowed',
      'Request header field x-foo is not allowed by Access-Control-Allow-Headers in preflight response.',
    );
  });

  it('fails on a list that is not comma-separated tokens', () => {
    expectBlocked(
      run({
        request: { headers: { 'X-Foo': 'bar' } },
        preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-foo; x-bar' },
      }),
      'preflight',
      'invalid-allow-headers',
      'Cannot parse Access-Control-Allow-Headers response header field in preflight response.',
    );
  });

  it('does not send or check forbidden headers the page tried to set', () => {
    const result = run({
      request: { headers: { Cookie: 'a=b', 'Sec-Fetch-Mode': 'x', 'X-HTTP-Method-Override': 'TRACE', 'X-Foo': '1' } },
      preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-foo' },
    });
    expectAllowed(result);
    expect(result.droppedHeaders).toEqual(['cookie', 'sec-fetch-mode', 'x-http-method-override']);
    expect(result.preflightRequest?.headers['access-control-request-headers']).toBe('x-foo');
  });
});

describe('preflight: Authorization and the `*` wildcard', () => {
  const wildcard = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': '*' };
  const request: Partial<CorsRequest> = { headers: { Authorization: 'Bearer abc' } };

  it('lets Authorization through `*` as Chromium 156 does, with the DevTools deprecation warning', () => {
    const result = run({ request, preflight: wildcard });
    expectAllowed(result);
    expect(result.warnings).toEqual([{ code: 'authorization-covered-by-wildcard', message: AUTHORIZATION_COVERED_BY_WILDCARD_WARNING }]);
  });

  it('blocks it when the standard’s non-wildcard rule is enforced', () => {
    expectBlocked(
      run({ request, preflight: wildcard, options: { enforceNonWildcardAuthorization: true } }),
      'preflight',
      'authorization-not-covered-by-wildcard',
      'Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.',
    );
  });

  it('allows it, without a warning, when Authorization is named next to `*`', () => {
    const result = run({
      request,
      preflight: { ...wildcard, 'Access-Control-Allow-Headers': '*, Authorization' },
      options: { enforceNonWildcardAuthorization: true },
    });
    expectAllowed(result);
    expect(result.warnings).toEqual([]);
  });

  it("blocks it with credentials mode 'include', where `*` is literal", () => {
    expectBlocked(
      run({
        request: { ...request, credentials: 'include' },
        preflight: { ...CREDENTIALED_PREFLIGHT, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': '*' },
      }),
      'preflight',
      'header-not-allowed',
      'Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.',
    );
  });
});

describe('preflight: status', () => {
  const allowing = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT' };

  for (const status of [200, 204]) {
    it(`passes with ${status}`, () => {
      expectAllowed(run({ request: {}, preflight: allowing, preflightStatus: status }));
    });
  }

  for (const status of [304, 401, 403, 404, 500]) {
    it(`fails with ${status} even when every CORS header is right`, () => {
      expectBlocked(
        run({ request: {}, preflight: allowing, preflightStatus: status }),
        'preflight',
        'preflight-not-ok-status',
        `${PREFLIGHT}It does not have HTTP ok status.`,
      );
    });
  }

  it('fails a redirect, which Chromium reports as such', () => {
    expectBlocked(
      run({ request: {}, preflight: { ...allowing, Location: 'https://api.example/login' }, preflightStatus: 302 }),
      'preflight',
      'preflight-redirect',
      `${PREFLIGHT}Redirect is not allowed for a preflight request.`,
    );
  });

  it('reports a missing Allow-Origin before the status (auth middleware answering 401 before CORS)', () => {
    expectBlocked(
      run({ request: {}, preflight: { 'WWW-Authenticate': 'Bearer' }, preflightStatus: 401 }),
      'preflight',
      'missing-allow-origin',
      `${PREFLIGHT}No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    );
  });
});

describe('preflight: the CORS check on the preflight response', () => {
  it('blocks when only the actual response carries Allow-Origin', () => {
    expectBlocked(
      run({ request: {}, preflight: { 'Access-Control-Allow-Methods': 'PUT' } }),
      'preflight',
      'missing-allow-origin',
      `${PREFLIGHT}No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    );
  });

  it("blocks `*` on the preflight with credentials mode 'include'", () => {
    expectBlocked(
      run({
        request: { credentials: 'include' },
        preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': 'PUT' },
      }),
      'preflight',
      'wildcard-origin-with-credentials',
      `${PREFLIGHT}The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.`,
    );
  });

  it('needs Allow-Credentials on the preflight too, although the preflight itself carries no credentials', () => {
    expectBlocked(
      run({ request: { credentials: 'include' }, preflight: { 'Access-Control-Allow-Origin': PAGE, 'Access-Control-Allow-Methods': 'PUT' } }),
      'preflight',
      'invalid-allow-credentials',
      `${PREFLIGHT}The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.`,
    );
  });

  it('blocks a list in the preflight Allow-Origin', () => {
    expectBlocked(
      run({ request: {}, preflight: { 'Access-Control-Allow-Origin': `${PAGE},https://admin.example`, 'Access-Control-Allow-Methods': 'PUT' } }),
      'preflight',
      'multiple-allow-origin-values',
      `${PREFLIGHT}The 'Access-Control-Allow-Origin' header contains multiple values '${PAGE},https://admin.example', but only one is allowed.`,
    );
  });

  it('allows a full credentialed exchange', () => {
    expectAllowed(run({ request: { credentials: 'include' }, preflight: { ...CREDENTIALED_PREFLIGHT, 'Access-Control-Allow-Methods': 'PUT' } }));
  });

  it('still runs the CORS check on the actual response after a good preflight, without the preflight sentence', () => {
    expectBlocked(
      run({ request: {}, preflight: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT' }, actual: {} }),
      'actual',
      'missing-allow-origin',
      "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    );
  });

  it('blocks a credentialed actual response missing Allow-Credentials after a good preflight', () => {
    expectBlocked(
      run({
        request: { credentials: 'include' },
        preflight: { ...CREDENTIALED_PREFLIGHT, 'Access-Control-Allow-Methods': 'PUT' },
        actual: { 'Access-Control-Allow-Origin': PAGE },
      }),
      'actual',
      'invalid-allow-credentials',
      "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.",
    );
  });
});

describe('the example in docs/browser-model.md', () => {
  it('blocks a credentialed JSON PUT whose preflight answers `*`', () => {
    const result = evaluate({
      request: { origin: 'https://app.example', method: 'PUT', headers: { 'Content-Type': 'application/json' }, credentials: 'include' },
      preflight: { status: 204, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT' } },
      actual: { status: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example' } },
    });
    expectBlocked(
      result,
      'preflight',
      'wildcard-origin-with-credentials',
      `${PREFLIGHT}The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.`,
    );
    expect(result.preflightRequest?.headers).toEqual({
      origin: 'https://app.example',
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'content-type',
    });
  });
});
