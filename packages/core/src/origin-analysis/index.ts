/**
 * Structural analysis of origin matchers: regexes of every dialect, prefixes, suffixes and globs are
 * parsed (regexpp) and turned into automata (refa), never run. Each question returns a verdict plus
 * one concrete origin for the message, or `unknown` when the matcher cannot be read faithfully or is
 * too large to analyse within fixed bounds.
 */
export { findPermissiveOrigin, type OriginDefect, type PermissiveOriginResult } from './permissive.js';
export { findAcceptedOrigin, type AcceptedOriginResult } from './accepted-origin.js';
export { findInsecureOrigin } from './insecure-origin.js';
export {
  anyUntrustedOrigin,
  compileAllowlist,
  findUntrustedOrigin,
  isTrustedOrigin,
  type AllowlistResult,
  type OriginAllowlist,
} from './allowlist.js';
export { findSuperLinearBacktracking, type BacktrackingResult } from './redos.js';
export { toOriginRegex, type OriginRegex } from './matcher-regex.js';
/** The bounded memo the analyses keep their results in, for callers that analyse regexes of their own. */
export { BoundedCache } from './analysis-cache.js';
