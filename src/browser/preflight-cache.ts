/**
 * The CORS-preflight cache as Chromium implements it (services/network/cors/preflight_cache.cc):
 * one {@link PreflightResult} per (origin, URL) — the network isolation key is implicit, one page —
 * replaced, not merged, by each new preflight; a lookup re-runs the whole method and header check
 * (with the strict Authorization rule) and deletes stale or insufficient entries.
 */
import { checkHeaders, checkMethod, type PreflightResult } from "./preflight.js";
import type { BrowserProfile } from "./profiles.js";
import type { RequestHeader } from "./request.js";

/** Chromium kMaxKeyLength: results for URLs this long or longer are not stored. */
const MAX_URL_LENGTH = 1024;
/** Chromium kMaxCacheEntries. */
const MAX_ENTRIES = 1024;

interface Entry {
  readonly result: PreflightResult;
  /** Absolute expiry, in the clock's milliseconds. */
  readonly expires: number;
}

/** A preflight cache shared by a sequence of simulated fetches (one per simulated page). */
export interface PreflightCache {
  /** True when a stored result lets this request skip its preflight. Removes stale or insufficient entries. */
  canSkipPreflight(
    origin: string,
    url: string,
    include: boolean,
    method: string,
    headers: readonly RequestHeader[],
    profile: BrowserProfile,
    now: number,
  ): boolean;
  /** Stores a successful preflight's result, replacing any previous one for (origin, url). */
  store(origin: string, url: string, result: PreflightResult, now: number): void;
  /** Number of stored entries, stale ones included. */
  readonly size: number;
  clear(): void;
}

/**
 * Creates an empty preflight cache. Pass the same cache (and a clock via `now`) to several
 * {@link simulateFetch} calls to see which of them preflight.
 *
 * @example
 * const cache = createPreflightCache();
 * await simulateFetch(req, { transport, cache }); // preflights
 * await simulateFetch(req, { transport, cache }); // within max-age: no preflight
 */
export function createPreflightCache(): PreflightCache {
  const entries = new Map<string, Entry>();
  const keyOf = (origin: string, url: string) => `${origin} ${url}`;
  return {
    canSkipPreflight(origin, url, include, method, headers, profile, now) {
      const key = keyOf(origin, url);
      const entry = entries.get(key);
      if (entry === undefined) return false;
      const fits =
        entry.expires > now &&
        !(include && !entry.result.credentials) &&
        checkMethod(entry.result, method) === null &&
        checkHeaders(entry.result, headers, profile.cachesRefusedPreflight !== true, profile) === null;
      if (!fits) entries.delete(key);
      return fits;
    },
    store(origin, url, result, now) {
      if (url.length >= MAX_URL_LENGTH) return;
      if (!entries.has(keyOf(origin, url)) && entries.size >= MAX_ENTRIES) {
        // Chromium purges a random run of 10; dropping the oldest keeps the model deterministic.
        for (const k of [...entries.keys()].slice(0, 10)) entries.delete(k);
      }
      entries.set(keyOf(origin, url), { result, expires: now + result.maxAge * 1000 });
    },
    get size() {
      return entries.size;
    },
    clear() {
      entries.clear();
    },
  };
}
