/**
 * Issue 9, item 5: every gateway timeout bounds the wait it is named after, and only that wait.
 * Timings are small but the margins generous (the machine is shared): each test asserts the
 * outcome and that it came from the right timer, never a tight duration.
 */
import { spawn } from "node:child_process";
import { request } from "node:http";
import { connect, createServer, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, type ServerSettings, startServer } from "../../src/cli/commands/serve.js";
import type { GatewayTimeouts } from "../../src/cli/gateway/index.js";
import { listen, send } from "../support/http.js";
import { rawExchange } from "./raw-http.js";

const APP = "https://app.example.com";
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function gateway(target: string, timeouts: Partial<GatewayTimeouts>, extra: Partial<ServerSettings> = {}): Promise<{ g: RunningServer; log: string[] }> {
  const log: string[] = [];
  const g = await startServer({
    policy: { origin: [APP] },
    host: "127.0.0.1",
    port: 0,
    upstream: new URL(target),
    timeouts,
    errorLog: (l) => log.push(l),
    ...extra,
  });
  closers.push(() => g.close());
  return { g, log };
}

/** A raw TCP upstream: full control over what it sends and when. */
async function rawUpstream(onSocket: (s: Socket) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on("error", () => {});
    onSocket(s);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

/** A GET through the gateway: status (0 when the connection was cut), body received, and how. */
function get(url: string, path = "/", slowReader = false): Promise<{ status: number; body: string; cut: boolean }> {
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, { headers: { origin: APP }, agent: false }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => {
        body += c.toString("latin1");
        if (slowReader) {
          res.pause();
          setTimeout(() => res.resume(), 100);
        }
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, cut: false }));
      res.on("error", () => resolve({ status: res.statusCode ?? 0, body, cut: true }));
    });
    req.on("error", () => resolve({ status: 0, body: "", cut: true }));
    req.end();
  });
}

