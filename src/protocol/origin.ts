/**
 * Serialised origins (HTML "serialization of an origin"; Fetch "Origin header").
 *
 * A browser only ever sends `scheme "://" host [":" port]`: lower-case scheme and host, IDNs as
 * Punycode, default port elided, no userinfo, path, query or fragment. Every other shape comes
 * from a non-browser client. We therefore never parse-and-normalise a received Origin (which
 * would accept `https://user@APP.example.com:443/x`); we check its exact shape and compare bytes.
 */

/** Longest Origin we look at: 64-byte scheme + "://" + 253-byte host + ":65535". Longer is denied unread. */
export const MAX_ORIGIN_LENGTH = 326;

const DEFAULT_PORTS: ReadonlyMap<string, string> = new Map([
  ["http", "80"],
  ["https", "443"],
  ["ws", "80"],
  ["wss", "443"],
  ["ftp", "21"],
]);

/** The default port of a special scheme, or undefined. */
export function defaultPort(scheme: string): string | undefined {
  return DEFAULT_PORTS.get(scheme);
}

function isLowerAlpha(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
/** Host label bytes browsers serialise for ordinary hosts: a-z 0-9 - _ (Punycode keeps IDNs in this set). */
export function isLabelChar(c: number): boolean {
  return isLowerAlpha(c) || isDigit(c) || c === 0x2d || c === 0x5f;
}

/**
 * Index just past `scheme "://"` when `value` starts with a canonical scheme, else -1.
 * Scheme: lower-case ALPHA *( lower-case ALPHA / DIGIT / "+" / "-" / "." ), at most 64 bytes.
 */
export function schemeEnd(value: string): number {
  const n = Math.min(value.length, 68);
  if (n === 0 || !isLowerAlpha(value.charCodeAt(0))) return -1;
  for (let i = 1; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x3a) {
      return value.charCodeAt(i + 1) === 0x2f && value.charCodeAt(i + 2) === 0x2f && i <= 64 ? i + 3 : -1;
    }
    if (!(isLowerAlpha(c) || isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e)) return -1;
  }
  return -1;
}

/**
 * Checks `value[start, end)` is a canonical registered-name host: dot-separated labels of
 * a-z 0-9 - _, each 1..63 bytes, not starting or ending with "-", total at most 253 bytes.
 * One trailing dot is allowed: `https://example.com.` is a distinct origin a browser can send.
 */
export function isCanonicalHostname(value: string, start: number, end: number): boolean {
  let last = end;
  if (last - start > 1 && value.charCodeAt(last - 1) === 0x2e) last--;
  if (last - start < 1 || last - start > 253) return false;
  let labelStart = start;
  for (let i = start; i <= last; i++) {
    const c = i < last ? value.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      const len = i - labelStart;
      if (len === 0 || len > 63) return false;
      if (value.charCodeAt(labelStart) === 0x2d || value.charCodeAt(i - 1) === 0x2d) return false;
      labelStart = i + 1;
    } else if (!isLabelChar(c)) {
      return false;
    }
  }
  return true;
}

/**
 * WHATWG URL "ends in a number" (host parser step 7): such a host is parsed as IPv4 and
 * re-serialised (`http://0` becomes `http://0.0.0.0`), so it is canonical only as a dotted quad of
 * decimal numbers 0-255 without leading zeros.
 */
function isNumericHostCanonical(value: string, start: number, end: number): boolean {
  let last = end;
  if (value.charCodeAt(last - 1) === 0x2e) last--;
  const labelStart = value.lastIndexOf(".", last - 1) + 1;
  const from = Math.max(labelStart, start);
  let digits = true;
  for (let i = from; i < last; i++) if (!isDigit(value.charCodeAt(i))) digits = false;
  let hex = last - from >= 2 && value.charCodeAt(from) === 0x30 && (value.charCodeAt(from + 1) | 0x20) === 0x78;
  for (let i = from + 2; hex && i < last; i++) {
    const c = value.charCodeAt(i);
    hex = isDigit(c) || (c >= 0x61 && c <= 0x66);
  }
  if (!digits && !hex) return true;
  if (last !== end) return false;
  let parts = 0;
  let partStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && value.charCodeAt(i) !== 0x2e) continue;
    const len = i - partStart;
    if (len < 1 || len > 3 || (len > 1 && value.charCodeAt(partStart) === 0x30)) return false;
    let n = 0;
    for (let j = partStart; j < i; j++) {
      const c = value.charCodeAt(j);
      if (!isDigit(c)) return false;
      n = n * 10 + c - 0x30;
    }
    if (n > 255) return false;
    parts++;
    partStart = i + 1;
  }
  return parts === 4;
}

/** The value of the hex digit `c` (lower-case only, as URLs serialise it), or -1. */
function hexValue(c: number): number {
  return isDigit(c) ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
}

