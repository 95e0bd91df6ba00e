/**
 * One exchange through the gateway: the client's request streamed to the upstream and the answer
 * streamed back, every wait under its named timer (see timeouts.ts), and one way out on failure
 * (`abort`): an error response with the CORS headers already set, or a cut connection once the
 * upstream's head has been sent. Details go to the log, never to the client.
 */
import type { Agent, ClientRequest, IncomingMessage, OutgoingHttpHeaders, RequestOptions, ServerResponse } from "node:http";
import { sendFailure, upstreamErrorMessage } from "./failure.js";
import { copyResponseHead, type ResponseHeadContext } from "./response-head.js";
import { type GatewayTimeouts, pump, Timer } from "./timeouts.js";

/** What every exchange of one gateway shares. */
export interface ExchangeContext {
  readonly send: (options: RequestOptions) => ClientRequest;
  readonly agent: Agent;
  readonly hostname: string;
  readonly port: number;
  readonly tls: boolean;
  readonly timeouts: GatewayTimeouts;
  readonly maxBodyBytes: number;
  readonly maxUpstreamSockets: number;
  readonly head: ResponseHeadContext;
  readonly log?: ((line: string) => void) | undefined;
}

/** RFC 9110 §9.2.2: methods whose repetition has the effect of one request. */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** RFC 9112 §6.3: a request has a body only when it declares one. */
function hasBody(req: IncomingMessage): boolean {
  return req.headers["transfer-encoding"] !== undefined || (req.headers["content-length"] !== undefined && req.headers["content-length"] !== "0");
}

/** Forwards `req` to `path` on the upstream and streams the answer into `res`. */
export function exchange(req: IncomingMessage, res: ServerResponse, path: string, headers: OutgoingHttpHeaders, ctx: ExchangeContext): void {
  const t = ctx.timeouts;
  const method = req.method ?? "GET";
  const body = hasBody(req);
  // A reused keep-alive socket can be closed by the upstream just as we send on it. Like nginx
  // (a failed cached connection is retried without counting as a try), repeat such a request once
  // on a fresh socket, when repeating is harmless: no body, idempotent method, nothing received.
  let replayable = !body && IDEMPOTENT.has(method);
  const timers: Timer[] = [];
  const timer = (ms: number, onExpire: () => void) => {
    const x = new Timer(ms, onExpire);
    timers.push(x);
    return x;
  };
  let out: ClientRequest;
  let done = false;
  const abort = (status: number, error: string, detail = error) => {
    if (done) return;
    done = true;
    for (const x of timers) x.stop();
    out.destroy();
    ctx.log?.(`gateway: ${method} ${path} -> ${res.headersSent ? "connection cut" : status}: ${detail} (upstream ${ctx.head.upstream.origin})`);
    sendFailure(res, status, error, status === 408 || status === 413);
  };

  const respond = (up: IncomingMessage) => {
    if (done) {
      up.destroy();
      return;
    }
    copyResponseHead(up, res, ctx.head);
    const idle = /^\s*text\/event-stream/i.test(up.headers["content-type"] ?? "") ? t.streamIdleMs : t.idleMs;
    pump(up, res, {
      source: timer(idle, () => abort(504, "upstream stalled", `upstream sent no body bytes for ${idle} ms`)),
      sink: timer(t.idleMs, () => abort(504, "client stopped reading", `client accepted no bytes for ${t.idleMs} ms`)),
    });
    up.on("error", (e: NodeJS.ErrnoException) => abort(502, upstreamErrorMessage(e.code), `response body: ${e.code ?? e.message}`));
  };

  const sendBody = () => {
    let size = 0;
    pump(
      req,
      out,
      {
        source: timer(t.clientBodyMs, () => abort(408, "request body timed out", `client sent no body bytes for ${t.clientBodyMs} ms`)),
        sink: timer(t.idleMs, () => abort(504, "upstream stopped reading the request body", `upstream accepted no body bytes for ${t.idleMs} ms`)),
      },
      (chunk) => {
        size += chunk.length;
        if (size <= ctx.maxBodyBytes) return true;
        abort(413, `request body over ${ctx.maxBodyBytes} bytes`);
        return false;
      },
    );
  };

  const attempt = () => {
    out = ctx.send({ hostname: ctx.hostname, port: ctx.port, path, method, headers, agent: ctx.agent });
    const connect = timer(t.connectMs, () => {
      if (out.socket) abort(504, "upstream connect timed out", `connect timed out after ${t.connectMs} ms`);
      else abort(503, "all upstream connections are busy", `no free upstream socket (cap ${ctx.maxUpstreamSockets}) within ${t.connectMs} ms`);
    });
    connect.start();
    out.on("socket", (socket) => {
      if (!socket.connecting) connect.stop();
      else socket.once(ctx.tls ? "secureConnect" : "connect", () => connect.stop());
    });
    const answer = timer(t.responseHeadersMs, () => abort(504, "upstream did not answer in time", `no response headers within ${t.responseHeadersMs} ms`));
    out.on("finish", () => answer.start());
    const request = out;
    request.on("error", (e: NodeJS.ErrnoException) => {
      if (replayable && request.reusedSocket && (e.code === "ECONNRESET" || e.code === "EPIPE") && !done) {
        replayable = false;
        connect.stop();
        answer.stop();
        attempt();
        return;
      }
      abort(502, upstreamErrorMessage(e.code), `${e.code ?? ""} ${e.message}`.trim());
    });
    request.on("response", (up) => {
      answer.stop();
      replayable = false;
      respond(up);
    });
    if (body) sendBody();
    else {
      req.resume();
      out.end();
    }
  };

  attempt();
  // A client that goes away cancels the upstream request (not a failure worth a log line).
  req.on("error", () => {});
  res.on("close", () => {
    for (const x of timers) x.stop();
    if (res.writableFinished || done) return;
    done = true;
    out.destroy();
  });
}
