/**
 * Who owns a host, as far as the Public Suffix List tells: its registrable domain, and whether it
 * sits under a shared-hosting suffix (the list's private section: vercel.app, github.io,
 * herokuapp.com…) where anyone can create a site. Used by the RegExp probes, the request-time
 * guard and the origin-function audit. The list comes through public-suffix.ts (loaded on Node,
 * registered by `corsproof/public-suffix` on edge runtimes); without it, the built-in list of the
 * best-known shared-hosting suffixes (protocol/shared-hosting.ts) still tells their tenants apart,
 * and any other registrable domain is read as the last two labels.
 */
import { withoutTrailingDot } from "../protocol/origin.js";
import { SHARED_HOSTING_SUFFIXES } from "../protocol/shared-hosting.js";
import { publicSuffixOf } from "./public-suffix.js";

const BUILT_IN = new Set(SHARED_HOSTING_SUFFIXES);

/** The built-in shared-hosting suffix `name` sits under (strictly), or undefined. */
function builtInSuffix(name: string): string | undefined {
  for (let i = name.indexOf("."); i >= 0; i = name.indexOf(".", i + 1)) if (BUILT_IN.has(name.slice(i + 1))) return name.slice(i + 1);
  return undefined;
}

/**
 * The public suffix of `host` when it is one from the list's private section (shared hosting such
 * as vercel.app, github.io, herokuapp.com), where anyone can register a name; undefined otherwise.
 * ICANN suffixes (`com`, `co.uk`) are where every site lives, so they say nothing about who owns it.
 */
export function sharedHostingSuffix(host: string): string | undefined {
  const name = withoutTrailingDot(host);
  const withPrivate = publicSuffixOf(name, true);
  if (withPrivate === undefined) return builtInSuffix(name);
  if (withPrivate === null || withPrivate === name) return undefined;
  return withPrivate !== publicSuffixOf(name, false) ? withPrivate : undefined;
}

/** The registrable domain of `host` (private suffixes included), or null for addresses and for public suffixes themselves. */
export function siteOf(host: string): string | null {
  const name = withoutTrailingDot(host);
  if (name.startsWith("[") || /^[\d.]+$/.test(name)) return null;
  const labels = name.split(".");
  const suffix = publicSuffixOf(name, true);
  const suffixLabels = (suffix ?? builtInSuffix(name) ?? "x").split(".").length;
  return labels.length <= suffixLabels ? null : labels.slice(-(suffixLabels + 1)).join(".");
}

/** The registrable domain of `host` (the name one owner registers, private suffixes included), or the host itself for addresses and suffixes. */
export function registrableDomain(host: string): string {
  return siteOf(host) ?? withoutTrailingDot(host);
}