/**
 * Checks `value[start, end)` is `"[" IPv6 "]"` exactly as the URL Standard's IPv6 serializer writes
 * it: eight pieces in lower-case hex without leading zeros, the first longest run of two or more
 * zero pieces compressed to `::`, no embedded IPv4 (so `[::ffff:7f00:1]`, never
 * `[::ffff:127.0.0.1]`, and `[2001:4860:4860::8888]`, never the uncompressed form). Linear and
 * allocation-free: it parses the pieces, then checks the compression is the one the serializer picks.
 */
export function isBracketedIpv6(value: string, start: number, end: number): boolean {
  if (end - start < 4 || end - start > 41) return false;
  if (value.charCodeAt(start) !== 0x5b || value.charCodeAt(end - 1) !== 0x5d) return false;
  const first = start + 1;
  const last = end - 1;
  let pieces = 0;
  let compressAt = -1;
  // The zero runs written out in full: the longest, and the first of that length.
  let zeroRun = 0;
  let longestWrittenZeroRun = 0;
  let i = first;
  if (value.charCodeAt(i) === 0x3a) {
    if (value.charCodeAt(i + 1) !== 0x3a) return false;
    compressAt = 0;
    i += 2;
  }
  while (i < last) {
    let digits = 0;
    let piece = 0;
    while (i < last && digits < 5) {
      const h = hexValue(value.charCodeAt(i));
      if (h < 0) break;
      if (digits === 1 && piece === 0) return false; // leading zero
      piece = piece * 16 + h;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 4) return false;
    // A zero piece next to `::` belongs in the compressed run.
    if (piece === 0 && compressAt === pieces) return false;
    pieces++;
    zeroRun = piece === 0 ? zeroRun + 1 : 0;
    if (zeroRun > longestWrittenZeroRun) longestWrittenZeroRun = zeroRun;
    if (i === last) break;
    if (value.charCodeAt(i) !== 0x3a) return false;
    i++;
    if (value.charCodeAt(i) === 0x3a) {
      if (compressAt >= 0 || zeroRun > 0) return false;
      compressAt = pieces;
      zeroRun = 0;
      i++;
    } else if (i === last) {
      return false; // a trailing single ':'
    }
  }
  if (compressAt < 0) return pieces === 8 && longestWrittenZeroRun < 2;
  const compressed = 8 - pieces;
  // `::` stands for at least two zero pieces, and for the first longest run: any run written out
  // must be shorter, and a run of equal length is allowed only after it (ties go to the first).
  if (compressed < 2) return false;
  return longestWrittenZeroRun < compressed || (longestWrittenZeroRun === compressed && firstRunBefore(value, first, last, compressAt, compressed));
}

/** True when no run of `length` zero pieces is written out before the `::` at piece `compressAt`. */
function firstRunBefore(value: string, first: number, last: number, compressAt: number, length: number): boolean {
  let piece = 0;
  let run = 0;
  for (let i = first; i < last && piece < compressAt; ) {
    const isZero = value.charCodeAt(i) === 0x30 && value.charCodeAt(i + 1) === 0x3a;
    run = isZero ? run + 1 : 0;
    if (run >= length) return false;
    const colon = value.indexOf(":", i);
    i = colon + 1;
    piece++;
  }
  return true;
}

/** Checks `value[start, end)` is a port as browsers serialise it: 1..65535 without leading zeros. */
export function isCanonicalPort(value: string, start: number, end: number): boolean {
  const len = end - start;
  if (len < 1 || len > 5 || value.charCodeAt(start) === 0x30) return false;
  let port = 0;
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    if (!isDigit(c)) return false;
    port = port * 10 + (c - 0x30);
  }
  return port <= 65535;
}

/** True when `value[start,end)` is the default port of the scheme `value[0, schemeLen)`. */
function isDefaultPortOf(value: string, schemeLen: number, start: number, end: number): boolean {
  const def = DEFAULT_PORTS.get(value.slice(0, schemeLen));
  return def !== undefined && end - start === def.length && value.startsWith(def, start);
}

/**
 * True when `value` has exactly the shape a browser sends in `Origin` for a tuple origin:
 * canonical scheme, canonical host (name, IPv4 as a name of digits and dots, or bracketed IPv6),
 * optional canonical non-default port, nothing else. Linear, allocation-free, never throws.
 * Values that pass contain no whitespace, comma, CR or LF, so they are safe to reflect.
 * It does not decode `xn--` labels: Chromium sends them unchecked (`http://xn--f`), and entries
 * are held to {@link serializeOrigin} at construction, so such a value matches only a pattern.
 */
