/**
 * The one generator of attacker-style origins, shared by the policy's construction-time checks,
 * `corsproof audit` and the scanner: origins a configuration allows, mutated the ways real
 * allowlists are fooled (prefix and suffix extensions, an `http:` downgrade, another port, other
 * subdomains, an unescaped `.`, shared-hosting neighbours), and witnesses — origins an origin
 * RegExp matches, one per top-level alternative, which seed the probes of that RegExp.
 *
 * Look-alike origins admitted by an unescaped `.` in an origin RegExp: `/^https:\/\/app.example.com$/`
 * also matches `https://app-example.com`, a host anyone can register. We refuse only when it really
 * happens: for each single (unquantified) `.` outside a character class, we build an origin the
 * RegExp matches that passes through that dot (a witness), put `-` or a letter where the dot
 * matched, and refuse when the RegExp still matches, the result is an origin a browser can send,
 * and the same RegExp with its single dots escaped does not match it (so the author did not name it
 * elsewhere in the RegExp).
 *
 * The witness generator understands the syntax origin RegExps are written in (literals, escapes,
 * classes, groups, alternatives, quantifiers); anything else (lookarounds, back-references,
 * Unicode escapes) makes it give up, and then nothing is refused.
 */
import { isSerializedOrigin, serializeOrigin } from "./origin.js";
import { SHARED_HOSTING_SUFFIXES } from "./shared-hosting.js";

type Node =
  | { readonly t: "text"; readonly text: string }
  | { readonly t: "dot"; readonly at: number }
  | { readonly t: "alt"; readonly options: readonly Node[][] }
  | { readonly t: "repeat"; readonly node: Node; readonly min: number };

/** Thrown inside the parser for syntax the generator does not model. */
class Unsupported extends Error {}

/** `\d` stands for 8, not 0: a port written `\d+` must not become the bad port 0. */
const ESCAPE_SAMPLE: Readonly<Record<string, string>> = { d: "8", w: "a" };
/** Characters a class may stand for in a witness, in order of preference. */
const CLASS_SAMPLES = ["a", "0", "-", "_", ".", ":", "/"];

/** The first of CLASS_SAMPLES the class matches (a `v`-flag nested class is not modelled). */
function classSample(cls: string, flags: string): string | undefined {
  let re: RegExp;
  try {
    re = new RegExp(cls, flags);
  } catch {
    throw new Unsupported();
  }
  return CLASS_SAMPLES.find((x) => re.test(x));
}

/** Parses a RegExp source (without the leading `^` and trailing `$`) into the subset above. */
function parse(source: string, flags: string): Node[] {
  let i = 0;
  const escaped = (): string => {
    const c = source[i + 1];
    i += 2;
    // Assertions, back-references, control and Unicode escapes are not modelled.
    if (c === undefined || /[0-9bBsSWDpPkuxcnrtfv]/.test(c)) throw new Unsupported();
    return ESCAPE_SAMPLE[c] ?? c;
  };
  const sequence = (): Node[][] => {
    const options: Node[][] = [[]];
    while (i < source.length) {
      const c = source[i] as string;
      const current = options[options.length - 1] as Node[];
      if (c === ")") break;
      if (c === "|") {
        options.push([]);
        i++;
        continue;
      }
      let node: Node;
      if (c === "(") {
        i++;
        if (source[i] === "?") {
          if (source.startsWith("?:", i)) i += 2;
          else if (source.startsWith("?<", i) && source[i + 2] !== "=" && source[i + 2] !== "!") i = source.indexOf(">", i) + 1;
          else throw new Unsupported();
        }
        const inner = sequence();
        if (source[i] !== ")") throw new Unsupported();
        i++;
        node = { t: "alt", options: inner };
      } else if (c === "[") {
        // A class stands for the first host character it matches.
        let end = i + 1;
        while (end < source.length && source[end] !== "]") end += source[end] === "\\" ? 2 : 1;
        if (end >= source.length) throw new Unsupported();
        const sample = classSample(source.slice(i, end + 1), flags);
        if (sample === undefined) throw new Unsupported();
        i = end + 1;
        node = { t: "text", text: sample };
      } else if (c === "\\") {
        node = { t: "text", text: escaped() };
      } else if (c === ".") {
        node = { t: "dot", at: i };
        i++;
      } else if (c === "^" || c === "$" || c === "*" || c === "+" || c === "?" || c === "{") {
        throw new Unsupported();
      } else {
        node = { t: "text", text: c };
        i++;
      }
      current.push(quantified(node));
    }
    return options;
  };
  const quantified = (node: Node): Node => {
    const q = source[i];
    let min: number;
    if (q === "?" || q === "*") min = 0;
    else if (q === "+") min = 1;
    else if (q === "{") {
      const m = /^\{(\d+)(,\d*)?\}/.exec(source.slice(i));
      if (m === null) throw new Unsupported();
      min = Number(m[1]);
      i += m[0].length - 1;
    } else return node;
    i++;
    if (source[i] === "?") i++;
    return { t: "repeat", node, min };
  };
  const options = sequence();
  if (i !== source.length) throw new Unsupported();
  return [{ t: "alt", options }];
}

