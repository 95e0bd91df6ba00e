/**
 * `Set-Cookie` as Chromium stores or refuses it on a fetch() response (RFC 6265bis §5.6 "the
 * Set-Cookie header field" and §5.7 "storage model"; Chromium net/cookies/parsed_cookie.cc,
 * canonical_cookie.cc `Create` and `IsSetPermittedInContext`), with DevTools' reason names
 * (`Network.SetCookieBlockedReason`) and tooltip texts.
 *
 * Order observed on Chromium 156: a cookie that cannot be created (syntax, Domain, prefix, Secure
 * over an insecure connection) is refused for that reason alone; otherwise, on a third-party
 * response with third-party cookies blocked, only `UserPreferences` is reported; otherwise the
 * SameSite rules decide.
 */
import type { Cookie, CookieJar, SameSite } from "./cookie.js";
import { isSecureCookieUrl, SAME_SITE_REASON, siteRelation, type ThirdPartyCookies } from "./request-cookies.js";
import { isPublicSuffix, type loadSuffixListFor } from "./site.js";

/** DevTools `Network.SetCookieBlockedReason` names, plus `CredentialsNotIncluded` (the response's cookies are ignored). */
export type SetCookieBlockedReason =
  | "CredentialsNotIncluded"
  | "SyntaxError"
  | "DisallowedCharacter"
  | "NameValuePairExceedsMaxSize"
  | "InvalidDomain"
  | "InvalidPrefix"
  | "SecureOnly"
  | "SameSiteNoneInsecure"
  | "SchemefulSameSiteStrict"
  | "SchemefulSameSiteLax"
  | "SchemefulSameSiteUnspecifiedTreatedAsLax"
  | "UserPreferences";

const SET = "This attempt to set a cookie via a Set-Cookie header was blocked because";
const CROSS_SCHEME = " This response is considered cross-site because the URL has a different scheme than the current site.";
const sameSiteText = (attr: string) =>
  `${SET} it had the "${attr}" attribute but came from a cross-site response which was not the response to a top-level navigation.`;
const unspecified =
  'This Set-Cookie header didn\'t specify a "SameSite" attribute and was defaulted to "SameSite=Lax," and was blocked because it came from a cross-site response which was not the response to a top-level navigation. The Set-Cookie had to have been set with "SameSite=None" to enable cross-site usage.';

/** DevTools' tooltips for SameSite refusals between sites that differ by more than the scheme. */
const CROSS_SITE_TEXT: Readonly<Record<Exclude<SameSite, "None">, string>> = {
  Strict: sameSiteText("SameSite=Strict"),
  Lax: sameSiteText("SameSite=Lax"),
  Unspecified: unspecified,
};

/** DevTools' tooltip for each reason (front_end/core/sdk/NetworkRequest.ts), verbatim but for markdown backticks. */
export const SET_COOKIE_BLOCKED_TEXT: Readonly<Record<SetCookieBlockedReason, string>> = {
  CredentialsNotIncluded:
    "fetch() did not include credentials (credentials mode 'omit', or 'same-origin' on a cross-origin URL), so the browser ignores Set-Cookie.",
  SyntaxError: "This Set-Cookie header had invalid syntax.",
  DisallowedCharacter:
    "This Set-Cookie header contained a disallowed character (a forbidden ASCII control character, or the tab character if it appears in the middle of the cookie name, value, an attribute name, or an attribute value).",
  NameValuePairExceedsMaxSize: `${SET} the cookie was too large. The combined size of the name and value must be less than or equal to 4096 characters.`,
  InvalidDomain: `${SET} its Domain attribute was invalid with regards to the current host url.`,
  InvalidPrefix: `${SET} it used the "__Secure-" or "__Host-" prefix in its name and broke the additional rules applied to cookies with these prefixes as defined in https://tools.ietf.org/html/draft-west-cookie-prefixes-05.`,
  SecureOnly: `${SET} it had the "Secure" attribute but was not received over a secure connection.`,
  SameSiteNoneInsecure: `${SET} it had the "SameSite=None" attribute but did not have the "Secure" attribute, which is required in order to use "SameSite=None".`,
  SchemefulSameSiteStrict: sameSiteText("SameSite=Strict") + CROSS_SCHEME,
  SchemefulSameSiteLax: sameSiteText("SameSite=Lax") + CROSS_SCHEME,
  SchemefulSameSiteUnspecifiedTreatedAsLax:
    'This Set-Cookie header didn\'t specify a "SameSite" attribute, was defaulted to "SameSite=Lax", and was blocked because it came from a cross-site response which was not the response to a top-level navigation.' +
    CROSS_SCHEME,
  UserPreferences: "This attempt to set a cookie via a Set-Cookie header was blocked due to user preferences.",
};

