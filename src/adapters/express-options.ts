/**
 * The `cors` package's option names and shapes, translated into corsproof options: the one
 * translation the strict middleware compiles and the legacy mode's warning validates.
 */
import type { CorsOptions, OriginOption, OriginPredicate } from "../index.js";
import { seconds } from "./option-aliases.js";
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

/** Translates `cors` option shapes into corsproof options. */
export function translateCorsOptions(o: ExpressCorsOptions): CorsOptions {
  const { legacy: _legacy, origin, maxAge, ...rest } = o;
  const out: CorsOptions = { ...rest, origin: CORS_DEFAULT_ORIGIN };
  if (origin !== undefined) {
    out.origin = typeof origin === "function" && origin.length >= 2 ? fromCallback(origin as OriginCallback) : (origin as OriginOption);
  }
  if (maxAge !== undefined) out.maxAge = seconds(maxAge) as number;
  return out;
}
