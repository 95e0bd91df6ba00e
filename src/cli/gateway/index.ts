/**
 * `serve --upstream`: a CORS gateway in front of an API that has no CORS support. The policy
 * answers preflights itself (they never reach the upstream); other requests are streamed through to
 * the configured upstream only, with the path mapped by {@link mapRequestTarget}, hop-by-hop and
 * untrusted forwarding headers replaced, loops refused, every wait bounded by a named timeout and
 * the upstream sockets capped. The upstream's Access-Control-* headers are replaced by the policy's.
 *
 * Security: see SECURITY.md for the threat model (what this defends against and what it does not).
 */
import { Agent as HttpAgent, type IncomingMessage, request as httpRequest, type ServerResponse } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { type ExchangeContext, exchange } from "./exchange.js";
import { sendFailure } from "./failure.js";
import { forwardHeaders } from "./forwarded-headers.js";
import { viaHasToken } from "./loop-guard.js";
import { type MappedTarget, mapRequestTarget } from "./request-target.js";
import type { GatewayTimeouts } from "./timeouts.js";

export { assertUpstreamIsNotSelf, newViaToken } from "./loop-guard.js";
export { DEFAULT_TIMEOUTS, type GatewayTimeouts } from "./timeouts.js";

/** Options of the gateway. */
export interface GatewayOptions {
  /** Base URL of the upstream API (no userinfo, query or fragment); its path prefixes every forwarded path. */
  readonly upstream: URL;
  /** Largest request body forwarded, in bytes (declared or streamed); more is refused with 413. */
  readonly maxBodyBytes: number;
  readonly timeouts: GatewayTimeouts;
  /** Most sockets open to the upstream at once; further requests wait (within the connect timeout). */
  readonly maxUpstreamSockets: number;
  /** Peer addresses that are proxies: their Forwarded/X-Forwarded-* chains are extended, not replaced. */
  readonly trustProxy: readonly string[];
  /** The policy sets Timing-Allow-Origin, so the upstream's is dropped. */
  readonly ownsTimingAllowOrigin: boolean;
  /** This instance's Via token (see {@link newViaToken}). */
  readonly viaToken: string;
  /** Where failure details (including the upstream address) are written. */
  readonly log?: ((line: string) => void) | undefined;
}

/** A running gateway: the request handler (wrap it with `withCors`) and its upstream sockets. */
export interface Gateway {
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** Closes the idle upstream sockets. */
  close(): void;
}

/**
 * Creates the forwarding handler.
 *
 * @example
 * const gw = createGateway({ upstream: new URL("http://127.0.0.1:8080/api"), maxBodyBytes: 1 << 20,
 *   timeouts: DEFAULT_TIMEOUTS, maxUpstreamSockets: 256, trustProxy: [], ownsTimingAllowOrigin: false,
 *   viaToken: newViaToken() });
 * createServer(withCors(gw.handle, { origin: ["https://app.example.com"] })).listen(3000, "127.0.0.1");
 */
export function createGateway(options: GatewayOptions): Gateway {
  const { upstream, maxBodyBytes, viaToken } = options;
  const tls = upstream.protocol === "https:";
  // Free sockets close after 4 s, before a Node upstream's 5 s keep-alive would close them under us.
  const agentOptions = { keepAlive: true, maxSockets: options.maxUpstreamSockets, maxTotalSockets: options.maxUpstreamSockets, timeout: 4_000 };
  const agent = tls ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const basePath = upstream.pathname.replace(/\/$/, "");
  const trustProxy = new Set(options.trustProxy);
  const context: ExchangeContext = {
    send: tls ? httpsRequest : httpRequest,
    agent,
    hostname: upstream.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: upstream.port === "" ? (tls ? 443 : 80) : Number(upstream.port),
    tls,
    timeouts: options.timeouts,
    maxBodyBytes,
    maxUpstreamSockets: options.maxUpstreamSockets,
    head: { upstream, basePath, ownsTimingAllowOrigin: options.ownsTimingAllowOrigin },
    log: options.log,
  };

  /** Refusals decided from the request head alone, before any upstream socket is used. */
  const admit = (req: IncomingMessage): Extract<MappedTarget, { ok: true }> | { readonly ok: false; readonly status: number; readonly reason: string } => {
    if (viaHasToken(req.headers.via, viaToken)) return { ok: false, status: 508, reason: "loop detected: the request already passed through this gateway" };
    // nginx answers TRACE with 405: echoing the request head would expose what the gateway adds.
    if (req.method === "TRACE") return { ok: false, status: 405, reason: "TRACE is not forwarded" };
    const mapped = mapRequestTarget(req.url ?? "/", basePath);
    if (!mapped.ok) return { ok: false, status: 400, reason: `bad request-target: ${mapped.reason}` };
    if (Number(req.headers["content-length"] ?? 0) > maxBodyBytes) return { ok: false, status: 413, reason: `request body over ${maxBodyBytes} bytes` };
    return mapped;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const admitted = admit(req);
    if (!admitted.ok) {
      req.resume();
      sendFailure(res, admitted.status, admitted.reason, true);
      return;
    }
    // Answered only now, so an over-limit Content-Length is refused before the client sends a byte.
    if (/^100-continue$/i.test(req.headers.expect ?? "")) res.writeContinue();
    const headers = forwardHeaders(req, { upstreamHost: upstream.host, viaToken, trustProxy, authority: admitted.authority });
    exchange(req, res, admitted.path, headers, context);
  };

  return { handle, close: () => agent.destroy() };
}
