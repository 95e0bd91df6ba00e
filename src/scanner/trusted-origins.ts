/**
 * The origins the site owner trusts, as the scanner was told (`--trusted-origin`): exact serialised
 * origins or corsproof origin patterns (`https://*.example.com`, `http://localhost:*`). Probes that
 * fall inside this set are never findings: granting them is the owner's intent.
 */
import { isOriginPattern, parseOriginPattern } from "../protocol/origin-pattern.js";
import { isSerializedOrigin, splitSerializedOrigin } from "../protocol/origin.js";

/** One trusted entry, parsed. */
export interface TrustedOrigin {
  readonly source: string;
  readonly scheme: string;
  /** The host, or the base domain of a subdomain pattern. */
  readonly host: string;
  /** `""` default port, `"*"` any port, else digits. */
  readonly port: string;
  readonly subdomains: boolean;
}

/** Thrown for a trusted origin that is neither a serialised origin nor a valid pattern. */
export class TrustedOriginError extends Error {
  override readonly name = "TrustedOriginError";
}

/**
 * Parses the trusted origins; throws a {@link TrustedOriginError} naming the bad value and the fix.
 */
export function parseTrustedOrigins(values: readonly string[]): TrustedOrigin[] {
  return values.map((source) => {
    if (isSerializedOrigin(source)) {
      const p = splitSerializedOrigin(source)!;
      return { source, scheme: p.scheme, host: p.host, port: p.port, subdomains: false };
    }
    const pattern = source.includes("*") ? parseOriginPattern(source) : null;
    if (pattern === null || !isOriginPattern(pattern)) {
      throw new TrustedOriginError(
        `trusted origin '${source}' is not a serialised origin such as https://app.example.com (no path or trailing slash) or a pattern such as https://*.example.com${pattern ? `: ${pattern.reason} ${pattern.fix}` : ""}`,
      );
    }
    return { source, scheme: pattern.scheme, host: pattern.host, port: pattern.port, subdomains: pattern.subdomains };
  });
}

/** True when `origin` (a serialised origin, or `null`) is inside the trusted set, label-wise. */
export function isTrusted(origin: string, trusted: readonly TrustedOrigin[]): boolean {
  const parts = splitSerializedOrigin(origin);
  if (parts === undefined) return false;
  return trusted.some((t) => {
    if (t.scheme !== parts.scheme) return false;
    if (t.port !== "*" && t.port !== parts.port) return false;
    if (!t.subdomains) return parts.host === t.host;
    const prefix = parts.host.length - t.host.length - 1;
    return prefix > 0 && parts.host.endsWith(`.${t.host}`);
  });
}

/** A concrete origin inside a trusted entry, for baseline requests (patterns get a `corsprobe` label). */
export function sampleOrigin(t: TrustedOrigin): string {
  const host = t.subdomains ? `corsprobe.${t.host}` : t.host;
  return `${t.scheme}://${host}${t.port === "" || t.port === "*" ? "" : `:${t.port}`}`;
}
