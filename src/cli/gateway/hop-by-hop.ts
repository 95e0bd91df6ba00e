/** RFC 9110 §7.6.1: connection-specific header fields, which a proxy must not forward. */
import type { IncomingHttpHeaders } from "node:http";

const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
];

/** The fixed hop-by-hop names plus those the message's own `Connection` header lists. */
export function hopByHop(headers: IncomingHttpHeaders): Set<string> {
  const names = new Set(HOP_BY_HOP);
  const listed = headers.connection;
  if (typeof listed === "string") for (const n of listed.split(",")) names.add(n.trim().toLowerCase());
  return names;
}
