/**
 * Which stored cookies Chromium attaches to one request of a fetch() (RFC 6265bis §5.8.3 "retrieve
 * cookies"; Chromium net/cookies/canonical_cookie.cc `IncludeForRequestURL`, cookie_util.cc
 * `ComputeSameSiteContextForSubresource`, and the third-party-cookie setting applied by the network
 * delegate), and why each other one is withheld, with DevTools' reason names and tooltip texts.
 *
 * fetch() is a subresource request: SameSite=Lax and Lax-by-default cookies are withheld cross-site
 * whatever the method. Chromium's "Lax+POST" two-minute exception only ever covered top-level
 * navigations, so it never applies here.
 */
import { isPotentiallyTrustworthy } from "./trustworthy.js";
import { type Cookie, type CookieJar, cookieDomainMatches, cookiePathMatches } from "./cookie.js";
import { isSameSite, isSchemelesslySameSite, type loadSuffixListFor } from "./site.js";

/**
 * The third-party-cookie setting. Chromium 156 headless with a fresh profile **blocks** them
 * (observed for playwright's default contexts and for a persistent profile alike: DevTools reason
 * `UserPreferences`); a desktop user may have allowed them in settings.
 */
export type ThirdPartyCookies = "blocked" | "allowed";

/**
 * DevTools `Network.CookieBlockedReason` names, plus `CredentialsNotIncluded` (fetch() did not look
 * at cookies at all). With Schemeful Same-Site on (Chromium's default) DevTools names every SameSite
 * exclusion `SchemefulSameSite…`, also when the sites differ by more than the scheme (observed on
 * Chromium 156); the text then says what actually differs.
 */
export type CookieBlockedReason =
  | "CredentialsNotIncluded"
  | "SecureOnly"
  | "NotOnPath"
  | "DomainMismatch"
  | "SchemefulSameSiteStrict"
  | "SchemefulSameSiteLax"
  | "SchemefulSameSiteUnspecifiedTreatedAsLax"
  | "UserPreferences";

const CROSS_SCHEME = " This request is considered cross-site because the URL has a different scheme than the current site.";

/** DevTools' tooltips for SameSite exclusions between sites that differ by more than the scheme. */
const CROSS_SITE_TEXT: Readonly<Record<Exclude<Cookie["sameSite"], "None">, string>> = {
  Strict:
    'This cookie was blocked because it had the "SameSite=Strict" attribute and the request was made from a different site. This includes top-level navigation requests initiated by other sites.',
  Lax: 'This cookie was blocked because it had the "SameSite=Lax" attribute and the request was made from a different site and was not initiated by a top-level navigation.',
  Unspecified:
    'This cookie didn\'t specify a "SameSite" attribute when it was stored and was defaulted to "SameSite=Lax," and was blocked because the request was made from a different site and was not initiated by a top-level navigation. The cookie had to have been set with "SameSite=None" to enable cross-site usage.',
};

/** DevTools' tooltip for each reason (front_end/core/sdk/NetworkRequest.ts), verbatim but for markdown backticks. */
export const COOKIE_BLOCKED_TEXT: Readonly<Record<CookieBlockedReason, string>> = {
  CredentialsNotIncluded:
    "fetch() does not include credentials for this request (credentials mode 'omit', or 'same-origin' and the URL is not same-origin with the page), so no cookie is sent.",
  SecureOnly: 'This cookie was blocked because it had the "Secure" attribute and the connection was not secure.',
  NotOnPath: "This cookie was blocked because its path was not an exact match for or a superdirectory of the request url's path.",
  DomainMismatch:
    "This cookie was blocked because neither did the request URL's domain exactly match the cookie's domain, nor was the request URL's domain a subdomain of the cookie's Domain attribute value.",
  SchemefulSameSiteStrict: `This cookie was blocked because it had the "SameSite=Strict" attribute but the request was cross-site. This includes top-level navigation requests initiated by other sites.${CROSS_SCHEME}`,
  SchemefulSameSiteLax: `This cookie was blocked because it had the "SameSite=Lax" attribute but the request was cross-site and was not initiated by a top-level navigation.${CROSS_SCHEME}`,
  SchemefulSameSiteUnspecifiedTreatedAsLax: `This cookie didn't specify a "SameSite" attribute when it was stored, was defaulted to "SameSite=Lax", and was blocked because the request was cross-site and was not initiated by a top-level navigation.${CROSS_SCHEME}`,
  UserPreferences: "This cookie was blocked due to user preferences.",
};

/** A cookie the browser keeps back, and why. */
export interface WithheldCookie {
  readonly cookie: Cookie;
  readonly reasons: readonly CookieBlockedReason[];
  /** DevTools' explanation of the first reason (for SameSite, of what actually differs). */
  readonly text: string;
}

/** What one request carries. */
export interface RequestCookies {
  /** The `Cookie` header value, or null when no cookie is sent. */
  readonly header: string | null;
  readonly sent: readonly Cookie[];
  readonly withheld: readonly WithheldCookie[];
}

