/**
 * Local Network Access as Chromium 156 enforces it for fetch() (feature LocalNetworkAccessChecks,
 * services/network/url_loader.cc `CheckLocalNetworkAccess`, local_network_access_checker.cc), at
 * connection time of every request the page makes — the preflight, the actual request and each
 * redirect hop — before any request bytes are sent, and before the CORS rules.
 *
 * Observed on headless Chromium 156 (test/browser/lna-conformance.test.ts):
 * - only requests from a `public` page to a `local` or `loopback` address are gated; `local` →
 *   `loopback` and same-space requests are not;
 * - no preflight and no `Access-Control-Request-Private-Network`/`-Local-Network` header: Private
 *   Network Access preflights are gone;
 * - a page that is not a secure context is refused outright (`InsecureLocalNetwork`);
 * - a secure page needs the user's `local-network` / `loopback-network` permission. A desktop
 *   browser shows a prompt and the request waits for the answer. **Headless Chromium cannot prompt
 *   and denies at once** (DevTools: `LocalNetworkAccessPermissionDenied`, policy `PermissionBlock`),
 *   unless the permission was granted beforehand (e.g. playwright `grantPermissions(["local-network-access"])`).
 *   Even then DevTools files a `LocalNetworkAccessPermissionDenied` issue, but the request proceeds
 *   and no console error is printed.
 */
import { type AddressSpace, addressSpaceOfHost, isLessPublic } from "./address-space.js";
import { isPotentiallyTrustworthy } from "./trustworthy.js";

/** The user's answer to Chromium's Local Network Access prompt. Headless Chromium: `denied`. */
export type LocalNetworkAccessPermission = "granted" | "denied";

/** Why LNA stops a request; codes are DevTools' CorsError names. */
export interface LocalNetworkAccessFailure {
  readonly code: "InsecureLocalNetwork" | "LocalNetworkAccessPermissionDenied";
  /** The target's address space, which the console message names. */
  readonly space: AddressSpace;
}

/** The page's side of the check. */
export interface LocalNetworkClient {
  readonly space: AddressSpace;
  /** Whether the page is a secure context (https:, or a loopback http: page). */
  readonly secure: boolean;
  readonly permission: LocalNetworkAccessPermission;
}

/**
 * The page's side of the check, for a page at `origin` (serialised): its address space (given, or
 * from an IP-literal or localhost host, else `public`), whether it is a secure context, and the
 * user's answer (default `granted`, see {@link localNetworkAccessWarning}). Null for an opaque origin of unknown space.
 */
export function localNetworkClient(
  origin: string,
  options: { readonly pageAddressSpace?: AddressSpace; readonly localNetworkAccess?: LocalNetworkAccessPermission },
): LocalNetworkClient | null {
  if (origin === "null" && options.pageAddressSpace === undefined) return null;
  const page = origin === "null" ? null : new URL(origin);
  return {
    space: options.pageAddressSpace ?? (page === null ? "public" : (addressSpaceOfHost(page.hostname) ?? "public")),
    secure: page !== null && isPotentiallyTrustworthy(page),
    permission: options.localNetworkAccess ?? "granted",
  };
}

/**
 * The note a result carries when a request was let through because the user was assumed to allow
 * Local Network Access (the default): a desktop Chromium asks first, headless Chromium denies.
 */
export function localNetworkAccessWarning(space: AddressSpace): string {
  return `Local Network Access: Chromium asks the user before this page may reach the \`${space}\` address space (headless Chromium denies at once); this result assumes the user allows it (localNetworkAccess "denied" / --local-network-access denied shows the denial).`;
}

/** True when Chromium 156 gates a request from `client` to `target` (a public page reaching a more private address). */
export function isGatedLocalNetworkRequest(client: AddressSpace, target: AddressSpace): boolean {
  return client === "public" && isLessPublic(target, client);
}

/** The LNA verdict for one request, or null when it may go ahead. */
export function checkLocalNetworkAccess(client: LocalNetworkClient, target: AddressSpace): LocalNetworkAccessFailure | null {
  if (!isGatedLocalNetworkRequest(client.space, target)) return null;
  if (!client.secure) return { code: "InsecureLocalNetwork", space: target };
  return client.permission === "granted" ? null : { code: "LocalNetworkAccessPermissionDenied", space: target };
}
