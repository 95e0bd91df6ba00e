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
import { sendFailure, upstreamErrorMessage } from "./failure.js";
import { forwardHeaders } from "./forwarded-headers.js";
import { viaHasToken } from "./loop-guard.js";
import { type MappedTarget, mapRequestTarget } from "./request-target.js";
import { copyResponseHead } from "./response-head.js";
import { type GatewayTimeouts, pump, Timer } from "./timeouts.js";

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
  const { upstream, maxBodyBytes, timeouts: t, viaToken, log } = options;
  const tls = upstream.protocol === "https:";
  const send = tls ? httpsRequest : httpRequest;
  // Free sockets close after 4 s, before a Node upstream's 5 s keep-alive would close them under us.
  const agentOptions = { keepAlive: true, maxSockets: options.maxUpstreamSockets, maxTotalSockets: options.maxUpstreamSockets, timeout: 4_000 };
  const agent = tls ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const basePath = upstream.pathname.replace(/\/$/, "");
  const hostname = upstream.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = upstream.port === "" ? (tls ? 443 : 80) : Number(upstream.port);
  const trustProxy = new Set(options.trustProxy);
  const headContext = { upstream, basePath, ownsTimingAllowOrigin: options.ownsTimingAllowOrigin };

  /** Refusals decided from the request head alone, before any upstream socket is used. */
  const admit = (req: IncomingMessage): MappedTarget | { readonly ok: false; readonly status: number; readonly reason: string } => {
    if (viaHasToken(req.headers.via, viaToken)) return { ok: false, status: 508, reason: "loop detected: the request already passed through this gateway" };
    // nginx answers TRACE with 405: echoing the request head would expose what the gateway adds.
    if (req.method === "TRACE") return { ok: false, status: 405, reason: "TRACE is not forwarded" };
    const mapped = mapRequestTarget(req.url ?? "/", basePath);
    if (!mapped.ok) return { ok: false, status: 400, reason: `bad request-target: ${mapped.reason}` };
    if (Number(req.headers["content-length"] ?? 0) > maxBodyBytes) return { ok: false, status: 413, reason: `request body over ${maxBodyBytes} bytes` };
    return mapped;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const mapped = admit(req);
    if (!mapped.ok) {
      req.resume();
      sendFailure(res, "status" in mapped ? mapped.status : 400, mapped.reason, true);
      return;
    }
    // Answered only now, so an over-limit Content-Length is refused before the client sends a byte.
    if (/^100-continue$/i.test(req.headers.expect ?? "")) res.writeContinue();
    forward(req, res, mapped);
  };

  const forward = (req: IncomingMessage, res: ServerResponse, mapped: MappedTarget & { ok: true }): void => {
    const out = send({
      hostname,
      port,
      path: mapped.path,
      method: req.method ?? "GET",
      headers: forwardHeaders(req, { upstreamHost: upstream.host, viaToken, trustProxy, authority: mapped.authority }),
      agent,
    });
    const timers: Timer[] = [];
    const timer = (ms: number, onExpire: () => void) => {
      const x = new Timer(ms, onExpire);
      timers.push(x);
      return x;
    };
    let done = false;
    const abort = (status: number, error: string, detail = error) => {
      if (done) return;
      done = true;
      for (const x of timers) x.stop();
      out.destroy();
      log?.(`gateway: ${req.method} ${mapped.path} -> ${res.headersSent ? "connection cut" : status}: ${detail} (upstream ${upstream.origin})`);
      sendFailure(res, status, error, status === 408 || status === 413);
    };

    const connect = timer(t.connectMs, () => {
      if (out.socket) abort(504, "upstream connect timed out", `connect timed out after ${t.connectMs} ms`);
      else abort(503, "all upstream connections are busy", `no free upstream socket (cap ${options.maxUpstreamSockets}) within ${t.connectMs} ms`);
    });
    connect.start();
    out.on("socket", (socket) => {
      if (!socket.connecting) connect.stop();
      else socket.once(tls ? "secureConnect" : "connect", () => connect.stop());
    });
    const headers = timer(t.responseHeadersMs, () => abort(504, "upstream did not answer in time", `no response headers within ${t.responseHeadersMs} ms`));
    out.on("finish", () => headers.start());
    out.on("error", (e: NodeJS.ErrnoException) => abort(502, upstreamErrorMessage(e.code), `${e.code ?? ""} ${e.message}`.trim()));

    pump(
      req,
      out,
      {
        source: timer(t.clientBodyMs, () => abort(408, "request body timed out", `client sent no body bytes for ${t.clientBodyMs} ms`)),
        sink: timer(t.idleMs, () => abort(504, "upstream stopped reading the request body", `upstream accepted no body bytes for ${t.idleMs} ms`)),
      },
      (() => {
        let size = 0;
        return (chunk) => {
          size += chunk.length;
          if (size <= maxBodyBytes) return true;
          abort(413, `request body over ${maxBodyBytes} bytes`);
          return false;
        };
      })(),
    );

    out.on("response", (up) => {
      headers.stop();
      if (done) {
        up.destroy();
        return;
      }
      copyResponseHead(up, res, headContext);
      const stream = /^\s*text\/event-stream/i.test(up.headers["content-type"] ?? "");
      const idle = stream ? t.streamIdleMs : t.idleMs;
      pump(up, res, {
        source: timer(idle, () => abort(504, "upstream stalled", `upstream sent no body bytes for ${idle} ms`)),
        sink: timer(t.idleMs, () => abort(504, "client stopped reading", `client accepted no bytes for ${t.idleMs} ms`)),
      });
      up.on("error", (e: NodeJS.ErrnoException) => abort(502, upstreamErrorMessage(e.code), `response body: ${e.code ?? e.message}`));
    });
    // A client that goes away cancels the upstream request (not a failure worth a log line).
    req.on("error", () => {});
    res.on("close", () => {
      for (const x of timers) x.stop();
      if (res.writableFinished || done) return;
      done = true;
      out.destroy();
    });
  };
  return { handle, close: () => agent.destroy() };
}
