/**
 * A stored cookie and the jar that holds them (RFC 6265bis §5.7 storage model), as much of it as
 * decides which cookies a fetch() carries.
 */

/** The SameSite attribute as stored; `Unspecified` is treated as Lax (Chromium's Lax-by-default). */
export type SameSite = "Strict" | "Lax" | "None" | "Unspecified";

/** One stored cookie. */
export interface Cookie {
  readonly name: string;
  readonly value: string;
  /** Lower-case host or domain, without a leading dot. */
  readonly domain: string;
  /** True when the cookie had no Domain attribute: only this exact host gets it. */
  readonly hostOnly: boolean;
  readonly path: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: SameSite;
  /** Expiry in milliseconds since the epoch; null for a session cookie. */
  readonly expires: number | null;
}

/** The browser's cookie store for one simulated profile. Share one between calls as a page would. */
export interface CookieJar {
  /** Unexpired cookies in creation order. */
  list(now?: number): readonly Cookie[];
  /**
   * Adds or replaces a cookie (same name, domain, host-only flag and path); an expired cookie
   * deletes. A replaced cookie counts as new for the order of the Cookie header, as in Chromium
   * (observed on 156; RFC 6265bis would keep the old creation time).
   */
  store(cookie: Cookie, now?: number): void;
}

const key = (c: Cookie) => `${c.name}\u0000${c.domain}\u0000${c.hostOnly}\u0000${c.path}`;

/**
 * Creates an empty or pre-filled cookie jar.
 *
 * @example
 * const jar = createCookieJar([parseCookieOption("session=abc; SameSite=None; Secure", "https://api.example.com/")]);
 * await simulateFetch({ url: "https://api.example.com/me", origin: "https://app.example.com", credentials: "include" },
 *   { transport: httpTransport(), cookies: jar });
 */
export function createCookieJar(cookies: readonly Cookie[] = []): CookieJar {
  const entries = new Map<string, Cookie>();
  const jar: CookieJar = {
    list(now = Date.now()) {
      return [...entries.values()].filter((c) => c.expires === null || c.expires > now);
    },
    store(cookie, now = Date.now()) {
      entries.delete(key(cookie));
      if (cookie.expires === null || cookie.expires > now) entries.set(key(cookie), cookie);
    },
  };
  for (const c of cookies) jar.store(c, Number.NEGATIVE_INFINITY);
  return jar;
}

/** RFC 6265 §5.1.3 domain-match for a stored cookie. */
export function cookieDomainMatches(cookie: Cookie, host: string): boolean {
  const h = host.toLowerCase();
  return cookie.hostOnly ? h === cookie.domain : h === cookie.domain || h.endsWith(`.${cookie.domain}`);
}

/** RFC 6265 §5.1.4 path-match. */
export function cookiePathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}
