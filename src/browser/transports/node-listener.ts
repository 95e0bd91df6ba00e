/**
 * An in-process {@link Transport} for Node request listeners — `(req, res) => void`, as in
 * node:http, Express, Connect, Koa's `app.callback()`, Fastify's `routing` — without opening a
 * socket. The listener gets a real `IncomingMessage` and `ServerResponse` on an in-memory duplex;
 * the bytes it writes are parsed back as HTTP/1.1, so header lines arrive exactly as they would
 * on the wire (order, case and duplicates kept).
 */
import { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { Duplex } from "node:stream";
import type { Transport, WireRequest, WireResponse } from "../types.js";

/** A Node request listener (Express and Connect apps are ones). */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Reads the body of an HTTP/1.1 response message that follows its head. */
function decodeBody(rest: Buffer, headers: [string, string][]): Buffer {
  const chunked = headers.some(([n, v]) => n.toLowerCase() === "transfer-encoding" && v.toLowerCase().includes("chunked"));
  if (!chunked) return rest;
  const parts: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = rest.indexOf("\r\n", i);
    if (eol < 0) break;
    const size = Number.parseInt(rest.subarray(i, eol).toString("latin1"), 16);
    if (!(size > 0)) break;
    parts.push(rest.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Parses the bytes a ServerResponse wrote. */
function parseResponse(raw: Buffer): WireResponse {
  const end = raw.indexOf("\r\n\r\n");
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString("latin1");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers: [string, string][] = [];
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "")]);
  }
  const body = end < 0 ? Buffer.alloc(0) : decodeBody(raw.subarray(end + 4), headers);
  return { status: Number(statusLine.split(" ")[1] ?? 0), headers, body: body.toString("utf8") };
}

/**
 * Runs `listener` for each wire request, in-process.
 *
 * @example
 * import express from "express";
 * const app = express();
 * const transport = nodeListenerTransport(app);
 * const result = await simulateFetch({ url: "https://api.example.com/items", origin: "https://app.example.com" }, { transport });
 */
export function nodeListenerTransport(listener: NodeListener): Transport {
  return {
    send(request: WireRequest): Promise<WireResponse> {
      return new Promise((resolve, reject) => {
        const written: Buffer[] = [];
        const socket = new Duplex({
          read() {},
          write(chunk: Buffer, _encoding, callback) {
            written.push(Buffer.from(chunk));
            callback();
          },
        }) as unknown as Socket;
        Object.assign(socket, { remoteAddress: "127.0.0.1", remotePort: 50000, encrypted: request.url.startsWith("https:") });
        const url = new URL(request.url);
        const req = new IncomingMessage(socket);
        req.method = request.method;
        req.url = url.pathname + url.search;
        req.httpVersion = "1.1";
        req.httpVersionMajor = 1;
        req.httpVersionMinor = 1;
        // The model's header lines already start with Host, Connection and Content-Length, as the
        // browser writes them; a hand-made request without them is framed here the same way.
        const has = (name: string) => request.headers.some(([n]) => n.toLowerCase() === name);
        const raw: string[] = has("host") ? [] : ["Host", url.host];
        for (const [name, value] of request.headers) raw.push(name, value);
        if (request.body !== undefined && !has("content-length")) raw.push("Content-Length", String(request.body.byteLength));
        req.rawHeaders = raw;
        for (let i = 0; i < raw.length; i += 2) {
          const name = raw[i]!.toLowerCase();
          const value = raw[i + 1]!;
          const existing = req.headers[name];
          req.headers[name] = existing === undefined ? value : `${existing}, ${value}`;
        }
        if (request.body !== undefined && request.body.byteLength > 0) req.push(Buffer.from(request.body));
        req.push(null);
        const res = new ServerResponse(req);
        res.assignSocket(socket);
        res.on("finish", () => {
          res.detachSocket(socket);
          resolve(parseResponse(Buffer.concat(written)));
        });
        try {
          const out = listener(req, res);
          if (out instanceof Promise) out.catch(reject);
        } catch (error) {
          reject(error);
        }
      });
    },
  };
}
