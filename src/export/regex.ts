/**
 * Regular expressions that decide, inside a proxy, exactly what the engine decides in code: the
 * shape of an origin matched by a pattern, an allowed method, an allowed
 * Access-Control-Request-Headers list (with the engine's caps on its length and element counts).
 *
 * Two dialects: PCRE (nginx, HAProxy) and RE2 (Caddy, Go). Every expression is anchored and every
 * literal escaped. Where PCRE could backtrack, the PCRE form uses possessive quantifiers and
 * atomic groups (each choice is deterministic, so the language is unchanged); RE2 never
 * backtracks, and lacks both. Neither form uses look-around: what the engine refuses beyond the
 * list grammar is a separate "deny" expression, combined by the target with a logical AND-NOT.
 */
import { MAX_EMPTY_ELEMENTS, MAX_HEADER_LIST_LENGTH, MAX_HEADER_NAMES, MAX_OWS_RUN } from "../protocol/header-list.js";
import { MAX_ORIGIN_LENGTH, defaultPort } from "../protocol/origin.js";
import type { OriginPattern } from "../protocol/origin-pattern.js";

/** PCRE (nginx, HAProxy) or RE2 (Caddy). */
export type Dialect = "pcre" | "re2";

/** RFC 9110 tchar, as a character class. */
const TCHAR = "[!#$%&'*+.^_`|~0-9A-Za-z-]";
/** Longest host the engine accepts (isCanonicalHostname). */
const MAX_HOST_LENGTH = 253;
/** A host label as browsers serialise it: 1..63 of a-z 0-9 - _, not starting or ending with "-". */
const LABEL = "[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?";

/** Escapes every regex metacharacter of `text` (valid in PCRE and RE2). */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|-]/g, "\\$&");
}

/** A possessive suffix in PCRE, nothing in RE2. */
function poss(d: Dialect): string {
  return d === "pcre" ? "+" : "";
}

/** An atomic group in PCRE, a plain group in RE2. */
function atomic(body: string, d: Dialect): string {
  return d === "pcre" ? `(?>${body})` : `(?:${body})`;
}

/** `[lo-hi]` for digits lo..hi without `except`, or undefined when empty. */
function digitClass(lo: number, except: number): string {
  const digits: number[] = [];
  for (let i = lo; i <= 9; i++) if (i !== except) digits.push(i);
  return `[${digits.join("")}]`;
}

/** Canonical ports (1..65535, no leading zeros) of `length` digits. */
const PORTS_BY_LENGTH = ["[1-9]", "[1-9][0-9]", "[1-9][0-9]{2}", "[1-9][0-9]{3}", "(?:[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"];

/**
 * A canonical port other than `except` (a scheme's default port, which browsers never serialise):
 * for the length of `except`, one alternative per position where the digits first differ.
 */
export function portRegex(except: string | undefined): string {
  const parts = PORTS_BY_LENGTH.map((re, i) => {
    if (except === undefined || except.length !== i + 1) return re;
    const alternatives: string[] = [];
    for (let p = 0; p < except.length; p++) {
      const rest = except.length - p - 1;
      alternatives.push(`${except.slice(0, p)}${digitClass(p === 0 ? 1 : 0, Number(except[p]))}${rest > 0 ? `[0-9]{${rest}}` : ""}`);
    }
    return alternatives.join("|");
  });
  return `(?:${parts.join("|")})`;
}

/**
 * The origins an origin pattern matches, exactly as `matchOrigin` + `isSerializedOrigin` accept
 * them, except the 253-byte cap on the host, which {@link hostTooLongRegex} denies.
 */
export function originPatternRegex(p: OriginPattern): string {
  // Not possessive: the base's own labels match LABEL too, so the repetition must give them back.
  const host = p.subdomains ? `(?:${LABEL}\\.)+${escapeRegex(p.host)}` : escapeRegex(p.host);
  const port = p.port === "*" ? `(?::${portRegex(defaultPort(p.scheme))})?` : p.port === "" ? "" : `:${p.port}`;
  return `^${escapeRegex(p.scheme)}://${host}${port}$`;
}

/** Origins whose host is longer than browsers allow (denied even when a pattern matches). */
export function hostTooLongRegex(): string {
  return `^[^/]*//[^:/]{${MAX_HOST_LENGTH + 1}}`;
}

/** A list of literal alternatives, longest first (so an atomic group never commits to a prefix). */
function alternatives(items: readonly string[], d: Dialect): string {
  const sorted = [...items].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return atomic(sorted.map(escapeRegex).join("|"), d);
}