describe("gateway timeouts", () => {
  it("connect: an upstream whose accept queue is full is abandoned with 504", async () => {
    // A listener with backlog 0 that never accepts: once its queue holds one connection, the
    // kernel drops further SYNs, so a connect hangs exactly as to a black-holed host.
    const py = spawn("python3", [
      "-c",
      "import socket,sys,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(30)",
    ]);
    closers.push(() => {
      py.kill();
    });
    const port = await new Promise<number>((r) => py.stdout.once("data", (c: Buffer) => r(Number(c.toString().trim()))));
    const fillers = [connect(port, "127.0.0.1"), connect(port, "127.0.0.1"), connect(port, "127.0.0.1")];
    for (const f of fillers) f.on("error", () => {});
    closers.push(() => {
      for (const f of fillers) f.destroy();
    });
    await new Promise((r) => setTimeout(r, 200));
    const { g, log } = await gateway(`http://127.0.0.1:${port}`, { connectMs: 300 });
    const res = await send(g.url, "GET", { origin: APP });
    expect(res.status).toBe(504);
    expect(JSON.parse(res.body).error).toBe("upstream connect timed out");
    expect(res.headers["access-control-allow-origin"]).toBe(APP);
    expect(log.join("\n")).toContain("connect timed out after 300 ms");
  });

  it("response headers: an upstream that drips its header block is cut off with 504", async () => {
    const up = await rawUpstream((s) => {
      s.write("HTTP/1.1 200 OK\r\n");
      const drip = setInterval(() => s.write("X-Drip: 1\r\n"), 50);
      s.on("close", () => clearInterval(drip));
    });
    const { g, log } = await gateway(up, { responseHeadersMs: 400, idleMs: 10_000 });
    const res = await get(g.url);
    expect(res.status).toBe(504);
    expect(log.join("\n")).toContain("no response headers within 400 ms");
  });

  it("idle (upstream side): a body that stops mid-way is cut, the client sees a truncated response", async () => {
    const up = await rawUpstream((s) => {
      s.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf");
    });
    const { g, log } = await gateway(up, { idleMs: 300 });
    const res = await get(g.url);
    expect(res).toEqual({ status: 200, body: "half", cut: true });
    expect(log.join("\n")).toContain("upstream sent no body bytes for 300 ms");
  });

  it("idle does not cut a text/event-stream that is quiet for longer than the idle timeout", async () => {
    const up = await rawUpstream((s) => {
      s.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 18\r\n\r\ndata: 1\n\n");
      setTimeout(() => s.write("data: 2\n\n"), 1000);
    });
    const { g } = await gateway(up, { idleMs: 250, streamIdleMs: 5000 });
    expect(await get(g.url)).toEqual({ status: 200, body: "data: 1\n\ndata: 2\n\n", cut: false });
  });

  it("idle (client side): a slow but steady reader is not cut; one that stops reading is", async () => {
    const up = await listen((req, res) => {
      const mib = Number(new URL(req.url ?? "/", "http://x").searchParams.get("mib"));
      res.setHeader("Content-Length", mib * 1024 * 1024);
      for (let i = 0; i < mib; i++) res.write(Buffer.alloc(1024 * 1024, 97));
      res.end();
    });
    closers.push(up.close);
    const { g, log } = await gateway(up.url, { idleMs: 2000 });
    // 2 MiB read with a 100 ms pause after every chunk: longer than the idle timeout overall, but
    // never 2 s without taking bytes.
    const started = Date.now();
    const slow = await get(g.url, "/?mib=2", true);
    // Reads are at most 64 KiB, so 32 pauses at least: the download outlasts the idle timeout.
    expect(Date.now() - started).toBeGreaterThan(2000);
    expect(slow.cut).toBe(false);
    expect(slow.body.length).toBe(2 * 1024 * 1024);
    // A client that stops reading: once the socket buffers are full, the gateway gives up.
    const stalled = connect(Number(new URL(g.url).port), "127.0.0.1");
    closers.push(() => {
      stalled.destroy();
    });
    stalled.on("error", () => {});
    stalled.write("GET /?mib=64 HTTP/1.1\r\nHost: g\r\n\r\n");
    stalled.pause();
    await expect.poll(() => log.join("\n"), { timeout: 15_000 }).toContain("client accepted no bytes for 2000 ms");
  }, 30_000);

  it("client body: a request body that stops arriving gets 408", async () => {
    const up = await listen((req, res) => {
      req.resume();
      req.on("end", () => res.end("ok"));
    });
    closers.push(up.close);
    const { g, log } = await gateway(up.url, { clientBodyMs: 300 });
    const reply = await rawExchange(Number(new URL(g.url).port), `POST / HTTP/1.1\r\nHost: g\r\nOrigin: ${APP}\r\nContent-Length: 10\r\n\r\nabc`);
    expect(reply.status).toBe(408);
    expect(reply.head).toContain(`Access-Control-Allow-Origin: ${APP}`);
    expect(log.join("\n")).toContain("client sent no body bytes for 300 ms");
  });

  it("idle (upstream reading the body): an upstream that stops reading an upload gets 504", async () => {
    // An upstream that reads nothing at all: its receive window fills and the gateway's writes stall.
    const up = await rawUpstream((s) => s.pause());
    const { g, log } = await gateway(up, { idleMs: 400, clientBodyMs: 10_000 }, { maxBodyBytes: 64 * 1024 * 1024 });
    const res = await new Promise<number>((resolve) => {
      const req = request(`${g.url}/upload`, { method: "POST", headers: { origin: APP, "content-length": 32 * 1024 * 1024 }, agent: false }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on("error", () => resolve(0));
      const block = Buffer.alloc(1024 * 1024);
      let sent = 0;
      const write = () => {
        while (sent < 32 && req.write(block)) sent++;
        if (sent < 32) req.once("drain", write);
        else req.end();
      };
      write();
    });
    expect(res).toBe(504);
    expect(log.join("\n")).toContain("upstream accepted no body bytes for 400 ms");
  }, 20_000);
});
