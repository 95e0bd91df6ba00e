/** Issue 9: header hygiene, Location rewriting, 100-continue, and what error bodies disclose. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, type ServerSettings, startServer } from "../../src/cli/commands/serve.js";
import { listen, send } from "../support/http.js";
import { rawExchange } from "./raw-http.js";

const APP = "https://app.example.com";
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function upstream(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: IncomingMessage["headers"][] = [];
  const s = await listen((req, res) => {
    seen.push(req.headers);
    handler(req, res);
  });
  closers.push(s.close);
  return { url: s.url, seen };
}

async function gateway(target: string, extra: Partial<ServerSettings> = {}): Promise<RunningServer> {
  const g = await startServer({ policy: { origin: [APP] }, host: "127.0.0.1", port: 0, upstream: new URL(target), ...extra });
  closers.push(() => g.close());
  return g;
}

const ok = (_req: IncomingMessage, res: ServerResponse) => res.end("ok");

describe("gateway header hygiene", () => {
  it("replaces a client's Forwarded/X-Forwarded-* claims, drops Proxy, and adds its Via entry", async () => {
    const up = await upstream(ok);
    const g = await gateway(up.url);
    await send(g.url, "GET", {
      origin: APP,
      forwarded: "for=10.9.9.9;host=admin.internal",
      "x-forwarded-for": "10.9.9.9",
      "x-forwarded-host": "admin.internal",
      "x-forwarded-proto": "https",
      "x-real-ip": "10.9.9.9",
      proxy: "http://attacker.example",
      via: "1.1 edge",
    });
    const h = up.seen[0] ?? {};
    expect(h["x-forwarded-for"]).toBe("127.0.0.1");
    expect(h["x-forwarded-host"]).toBe(new URL(g.url).host);
    expect(h["x-forwarded-proto"]).toBe("http");
    expect(h.forwarded).toBe(`for=127.0.0.1;proto=http;host="${new URL(g.url).host}"`);
    expect(h["x-real-ip"]).toBeUndefined();
    expect(h.proxy).toBeUndefined();
    expect(h.via).toMatch(/^1\.1 edge, 1\.1 corsproof-[0-9a-f]{12}$/);
  });

  it("--trust-proxy: a listed peer's chain is extended instead", async () => {
    const up = await upstream(ok);
    const g = await gateway(up.url, { trustProxy: ["127.0.0.1"] });
    await send(g.url, "GET", { origin: APP, forwarded: "for=203.0.113.7", "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https" });
    const h = up.seen[0] ?? {};
    expect(h["x-forwarded-for"]).toBe("203.0.113.7, 127.0.0.1");
    expect(h["x-forwarded-proto"]).toBe("https");
    expect(h.forwarded).toMatch(/^for=203\.0\.113\.7, for=127\.0\.0\.1;proto=http/);
  });

  it("502 bodies do not disclose the upstream; the error log does", async () => {
    const dead = await listen(ok);
    await dead.close();
    const lines: string[] = [];
    const g = await gateway(`${dead.url}/internal`, { errorLog: (l) => lines.push(l) });
    const res = await send(g.url, "GET", { origin: APP }, "/x");
    expect(res.status).toBe(502);
    expect(res.headers["access-control-allow-origin"]).toBe(APP);
    expect(res.body).not.toContain(new URL(dead.url).host);
    expect(res.body).not.toContain("ECONNREFUSED");
    expect(lines.join("\n")).toContain(`ECONNREFUSED`);
    expect(lines.join("\n")).toContain(new URL(dead.url).origin);
  });

  it("Timing-Allow-Origin is the policy's when the policy sets it, the upstream's otherwise", async () => {
    const up = await upstream((_req, res) => {
      res.setHeader("Timing-Allow-Origin", "*");
      res.setHeader("Access-Control-Expose-Headers", "*");
      res.end("ok");
    });
    const owned = await gateway(up.url, { policy: { origin: [APP], timingAllowOrigin: true } });
    const a = await send(owned.url, "GET", { origin: APP });
    expect(a.headers["timing-allow-origin"]).toBe(APP);
    expect(a.headers["access-control-expose-headers"]).toBeUndefined();
    const refused = await send(owned.url, "GET", { origin: "https://evil.example" });
    expect(refused.headers["timing-allow-origin"]).toBeUndefined();
    const passthrough = await gateway(up.url);
    expect((await send(passthrough.url, "GET", { origin: APP })).headers["timing-allow-origin"]).toBe("*");
  });

  it("rewrites a Location into the upstream to the gateway's path (nginx proxy_redirect default)", async () => {
    let location = "";
    const up = await upstream((_req, res) => {
      res.statusCode = 302;
      res.setHeader("Location", location);
      res.end();
    });
    const g = await gateway(`${up.url}/api`);
    const cases: Array<[string, string]> = [
      [`${up.url}/api/login?next=%2F`, "/login?next=%2F"],
      [`${up.url}/api`, "/"],
      ["/api/items/1", "/items/1"],
      [`${up.url}/other`, `${up.url}/other`],
      ["https://idp.example/authorize", "https://idp.example/authorize"],
      ["relative/path", "relative/path"],
    ];
    for (const [sent, seen] of cases) {
      location = sent;
      expect((await send(g.url, "GET", { origin: APP }, "/x")).headers.location, sent).toBe(seen);
    }
  });

  it("an over-limit Content-Length is refused with 413 before any 100 Continue; a fitting one gets 100 first", async () => {
    const up = await upstream((req, res) => {
      let n = 0;
      req.on("data", (c: Buffer) => {
        n += c.length;
      });
      req.on("end", () => res.end(String(n)));
    });
    const port = Number(new URL((await gateway(up.url, { maxBodyBytes: 100 })).url).port);
    const big = await rawExchange(port, `POST /x HTTP/1.1\r\nHost: g\r\nOrigin: ${APP}\r\nContent-Length: 101\r\nExpect: 100-continue\r\n\r\n`);
    expect(big.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(big.head).toContain(`Access-Control-Allow-Origin: ${APP}`);
    expect(big.head).not.toContain("100 Continue");
    expect(up.seen).toHaveLength(0);
    const small = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      let text = "";
      socket.on("data", (c: Buffer) => {
        text += c.toString();
        if (text === "HTTP/1.1 100 Continue\r\n\r\n") socket.write("x".repeat(50));
      });
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
      socket.write(`POST /x HTTP/1.1\r\nHost: g\r\nContent-Length: 50\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`);
    });
    expect(small).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
    expect(small.endsWith("50")).toBe(true);
    expect(up.seen[0]?.expect).toBeUndefined();
  });

  it("TRACE is refused with 405 and never forwarded", async () => {
    const up = await upstream(ok);
    const g = await gateway(up.url);
    expect((await send(g.url, "TRACE", { origin: APP })).status).toBe(405);
    expect(up.seen).toHaveLength(0);
  });
});
