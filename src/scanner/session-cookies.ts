/**
 * The victim's session cookies and whether a browser attaches them to a credentialed fetch() made
 * by a page at a probe origin.
 *
 * INTERIM: the browser model (src/browser) has no cookie rules yet; another change adds them
 * (SameSite, Secure, Public Suffix List). Until it lands, {@link cookieAttachment} is the one place
 * that decides, kept small and isolated so it can be replaced by the model's decision without
 * touching the rest of the scanner. The rules it follows, with sources:
 *
 * - Secure cookies go only to secure URLs: https, or http on a potentially trustworthy host
 *   (loopback, `localhost`), as Chromium treats them for cookies (RFC 6265bis "secure-only-flag";
 *   Chromium `CookieAccessDelegate::ShouldTreatUrlAsTrustworthy`).
 * - Same-site is schemeful (RFC 6265bis "same-site request"; Chromium's Schemeful Same-Site):
 *   the registrable domain of both hosts (PSL, private section included) and the scheme must match.
 *   An opaque origin (`null`) is cross-site with everything.
 * - Cross-site subresource requests carry only `SameSite=None` cookies, which must be `Secure`
 *   (Chromium rejects `SameSite=None` without it). A cookie without SameSite is `Lax` in Chromium
 *   (Lax-by-default, M80+), so it is not sent.
 * - Third-party cookies: Chrome sends `SameSite=None` cookies cross-site unless the user blocks
 *   third-party cookies (Google kept them on by default; headless Chromium 156 with a fresh profile
 *   blocks them), so the scanner judges with them `allowed` unless told otherwise. Firefox's Total
 *   Cookie Protection partitions them by top-level site, so the victim's first-party session
 *   cookie is never sent from another site.
 */
import { parse } from "tldts";
import { isPotentiallyTrustworthyHost } from "../protocol/origin.js";

/** One cookie as the victim's browser holds it. */
export interface SessionCookie {
  readonly name: string;
  readonly value: string;
  /** `unspecified` when the Set-Cookie line had no SameSite attribute. */
  readonly sameSite: "strict" | "lax" | "none" | "unspecified";
  readonly secure: boolean;
}

/** Parses `name=value[; Secure][; SameSite=...]...` (a Set-Cookie line or the `--cookie` flag). */
export function parseSessionCookie(line: string): SessionCookie | null {
  const [pair = "", ...attrs] = line.split(";");
  const eq = pair.indexOf("=");
  if (eq <= 0) return null;
  let sameSite: SessionCookie["sameSite"] = "unspecified";
  let secure = false;
  for (const a of attrs) {
    const [k = "", v = ""] = a.split("=").map((x) => x.trim().toLowerCase());
    if (k === "secure") secure = true;
    if (k === "samesite" && (v === "strict" || v === "lax" || v === "none")) sameSite = v;
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), sameSite, secure };
}

/** Whether the victim's browser sends cookies in third-party contexts. */
export type ThirdPartyCookies = "allowed" | "blocked";

/** The browser's decision for one cookie. */
export interface CookieDecision {
  readonly attached: boolean;
  /** A sentence for the finding's reason. */
  readonly why: string;
}

function siteOf(scheme: string, host: string): string {
  const p = parse(host, { allowPrivateDomains: true });
  return `${scheme}://${p.isIp || p.domain === null ? host : p.domain}`;
}

/**
 * Would `browser` attach `cookie` to a `credentials: "include"` fetch() of `url` from a page at
 * `origin` (`null` for an opaque origin)?
 *
 * @example
 * cookieAttachment({ name: "sid", value: "1", sameSite: "strict", secure: true },
 *   "https://api.example.com/me", "https://evil.example", "chromium").attached; // false
 */
export function cookieAttachment(
  cookie: SessionCookie,
  url: string,
  origin: string,
  browser: "chromium" | "firefox",
  thirdParty: ThirdPartyCookies = "allowed",
): CookieDecision {
  const target = new URL(url);
  const secureUrl = target.protocol === "https:" || isPotentiallyTrustworthyHost(target.hostname);
  if (cookie.secure && !secureUrl) return { attached: false, why: `cookie '${cookie.name}' is Secure and ${target.origin} is not a secure URL` };
  let sameSite = false;
  if (origin !== "null") {
    const o = new URL(origin);
    sameSite = siteOf(o.protocol, o.hostname) === siteOf(target.protocol, target.hostname);
  }
  if (sameSite) return { attached: true, why: `${origin} is same-site with ${target.origin}, so cookie '${cookie.name}' is sent whatever its SameSite` };
  if (cookie.sameSite === "strict" || cookie.sameSite === "lax")
    return {
      attached: false,
      why: `cookie '${cookie.name}' is SameSite=${cookie.sameSite === "strict" ? "Strict" : "Lax"}: never sent on a cross-site fetch()`,
    };
  if (cookie.sameSite === "unspecified" && browser === "chromium")
    return { attached: false, why: `cookie '${cookie.name}' has no SameSite attribute, which Chromium treats as Lax: not sent on a cross-site fetch()` };
  if (cookie.sameSite === "none" && !cookie.secure)
    return { attached: false, why: `cookie '${cookie.name}' is SameSite=None without Secure, which Chromium refuses to store` };
  if (browser === "firefox")
    return { attached: false, why: `Firefox's Total Cookie Protection keeps cookie '${cookie.name}' out of third-party requests from ${origin}` };
  if (thirdParty === "blocked") return { attached: false, why: `third-party cookies are blocked, so cookie '${cookie.name}' is not sent from ${origin}` };
  return { attached: true, why: `cookie '${cookie.name}' is SameSite=None; Secure: Chrome sends it cross-site unless the user blocks third-party cookies` };
}
