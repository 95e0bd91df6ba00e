/**
 * Sites: "same site" compares the scheme and the registrable domain from the Public Suffix List,
 * private registries included (net `SchemefulSite`, e.g. `github.io`); a host with no registrable
 * domain (an IP address, `localhost`) is its own site, unknown TLDs count as registries (so
 * `a.example.test` and `b.example.test` are same-site — observed on Chromium 156), and ports never
 * matter. Used by Fetch Metadata `Sec-Fetch-Site` (services/network/sec_header_helpers.cc
 * `MaybeSetSecFetchSiteHeader`) and by the cookie rules.
 *
 * The list (tldts) is loaded only when a domain name needs it ({@link loadSuffixListFor}), so the
 * CLI checking loopback URLs never loads it (issue 18).
 */

/** The `Sec-Fetch-Site` values a page's fetch() can produce. */
export type SecFetchSite = "same-origin" | "same-site" | "cross-site";

let suffixList: typeof import("tldts") | undefined;

/** IP addresses and `localhost` names are their own site: they never need the Public Suffix List. */
function isOwnSite(host: string): boolean {
  return host.startsWith("[") || /^\d+\.\d+\.\d+\.\d+$/.test(host) || host === "localhost" || host.endsWith(".localhost");
}

/**
 * Loads the Public Suffix List the first time one of `urls` needs it. Call it before the synchronous
 * site and cookie functions meet a domain name.
 *
 * @example
 * await loadSuffixListFor([new URL("https://api.example.com/")]);
 * registrableDomain("api.example.co.uk"); // "example.co.uk"
 */
export async function loadSuffixListFor(urls: readonly URL[]): Promise<void> {
  if (suffixList !== undefined || urls.every((u) => isOwnSite(u.hostname))) return;
  suffixList = await import("tldts");
}

function list(host: string): typeof import("tldts") {
  if (suffixList === undefined) throw new Error(`corsproof: ${host} needs the Public Suffix List: await loadSuffixListFor([url]) first`);
  return suffixList;
}

/** The registrable domain of a host, or the host itself when it has none (IPs, `localhost`). */
export function registrableDomain(hostname: string): string {
  const host = hostname.toLowerCase();
  if (isOwnSite(host)) return host;
  return list(host).getDomain(host, { allowPrivateDomains: true }) ?? host;
}

/** True when `domain` is itself a public suffix (`com`, `co.uk`, `github.io`); an IP never is. */
export function isPublicSuffix(domain: string): boolean {
  if (isOwnSite(domain)) return false;
  return list(domain).getPublicSuffix(domain, { allowPrivateDomains: true }) === domain;
}

/** Net's schemeful site of an http(s) URL: scheme and registrable domain (or host). Load the list first for domain names. */
export function siteOf(url: URL): string {
  return `${url.protocol}//${registrableDomain(url.hostname)}`;
}

/** Scheme-less same-site: same registrable domain. */
export function isSchemelesslySameSite(a: URL, b: URL): boolean {
  return registrableDomain(a.hostname) === registrableDomain(b.hostname);
}

/** Schemeful same-site (HTML "same site", Chromium's default since M89): same scheme and registrable domain. */
export function isSameSite(a: URL, b: URL): boolean {
  return siteOf(a) === siteOf(b);
}

function relation(page: string, url: URL): SecFetchSite {
  if (page === "null") return "cross-site";
  if (url.origin === page) return "same-origin";
  return isSameSite(new URL(page), url) ? "same-site" : "cross-site";
}

const RANK: Record<SecFetchSite, number> = { "same-origin": 0, "same-site": 1, "cross-site": 2 };

/**
 * The `Sec-Fetch-Site` of a request whose URL list is `chain` (the first URL, then each redirect
 * target): the least related of the page to any URL in it. Load the suffix list first.
 *
 * @example
 * await loadSuffixListFor([new URL("https://app.example.com"), new URL("https://api.example.com/x")]);
 * secFetchSite("https://app.example.com", [new URL("https://api.example.com/x")]); // "same-site"
 */
export function secFetchSite(pageOrigin: string, chain: readonly URL[]): SecFetchSite {
  let worst: SecFetchSite = "same-origin";
  for (const url of chain) {
    const r = relation(pageOrigin, url);
    if (RANK[r] > RANK[worst]) worst = r;
  }
  return worst;
}
