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
import { defaultPort } from "../protocol/origin.js";
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
