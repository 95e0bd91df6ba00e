import { type IncomingMessage, request, type ServerResponse } from "node:http";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, type ServerSettings, startServer } from "../../src/cli/commands/serve.js";
import { listen, send } from "../support/http.js";

const APP = "https://app.example.com";
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** An upstream API with no real CORS support: it sends a wrong ACAO and hop-by-hop headers. */
async function upstream(handler?: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Array<{ method: string; url: string; headers: IncomingMessage["headers"] }> = [];
  const s = await listen((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    if (handler) return handler(req, res);
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      res.setHeader("Access-Control-Allow-Origin", "*");
      res.setHeader("Keep-Alive", "timeout=99");
      res.setHeader("Vary", "Accept-Encoding");
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ method: req.method, url: req.url, body }));
    });
  });
  closers.push(s.close);
  return { url: s.url, seen };
}

async function gateway(target: string, extra: Partial<ServerSettings> = {}): Promise<RunningServer> {
  const g = await startServer({ policy: { origin: [APP], credentials: true }, host: "127.0.0.1", port: 0, upstream: new URL(target), ...extra });
  closers.push(() => g.close());
  return g;
}

describe("corsproof serve --upstream (CORS gateway)", () => {
  it("forwards requests and bodies, replacing the upstream's CORS headers with the policy's", async () => {
    const up = await upstream();
    const g = await gateway(`${up.url}/v1`);
    const res = await new Promise<{ status: number; headers: IncomingMessage["headers"]; body: string }>((resolve, reject) => {
      const req = request(
        `${g.url}/items?x=1`,
        { method: "POST", headers: { origin: APP, "content-type": "application/json", connection: "keep-alive, x-hop", "x-hop": "1" } },
        (r) => {
          let body = "";
          r.on("data", (c: Buffer) => {
            body += c.toString();
          });
          r.on("end", () => resolve({ status: r.statusCode ?? 0, headers: r.headers, body }));
        },
      );
      req.on("error", reject);
      req.end('{"a":1}');
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ method: "POST", url: "/v1/items?x=1", body: '{"a":1}' });
    expect(res.headers["access-control-allow-origin"]).toBe(APP);
    expect(res.headers["access-control-allow-credentials"]).toBe("true");
    expect(res.headers.vary).toBe("Accept-Encoding, Origin");
    expect(res.headers["keep-alive"]).not.toBe("timeout=99");
    const forwarded = up.seen[0]?.headers ?? {};
    expect(forwarded["x-hop"]).toBeUndefined();
    expect(forwarded.host).toBe(new URL(up.url).host);
    expect(forwarded["x-forwarded-for"]).toBe("127.0.0.1");
    expect(forwarded.origin).toBe(APP);
  });

  it("answers preflights itself: the upstream never sees them", async () => {
    const up = await upstream();
    const g = await gateway(up.url);
    const res = await send(
      g.url,
      "OPTIONS",
      { origin: APP, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" },
      "/items",
    );
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe(APP);
    expect(up.seen).toHaveLength(0);
  });

  it("a refused origin gets the upstream's answer without any CORS header", async () => {
    const up = await upstream();
    const g = await gateway(up.url);
    const res = await send(g.url, "GET", { origin: "https://evil.example" }, "/items");
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("502 with CORS headers when the upstream is down", async () => {
    const dead = await listen((_q, r) => r.end());
    await dead.close();
    const g = await gateway(dead.url);
    const res = await send(g.url, "GET", { origin: APP }, "/items");
    expect(res.status).toBe(502);
    expect(res.headers["access-control-allow-origin"]).toBe(APP);
    expect(JSON.parse(res.body).error).toBe("upstream unreachable");
  });

  it("504 with CORS headers when the upstream is too slow", async () => {
    const up = await upstream(() => {
      /* never answers */
    });
    const g = await gateway(up.url, { timeouts: { responseHeadersMs: 100 } });
    const res = await send(g.url, "GET", { origin: APP }, "/slow");
    expect(res.status).toBe(504);
    expect(res.headers["access-control-allow-origin"]).toBe(APP);
  });

  it("413 with CORS headers for a body over the limit", async () => {
    const up = await upstream();
    const g = await gateway(up.url, { maxBodyBytes: 10 });
    const res = await new Promise<{ status: number; acao: string | undefined }>((resolve, reject) => {
      const req = request(`${g.url}/items`, { method: "POST", headers: { origin: APP, "transfer-encoding": "chunked" } }, (r) => {
        r.resume();
        r.on("end", () => resolve({ status: r.statusCode ?? 0, acao: r.headers["access-control-allow-origin"] as string | undefined }));
      });
      req.on("error", reject);
      req.write("0123456789");
      req.end("abcdef");
    });
    expect(res).toEqual({ status: 413, acao: APP });
  });

  it("streams large responses through", async () => {
    const chunk = "x".repeat(64 * 1024);
    const up = await upstream((_req, res) => {
      for (let i = 0; i < 32; i++) res.write(chunk);
      res.end();
    });
    const g = await gateway(up.url);
    const res = await send(g.url, "GET", { origin: APP }, "/big");
    expect(res.body.length).toBe(32 * chunk.length);
  });
});

describe("corsproof serve --upstream: pooled upstream connections", () => {
  /** An upstream that answers the first request on each connection and drops the connection on the second. */
  async function closesOnReuse() {
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      let requests = 0;
      let buffered = "";
      socket.on("error", () => {});
      socket.on("data", (c: Buffer) => {
        buffered += c.toString("latin1");
        while (buffered.includes("\r\n\r\n")) {
          buffered = buffered.slice(buffered.indexOf("\r\n\r\n") + 4);
          if (++requests === 1) socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nKeep-Alive: timeout=30\r\n\r\nok");
          else socket.destroy();
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise<void>((r) => server.close(() => r())));
    return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, connections: () => connections };
  }

  it("a bodyless idempotent request that meets a pooled connection closed under it is repeated once on a fresh one (as nginx does)", async () => {
    const up = await closesOnReuse();
    const g = await gateway(up.url);
    expect((await send(g.url, "GET", { origin: APP }, "/one")).status).toBe(200);
    const second = await send(g.url, "GET", { origin: APP }, "/two");
    expect(second.status).toBe(200);
    expect(second.body).toBe("ok");
    expect(up.connections()).toBe(2);
  });

  it("a request with a body is not repeated: 502", async () => {
    const up = await closesOnReuse();
    const g = await gateway(up.url);
    expect((await send(g.url, "GET", { origin: APP }, "/one")).status).toBe(200);
    const post = await new Promise<number>((resolve, reject) => {
      const req = request(`${g.url}/items`, { method: "POST", headers: { origin: APP, "content-type": "text/plain" } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end("x");
    });
    expect(post).toBe(502);
    expect(up.connections()).toBe(1);
  });
});