function contains(node: Node, at: number): boolean {
  if (node.t === "dot") return node.at === at;
  if (node.t === "repeat") return contains(node.node, at);
  if (node.t === "alt") return node.options.some((o) => o.some((n) => contains(n, at)));
  return false;
}

/** A string the nodes match that passes through the dot at `target`, written as `stand`; other dots as `.`. */
function witness(nodes: readonly Node[], target: number, stand: string): string {
  let out = "";
  for (const node of nodes) {
    if (node.t === "text") out += node.text;
    else if (node.t === "dot") out += node.at === target ? stand : ".";
    else if (node.t === "alt") out += witness(node.options.find((o) => o.some((n) => contains(n, target))) ?? node.options[0] ?? [], target, stand);
    else out += witness([node.node], target, stand).repeat(contains(node, target) ? Math.max(node.min, 1) : node.min);
  }
  return out;
}

/** Positions of single `.`s (unescaped, outside classes, not followed by a quantifier). */
function singleDots(source: string): number[] {
  const dots: number[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "." && !/[*+?{]/.test(source[i + 1] ?? "")) dots.push(i);
  }
  return dots;
}

/** What an anchored origin RegExp admits through an unescaped dot, and the RegExp with those dots escaped. */
export interface LookalikeOrigin {
  /** An origin the RegExp matches though its author did not name it. */
  readonly admitted: string;
  /** The origin the author meant, for the message. */
  readonly meant: string;
  /** The RegExp with every single `.` escaped. */
  readonly fixed: RegExp;
}

/** One top-level alternative of a RegExp source: its text and where it starts in the source. */
export interface Alternative {
  readonly text: string;
  readonly at: number;
}

/**
 * The top-level alternatives of a RegExp source (split at each `|` outside groups and classes):
 * `^a$|^b$` is two anchored alternatives, while `^(?:a|b)$` is one.
 */
export function topLevelAlternatives(source: string): Alternative[] {
  const out: Alternative[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      out.push({ text: source.slice(start, i), at: start });
      start = i + 1;
    }
  }
  out.push({ text: source.slice(start), at: start });
  return out;
}

/** Whether every top-level alternative of the source is anchored at both ends (`^…$`). */
export function fullyAnchored(source: string): boolean {
  return topLevelAlternatives(source).every((a) => a.text.startsWith("^") && endsAnchored(a.text));
}

/**
 * Finds a look-alike origin `re` admits through an unescaped `.`, or undefined. Every top-level
 * alternative of `re` must already be anchored (`^…$`), and `re` stateless (no `g`/`y`).
 */
export function findLookalikeOrigin(re: RegExp): LookalikeOrigin | undefined {
  const dots = singleDots(re.source);
  if (dots.length === 0) return undefined;
  let fixedSource = re.source;
  for (const at of [...dots].reverse()) fixedSource = `${fixedSource.slice(0, at)}\\${fixedSource.slice(at)}`;
  const fixed = new RegExp(fixedSource, re.flags);
  // With the `i` flag, the lower-case witness is the one a browser sends.
  const sent = (w: string) => (re.ignoreCase ? w.toLowerCase() : w);
  for (const alt of topLevelAlternatives(re.source)) {
    const nodes = tryParse(alt.text.slice(1, -1), re.flags);
    if (nodes === undefined) continue;
    for (const dot of dots) {
      // Positions in `nodes` are relative to the alternative without its leading `^`.
      const at = dot - alt.at - 1;
      if (at < 0 || at >= alt.text.length) continue;
      const meant = sent(witness(nodes, at, "."));
      if (!re.test(meant)) continue;
      for (const stand of ["-", "x"]) {
        const admitted = sent(witness(nodes, at, stand));
        if (re.test(admitted) && !fixed.test(admitted) && isSerializedOrigin(admitted) && serializeOrigin(admitted) === admitted) {
          return { admitted, meant, fixed };
        }
      }
    }
  }
  return undefined;
}

