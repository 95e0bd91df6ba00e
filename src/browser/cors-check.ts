/**
 * Fetch "CORS check" with Chromium's error classification (services/network/public/cpp/cors/cors.cc
 * `CheckAccess`), used on actual responses, on every redirect response of a CORS request, and —
 * mapped to the preflight variants — on preflight responses.
 */
import type { CheckFailureCode } from "./console-messages.js";
import type { BrowserProfile } from "./profiles.js";
import type { WireResponse } from "./types.js";

/** A failed check: the Chromium error kind (without the preflight prefix) and its hint. */
export interface CheckFailure {
  readonly code: CheckFailureCode;
  readonly hint: string;
}

/**
 * The value of a response header as the browser reads it: every line with that name (ASCII
 * case-insensitive), each trimmed of spaces and tabs, joined with ", " (net::HttpResponseHeaders
 * `GetNormalizedHeader`); undefined when absent.
 */
export function getHeader(response: WireResponse, name: string): string | undefined {
  let out: string | undefined;
  const lower = name.toLowerCase();
  for (const [n, v] of response.headers) {
    if (n.toLowerCase() !== lower) continue;
    const value = v.replace(/^[ \t]+|[ \t]+$/g, "");
    out = out === undefined ? value : `${out}, ${value}`;
  }
  return out;
}

function countLines(response: WireResponse, name: string): number {
  const lower = name.toLowerCase();
  let n = 0;
  for (const [k] of response.headers) if (k.toLowerCase() === lower) n++;
  return n;
}

/** Approximates Chromium's `GURL::is_valid()` with the WHATWG URL parser (they differ only on exotic input). */
function isValidUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the CORS check. `origin` is the serialised request origin (`null` once tainted);
 * `include` is true when the credentials mode is `include`. Returns null on success.
 * Order (cors.cc): `*` (fails only with credentials), absent, mismatch (classified as multiple
 * values / `null` / invalid URL / plain mismatch), then Access-Control-Allow-Credentials exactly `true`.
 */
export function corsCheck(response: WireResponse, origin: string, include: boolean, profile: BrowserProfile): CheckFailure | null {
  const allowOrigin = getHeader(response, "access-control-allow-origin");
  if (profile.rejectsMultipleAllowOriginLines && countLines(response, "access-control-allow-origin") > 1) {
    return { code: "MultipleAllowOriginValues", hint: allowOrigin ?? "" };
  }
  if (allowOrigin === "*") {
    return include ? { code: "WildcardOriginNotAllowed", hint: "" } : null;
  }
  if (allowOrigin === undefined) return { code: "MissingAllowOriginHeader", hint: "" };
  if (allowOrigin !== origin) {
    // Gecko has a single "does not match" for any other value, a list included (CORSAllowOriginNotMatchingOrigin).
    if (/[ ,]/.test(allowOrigin) && !profile.rejectsMultipleAllowOriginLines) return { code: "MultipleAllowOriginValues", hint: allowOrigin };
    if (allowOrigin === "null") return { code: "AllowOriginMismatch", hint: allowOrigin };
    if (!isValidUrl(allowOrigin)) return { code: "InvalidAllowOriginValue", hint: allowOrigin };
    return { code: "AllowOriginMismatch", hint: allowOrigin };
  }
  if (include) {
    const allowCredentials = getHeader(response, "access-control-allow-credentials");
    if (allowCredentials !== "true") return { code: "InvalidAllowCredentials", hint: allowCredentials ?? "" };
  }
  return null;
}
