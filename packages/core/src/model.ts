/**
 * The normalised CORS policy model. Every front-end (the ESLint plugin reading code, the CLI reading
 * gateway and infrastructure configs) turns what it reads into `CorsPolicy` values; every rule reads
 * only this model. Framework and gateway semantics that change meaning (a `*` that becomes an echo of
 * the request origin once credentials are on, a default origin list that reflects) are resolved by the
 * front-end, so a rule never needs to know where a policy came from.
 *
 * Absent optional fields mean "this header is not sent"; `{ kind: 'unknown' }` means "the linter cannot
 * see the value" and every rule that depends on it stays silent.
 */

/** A span of source text. Lines and columns are 1-based; the end is exclusive, as in ESLint messages. */
export interface SourceLocation {
  /** Path as the front-end knows it; optional because the ESLint plugin reports against its own file. */
  file?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A value together with where it was set (or the construct whose default set it). */
export interface Located<T> {
  value: T;
  loc: SourceLocation;
}

export type LocatedString = Located<string>;

/**
 * How a regular-expression origin matcher is applied to the request's `Origin` header.
 * - `js`: a JavaScript RegExp used with `.test()` (expressjs/cors, @fastify/cors): unanchored search
 *   unless the author anchors it. `flags` holds the RegExp flags.
 * - `re2-full`: RE2 syntax, must match the whole origin (Envoy `safe_regex`, Istio `regex`).
 * - `re2-search`: RE2 syntax, unanchored search (Go `regexp.MatchString`: Traefik).
 * - `pcre-search`: PCRE syntax, unanchored search (`ngx.re.find`: APISIX `allow_origins_by_regex`).
 * - `pcre-full`: PCRE syntax, anchored at both ends. Kong strips `^` and appends `$` to the text, so
 *   in a top-level `a|b` only the last branch is end-anchored; its adapter passes the regex it really runs.
 */
export type RegexDialect = 'js' | 're2-full' | 're2-search' | 'pcre-search' | 'pcre-full';

/** One way an origin can be allowed. */
export type OriginMatcher =
  /** `Access-Control-Allow-Origin: *` sent literally. */
  | { kind: 'any'; loc: SourceLocation }
  /** Every request origin is echoed back (`origin: true`, an always-allow callback, `*` plus credentials in @koa/cors, Kong, Envoy…). */
  | { kind: 'reflect-any'; loc: SourceLocation }
  /**
   * One origin string. `compared` is true when the server compares the request origin with it and
   * echoes the request origin on a match (an allowlist), false when the string is sent verbatim to
   * every caller (expressjs/cors with a string, a raw header). `caseInsensitive` when the comparison
   * ignores case (Contour, ingress-nginx).
   */
  | { kind: 'exact'; value: string; compared: boolean; caseInsensitive?: boolean; loc: SourceLocation }
  /** A regular expression over the whole Origin header value. */
  | { kind: 'pattern'; source: string; flags: string; dialect: RegexDialect; loc: SourceLocation }
  /** The origin must start with `value` (Istio/Envoy `prefix`). */
  | { kind: 'prefix'; value: string; caseInsensitive?: boolean; loc: SourceLocation }
  /** The origin must end with `value` (Envoy `suffix`). */
  | { kind: 'suffix'; value: string; caseInsensitive?: boolean; loc: SourceLocation }
  /**
   * A host glob such as `https://*.example.com`. `star` says what `*` may match: one DNS label
   * (ingress-nginx) or any run of characters including dots (hapi, Gateway API, Spring origin patterns).
   */
  | { kind: 'glob'; value: string; star: 'label' | 'any'; loc: SourceLocation }
  /** The literal `null` origin. */
  | { kind: 'null'; loc: SourceLocation }
  /** A matcher whose value the linter cannot see (environment, another module, an opaque function). */
  | { kind: 'unknown'; loc: SourceLocation };

export type OriginMatcherKind = OriginMatcher['kind'];

/** Three-valued truth: `'unknown'` when the linter cannot see the value. */
export type Tri = true | false | 'unknown';

/**
 * A header list such as Allow-Methods. `*` appears as an item. `partial` is true when the list also
 * holds entries the linter cannot see (a spread of an imported array), so no rule may conclude that a
 * name is absent. `defaulted` is true when the configuration sets no list and these are the product's
 * default values, so a finding asks for a list rather than for an edit of one.
 */
export type HeaderList =
  | { kind: 'list'; items: LocatedString[]; partial?: boolean; defaulted?: boolean; loc: SourceLocation }
  /** The server echoes the request's `Access-Control-Request-Headers` / `-Method`. */
  | { kind: 'reflect'; loc: SourceLocation }
  | { kind: 'unknown'; loc: SourceLocation };

/**
 * `Access-Control-Max-Age`. `seconds` is the value the header carries once the front-end has turned
 * the format's own notation into seconds (`"24h"` → 86400); it may be negative, fractional or NaN
 * (unparseable), which is exactly what the rules report. `raw` is the text as written.
 */
export type MaxAge =
  | { kind: 'value'; seconds: number; raw: string; loc: SourceLocation }
  | { kind: 'unknown'; loc: SourceLocation };

/**
 * How the CORS preflight (an OPTIONS request with Access-Control-Request-Method) is handled.
 * - `answered`: the middleware or gateway answers it with the CORS headers.
 * - `no-options-route`: the CORS headers are only attached to non-OPTIONS routes and nothing answers
 *   OPTIONS for them (route-level middleware without `app.options`, a REST path without `options`).
 * - `continued-without-handler`: the middleware passes OPTIONS on (`preflightContinue`) and no handler
 *   for it can be found.
 * - `refused-before-cors`: a check that runs before the CORS handling (an authorizer, an API key
 *   requirement, an authentication filter) refuses the preflight, which never carries credentials,
 *   so the CORS answer is never sent. `refusedBy` names that check for the message.
 * - `unknown`: the linter cannot tell.
 * `target` names what is left unanswered (a route path) for the message.
 */
export interface PreflightHandling {
  handling: 'answered' | 'no-options-route' | 'continued-without-handler' | 'refused-before-cors' | 'unknown';
  target?: string;
  /** For `refused-before-cors`: what refuses the preflight, e.g. `the jwt_authn filter` or `the COGNITO_USER_POOLS authorizer Auth`. */
  refusedBy?: string;
  loc: SourceLocation;
}

/** What a server answers to cross-origin requests, for one CORS configuration block. */
export interface CorsPolicy {
  /** Where the configuration block starts and ends (the `cors()` call, the YAML mapping). */
  loc: SourceLocation;
  /** A short human name of the source (`expressjs/cors`, `AWS::ApiGatewayV2::Api MyApi`), for output only. */
  source: string;
  /** Allowed-origin matchers; an empty list means no origin is allowed. */
  origins: OriginMatcher[];
  /** Whether `Access-Control-Allow-Credentials: true` is sent, with the location that set it. */
  credentials: Located<Tri>;
  /**
   * The Access-Control-Allow-Credentials value exactly as the source writes it, when the source sets the
   * header text itself (raw header configs, `res.setHeader`, a gateway's mapped response header) rather
   * than a product writing `true` for a boolean option. Browsers accept only the exact text `true`.
   */
  credentialsText?: LocatedString;
  allowMethods?: HeaderList;
  allowHeaders?: HeaderList;
  exposeHeaders?: HeaderList;
  maxAge?: MaxAge;
  /** Whether every response carries `Vary: Origin`. */
  vary: Located<Tri>;
  preflight: PreflightHandling;
  /**
   * Methods the routes behind this policy serve, when the front-end knows them (route-level
   * middleware on `app.put`, OpenAPI operations). Used to decide whether a preflight is needed.
   */
  servedMethods?: LocatedString[];
  /**
   * Request headers every request to these routes must carry, when the front-end knows them (the
   * `x-api-key` an API key requirement asks for, the header a token authorizer reads). A header that is
   * not CORS-safelisted makes browsers preflight those requests.
   */
  requiredRequestHeaders?: LocatedString[];
  /** `Access-Control-Allow-Private-Network: true` is sent (legacy Private Network Access). */
  allowPrivateNetwork?: Located<Tri>;
}

/** A product's default header list, used where the configuration sets none, every item blamed on `loc`. */
export function defaultHeaderList(values: readonly string[], loc: SourceLocation): HeaderList {
  return { kind: 'list', items: values.map((value) => ({ value, loc })), defaulted: true, loc };
}
