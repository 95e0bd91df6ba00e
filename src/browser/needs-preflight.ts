/**
 * Fetch "CORS-safelisted request-header", "CORS-unsafe request-header names" and the preflight
 * decision of "HTTP fetch" step 4.1 / Chromium `cors_url_loader.cc` `NeedsPreflight`.
 */
import { isCorsSafelistedMethod } from "../protocol/methods.js";
import { isToken } from "../protocol/token.js";
import type { BrowserProfile } from "./profiles.js";
import type { RequestHeader } from "./types.js";

/** Fetch: a safelisted header value longer than this is unsafe (cors.cc: `value.size() > 128`). */
const MAX_SAFELISTED_VALUE_LENGTH = 128;
/** Fetch: when safelisted values add up to more than this, they all become unsafe. */
const MAX_SAFELISTED_TOTAL_LENGTH = 1024;

/** Fetch "CORS-unsafe request-header byte": controls except HTAB, `"():<>?@[\]{}` and DEL. */
export function isCorsUnsafeRequestHeaderByte(c: number): boolean {
  return (
    (c < 0x20 && c !== 0x09) ||
    c === 0x22 ||
    c === 0x28 ||
    c === 0x29 ||
    c === 0x3a ||
    c === 0x3c ||
    c === 0x3e ||
    c === 0x3f ||
    c === 0x40 ||
    c === 0x5b ||
    c === 0x5c ||
    c === 0x5d ||
    c === 0x7b ||
    c === 0x7d ||
    c === 0x7f
  );
}

function hasUnsafeByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (isCorsUnsafeRequestHeaderByte(value.charCodeAt(i))) return true;
  return false;
}

/** Accept-Language / Content-Language bytes: 0-9 A-Z a-z space * , - . ; = */
function isLanguageValue(value: string): boolean {
  return /^[0-9A-Za-z *,\-.;=]*$/.test(value);
}

const SAFELISTED_ESSENCES = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]);
/** Chromium feature ProtectedAudienceCorsSafelistKVv2Signals (enabled by default). */
const CHROMIUM_EXTRA_ESSENCE = "message/ad-auction-trusted-signals-request";

/**
 * The essence of a Content-Type value, or undefined when it does not parse: the part before the
 * first `;` (parameters are not looked at), trimmed of HTTP whitespace, must be `token "/" token`
 * with no whitespace around the `/` (MIME Sniffing "parse a MIME type"; Chromium 156 preflights
 * `text /plain` and `text/ plain` too). Lower-cased.
 */
export function contentTypeEssence(value: string): string | undefined {
  const semicolon = value.indexOf(";");
  const essence = (semicolon < 0 ? value : value.slice(0, semicolon)).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "").toLowerCase();
  const slash = essence.indexOf("/");
  if (slash < 0 || !isToken(essence.slice(0, slash)) || !isToken(essence.slice(slash + 1))) return undefined;
  return essence;
}

/**
 * Fetch "simple range header value": `bytes=` (lower-case — Chromium 156 preflights `BYTES=0-1`),
 * a start, optionally an end not below it; no whitespace, no list, no suffix range (`bytes=-5`).
 * With `chromium-150` (see {@link BrowserProfile.rangeSafelist}) the unit is case-insensitive and
 * each position may carry a `+` sign.
 */
export function isSimpleRangeValue(value: string, parse: BrowserProfile["rangeSafelist"] = "fetch"): boolean {
  const m = parse === "fetch" ? /^bytes=(\d+)-(\d*)$/.exec(value) : /^bytes=\+?(\d+)-(?:\+?(\d+))?$/i.exec(value);
  if (m === null) return false;
  // Chromium parses positions as int64 (base::StringToInt64); longer values fail to parse.
  const start = BigInt(m[1]!);
  if (start > 0x7fffffffffffffffn) return false;
  if (m[2] === "" || m[2] === undefined) return true;
  const end = BigInt(m[2]!);
  return end <= 0x7fffffffffffffffn && start <= end;
}

/** Chromium `kWebEffectiveConnectionTypeMapping` values that `ECT` may carry. */
const ECT_VALUES = new Set(["slow-2g", "2g", "3g", "4g"]);

/** Chromium's extra safelisted names (cors.cc `IsCorsSafelistedHeader`) with their value rules. */
function isChromiumExtraSafelisted(name: string, value: string): boolean | undefined {
  switch (name) {
    case "intervention":
      return true;
    case "device-memory":
    case "dpr":
    case "downlink":
      return /^\d+(\.\d+)?$/.test(value);
    case "width":
    case "viewport-width":
    case "rtt":
      return /^\d+$/.test(value);
    case "ect":
      return ECT_VALUES.has(value);
    case "save-data":
      return value.toLowerCase() === "on";
    default:
      return undefined;
  }
}

