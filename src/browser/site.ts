/**
 * Fetch Metadata `Sec-Fetch-Site`: how the request's URLs relate to the page that made it
 * (services/network/sec_header_helpers.cc `MaybeSetSecFetchSiteHeader`). "Same site" compares the
 * scheme and the registrable domain from the Public Suffix List, private registries included
 * (net `SchemefulSite`); a host with no registrable domain (an IP address, `localhost`) is its own
 * site, and ports never matter.
 */

/** The `Sec-Fetch-Site` values a page's fetch() can produce. */
export type SecFetchSite = "same-origin" | "same-site" | "cross-site";

let registrableDomain: ((host: string) => string | null) | undefined;

/** IP addresses and `localhost` names are their own site: they never need the Public Suffix List. */
function isOwnSite(host: string): boolean {
  return host.startsWith("[") || /^\d+\.\d+\.\d+\.\d+$/.test(host) || host === "localhost" || host.endsWith(".localhost");
}

/**
 * Loads the Public Suffix List (tldts) the first time one of `urls` needs it. A check of loopback
 * URLs never loads it, so the CLI starts fast there (issue 18).
 */
export async function loadSuffixListFor(urls: readonly URL[]): Promise<void> {
  if (registrableDomain !== undefined || urls.every((u) => isOwnSite(u.hostname))) return;
  const { getDomain } = await import("tldts");
  registrableDomain = (host) => getDomain(host, { allowPrivateDomains: true });
}

/**
 * Net's schemeful site of an http(s) URL: scheme and registrable domain (or host). Throws for a
 * domain name before {@link loadSuffixListFor} loaded the list.
 */
export function siteOf(url: URL): string {
  const host = url.hostname;
  if (isOwnSite(host)) return `${url.protocol}//${host}`;
  if (registrableDomain === undefined) throw new Error(`corsproof: siteOf(${url.href}) needs the Public Suffix List: await loadSuffixListFor([url]) first`);
  return `${url.protocol}//${registrableDomain(host) ?? host}`;
}

function relation(page: string, url: URL): SecFetchSite {
  if (page === "null") return "cross-site";
  if (url.origin === page) return "same-origin";
  return siteOf(new URL(page)) === siteOf(url) ? "same-site" : "cross-site";
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
