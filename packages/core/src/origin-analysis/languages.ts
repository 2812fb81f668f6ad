/**
 * Sets of origins as automata, built by refa from regexes written here (never from user input):
 * valid serialized origins, origins an attacker can register, insecure non-loopback origins, and the
 * example shapes used to pick a readable counterexample. Everything works over the BMP alphabet
 * (`ALPHABET_MAX`), which holds every character a serialized origin can contain.
 */
import type { Char, DFA, NFA, TransitionIterable } from 'refa';
import { refa } from './automata-libraries.js';
import { BoundedCache } from './analysis-cache.js';
import { escapeRegexLiteral } from './matcher-regex.js';

export const ALPHABET_MAX = 0xffff as Char;

/** A DNS label as browsers serialize it: lowercase letters, digits, inner hyphens. */
const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const PORT = '(?::[1-9][0-9]{0,4})?';
/**
 * A port an `http://` Origin header can carry: browsers serialize an origin without its scheme's
 * default port, so `:80` never appears (`:8`, `:800`, `:8080` do).
 */
const HTTP_PORT = '(?::(?:[1-79][0-9]{0,4}|8(?:[1-9][0-9]{0,3}|0[0-9]{1,3})?))?';
const IPV6 = '\\[[0-9a-f:.]+\\]';
/** Any host a browser can put in an Origin: a DNS name (single-label ones too), IPv4 (digit labels) or IPv6. */
const ANY_HOST = `(?:(?:${LABEL}\\.)*${LABEL}|${IPV6})`;

/**
 * Top-level domains an attacker can register names under today. Attack origins must end in one of
 * these (or in the author's own TLD), so a pattern whose only loophole is an invented TLD such as
 * `www.examplexcom` is not reported.
 */
const REGISTRABLE_TLDS = [
  'com', 'net', 'org', 'info', 'biz', 'io', 'co', 'ai', 'app', 'dev', 'xyz', 'site', 'online', 'tech', 'cloud',
  'shop', 'store', 'page', 'link', 'live', 'pro', 'me', 'tv', 'cc', 'to', 'gg', 'sh', 'ly', 'us', 'uk', 'de',
  'fr', 'nl', 'eu', 'ca', 'au', 'jp', 'cn', 'ru', 'br', 'in', 'it', 'es', 'ch', 'se', 'no', 'pl', 'be', 'at',
];

/**
 * Top-level domains nobody can register names under publicly (RFC 2606, RFC 6761, ICANN's `.internal`,
 * and names in common private use), so an author's own domain there does not make its TLD an attacker's.
 */
const PRIVATE_TLDS = new Set(['internal', 'local', 'localhost', 'test', 'example', 'invalid', 'arpa', 'lan', 'home', 'corp', 'intranet', 'private']);

/** The placeholder attacker domain shown in messages (RFC 2606 reserves `.test` for examples). */
export const ATTACKER_DOMAIN = 'attacker.test';

const MAX_LANGUAGE_NODES = 5000;

function regexNfa(source: string): NFA {
  const { JS, NFA } = refa();
  const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags: '' }).parse();
  return NFA.fromRegex(expression, { maxCharacter }, {}, new NFA.LimitedNodeFactory(MAX_LANGUAGE_NODES));
}

function regexDfa(source: string): DFA {
  const { DFA } = refa();
  const dfa = DFA.fromFA(regexNfa(source), new DFA.LimitedNodeFactory(MAX_LANGUAGE_NODES));
  dfa.minimize();
  return dfa;
}

function intersect<L, R>(left: TransitionIterable<L>, right: TransitionIterable<R>): DFA {
  const { DFA } = refa();
  const dfa = DFA.fromIntersection(left, right, new DFA.LimitedNodeFactory(MAX_LANGUAGE_NODES));
  dfa.minimize();
  return dfa;
}

/** Languages are cached per intended domain; a repository with thousands of domains must not grow it without end. */
const MAX_CACHED_LANGUAGES = 512;
const cache = new BoundedCache<string, DFA>(MAX_CACHED_LANGUAGES);

function cached(key: string, build: () => DFA): DFA {
  return cache.getOrCompute(key, build);
}

function schemePrefix(scheme: 'http' | 'https' | 'any'): string {
  return scheme === 'any' ? 'https?:\\/\\/' : `${scheme}:\\/\\/`;
}

