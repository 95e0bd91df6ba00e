/**
 * Seeds for the origin probes (origin-probes.ts): the origins a configuration reveals by itself.
 * `corsproof audit` needs no `--origin` to find an origin function's holes, because the function's
 * own text names what it checks: the string literals it compares with (`endsWith(".vercel.app")`,
 * `includes("localhost")`, `startsWith("https://app.example.com")`), the RegExp literals it tests
 * (`/^https:\/\/.*\.amplifyapp\.com$/`, read through an origin they match), and the origins listed
 * beside it in the options. Every value is bounded (text length, seed count): config modules are
 * hostile input like anything else.
 */
import { isOriginPattern, parseOriginPattern } from "./origin-pattern.js";
import type { ProbeSeed } from "./origin-probes.js";
import { regexpWitnesses } from "./origin-probes.js";
import { isPotentiallyTrustworthyHost, splitSerializedOrigin } from "./origin.js";

/** At most this many seeds (each gives ~20 probes), and this much function text, are read. */
const MAX_SEEDS = 32;
const MAX_TEXT = 64 * 1024;

/**
 * A seed for a serialised origin or an origin pattern (`https://*.example.com`, `http://localhost:*`),
 * or undefined for anything else.
 *
 * @example
 * ```ts
 * toProbeSeed("https://*.example.com"); // { source: "https://*.example.com", scheme: "https", host: "example.com", port: "", subdomains: true }
 * ```
 */
export function toProbeSeed(value: string): ProbeSeed | undefined {
  const parts = splitSerializedOrigin(value);
  if (parts !== undefined) return { source: value, scheme: parts.scheme, host: parts.host, port: parts.port, subdomains: false };
  if (!value.includes("*")) return undefined;
  const pattern = parseOriginPattern(value);
  return isOriginPattern(pattern)
    ? { source: value, scheme: pattern.scheme, host: pattern.host, port: pattern.port, subdomains: pattern.subdomains }
    : undefined;
}

/** String literals ('…', "…", `…`) in source text, contents only, escapes kept. */
const STRING_LITERAL = /(["'`])((?:\\.|(?!\1)[^\\\n])*)\1/g;
/** RegExp literal candidates: `/…/flags` not starting a comment (a division may match too; it yields no origin). */
const REGEXP_LITERAL = /\/((?![*/])(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[])+)\/([dgimsuvy]*)/g;
/** Origins written out (`https://app.example.com`, `http://localhost:3000`, `https://*.example.com`). */
const ORIGIN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/(?:\*\.)?[a-z0-9.-]+(?::(?:\d+|\*))?/gi;
/** Host names (`.vercel.app`, `app.example.com`, `localhost`) and IPv4 addresses. */
const HOST_TEXT = /(?:^|[^a-z0-9_-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]|localhost|\d{1,3}(?:\.\d{1,3}){3})(?![a-z0-9_-])/gi;

/**
 * The seeds a configuration value reveals: listed origins and patterns, the literal parts of its
 * RegExps, and, for functions, the string and RegExp literals of their source text
 * (`Function.prototype.toString`). Nested arrays and objects are read a few levels deep.
 *
 * @example
 * ```ts
 * revealedSeeds((o: string) => o.endsWith(".vercel.app")).map((s) => s.source); // ["https://vercel.app"]
 * ```
 */
export function revealedSeeds(value: unknown): ProbeSeed[] {
  const seeds = new Map<string, ProbeSeed>();
  const addOrigin = (origin: string) => {
    const seed = seeds.size < MAX_SEEDS ? toProbeSeed(origin) : undefined;
    if (seed !== undefined && !seeds.has(seed.source)) seeds.set(seed.source, seed);
  };
  const fromText = (text: string) => {
    // A RegExp's source writes `\.` and `\/`: read it as the text it matches.
    const plain = text.replace(/\\([./:-])/g, "$1");
    for (const m of plain.matchAll(ORIGIN_TEXT)) addOrigin(m[0].toLowerCase());
    for (const m of plain.matchAll(HOST_TEXT)) {
      const host = (m[1] as string).toLowerCase();
      addOrigin(`https://${host}`);
      if (isPotentiallyTrustworthyHost(host) || /^[\d.]+$/.test(host)) addOrigin(`http://${host}`);
    }
  };
  const fromRegExp = (re: RegExp) => {
    for (const witness of regexpWitnesses(re)) addOrigin(witness);
    fromText(re.source);
  };
  const visit = (v: unknown, depth: number) => {
    if (typeof v === "string") fromText(v.slice(0, MAX_TEXT));
    else if (v instanceof RegExp) fromRegExp(v);
    else if (typeof v === "function") {
      const source = Function.prototype.toString.call(v).slice(0, MAX_TEXT);
      for (const m of source.matchAll(STRING_LITERAL)) fromText(m[2] as string);
      for (const m of source.matchAll(REGEXP_LITERAL)) {
        try {
          fromRegExp(new RegExp(m[1] as string, (m[2] as string).replace(/[gy]/g, "")));
        } catch {
          // Not a RegExp after all (a division, a URL path): it names no origin.
        }
      }
    } else if (depth < 4 && v !== null && typeof v === "object") {
      for (const item of (Array.isArray(v) ? v : Object.values(v)).slice(0, 256)) visit(item, depth + 1);
    }
  };
  visit(value, 0);
  return [...seeds.values()];
}
