/**
 * Who owns a host, as far as the Public Suffix List tells: its registrable domain, and whether it
 * sits under a shared-hosting suffix (the list's private section: vercel.app, github.io,
 * herokuapp.com…) where anyone can create a site. Used by the RegExp probes, the request-time
 * guard and the origin-function audit. The list comes through public-suffix.ts (loaded on Node,
 * registered by `corsproof/public-suffix` on edge runtimes); without it, no host is taken for a
 * shared-hosting tenant and a registrable domain is read as the last two labels.
 */
import { withoutTrailingDot } from "../protocol/origin.js";
import { publicSuffixOf } from "./public-suffix.js";

/**
 * The public suffix of `host` when it is one from the list's private section (shared hosting such
 * as vercel.app, github.io, herokuapp.com), where anyone can register a name; undefined otherwise.
 * ICANN suffixes (`com`, `co.uk`) are where every site lives, so they say nothing about who owns it.
 */
export function sharedHostingSuffix(host: string): string | undefined {
  const name = withoutTrailingDot(host);
  const withPrivate = publicSuffixOf(name, true);
  if (withPrivate === null || withPrivate === undefined || withPrivate === name) return undefined;
  return withPrivate !== publicSuffixOf(name, false) ? withPrivate : undefined;
}

/** The registrable domain of `host` (the name one owner registers, private suffixes included), or the host itself for addresses. */
export function registrableDomain(host: string): string {
  const name = withoutTrailingDot(host);
  if (name.startsWith("[") || /^[\d.]+$/.test(name)) return name;
  const labels = name.split(".");
  const suffix = publicSuffixOf(name, true);
  const suffixLabels = suffix === null || suffix === undefined ? 1 : suffix.split(".").length;
  return labels.length <= suffixLabels ? name : labels.slice(-(suffixLabels + 1)).join(".");
}
