/**
 * Who owns a host, as far as the Public Suffix List tells: its registrable domain, and whether it
 * sits under a shared-hosting suffix (the list's private section: vercel.app, github.io,
 * herokuapp.com…) where anyone can create a site. Used by the RegExp probes, the request-time
 * guard and the origin-function audit.
 */
import { getDomain, getPublicSuffix } from "tldts";

/**
 * The public suffix of `host` when it is one from the list's private section (shared hosting such
 * as vercel.app, github.io, herokuapp.com), where anyone can register a name; undefined otherwise.
 * ICANN suffixes (`com`, `co.uk`) are where every site lives, so they say nothing about who owns it.
 */
export function sharedHostingSuffix(host: string): string | undefined {
  const name = host.endsWith(".") ? host.slice(0, -1) : host;
  const withPrivate = getPublicSuffix(name, { allowPrivateDomains: true });
  if (withPrivate === null || withPrivate === name) return undefined;
  return withPrivate !== getPublicSuffix(name, { allowPrivateDomains: false }) ? withPrivate : undefined;
}

/** The registrable domain of `host` (the name one owner registers, private suffixes included), or the host itself for addresses. */
export function registrableDomain(host: string): string {
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}