/** Methods that are allowed by name (case-sensitive, Fetch): `^(?:GET|HEAD|POST|PUT)$`. */
export function methodListRegex(methods: readonly string[], d: Dialect): string {
  return `^${alternatives(methods, d)}$`;
}

/** Any token (for `methods: "*"`). */
export function tokenRegex(d: Dialect): string {
  return `^${TCHAR}+${poss(d)}$`;
}

/** Fetch forbidden methods, byte-case-insensitive. */
export function forbiddenMethodRegex(): string {
  return "^(?i:CONNECT|TRACE|TRACK)$";
}

/**
 * A well-formed Access-Control-Request-Headers value (header-list.ts grammar: elements separated
 * by commas, each at most 8 OWS, optionally a name and at most 8 OWS) whose names are all in
 * `names` (case-insensitively), or any token when `names` is undefined.
 */
export function requestHeadersRegex(names: readonly string[] | undefined, d: Dialect): string {
  const ows = `[ \\t]{0,${MAX_OWS_RUN}}${poss(d)}`;
  const name = names === undefined ? `${TCHAR}+${poss(d)}` : names.length > 0 ? `(?i:${alternatives(names, d)})` : undefined;
  const element = name === undefined ? ows : `${ows}(?:${name}${ows})?${poss(d)}`;
  // PCRE calls the first element again as a subroutine, so a long name list is written once (a named
  // group: HAProxy compiles without numbered captures).
  return d === "pcre" ? `^(?<corsproof_element>${element})(?:,(?&corsproof_element))*+$` : `^${element}(?:,${element})*$`;
}

/** Values the engine refuses before reading them (over MAX_HEADER_LIST_LENGTH bytes). */
export function headersTooLongRegex(): string {
  // RE2 caps a repeat count, nested ones multiplied, at 1000: the length is spelt as a sequence.
  const n = MAX_HEADER_LIST_LENGTH + 1;
  return `^${"[\\s\\S]{1000}".repeat(Math.floor(n / 1000))}[\\s\\S]{${n % 1000}}`;
}

/** Lists with more empty elements than the engine tolerates. */
export function tooManyEmptyElementsRegex(d: Dialect): string {
  const p = poss(d);
  const nonEmptyThenComma = `(?:[ \\t]*${p}[^ \\t,][^,]*${p},)*${p}`;
  const empty = `[ \\t]*${p}`;
  return `^${nonEmptyThenComma}${empty}(?:,${nonEmptyThenComma}${empty}){${MAX_EMPTY_ELEMENTS}}(?:,|$)`;
}

/** Lists with more names than the engine reads. */
export function tooManyNamesRegex(d: Dialect): string {
  const p = poss(d);
  const emptyThenComma = `(?:[ \\t]*${p},)*${p}`;
  const name = `[ \\t]*${p}[^ \\t,][^,]*${p}`;
  return `^${emptyThenComma}${name}(?:,${emptyThenComma}${name}){${MAX_HEADER_NAMES}}`;
}

/** A list naming Authorization, which `*` does not cover (Fetch). */
export function namesAuthorizationRegex(): string {
  return "(?:^|,)[ \\t]*(?i:authorization)[ \\t]*(?:,|$)";
}

/*
 * `origin: true` reflects any Origin that has exactly the shape a browser sends (isSerializedOrigin
 * in protocol/origin.ts). The rules below decide the same, in order, the first match deciding:
 * the caps and the non-canonical forms are denied first, then the canonical hosts are allowed.
 */

/** A canonical scheme (schemeEnd): lower-case letter, then letters, digits, `+ - .`; at most 64 bytes. */
const SCHEME = "[a-z][a-z0-9+.-]{0,63}";
/** A canonical decimal IPv4 part: 0..255 without leading zeros. */
const IPV4_PART = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
/** A non-zero IPv6 piece as the URL serializer writes it: lower-case hex without leading zeros. */
const IPV6_NONZERO = "[1-9a-f][0-9a-f]{0,3}";
/** Longest IPv6 alternation per expression (nginx reads a token of at most 4 KiB). */
const MAX_IPV6_REGEX = 3000;

/** Origins longer than MAX_ORIGIN_LENGTH, which the engine denies unread. */
export function originTooLongRegex(): string {
  return `^[\\s\\S]{${MAX_ORIGIN_LENGTH + 1}}`;
}

/** Hosts over 253 bytes, not counting one trailing dot (isCanonicalHostname). */
export function reflectedHostTooLongRegex(): string {
  return `^[^/]*//(?:[^:/]{${MAX_HOST_LENGTH + 2}}|[^:/]{${MAX_HOST_LENGTH}}[^:/.](?::|$))`;
}

