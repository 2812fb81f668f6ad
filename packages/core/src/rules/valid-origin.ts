import type { RuleReport } from '../rule.js';
import { defineRule, NO_OPTIONS_SCHEMA } from '../rule.js';
import { BoundedCache } from '../origin-analysis/analysis-cache.js';

/** One reason an origin value can never equal the `Origin` header a browser sends. */
interface OriginDefect {
  messageId: string;
  data?: Record<string, string | number>;
}

interface ValueShape {
  /** A host glob: `*` stands for part of the host, and its case semantics are the gateway's own. */
  glob: boolean;
  /** The comparison ignores case, so case differences are no defect. */
  caseInsensitive: boolean;
  /** The value is sent verbatim as a header, where HTTP parsing strips surrounding whitespace. */
  verbatimHeader: boolean;
}

const SCHEME_AND_REST = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s;
const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443' };
/** The explicit port of an authority, after any IPv6 literal's brackets. */
const AUTHORITY_PORT = /^(.*?)(?::(\d*))?$/s;

function parts(value: string): string[] {
  return value.split(/[\s,]+/).filter((part) => part !== '');
}

/**
 * Distinct (value, shape) pairs whose defects are kept: a repository repeats the same few origins in
 * every route and manifest, and the check builds a URL for each.
 */
const defectsCache = new BoundedCache<string, readonly OriginDefect[]>(4096);

function cachedOriginDefects(value: string, shape: ValueShape): readonly OriginDefect[] {
  const key = `${shape.glob ? 'g' : '-'}${shape.caseInsensitive ? 'i' : '-'}${shape.verbatimHeader ? 'v' : '-'}${value}`;
  return defectsCache.getOrCompute(key, () => originDefects(value, shape));
}

/**
 * The defects of one origin value, each with the fully corrected origin, so every message shows the
 * same fix. Returns early on defects that make the rest meaningless (several origins, not an origin).
 */