/** Parses `source` (anchors already removed) or returns undefined for syntax the generator does not model. */
function tryParse(source: string, flags: string): Node[] | undefined {
  try {
    return parse(source, flags);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

/** A string the nodes match, with every wildcard filled: a single character repeated at least once, groups their minimum. */
function filledWitness(nodes: readonly Node[]): string {
  let out = "";
  for (const node of nodes) {
    if (node.t === "text") out += node.text;
    // A single `.` is meant as a dot; `.*` and `.+` stand for a host label.
    else if (node.t === "dot") out += ".";
    else if (node.t === "alt") out += filledWitness(node.options[0] ?? []);
    else if (node.node.t === "dot") out += "a".repeat(Math.max(node.min, 1));
    else {
      const single = node.node.t === "text" && node.node.text.length === 1;
      out += filledWitness([node.node]).repeat(single ? Math.max(node.min, 1) : node.min);
    }
  }
  return out;
}

/** Whether the RegExp source ends in an unescaped `$`. */
export function endsAnchored(source: string): boolean {
  let backslashes = 0;
  for (let i = source.length - 2; i >= 0 && source[i] === "\\"; i--) backslashes++;
  return source.endsWith("$") && backslashes % 2 === 0;
}

/**
 * Origins a browser can send that `re` matches, one per top-level alternative, built from the
 * alternative's own literal parts (its first sub-alternatives, wildcards filled); alternatives
 * using syntax the generator does not model, or matching no origin, give none. Unanchored
 * alternatives are completed with a scheme or host start where their text begins mid-origin
 * (`/\.example\.com$/` gives `https://a.example.com`).
 */
export function regexpWitnesses(re: RegExp): string[] {
  const out: string[] = [];
  for (const alt of topLevelAlternatives(re.source)) {
    let source = alt.text;
    const start = source.startsWith("^");
    if (start) source = source.slice(1);
    if (endsAnchored(source)) source = source.slice(0, -1);
    const nodes = tryParse(source, re.flags);
    if (nodes === undefined) continue;
    const body = re.ignoreCase ? filledWitness(nodes).toLowerCase() : filledWitness(nodes);
    const witness = (start ? [""] : ["", "https://", "https://a"]).map((p) => p + body).find((c) => isSerializedOrigin(c) && re.test(c));
    if (witness !== undefined && !out.includes(witness)) out.push(witness);
  }
  return out;
}

/** A canary: an insecure origin on a documentation address (RFC 5737) and an odd port. */
export const CANARY_HTTP_ORIGIN = "http://203.0.113.7:8081";

/**
 * The origin-check mistake a probe exposes when the origin is allowed (the scanner's finding codes
 * for origin classes): `reflected-origin` any origin at all; `ip-origin` an `http:` page at a bare
 * IPv4 address anyone can rent; `null-origin`; `prefix-match` the seed's host followed by the
 * attacker's domain (startsWith, a RegExp without `$`); `suffix-match` a registrable name ending with
 * the seed's site (endsWith without the dot); `substring-match` a registrable name the seed contains
 * (the allowlist string's includes/indexOf); `unescaped-dot` a look-alike host (a RegExp's `.`);
 * `special-char-host` characters browsers keep after the host; `insecure-origin` the `http:` copy;
 * `other-port`; `any-subdomain`; `shared-hosting` a stranger's site on a shared-hosting suffix.
 */
export type ProbeKind =
  | "reflected-origin"
  | "ip-origin"
  | "null-origin"
  | "prefix-match"
  | "suffix-match"
  | "substring-match"
  | "unescaped-dot"
  | "special-char-host"
  | "insecure-origin"
  | "other-port"
  | "any-subdomain"
  | "shared-hosting";

/** An origin (or a pattern's base) the probes are derived from: what the site trusts or names. */
export interface ProbeSeed {
  /** As written (a serialised origin or a pattern), for reports. */
  readonly source: string;
  readonly scheme: string;
  /** The host, or the base domain of a subdomain pattern. */
  readonly host: string;
  /** `""` default port, `"*"` any port, else digits. */
  readonly port: string;
  readonly subdomains: boolean;
}

/** One probe origin, the mistake it exposes and the seed it was derived from. */
export interface OriginProbe {
  readonly origin: string;
  readonly kind: ProbeKind;
  readonly from: string;
  /** For `special-char-host`: the character after the host. */
  readonly char?: string;
}

/** Who owns names, as the caller's Public Suffix List tells (injected: protocol/ loads no list). */
export interface OriginProbeOptions {
  /** The attacker's registrable domain (default `corsproof-attacker.com`); probes only name it, no traffic goes there. */
  readonly attackerDomain?: string | undefined;
  /** The registrable domain of a host, or null for addresses and public suffixes themselves. */
  readonly site: (host: string) => string | null;
  /** The shared-hosting public suffix a host sits under (PSL private section), or undefined. */
  readonly sharedSuffix: (host: string) => string | undefined;
}

/** The default attacker domain of the scanner's PoC pages and the audit's probes. */
export const ATTACKER_DOMAIN = "corsproof-attacker.com";

/**
 * Characters after the trusted host that a real browser keeps in a host name (WHATWG "allowed host
 * code points"); which browsers send each is the scanner's knowledge (scanner/probe-origins.ts).
 */
export const SPECIAL_HOST_CHARACTERS: readonly string[] = ["_", "}", "!", "~", "$", "`"];

/**
 * Every probe origin for the seeds, de-duplicated (seeds themselves excluded by the caller), the
 * most general first (any origin, an IPv4 page, null) so that reflect-everything shows at once.
 * The one generator of `corsproof scan` and `corsproof audit`: the same seeds give the same probes.
 *
 * @example
 * ```ts
 * originProbes([{ source: "https://app.example.com", scheme: "https", host: "app.example.com", port: "", subdomains: false }], { site, sharedSuffix })
 *   .map((p) => `${p.kind} ${p.origin}`);
 * // ["reflected-origin https://corsproof-attacker.com", "ip-origin http://203.0.113.7:8081", "null-origin null",
 * //  "prefix-match https://app.example.com.corsproof-attacker.com", "suffix-match https://corsproofattackerexample.com", ...]
 * ```
 */
export function originProbes(seeds: readonly ProbeSeed[], options: OriginProbeOptions): OriginProbe[] {
  const attacker = options.attackerDomain ?? ATTACKER_DOMAIN;
  const label = (attacker.split(".")[0] as string).replaceAll("-", "");
  const out = new Map<string, OriginProbe>();
  const add = (origin: string, kind: ProbeKind, from: string, char?: string) => {
    if (!out.has(origin)) out.set(origin, char === undefined ? { origin, kind, from } : { origin, kind, from, char });
  };
  const first = seeds[0]?.source ?? "";
  add(`https://${attacker}`, "reflected-origin", first);
  add(CANARY_HTTP_ORIGIN, "ip-origin", first);
  add("null", "null-origin", first);
  for (const t of seeds) {
    const s = t.scheme;
    const from = t.source;
    // For a pattern, a concrete host under it stands in for "the trusted host".
    const host = t.subdomains ? `www.${t.host}` : t.host;
    const site = options.site(t.host);
    const foreign = (h: string) => {
      const d = options.site(h);
      return d !== null && d !== site;
    };
    const port = t.port === "" || t.port === "*" ? "" : `:${t.port}`;
    add(`${s}://${host}.${attacker}`, "prefix-match", from);
    if (site !== null) {
      add(`${s}://${label}${site}${port}`, "suffix-match", from);
      // The host less its last character (ybieri's check), the site less its first (CORScanner's include_match).
      for (const sub of [host.slice(0, -1), site.slice(1)]) if (/^[a-z0-9]/.test(sub) && foreign(sub)) add(`${s}://${sub}${port}`, "substring-match", from);
    }
    // A RegExp written from the host without escaping its dots: each dot is "any character" (not the
    // last one: a name without its top-level domain is nobody's to register).
    for (let i = host.indexOf("."); i >= 0 && i < host.lastIndexOf("."); i = host.indexOf(".", i + 1)) {
      const lookalike = `${host.slice(0, i)}x${host.slice(i + 1)}`;
      if (foreign(lookalike)) add(`${s}://${lookalike}${port}`, "unescaped-dot", from);
    }
    for (const char of SPECIAL_HOST_CHARACTERS) add(`${s}://${host}${char}.${attacker}`, "special-char-host", from, char);
    if (s === "https") add(`http://${host}${port}`, "insecure-origin", from);
    if (t.port !== "*") add(`${s}://${host}:${t.port === "4443" ? "4444" : "4443"}`, "other-port", from);
    // Sibling and deeper subdomains: only the site's owner can create them, but a foothold on one reads the API.
    const parent = host.slice(host.indexOf(".") + 1);
    if (site !== null && host !== site && options.site(parent) === site) add(`${s}://corsprobe.${parent}${port}`, "any-subdomain", from);
    add(`${s}://corsprobe.${host}${port}`, "any-subdomain", from);
    // A seed that is itself on shared hosting: its neighbours are strangers.
    const shared = options.sharedSuffix(t.host);
    if (shared !== undefined) add(`https://${label}.${shared}`, "shared-hosting", from);
  }
  for (const suffix of SHARED_HOSTING_SUFFIXES) add(`https://${label}.${suffix}`, "shared-hosting", first);
  return [...out.values()];
}
