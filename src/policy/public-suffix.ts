/**
 * The Public Suffix List, needed at configuration time only, and only to refuse a credentialed
 * wildcard on a public suffix (`https://*.github.io`). It is ~150 KB, so it is not imported
 * statically: on Node it is loaded on first need from the `tldts` dependency; edge bundles
 * (corsproof/fetch, corsproof/hono in a Worker) leave it out unless the app imports
 * `corsproof/public-suffix`, which registers it.
 */

/**
 * Returns the public suffix of a host name, or null: with `privateDomains` (the default) the
 * list's private section counts too (`vercel.app`), without it only ICANN suffixes (`app`) — the
 * difference tells a shared-hosting tenant from a registered domain.
 */
export type PublicSuffixLookup = (host: string, privateDomains?: boolean) => string | null;

let lookup: PublicSuffixLookup | undefined;

/** Makes `fn` the lookup every policy created afterwards uses. */
export function registerPublicSuffixList(fn: PublicSuffixLookup): void {
  lookup = fn;
}

/** Node: load `tldts` through require, which bundlers do not follow (so edge bundles stay small). */
function loadOnNode(): PublicSuffixLookup | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const mod = proc?.getBuiltinModule?.("node:module") as { createRequire(from: string): (id: string) => unknown } | undefined;
    const tldts = mod?.createRequire(import.meta.url)("tldts") as { getPublicSuffix(host: string, options: object): string | null } | undefined;
    return tldts === undefined ? undefined : (host, privateDomains = true) => tldts.getPublicSuffix(host, { allowPrivateDomains: privateDomains });
  } catch {
    return undefined;
  }
}

/** The public suffix of `host` (see {@link PublicSuffixLookup}); undefined when no list is available in this runtime. */
export function publicSuffixOf(host: string, privateDomains = true): string | null | undefined {
  lookup ??= loadOnNode();
  return lookup?.(host, privateDomains);
}
