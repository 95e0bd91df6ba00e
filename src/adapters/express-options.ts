/**
 * The `cors` package's option names and shapes, translated into corsproof options: the one
 * translation the strict middleware compiles and the legacy mode's warning validates.
 */
import { type ConfigIssue, type CorsOptions, type OriginOption, type OriginPredicate, validateCorsOptions } from "../index.js";
import { optionIssueOf, seconds } from "./option-aliases.js";
import { allowlistRule, originFunction } from "./origin-function.js";

/** `function (origin, callback)` as the `cors` package calls it. */
export type OriginCallback = (
  origin: string | undefined,
  callback: (err: Error | null, allow?: boolean | string | RegExp | ReadonlyArray<string | RegExp>) => void,
) => void;

/** Options of corsproof/express: the `cors` package's names plus every corsproof option. */
export interface ExpressCorsOptions extends Omit<CorsOptions, "origin" | "maxAge"> {
  /** Default `"*"` (as `cors`). */
  origin?: OriginOption | OriginCallback | undefined;
  /** Seconds, as a number or a numeric string (as `cors` accepts). */
  maxAge?: number | string | undefined;
  /** Reproduce the `cors` package exactly, quirks included; prints a one-time warning. */
  legacy?: boolean | undefined;
}

const CORS_DEFAULT_ORIGIN = "*";

/** `cors` reads a returned "*" as any origin. */
const corsRule = allowlistRule((answer) => (answer === "*" ? true : undefined));

/** Turns a callback-style origin function into a predicate; resolves synchronously when it can. */
function fromCallback(fn: OriginCallback): OriginPredicate {
  return originFunction((origin, _context, callback) => fn(origin, callback), false, corsRule);
}

/** `cors` options as corsproof options, with the problems only the translation can see. */
export interface CorsTranslation {
  readonly options: CorsOptions;
  readonly issues: readonly ConfigIssue[];
}

/**
 * Translates `cors` option shapes into corsproof options. An `origin` key present but undefined
 * (an unset environment variable) is kept undefined, so it is refused as unset configuration
 * instead of becoming the `'*'` default the author never wrote.
 */
export function translateCorsOptions(o: ExpressCorsOptions): CorsTranslation {
  const { legacy: _legacy, origin, maxAge, ...rest } = o;
  const out: CorsOptions = { ...rest, origin: CORS_DEFAULT_ORIGIN };
  if ("origin" in o) {
    out.origin = typeof origin === "function" && origin.length >= 2 ? fromCallback(origin as OriginCallback) : (origin as OriginOption);
  }
  if (maxAge !== undefined) out.maxAge = seconds(maxAge) as number;
  return { options: out, issues: literalStars(origin) };
}

/**
 * In `cors`, a string origin is compared byte for byte, so `'https://*.vercel.app'` is a literal
 * that never matches; corsproof reads it as a pattern. On a domain the author owns
 * (`'https://*.example.com'`) the pattern is what they meant; on a public suffix it would silently
 * start allowing every site anyone creates there, so corsproof/express refuses it with both
 * readings. Whether the base is a public suffix is the policy's own check (the one credentials use).
 */
function literalStars(origin: unknown): ConfigIssue[] {
  const entries = typeof origin === "string" ? [origin] : Array.isArray(origin) ? origin : [];
  const issues: ConfigIssue[] = [];
  entries.forEach((entry: unknown, i) => {
    if (typeof entry !== "string" || entry === "*" || !entry.includes("*")) return;
    const onPublicSuffix = validateCorsOptions({ origin: [entry], credentials: true }).some((i) => i.code === "public-suffix-wildcard-with-credentials");
    if (!onPublicSuffix) return;
    issues.push(
      optionIssueOf(
        "wildcard-inside-origin-string",
        typeof origin === "string" ? "origin" : `origin[${i}]`,
        `'${entry}' has a '*' inside: the cors package compares it byte for byte, so it never matches any origin; read as a pattern it would allow every site anyone creates under that public suffix.`,
        "List the exact origins you deploy (e.g. 'https://myapp.vercel.app'); if you meant cors's reading, remove the entry (it never matched). To allow every such site anyway, pass createCorsPolicy({ origin: [...] }) to cors().",
      ),
    );
  });
  return issues;
}
