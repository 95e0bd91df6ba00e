/**
 * Origin patterns: the one wildcard form corsproof accepts instead of regular expressions.
 *
 * - `https://*.example.com`: one or more labels under example.com (the apex is excluded),
 *   https only, default port only.
 * - `http://localhost:*`: that host on any port, including the default one.
 * - `https://*.example.com:*` and `https://*.example.com:8443` combine both.
 *
 * Matching is label-wise on the exact received bytes (see origin.ts): no regex, no normalisation.
 * A pattern is valid when the origins it stands for are ones a browser can send: with `*.` read as
 * one label and `:*` as no port, it must be an origin exactly as the URL Standard serialises it.
 */
import { endsInANumber, hostParseFailure, isCanonicalPort, isSerializedOrigin, schemeEnd, serializeOrigin, withoutTrailingDot } from "./origin.js";

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

/** Why a string is not a valid pattern, and what to write instead, in words a config error can show. */
export interface OriginPatternProblem {
  readonly reason: string;
  readonly fix: string;
}

const GENERIC_FIX = "Write 'https://*.example.com' (subdomains) or 'http://localhost:*' (any port).";

/**
 * Parses `source` as an origin pattern. Returns the pattern, or the problem when `source` contains
 * `*` in any other place (`https://*`, `*.example.com`, `https://a*.example.com`, ...), puts `*.`
 * before an IP address, or names a host or port the URL Standard would serialise differently.
 */
export function parseOriginPattern(source: string): OriginPattern | OriginPatternProblem {
  const hostStart = schemeEnd(source);
  if (hostStart < 0) return { reason: "a pattern needs a lower-case scheme followed by '://', as in 'https://*.example.com'", fix: GENERIC_FIX };
  const scheme = source.slice(0, hostStart - 3);
  let rest = source.slice(hostStart);
  let port = "";
  const colon = rest.indexOf(":", rest.includes("[") ? rest.indexOf("]") : 0);
  if (colon >= 0) {
    port = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (port !== "*" && !isCanonicalPort(port, 0, port.length)) {
      return { reason: `the port '${port}' must be '*' or a number from 1 to 65535 without leading zeros`, fix: GENERIC_FIX };
    }
  }
  const subdomains = rest.startsWith("*.");
  const host = subdomains ? rest.slice(2) : rest;
  if (host.includes("*")) {
    return { reason: "'*' may only stand for whole leading labels ('https://*.example.com') or the port ('http://localhost:*')", fix: GENERIC_FIX };
  }
  const portSuffix = port === "" ? "" : `:${port}`;
  if (subdomains && (host.startsWith("[") || endsInANumber(host))) {
    // URL Standard host parser: a bracketed host is IPv6 and a host ending in a number is IPv4, so
    // `x.127.0.0.1` is not a host at all and an address has no subdomains.
    const address = serializeOrigin(`${scheme}://${host}`);
    return {
      reason: `'*.${host}' puts a wildcard over an IP address, which has no subdomains (a host that ${host.startsWith("[") ? "is in brackets is an IPv6 address" : "ends in a number is parsed as an IPv4 address"}), so no origin matches it`,
      fix: address === undefined ? GENERIC_FIX : `List the address itself: '${address}${portSuffix}'.`,
    };
  }
  const name = withoutTrailingDot(host);
  if (subdomains && !name.includes(".") && name !== "localhost") {
    return { reason: `'*.${host}' would match every site under a top-level domain`, fix: "Name the domain you own, e.g. 'https://*.example.com'." };
  }
  if (!subdomains && port !== "*") return { reason: "a pattern must contain '*'", fix: GENERIC_FIX };
  // One origin the pattern stands for: `*.` as the label `a`, `:*` as the default port.
  const label = subdomains ? "a." : "";
  const sample = `${scheme}://${label}${host}${port === "*" ? "" : portSuffix}`;
  const serialised = serializeOrigin(sample);
  if (serialised === undefined) {
    return { reason: hostParseFailure(host) ?? `'${host}' is not a valid host (URL Standard host parser)`, fix: GENERIC_FIX };
  }
  if (serialised !== sample || !isSerializedOrigin(sample)) {
    const serialisedPort = /:(\d+)$/.exec(serialised.slice(hostStart))?.[1];
    const canonicalHost = serialised.slice(hostStart + label.length, serialisedPort === undefined ? undefined : -serialisedPort.length - 1);
    const canonical = `${scheme}://${subdomains ? "*." : ""}${canonicalHost}${port === "*" ? ":*" : serialisedPort === undefined ? "" : `:${serialisedPort}`}`;
    if (canonical !== source && isOriginPattern(parseOriginPattern(canonical))) {
      return {
        reason: `browsers serialise the origins it stands for as '${canonical}' (e.g. '${serialised}'), and origins are compared byte for byte`,
        fix: `Write '${canonical}'.`,
      };
    }
    return {
      reason: `'${host}' is not a host name corsproof matches (lower-case labels of 1 to 63 letters, digits, '-' and '_', not starting or ending with '-'; Punycode for international names)`,
      fix: GENERIC_FIX,
    };
  }
  return { source, scheme, host, subdomains, port };
}

/** Narrows the result of {@link parseOriginPattern}. */
export function isOriginPattern(value: OriginPattern | OriginPatternProblem): value is OriginPattern {
  return "source" in value;
}
