import { RegExpParser, type AST } from '@eslint-community/regexpp';

/**
 * The request paths a hosting header rule matches, read only far enough to tell when one rule
 * certainly applies to every path another rule applies to: a catch-all (`/(.*)`, `**`, `/*`) or a
 * pattern whose fixed beginning is a prefix of the other's. Anything else counts as undecidable, so
 * the two rules stay apart.
 */
export interface RulePaths {
  /** Text every matched path starts with (the path part, for Cloudflare's absolute-URL rules). */
  prefix: string;
  /**
   * What may follow the prefix: any text (`anything`); any text whose path segments do not start
   * with `.` (`visible`, a minimatch `**` without `dot`); nothing or `/` followed by non-empty
   * segments and no trailing `/` (`segments`, path-to-regexp `/:name*`); nothing (`nothing`, a
   * literal path); or something this reader does not follow (`other`).
   */
  rest: 'anything' | 'visible' | 'segments' | 'nothing' | 'other';
  /** Every matched path has non-empty segments and no trailing `/` (the root `/` aside). */
  tidy: boolean;
  /** A matched path may hold a segment that starts with `.`. */
  hidden: boolean;
  /** The host an absolute-URL rule is limited to; undefined when it matches every host. */
  host?: string;
}

/** Whether every path `inner` matches is matched by `outer` too. */
export function coversPaths(outer: RulePaths, inner: RulePaths): boolean {
  if (outer.host !== undefined && outer.host !== inner.host) return false;
  switch (outer.rest) {
    case 'anything':
      return inner.prefix.startsWith(outer.prefix);
    case 'visible':
      return inner.prefix.startsWith(outer.prefix) && !inner.hidden;
    case 'segments':
      return (
        inner.tidy &&
        ((inner.prefix === outer.prefix && (inner.rest === 'nothing' || inner.rest === 'segments')) || inner.prefix.startsWith(`${outer.prefix}/`))
      );
    case 'nothing':
      return inner.rest === 'nothing' && inner.prefix === outer.prefix;
    case 'other':
      return false;
  }
}

/**
 * Whether some paths `inner` matches, though not all, are certainly matched by `outer`: a path-to-regexp
 * `/:name*` rule takes every path under a `(.*)` rule's fixed beginning that has no empty segment and
 * no trailing `/` (`/:path*` and `/api/(.*)` share `/api/users`, not `/api/users/`).
 */
export function sharesSomePaths(outer: RulePaths, inner: RulePaths): boolean {
  if (outer.host !== undefined && outer.host !== inner.host) return false;
  return outer.rest === 'segments' && inner.rest === 'anything' && inner.prefix.startsWith(`${outer.prefix}/`) && !inner.prefix.includes('//');
}

/** A literal path has no empty segment and no trailing `/`, the root aside. */
function tidyLiteral(path: string): boolean {
  return path === '/' || (!path.includes('//') && !path.endsWith('/'));
}

/**
 * A Vercel `source` (path-to-regexp 6, as @vercel/routing-utils `sourceToRegex` compiles it with
 * `strict` and `sensitive`): `:name` parameters with `*`/`+`/`?` modifiers, `(regex)` groups,
 * `{...}` groups and `\` escapes. A parameter or group takes the `/` before it as its prefix, so
 * `/api/(.*)` matches `/api/` followed by anything and `/:path*` matches `/` and `/a/b` but no path
 * with a trailing `/`.
 */
export function vercelSourcePaths(source: string): RulePaths {
  const tidy = !/[(){}\\]/.test(source) && tidyLiteral(source.replace(/:\w+[*+?]?/g, 'x'));
  const special = source.search(/[:(){}\\*+?]/);
  if (special === -1) return { prefix: source, rest: 'nothing', tidy: tidyLiteral(source), hidden: true };
  const prefix = source.slice(0, special);
  const rest = source.slice(special);
  if (/^(?::\w+)?\(\.\*\)$/.test(rest)) return { prefix, rest: 'anything', tidy, hidden: true };
  // An optional repeated parameter makes its `/` prefix optional too.
  if (/^:\w+\*$/.test(rest) && prefix.endsWith('/')) return { prefix: prefix.slice(0, -1), rest: 'segments', tidy, hidden: true };
  return { prefix, rest: 'other', tidy, hidden: true };
}

