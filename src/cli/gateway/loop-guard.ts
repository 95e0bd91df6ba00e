/**
 * Loop protection. A gateway whose upstream is (or leads back to) itself would turn one request
 * into an unbounded chain of hops, each holding two sockets. Two defences, as Envoy and nginx
 * deployments use them:
 *
 * - every forwarded request carries `Via: 1.1 <token>` (RFC 9110 §7.6.3), the token random per
 *   gateway instance, and a request that already carries our token is refused with 508 Loop
 *   Detected (RFC 5842 §7.2) instead of being forwarded again;
 * - at start-up, an upstream that resolves to the gateway's own listen address and port is refused.
 */
import { randomBytes } from "node:crypto";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";

/** A fresh per-instance Via token (a pseudonym in RFC 9110 §7.6.3 terms: no host name leaked). */
export function newViaToken(): string {
  return `corsproof-${randomBytes(6).toString("hex")}`;
}

/** True when a `Via` header value lists `token` as one of its received-by entries. */
export function viaHasToken(via: string | undefined, token: string): boolean {
  if (via === undefined) return false;
  for (const entry of via.split(",")) {
    // via entry: received-protocol RWS received-by [ RWS comment ]
    const parts = entry.trim().split(/\s+/);
    if (parts[1] === token) return true;
  }
  return false;
}

/** The `Via` value to forward: the incoming one (if any) with our entry appended. */
export function appendVia(via: string | undefined, token: string): string {
  const own = `1.1 ${token}`;
  return via === undefined || via.trim() === "" ? own : `${via}, ${own}`;
}

function unmapped(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

const UNSPECIFIED = new Set(["0.0.0.0", "::"]);

/** Whether a connection to `address` reaches a socket listening on `listenHost`. */
function reaches(address: string, listenHost: string): boolean {
  // Connecting to the unspecified address reaches the local host (Linux, BSD).
  const a = UNSPECIFIED.has(address) ? (address === "::" ? "::1" : "127.0.0.1") : address;
  const l = unmapped(listenHost);
  if (!UNSPECIFIED.has(l)) return a === l;
  if (a === "::1" || (isIP(a) === 4 && a.startsWith("127."))) return true;
  return Object.values(networkInterfaces()).some((list) => list?.some((i) => unmapped(i.address) === a));
}

/**
 * Throws when `upstream` resolves to the address and port the gateway listens on, or does not resolve.
 *
 * @example
 * await assertUpstreamIsNotSelf(new URL("http://localhost:3000"), "127.0.0.1", 3000); // throws
 */
export async function assertUpstreamIsNotSelf(upstream: URL, listenHost: string, listenPort: number): Promise<void> {
  const port = Number(upstream.port || (upstream.protocol === "https:" ? 443 : 80));
  const host = upstream.hostname.replace(/^\[(.*)\]$/, "$1");
  // Resolved even when the ports differ: like nginx, refuse to start with an upstream that does
  // not resolve (a lookup error, with its `code`, propagates to the caller).
  const resolved = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  if (port !== listenPort) return;
  const hit = resolved.map(unmapped).find((a) => reaches(a, listenHost));
  if (hit !== undefined) {
    throw new Error(
      `--upstream ${upstream.origin} resolves to ${hit}:${port}, the gateway's own listen address: every request would loop back into the gateway`,
    );
  }
}
