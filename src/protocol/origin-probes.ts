/**
 * The one generator of attacker-style origins, shared by the policy's construction-time checks,
 * `corsproof audit` and the scanner: origins a configuration allows, mutated the ways real
 * allowlists are fooled (prefix and suffix extensions, an `http:` downgrade, another port, a
 * sibling under the same parent, an unescaped `.`), and witnesses — origins an origin RegExp matches.
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
import { isSerializedOrigin, serializeOrigin, splitSerializedOrigin } from "./origin.js";

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

/**
 * Finds a look-alike origin `re` admits through an unescaped `.`, or undefined. `re` must already be
 * anchored (`^…$`) and stateless (no `g`/`y`).
 */
export function findLookalikeOrigin(re: RegExp): LookalikeOrigin | undefined {
  const dots = singleDots(re.source);
  if (dots.length === 0) return undefined;
  let nodes: Node[];
  try {
    nodes = parse(re.source.slice(1, -1), re.flags);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
  let fixedSource = re.source;
  for (const at of [...dots].reverse()) fixedSource = `${fixedSource.slice(0, at)}\\${fixedSource.slice(at)}`;
  const fixed = new RegExp(fixedSource, re.flags);
  // With the `i` flag, the lower-case witness is the one a browser sends.
  const sent = (w: string) => (re.ignoreCase ? w.toLowerCase() : w);
  for (const dot of dots) {
    // Positions in `nodes` are relative to the source without its leading `^`.
    const at = dot - 1;
    const meant = sent(witness(nodes, at, "."));
    if (!re.test(meant)) continue;
    for (const stand of ["-", "x"]) {
      const admitted = sent(witness(nodes, at, stand));
      if (re.test(admitted) && !fixed.test(admitted) && isSerializedOrigin(admitted) && serializeOrigin(admitted) === admitted) {
        return { admitted, meant, fixed };
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
 * An origin a browser can send that `re` matches, built from the RegExp's own literal parts (its
 * first alternatives, wildcards filled), or undefined when the RegExp uses syntax the generator
 * does not model or what it matches is not an origin. Unanchored RegExps are completed with a
 * scheme or host start where their text begins mid-origin (`/\.example\.com$/`).
 */
export function regexpWitness(re: RegExp): string | undefined {
  let source = re.source;
  const start = source.startsWith("^");
  if (start) source = source.slice(1);
  if (endsAnchored(source)) source = source.slice(0, -1);
  const nodes = tryParse(source, re.flags);
  if (nodes === undefined) return undefined;
  const body = re.ignoreCase ? filledWitness(nodes).toLowerCase() : filledWitness(nodes);
  for (const prefix of start ? [""] : ["", "https://", "https://a"]) {
    const candidate = prefix + body;
    if (isSerializedOrigin(candidate) && re.test(candidate)) return candidate;
  }
  return undefined;
}

/** How an attacker origin was derived from an allowed one. */
export type ProbeTrick = "canary" | "prefix" | "suffix" | "substring" | "scheme" | "port" | "sibling";

/** An origin an attacker may own (or inject script into), derived from an allowed origin. */
export interface AttackerOrigin {
  readonly origin: string;
  readonly trick: ProbeTrick;
}

/** A host no one but an attacker would use, under a reserved name (RFC 2606), so probes never reach a real site. */
export const CANARY_ORIGIN = "https://corsproof-canary.attacker.example";
/** A second canary: an insecure origin on a documentation address (RFC 5737) and an odd port. */
export const CANARY_HTTP_ORIGIN = "http://203.0.113.7:8081";

/**
 * Attacker-style copies of `allowed` (a serialised origin): the checks real allowlists get wrong,
 * each with the trick that produced it — `prefix` (`evil-app.example.com` defeats `endsWith`
 * without a dot), `suffix` (`app.example.com.attacker.example` defeats `startsWith` and a missing
 * `$`), `substring` (`app.example.com-attacker.example` defeats `includes`), `scheme` (an `http:`
 * copy), `port` (another port) and `sibling` (another name under the same parent, which an attacker
 * owns when the parent is a shared-hosting public suffix — the caller judges that). Only origins a
 * browser can send are returned.
 */
export function attackerOrigins(allowed: string): AttackerOrigin[] {
  const parts = splitSerializedOrigin(allowed);
  if (parts === undefined) return [];
  const { scheme, host } = parts;
  const port = parts.port === "" ? "" : `:${parts.port}`;
  const out: AttackerOrigin[] = [];
  const add = (origin: string, trick: ProbeTrick) => {
    if (origin !== allowed && isSerializedOrigin(origin) && serializeOrigin(origin) === origin && !out.some((o) => o.origin === origin))
      out.push({ origin, trick });
  };
  const ip = host.startsWith("[") || /^[\d.]+$/.test(host);
  if (!ip) {
    add(`${scheme}://attacker-${host}${port}`, "prefix");
    add(`${scheme}://attacker${host}${port}`, "prefix");
    // endsWith("example.com") without the dot also admits `attackerexample.com`: prefix each parent domain.
    const labels = host.split(".");
    for (let i = 1; i < labels.length - 1; i++) add(`${scheme}://attacker${labels.slice(i).join(".")}${port}`, "prefix");
    add(`${scheme}://${host}.attacker.example${port}`, "suffix");
    add(`${scheme}://${host}-attacker.example${port}`, "substring");
    const dot = host.indexOf(".");
    if (dot > 0 && host.indexOf(".", dot + 1) > 0) add(`${scheme}://corsproof-attacker${host.slice(dot)}${port}`, "sibling");
  }
  if (scheme === "https") add(`http://${host}${port}`, "scheme");
  add(`${scheme}://${host}:${parts.port === "8443" ? "9443" : "8443"}`, "port");
  return out;
}
