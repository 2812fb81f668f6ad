/**
 * Whether a matcher trusts an `http://` origin that is not loopback. Loopback (`localhost`,
 * `*.localhost`, 127.0.0.0/8, `[::1]`, and `0.0.0.0`, which browsers send to this machine) never leaves
 * the machine, so plain http there exposes nothing to the network; any other http origin can be
 * impersonated by whoever sits on the network path.
 */
import type { OriginMatcher } from '../model.js';
import { findAcceptedOrigin, type AcceptedOriginResult } from './accepted-origin.js';
import { insecureOrigins } from './languages.js';

function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (hostname === '[::1]' || hostname === '0.0.0.0') return true;
  return /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** For an exact value: the value itself when it is a non-loopback http origin. */
function exactInsecure(value: string): AcceptedOriginResult {
  const trimmed = value.trim();
  if (!/^http:\/\//i.test(trimmed)) return { verdict: 'none' };
  // A value no browser origin can equal (two origins in one, an explicit default port) trusts none;
  // valid-origin reports it.
  if (/[\s,]/.test(trimmed) || /^http:\/\/[^/?#]*:80(?:[/?#]|$)/i.test(trimmed)) return { verdict: 'none' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { verdict: 'none' };
  }
  return isLoopbackHost(url.hostname) ? { verdict: 'none' } : { verdict: 'accepted', origin: trimmed };
}

/** A non-loopback `http://` origin the matcher trusts, if any. */
export function findInsecureOrigin(matcher: OriginMatcher): AcceptedOriginResult {
  if (matcher.kind === 'exact') return exactInsecure(matcher.value);
  return findAcceptedOrigin(matcher, insecureOrigins());
}