function originDefects(value: string, shape: ValueShape): OriginDefect[] {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === '*' || trimmed.toLowerCase() === 'null') return [];

  const pieces = parts(trimmed);
  if (pieces.length >= 2 && (trimmed.includes(',') || pieces.every((piece) => SCHEME_AND_REST.test(piece)))) {
    return [
      {
        messageId: 'severalOrigins',
        data: { value, count: pieces.length, origins: pieces.map((piece) => `'${piece}'`).join(', ') },
      },
    ];
  }
  if (trimmed.includes(',')) return shape.glob ? [] : [{ messageId: 'notAnOrigin', data: { value } }];
  // Quotes kept in the value (`"'http://localhost:9000'"`, REST-style quoting in a setting that takes
  // the origin itself) are no part of any origin: one finding, not a fix for every part they spoil.
  if (/^['"]|['"]$/.test(trimmed)) return [{ messageId: 'notAnOrigin', data: { value } }];
  // Outside a host glob a `*` is only a wildcard as the whole value: here it is a character that no
  // serialized origin holds (hosts are DNS names or IP addresses), so nothing else can be fixed.
  if (!shape.glob && trimmed.includes('*')) return [{ messageId: 'literalWildcard', data: { value } }];

  const defects: OriginDefect[] = [];
  const internalWhitespace = /\s/.test(trimmed);
  if (internalWhitespace || (trimmed !== value && !shape.verbatimHeader)) defects.push({ messageId: 'whitespace' });
  let candidate = trimmed.replace(/\s+/g, '');

  let match = SCHEME_AND_REST.exec(candidate);
  if (!match) {
    // A glob that starts with `*` may let the star cover the scheme; nothing can be said about it.
    if (shape.glob && candidate.startsWith('*')) return [];
    // `https:/a.com` or `mailto:x`: a scheme is there but not an origin's `scheme://`.
    if (/^[A-Za-z][A-Za-z0-9+.-]*:(?!\d)/.test(candidate)) return shape.glob ? [] : [{ messageId: 'notAnOrigin', data: { value } }];
    const withoutSlashes = candidate.replace(/^\/\//, '');
    const scheme = /:80(?:[/?#]|$)/.test(withoutSlashes) ? 'http' : 'https';
    defects.push({ messageId: 'missingScheme' });
    candidate = `${scheme}://${withoutSlashes}`;
    match = SCHEME_AND_REST.exec(candidate);
    if (!match) return [{ messageId: 'notAnOrigin', data: { value } }];
  }
  const scheme = match[1] ?? '';
  const rest = match[2] ?? '';
  const lowerScheme = scheme.toLowerCase();
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd === -1 ? '' : rest.slice(authorityEnd);

  if (tail === '/') defects.push({ messageId: 'trailingSlash' });
  else if (tail !== '') defects.push({ messageId: 'path', data: { extra: tail } });

  const bracketEnd = authority.lastIndexOf(']');
  const [, hostBeforePort = '', port] = AUTHORITY_PORT.exec(authority.slice(bracketEnd + 1)) ?? [];
  const host = authority.slice(0, bracketEnd + 1) + hostBeforePort;
  const defaultPort = Object.hasOwn(DEFAULT_PORTS, lowerScheme) ? DEFAULT_PORTS[lowerScheme] : undefined;
  const hasDefaultPort = defaultPort !== undefined && port !== undefined && port !== '' && Number(port) === Number(defaultPort);
  if (hasDefaultPort) defects.push({ messageId: 'defaultPort', data: { port: port ?? '', scheme: lowerScheme } });

  const checksCase = !shape.glob && !shape.caseInsensitive;
  const special = defaultPort !== undefined;
  const hostHasUppercase = special && host !== host.toLowerCase();
  if (checksCase && (scheme !== lowerScheme || hostHasUppercase)) defects.push({ messageId: 'uppercase' });

  let fixed = `${lowerScheme}://${special ? host.toLowerCase() : host}${port === undefined || hasDefaultPort ? '' : `:${port}`}`;
  if (special && !shape.glob) {
    let url: URL;
    try {
      url = new URL(`${lowerScheme}://${authority}`);
    } catch {
      return [{ messageId: 'notAnOrigin', data: { value } }];
    }
    // What is left after case, port and path are fixed is how the URL standard serializes the host
    // (punycode, canonical IP addresses) or user info, which an Origin header never carries.
    if (url.origin !== fixed) defects.push({ messageId: 'notSerialized' });
    fixed = url.origin;
  }
  return defects.map((defect) => ({ ...defect, data: { value, fixed, ...defect.data } }));
}

export default defineRule({
  id: 'valid-origin',
  description: "Require every allowed origin to be one origin written exactly as browsers send it ('https://example.com').",
  defaultSeverity: 'error',
  type: 'problem',
  messages: {
    severalOrigins:
      "The origin value '{{value}}' holds {{count}} origins, but a value must be exactly one origin: browsers reject an Access-Control-Allow-Origin header that lists several, and an allowlist entry that holds several never equals a request's Origin. Give each origin its own entry: {{origins}}.",
    whitespace:
      "The allowed origin '{{value}}' contains whitespace, which never appears in the Origin header browsers send, so it never matches and those requests fail the CORS check: remove the whitespace and write '{{fixed}}'.",
    missingScheme:
      "The allowed origin '{{value}}' has no scheme, but browsers always send one in the Origin header, so it never matches and those requests fail the CORS check: write it with the scheme the site is served over, such as '{{fixed}}'.",
    trailingSlash:
      "The allowed origin '{{value}}' ends with a slash, but browsers send origins without one, so it never matches and those requests fail the CORS check: remove the trailing slash and write '{{fixed}}'.",
    path: "The allowed origin '{{value}}' has a path, query or fragment ('{{extra}}'), but the Origin header never carries one, so it never matches and those requests fail the CORS check: keep only the origin, '{{fixed}}'.",
    defaultPort:
      "The allowed origin '{{value}}' names port {{port}}, the default for {{scheme}}, but browsers leave the default port out of the Origin header, so it never matches and those requests fail the CORS check: remove the port and write '{{fixed}}'.",
    uppercase:
      "The allowed origin '{{value}}' has uppercase letters in its scheme or host, but browsers send them in lowercase and the comparison is case-sensitive, so it never matches and those requests fail the CORS check: write '{{fixed}}'.",
    notSerialized:
      "The allowed origin '{{value}}' is not written the way browsers serialize an origin (punycode host, canonical IP address, no user name or password), so it never matches and those requests fail the CORS check: write '{{fixed}}'.",
    literalWildcard:
      "The allowed origin '{{value}}' contains '*', which is a wildcard only as the whole value: here it is compared or sent as written, and browsers never send an Origin with '*' in it, so it never matches and those requests fail the CORS check. List each origin, or use the setting that takes patterns where there is one (Spring allowedOriginPatterns, Traefik accessControlAllowOriginListRegex, APISIX allow_origins_by_regex, a RegExp in code).",
    notAnOrigin:
      "The allowed origin '{{value}}' is not an origin of the form scheme://host[:port], so it never equals the Origin header a browser sends and no request is allowed by it: write it as browsers send it, such as 'https://example.com'.",
  },
  defaultOptions: {},
  optionsSchema: NO_OPTIONS_SCHEMA,
  check(policy) {
    const reports: RuleReport[] = [];
    for (const matcher of policy.origins) {
      let defects: readonly OriginDefect[];
      if (matcher.kind === 'exact') {
        defects = cachedOriginDefects(matcher.value, {
          glob: false,
          caseInsensitive: matcher.caseInsensitive === true,
          verbatimHeader: !matcher.compared,
        });
      } else if (matcher.kind === 'glob') {
        defects = cachedOriginDefects(matcher.value, { glob: true, caseInsensitive: false, verbatimHeader: false });
      } else {
        continue;
      }
      for (const defect of defects) reports.push({ ...defect, loc: matcher.loc });
    }
    return reports;
  },
});
