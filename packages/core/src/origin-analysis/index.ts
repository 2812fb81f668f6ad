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
export { toOriginRegex, type OriginRegex } from './matcher-regex.js';
export { findSuperLinearBacktracking, type BacktrackingResult } from './redos.js';
