/**
 * The browser model's entry point: given what a page asks `fetch()` to send and what the server
 * answers to the preflight (when one is needed) and to the actual request, decide whether the page
 * gets the response, and if not, why, in Chromium's words. It models a cold preflight cache and a
 * cross-origin URL; see packages/core/docs/browser-model.md for what it leaves out.
 */
import { corsCheck } from './cors-check.js';
import { getHeader, toHeaderLines, type HeaderInput, type HeaderLines } from './header-values.js';
import { AUTHORIZATION_COVERED_BY_WILDCARD_WARNING, corsErrorText, type CorsErrorCode, type CorsFailure, type CorsStage } from './messages.js';
import { preflightCheck, preflightRequestHeaders } from './preflight-check.js';
import { prepareRequest, type CorsRequest } from './request.js';
import { needsPreflight } from './request-classification.js';
import { readableResponseHeaderNames } from './response-exposure.js';

/** A response as the server sends it; the header shape can be handed straight to Node's `res.writeHead()`. */
export interface CorsResponse {
  status: number;
  headers: HeaderInput;
}

export interface CorsExchange {
  request: CorsRequest;
  /** The answer to the OPTIONS request. Required when the request needs a preflight. */
  preflight?: CorsResponse;
  /** The answer to the request itself (only read when the preflight, if any, passed). */
  actual: CorsResponse;
}

export interface EvaluateOptions {
  /**
   * Enforce fetch.bs's rule that `Access-Control-Allow-Headers: *` never covers `Authorization`.
   * Default false: Chromium 156 (measured, facts "Measured in real Chromium") and Firefox still let it
   * through and only warn.
   */
  enforceNonWildcardAuthorization?: boolean;
}

export interface CorsWarning {
  code: 'authorization-covered-by-wildcard';
  message: string;
}

export interface CorsEvaluation {
  allowed: boolean;
  preflightNeeded: boolean;
  /** Where the decision was made: the preflight that failed, or the actual response. */
  stage: CorsStage;
  /** Chromium's console text after "has been blocked by CORS policy: ". */
  reason?: string;
  code?: CorsErrorCode;
  /** What the failed check quoted (the header value, method or header name), when it quotes one. */
  failure?: CorsFailure;
  /** The OPTIONS request the browser sends (header names lowercased), when a preflight is needed. */
  preflightRequest?: { method: 'OPTIONS'; headers: Record<string, string> };
  /** The headers the page's fetch() sends on the actual request (lowercased names), forbidden ones dropped. */
  sentHeaders: Record<string, string>;
  /** Forbidden request-headers fetch() dropped without error. */
  droppedHeaders: string[];
  /** When allowed: the response header names script can read. */
  readableHeaders?: string[];
  warnings: CorsWarning[];
}

export function evaluate(exchange: CorsExchange, options: EvaluateOptions = {}): CorsEvaluation {
  const request = prepareRequest(exchange.request);
  const preflightNeeded = needsPreflight(request.method, request.headers);
  const warnings: CorsWarning[] = [];
  let preflightRequest: CorsEvaluation['preflightRequest'];
  const outcome = (fields: Pick<CorsEvaluation, 'allowed' | 'stage'> & Partial<CorsEvaluation>): CorsEvaluation => ({
    preflightNeeded,
    sentHeaders: headerRecord(request.headers),
    droppedHeaders: request.droppedHeaders,
    ...(preflightRequest ? { preflightRequest } : {}),
    warnings,
    ...fields,
  });
  const blocked = (stage: CorsStage, failure: CorsFailure): CorsEvaluation =>
    outcome({ allowed: false, stage, reason: corsErrorText(failure, stage), code: failure.code, failure });

  if (preflightNeeded) {
    if (exchange.preflight === undefined) {
      throw new TypeError(`${request.method} with these headers needs a preflight; give the response to the OPTIONS request.`);
    }
    preflightRequest = { method: 'OPTIONS', headers: preflightRequestHeaders(request) };
    const preflight = preflightCheck(
      request,
      { status: exchange.preflight.status, headers: toHeaderLines(exchange.preflight.headers) },
      { enforceNonWildcardAuthorization: options.enforceNonWildcardAuthorization ?? false },
    );
    if (preflight.failure !== null) return blocked('preflight', preflight.failure);
    if (preflight.authorizationCoveredByWildcard) {
      warnings.push({ code: 'authorization-covered-by-wildcard', message: AUTHORIZATION_COVERED_BY_WILDCARD_WARNING });
    }
  }

  const actualHeaders = toHeaderLines(exchange.actual.headers);
  const failure = corsCheck(actualHeaders, request.origin, request.credentials);
  if (failure !== null) return blocked('actual', failure);
  return outcome({ allowed: true, stage: 'actual', readableHeaders: readableResponseHeaderNames(actualHeaders, request.credentials) });
}

/** One value per name, repeated headers joined with ", " as they go on the wire. */
function headerRecord(lines: HeaderLines): Record<string, string> {
  return Object.fromEntries(lines.map(([name]) => [name, getHeader(lines, name) ?? '']));
}
