import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { CorsConfigError, cors, withCors } from "../../src/adapters/node.js";
import { createCorsPolicy } from "../../src/index.js";
import { assertRow } from "../support/assert-row.js";
import { listen, send } from "../support/http.js";
import { APP, behaviourTable } from "../tables/cors-behaviour.js";

const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

async function serve(listener: Parameters<typeof listen>[0]) {
  const s = await listen(listener);
  servers.push(s.close);
  return s.url;
}

describe("corsproof/node over real sockets: behaviour table", () => {
  for (const row of behaviourTable) {
    it(row.name, async () => {
      const url = await serve(
        withCors((_req, res) => {
          res.setHeader("x-app", "ran");
          res.end("app");
        }, row.options),
      );
      assertRow(row, await send(url, row.request.method, row.request.headers));
    });
  }
});

describe("corsproof/node", () => {
  it("keeps CORS headers on a 500 from a throwing handler", async () => {
    const url = await serve(
      withCors(
        () => {
          throw new Error("boom");
        },
        { origin: APP, credentials: true },
      ),
    );
    const res = await send(url, "GET", { origin: APP });
    expect(res.status).toBe(500);
    expect(res.headers["access-control-allow-origin"]).toBe(APP);
    expect(res.headers["access-control-allow-credentials"]).toBe("true");
  });

  it("keeps CORS headers on a 500 from a rejected async handler", async () => {
    const errors: unknown[] = [];
    const url = await serve(
      withCors(
        async () => {
          await Promise.resolve();
          throw new Error("async boom");
        },
        { origin: APP },
        { onError: (e) => errors.push(e) },
      ),
    );
    const res = await send(url, "GET", { origin: APP });
    expect(res.status).toBe(500);
    expect(res.headers["access-control-allow-origin"]).toBe(APP);
    expect(errors).toHaveLength(1);
  });

  it("appends to an existing Vary set before it, without duplicates", async () => {
    const handle = cors({ origin: [APP] });
    const url = await serve(async (req, res) => {
      res.setHeader("Vary", "Accept-Encoding, origin");
      await handle(req, res);
      res.setHeader("x-app", "ran");
      res.end();
    });
    const res = await send(url, "GET", { origin: APP });
    expect(res.headers.vary).toBe("Accept-Encoding, origin");
    const url2 = await serve(async (req, res) => {
      res.setHeader("Vary", "Accept-Encoding");
      await handle(req, res);
      res.end();
    });
    expect((await send(url2, "GET", { origin: APP })).headers.vary).toBe("Accept-Encoding, Origin");
  });

  it("keeps headers set before it on a preflight answer, merging Vary", async () => {
    const handle = cors({ origin: [APP], allowedHeaders: ["Content-Type"] });
    const url = await serve(async (req, res) => {
      res.setHeader("X-Powered-By", "demo");
      res.setHeader("Vary", "Accept-Encoding");
      if (await handle(req, res)) return;
      res.end("app");
    });
    for (let i = 0; i < 2; i++) {
      const res = await send(url, "OPTIONS", { origin: APP, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" });
      expect(res.status).toBe(204);
      expect(res.headers["x-powered-by"]).toBe("demo");
      expect(res.headers.vary).toBe("Accept-Encoding, Origin");
      expect(res.headers["access-control-allow-origin"]).toBe(APP);
      expect(res.headers["content-length"]).toBe("0");
    }
    const plain = await serve(async (req, res) => {
      if (await handle(req, res)) return;
      res.end("app");
    });
    expect((await send(plain, "OPTIONS", { origin: APP, "access-control-request-method": "PUT" })).headers.vary).toBe("Origin");
  });

  it("never copies the request's Vary into the response", async () => {
    const url = await serve(withCors((_req, res) => res.end(), { origin: [APP] }));
    const res = await send(url, "GET", { origin: APP, vary: "Cookie, X-Evil" });
    expect(res.headers.vary).toBe("Origin");
  });

  it("sends exactly one Access-Control-Allow-Origin even when the app already set one", async () => {
    const handle = cors({ origin: [APP] });
    const url = await serve(async (req, res) => {
      res.setHeader("Access-Control-Allow-Origin", "*");
      await handle(req, res);
      res.end();
    });
    const res = await send(url, "GET", { origin: APP });
    const acao = res.rawHeaders.filter((_, i) => i % 2 === 0 && res.rawHeaders[i]?.toLowerCase() === "access-control-allow-origin");
    expect(acao).toHaveLength(1);
    expect(res.headers["access-control-allow-origin"]).toBe(APP);
  });

  it("treats two Origin header lines as no allowed origin", async () => {
    const url = await serve(withCors((_req, res) => res.end(), { origin: [APP, "https://b.example.com"] }));
    const res = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = request(
        `${url}/`,
        {
          method: "GET",
          headers: [
            ["Origin", APP],
            ["Origin", "https://b.example.com"],
          ] as unknown as Record<string, string>,
        },
        (r) => {
          r.resume();
          r.on("end", () => resolve(r.headers));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(res["access-control-allow-origin"]).toBeUndefined();
  });

  it("accepts a policy created once and shared", async () => {
    const policy = createCorsPolicy({ origin: [APP] });
    const url = await serve(withCors((_req, res) => res.end(), policy));
    expect((await send(url, "GET", { origin: APP })).headers["access-control-allow-origin"]).toBe(APP);
  });

  it("refuses an insecure configuration at start-up", () => {
    expect(() => withCors(() => {}, { origin: "*", credentials: true })).toThrow(CorsConfigError);
  });
});
