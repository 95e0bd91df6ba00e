/**
 * The demo API that `serve` protects and `demo` tours: a few JSON routes with the methods and
 * behaviours CORS cares about (PUT/DELETE preflight, cookies, an error). It has no CORS logic of
 * its own: `withCors` wraps it, so its 404s and 500s carry the CORS headers like any response.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

interface Item {
  id: number;
  name: string;
}

const MAX_BODY = 64 * 1024;

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw Object.assign(new Error("body too large"), { status: 413 });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw Object.assign(new Error("body is not JSON"), { status: 400 });
  }
}

/** Routes of the demo API, for help texts and the tour. */
export const DEMO_ROUTES = [
  'GET    /api/ping          -> {"pong":true}',
  "GET    /api/items         -> the item list (X-Total-Count header)",
  'POST   /api/items         -> create from JSON {"name":...}',
  "PUT    /api/items/:id     -> replace from JSON",
  "DELETE /api/items/:id     -> delete",
  "GET    /api/session       -> sets a session cookie, echoes the cookie it received",
  "GET    /api/boom          -> throws (a 500 that keeps its CORS headers)",
] as const;

/** Creates a fresh demo API with its own in-memory store. */
export function createDemoApi(): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const items = new Map<number, Item>([
    [1, { id: 1, name: "first" }],
    [2, { id: 2, name: "second" }],
  ]);
  let nextId = 3;
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    const method = req.method ?? "GET";
    res.setHeader("X-Request-Id", Math.random().toString(36).slice(2, 10));
    try {
      if (path === "/api/ping" && (method === "GET" || method === "HEAD")) return json(res, 200, { pong: true });
      if (path === "/api/items" && method === "GET") {
        res.setHeader("X-Total-Count", String(items.size));
        return json(res, 200, [...items.values()]);
      }
      if (path === "/api/items" && method === "POST") {
        const body = (await readJson(req)) as Partial<Item>;
        const item = { id: nextId++, name: String(body.name ?? "unnamed") };
        items.set(item.id, item);
        res.setHeader("Location", `/api/items/${item.id}`);
        return json(res, 201, item);
      }
      const m = /^\/api\/items\/(\d+)$/.exec(path);
      if (m) {
        const id = Number(m[1]);
        if (method === "GET") return items.has(id) ? json(res, 200, items.get(id)) : json(res, 404, { error: "no such item" });
        if (method === "PUT") {
          const body = (await readJson(req)) as Partial<Item>;
          const item = { id, name: String(body.name ?? "unnamed") };
          items.set(id, item);
          return json(res, 200, item);
        }
        if (method === "DELETE") return items.delete(id) ? json(res, 200, { deleted: id }) : json(res, 404, { error: "no such item" });
      }
      if (path === "/api/session" && method === "GET") {
        // The page calling the API is on another site (localhost vs 127.0.0.1): only a SameSite=None
        // cookie comes back on its credentialed requests, and browsers require Secure with it
        // (loopback counts as a secure context, so the demo's http: API can set it).
        res.setHeader("Set-Cookie", "session=demo; Path=/; HttpOnly; Secure; SameSite=None");
        return json(res, 200, { cookieReceived: req.headers.cookie ?? null });
      }
      if (path === "/api/boom") throw new Error("the demo API failed on purpose");
      return json(res, 404, { error: "not found", routes: DEMO_ROUTES });
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status === undefined) throw e;
      return json(res, status, { error: (e as Error).message });
    }
  };
}
