import Router from "@koa/router";
import Koa from "koa";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import cors from "../../src/adapters/koa.js";
import { CorsConfigError, createCorsPolicy, ReloadableCorsPolicy } from "../../src/index.js";
import { send } from "../support/http.js";
import { APP, behaviourTable } from "../tables/cors-behaviour.js";
import { assertRowRfc204, closeAll, serveKoa } from "./support/koa-driver.js";

const EVIL = "https://evil.example.net";

afterEach(closeAll);

function appWith(mw: Koa.Middleware, routes?: (app: Koa) => void): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(mw);
  if (routes) routes(app);
  else
    app.use((ctx) => {
      ctx.set("x-app", "ran");
      ctx.body = "app";
    });
  return app;
}

const preflight = (origin: string, method: string, extra: Record<string, string> = {}) => ({
  origin,
  "access-control-request-method": method,
  ...extra,
});

describe("corsproof/koa over real sockets: behaviour table", () => {
  for (const row of behaviourTable) {
    it(row.name, async () => {
      const url = await serveKoa(appWith(cors(createCorsPolicy(row.options))));
      assertRowRfc204(row, await send(url, row.request.method, row.request.headers));
    });
  }
});

describe("corsproof/koa: @koa/cors option names", () => {
  it("cors() allows any origin anonymously, with @koa/cors's default methods", async () => {
    const url = await serveKoa(appWith(cors()));
    expect((await send(url, "GET", { origin: EVIL })).headers["access-control-allow-origin"]).toBe("*");
    const pre = await send(url, "OPTIONS", preflight(EVIL, "PATCH"));
    expect(pre.status).toBe(204);
    expect(pre.headers["access-control-allow-methods"]).toBe("GET,HEAD,PUT,POST,DELETE,PATCH");
  });

  it("allowMethods, allowHeaders, exposeHeaders, maxAge as a string, privateNetworkAccess", async () => {
    const url = await serveKoa(
      appWith(
        cors({
          origin: APP,
          allowMethods: ["GET", "PUT"],
          allowHeaders: "Content-Type,X-Api-Key",
          exposeHeaders: ["X-Total"],
          maxAge: "600",
          privateNetworkAccess: true,
        }),
      ),
    );
    const pre = await send(
      url,
      "OPTIONS",
      preflight(APP, "PUT", { "access-control-request-headers": "x-api-key", "access-control-request-private-network": "true" }),
    );
    expect(pre.status).toBe(204);
    expect(pre.headers["access-control-allow-methods"]).toBe("GET,PUT");
    expect(pre.headers["access-control-allow-headers"]).toBe("Content-Type,X-Api-Key");
    expect(pre.headers["access-control-max-age"]).toBe("600");
    expect(pre.headers["access-control-allow-private-network"]).toBe("true");
    expect((await send(url, "GET", { origin: APP })).headers["access-control-expose-headers"]).toBe("X-Total");
    // A string origin is an allowlist of one: nothing for anyone else.
    const other = await send(url, "GET", { origin: EVIL });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    expect(other.headers.vary).toBe("Origin");
    expect((await send(url, "OPTIONS", preflight(EVIL, "PUT"))).status).toBe(403);
  });

  it("origin as a function of the context; the answer is compared with the request's Origin", async () => {
    const url = await serveKoa(
      appWith(
        cors({
          origin: (ctx) => (ctx.get("x-tenant") === "a" ? ctx.get("Origin") : "https://fixed.example.com"),
          credentials: true,
        }),
      ),
    );
    const ok = await send(url, "GET", { origin: APP, "x-tenant": "a" });
    expect(ok.headers["access-control-allow-origin"]).toBe(APP);
    expect(ok.headers["access-control-allow-credentials"]).toBe("true");
    expect((await send(url, "GET", { origin: APP, "x-tenant": "b" })).headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("an async origin function; a falsy answer means no CORS", async () => {
    const url = await serveKoa(appWith(cors({ origin: async (ctx) => (ctx.get("Origin") === APP ? ctx.get("Origin") : false) })));
    expect((await send(url, "GET", { origin: APP })).headers["access-control-allow-origin"]).toBe(APP);
    expect((await send(url, "OPTIONS", preflight(EVIL, "PUT"))).status).toBe(403);
  });

  it("credentials as a function of the context (both variants compiled at start-up)", async () => {
    const url = await serveKoa(appWith(cors({ origin: [APP], credentials: (ctx) => ctx.path.startsWith("/private") })));
    expect((await send(url, "GET", { origin: APP }, "/private/x")).headers["access-control-allow-credentials"]).toBe("true");
    expect((await send(url, "GET", { origin: APP }, "/public")).headers["access-control-allow-credentials"]).toBeUndefined();
  });

  it("refuses @koa/cors's reflect-any-origin-with-credentials at start-up", () => {
    expect(() => cors({ credentials: true })).toThrow(CorsConfigError);
    expect(() => cors({ origin: "*", credentials: (ctx) => ctx.path !== "/" })).toThrow(CorsConfigError);
  });

  it("secureContext adds COOP/COEP to every response", async () => {
    const url = await serveKoa(appWith(cors({ origin: [APP], secureContext: true })));
    for (const res of [await send(url, "GET", { origin: APP }), await send(url, "GET", {}), await send(url, "OPTIONS", preflight(APP, "PUT"))]) {
      expect(res.headers["cross-origin-opener-policy"]).toBe("same-origin");
      expect(res.headers["cross-origin-embedder-policy"]).toBe("require-corp");
    }
  });

  it("a plain OPTIONS reaches the router", async () => {
    const router = new Router();
    router.get("/items", (ctx) => {
      ctx.body = [];
    });
    const url = await serveKoa(
      appWith(cors({ origin: [APP] }), (app) => {
        app.use(router.routes()).use(router.allowedMethods());
      }),
    );
    const res = await send(url, "OPTIONS", { origin: APP }, "/items");
    expect(res.status).toBe(200);
    expect(res.headers.allow).toContain("GET");
    expect(res.headers["access-control-allow-origin"]).toBe(APP);
  });

  it("reports option-name clashes with the policy's own issues", () => {
    try {
      cors({ origin: "*", allowMethods: "GET", methods: "PUT", maxAge: -1 });
      expect.unreachable();
    } catch (e) {
      expect((e as CorsConfigError).issues.map((i) => i.code)).toEqual(["invalid-type", "invalid-max-age"]);
    }
  });
});

describe("corsproof/koa: errors keep their CORS headers", () => {
  const policy = createCorsPolicy({ origin: [APP], credentials: true, exposedHeaders: ["X-Request-Id"] });
  const routes = (app: Koa) => {
    const router = new Router();
    router.get("/throw", () => {
      throw new Error("boom");
    });
    router.get("/http", (ctx) => ctx.throw(401, "no token", { headers: { "WWW-Authenticate": "Bearer", Vary: "Authorization" } }));
    router.get("/string", () => {
      throw "plain string";
    });
    router.post("/json", (ctx) => ctx.throw(400, "bad json"));
    app.use(router.routes()).use(router.allowedMethods({ throw: true }));
  };

  for (const [path, method, status] of [
    ["/throw", "GET", 500],
    ["/http", "GET", 401],
    ["/string", "GET", 500],
    ["/json", "POST", 400],
    ["/throw", "DELETE", 405],
    ["/missing", "GET", 404],
  ] as const) {
    it(`${method} ${path} -> ${status} with Koa's default error handler`, async () => {
      const url = await serveKoa(appWith(cors(policy), routes));
      const res = await send(url, method, { origin: APP }, path);
      expect(res.status).toBe(status);
      expect(res.headers["access-control-allow-origin"]).toBe(APP);
      expect(res.headers["access-control-allow-credentials"]).toBe("true");
      expect(res.headers["access-control-expose-headers"]).toBe("X-Request-Id");
      expect(res.headers.vary).toContain("Origin");
    });
  }

  it("keeps the error's own headers and appends Origin to its Vary", async () => {
    const url = await serveKoa(appWith(cors(policy), routes));
    const res = await send(url, "GET", { origin: APP }, "/http");
    expect(res.headers["www-authenticate"]).toBe("Bearer");
    expect(res.headers.vary).toBe("Authorization, Origin");
  });

  it("a disallowed origin's error still varies on Origin and gets no CORS headers", async () => {
    const url = await serveKoa(appWith(cors(policy), routes));
    const res = await send(url, "GET", { origin: EVIL }, "/throw");
    expect(res.status).toBe(500);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    expect(res.headers.vary).toBe("Origin");
  });

  it("keepHeadersOnError: false lets Koa drop them, as @koa/cors does", async () => {
    const url = await serveKoa(appWith(cors({ origin: [APP], keepHeadersOnError: false }), routes));
    expect((await send(url, "GET", { origin: APP }, "/throw")).headers["access-control-allow-origin"]).toBeUndefined();
  });

  describe("with an upstream error-handling middleware", () => {
    beforeEach(() => {
      vi.spyOn(console, "error").mockImplementation(() => {});
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });
    it("the headers set before the handler stay on the response it writes", async () => {
      const app = new Koa();
      app.use(async (ctx, next) => {
        try {
          await next();
        } catch (e) {
          ctx.status = 503;
          ctx.body = { error: (e as Error).message };
        }
      });
      app.use(cors(policy));
      routes(app);
      const res = await send(await serveKoa(app), "GET", { origin: APP }, "/throw");
      expect(res.status).toBe(503);
      expect(res.headers["access-control-allow-origin"]).toBe(APP);
    });
  });
});

describe("corsproof/koa: runtime reconfiguration", () => {
  it("a ReloadableCorsPolicy change takes effect on the next request", async () => {
    const policy = new ReloadableCorsPolicy({ origin: [APP] });
    const url = await serveKoa(appWith(cors(policy)));
    expect((await send(url, "GET", { origin: EVIL })).headers["access-control-allow-origin"]).toBeUndefined();
    policy.reconfigure({ origin: [APP, EVIL] });
    expect((await send(url, "GET", { origin: EVIL })).headers["access-control-allow-origin"]).toBe(EVIL);
  });
});
