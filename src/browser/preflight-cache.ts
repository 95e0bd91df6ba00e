/**
 * The CORS-preflight cache, as the profile's engine keeps it (BrowserProfile.preflightCache). The
 * network isolation key (Chromium) or partition (Gecko) is implicit: one cache is one page.
 *
 * Chromium (services/network/cors/preflight_cache.cc): one {@link PreflightResult} per (origin, URL),
 * replaced by each new preflight; a lookup re-runs the whole method and header check (with the
 * strict Authorization rule) and deletes stale or insufficient entries.
 *
 * Gecko (netwerk/protocol/http/nsCORSListenerProxy.cpp `nsPreflightCache`): one entry per
 * (principal, URL, credentials), holding method and header tokens each with its own expiry; a
 * preflight merges its tokens in (`AddResultToCache`), a lookup compares them literally
 * (`CORSCacheEntry::CheckRequest`) and leaves the entry in place when it does not fit, and a CORS
 * failure at the URL removes its entries (`RemoveEntries`).
 */
import { corsUnsafeRequestHeaders } from "./needs-preflight.js";
import { checkHeaders, checkMethod, type PreflightResult } from "./preflight.js";
import type { BrowserProfile } from "./profiles.js";
import type { RequestHeader } from "./request.js";

/** Chromium kMaxKeyLength: results for URLs this long or longer are not stored. */
const MAX_URL_LENGTH = 1024;
/** Chromium kMaxCacheEntries. */
const MAX_ENTRIES = 1024;
/** Gecko PREFLIGHT_CACHE_SIZE. */
const GECKO_MAX_ENTRIES = 100;

interface Entry {
  readonly result: PreflightResult;
  /** Absolute expiry, in the clock's milliseconds. */
  readonly expires: number;
}

/** A Gecko entry: tokens to absolute expiry; header tokens lower-cased (compared case-insensitively). */
interface GeckoEntry {
  readonly methods: Map<string, number>;
  readonly headers: Map<string, number>;
}

/** A preflight cache shared by a sequence of simulated fetches (one per simulated page). */
export interface PreflightCache {
  /**
   * True when a stored result lets this request skip its preflight. Chromium's rules remove stale
   * or insufficient entries; Gecko's only forget expired tokens.
   */
  canSkipPreflight(
    origin: string,
    url: string,
    include: boolean,
    method: string,
    headers: readonly RequestHeader[],
    profile: BrowserProfile,
    now: number,
  ): boolean;
  /** Stores a successful preflight's result: replacing any previous one for (origin, url) (Chromium), or merged into it (Gecko). */
  store(origin: string, url: string, result: PreflightResult, now: number, profile: BrowserProfile): void;
  /** Removes the entries for (origin, url), credentialed or not: Gecko does this when a request there fails its CORS checks. */
  forget(origin: string, url: string): void;
  /** Number of stored entries, stale ones included. */
  readonly size: number;
  clear(): void;
}

/**
 * Creates an empty preflight cache. Pass the same cache (and a clock via `now`) to several
 * {@link simulateFetch} calls to see which of them preflight; the profile of each call decides
 * how entries are kept and matched.
 *
 * @example
 * const cache = createPreflightCache();
 * await simulateFetch(req, { transport, cache }); // preflights
 * await simulateFetch(req, { transport, cache }); // within max-age: no preflight
 */
export function createPreflightCache(): PreflightCache {
  const entries = new Map<string, Entry>();
  const gecko = new Map<string, GeckoEntry>();
  const keyOf = (origin: string, url: string) => `${origin} ${url}`;
  const geckoKey = (origin: string, url: string, include: boolean) => `${include ? "cred" : "nocred"} ${origin} ${url}`;
  return {
    canSkipPreflight(origin, url, include, method, headers, profile, now) {
      if (profile.preflightCache === "gecko") return geckoFits(gecko, geckoKey(origin, url, include), method, headers, profile, now);
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
    store(origin, url, result, now, profile) {
      if (profile.preflightCache === "gecko") {
        geckoStore(gecko, geckoKey(origin, url, result.credentials), result, now);
        return;
      }
      if (url.length >= MAX_URL_LENGTH) return;
      if (!entries.has(keyOf(origin, url)) && entries.size >= MAX_ENTRIES) {
        // Chromium purges a random run of 10; dropping the oldest keeps the model deterministic.
        for (const k of [...entries.keys()].slice(0, 10)) entries.delete(k);
      }
      entries.set(keyOf(origin, url), { result, expires: now + result.maxAge * 1000 });
    },
    forget(origin, url) {
      entries.delete(keyOf(origin, url));
      gecko.delete(geckoKey(origin, url, true));
      gecko.delete(geckoKey(origin, url, false));
    },
    get size() {
      return entries.size + gecko.size;
    },
    clear() {
      entries.clear();
      gecko.clear();
    },
  };
}

/** Drops tokens whose expiry has come (`CORSCacheEntry::PurgeExpired`: `now >= expirationTime`). */
function purgeExpired(entry: GeckoEntry, now: number): void {
  for (const tokens of [entry.methods, entry.headers]) for (const [token, expires] of tokens) if (now >= expires) tokens.delete(token);
}

/**
 * `CORSCacheEntry::CheckRequest`: GET and POST need no method token (HEAD does); every other method
 * must be a stored token byte for byte, and every CORS-unsafe header name a stored token, ignoring
 * case. Tokens are literal: a stored `*` matches no method or header. A lookup also moves the entry
 * to the front of the LRU list (`GetEntry`).
 */
function geckoFits(
  cache: Map<string, GeckoEntry>,
  key: string,
  method: string,
  headers: readonly RequestHeader[],
  profile: BrowserProfile,
  now: number,
): boolean {
  const entry = cache.get(key);
  if (entry === undefined) return false;
  cache.delete(key);
  cache.set(key, entry);
  purgeExpired(entry, now);
  if (method !== "GET" && method !== "POST" && !entry.methods.has(method)) return false;
  return corsUnsafeRequestHeaders(headers, profile).every((u) => entry.headers.has(u.name));
}

/**
 * `AddResultToCache`: nothing for a max-age of 0; otherwise the tokens join the entry (a token already
 * there gets the new expiry). A full cache (100) first loses its entries with no live token, then its
 * least recently used one.
 */
function geckoStore(cache: Map<string, GeckoEntry>, key: string, result: PreflightResult, now: number): void {
  if (result.maxAge === 0) return;
  let entry = cache.get(key);
  if (entry === undefined) {
    if (cache.size >= GECKO_MAX_ENTRIES) {
      for (const [k, e] of cache) {
        purgeExpired(e, now);
        if (e.methods.size === 0 && e.headers.size === 0) cache.delete(k);
      }
      const oldest = cache.keys().next();
      if (cache.size >= GECKO_MAX_ENTRIES && oldest.done !== true) cache.delete(oldest.value);
    }
    entry = { methods: new Map(), headers: new Map() };
  } else {
    cache.delete(key);
  }
  cache.set(key, entry);
  const expires = now + result.maxAge * 1000;
  for (const m of result.methods) entry.methods.set(m, expires);
  for (const h of result.headers) entry.headers.set(h, expires);
}
