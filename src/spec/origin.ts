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

/** Checks `value[start, end)` is `"[" compressed-IPv6 "]"` as WHATWG URL serialises it (lower-case hex). */
export function isBracketedIpv6(value: string, start: number, end: number): boolean {
  if (end - start < 4 || end - start > 41) return false;
  if (value.charCodeAt(start) !== 0x5b || value.charCodeAt(end - 1) !== 0x5d) return false;
  for (let i = start + 1; i < end - 1; i++) {
    const c = value.charCodeAt(i);
    if (!(isDigit(c) || (c >= 0x61 && c <= 0x66) || c === 0x3a || c === 0x2e)) return false;
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

/** True for hosts that are the local machine: `localhost` (and `*.localhost`), 127.0.0.0/8 and `[::1]`. */
export function isLoopbackHost(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost") || host === "[::1]") return true;
  const parts = host.split(".");
  return parts.length === 4 && parts[0] === "127" && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) < 256);
}
