/**
 * Secure Contexts "potentially trustworthy URL" for http(s) URLs, as Chromium decides it
 * (services/network/public/cpp/is_potentially_trustworthy.cc): https, and http to a host that is
 * potentially trustworthy (`localhost`, `*.localhost`, 127.0.0.0/8, [::1]; protocol/origin.ts).
 * Chromium sends client hints, Sec-Fetch-* and the `br`/`zstd` content codings only to such URLs
 * (observed on 150 and 156).
 */
import { isPotentiallyTrustworthyHost } from "../protocol/origin.js";

export function isPotentiallyTrustworthy(url: URL): boolean {
  return url.protocol === "https:" || (url.protocol === "http:" && isPotentiallyTrustworthyHost(url.hostname));
}