/** What the browser did with one `Set-Cookie` line. */
export interface SetCookieOutcome {
  /** The header value as received. */
  readonly line: string;
  readonly stored: boolean;
  /** The cookie as stored (or as it would have been), null when the line could not be parsed. */
  readonly cookie: Cookie | null;
  readonly reasons: readonly SetCookieBlockedReason[];
  /**
   * DevTools' explanation of the reason (for SameSite, of what actually differs: DevTools names
   * every SameSite refusal `SchemefulSameSite…` while Schemeful Same-Site is on), or null when stored.
   */
  readonly text: string | null;
}

const MAX_NAME_VALUE = 4096;
// Chromium ParsedCookie: CTLs other than HTAB are disallowed anywhere in the line.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** RFC 6265bis §5.1.4 default-path of a request path. */
function defaultPath(path: string): string {
  if (!path.startsWith("/")) return "/";
  const last = path.lastIndexOf("/");
  return last <= 0 ? "/" : path.slice(0, last);
}

interface Parsed {
  readonly name: string;
  readonly value: string;
  readonly domain: string | null;
  readonly path: string | null;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: SameSite;
  readonly expires: number | null;
}

/** RFC 6265bis §5.6 parsing; a reason when the line cannot become a cookie at all. */
function parse(line: string, now: number): Parsed | SetCookieBlockedReason {
  if (CONTROL.test(line)) return "DisallowedCharacter";
  const [pair = "", ...attributes] = line.split(";");
  const eq = pair.indexOf("=");
  const name = (eq < 0 ? "" : pair.slice(0, eq)).trim();
  const value = (eq < 0 ? pair : pair.slice(eq + 1)).trim();
  if (name === "" && value === "") return "SyntaxError";
  if (name.length + value.length > MAX_NAME_VALUE) return "NameValuePairExceedsMaxSize";
  let domain: string | null = null;
  let path: string | null = null;
  let secure = false;
  let httpOnly = false;
  let sameSite: SameSite = "Unspecified";
  let expires: number | null = null;
  let maxAge: number | null = null;
  for (const attribute of attributes) {
    const at = attribute.indexOf("=");
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const val = at < 0 ? "" : attribute.slice(at + 1).trim();
    if (key === "domain" && val !== "") domain = val.replace(/^\./, "").toLowerCase();
    else if (key === "path") path = val.startsWith("/") ? val : null;
    else if (key === "secure") secure = true;
    else if (key === "httponly") httpOnly = true;
    else if (key === "samesite") {
      const v = val.toLowerCase();
      sameSite = v === "strict" ? "Strict" : v === "lax" ? "Lax" : v === "none" ? "None" : "Unspecified";
    } else if (key === "max-age" && /^-?\d+$/.test(val)) maxAge = Number(val);
    else if (key === "expires") {
      const t = Date.parse(val);
      if (!Number.isNaN(t)) expires = t;
    }
  }
  // Max-Age wins over Expires (§5.7 step 3).
  if (maxAge !== null) expires = maxAge <= 0 ? Number.NEGATIVE_INFINITY : now + maxAge * 1000;
  return { name, value, domain, path, secure, httpOnly, sameSite, expires };
}

