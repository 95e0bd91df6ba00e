/**
 * The header block Chromium writes for a page's fetch(), line by line: which headers, in which
 * order, with which names and values. Observed on Chromium 150.0.7871.100 and 156.0.8078.108 by the
 * conformance suite, which compares these lines with Chromium's bytes for every scenario.
 *
 * Who writes what (so the order follows):
 * 1. //net `HttpNetworkTransaction::BuildRequestHeaders` starts with `Host`, `Connection: keep-alive`
 *    (`Proxy-Connection` through a plain-HTTP proxy) and `Content-Length` — the body's length, or `0`
 *    for a bodiless `POST`/`PUT` (compared case-sensitively after fetch() upper-cased them; a
 *    bodiless `patch` or `DELETE` gets none).
 * 2. Then the request's own headers in the order the network service holds them: Blink's
 *    `HTTPHeaderMap` (blink-header-order.ts) — script's headers interleaved with the `sec-ch-ua`,
 *    `sec-ch-ua-mobile`, `sec-ch-ua-platform` client hints (potentially trustworthy URLs only) and
 *    `User-Agent` — followed by `Accept: *\/*` (unless script set Accept), `Origin`, and the Fetch
 *    Metadata headers (potentially trustworthy URLs only; `Sec-Fetch-Site, -Mode, -Dest` on actual
 *    requests, `-Mode, -Site, -Dest` on preflights, whose `-Mode` the preflight controller sets for
 *    every URL), `Sec-Fetch-Storage-Access: none` on credentialed cross-site requests, `Referer`.
 *    A request with a conditional header (If-Match, …) also gets `Cache-Control: max-age=0` right
 *    after the framing lines (LOAD_VALIDATE_CACHE), on its preflight too.
 * 3. //net `URLRequestHttpJob` adds `Accept-Encoding` (`identity` when the request has a Range;
 *    `br` and `zstd` only for potentially trustworthy URLs) and `Accept-Language` unless script set
 *    it, then `Cookie` (from `AddCookieHeaderAndStart`, after every header above: a Cookie header
 *    produced by the cookie model goes here, observed on 150 and 156).
 * 4. //net's HTTP cache (`HttpCache::Transaction::SetRequest` with `PartialData::Init`) takes a GET's
 *    `Range` out when it parses as exactly one valid byte range and writes it back last, re-serialised
 *    (`BYTES = +0-1` → `bytes=0-1`); any other Range stays where script's headers are.
 *
 * A preflight (services/network/cors/preflight_controller.cc `CreatePreflightRequest`) carries
 * `Accept: *\/*`, `Access-Control-Request-Method`, `Access-Control-Request-Headers`, `Origin`,
 * `User-Agent`, Fetch Metadata, `Referer`, `Accept-Encoding`, `Accept-Language` — no client hints,
 * no cookies, no body.
 */
import { geckoHeaderBlock } from "./gecko-request-bytes.js";
import type { HeaderBlockInput } from "./header-block-input.js";
import type { BrowserProfile } from "./profiles.js";
import { webkitHeaderBlock } from "./webkit-request-bytes.js";
import type { RequestHeader as Header } from "./types.js";
import { isPotentiallyTrustworthy } from "./trustworthy.js";

const CONDITIONAL = new Set(["if-match", "if-none-match", "if-modified-since", "if-unmodified-since", "if-range"]);

/** True when script's headers make the request revalidate (see `HeaderBlockInput.validateCache`). */
export function validatesCache(headers: readonly Header[]): boolean {
  return headers.some((h) => CONDITIONAL.has(h.name.toLowerCase()));
}

/** Where the browser puts its own headers in the map: the names Blink adds itself. */
const ADDED_BY_BLINK = new Set(["sec-ch-ua", "sec-ch-ua-mobile", "sec-ch-ua-platform", "user-agent"]);

/** `base::StringToInt64`: optional sign, decimal digits, nothing else, within int64. */
function toInt64(text: string): bigint | null {
  if (!/^[+-]?\d+$/.test(text)) return null;
  const n = BigInt(text);
  return n > 0x7fffffffffffffffn || n < -0x8000000000000000n ? null : n;
}

/**
 * The Range value //net's HTTP cache writes back for a GET (`HttpUtil::ParseRangeHeader`, one
 * range, `HttpByteRange::IsValid`, `GetHeaderValue`), or null when it leaves the header alone.
 */
export function cacheRewrittenRange(value: string): string | null {
  const eq = value.indexOf("=");
  if (eq < 0 || value.slice(0, eq).trim().toLowerCase() !== "bytes") return null;
  const specs = value.slice(eq + 1).split(",");
  if (specs.length !== 1) return null;
  const spec = specs[0]!.trim();
  const dash = spec.indexOf("-");
  if (dash < 0) return null;
  const first = spec.slice(0, dash).trim();
  const last = spec.slice(dash + 1).trim();
  if (first === "") {
    const suffix = toInt64(last);
    return suffix !== null && suffix > 0n ? `bytes=-${suffix}` : null;
  }
  const start = toInt64(first);
  if (start === null || start < 0n) return null;
  if (last === "") return `bytes=${start}-`;
  const end = toInt64(last);
  return end !== null && end >= start ? `bytes=${start}-${end}` : null;
}

