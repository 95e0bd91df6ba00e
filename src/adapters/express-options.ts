/**
 * The `cors` package's option names and shapes, translated into corsproof options: the one
 * translation the strict middleware compiles and the legacy mode's warning validates.
 */
import { type ConfigIssue, type CorsOptions, type OriginOption, validateCorsOptions } from "../index.js";
import { allowlistRule, originFunction } from "./origin-function.js";
import { withoutUndefined, optionIssue, type PeerNames, readPeerNames, type Translation } from "./peer-options.js";

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

/** The `cors` package's names: corsproof's, plus a numeric-string `maxAge`. */
const CORS: PeerNames = { own: ["legacy"], digitMaxAge: true };

/** `cors` reads a returned "*" as any origin. */
const corsRule = allowlistRule((answer) => (answer === "*" ? true : undefined));

/**
 * Translates `cors` option shapes into corsproof options. A `function (origin, callback)` becomes a
 * predicate that resolves synchronously when it can; a one-parameter function is corsproof's own.
 */
export function translateCorsOptions(o: ExpressCorsOptions): Translation {
  const issues = literalStars(o.origin);
  const record = readPeerNames(o, CORS, issues);
  const fn = o.origin;
  if (typeof fn === "function" && fn.length >= 2)
    record.origin = originFunction((origin, _c, callback) => (fn as OriginCallback)(origin, callback), false, corsRule);
  return { options: withoutUndefined(record), issues };
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
      optionIssue(
        typeof origin === "string" ? "origin" : `origin[${i}]`,
        `'${entry}' has a '*' inside: the cors package compares it byte for byte, so it never matches any origin; read as a pattern it would allow every site anyone creates under that public suffix.`,
        "List the exact origins you deploy (e.g. 'https://myapp.vercel.app'); if you meant cors's reading, remove the entry (it never matched). To allow every such site anyway, pass createCorsPolicy({ origin: [...] }) to cors().",
        "wildcard-inside-origin-string",
      ),
    );
  });
  return issues;
}
