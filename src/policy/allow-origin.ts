/**
 * Access-Control-Allow-Origin: which origins are allowed, compiled once into a Set, a map of
 * pattern bases and a list of anchored RegExps, so a decision is a few lookups on the exact bytes.
 * Emits the request's own (validated) origin or `*`; never a value from user code, never twice.
 */
import type { OriginPattern } from "../protocol/origin-pattern.js";
import { MAX_ORIGIN_LENGTH, isSerializedOrigin, schemeEnd } from "../protocol/origin.js";
import type { IssueList } from "./config-error.js";
import type { ContextualPredicate, OriginOption, OriginPredicate } from "./options.js";
import { type EntryContext, checkOriginRegExp, compileOriginEntry, LIST_CREDENTIALED_ORIGINS } from "./origin-entry.js";

export const ACAO = "Access-Control-Allow-Origin";

/** How the origin option behaves at request time. */
export type OriginMode = "disabled" | "any" | "reflect" | "list" | "predicate";

/** A compiled origin option. */
export interface OriginMatcher {
  readonly mode: OriginMode;
  /** Canonical exact origins (and `null` when opted in). */
  readonly exact: ReadonlySet<string>;
  /** Subdomain patterns indexed by base domain (`example.com` for `https://*.example.com`). */
  readonly subdomains: ReadonlyMap<string, readonly OriginPattern[]>;
  /** The same index as a list of [base domain, patterns] (scanned when short). */
  readonly subdomainList: readonly (readonly [string, readonly OriginPattern[]])[];
  /** `scheme://host` of `:*` patterns without a subdomain wildcard. */
  readonly anyPort: ReadonlySet<string>;
  readonly regexps: readonly RegExp[];
  readonly predicate: OriginPredicate | undefined;
}

const EMPTY_SET: ReadonlySet<string> = new Set();
const EMPTY_MAP: ReadonlyMap<string, readonly OriginPattern[]> = new Map();

function simple(mode: OriginMode, predicate?: OriginPredicate): OriginMatcher {
  return { mode, exact: EMPTY_SET, subdomains: EMPTY_MAP, subdomainList: [], anyPort: EMPTY_SET, regexps: [], predicate };
}

/** `typeof`, except that null is "null" (not "object"), so messages name what was written. */
function typeName(value: unknown): string {
  return value === null ? "null" : typeof value;
}

/** Validates the `origin` option and compiles it. Problems go to `issues`. */
export function compileOrigin(option: OriginOption | undefined, ctx: EntryContext, issues: IssueList, present = false): OriginMatcher {
  if (option === undefined && present) {
    issues.add(
      "unset-origin",
      "origin",
      "origin is undefined: the value it was given is not set (typically an environment variable such as process.env.CORS_ORIGIN missing from this environment).",
      "Set the variable in this environment, or fail at start-up when it is missing, e.g. origin: requireEnv('CORS_ORIGIN').split(',').",
    );
    return simple("disabled");
  }
  if (option === undefined) {
    issues.add(
      "origin-required",
      "origin",
      "No origin option: corsproof has no default allowlist.",
      "Set origin to your front end's origin, e.g. origin: 'https://app.example.com'.",
    );
    return simple("disabled");
  }
  if (option === false) return simple("disabled");
  if (option === "*" || option === true) {
    if (ctx.credentials) {
      const star = option === "*";
      issues.add(
        star ? "wildcard-origin-with-credentials" : "reflect-origin-with-credentials",
        "origin",
        star
          ? "Browsers refuse 'Access-Control-Allow-Origin: *' on credentialed requests."
          : "Reflecting any origin with credentials lets every website read your users' data.",
        LIST_CREDENTIALED_ORIGINS,
      );
    }
    return simple(option === "*" ? "any" : "reflect");
  }
  if (typeof option === "function") return simple("predicate", option);
  const entries = typeof option === "string" || option instanceof RegExp ? [option] : option;
  if (!Array.isArray(entries)) {
    issues.add(
      "invalid-type",
      "origin",
      `origin has an unsupported type (${typeName(option)}).`,
      option === null
        ? "Use false to turn CORS off, or list origins such as ['https://app.example.com'] (the 'null' origin itself is the string 'null' with dangerouslyAllowNullOrigin: true)."
        : "Use '*', an origin string, a RegExp, an array of those, a function or a boolean.",
    );
    return simple("disabled");
  }
  if (entries.length === 0) {
    issues.add(
      "empty-origin-list",
      "origin",
      "The origin list is empty, so no origin is allowed.",
      "List at least one origin, or use origin: false to disable CORS.",
    );
  }
  const exact = new Set<string>();
  const subdomains = new Map<string, OriginPattern[]>();
  const anyPort = new Set<string>();
  const regexps: RegExp[] = [];
  entries.forEach((entry: unknown, i: number) => {
    const path = typeof option === "string" || option instanceof RegExp ? "origin" : `origin[${i}]`;
    if (entry instanceof RegExp) {
      if (checkOriginRegExp(entry, path, ctx, issues)) regexps.push(entry);
    } else if (typeof entry === "string") {
      const compiled = compileOriginEntry(entry, path, ctx, issues);
      if (compiled?.kind === "exact") exact.add(compiled.origin);
      else if (compiled?.kind === "pattern") {
        const p = compiled.pattern;
        if (p.subdomains) {
          const list = subdomains.get(p.host) ?? [];
          list.push(p);
          subdomains.set(p.host, list);
        } else {
          anyPort.add(`${p.scheme}://${p.host}`);
        }
      }
    } else if (entry === undefined) {
      issues.add(
        "unset-origin",
        path,
        `${path} is undefined: the value it was given is not set (typically an environment variable missing from this environment).`,
        "Set the variable in this environment, or leave the entry out when it is not set: [...].filter(Boolean) hides the mistake, so fail at start-up instead.",
      );
    } else {
      issues.add(
        "invalid-type",
        path,
        `Origin entries must be strings or RegExps, not ${typeName(entry)}.`,
        "Write the origin as a string, e.g. 'https://app.example.com'.",
      );
    }
  });
  return { mode: "list", exact, subdomains, subdomainList: [...subdomains], anyPort, regexps, predicate: undefined };
}