/** A special scheme's default port written out, which browsers never serialise. */
export function defaultPortRegex(): string {
  const bySchemes = new Map<string, string[]>();
  for (const scheme of ["http", "https", "ws", "wss", "ftp"]) {
    const port = defaultPort(scheme) as string;
    bySchemes.set(port, [...(bySchemes.get(port) ?? []), scheme]);
  }
  return [...bySchemes].map(([port, schemes]) => `^(?:${schemes.join("|")})://[^/]*:${port}$`).join("|");
}

/** An origin whose host is a canonical dotted-quad IPv4 address. */
export function ipv4OriginRegex(): string {
  return `^${SCHEME}://${IPV4_PART}(?:\\.${IPV4_PART}){3}(?::${portRegex(undefined)})?$`;
}

/**
 * Hosts whose last label is a number (URL Standard "ends in a number"): they are IPv4 addresses
 * or invalid, so once the canonical dotted quads are allowed, the rest is denied.
 */
export function numericHostRegex(): string {
  return "^[^/]*//(?:[^:/]*\\.)?(?:[0-9]+|0x[0-9a-f]*)\\.?(?::|$)";
}

/** An origin whose host is a canonical name (labels of a-z 0-9 - _, one trailing dot allowed). */
export function hostnameOriginRegex(): string {
  return `^${SCHEME}://${LABEL}(?:\\.${LABEL})*\\.?(?::${portRegex(undefined)})?$`;
}

/**
 * Every IPv6 address shape the URL Standard's serializer writes (section 3.6: the first longest
 * run of two or more zero pieces becomes `::`), with `N` for a non-zero piece.
 */
function ipv6Shapes(): string[] {
  const shapes = new Set<string>();
  for (let bits = 0; bits < 256; bits++) {
    const zero = (i: number) => ((bits >> i) & 1) === 0;
    let compress = -1;
    let longest = 1;
    for (let i = 0; i < 8; ) {
      let j = i;
      while (j < 8 && zero(j)) j++;
      if (j - i > longest) {
        longest = j - i;
        compress = i;
      }
      i = j === i ? i + 1 : j;
    }
    let out = "";
    let ignoreZero = false;
    for (let i = 0; i < 8; i++) {
      if (ignoreZero && zero(i)) continue;
      ignoreZero = false;
      if (compress === i) {
        out += i === 0 ? "::" : ":";
        ignoreZero = true;
        continue;
      }
      out += zero(i) ? "0" : "N";
      if (i !== 7) out += ":";
    }
    shapes.add(out);
  }
  return [...shapes].sort();
}

/** A regex alternation of `shapes` sharing common prefixes (a trie), `N` standing for {@link IPV6_NONZERO}. */
function shapeTrie(shapes: readonly string[]): string {
  if (shapes.length === 1 && shapes[0] === "") return "";
  const byFirst = new Map<string, string[]>();
  let optional = false;
  for (const s of shapes) {
    if (s === "") optional = true;
    else byFirst.set(s[0] as string, [...(byFirst.get(s[0] as string) ?? []), s.slice(1)]);
  }
  const branches = [...byFirst].map(([c, rest]) => (c === "N" ? IPV6_NONZERO : escapeRegex(c)) + shapeTrie(rest));
  const body = branches.length === 1 && !optional ? (branches[0] as string) : `(?:${branches.join("|")})`;
  return optional ? (branches.length === 1 ? `(?:${body})?` : `${body}?`) : body;
}

/** Origins whose host is a canonical bracketed IPv6 address, as several expressions (each under 4 KiB). */
export function ipv6OriginRegexes(): string[] {
  const byFirst = new Map<string, string[]>();
  for (const s of ipv6Shapes()) {
    // Split by the first two characters, so each expression stays short.
    const key = s.slice(0, 2);
    byFirst.set(key, [...(byFirst.get(key) ?? []), s]);
  }
  const port = `(?::${portRegex(undefined)})?`;
  const regexes: string[] = [];
  let pending: string[] = [];
  const flush = () => {
    if (pending.length > 0) regexes.push(`^${SCHEME}://\\[${shapeTrie(pending)}\\]${port}$`);
    pending = [];
  };
  for (const group of byFirst.values()) {
    if (pending.length > 0 && shapeTrie([...pending, ...group]).length > MAX_IPV6_REGEX) flush();
    pending.push(...group);
  }
  flush();
  return regexes;
}
