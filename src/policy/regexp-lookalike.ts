/**
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
import { isSerializedOrigin, serializeOrigin } from "../protocol/origin.js";

type Node =
  | { readonly t: "text"; readonly text: string }
  | { readonly t: "dot"; readonly at: number }
  | { readonly t: "alt"; readonly options: readonly Node[][] }
  | { readonly t: "repeat"; readonly node: Node; readonly min: number };

/** Thrown inside the parser for syntax the generator does not model. */
class Unsupported extends Error {}

const ESCAPE_SAMPLE: Readonly<Record<string, string>> = { d: "0", w: "a" };
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
