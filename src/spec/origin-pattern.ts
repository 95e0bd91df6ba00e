/**
 * Origin patterns: the one wildcard form corsproof accepts instead of regular expressions.
 *
 * - `https://*.example.com`: one or more labels under example.com (the apex is excluded),
 *   https only, default port only.
 * - `http://localhost:*`: that host on any port, including the default one.
 * - `https://*.example.com:*` and `https://*.example.com:8443` combine both.
 *
 * Matching is label-wise on the exact received bytes (see origin.ts): no regex, no normalisation.
 */
import { isBracketedIpv6, isCanonicalHostname, isCanonicalPort, schemeEnd } from "./origin.js";

/** A parsed origin pattern. */
export interface OriginPattern {
  /** The pattern as written. */
  readonly source: string;
  readonly scheme: string;
  /** The host, or for a subdomain pattern the base domain after `*.`. */
  readonly host: string;
  /** True for `*.host`: one or more labels, apex excluded. */
  readonly subdomains: boolean;
  /** `"*"` for any port, `""` for the default port only, else the port digits. */
  readonly port: string;
}

/** Why a string is not a valid pattern, in words a config error can show. */
export type OriginPatternProblem = string;

/**
 * Parses `source` as an origin pattern. Returns the pattern, or a problem sentence when `source`
 * contains `*` in any other place (`https://*`, `*.example.com`, `https://a*.example.com`, ...).
 */
export function parseOriginPattern(source: string): OriginPattern | OriginPatternProblem {
  const hostStart = schemeEnd(source);
  if (hostStart < 0) return "a pattern needs a lower-case scheme followed by '://', as in 'https://*.example.com'";
  const scheme = source.slice(0, hostStart - 3);
  let rest = source.slice(hostStart);
  let port = "";
  const colon = rest.indexOf(":", rest.startsWith("[") ? rest.indexOf("]") : 0);
  if (colon >= 0) {
    port = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (port !== "*" && !isCanonicalPort(port, 0, port.length)) {
      return `the port '${port}' must be '*' or a number from 1 to 65535 without leading zeros`;
    }
  }
  const subdomains = rest.startsWith("*.");
  const host = subdomains ? rest.slice(2) : rest;
  if (host.includes("*")) {
    return "'*' may only stand for whole leading labels ('https://*.example.com') or the port ('http://localhost:*')";
  }
  const validHost = host.startsWith("[") ? !subdomains && isBracketedIpv6(host, 0, host.length) : isCanonicalHostname(host, 0, host.length);
  if (!validHost || host.endsWith(".")) {
    return `'${host}' is not a lower-case host name (use Punycode for international names)`;
  }
  if (subdomains && !host.includes(".") && host !== "localhost") {
    return `'*.${host}' would match every site under a top-level domain`;
  }
  if (!subdomains && port !== "*") return "a pattern must contain '*'";
  return { source, scheme, host, subdomains, port };
}
