/**
 * Fetch Metadata `Sec-Fetch-Site`: how the request's URLs relate to the page that made it
 * (services/network/sec_header_helpers.cc `MaybeSetSecFetchSiteHeader`). "Same site" compares the
 * scheme and the registrable domain from the Public Suffix List, private registries included
 * (net `SchemefulSite`); a host with no registrable domain (an IP address, `localhost`) is its own
 * site, and ports never matter.
 */
import { getDomain } from "tldts";

/** The `Sec-Fetch-Site` values a page's fetch() can produce. */
export type SecFetchSite = "same-origin" | "same-site" | "cross-site";

/** Net's schemeful site of an http(s) URL: scheme and registrable domain (or host). */
export function siteOf(url: URL): string {
  const host = url.hostname;
  const domain = host.startsWith("[") ? null : getDomain(host, { allowPrivateDomains: true });
  return `${url.protocol}//${domain ?? host}`;
}

function relation(page: string, url: URL): SecFetchSite {
  if (page === "null") return "cross-site";
  if (url.origin === page) return "same-origin";
  return siteOf(new URL(page)) === siteOf(url) ? "same-site" : "cross-site";
}

const RANK: Record<SecFetchSite, number> = { "same-origin": 0, "same-site": 1, "cross-site": 2 };

/**
 * The `Sec-Fetch-Site` of a request whose URL list is `chain` (the first URL, then each redirect
 * target): the least related of the page to any URL in it.
 *
 * @example
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
