/**
 * Builds `CorsPolicy` values by hand for rule tests. Locations are explicit so a test states where
 * it expects a finding; lists lay their items out as they would appear in `['GET', 'PUT']` source
 * text, so each item gets its own column without the test computing it.
 */
import type {
  CorsPolicy,
  HeaderList,
  Located,
  LocatedString,
  MaxAge,
  OriginMatcher,
  PreflightHandling,
  RegexDialect,
  SourceLocation,
  Tri,
} from '../src/model.js';

/** `length` characters starting at line:column, on one line. */
export function at(line: number, column: number, length = 1): SourceLocation {
  return { line, column, endLine: line, endColumn: column + length };
}

/** The span a policy block covers when a test does not care. */
export const POLICY_LOC: SourceLocation = { line: 1, column: 1, endLine: 40, endColumn: 2 };

export const origin = {
  any: (loc: SourceLocation): OriginMatcher => ({ kind: 'any', loc }),
  reflectAny: (loc: SourceLocation): OriginMatcher => ({ kind: 'reflect-any', loc }),
  /** An allowlist entry, compared with the request origin (the usual case). */
  exact: (value: string, loc: SourceLocation, caseInsensitive?: boolean): OriginMatcher => ({
    kind: 'exact',
    value,
    compared: true,
    ...(caseInsensitive === undefined ? {} : { caseInsensitive }),
    loc,
  }),
  /** A string sent verbatim as Access-Control-Allow-Origin to every caller. */
  verbatim: (value: string, loc: SourceLocation): OriginMatcher => ({ kind: 'exact', value, compared: false, loc }),
  pattern: (source: string, loc: SourceLocation, dialect: RegexDialect = 'js', flags = ''): OriginMatcher => ({
    kind: 'pattern',
    source,
    flags,
    dialect,
    loc,
  }),
  prefix: (value: string, loc: SourceLocation): OriginMatcher => ({ kind: 'prefix', value, loc }),
  suffix: (value: string, loc: SourceLocation): OriginMatcher => ({ kind: 'suffix', value, loc }),
  glob: (value: string, loc: SourceLocation, star: 'label' | 'any' = 'label'): OriginMatcher => ({
    kind: 'glob',
    value,
    star,
    loc,
  }),
  null: (loc: SourceLocation): OriginMatcher => ({ kind: 'null', loc }),
  unknown: (loc: SourceLocation): OriginMatcher => ({ kind: 'unknown', loc }),
};

export function tri(value: Tri, loc: SourceLocation): Located<Tri> {
  return { value, loc };
}

/**
 * A header list written as `['A', 'B']` starting at line:column: the list spans the brackets and
 * each item spans its quoted string.
 */
export function list(line: number, column: number, names: string[], partial?: boolean): HeaderList {
  const items: LocatedString[] = [];
  let cursor = column + 1;
  for (const name of names) {
    const width = name.length + 2;
    items.push({ value: name, loc: at(line, cursor, width) });
    cursor += width + 2;
  }
  const endColumn = names.length === 0 ? column + 2 : cursor - 1;
  return {
    kind: 'list',
    items,
    ...(partial === undefined ? {} : { partial }),
    loc: { line, column, endLine: line, endColumn },
  };
}

export function reflectList(loc: SourceLocation): HeaderList {
  return { kind: 'reflect', loc };
}

export function unknownList(loc: SourceLocation): HeaderList {
  return { kind: 'unknown', loc };
}

/** Methods a route serves, laid out like `list` items. */
export function served(line: number, column: number, methods: string[]): LocatedString[] {
  const shaped = list(line, column, methods);
  return shaped.kind === 'list' ? shaped.items : [];
}

export function maxAge(seconds: number, loc: SourceLocation, raw = String(seconds)): MaxAge {
  return { kind: 'value', seconds, raw, loc };
}

export function preflight(
  handling: PreflightHandling['handling'],
  loc: SourceLocation,
  target?: string,
  refusedBy?: string,
): PreflightHandling {
  return { handling, loc, ...(target === undefined ? {} : { target }), ...(refusedBy === undefined ? {} : { refusedBy }) };
}

/**
 * A policy that no rule objects to (no origins, no credentials, Vary sent, preflight answered),
 * with the given fields replaced.
 */
export function buildPolicy(fields: Partial<CorsPolicy> = {}): CorsPolicy {
  return {
    loc: POLICY_LOC,
    source: 'hand-built test policy',
    origins: [],
    credentials: tri(false, POLICY_LOC),
    vary: tri(true, POLICY_LOC),
    preflight: preflight('answered', POLICY_LOC),
    ...fields,
  };
}
