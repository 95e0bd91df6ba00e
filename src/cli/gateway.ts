/**
 * `serve --upstream`: a CORS gateway in front of an API that has no CORS support. The policy
 * answers preflights itself (they never reach the upstream); other requests are streamed through
 * with hop-by-hop headers removed, and the upstream's own Access-Control-* headers are replaced by
 * the policy's. The gateway's own failures (502 unreachable, 504 timeout, 413 too large) are sent
 * after the CORS headers were set, so the browser shows the real failure, not a CORS error.
 */
import { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, request as httpRequest, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import { Transform } from "node:stream";
import { appendVary } from "../index.js";

/** Options of the gateway. */
export interface GatewayOptions {
  /** Base URL of the upstream API; its path is prefixed to every forwarded path. */
  readonly upstream: URL;
  /** Time allowed for the upstream to start answering, in milliseconds. */
  readonly timeoutMs: number;
  /** Largest request body forwarded, in bytes. */
  readonly maxBodyBytes: number;
}

/** RFC 9110 §7.6.1: connection-specific fields a proxy must not forward. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

function hopByHop(headers: IncomingHttpHeaders): Set<string> {
  const names = new Set(HOP_BY_HOP);
  const listed = headers.connection;
  if (typeof listed === "string") for (const n of listed.split(",")) names.add(n.trim().toLowerCase());
  return names;
}

function forwardHeaders(req: IncomingMessage, upstream: URL): OutgoingHttpHeaders {
  const drop = hopByHop(req.headers);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!drop.has(name) && name !== "host" && value !== undefined) out[name] = value;
  }
  out.host = upstream.host;
  const prior = req.headers["x-forwarded-for"];
  const client = req.socket.remoteAddress ?? "";
  out["x-forwarded-for"] = typeof prior === "string" && prior !== "" ? `${prior}, ${client}` : client;
  out["x-forwarded-host"] = req.headers.host ?? "";
  out["x-forwarded-proto"] = "http";
  return out;
}

function fail(res: ServerResponse, status: number, error: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error, status });
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}

/** Copies the upstream response head: hop-by-hop and Access-Control-* dropped, Vary merged with ours. */
function copyResponseHead(upstream: IncomingMessage, res: ServerResponse): void {
  const drop = hopByHop(upstream.headers);
  for (let i = 0; i < upstream.rawHeaders.length; i += 2) {
    const name = upstream.rawHeaders[i] as string;
    const lower = name.toLowerCase();
    if (drop.has(lower) || lower.startsWith("access-control-") || lower === "vary") continue;
    const value = upstream.headers[lower];
    if (value !== undefined) res.setHeader(name, value);
  }
  const upstreamVary = upstream.headers.vary;
  const ours = res.getHeader("Vary");
  if (upstreamVary !== undefined) res.setHeader("Vary", ours === undefined ? upstreamVary : appendVary(upstreamVary, String(ours)));
  res.statusCode = upstream.statusCode ?? 502;
}

/** Creates the forwarding handler (wrap it with `withCors`). */
export function createGateway(options: GatewayOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { upstream, timeoutMs, maxBodyBytes } = options;
  const send = upstream.protocol === "https:" ? httpsRequest : httpRequest;
  const basePath = upstream.pathname.replace(/\/$/, "");
  return (req, res) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBodyBytes) {
      req.resume();
      fail(res, 413, `request body over ${maxBodyBytes} bytes`);
      return;
    }
    const target = new URL(basePath + (req.url ?? "/"), upstream);
    const out = send(target, { method: req.method ?? "GET", headers: forwardHeaders(req, upstream), timeout: timeoutMs }, (up) => {
      copyResponseHead(up, res);
      up.pipe(res);
      up.on("error", () => res.destroy());
    });
    out.on("timeout", () => {
      out.destroy();
      fail(res, 504, `upstream ${upstream.origin} did not answer within ${timeoutMs} ms`);
    });
    out.on("error", (e: NodeJS.ErrnoException) => {
      if (!res.writableEnded) fail(res, 502, `upstream ${upstream.origin} unreachable (${e.code ?? e.message})`);
    });
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBodyBytes) {
          done(new Error("too large"));
          return;
        }
        done(null, chunk);
      },
    });
    limit.on("error", () => {
      out.destroy();
      fail(res, 413, `request body over ${maxBodyBytes} bytes`);
    });
    req.pipe(limit).pipe(out);
    // A client that goes away cancels the upstream request.
    res.on("close", () => {
      if (!res.writableFinished) out.destroy();
    });
  };
}
