/**
 * Origin functions in the callback style of `cors` and `@fastify/cors` — `fn(origin, callback)`,
 * answering `true`, `false`, or an allowlist — turned into corsproof predicates. Shared by the
 * Express and Fastify adapters.
 */
import { type CorsDecision, type CorsPolicy, createCorsPolicy, type OriginEntry } from "../index.js";

/** Bound on the allowlists compiled from string values returned by origin functions. */
const RETURNED_STRING_CACHE = 100;

/**
 * Returns `(origin, value) => allowed` for the values an origin function answers. A returned
 * string, RegExp or list is an allowlist for this origin, validated like options (canonical
 * origins, anchored RegExps) and compiled once per value; the adapter still writes the request's
 * own origin, never the returned value. `star` decides values the peer treats as "any origin"
 * (return undefined for the others).
 */
export function returnedValueVerdict(star: (value: unknown) => boolean | undefined): (origin: string, value: unknown) => boolean {
  const byObject = new WeakMap<object, CorsPolicy>();
  const byString = new Map<string, CorsPolicy>();
  return (origin, value) => {
    if (value === true) return true;
    if (!value) return false;
    const any = star(value);
    if (any !== undefined) return any;
    let p = typeof value === "string" ? byString.get(value) : byObject.get(value as object);
    if (p === undefined) {
      p = createCorsPolicy({ origin: value as OriginEntry | OriginEntry[] });
      if (typeof value !== "string") byObject.set(value as object, p);
      else if (byString.size < RETURNED_STRING_CACHE) byString.set(value, p);
    }
    return (p.decide("GET", origin) as CorsDecision).allowed;
  };
}

/** The callback an origin function receives. */
export type OriginFunctionCallback = (err: unknown, value?: unknown) => void;

/**
 * Runs `start(callback)` and returns the verdict synchronously when the callback was called
 * before `start` returned, else a Promise of it. A second call of the callback is ignored, as a
 * Promise would; an error passed to it denies the origin; `verdict` throwing rejects.
 */
export function settleOriginCallback(start: (callback: OriginFunctionCallback) => void, verdict: (value: unknown) => boolean): boolean | Promise<boolean> {
  let outcome: { ok: boolean } | { error: unknown } | undefined;
  let resolve: ((v: boolean) => void) | undefined;
  let reject: ((e: unknown) => void) | undefined;
  start((err, value) => {
    if (outcome !== undefined) return;
    try {
      outcome = { ok: err ? false : verdict(value) };
    } catch (error) {
      outcome = { error };
    }
    if ("ok" in outcome) resolve?.(outcome.ok);
    else reject?.(outcome.error);
  });
  if (outcome !== undefined) {
    if ("error" in outcome) throw outcome.error;
    return outcome.ok;
  }
  return new Promise<boolean>((res, rej) => {
    resolve = res;
    reject = rej;
  });
}