function find(headers: readonly Header[], lower: string): Header | undefined {
  return headers.find((h) => h.name.toLowerCase() === lower);
}

/**
 * The request's header lines as the profile's browser writes them. Profiles without a wire
 * profile get the bare minimum: Host, Connection, Content-Length, the given headers, Origin.
 *
 * @example
 * requestHeaderBlock({ kind: "actual", method: "GET", url: new URL("http://127.0.0.1:8080/x"), headers: [],
 *   mapOrder: ["user-agent"], origin: "http://localhost:5173", mode: "cors", secFetchSite: "cross-site",
 *   referrer: "http://localhost:5173/", bodyLength: undefined, cookie: null }, chromium);
 */
export function requestHeaderBlock(input: HeaderBlockInput, profile: BrowserProfile): [string, string][] {
  if (profile.wire?.engine === "gecko") return geckoHeaderBlock(input, profile.wire);
  if (profile.wire?.engine === "webkit") return webkitHeaderBlock(input, profile.wire);
  const { url, method } = input;
  const out: [string, string][] = [["Host", url.host]];
  // Through a plain-HTTP proxy //net says Proxy-Connection instead; the transport renames it there.
  out.push(["Connection", "keep-alive"]);
  if (input.bodyLength !== undefined) out.push(["Content-Length", String(input.bodyLength)]);
  else if (input.kind === "actual" && (method === "POST" || method === "PUT")) out.push(["Content-Length", "0"]);
  // HttpNetworkTransaction::BuildRequestHeaders sets this before merging the request's own headers;
  // a Cache-Control script set then takes its value in this place (HttpRequestHeaders::MergeFrom).
  const scriptCacheControl = input.kind === "actual" ? find(input.headers, "cache-control") : undefined;
  if (input.validateCache) out.push([scriptCacheControl?.name ?? "Cache-Control", scriptCacheControl?.value ?? "max-age=0"]);

  const wire = profile.wire;
  if (wire === null) {
    for (const h of input.headers) out.push([h.name, h.value]);
    if (input.origin !== null) out.push(["Origin", input.origin]);
    return out;
  }

  const trustworthy = isPotentiallyTrustworthy(url);
  const metadata = (order: readonly string[]) => {
    const values: Record<string, string> = { Site: input.secFetchSite, Mode: input.mode, Dest: "empty" };
    // The preflight controller sets Sec-Fetch-Mode itself; the network service adds the rest
    // (all three on actual requests) only for potentially trustworthy URLs.
    for (const k of order) if (trustworthy || (input.kind === "preflight" && k === "Mode")) out.push([`Sec-Fetch-${k}`, values[k]!]);
    if (!trustworthy) return;
    // Storage Access headers: a credentialed cross-site request says whether it has storage access
    // (`none`: the page never asked). Not on preflights, which carry no credentials.
    if (input.kind === "actual" && input.credentials === "include" && input.secFetchSite === "cross-site") out.push(["Sec-Fetch-Storage-Access", "none"]);
  };
  const tail = (hasRange: boolean, scriptLanguage: boolean) => {
    if (input.referrer !== null) out.push(["Referer", input.referrer]);
    out.push(["Accept-Encoding", hasRange ? "identity" : trustworthy ? "gzip, deflate, br, zstd" : "gzip, deflate"]);
    if (!scriptLanguage) out.push(["Accept-Language", wire.acceptLanguage]);
  };

  if (input.kind === "preflight") {
    for (const h of input.headers) out.push([h.name, h.value]);
    out.push(["User-Agent", wire.userAgent]);
    metadata(["Mode", "Site", "Dest"]);
    tail(false, false);
    return out;
  }

  const range = find(input.headers, "range");
  const movedRange = range !== undefined && method === "GET" ? cacheRewrittenRange(range.value) : null;
  const hints: Record<string, string> = {
    "sec-ch-ua": wire.secChUa,
    "sec-ch-ua-mobile": "?0",
    "sec-ch-ua-platform": wire.secChUaPlatform,
    "user-agent": wire.userAgent,
  };
  for (const lower of input.mapOrder) {
    if (ADDED_BY_BLINK.has(lower)) {
      if (lower === "user-agent") out.push(["User-Agent", wire.userAgent]);
      else if (trustworthy) out.push([lower, hints[lower]!]);
      continue;
    }
    if ((lower === "range" && movedRange !== null) || (lower === "cache-control" && input.validateCache)) continue;
    const h = find(input.headers, lower);
    if (h !== undefined) out.push([h.name, h.value]);
  }
  if (find(input.headers, "accept") === undefined) out.push(["Accept", "*/*"]);
  if (input.origin !== null) out.push(["Origin", input.origin]);
  metadata(["Site", "Mode", "Dest"]);
  tail(range !== undefined, find(input.headers, "accept-language") !== undefined);
  if (input.cookie !== null) out.push(["Cookie", input.cookie]);
  if (movedRange !== null) out.push(["Range", movedRange]);
  return out;
}
