/**
 * The origins an attacker's page could have, derived from every trusted origin (not only from the
 * target's host: an API's trusted origin is often another host). Each probe names the origin-check
 * mistake it tests, the browsers that can send it, and what the attacker needs to own it, decided
 * with the Public Suffix List (private section included: anyone can have `x.github.io`).
 *
 * Only origins a browser can send are generated: a serialised origin of a page a browser can load.
 * Values only curl can send (`https://evil.com/.example.com`, `%60`, upper case, userinfo) prove a
 * sloppy parser, not an exploit, so they are not probes.
 */
import { parse } from "tldts";
import { isTrusted, type TrustedOrigin } from "./trusted-origins.js";
import type { BrowserName, ProbeOrigin } from "./types.js";

const ALL: readonly BrowserName[] = ["chromium", "firefox", "safari"];

/**
 * Characters after the trusted host that a real browser keeps in a host name (WHATWG "allowed host
 * code points"). Chromium 156 loads pages at such hosts and sends them in Origin, verbatim (checked
 * in test/scanner/chromium-sendable.test.ts, names mapped to loopback by a host-resolver rule);
 * Safari does too (corben.io "advanced CORS techniques", nuclei's per-character notes). Firefox is
 * known to accept only `_` (reference/cors-security.md C11) and has no conformance suite here.
 */
const CHROMIUM_SAFARI: readonly BrowserName[] = ["chromium", "safari"];
export const SPECIAL_HOST_CHARS: readonly { readonly char: string; readonly browsers: readonly BrowserName[] }[] = [
  { char: "_", browsers: ALL },
  { char: "}", browsers: CHROMIUM_SAFARI },
  { char: "!", browsers: CHROMIUM_SAFARI },
  { char: "~", browsers: CHROMIUM_SAFARI },
  { char: "$", browsers: CHROMIUM_SAFARI },
  { char: "`", browsers: CHROMIUM_SAFARI },
];

/**
 * Public suffixes (PSL private section) where anyone can get a site for free, so trusting any of
 * their subdomains trusts strangers. Verified against tldts in the tests.
 */
export const SHARED_HOSTING_SUFFIXES: readonly string[] = [
  "github.io",
  "gitlab.io",
  "vercel.app",
  "netlify.app",
  "herokuapp.com",
  "pages.dev",
  "workers.dev",
  "s3.amazonaws.com",
  "web.app",
  "azurewebsites.net",
  "onrender.com",
  "fly.dev",
];

/** Options of {@link probeOrigins}. */
export interface ProbeOriginOptions {
  /**
   * The target is an `http:` URL on a host that is not potentially trustworthy: an https: page
   * cannot fetch it (mixed content), so every attacker-owned probe is also sent as an `http:` page,
   * which the attacker can host just as well.
   */
  readonly insecureTarget?: boolean;
  /**
   * A registrable domain the attacker is assumed to own (the PoC page is hosted there). Default
   * `corsproof-attacker.com`. Probes only put it in the Origin header: no traffic goes there.
   */
  readonly attackerDomain?: string;
}

/** The registrable domain of a host under the PSL (private section included), or null. */
export function registrableDomain(host: string): string | null {
  const p = parse(host, { allowPrivateDomains: true });
  if (p.isIp || p.domain === null || !(p.isIcann || p.isPrivate)) return null;
  return p.domain;
}

/**
 * Every probe origin for the trusted set, de-duplicated, none of them trusted. The first probes are
 * the most general (any origin, null), so a server that reflects everything is reported once.
 *
 * @example
 * probeOrigins(parseTrustedOrigins(["https://app.example.com"]))
 *   .map((p) => `${p.code} ${p.origin}`);
 * // ["reflected-origin https://corsproof-attacker.com", "null-origin null",
 * //  "prefix-match https://app.example.com.corsproof-attacker.com", ...]
 */
