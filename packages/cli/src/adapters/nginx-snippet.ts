import { str } from '../document/access.js';
import type { ScalarNode } from '../document/node.js';

/**
 * Response headers written by hand in an nginx snippet (an ingress-nginx `configuration-snippet`,
 * `server-snippet`, or the controller ConfigMap's snippets), and which request origins each one is
 * sent to. Directives from nginx `ngx_http_headers_module` (`add_header name value [always];`) and
 * headers-more (`more_set_headers [-s statuses] [-t types] 'Name: value' …;`); conditions from
 * `ngx_http_rewrite_module` (`if ($var ~* regex)` is a case-insensitive PCRE search, `~` a
 * case-sensitive one, `=` a string comparison; `set $var value;`; an unset variable is empty).
 */

/** A response header: its value is `value`, found at `valueStart` in the string of `scalar`. */
export interface NginxHeader {
  name: string;
  value: string;
  scalar: ScalarNode;
  valueStart: number;
  /** Filled in per request or before deploy (an nginx variable, a template placeholder): unknown here. */
  computed: boolean;
  /** Which request origins the directive is applied for. */
  gate: OriginGate;
  /**
   * The value is a variable the snippet copies `$http_origin` into for the origins `gate` tests, and
   * leaves empty for the others (`set $cors_origin "";` then `if ($http_origin ~* …) { set
   * $cors_origin $http_origin; }`): so it echoes those origins, as `$http_origin` would inside the
   * `if`, and sends nothing to the rest (nginx skips a header whose value is empty).
   */
  echoesTestedOrigin?: boolean;
  /**
   * The `location` block (its match, such as `/api/` or `~* \.(woff2?|ttf)$`) that holds the directive
   * in a server snippet, whose headers reach only the requests it matches; undefined outside any.
   */
  location?: string;
}

/**
 * The request origins a header is sent for: every one (no enclosing `if` looks at the origin), those
 * an origin test lets through, or unknown (a condition this reading cannot follow).
 */
export type OriginGate =
  | { kind: 'every-origin' }
  | { kind: 'tested'; tests: OriginTest[] }
  | { kind: 'unknown' };

/** A test of `$http_origin` in an `if`, with the offsets of its operand in the snippet's string. */
export type OriginTest =
  | { kind: 'regex'; source: string; caseInsensitive: boolean; start: number; end: number }
  | { kind: 'equals'; value: string; start: number; end: number };