const GLOB_SPECIAL = /[*?[\]{}()!+@]/;

/**
 * A Firebase Hosting `source` / `glob`, matched with minimatch without the `dot` option (firebase/
 * superstatic `utils/patterns.js` `configMatcher`) after a leading `/` is added (`glob-slasher`): `**`
 * matches any run of segments that do not start with `.`.
 */
export function firebaseGlobPaths(glob: string): RulePaths {
  const path = glob.startsWith('/') ? glob : `/${glob}`;
  const hidden = /(^|[/{(,|])\./.test(path);
  const special = path.search(GLOB_SPECIAL);
  if (special === -1) return { prefix: path, rest: 'nothing', tidy: false, hidden };
  const prefix = path.slice(0, special);
  const rest = path.slice(special) === '**' && prefix.endsWith('/') ? 'visible' : 'other';
  return { prefix, rest, tidy: false, hidden };
}

/**
 * A Netlify `for` path or a `_headers` rule path (Netlify and Cloudflare Pages): `*` is a splat that
 * matches any text and `:name` a placeholder for one segment. Cloudflare also accepts an absolute
 * `https://host/path` rule, limited to that host; a host with a placeholder or splat is undecidable.
 */
export function splatPaths(pattern: string): RulePaths | undefined {
  let path = pattern;
  let host: string | undefined;
  const absolute = /^https?:\/\/([^/]*)(\/.*)?$/i.exec(pattern);
  if (absolute) {
    host = (absolute[1] ?? '').toLowerCase();
    if (/[*:]/.test(host)) return undefined;
    path = absolute[2] ?? '/';
  }
  const special = path.search(/\*|\/:/);
  if (special === -1) return { prefix: path, rest: 'nothing', tidy: false, hidden: true, host };
  // A placeholder keeps its `/`; a splat may match any text, the empty one included.
  const prefix = path.slice(0, path[special] === '/' ? special + 1 : special);
  return { prefix, rest: path.slice(special) === '*' ? 'anything' : 'other', tidy: false, hidden: true, host };
}

const REGEX_PARSER = new RegExpParser();

/** `.*`, alone or in a group: any text, the empty one included (paths hold no line breaks). */
function matchesAnyText(element: AST.Element): boolean {
  if (element.type === 'Group' || element.type === 'CapturingGroup') {
    const [only, ...others] = element.alternatives;
    return others.length === 0 && only?.elements.length === 1 && only.elements[0] !== undefined && matchesAnyText(only.elements[0]);
  }
  return element.type === 'Quantifier' && element.min === 0 && element.max === Infinity && element.element.type === 'CharacterSet' && element.element.kind === 'any';
}

/**
 * A legacy Vercel route `src`: a PCRE regex that @vercel/routing-utils `normalizeRoutes` anchors with
 * `^` and `$` when they are missing, so its fixed beginning is the run of plain characters after `^`
 * (`\/` included) and `/(.*)` or `/.*` after it matches any rest. A top-level alternation, or a regex
 * the JavaScript reader rejects, is undecidable.
 */
export function vercelRouteSrcPaths(src: string): RulePaths | undefined {
  let pattern: AST.Pattern;
  try {
    pattern = REGEX_PARSER.parsePattern(src, 0, src.length, { unicode: false });
  } catch {
    return undefined;
  }
  const [only, ...others] = pattern.alternatives;
  if (only === undefined || others.length > 0) return undefined;
  const elements = [...only.elements];
  if (elements[0]?.type === 'Assertion' && elements[0].kind === 'start') elements.shift();
  const last = elements.at(-1);
  if (last?.type === 'Assertion' && last.kind === 'end') elements.pop();
  let prefix = '';
  let index = 0;
  for (const element of elements) {
    if (element.type !== 'Character') break;
    prefix += String.fromCodePoint(element.value);
    index += 1;
  }
  const rest = elements.slice(index);
  if (rest.length === 0) return { prefix, rest: 'nothing', tidy: false, hidden: true };
  const [tail, ...more] = rest;
  return { prefix, rest: more.length === 0 && tail !== undefined && matchesAnyText(tail) ? 'anything' : 'other', tidy: false, hidden: true };
}
