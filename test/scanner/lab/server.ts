/**
 * Runs every lab endpoint as a real server on one loopback port: `/<id>` is answered by that
 * endpoint's own Express, Koa or Fastify app (with the real `cors`, `@koa/cors`, `@fastify/cors`
 * or corsproof middleware) or by an nginx-style handler. `POST /login` sets the session cookie.
 * Requests in absolute form (`GET http://app.example.com/<id>`) are accepted too, so HTTP clients
 * that only take a proxy (the peer scanners) can reach the lab under the site's host name.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import fastifyCors from "@fastify/cors";
import koaCors from "@koa/cors";
import cors from "cors";
import express from "express";
import Fastify from "fastify";
import Koa from "koa";
import corsproofExpress from "../../../src/adapters/express.js";
import { type HandWritten, LAB, type LabEndpoint } from "./endpoints.js";

const APP = "https://app.example.com";

function body(id: string, cookie: string | undefined): string {
  return JSON.stringify({ endpoint: id, user: cookie?.includes("sid=lab-session") ? "alice" : null });
}

function isPreflight(method: string | undefined, headers: IncomingMessage["headers"]): boolean {
  return method === "OPTIONS" && headers.origin !== undefined && headers["access-control-request-method"] !== undefined;
}

/** A plain Node handler applying hand-written CORS the way an nginx `if` block adds headers. */
function nginxHandler(ep: LabEndpoint, rules: HandWritten): RequestListener {
  return (req, res) => {
    const preflight = isPreflight(req.method, req.headers);
    for (const [n, v] of rules(req.headers.origin, preflight, req.headers.cookie)) res.appendHeader(n, v);
    if (preflight) {
      res.writeHead(204).end();
      return;
    }
    for (const [n, v] of ep.responseHeaders ?? []) res.setHeader(n, v);
    res.setHeader("Content-Type", "application/json");
    res.end(body(ep.id, req.headers.cookie));
  };
}

function expressApp(ep: LabEndpoint): RequestListener {
  const app = express();
  if (ep.stack === "cors") app.use(cors(ep.options as cors.CorsOptions));
  if (ep.stack === "corsproof") app.use(corsproofExpress(ep.options as never));
  if (ep.stack === "express") {
    const rules = ep.handWritten!;
    app.use((req, res, next) => {
      const preflight = isPreflight(req.method, req.headers);
      for (const [n, v] of rules(req.headers.origin, preflight, req.headers.cookie)) res.append(n, v);
      if (preflight) res.status(204).end();
      else next();
    });
  }
  app.all(`/${ep.id}`, (req, res) => {
    for (const [n, v] of ep.responseHeaders ?? []) res.setHeader(n, v);
    res.type("application/json").send(body(ep.id, req.headers.cookie));
  });
  return app as unknown as RequestListener;
}

function koaApp(ep: LabEndpoint): RequestListener {
  const app = new Koa();
  if (ep.stack === "@koa/cors") {
    const mode = ep.options?.origin;
    app.use(
      koaCors({
        origin: (ctx: Koa.Context) => (mode === "reflect" ? ctx.get("Origin") : ctx.get("Origin") === APP ? APP : ""),
        credentials: ep.options?.credentials === true,
        allowHeaders: ["Content-Type", "Authorization"],
      }),
    );
  } else {
    const rules = ep.handWritten!;
    app.use(async (ctx, next) => {
      const preflight = isPreflight(ctx.method, ctx.headers);
      for (const [n, v] of rules(ctx.get("Origin") || undefined, preflight, ctx.get("Cookie"))) ctx.append(n, v);
      if (preflight) ctx.status = 204;
      else await next();
    });
  }
  app.use((ctx) => {
    for (const [n, v] of ep.responseHeaders ?? []) ctx.set(n, v);
    ctx.type = "application/json";
    ctx.body = body(ep.id, ctx.get("Cookie"));
  });
  return app.callback();
}

async function fastifyApp(ep: LabEndpoint): Promise<{ listener: RequestListener; close: () => Promise<void> }> {
  const app = Fastify();
  await app.register(fastifyCors, { ...(ep.options as object), allowedHeaders: ["Content-Type", "Authorization"] });
  app.route({
    method: ["GET", "PUT", "DELETE"],
    url: `/${ep.id}`,
    handler: async (req, reply) => {
      for (const [n, v] of ep.responseHeaders ?? []) reply.header(n, v);
      reply.type("application/json");
      return body(ep.id, req.headers.cookie);
    },
  });
  await app.ready();
  return { listener: (req, res) => app.routing(req, res), close: () => app.close() };
}

/** A running lab. */
export interface Lab {
  readonly port: number;
  /** The lab's request listener, to serve it on another server too (the comparison's TLS proxy). */
  readonly listener: RequestListener;
  /** `http://127.0.0.1:<port>/<id>` */
  url(id: string): string;
  close(): Promise<void>;
}

/** Starts every endpoint (or the given ones) on 127.0.0.1 and an ephemeral port. */
export async function startLab(endpoints: readonly LabEndpoint[] = LAB): Promise<Lab> {
  const routes = new Map<string, RequestListener>();
  const closers: (() => Promise<void>)[] = [];
  for (const ep of endpoints) {
    if (ep.stack === "@fastify/cors") {
      const f = await fastifyApp(ep);
      routes.set(ep.id, f.listener);
      closers.push(f.close);
    } else if (ep.stack === "koa" || ep.stack === "@koa/cors") routes.set(ep.id, koaApp(ep));
    else if (ep.stack === "nginx-regex") routes.set(ep.id, nginxHandler(ep, ep.handWritten!));
    else routes.set(ep.id, expressApp(ep));
  }
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith("http://")) {
      const u = new URL(req.url);
      req.url = u.pathname + u.search;
    }
    const path = (req.url ?? "/").split("?")[0]!;
    if (path === "/login" && req.method === "POST") {
      res.writeHead(204, { "Set-Cookie": "sid=lab-session; Path=/; Secure; HttpOnly; SameSite=None" }).end();
      return;
    }
    const route = routes.get(path.split("/")[1] ?? "");
    if (route === undefined) res.writeHead(404).end();
    else route(req, res);
  };
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    listener,
    url: (id) => `http://127.0.0.1:${port}/${id}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      for (const c of closers) await c();
    },
  };
}
