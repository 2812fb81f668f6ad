export { evaluate } from './evaluate.js';
export type { CorsEvaluation, CorsExchange, CorsResponse, CorsWarning, EvaluateOptions } from './evaluate.js';
export type { CorsRequest, CredentialsMode } from './request.js';
export { corsErrorText, chromiumFetchConsoleMessage, AUTHORIZATION_COVERED_BY_WILDCARD_WARNING } from './messages.js';
export type { CorsErrorCode, CorsFailure, CorsStage } from './messages.js';
export {
  BROWSER_ENGINES,
  DEFAULT_PREFLIGHT_CACHE_SECONDS,
  PREFLIGHT_CACHE_CAP_SECONDS,
  preflightCacheLifetime,
} from './preflight-cache.js';
export type { BrowserEngine, PreflightCacheLifetime } from './preflight-cache.js';
export { extractTokenList, getHeader, toHeaderLines } from './header-values.js';
export type { HeaderInput, HeaderLine, HeaderLines } from './header-values.js';
export {
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedMethod,
  isCorsSafelistedRequestHeader,
  isForbiddenMethod,
  isForbiddenRequestHeader,
  normalizeMethod,
} from './request-classification.js';
export { isOkStatus } from './preflight-check.js';
export { readableResponseHeaderNames } from './response-exposure.js';
