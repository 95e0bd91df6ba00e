/**
 * The request header block sent upstream. Hop-by-hop fields go (RFC 9110 §7.6.1), `Host` becomes
 * the upstream's, `Via` gains our entry, and the forwarding headers tell the upstream who the client
 * was. A client's own `Forwarded`/`X-Forwarded-*`/`X-Real-IP` are untrusted claims: they are
 * replaced, not extended (what nginx's `$remote_addr` and Envoy's `use_remote_address` do), unless
 * the peer is a proxy listed in `trustProxy`, whose chain is extended instead.
 */
import type { IncomingMessage, OutgoingHttpHeaders } from "node:http";
import { hopByHop } from "./hop-by-hop.js";
import { appendVia } from "./loop-guard.js";

/** What {@link forwardHeaders} needs to know besides the request. */
export interface ForwardContext {
  /** The upstream's `host[:port]`, sent as `Host`. */
  readonly upstreamHost: string;
  /** Our per-instance Via token. */
  readonly viaToken: string;
  /** Peer addresses whose forwarding headers are kept and extended. */
  readonly trustProxy: ReadonlySet<string>;
  /** The authority of an absolute-form request-target, which RFC 9112 §3.2.2 puts before Host. */
  readonly authority: string | null;
}

/** Fields never forwarded besides the hop-by-hop ones. */
const DROPPED = new Set([
  "host",
  "via",
  // The gateway answers `Expect: 100-continue` itself before it streams the body.
  "expect",
  // httpoxy (CVE-2016-5385): CGI-style upstreams read `Proxy` as HTTP_PROXY.
  "proxy",
]);

/** Client-supplied claims about the forwarding chain. */
const FORWARDING = new Set(["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix", "x-real-ip"]);

/** The peer address without the IPv4-mapped prefix. */
export function peerAddress(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? "";
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a;
}

/** RFC 7239 §6: an IPv6 node is bracketed and quoted. */
function forwardedNode(address: string): string {
  return address.includes(":") ? `"[${address}]"` : address;
}

function joinChain(prior: string | string[] | undefined, own: string): string {
  const p = Array.isArray(prior) ? prior.join(", ") : prior;
  return p === undefined || p.trim() === "" ? own : `${p}, ${own}`;
}

/** Builds the header block for the upstream request. */
export function forwardHeaders(req: IncomingMessage, ctx: ForwardContext): OutgoingHttpHeaders {
  const drop = hopByHop(req.headers);
  const client = peerAddress(req);
  const trusted = ctx.trustProxy.has(client);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || drop.has(name) || DROPPED.has(name)) continue;
    if (!trusted && FORWARDING.has(name)) continue;
    out[name] = value;
  }
  out.host = ctx.upstreamHost;
  out.via = appendVia(typeof req.headers.via === "string" ? req.headers.via : undefined, ctx.viaToken);
  const host = ctx.authority ?? req.headers.host ?? "";
  out["x-forwarded-for"] = trusted ? joinChain(req.headers["x-forwarded-for"], client) : client;
  // An HTTP/1.0 client may send no Host at all: then there is no host to forward.
  if ((!trusted || out["x-forwarded-host"] === undefined) && host !== "") out["x-forwarded-host"] = host;
  if (!trusted || out["x-forwarded-proto"] === undefined) out["x-forwarded-proto"] = "http";
  const own = `for=${forwardedNode(client)};proto=http${host !== "" && /^[\w.:[\]-]+$/.test(host) ? `;host="${host}"` : ""}`;
  out.forwarded = trusted ? joinChain(req.headers.forwarded, own) : own;
  return out;
}