/** A comma outside a double-quoted string (quoted-pair escapes honoured), as nsURLHelper.cpp `net_FindMediaDelimiter` finds it. */
function hasUnquotedComma(value: string): boolean {
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted && c === "\\") i++;
    else if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) return true;
  }
  return false;
}

/** Fetch "CORS-safelisted request-header" (name lower-case), per profile. */
export function isCorsSafelistedRequestHeader(name: string, value: string, profile: BrowserProfile): boolean {
  if (value.length > MAX_SAFELISTED_VALUE_LENGTH) return false;
  switch (name) {
    case "accept":
      return !hasUnsafeByte(value);
    case "accept-language":
    case "content-language":
      return isLanguageValue(value);
    case "content-type": {
      if (hasUnsafeByte(value)) return false;
      if (profile.contentTypeListUnsafe && hasUnquotedComma(value)) return false;
      const essence = contentTypeEssence(value);
      if (essence === undefined) return false;
      return SAFELISTED_ESSENCES.has(essence) || (profile.chromiumSafelistExtras && essence === CHROMIUM_EXTRA_ESSENCE);
    }
    case "range":
      return isSimpleRangeValue(value, profile.rangeSafelist);
    default:
      return profile.chromiumSafelistExtras ? (isChromiumExtraSafelisted(name, value) ?? false) : false;
  }
}

/** Why one header makes a request unsafe. */
export interface UnsafeHeader {
  /** Lower-case name. */
  readonly name: string;
  /** `not-safelisted` (the name is never safe), `value` (a safelisted name with a bad value), `total` (over 1024 bytes together). */
  readonly reason: "not-safelisted" | "value" | "total";
}

const SAFELISTED_NAMES = new Set(["accept", "accept-language", "content-language", "content-type", "range"]);

/**
 * Fetch "CORS-unsafe request-header names", in header-list order (not yet sorted), with the reason
 * for each. Chromium `CorsUnsafeNotForbiddenRequestHeaderNames`: unsafe names first, then — when the
 * safelisted values exceed 1024 bytes together — the safelisted ones.
 */
export function corsUnsafeRequestHeaders(headers: readonly RequestHeader[], profile: BrowserProfile): UnsafeHeader[] {
  const unsafe: UnsafeHeader[] = [];
  const potentially: string[] = [];
  let total = 0;
  // Gecko checks, and lists, each entry script gave (see BrowserProfile.headerEntries).
  const entries = profile.headerEntries === "each" ? headers.flatMap((h) => (h.entries ?? [h.value]).map((value) => ({ name: h.name, value }))) : headers;
  for (const { name, value } of entries) {
    const lower = name.toLowerCase();
    if (isCorsSafelistedRequestHeader(lower, value, profile)) {
      potentially.push(lower);
      total += value.length;
    } else {
      const known = SAFELISTED_NAMES.has(lower) || (profile.chromiumSafelistExtras && isChromiumExtraSafelisted(lower, "") !== undefined);
      unsafe.push({ name: lower, reason: known ? "value" : "not-safelisted" });
    }
  }
  if (total > MAX_SAFELISTED_TOTAL_LENGTH) for (const name of potentially) unsafe.push({ name, reason: "total" });
  return unsafe;
}

/**
 * The value of Access-Control-Request-Headers: lower-case names sorted by bytes, joined with ",";
 * unique, except where the profile lists each entry (Gecko).
 */
export function accessControlRequestHeaders(unsafe: readonly UnsafeHeader[], profile?: BrowserProfile): string {
  const names = unsafe.map((u) => u.name);
  return (profile?.headerEntries === "each" ? names : [...new Set(names)]).sort().join(",");
}

/** One reason a request takes the CORS-with-preflight path. */
export type PreflightReason =
  | { readonly kind: "method"; readonly method: string }
  | { readonly kind: "header"; readonly name: string; readonly rule: UnsafeHeader["reason"] }
  | { readonly kind: "forced" };

/**
 * Every reason the request needs a preflight (empty: it does not). Fetch "HTTP fetch" 4.1 /
 * Chromium `NeedsPreflight`: the use-CORS-preflight flag, a method that is not GET/HEAD/POST,
 * or any CORS-unsafe request-header name.
 */
export function preflightReasons(method: string, headers: readonly RequestHeader[], useCorsPreflight: boolean, profile: BrowserProfile): PreflightReason[] {
  const reasons: PreflightReason[] = [];
  if (useCorsPreflight) reasons.push({ kind: "forced" });
  if (!isCorsSafelistedMethod(method)) reasons.push({ kind: "method", method });
  for (const u of corsUnsafeRequestHeaders(headers, profile)) reasons.push({ kind: "header", name: u.name, rule: u.reason });
  return reasons;
}