/**
 * Host patterns (`*.` subdomains, `:*` ports). Safe on any input (no throw, no unbounded work for
 * values within MAX_ORIGIN_LENGTH), so it may run before the shape check; a match still needs
 * isSerializedOrigin.
 */
function matchesHostPatterns(m: OriginMatcher, origin: string): boolean {
  const hostStart = schemeEnd(origin);
  const bracket = origin.charCodeAt(hostStart) === 0x5b ? origin.indexOf("]", hostStart) : hostStart;
  const colon = origin.indexOf(":", bracket);
  const hostEnd = colon < 0 ? origin.length : colon;
  if (m.anyPort.size > 0 && m.anyPort.has(colon < 0 ? origin : origin.slice(0, colon))) return true;
  if (m.subdomains.size > SMALL_SUBDOMAIN_INDEX) {
    for (let i = origin.indexOf(".", hostStart); i > 0 && i < hostEnd; i = origin.indexOf(".", i + 1)) {
      const candidates = m.subdomains.get(origin.slice(i + 1, hostEnd));
      if (candidates !== undefined && matchesSchemeAndPort(candidates, origin, hostStart, colon)) return true;
    }
  } else if (m.subdomains.size > 0) {
    // Few base domains: test each as a suffix of the host in place, without slicing the origin.
    for (let k = 0; k < m.subdomainList.length; k++) {
      const [base, candidates] = m.subdomainList[k] as readonly [string, readonly OriginPattern[]];
      const dot = hostEnd - base.length - 1;
      if (
        dot > hostStart &&
        origin.charCodeAt(dot) === 0x2e &&
        origin.startsWith(base, dot + 1) &&
        matchesSchemeAndPort(candidates, origin, hostStart, colon)
      ) {
        return true;
      }
    }
  }
  return false;
}

/** Subdomain indexes up to this many base domains are scanned instead of looked up per label. */
const SMALL_SUBDOMAIN_INDEX = 8;

function matchesSchemeAndPort(candidates: readonly OriginPattern[], origin: string, hostStart: number, colon: number): boolean {
  for (const p of candidates) {
    const portOk = p.port === "*" || (colon < 0 ? p.port === "" : origin.length - colon - 1 === p.port.length && origin.startsWith(p.port, colon + 1));
    if (portOk && hostStart - 3 === p.scheme.length && origin.startsWith(p.scheme)) return true;
  }
  return false;
}

function matchesRegExps(m: OriginMatcher, origin: string): boolean {
  for (const re of m.regexps) {
    if (re.test(origin)) return true;
  }
  return false;
}

/**
 * Whether `origin` (the raw Origin header value) is allowed. Values that are not exactly a
 * serialised origin (two Origin lines joined by a comma, whitespace, CR/LF, over-long values)
 * never match anything but an exact entry, and exact entries are canonical, so they never match.
 */
export function matchOrigin(m: OriginMatcher, origin: string, context?: unknown): boolean | Promise<boolean> {
  switch (m.mode) {
    case "any":
      return true;
    case "disabled":
      return false;
    case "reflect":
      return isSerializedOrigin(origin);
    case "predicate":
      return isSerializedOrigin(origin) && (m.predicate as ContextualPredicate)(origin, context);
    default:
      if (m.exact.has(origin)) return true;
      // Same verdict as `isSerializedOrigin(origin) && (hostPatterns || regexps)`, cheapest test first:
      // exact entries only need no shape check, and a host-pattern miss needs none either.
      if (m.subdomains.size === 0 && m.anyPort.size === 0 && m.regexps.length === 0) return false;
      if (origin.length > MAX_ORIGIN_LENGTH) return false;
      if ((m.subdomains.size > 0 || m.anyPort.size > 0) && matchesHostPatterns(m, origin)) return isSerializedOrigin(origin);
      return m.regexps.length > 0 && isSerializedOrigin(origin) && matchesRegExps(m, origin);
  }
}