/** Origins whose host lies inside `domain` (the domain itself or any subdomain). */
function originsInside(domain: string): string {
  return `https?:\\/\\/(?:${LABEL}\\.)*${escapeRegexLiteral(domain)}${PORT}`;
}

/**
 * Origins an attacker can register that lie outside `intended`: http or https, a DNS name of at least
 * two labels ending in a real TLD, any port. `intended` null means no domain is intended.
 */
export function attackerOrigins(intended: string | null, scheme: 'http' | 'https' | 'any' = 'any'): DFA {
  return cached(`attacker|${intended ?? ''}|${scheme}`, () => {
    const ownTld = intended?.split('.').pop();
    const publicOwnTld = ownTld && /^[a-z]{2,}$/.test(ownTld) && !PRIVATE_TLDS.has(ownTld);
    const tlds = publicOwnTld ? [...new Set([...REGISTRABLE_TLDS, ownTld])] : REGISTRABLE_TLDS;
    const registrable = registrableOrigins(tlds, scheme);
    if (intended === null) return registrable;
    const outside = regexDfa(originsInside(intended));
    outside.complement();
    return intersect(registrable, outside);
  });
}

/**
 * Origins on a name anyone can register under one of `tlds`. Shared by every intended domain whose own
 * TLD is already listed (most of them), so it is built once, not once per domain.
 */
function registrableOrigins(tlds: readonly string[], scheme: 'http' | 'https' | 'any'): DFA {
  return cached(`registrable|${scheme}|${tlds.join('|')}`, () => regexDfa(`${schemePrefix(scheme)}(?:${LABEL}\\.)+(?:${tlds.join('|')})${PORT}`));
}

/** Origins on the placeholder attacker domain (`https://example.com.attacker.test`), outside `intended`. */
export function placeholderAttackerOrigins(intended: string | null, scheme: 'http' | 'https' = 'https'): DFA {
  return cached(`placeholder|${intended ?? ''}|${scheme}`, () => {
    const placeholder = regexDfa(`${schemePrefix(scheme)}(?:${LABEL}\\.)*${escapeRegexLiteral(ATTACKER_DOMAIN)}`);
    if (intended === null) return placeholder;
    const outside = regexDfa(originsInside(intended));
    outside.complement();
    return intersect(placeholder, outside);
  });
}

/** Attacker origins whose host starts with the word `attacker` (`https://attackerexample.com`). */
export function attackerNamedOrigins(intended: string | null): DFA {
  return cached(`named|${intended ?? ''}`, () =>
    intersect(attackerOrigins(intended, 'https'), regexDfa(`https:\\/\\/attacker[^]*`)),
  );
}

/** The opaque origin's serialization, `null`, which sandboxed frames and data: URLs send. */
export function nullOriginLanguage(): DFA {
  return cached('null', () => regexDfa('null'));
}

/** Every valid serialized http(s) origin: lowercase host, optional non-default-looking port. */
export function validOrigins(): DFA {
  return cached('valid', () => regexDfa(`https?:\\/\\/${ANY_HOST}${PORT}`));
}

/**
 * `http://` origins whose host is not loopback (`localhost`, `*.localhost`, 127.0.0.0/8, `[::1]`,
 * `0.0.0.0`), as browsers send them (never with `:80`).
 */
export function insecureOrigins(): DFA {
  return cached('insecure', () => {
    const http = regexDfa(`http:\\/\\/${ANY_HOST}${HTTP_PORT}`);
    const loopback = regexDfa(
      `http:\\/\\/(?:(?:${LABEL}\\.)*localhost|127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}|\\[::1\\]|0\\.0\\.0\\.0)${PORT}`,
    );
    loopback.complement();
    return intersect(http, loopback);
  });
}

/** Valid origins with an https scheme, to prefer them in examples. */
export function secureValidOrigins(): DFA {
  return cached('valid-https', () => regexDfa(`https:\\/\\/${ANY_HOST}${PORT}`));
}

/** Intersect two cached languages (both small), for callers combining a constraint with a language. */
export function intersectLanguages(left: DFA, right: DFA): DFA {
  return intersect(left, right);
}

/** The complement of a language, as a new automaton. */
export function complementLanguage(language: DFA): DFA {
  const copy = language.copy();
  copy.complement();
  return copy;
}
