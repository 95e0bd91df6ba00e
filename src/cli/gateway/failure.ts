/**
 * The gateway's own error responses. They are sent after the CORS middleware set its headers, so a
 * browser shows the page the real failure instead of a CORS error. Their bodies say what failed in
 * terms the client can act on and never name the internal upstream (the log line does).
 */
import type { ServerResponse } from "node:http";

/** Sends `{ error, status }`, or cuts the connection if the upstream's head was already sent. */
export function sendFailure(res: ServerResponse, status: number, error: string, close = false): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error, status });
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  // An unread request body may still be on its way; closing is cheaper than draining it (nginx
  // closes after 413 and 408 too).
  if (close) res.setHeader("Connection", "close");
  res.end(body);
}

/** Public wording for an upstream socket error; the code itself goes to the log only. */
export function upstreamErrorMessage(code: string | undefined): string {
  if (code === "ECONNRESET" || code === "EPIPE") return "upstream closed the connection";
  if (code?.startsWith("HPE_")) return "upstream sent an invalid HTTP response";
  return "upstream unreachable";
}
