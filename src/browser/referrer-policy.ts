/**
 * Referrer Policy "determine request's referrer" for the `Referer` header of a page's fetch(), as
 * Chromium's network stack applies it on every hop (net/url_request/url_request_job.cc
 * `ComputeReferrerForPolicy`). Chromium's "downgrade" test is a cryptographic scheme (https) going
 * to one that is not, not the Secure Contexts "potentially trustworthy" test: a page on
 * http://127.0.0.1 still sends its Referer to http://api.test (observed on 156).
 */

/** The policies `referrerPolicy` and `Referrer-Policy` accept. */
export const REFERRER_POLICIES = [
  "no-referrer",
  "no-referrer-when-downgrade",
  "origin",
  "origin-when-cross-origin",
  "same-origin",
  "strict-origin",
  "strict-origin-when-cross-origin",
  "unsafe-url",
] as const;

/** A referrer policy. Chromium's default is `strict-origin-when-cross-origin`. */
export type ReferrerPolicy = (typeof REFERRER_POLICIES)[number];

/** Chromium caps a referrer at 4096 bytes and falls back to its origin (net `kMaxReferrerLength`). */
const MAX_REFERRER_LENGTH = 4096;

/**
 * The `Referer` value for a request to `target` from a page at `page` (its URL), or null for none.
 *
 * @example
 * referrerFor(new URL("https://app.example/a?q"), new URL("https://api.example/x"), "strict-origin-when-cross-origin");
 * // "https://app.example/"
 */
export function referrerFor(page: URL | null, target: URL, policy: ReferrerPolicy): string | null {
  if (page === null || (page.protocol !== "http:" && page.protocol !== "https:")) return null;
  const stripped = new URL(page.href);
  stripped.username = "";
  stripped.password = "";
  stripped.hash = "";
  const full = stripped.href.length > MAX_REFERRER_LENGTH ? `${page.origin}/` : stripped.href;
  const originOnly = `${page.origin}/`;
  const sameOrigin = page.origin === target.origin;
  const downgrade = page.protocol === "https:" && target.protocol !== "https:";
  switch (policy) {
    case "no-referrer":
      return null;
    case "unsafe-url":
      return full;
    case "origin":
      return originOnly;
    case "strict-origin":
      return downgrade ? null : originOnly;
    case "no-referrer-when-downgrade":
      return downgrade ? null : full;
    case "same-origin":
      return sameOrigin ? full : null;
    case "origin-when-cross-origin":
      return sameOrigin ? full : originOnly;
    case "strict-origin-when-cross-origin":
      return sameOrigin ? full : downgrade ? null : originOnly;
  }
}
