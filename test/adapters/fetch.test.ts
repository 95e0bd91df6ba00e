import { describe, expect, it } from "vitest";
import { withCors } from "../../src/adapters/fetch.js";
import { CorsConfigError, createCorsPolicy, ReloadableCorsPolicy } from "../../src/index.js";
import { assertRow } from "../support/assert-row.js";
import { APP, behaviourTable } from "../tables/cors-behaviour.js";
import { app, BASE, observe, requestOf } from "./support/fetch-driver.js";

const get = (headers: Record<string, string> = { origin: APP }, path = "/") => new Request(`${BASE}${path}`, { headers });

describe("corsproof/fetch: behaviour table with Request objects", () => {
  for (const row of behaviourTable) {
    it(row.name, async () => {
      const handler = withCors(app, row.options);
      assertRow(row, await observe(await handler(requestOf(row))));
    });
  }
});

describe("corsproof/fetch: responses", () => {
  it("modifies the handler's Response in place when its headers are mutable", async () => {
    const original = new Response("x", { headers: { Vary: "Accept-Encoding" } });
    const res = await withCors(() => original, { origin: [APP] })(get());
    expect(res).toBe(original);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect(res.headers.get("vary")).toBe("Accept-Encoding, Origin");
  });

  it("copies a Response whose headers are immutable (Response.redirect), keeping status, Location and body", async () => {
    const res = await withCors(() => Response.redirect(`${BASE}/elsewhere`, 307), { origin: [APP] })(get());
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe(`${BASE}/elsewhere`);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect(res.headers.get("vary")).toBe("Origin");
  });

  it("copies a fetch() Response (immutable headers), keeping its streamed body", async () => {
    const fetched = await fetch("data:text/plain,hello");
    expect(() => fetched.headers.set("a", "b")).toThrow();
    const res = await withCors(() => fetched, { origin: [APP], exposedHeaders: ["X-Up"] })(get());
    expect(res).not.toBe(fetched);
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(await res.text()).toBe("hello");
    expect(res.headers.get("access-control-expose-headers")).toBe("X-Up");
  });

  it("never adds a second Access-Control-Allow-Origin when the handler set one", async () => {
    const res = await withCors(() => new Response("x", { headers: { "Access-Control-Allow-Origin": "*" } }), { origin: [APP] })(get());
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
  });

  it("keeps Vary: * as it is", async () => {
    const res = await withCors(() => new Response("x", { headers: { Vary: "*" } }), { origin: [APP] })(get());
    expect(res.headers.get("vary")).toBe("*");
  });

  it("does not copy the request's Vary header into the response", async () => {
    const res = await withCors(app, { origin: [APP] })(get({ origin: APP, vary: "X-Injected" }));
    expect(res.headers.get("vary")).toBe("Origin");
  });

  it("passes extra arguments through (Workers env/ctx, Next.js context)", async () => {
    const handler = withCors((_req: Request, env: { NAME: string }, ctx: { id: number }) => new Response(`${env.NAME}:${ctx.id}`), { origin: "*" });
    expect(await (await handler(get(), { NAME: "w" }, { id: 7 })).text()).toBe("w:7");
  });

  it("answers a debug preflight with a text/plain explanation", async () => {
    const res = await withCors(app, { origin: [APP], methods: ["GET"], debug: true })(
      new Request(BASE, { method: "OPTIONS", headers: { origin: APP, "access-control-request-method": "DELETE" } }),
    );
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await res.text()).toContain("the requested method is not allowed");
  });

  it("a plain OPTIONS reaches the handler", async () => {
    const res = await withCors(() => new Response(null, { status: 204, headers: { Allow: "GET" } }), { origin: [APP] })(
      new Request(BASE, { method: "OPTIONS", headers: { origin: APP } }),
    );
    expect(res.headers.get("allow")).toBe("GET");
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
  });

  it("throws a CorsConfigError at wrap time for insecure options", () => {
    expect(() => withCors(app, { origin: "*", credentials: true })).toThrow(CorsConfigError);
  });
});

describe("corsproof/fetch: errors keep their CORS headers", () => {
  const policy = createCorsPolicy({ origin: [APP], credentials: true });

  it("a handler that throws becomes a 500 with the CORS headers", async () => {
    const res = await withCors(() => {
      throw new Error("boom");
    }, policy)(get());
    expect(res.status).toBe(500);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("vary")).toBe("Origin");
    expect(await res.text()).toBe("Internal Server Error");
  });

  it("a rejected Promise too, and onError may shape the response", async () => {
    const seen: unknown[] = [];
    const res = await withCors(
      async () => {
        throw new Error("db down");
      },
      policy,
      {
        onError: (error) => {
          seen.push(error);
          return Response.json({ error: "unavailable" }, { status: 503 });
        },
      },
    )(get());
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: "unavailable" });
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect((seen[0] as Error).message).toBe("db down");
  });

  it("an onError that throws still yields a CORS-enabled 500", async () => {
    const res = await withCors(
      () => {
        throw new Error("a");
      },
      policy,
      {
        onError: () => {
          throw new Error("b");
        },
      },
    )(get());
    expect(res.status).toBe(500);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
  });

  it("error statuses returned by the handler carry the headers", async () => {
    const res = await withCors(() => new Response("nope", { status: 404 }), policy)(get());
    expect(res.status).toBe(404);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
  });

  it("a disallowed origin's 500 still varies on Origin and gets no CORS headers", async () => {
    const res = await withCors(() => {
      throw new Error("boom");
    }, policy)(get({ origin: "https://evil.example" }));
    expect(res.status).toBe(500);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("vary")).toBe("Origin");
  });
});

describe("corsproof/fetch: runtime reconfiguration", () => {
  it("a ReloadableCorsPolicy change takes effect on the next request", async () => {
    const policy = new ReloadableCorsPolicy({ origin: [APP] });
    const handler = withCors(app, policy);
    const other = "https://b.example.com";
    expect((await handler(get({ origin: other }))).headers.get("access-control-allow-origin")).toBeNull();
    policy.reconfigure({ origin: [APP, other] });
    expect((await handler(get({ origin: other }))).headers.get("access-control-allow-origin")).toBe(other);
  });
});