/** `more_set_headers … ;` and `add_header … ;` directives of a snippet, with their argument text. */
const HEADER_DIRECTIVE = /\b(more_set_headers|add_header)\b([^;]*);/g;
/** One nginx argument: quoted (group 2, without its quotes) or bare (group 3). */
const NGINX_ARGUMENT = /(["'])(.*?)\1|([^\s"']+)/g;
/** `location [modifier] match {`: the match (group 1) and the block that opens. */
const LOCATION_START = /\blocation\s+([^{};]*?)\s*\{/g;
/** The start of an `if (condition) { … }`; the condition is read up to its balancing `)`. */
const IF_START = /\bif\s*\(/g;
/** `set $name value;`: the variable (group 1) and its value (group 2). */
const SET_DIRECTIVE = /\bset\s+\$([A-Za-z_]\w*)\s+([^;]*);/g;
/** A variable reference, `$name` or `${name}`. */
const NGINX_VARIABLE = /\$\{?([A-Za-z_]\w*)\}?/g;
/** `$http_origin ~ regex`, `~*` or `= value`; the operand quoted or bare (groups 2, 3, 4). */
const ORIGIN_TEST = /^\s*\$http_origin\s*(~\*?|=)\s*(?:"([^"]*)"|'([^']*)'|(\S+))\s*$/ds;
/** `$http_origin` alone or `!= ""`: true for every request that carries an Origin, which CORS requests do. */
const ANY_ORIGIN_TEST = /^\s*\$http_origin\s*(?:!=\s*(?:""|''))?\s*$/;
/** `$name` alone or `$name = value`, the value quoted or bare (groups 2, 3, 4). */
const VARIABLE_TEST = /^\s*\$([A-Za-z_]\w*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|(\S+)))?\s*$/s;

interface IfBlock {
  condition: string;
  /** Offset of the condition's first character in the snippet. */
  conditionStart: number;
  /** The block's body: from after its `{` to its `}`. */
  start: number;
  end: number;
}

interface SetDirective {
  variable: string;
  value: string;
  offset: number;
}

/** What a block's condition says about the origin: nothing, these tests, or unknown. */
type BlockGate = 'origin-free' | OriginTest[] | 'unknown';

/** Every `more_set_headers` and `add_header` header of a snippet, with the origins it is sent for. */
export function snippetHeaders(snippet: ScalarNode): NginxHeader[] {
  const text = str(snippet) ?? '';
  const conditions = new SnippetConditions(text);
  const locations = locationBlocks(text);
  const headers: NginxHeader[] = [];
  for (const directive of text.matchAll(HEADER_DIRECTIVE)) {
    const argumentsStart = directive.index + directive[0].length - (directive[2] ?? '').length - 1;
    const gate = conditions.gate(directive.index);
    const location = locations.findLast((block) => block.start <= directive.index && directive.index < block.end)?.match;
    const where = location === undefined ? {} : { location };
    const echoed = (value: string): Pick<NginxHeader, 'gate' | 'echoesTestedOrigin'> => {
      const copied = gate.kind === 'every-origin' ? conditions.originCopy(value) : undefined;
      return copied === undefined ? { gate } : { gate: { kind: 'tested', tests: copied }, echoesTestedOrigin: true };
    };
    const args = [...(directive[2] ?? '').matchAll(NGINX_ARGUMENT)].map((match) => {
      const quoted = match[2] !== undefined;
      return { text: match[2] ?? match[3] ?? '', start: argumentsStart + match.index + (quoted ? 1 : 0) };
    });
    if (directive[1] === 'add_header') {
      const [name, value] = args;
      if (name !== undefined && value !== undefined) {
        headers.push({ name: name.text, value: value.text, scalar: snippet, valueStart: value.start, computed: value.text.includes('$'), ...echoed(value.text), ...where });
      }
      continue;
    }
    // more_set_headers [-s statuses] [-t types] 'Name: value' …
    for (let index = 0; index < args.length; index += 1) {
      const arg = args[index] as { text: string; start: number };
      if (arg.text.startsWith('-')) {
        index += 1;
        continue;
      }
      const colon = arg.text.indexOf(':');
      if (colon <= 0) continue;
      const rest = arg.text.slice(colon + 1);
      const value = rest.trim();
      const valueStart = arg.start + colon + 1 + rest.indexOf(value);
      headers.push({ name: arg.text.slice(0, colon).trim(), value, scalar: snippet, valueStart, computed: value.includes('$'), ...echoed(value), ...where });
    }
  }
  return headers;
}

/**
 * Whether a snippet holds a template action (`{{ … }}`), which may write any directive before deploy.
 * `${name}` is nginx's own variable syntax there (`set $cors "${cors}options";`), not a placeholder:
 * a header value holding it is already unknown as computed.
 */
export function isTemplated(snippet: ScalarNode): boolean {
  return /\{\{[\s\S]*?\}\}/.test(str(snippet) ?? '');
}

/**
 * The `if` blocks and `set` directives of a snippet, read for the two shapes CORS snippets take:
 * - the header inside `if ($http_origin ~* "regex") { … }` (or `= "origin"`);
 * - a flag: `set $cors '';` (or `"false"`), `if ($http_origin ~* "regex") { set $cors 'true'; }`, optionally
 *   `if ($request_method = 'OPTIONS') { set $cors "${cors}options"; }`, then the header inside
 *   `if ($cors = "true") { … }` or `if ($cors = "trueoptions") { … }`.
 * A condition that only asks whether there is an Origin (`if ($http_origin)`, `!= ""`) lets every
 * origin through, and so does one on `$request_method`, or on a variable the snippet sets from
 * literals, the method or itself, unconditionally at least once and never under an origin test (the
 * "wide open" `set $cors 'true';`). Any other variable may come from the origin elsewhere (a server
 * snippet, a `map` in the http block), so its conditions are unknown.
 */
class SnippetConditions {
  private readonly blocks: IfBlock[] = [];
  private readonly sets: SetDirective[];
  private readonly gates = new Map<IfBlock, BlockGate>();

  /** Set when an `if` could not be read: no condition is then trusted. */
  private readonly unreadable: boolean = false;

  constructor(private readonly text: string) {
    for (const match of text.matchAll(IF_START)) {
      const conditionStart = match.index + match[0].length;
      const conditionEnd = closingParenthesis(text, conditionStart);
      const open = conditionEnd === undefined ? null : /^\s*\{/.exec(text.slice(conditionEnd + 1));
      if (conditionEnd === undefined || open === null) {
        this.unreadable = true;
        continue;
      }
      const start = conditionEnd + 1 + open[0].length;
      this.blocks.push({ condition: text.slice(conditionStart, conditionEnd), conditionStart, start, end: blockEnd(text, start) });
    }
    this.sets = [...text.matchAll(SET_DIRECTIVE)].map((match) => ({
      variable: match[1] ?? '',
      value: unquoted((match[2] ?? '').trim()),
      offset: match.index,
    }));
  }

  /** The origins a directive at `offset` applies to, from the `if` blocks around it. */
  gate(offset: number): OriginGate {
    if (this.unreadable) return { kind: 'unknown' };
    const tested: OriginTest[][] = [];
    for (const block of this.enclosing(offset)) {
      const gate = this.blockGate(block, new Set());
      if (gate === 'unknown') return { kind: 'unknown' };
      if (gate !== 'origin-free') tested.push(gate);
    }
    if (tested.length === 0) return { kind: 'every-origin' };
    // Nested origin tests would intersect; keep to the shapes people write.
    return tested.length === 1 ? { kind: 'tested', tests: tested[0] as OriginTest[] } : { kind: 'unknown' };
  }

  private enclosing(offset: number): IfBlock[] {
    return this.blocks.filter((block) => block.start <= offset && offset < block.end);
  }

  private blockGate(block: IfBlock, visiting: Set<string>): BlockGate {
    const known = this.gates.get(block);
    if (known !== undefined) return known;
    const gate = this.readBlockGate(block, visiting);
    this.gates.set(block, gate);
    return gate;
  }

  private readBlockGate(block: IfBlock, visiting: Set<string>): BlockGate {
    if (ANY_ORIGIN_TEST.test(block.condition)) return 'origin-free';
    const origin = ORIGIN_TEST.exec(block.condition);
    if (origin !== null) {
      const group = origin[2] !== undefined ? 2 : origin[3] !== undefined ? 3 : 4;
      const [from, to] = origin.indices?.[group] ?? [0, 0];
      const operand = origin[group] ?? '';
      const start = block.conditionStart + from;
      const end = block.conditionStart + to;
      return origin[1] === '='
        ? [{ kind: 'equals', value: operand, start, end }]
        : [{ kind: 'regex', source: operand, caseInsensitive: origin[1] === '~*', start, end }];
    }
    const used = [...block.condition.matchAll(NGINX_VARIABLE)].map((match) => match[1] ?? '');
    if (used.every((variable) => this.originFree(variable, visiting))) return 'origin-free';
    const flag = VARIABLE_TEST.exec(block.condition);
    if (flag === null) return 'unknown';
    return this.flagGate(flag[1] ?? '', flag[2] ?? flag[3] ?? flag[4], visiting) ?? 'unknown';
  }

  /**
   * The origin tests under which a header value that is one variable (`$cors_origin`) holds the
   * request origin, when the snippet first empties the variable and then sets it to `$http_origin`
   * only inside `if` blocks that test the origin (each one test, possibly inside method tests), so
   * every other origin leaves it empty. Undefined for any other value or shape (a non-empty default
   * such as `set $acao '*';`, a reset after the copy, an unconditional copy).
   */
  originCopy(value: string): OriginTest[] | undefined {
    const variable = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(value)?.[1];
    if (variable === undefined || variable === 'http_origin' || this.unreadable) return undefined;
    const tests: OriginTest[] = [];
    let lastReset = -1;
    let firstCopy = Infinity;
    for (const set of this.sets.filter((candidate) => candidate.variable === variable)) {
      const gates = this.enclosing(set.offset).map((block) => this.blockGate(block, new Set([variable])));
      if (gates.includes('unknown')) return undefined;
      const originTests = gates.filter((gate): gate is OriginTest[] => gate !== 'origin-free' && gate !== 'unknown');
      if (set.value === '' && originTests.length === 0) {
        lastReset = Math.max(lastReset, set.offset);
      } else if (/^\$\{?http_origin\}?$/.test(set.value) && originTests.length === 1) {
        tests.push(...(originTests[0] ?? []));
        firstCopy = Math.min(firstCopy, set.offset);
      } else {
        return undefined;
      }
    }
    return tests.length > 0 && lastReset >= 0 && lastReset < firstCopy ? tests : undefined;
  }

  /** Whether a variable's value never depends on the origin (see the class comment). */
  private originFree(variable: string, visiting: Set<string>): boolean {
    if (variable === 'request_method') return true;
    if (visiting.has(variable)) return false;
    const own = this.sets.filter((set) => set.variable === variable);
    const inner = new Set([...visiting, variable]);
    return (
      own.some((set) => this.enclosing(set.offset).length === 0) &&
      own.every(
        (set) =>
          references(set.value).every((name) => name === variable || name === 'request_method') &&
          this.enclosing(set.offset).every((block) => this.blockGate(block, inner) === 'origin-free'),
      )
    );
  }

  /**
   * The origin tests that make `$variable` equal `compared` (or non-empty when nothing is compared):
   * each test under which the snippet sets it to a literal that `compared` starts with, provided every
   * other setting is an empty reset (or, when a value is compared, a reset to a literal that value
   * does not start with), or an append of a literal under a method test that `compared` does not
   * start with. Undefined for anything else.
   */
  private flagGate(variable: string, compared: string | undefined, visiting: Set<string>): OriginTest[] | undefined {
    if (visiting.has(variable)) return undefined;
    const inner = new Set([...visiting, variable]);
    const tests: OriginTest[] = [];
    const appended: string[] = [];
    for (const set of this.sets.filter((candidate) => candidate.variable === variable)) {
      const gates = this.enclosing(set.offset).map((block) => this.blockGate(block, inner));
      if (gates.includes('unknown')) return undefined;
      const originTests = gates.filter((gate): gate is OriginTest[] => gate !== 'origin-free' && gate !== 'unknown');
      const used = references(set.value);
      const literal = set.value.replace(NGINX_VARIABLE, '');
      if (originTests.length > 1) return undefined;
      if (originTests.length === 1) {
        if (used.length > 0) return undefined;
        if (literal !== '' && (compared === undefined || compared.startsWith(literal))) tests.push(...(originTests[0] ?? []));
        continue;
      }
      // An empty reset, or one to a literal the comparison cannot start with (`set $cors "false";`
      // before the origin tests set it to "true"): the origins left out leave it unequal.
      if (used.length === 0 && (literal === '' || (compared !== undefined && !compared.startsWith(literal)))) continue;
      if (used.length > 0 && used.every((name) => name === variable)) {
        appended.push(literal);
        continue;
      }
      return undefined;
    }
    if (tests.length === 0) return undefined;
    if (appended.length > 0 && (compared === undefined || appended.some((suffix) => compared.startsWith(suffix)))) return undefined;
    return tests;
  }
}

/** The `location` blocks of a server snippet, in the order they open (so nested ones come later). */
function locationBlocks(text: string): Array<{ match: string; start: number; end: number }> {
  return [...text.matchAll(LOCATION_START)].map((opening) => {
    const start = opening.index + opening[0].length;
    return { match: opening[1] ?? '', start, end: blockEnd(text, start) };
  });
}

/** Where the block whose body starts at `start` (just after its `{`) ends: at its `}`, or the text's end. */
function blockEnd(text: string, start: number): number {
  let depth = 1;
  let end = start;
  for (; end < text.length && depth > 0; end += 1) depth += text[end] === '{' ? 1 : text[end] === '}' ? -1 : 0;
  return end;
}

/**
 * The offset of the `)` that closes a condition opened just before `from`, skipping parentheses that
 * are escaped or quoted (a regex such as `^https://(a|b){1}\.example\.com$` holds some).
 */
function closingParenthesis(text: string, from: number): number | undefined {
  let depth = 1;
  let quote: string | undefined;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') {
      index += 1;
    } else if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '(') {
      depth += 1;
    } else if (char === ')') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return undefined;
}

function references(value: string): string[] {
  return [...value.matchAll(NGINX_VARIABLE)].map((match) => match[1] ?? '');
}

function unquoted(value: string): string {
  const quoted = /^(["'])([\s\S]*)\1$/.exec(value);
  return quoted?.[2] ?? value;
}
