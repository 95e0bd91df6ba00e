/**
 * Real servers for the conformance suite: a plain node:http server, an Express app and a Fastify
 * app, each answering scenario hops like the raw server does, but through the framework's own HTTP
 * parser and routing. Node's parser answers a method token it does not know (`patch`, `chicken`)
 * with 400 and no CORS headers, Fastify's router answers 404 for methods it has no route for: the
 * browser and the model must both meet those answers. Loopback only.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type net from "node:net";
import express from "express";
import Fastify from "fastify";
import type { RawReply, RawRequest } from "./raw-server.js";

export type FrameworkName = "node:http" | "express" | "fastify";

/** Answers one recorded request (null: not a scenario path, 404). */
export type FrameworkHandler = (request: RawRequest) => RawReply | null;

function rawRequest(req: IncomingMessage, body: string): RawRequest {
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return { method: req.method ?? "", target: req.url ?? "", headers, body };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("latin1")));
  });
}

function write(res: ServerResponse, reply: RawReply | null, method: string): void {
  if (reply === null) {
    res.writeHead(404).end();
    return;
  }
  const flat: string[] = [];
  for (const [n, v] of reply.headers) flat.push(n, v);
  res.writeHead(reply.status, flat);
  res.end(method === "HEAD" || reply.status === 204 || reply.status === 304 ? undefined : (reply.body ?? ""));
}

function listen(server: http.Server): Promise<net.Server> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Starts one framework's server on 127.0.0.1 with an ephemeral port; `close()` it when done. */
export async function startFrameworkServer(name: FrameworkName, handler: FrameworkHandler): Promise<{ server: net.Server; close: () => Promise<void> }> {
  if (name === "node:http") {
    const server = http.createServer(async (req, res) => {
      const body = await readBody(req);
      write(res, handler(rawRequest(req, body)), req.method ?? "");
    });
    await listen(server);
    return { server, close: () => new Promise((r) => server.close(() => r())) };
  }
  if (name === "express") {
    const app = express();
    app.use(async (req, res) => {
      const body = await readBody(req);
      write(res, handler(rawRequest(req, body)), req.method);
    });
    const server = http.createServer(app);
    await listen(server);
    return { server, close: () => new Promise((r) => server.close(() => r())) };
  }
  const app = Fastify();
  // Fastify parses JSON and text bodies itself (and answers 415 for other content types, as it
  // does in production); the handler reads the raw request's headers, not the body.
  app.all("/*", (request, reply) => {
    reply.hijack();
    const raw = rawRequest(request.raw, typeof request.body === "string" ? request.body : request.body === undefined ? "" : JSON.stringify(request.body));
    write(reply.raw, handler(raw), request.raw.method ?? "");
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  return { server: app.server, close: () => app.close() };
}
