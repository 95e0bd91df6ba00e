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
 * URL Standard "ends in a number" (host parser step 7) for `value[start, end)`, a host that passed
 * {@link isCanonicalHostname}: its last label (after one trailing dot) is all decimal digits or
 * `0x` hex, so URLs parse the host as an IPv4 address and re-serialise it (`http://0` becomes
 * `http://0.0.0.0`).
 */
function endsInANumberAt(value: string, start: number, end: number): boolean {
  const last = value.charCodeAt(end - 1) === 0x2e ? end - 1 : end;
  const from = Math.max(value.lastIndexOf(".", last - 1) + 1, start);
  let digits = true;
  for (let i = from; i < last; i++) if (!isDigit(value.charCodeAt(i))) digits = false;
  let hex = last - from >= 2 && value.charCodeAt(from) === 0x30 && value.charCodeAt(from + 1) === 0x78;
  for (let i = from + 2; hex && i < last; i++) {
    const c = value.charCodeAt(i);
    hex = isDigit(c) || (c >= 0x61 && c <= 0x66);
  }
  return digits || hex;
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
 * optional canonical non-default port, nothing else. Linear and never throws; allocation-free for
 * host names (addresses are checked by the URL parser).
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
  let address: boolean;
  if (value.charCodeAt(hostStart) === 0x5b) {
    hostEnd = value.indexOf("]", hostStart) + 1;
    if (hostEnd === 0) return false;
    address = true;
  } else {
    hostEnd = value.indexOf(":", hostStart);
    if (hostEnd < 0) hostEnd = n;
    if (!isCanonicalHostname(value, hostStart, hostEnd)) return false;
    address = endsInANumberAt(value, hostStart, hostEnd);
  }
  if (hostEnd < n) {
    const port = hostEnd + 1;
    if (value.charCodeAt(hostEnd) !== 0x3a || !isCanonicalPort(value, port, n) || isDefaultPortOf(value, hostStart - 3, port, n)) return false;
  }
  // An address is canonical only as the URL Standard's IPv4 or IPv6 serializer writes it (dotted
  // decimal quad; compressed lower-case hex, no embedded IPv4): the parser is the authority, asked
  // only for these rare hosts, so names keep the allocation-free path.
  return !address || serializeOrigin(value) === value;
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
