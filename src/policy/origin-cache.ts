/**
 * An opt-in, bounded cache for async origin predicates (for example a database of tenant origins),
 * so the hot path does not query per request. Verdicts expire after `ttlMs`; at most `max` origins
 * are kept (oldest evicted first); concurrent lookups of the same origin share one call.
 */
import { BoundedCache } from "./bounded-cache.js";
import type { IssueList } from "./config-error.js";
import type { ContextualPredicate, OriginCacheOptions } from "./options.js";

const MAX_ENTRIES = 100_000;
const MAX_TTL = 86_400_000;

/** Validates the originCache option; problems go to `issues`. */
export function checkOriginCache(option: unknown, hasPredicate: boolean, issues: IssueList): OriginCacheOptions | undefined {
  if (option === undefined) return undefined;
  const o = option as Partial<OriginCacheOptions>;
  const ok =
    typeof option === "object" &&
    option !== null &&
    Number.isInteger(o.max) &&
    (o.max as number) >= 1 &&
    (o.max as number) <= MAX_ENTRIES &&
    typeof o.ttlMs === "number" &&
    o.ttlMs >= 1 &&
    o.ttlMs <= MAX_TTL;
  if (!ok) {
    issues.add(
      "invalid-origin-cache",
      "originCache",
      "originCache needs a whole max from 1 to 100000 and a ttlMs from 1 to 86400000.",
      "Write e.g. originCache: { max: 1000, ttlMs: 60000 }.",
    );
    return undefined;
  }
  if (!hasPredicate) {
    issues.add(
      "invalid-origin-cache",
      "originCache",
      "originCache only applies when origin is a function.",
      "Remove originCache; lists and patterns are already compiled.",
    );
    return undefined;
  }
  return { max: o.max as number, ttlMs: o.ttlMs as number };
}

/** Wraps a predicate with the cache. `now` is injectable for tests. */
export function cachePredicate(predicate: ContextualPredicate, { max, ttlMs }: OriginCacheOptions, now: () => number = Date.now): ContextualPredicate {
  const entries = new BoundedCache<string, { verdict: boolean; expires: number }>(max);
  const pending = new Map<string, Promise<boolean>>();
  const remember = (origin: string, verdict: boolean): boolean => {
    entries.set(origin, { verdict, expires: now() + ttlMs });
    return verdict;
  };
  return (origin, context) => {
    const hit = entries.get(origin);
    if (hit !== undefined && hit.expires > now()) return hit.verdict;
    const inFlight = pending.get(origin);
    if (inFlight !== undefined) return inFlight;
    const result = predicate(origin, context);
    if (typeof result === "boolean") return remember(origin, result);
    // Failures are not cached: the next request asks again.
    const p = Promise.resolve(result)
      .then((verdict) => remember(origin, verdict === true))
      .finally(() => pending.delete(origin));
    pending.set(origin, p);
    return p;
  };
}