/** §5.7 steps 5–6 and the prefix rules (§4.1.3): the stored cookie, or the reason it cannot be created. */
function create(parsed: Parsed, url: URL, defaultToRoot: boolean): Cookie | SetCookieBlockedReason {
  const host = url.hostname.toLowerCase();
  let hostOnly = true;
  let domain = host;
  if (parsed.domain !== null) {
    // A Domain equal to a public suffix is only allowed for that very host, which then gets a host-only cookie.
    const matches = host === parsed.domain || (!/^[\d.]+$|^\[/.test(host) && host.endsWith(`.${parsed.domain}`));
    if (!matches) return "InvalidDomain";
    const isSuffix = isPublicSuffix(parsed.domain);
    if (isSuffix && host !== parsed.domain) return "InvalidDomain";
    if (!isSuffix) {
      hostOnly = false;
      domain = parsed.domain;
    }
  }
  if (parsed.secure && !isSecureCookieUrl(url)) return "SecureOnly";
  const lower = parsed.name.toLowerCase();
  const path = parsed.path ?? (defaultToRoot ? "/" : defaultPath(url.pathname));
  if (lower.startsWith("__secure-") && !parsed.secure) return "InvalidPrefix";
  if (lower.startsWith("__host-") && !(parsed.secure && hostOnly && parsed.domain === null && path === "/")) return "InvalidPrefix";
  return {
    name: parsed.name,
    value: parsed.value,
    domain,
    hostOnly,
    path,
    secure: parsed.secure,
    httpOnly: parsed.httpOnly,
    sameSite: parsed.sameSite,
    expires: parsed.expires,
  };
}

/** The response side of {@link storeSetCookie}. */
export interface SetCookieContext {
  /** The URL of the response carrying the header. */
  readonly url: URL | string;
  readonly pageOrigin: string;
  /** Fetch "includeCredentials" for this hop; without it the browser ignores the response's cookies. */
  readonly includeCredentials: boolean;
  /** Default `blocked`, as Chromium 156 headless. */
  readonly thirdPartyCookies?: ThirdPartyCookies;
  readonly now?: number;
}

/**
 * Judges one `Set-Cookie` line as Chromium would for a fetch() response, and stores the cookie in
 * `jar` when Chromium would. For domain names, load the Public Suffix List first ({@link loadSuffixListFor}).
 *
 * @example
 * await loadSuffixListFor([new URL("https://api.other.com/"), new URL("https://app.example.com")]);
 * const jar = createCookieJar();
 * storeSetCookie(jar, "sid=1; SameSite=Lax", { url: "https://api.other.com/login", pageOrigin: "https://app.example.com", includeCredentials: true });
 * // → { stored: false, reasons: ["UserPreferences"], … } (third-party cookies are blocked by default)
 */
export function storeSetCookie(jar: CookieJar, line: string, context: SetCookieContext): SetCookieOutcome {
  const url = typeof context.url === "string" ? new URL(context.url) : context.url;
  const now = context.now ?? Date.now();
  const refuse = (cookie: Cookie | null, reason: SetCookieBlockedReason, text = SET_COOKIE_BLOCKED_TEXT[reason]): SetCookieOutcome => ({
    line,
    stored: false,
    cookie,
    reasons: [reason],
    text,
  });
  if (!context.includeCredentials) return refuse(null, "CredentialsNotIncluded");
  const parsed = parse(line, now);
  if (typeof parsed === "string") return refuse(null, parsed);
  const cookie = create(parsed, url, false);
  if (typeof cookie === "string") return refuse(null, cookie);
  const { crossSite, schemeOnly } = siteRelation(url, context.pageOrigin);
  if (crossSite && (context.thirdPartyCookies ?? "blocked") === "blocked") return refuse(cookie, "UserPreferences");
  if (cookie.sameSite === "None" && !cookie.secure) return refuse(cookie, "SameSiteNoneInsecure");
  if (crossSite && cookie.sameSite !== "None") {
    const reason = SAME_SITE_REASON[cookie.sameSite];
    return refuse(cookie, reason, schemeOnly ? SET_COOKIE_BLOCKED_TEXT[reason] : CROSS_SITE_TEXT[cookie.sameSite]);
  }
  jar.store(cookie, now);
  return { line, stored: true, cookie, reasons: [], text: null };
}

/**
 * A cookie the user says the browser already holds, written like a Set-Cookie value
 * (`name=value; SameSite=None; Secure; Domain=example.com; Path=/`), for the site of `url`.
 * Path defaults to `/`. Throws a TypeError naming Chromium's reason when Chromium would refuse
 * to store such a cookie at all. A Domain attribute on a domain name needs {@link loadSuffixListFor} first.
 *
 * @example
 * parseCookieOption("sid=abc; SameSite=None; Secure", "https://api.example.com/me");
 */
export function parseCookieOption(text: string, url: URL | string): Cookie {
  const u = typeof url === "string" ? new URL(url) : url;
  const parsed = parse(text, Date.now());
  const cookie = typeof parsed === "string" ? parsed : create(parsed, u, true);
  if (typeof cookie !== "string" && cookie.sameSite === "None" && !cookie.secure) {
    throw new TypeError(`cookie '${text}': ${SET_COOKIE_BLOCKED_TEXT.SameSiteNoneInsecure.replace(`${SET} it`, "it")}`);
  }
  if (typeof cookie === "string") throw new TypeError(`cookie '${text}' for ${u.host}: Chromium refuses it (${cookie}). ${SET_COOKIE_BLOCKED_TEXT[cookie]}`);
  return cookie;
}
