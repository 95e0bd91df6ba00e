/**
 * Checks beyond "which origins are granted", read off responses the probes already received:
 * caching without `Vary: Origin`, credentials or tokens in Access-Control-Expose-Headers,
 * `*` next to credentials, and malformed Access-Control-Allow-Credentials values.
 */
import { getHeader } from "../browser/cors-check.js";
import type { WireResponse } from "../browser/index.js";

/** Header names that carry credentials or tokens when exposed to script. */
const CREDENTIAL_HEADER = /authorization|token|session|secret|api[-_]?key|csrf|xsrf|cookie|password|jwt|bearer/i;

/** Statuses a cache may store without explicit freshness (RFC 9110 §15.1 "heuristically cacheable"). */
const HEURISTICALLY_CACHEABLE = new Set([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]);

/** How a response may be cached (RFC 9111): by shared caches, only by the browser, or not at all. */
export type Cacheability = "shared" | "private" | "none";

/** RFC 9111 §3 and §4.2: stored when not `no-store` and fresh explicitly or heuristically (Last-Modified). */
export function cacheability(response: WireResponse): Cacheability {
  const cc = (getHeader(response, "cache-control") ?? "").toLowerCase();
  if (/(^|,)\s*no-store\b/.test(cc)) return "none";
  const maxAge = /(^|,)\s*(?:s-maxage|max-age)\s*=\s*"?(\d+)/.exec(cc);
  const explicit = (maxAge !== null && Number(maxAge[2]) > 0) || /(^|,)\s*public\b/.test(cc) || getHeader(response, "expires") !== undefined;
  const heuristic = HEURISTICALLY_CACHEABLE.has(response.status) && getHeader(response, "last-modified") !== undefined && !/no-cache/.test(cc);
  if (!explicit && !heuristic) return "none";
  return /(^|,)\s*private\b/.test(cc) ? "private" : "shared";
}

/** True when `Vary` names Origin (or is `*`, which no cache reuses). */
export function variesOnOrigin(response: WireResponse): boolean {
  return (getHeader(response, "vary") ?? "")
    .split(",")
    .map((v) => v.trim().toLowerCase())
    .some((v) => v === "origin" || v === "*");
}

/** Of the header names script can read (the model's verdict), those that look like credentials or tokens. */
export function credentialHeaderNames(readable: readonly string[]): string[] {
  return readable.filter((n) => CREDENTIAL_HEADER.test(n));
}

/** Which CORS headers hold `*` although Access-Control-Allow-Credentials is `true` (the browser reads it literally). */
export function wildcardsWithCredentials(response: WireResponse): string[] {
  if (getHeader(response, "access-control-allow-credentials") !== "true") return [];
  return ["access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers", "access-control-expose-headers"].filter((name) =>
    (getHeader(response, name) ?? "")
      .split(",")
      .map((v) => v.trim())
      .includes("*"),
  );
}

/** An Access-Control-Allow-Credentials value browsers reject (anything but exactly `true`), or null. */
export function invalidAllowCredentials(response: WireResponse): string | null {
  const v = getHeader(response, "access-control-allow-credentials");
  return v === undefined || v === "true" ? null : v;
}
