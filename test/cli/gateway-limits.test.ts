/** Issue 9, items 3 and 5: loop protection and the caps on client and upstream connections. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { connect, createServer, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, type ServerSettings, startServer } from "../../src/cli/commands/serve.js";
import { assertUpstreamIsNotSelf } from "../../src/cli/gateway/index.js";
import { main } from "../../src/cli/main.js";
import { freePort, listen, send } from "../support/http.js";
import { captureIo } from "./capture-io.js";

const APP = "https://app.example.com";
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function gateway(target: string, extra: Partial<ServerSettings> = {}): Promise<RunningServer> {
  const g = await startServer({ policy: { origin: [APP] }, host: "127.0.0.1", port: 0, upstream: new URL(target), ...extra });
  closers.push(() => g.close());
  return g;
}

/** An upstream that holds every request until `release()`, counting the sockets open at once. */
async function holdingUpstream() {
  const held: ServerResponse[] = [];
  const sockets = new Set<Socket>();
  let peak = 0;
  const s = await listen((req: IncomingMessage, res) => {
    sockets.add(req.socket);
    req.socket.once("close", () => sockets.delete(req.socket));
    peak = Math.max(peak, sockets.size);
    held.push(res);
  });
  closers.push(s.close);
  return {
    url: s.url,
    held: () => held.length,
    peak: () => peak,
    release: () => {
      for (const r of held.splice(0)) r.end("ok");
    },
  };
}

describe("gateway loop protection", () => {
  it("refuses at start-up an upstream that resolves to its own listen address", async () => {
    const port = await freePort();
    await expect(startServer({ policy: { origin: "*" }, host: "127.0.0.1", port, upstream: new URL(`http://localhost:${port}/api`) })).rejects.toThrow(
      /resolves to 127\.0\.0\.1:\d+, the gateway's own listen address/,
    );
    const io = captureIo();
    expect(await main(["serve", "--port", String(port), "--upstream", `http://127.0.0.1:${port}`], io)).toBe(2);
    expect(io.err().trim().split("\n")).toHaveLength(1);
    // The port was released: the refusal does not leave a listener behind.
    const again = createServer();
    await new Promise<void>((r) => again.listen(port, "127.0.0.1", r));
    await new Promise<void>((r) => again.close(() => r()));
  });

  it("the start-up check knows which addresses reach a listener (no traffic sent)", async () => {
    const self = (upstream: string, host: string) =>
      assertUpstreamIsNotSelf(new URL(upstream), host, 4000).then(
        () => "other",
        () => "self",
      );
    expect(await self("http://0.0.0.0:4000", "127.0.0.1")).toBe("self");
    expect(await self("http://127.0.0.5:4000", "0.0.0.0")).toBe("self");
    expect(await self("http://[::1]:4000", "::")).toBe("self");
    expect(await self("http://127.0.0.5:4000", "127.0.0.1")).toBe("other");
    expect(await self("http://127.0.0.1:4001", "127.0.0.1")).toBe("other");
  });

  it("a loop through two gateways ends with 508 after one round, not thousands of hops", async () => {
    const [pa, pb] = [await freePort(), await freePort()];
    const a = await gateway(`http://127.0.0.1:${pb}`, { port: pa });
    await gateway(`http://127.0.0.1:${pa}`, { port: pb });
    // Twelve at once: the issue's report exhausted the fd limit with this many.
    const all = await Promise.all(Array.from({ length: 12 }, (_, i) => send(a.url, "GET", { origin: APP }, `/x${i}`)));
    for (const res of all) {
      expect(res.status).toBe(508);
      expect(JSON.parse(res.body).error).toMatch(/loop detected/);
      expect(res.headers["access-control-allow-origin"]).toBe(APP);
    }
  });
});

describe("gateway connection caps", () => {
  it("at most --max-upstream-sockets sockets reach the upstream; the others wait their turn", async () => {
    const up = await holdingUpstream();
    const g = await gateway(up.url, { maxUpstreamSockets: 2 });
    const all = Promise.all(Array.from({ length: 5 }, (_, i) => send(g.url, "GET", { origin: APP }, `/${i}`)));
    await expect.poll(() => up.held()).toBe(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(up.held()).toBe(2);
    const drain = setInterval(up.release, 20);
    const results = await all;
    clearInterval(drain);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(up.peak()).toBe(2);
  });

  it("a request that waits longer than the connect timeout for a free upstream socket gets 503", async () => {
    const up = await holdingUpstream();
    const g = await gateway(up.url, { maxUpstreamSockets: 1, timeouts: { connectMs: 300 } });
    const first = send(g.url, "GET", { origin: APP }, "/first");
    await expect.poll(() => up.held()).toBe(1);
    const second = await send(g.url, "GET", { origin: APP }, "/second");
    expect(second.status).toBe(503);
    expect(second.headers["access-control-allow-origin"]).toBe(APP);
    up.release();
    expect((await first).status).toBe(200);
  });

  it("connections beyond --max-connections are dropped; capacity returns when one closes", async () => {
    const up = await listen((_q, r) => r.end("ok"));
    closers.push(up.close);
    const log: string[] = [];
    const g = await gateway(up.url, { maxConnections: 2, errorLog: (l) => log.push(l) });
    const port = Number(new URL(g.url).port);
    const open = async () => {
      const s = connect(port, "127.0.0.1");
      s.on("error", () => {});
      await new Promise((r) => s.once("connect", r));
      closers.push(() => {
        s.destroy();
      });
      return s;
    };
    const [s1] = [await open(), await open()];
    const third = await open();
    await new Promise<void>((resolve) => third.once("close", () => resolve()));
    expect(log).toEqual(["serve: connection dropped, 2 client connections already open (--max-connections)"]);
    s1?.destroy();
    await expect.poll(async () => (await send(g.url, "GET", { origin: APP }).catch(() => ({ status: 0 }))).status).toBe(200);
  });
});
