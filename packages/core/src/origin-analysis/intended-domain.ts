/**
 * Which registrable domain the author of one branch meant to trust, read from the branch's structure.
 *
 * The decision: the author meant the domain spelled out literally at the end of the host. Reading the
 * branch from its end, we skip what can only be a port or nothing at all (`(:\d+)?`, `:[0-9]+`, `/?`),
 * and assertions, then collect the run of literal characters before it, reading a lone unescaped `.` as
 * the dot the author surely meant. That literal tail (`.example.com` in `^https://.*\.example\.com$`,
 * `example.com` in `^https://.*example\.com$`, `app.example.com` in `^https://app.example.com$`) is cut
 * after the last `/` and before a `:` so only host text remains, and its registrable domain is the
 * intended one: `example.com` in all three cases. Hosts inside that domain (`x.y.example.com`) are the
 * author's own DNS, so accepting them is no attack; any other registrable domain the branch accepts is.
 *
 * When the literal tail holds no complete registrable domain (`^https://[a-z]+\.com$`,
 * `^https://example\.[a-z]+$`, `^https://.*$`, `.com` as a suffix), a wildcard covers the registrable
 * domain itself and nothing is intended beyond what every accepted host spells out: the only
 * exception is a complete single-label host (`http://localhost`).
 */
import type { AST } from '@eslint-community/regexpp';
import { regexpAstAnalysis } from './automata-libraries.js';
import type { Branch } from './branches.js';
import { registrableDomain } from './registrable-domain.js';

export interface IntendedDomain {
  /** The registrable domain the branch was meant for, or `null` when a wildcard covers it. */
  domain: string | null;
  /** The literal host text at the end of the branch, lowercased (`.example.com`). */
  literalTail: string;
  /** Whether the literal tail starts at a label boundary (after `//`, a dot, or the start of the string). */
  startsAtLabel: boolean;
}

const ZERO = 0x30;
const COLON = 0x3a;

/** Whether an element only ever consumes digits and colons: a port. */
function isPortOnly(element: AST.Element, flags: AST.Flags): boolean {
  const { chars } = regexpAstAnalysis().getConsumedChars(element, flags);
  return !chars.isEmpty && chars.ranges.every((range) => range.min >= ZERO && range.max <= COLON);
}

/** The character an element always matches, as the author meant it, or `undefined` when it varies. */
export function literalCharacter(element: AST.Element): string | undefined {
  if (element.type === 'Character') return String.fromCodePoint(element.value).toLowerCase();
  if (element.type === 'CharacterSet' && element.kind === 'any') return '.';
  if (element.type === 'CharacterClass' && !element.negate && element.elements.length === 1) {
    const [only] = element.elements;
    if (only?.type === 'Character') return String.fromCodePoint(only.value).toLowerCase();
  }
  return undefined;
}

/** A lone `.` (not quantified, not in a class): almost always meant as a literal dot. */
export function isUnescapedDot(element: AST.Element): element is AST.AnyCharacterSet {
  return element.type === 'CharacterSet' && element.kind === 'any';
}

/**
 * @param body the branch without its edge anchors
 * @param startsAtBeginning whether the branch's first element is matched at the start of the origin
 */
export function intendedDomain(body: Branch, flags: AST.Flags, startsAtBeginning: boolean): IntendedDomain {
  let end = body.length;
  // Skipped optional elements (`(:\d+)?`, `/?`, a trailing `.*`) may still extend the host.
  let hostMayContinue = false;
  for (; end > 0; end--) {
    const element = body[end - 1] as AST.Element;
    // A trailing `\b` or lookahead consumes nothing.
    if (element.type === 'Assertion' || isPortOnly(element, flags)) continue;
    if (!regexpAstAnalysis().isPotentiallyEmpty(element, flags)) break;
    hostMayContinue = true;
  }
  let start = end;
  let tail = '';
  for (; start > 0; start--) {
    const char = literalCharacter(body[start - 1] as AST.Element);
    if (char === undefined) break;
    tail = char + tail;
  }
  let startsAtLabel = start === 0 && startsAtBeginning;
  let wholeHost = startsAtLabel;
  const slash = tail.lastIndexOf('/');
  if (slash >= 0) {
    tail = tail.slice(slash + 1);
    startsAtLabel = true;
    wholeHost = true;
  }
  const colon = tail.indexOf(':');
  if (colon >= 0) tail = tail.slice(0, colon);
  if (tail.startsWith('.')) {
    startsAtLabel = true;
    wholeHost = false;
  }
  if (hostMayContinue || tail.endsWith('.')) wholeHost = false;
  const labels = tail.split('.').filter((label) => label !== '');
  let domain: string | null = registrableDomain(labels) ?? null;
  if (domain === null && wholeHost && labels.length === 1) domain = labels[0] ?? null;
  return { domain, literalTail: tail, startsAtLabel };
}