/** The request side of {@link cookiesForRequest}. */
export interface CookieRequestContext {
  /** The URL of this hop. */
  readonly url: URL | string;
  /** The page's origin: the top-level site for cookies and the request initiator. */
  readonly pageOrigin: string;
  /** Fetch "includeCredentials" for this hop: mode `include`, or `same-origin` while the response tainting is `basic`. */
  readonly includeCredentials: boolean;
  /** Default `blocked`, as Chromium 156 headless. */
  readonly thirdPartyCookies?: ThirdPartyCookies;
  readonly now?: number;
}

/**
 * Fetch "HTTP-network-or-cache fetch" step 8.2, includeCredentials: credentials mode `include`, or
 * `same-origin` while the response tainting is still `basic` (no hop has left the page's origin).
 */
export function includesCredentials(mode: "omit" | "same-origin" | "include", leftPageOrigin: boolean): boolean {
  return mode === "include" || (mode === "same-origin" && !leftPageOrigin);
}

/** True when a cookie is "secure-allowed" at this URL: https:, or a potentially trustworthy (loopback) http: URL. */
export function isSecureCookieUrl(url: URL): boolean {
  return isPotentiallyTrustworthy(url);
}

/** DevTools' reason names for SameSite exclusions. */
export const SAME_SITE_REASON = {
  Strict: "SchemefulSameSiteStrict",
  Lax: "SchemefulSameSiteLax",
  Unspecified: "SchemefulSameSiteUnspecifiedTreatedAsLax",
} as const;

/** The reason a cross-site request withholds a cookie for its SameSite attribute, and the text for what differs. */
function sameSiteExclusion(sameSite: Cookie["sameSite"], schemeOnly: boolean): { reason: CookieBlockedReason; text: string } | null {
  if (sameSite === "None") return null;
  const reason = SAME_SITE_REASON[sameSite];
  return { reason, text: schemeOnly ? COOKIE_BLOCKED_TEXT[reason] : CROSS_SITE_TEXT[sameSite] };
}

/** Whether a request to `url` from a page at `pageOrigin` is third-party, and whether only the scheme makes it so. */
export function siteRelation(url: URL, pageOrigin: string): { crossSite: boolean; schemeOnly: boolean } {
  if (pageOrigin === "null") return { crossSite: true, schemeOnly: false };
  const page = new URL(pageOrigin);
  const crossSite = !isSameSite(url, page);
  return { crossSite, schemeOnly: crossSite && isSchemelesslySameSite(url, page) };
}

/**
 * Decides which cookies of `jar` Chromium sends on one request, in the order it sends them
 * (longer paths first, then older cookies first — RFC 6265 §5.4 step 2), and lists every other
 * cookie with DevTools' reasons. The scanner and `check` share this judgement. Synchronous: for
 * domain names, load the Public Suffix List first ({@link loadSuffixListFor}); simulateFetch does.
 *
 * @example
 * await loadSuffixListFor([new URL("https://api.example.com/"), new URL("https://app.other.com")]);
 * const jar = createCookieJar([parseCookieOption("sid=1; SameSite=Lax", "https://api.example.com/")]);
 * cookiesForRequest(jar, { url: "https://api.example.com/me", pageOrigin: "https://app.other.com", includeCredentials: true });
 * // → { header: null, withheld: [{ reasons: ["SameSiteLax", "UserPreferences"], … }] }
 */
export function cookiesForRequest(jar: CookieJar, context: CookieRequestContext): RequestCookies {
  const url = typeof context.url === "string" ? new URL(context.url) : context.url;
  const cookies = jar.list(context.now);
  const withheld: WithheldCookie[] = [];
  const sent: Cookie[] = [];
  // Computed on first need: an empty jar never needs the Public Suffix List.
  let relation: ReturnType<typeof siteRelation> | undefined;
  const blockThirdParty = (context.thirdPartyCookies ?? "blocked") === "blocked";
  for (const cookie of cookies) {
    const reasons: CookieBlockedReason[] = context.includeCredentials ? [] : ["CredentialsNotIncluded"];
    let sameSiteText: string | null = null;
    if (cookie.secure && !isSecureCookieUrl(url)) reasons.push("SecureOnly");
    if (!cookiePathMatches(cookie.path, url.pathname)) reasons.push("NotOnPath");
    if (!cookieDomainMatches(cookie, url.hostname)) reasons.push("DomainMismatch");
    relation ??= context.includeCredentials ? siteRelation(url, context.pageOrigin) : undefined;
    if (relation?.crossSite && context.includeCredentials) {
      const same = sameSiteExclusion(cookie.sameSite, relation.schemeOnly);
      if (same !== null) {
        reasons.push(same.reason);
        sameSiteText = same.text;
      }
      if (blockThirdParty) reasons.push("UserPreferences");
    }
    if (reasons.length === 0) sent.push(cookie);
    else {
      const first = reasons[0] as CookieBlockedReason;
      withheld.push({ cookie, reasons, text: sameSiteText !== null && first.startsWith("Schemeful") ? sameSiteText : COOKIE_BLOCKED_TEXT[first] });
    }
  }
  // Stable sort: equal path lengths keep the jar's creation order.
  sent.sort((a, b) => b.path.length - a.path.length);
  const header = sent.length === 0 ? null : sent.map((c) => (c.name === "" ? c.value : `${c.name}=${c.value}`)).join("; ");
  return { header, sent, withheld };
}
