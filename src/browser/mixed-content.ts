/**
 * Mixed Content (W3C Mixed Content §4.4 "Should fetching request be blocked as mixed content?";
 * Chromium third_party/blink/renderer/core/loader/mixed_content_checker.cc): a page loaded over
 * HTTPS may not fetch a URL that is not potentially trustworthy. fetch() is "blockable" content, so
 * Chromium blocks it in the renderer before any network use, whatever the mode (no-cors too), and
 * checks every redirect hop again. Observed on Chromium 156: `http://127.0.0.1` and
 * `http://localhost` are potentially trustworthy and not mixed content; `http://<name>` is.
 */
import { isPotentiallyTrustworthy } from "./trustworthy.js";

/** True when a page at `pageOrigin` (serialised) may not fetch `url` because it is mixed content. */
export function isMixedContent(pageOrigin: string, url: URL): boolean {
  // Only HTTPS documents restrict mixed content (SchemeRegistry::ShouldTreatURLSchemeAsRestrictingMixedContent).
  if (!pageOrigin.startsWith("https:")) return false;
  return !isPotentiallyTrustworthy(url);
}

/** Chromium's console error (a "security" source entry, not a CORS message), verbatim; `pageUrl` is the document's URL. */
export function mixedContentMessage(pageUrl: string, url: string): string {
  return `Mixed Content: The page at '${pageUrl}' was loaded over HTTPS, but requested an insecure resource '${url}'. This request has been blocked; the content must be served over HTTPS.`;
}
