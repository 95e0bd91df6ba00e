/**
 * Fetch "CORS-filtered response": which response headers script can read. Safelisted response
 * headers plus Access-Control-Expose-Headers (blink platform/loader/cors/cors.cc
 * `ExtractCorsExposedHeaderNamesList`), never Set-Cookie/Set-Cookie2.
 */
import { CORS_SAFELISTED_RESPONSE_HEADER_NAMES, isForbiddenResponseHeaderName } from "../protocol/headers.js";
import { isTokenChar } from "../protocol/token.js";
import { getHeader } from "./cors-check.js";
import type { WireResponse } from "./types.js";

/**
 * Parses Access-Control-Expose-Headers like Blink's `HTTPHeaderNameListParser`: tokens separated
 * by commas with optional spaces/tabs, empty elements skipped; any other byte empties the whole
 * list. Names are returned lower-case.
 */
export function parseExposeHeaders(value: string | undefined): Set<string> {
  const out = new Set<string>();
  if (value === undefined) return out;
  const n = value.length;
  let i = 0;
  const spaces = () => {
    while (i < n && (value[i] === " " || value[i] === "\t")) i++;
  };
  for (;;) {
    spaces();
    if (value[i] === ",") {
      while (value[i] === ",") i++;
      continue;
    }
    if (i === n) return out;
    const start = i;
    while (i < n && isTokenChar(value.charCodeAt(i))) i++;
    if (i === start) return new Set();
    out.add(value.slice(start, i).toLowerCase());
    spaces();
    if (i === n) return out;
    if (value[i] !== ",") return new Set();
    i++;
  }
}

/**
 * The lower-case names of received headers script can read, sorted and unique (what
 * `[...response.headers.keys()]` shows). `basic` responses expose everything but Set-Cookie; `cors`
 * responses the safelisted names plus exposed ones, where `*` means "all" unless credentialed.
 */
export function readableHeaderNames(response: WireResponse, type: "basic" | "cors", include: boolean): string[] {
  const present = new Set(response.headers.map(([name]) => name.toLowerCase()));
  let readable: (name: string) => boolean;
  if (type === "basic") {
    readable = () => true;
  } else {
    const exposed = parseExposeHeaders(getHeader(response, "access-control-expose-headers"));
    const all = !include && exposed.has("*");
    readable = (name) => all || CORS_SAFELISTED_RESPONSE_HEADER_NAMES.has(name) || exposed.has(name);
  }
  return [...present].filter((name) => !isForbiddenResponseHeaderName(name) && readable(name)).sort();
}
