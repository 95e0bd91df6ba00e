/**
 * Secure Contexts "potentially trustworthy URL" for http(s) URLs, as Chromium decides it
 * (services/network/public/cpp/is_potentially_trustworthy.cc): https, and http to `localhost`,
 * `*.localhost`, 127.0.0.0/8 or [::1]. Chromium sends client hints, Sec-Fetch-* and the
 * `br`/`zstd` content codings only to such URLs (observed on 150 and 156).
 */
export function isPotentiallyTrustworthy(url: URL): boolean {
  if (url.protocol === "https:") return true;
  if (url.protocol !== "http:") return false;
  const host = url.hostname;
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host === "[::1]") return true;
  return /^127\.\d+\.\d+\.\d+$/.test(host);
}