export function isSerializedOrigin(value: string): boolean {
  const n = value.length;
  if (n > MAX_ORIGIN_LENGTH) return false;
  const hostStart = schemeEnd(value);
  if (hostStart < 0) return false;
  let hostEnd: number;
  if (value.charCodeAt(hostStart) === 0x5b) {
    hostEnd = value.indexOf("]", hostStart) + 1;
    if (hostEnd === 0 || !isBracketedIpv6(value, hostStart, hostEnd)) return false;
  } else {
    hostEnd = value.indexOf(":", hostStart);
    if (hostEnd < 0) hostEnd = n;
    if (!isCanonicalHostname(value, hostStart, hostEnd) || !isNumericHostCanonical(value, hostStart, hostEnd)) return false;
  }
  if (hostEnd === n) return true;
  if (value.charCodeAt(hostEnd) !== 0x3a) return false;
  return isCanonicalPort(value, hostEnd + 1, n) && !isDefaultPortOf(value, hostStart - 3, hostEnd + 1, n);
}

/** The parts of a serialised origin. */
export interface OriginParts {
  readonly scheme: string;
  readonly host: string;
  /** The port as written, or "" when absent (default). */
  readonly port: string;
}

/** Splits a value that {@link isSerializedOrigin} accepts; undefined for anything else. */
export function splitSerializedOrigin(value: string): OriginParts | undefined {
  if (!isSerializedOrigin(value)) return undefined;
  const hostStart = schemeEnd(value);
  const scheme = value.slice(0, hostStart - 3);
  const closing = value.charCodeAt(hostStart) === 0x5b ? value.indexOf("]", hostStart) + 1 : hostStart;
  const colon = value.indexOf(":", closing);
  return colon < 0 ? { scheme, host: value.slice(hostStart), port: "" } : { scheme, host: value.slice(hostStart, colon), port: value.slice(colon + 1) };
}

/**
 * `host` without its one trailing dot: `example.com.` (the fully qualified form, a distinct origin
 * browsers can send) names the same site as `example.com` for every rule about names.
 */
export function withoutTrailingDot(host: string): string {
  return host.endsWith(".") ? host.slice(0, -1) : host;
}

/**
 * Secure Contexts §3.1 "Is origin potentially trustworthy?" for the host of an `http:` origin:
 * step 4, an address in 127.0.0.0/8 or `::1` (hosts as URLs serialise them), and step 5
 * (let-localhost-be-localhost), `localhost` and `localhost.` and names ending in `.localhost` or
 * `.localhost.`. Chromium agrees, trailing dots included: pages at `http://foo.localhost.:port` are
 * secure contexts (`isSecureContext`), checked in test/policy/origin-forms.test.ts.
 */
export function isPotentiallyTrustworthyHost(host: string): boolean {
  const name = withoutTrailingDot(host);
  if (name === "localhost" || name.endsWith(".localhost") || host === "[::1]") return true;
  const parts = host.split(".");
  return parts.length === 4 && parts[0] === "127" && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) < 256);
}

/**
 * URL Standard "ends in a number" (host parser step 7): a host whose last label (after dropping one
 * trailing dot) is all decimal digits or `0x` hex is parsed as an IPv4 address, so it is either an
 * address or not a valid host at all — never a name with subdomains.
 */
export function endsInANumber(host: string): boolean {
  const name = withoutTrailingDot(host);
  const label = name.slice(name.lastIndexOf(".") + 1);
  return /^(\d+|0x[0-9a-f]*)$/i.test(label);
}

/**
 * The serialisation of the origin of `value` as the URL Standard's parser computes it
 * (`new URL(value).origin`), or undefined when `value` does not parse. This is the one authority
 * on what a browser can send; {@link isSerializedOrigin} is the fast shape check used per request.
 *
 * Non-special schemes (`chrome-extension:`, `moz-extension:`, app schemes) have opaque origins in
 * the URL Standard, yet browsers register some of them as standard schemes and send
 * `Origin: chrome-extension://<id>`; for those the host is parsed as a special scheme's host would be.
 */
export function serializeOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.origin !== "null") return url.origin;
    if (url.hostname === "") return undefined;
    const host = new URL(`http://${url.hostname}`).host;
    return `${url.protocol}//${host}${url.port === "" ? "" : `:${url.port}`}`;
  } catch {
    return undefined;
  }
}

/**
 * Why the URL Standard's host parser refuses `host` (as written in an origin), in words a
 * configuration error can show, or undefined when it accepts it.
 */
export function hostParseFailure(host: string): string | undefined {
  if (serializeOrigin(`http://${host}`) !== undefined) return undefined;
  if (host.startsWith("[")) return `'${host}' is not an IPv6 address (URL Standard IPv6 parser: at most eight pieces of up to four hex digits, one '::')`;
  const badALabel = host.split(".").find((label) => label.toLowerCase().startsWith("xn--") && serializeOrigin(`http://${label}`) === undefined);
  if (badALabel !== undefined) {
    return `'${badALabel}' is not a valid Punycode label (URL Standard domain to ASCII, UTS #46 with CheckHyphens off: it must decode to a valid internationalised label)`;
  }
  if (endsInANumber(host)) return `'${host}' ends in a number, so URLs parse it as an IPv4 address, and it is not one`;
  return `'${host}' is not a valid host (URL Standard host parser)`;
}