export function probeOrigins(trusted: readonly TrustedOrigin[], options: ProbeOriginOptions = {}): ProbeOrigin[] {
  const attacker = options.attackerDomain ?? "corsproof-attacker.com";
  const label = attacker.split(".")[0]!.replaceAll("-", "");
  const out = new Map<string, ProbeOrigin>();
  const add = (origin: string, p: Omit<ProbeOrigin, "origin">) => {
    if (!out.has(origin) && (origin === "null" || !isTrusted(origin, trusted))) out.set(origin, { origin, ...p });
  };
  const first = trusted[0]?.source ?? "";
  add(`https://${attacker}`, { code: "reflected-origin", from: first, browsers: ALL, attacker: "registrable", attackerDomain: attacker });
  add("null", { code: "null-origin", from: first, browsers: ALL, attacker: "any-page", attackerDomain: null });

  for (const t of trusted) {
    const s = t.scheme;
    const from = t.source;
    // For a pattern, a concrete host under it stands in for "the trusted host".
    const host = t.subdomains ? `www.${t.host}` : t.host;
    const site = registrableDomain(t.host);
    const foreign = (h: string) => {
      const d = registrableDomain(h);
      return d !== null && d !== site ? d : null;
    };
    const port = t.port === "" || t.port === "*" ? "" : `:${t.port}`;

    // startsWith() or a regex without `$`: the trusted host followed by the attacker's domain.
    add(`${s}://${host}.${attacker}`, { code: "prefix-match", from, browsers: ALL, attacker: "registrable", attackerDomain: attacker });
    if (site !== null) {
      // endsWith("example.com") or a regex without `^`: a registrable name ending with the site.
      const suffixHost = `${label}${site}`;
      add(`${s}://${suffixHost}${port}`, { code: "suffix-match", from, browsers: ALL, attacker: "registrable", attackerDomain: foreign(suffixHost) });
      // includes()/indexOf() on an allowlist string: registrable names the trusted host contains
      // (the host less its last character, ybieri's check; the site less its first, CORScanner's include_match).
      for (const sub of [host.slice(0, -1), site.slice(1)]) {
        const d = foreign(sub);
        if (d !== null) add(`${s}://${sub}${port}`, { code: "substring-match", from, browsers: ALL, attacker: "registrable", attackerDomain: d });
      }
    }
    // A regex written from the host without escaping its dots: each dot is "any character".
    for (let i = host.indexOf("."); i >= 0; i = host.indexOf(".", i + 1)) {
      const lookalike = `${host.slice(0, i)}x${host.slice(i + 1)}`;
      const d = foreign(lookalike);
      if (d !== null) add(`${s}://${lookalike}${port}`, { code: "unescaped-dot", from, browsers: ALL, attacker: "registrable", attackerDomain: d });
    }
    for (const { char, browsers } of SPECIAL_HOST_CHARS) {
      add(`${s}://${host}${char}.${attacker}`, { code: "special-char-host", from, browsers, attacker: "registrable", attackerDomain: attacker });
    }
    if (s === "https") add(`http://${host}${port}`, { code: "insecure-origin", from, browsers: ALL, attacker: "network", attackerDomain: null });
    if (t.port !== "*")
      add(`${s}://${host}:${t.port === "4443" ? "4444" : "4443"}`, {
        code: "other-port",
        from,
        browsers: ALL,
        attacker: "site-foothold",
        attackerDomain: null,
      });
    // Sibling and deeper subdomains: only the site's owner can create them, but any XSS or
    // dangling DNS record on one of them then reads this API.
    const parent = host.slice(host.indexOf(".") + 1);
    if (site !== null && host !== site && registrableDomain(parent) === site) {
      add(`${s}://corsprobe.${parent}${port}`, { code: "any-subdomain", from, browsers: ALL, attacker: "site-foothold", attackerDomain: null });
    }
    add(`${s}://corsprobe.${host}${port}`, { code: "any-subdomain", from, browsers: ALL, attacker: "site-foothold", attackerDomain: null });
    // A trusted origin that is itself on shared hosting: its neighbours are strangers.
    const suffix = parse(t.host, { allowPrivateDomains: true });
    if (suffix.isPrivate && suffix.publicSuffix !== null) {
      const neighbour = `${label}.${suffix.publicSuffix}`;
      add(`https://${neighbour}`, { code: "shared-hosting", from, browsers: ALL, attacker: "registrable", attackerDomain: neighbour });
    }
  }
  for (const suffix of SHARED_HOSTING_SUFFIXES) {
    const h = `${label}.${suffix}`;
    add(`https://${h}`, { code: "shared-hosting", from: first, browsers: ALL, attacker: "registrable", attackerDomain: h });
  }
  if (options.insecureTarget) {
    for (const { origin, ...p } of [...out.values()]) if (p.attacker === "registrable" && origin.startsWith("https://")) add(`http://${origin.slice(8)}`, p);
  }
  return [...out.values()];
}
