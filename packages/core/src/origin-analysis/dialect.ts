/**
 * Reads an origin regex of any `RegexDialect` into a regexpp AST with JavaScript flags, plus how the
 * server applies it. RE2 and PCRE are parsed in JavaScript's non-Unicode mode, the closest grammar
 * (both accept identity escapes such as `\-` there); every construct whose meaning differs between
 * those engines and JavaScript is refused instead of being misread, so the analysis answers
 * "unknown" rather than reasoning about a different regex.
 */
import { RegExpParser, visitRegExpAST, type AST } from '@eslint-community/regexpp';
import type { RegexDialect } from '../model.js';

export interface ParsedOriginRegex {
  pattern: AST.Pattern;
  flags: AST.Flags;
  /** The server looks for a match anywhere in the origin (`.test()`, Go `MatchString`, `ngx.re.find`). */
  search: boolean;
  /** A JS `y` flag: `.test()` starts at `lastIndex` 0, so the match is anchored at the start. */
  sticky: boolean;
}

const ECMA_VERSION = 2025;

/** Flags RE2 and PCRE spell as a leading `(?ims)` group and JavaScript spells as regex flags. */
const LEADING_INLINE_FLAGS = /^\(\?([a-zA-Z]+)\)/;
const TRANSLATABLE_INLINE_FLAGS = new Set(['i', 'm', 's']);

/**
 * Escapes JavaScript resolves the same way as RE2 and PCRE. Any other backslash-letter is a plain
 * letter in JavaScript's non-Unicode mode but an anchor, class or syntax error there (`\A`, `\z`,
 * `\Q`, `\h`, `\x{41}`, `\pL`).
 */
const SHARED_LETTER_ESCAPES = new Set(['\\n', '\\r', '\\t', '\\f']);

function searchesAnywhere(dialect: RegexDialect): boolean {
  return dialect === 'js' || dialect === 're2-search' || dialect === 'pcre-search';
}

/** Whether regexpp read something that RE2 or PCRE would read differently. */
function hasForeignSyntax(pattern: AST.Pattern): boolean {
  let foreign = false;
  visitRegExpAST(pattern, {
    onCharacterEnter(node) {
      // `\A` and friends are identity escapes in JS; `{,3}` is a literal in JS but a quantifier in PCRE2.
      if (/^\\[A-Za-z]$/.test(node.raw) && !SHARED_LETTER_ESCAPES.has(node.raw)) foreign = true;
      if (node.raw === '{') foreign = true;
    },
    onCharacterClassEnter(node) {
      // `[]a]` is a class of `]` and `a` in PCRE but an empty class in JS; `[[:alpha:]]` is POSIX there.
      if (node.raw.startsWith('[]') || node.raw.startsWith('[^]') || node.raw.includes('[:')) foreign = true;
    },
    onBackreferenceEnter() {
      foreign = true;
    },
  });
  return foreign;
}

function parse(source: string, flagText: string): { pattern: AST.Pattern; flags: AST.Flags } | undefined {
  const parser = new RegExpParser({ ecmaVersion: ECMA_VERSION });
  try {
    const flags = parser.parseFlags(flagText);
    const pattern = parser.parsePattern(source, 0, source.length, {
      unicode: flags.unicode,
      unicodeSets: flags.unicodeSets,
    });
    return { pattern, flags };
  } catch {
    return undefined;
  }
}

/** Parse an origin regex, or `undefined` when it is invalid or uses syntax this analysis cannot read faithfully. */
export function parseOriginRegex(source: string, flags: string, dialect: RegexDialect): ParsedOriginRegex | undefined {
  const search = searchesAnywhere(dialect);
  if (dialect === 'js') {
    const parsed = parse(source, flags);
    return parsed && { ...parsed, search, sticky: parsed.flags.sticky };
  }
  let body = source;
  const jsFlags = new Set<string>();
  for (const flag of flags) {
    if (!TRANSLATABLE_INLINE_FLAGS.has(flag)) return undefined;
    jsFlags.add(flag);
  }
  const inline = LEADING_INLINE_FLAGS.exec(body);
  if (inline) {
    for (const flag of inline[1] ?? '') {
      if (!TRANSLATABLE_INLINE_FLAGS.has(flag)) return undefined;
      jsFlags.add(flag);
    }
    body = body.slice(inline[0].length);
  }
  const parsed = parse(body, [...jsFlags].sort().join(''));
  if (!parsed || hasForeignSyntax(parsed.pattern)) return undefined;
  return { ...parsed, search, sticky: false };
}

/**
 * The regex as a full-match engine effectively runs it (`^(?:…)$`), for analyses that depend on the
 * anchoring, such as backtracking; search dialects are returned as parsed.
 */
export function parseOriginRegexAsRun(source: string, flags: string, dialect: RegexDialect): ParsedOriginRegex | undefined {
  const parsed = parseOriginRegex(source, flags, dialect);
  if (!parsed || parsed.search) return parsed;
  const anchored = parse(`^(?:${parsed.pattern.raw})$`, parsed.flags.raw);
  return anchored && { ...anchored, search: false, sticky: false };
}
