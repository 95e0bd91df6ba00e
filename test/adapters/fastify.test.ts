import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import cors, { type FastifyCorsOptions, frameworkErrors } from "../../src/adapters/fastify/index.js";
import { CorsConfigError, createCorsPolicy, ReloadableCorsPolicy } from "../../src/index.js";
import { assertRow, type Observed } from "../support/assert-row.js";
import { APP, behaviourTable } from "../tables/cors-behaviour.js";

const EVIL = "https://evil.example.net";
const ENGINE_DEFAULT_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE";

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

type Setup = (app: FastifyInstance) => void | Promise<void>;

const marked = (_req: unknown, reply: { header(n: string, v: string): unknown; send(b: string): unknown }) => {
  reply.header("x-app", "ran");
  reply.send("app");
};

/** The app every table row runs in front of: the same routes for every method, OPTIONS included. */
const tableRoutes: Setup = (app) => {
  app.route({ method: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"], url: "/", handler: marked });
};

async function build(options: FastifyCorsOptions | CorsPolicy | ReloadableCorsPolicy, setup: Setup = tableRoutes, factory = {}): Promise<FastifyInstance> {
  const app = Fastify(factory);
  apps.push(app);
  await app.register(cors, options);
  await setup(app);
  await app.ready();
  return app;
}
type CorsPolicy = ReturnType<typeof createCorsPolicy>;

async function inject(app: FastifyInstance, method: string, headers: Record<string, string>, url = "/", payload?: string): Promise<Observed> {
  const res = await app.inject({ method: method as "GET", url, headers, ...(payload === undefined ? {} : { payload }) });
  const h = res.headers as Record<string, string | string[] | undefined>;
  return { handled: h["x-app"] === undefined, status: res.statusCode, headers: h, body: res.body };
}

const pre = (origin: string, method: string, extra: Record<string, string> = {}) => ({ origin, "access-control-request-method": method, ...extra });

describe("corsproof/fastify: behaviour table through inject", () => {
  for (const row of behaviourTable) {
    it(`${row.name} (policy)`, async () => {
      const app = await build(createCorsPolicy(row.options));
      assertRow(row, await inject(app, row.request.method, row.request.headers));
    });
    it(`${row.name} (options)`, async () => {
      // @fastify/cors's default methods are GET,HEAD,POST; the table assumes the engine's default.
      const app = await build({ methods: ENGINE_DEFAULT_METHODS, ...row.options } as FastifyCorsOptions);
      assertRow(row, await inject(app, row.request.method, row.request.headers));
    });
  }
});

describe("corsproof/fastify: preflights", () => {
  const routes: Setup = (app) => {
    app.get("/items", async () => []);
    app.put("/items/:id", async () => ({ ok: true }));
    app.options("/mine", async (_req, reply) => reply.code(204).header("allow", "GET, OPTIONS").send());
  };

  it("answers preflights to routes without an OPTIONS handler instead of a 404", async () => {
    const app = await build({ origin: [APP], methods: ["GET", "PUT"] }, routes);
    const res = await inject(app, "OPTIONS", pre(APP, "PUT"), "/items/42");
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe(APP);
    expect(res.headers["access-control-allow-methods"]).toBe("GET,PUT");
  });

  it("a plain OPTIONS is not a preflight: Fastify's 404 where you have no OPTIONS route, your handler where you do", async () => {
    const app = await build({ origin: [APP] }, routes);
    expect((await inject(app, "OPTIONS", { origin: APP }, "/items")).status).toBe(404);
    const mine = await inject(app, "OPTIONS", { origin: APP }, "/mine");
    expect(mine.status).toBe(204);
    expect(mine.headers.allow).toBe("GET, OPTIONS");
    expect(mine.headers["access-control-allow-origin"]).toBe(APP);
  });

  it("strictPreflight: true turns a plain OPTIONS to a route without OPTIONS handler into a 400, never yours", async () => {
    const app = await build({ origin: [APP], strictPreflight: true }, routes);
    const res = await inject(app, "OPTIONS", { origin: APP }, "/items");
    expect(res.status).toBe(400);
    expect(res.body).toBe("Invalid Preflight Request");
    expect((await inject(app, "OPTIONS", { origin: APP }, "/mine")).status).toBe(204);
  });

  it("answers preflights before authentication hooks registered after the plugin (fastify/fastify-cors#102)", async () => {
    const app = await build({ origin: [APP], credentials: true }, (a) => {
      a.addHook("onRequest", async (req, reply) => {
        if (req.headers.authorization === undefined) return reply.code(401).send({ error: "unauthorized" });
      });
      routes(a);
    });
    expect((await inject(app, "OPTIONS", pre(APP, "GET", { "access-control-request-headers": "authorization" }), "/items")).status).toBe(204);
    const denied = await inject(app, "GET", { origin: APP }, "/items");
    expect(denied.status).toBe(401);
    expect(denied.headers["access-control-allow-origin"]).toBe(APP);
    expect(denied.headers["access-control-allow-credentials"]).toBe("true");
  });

  it("preflightContinue lets your OPTIONS route answer, and answers itself where you have none", async () => {
    const app = await build({ origin: [APP], preflightContinue: true, optionsSuccessStatus: 200 }, routes);
    const mine = await inject(app, "OPTIONS", pre(APP, "GET"), "/mine");
    expect(mine.status).toBe(204);
    expect(mine.headers.allow).toBe("GET, OPTIONS");
    expect(mine.headers["access-control-allow-origin"]).toBe(APP);
    const none = await inject(app, "OPTIONS", pre(APP, "GET"), "/items");
    expect(none.status).toBe(200);
    expect(none.headers["access-control-allow-origin"]).toBe(APP);
  });

  it("preflight: false (from @fastify/cors) lets preflights through like preflightContinue", async () => {
    const app = await build({ origin: [APP], preflight: false }, routes);
    expect((await inject(app, "OPTIONS", pre(APP, "GET"), "/mine")).headers.allow).toBe("GET, OPTIONS");
  });

  it("cacheControl on successful preflights only", async () => {
    const app = await build({ origin: [APP], cacheControl: 600 }, routes);
    expect((await inject(app, "OPTIONS", pre(APP, "GET"), "/items")).headers["cache-control"]).toBe("max-age=600");
    expect((await inject(app, "OPTIONS", pre(EVIL, "GET"), "/items")).headers["cache-control"]).toBeUndefined();
    const app2 = await build({ origin: [APP], cacheControl: "public, max-age=60" }, routes);
    expect((await inject(app2, "OPTIONS", pre(APP, "GET"), "/items")).headers["cache-control"]).toBe("public, max-age=60");
  });

  for (const hook of ["preParsing", "preValidation", "preHandler", "preSerialization"] as const) {
    it(`hook: '${hook}' sets the headers and answers preflights`, async () => {
      const app = await build({ origin: [APP], methods: ["GET", "PUT"], hook }, routes);
      expect((await inject(app, "OPTIONS", pre(APP, "PUT"), "/items/1")).status).toBe(204);
      const res = await inject(app, "GET", { origin: APP }, "/items");
      expect(res.headers["access-control-allow-origin"]).toBe(APP);
      expect(res.headers.vary).toBe("Origin");
    });
  }

  it("rejects an unknown hook like @fastify/cors", async () => {
    const app = Fastify();
    await expect(app.register(cors, { origin: [APP], hook: "onSend" as "onRequest" }).ready()).rejects.toThrow(/invalid hook/);
  });
});

describe("corsproof/fastify: @fastify/cors origin functions and delegator", () => {
  it("origin (origin, callback) with this = the Fastify instance", async () => {
    let self: unknown;
    const app = await build({
      origin(origin, cb) {
        self = this;
        cb(null, origin === APP);
      },
    });
    expect((await inject(app, "GET", { origin: APP })).headers["access-control-allow-origin"]).toBe(APP);
    expect(self).toBeDefined();
    expect((await inject(app, "GET", { origin: EVIL })).headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("async (origin) => value; a returned string or RegExp is an allowlist, never written blindly", async () => {
    const app = await build({ origin: async () => [APP, /^https:\/\/[a-z]+\.example\.org$/] });
    expect((await inject(app, "GET", { origin: "https://x.example.org" })).headers["access-control-allow-origin"]).toBe("https://x.example.org");
    expect((await inject(app, "GET", { origin: EVIL })).headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("a callback error denies instead of a 500", async () => {
    const app = await build({ origin: (_o, cb) => cb(new Error("Not allowed")) });
    const res = await inject(app, "GET", { origin: APP });
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("delegator (request) => options, each options object compiled once", async () => {
    const tenants = { a: { origin: [APP] }, b: { origin: false as const } };
    const app = await build({ delegator: async (req) => tenants[req.headers["x-tenant"] === "a" ? "a" : "b"] });
    expect((await inject(app, "GET", { origin: APP, "x-tenant": "a" })).headers["access-control-allow-origin"]).toBe(APP);
    expect((await inject(app, "GET", { origin: APP, "x-tenant": "b" })).headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("delegator (request, callback)", async () => {
    const app = await build({ delegator: (_req, cb) => cb(null, { origin: APP, credentials: true }) });
    expect((await inject(app, "GET", { origin: APP })).headers["access-control-allow-credentials"]).toBe("true");
  });

  it("invalid options fail registration with every problem listed", async () => {
    const app = Fastify();
    await expect(app.register(cors, { origin: true, credentials: true, cacheControl: -1 }).ready()).rejects.toSatisfy(
      (e) => e instanceof CorsConfigError && e.issues.map((i) => i.code).join() === "invalid-type,reflect-origin-with-credentials",
    );
  });
});

describe("corsproof/fastify: per-route policies", () => {
  const routes: Setup = (app) => {
    app.get("/default", async () => "d");
    app.get("/public", { config: { cors: { origin: "*", credentials: false } } }, async () => "p");
    app.put("/public", { config: { cors: { origin: "*", credentials: false, methods: ["PUT"] } } }, async () => "p");
    app.get("/off", { config: { cors: false } }, async () => "o");
    app.delete("/admin/:id", { config: { cors: createCorsPolicy({ origin: ["https://admin.example.com"], methods: ["DELETE"] }) } }, async () => "a");
  };

  it("a route's config.cors is merged over the plugin's options", async () => {
    const app = await build({ origin: [APP], credentials: true }, routes);
    expect((await inject(app, "GET", { origin: EVIL }, "/public")).headers["access-control-allow-origin"]).toBe("*");
    const d = await inject(app, "GET", { origin: APP }, "/default");
    expect(d.headers["access-control-allow-credentials"]).toBe("true");
  });

  it("config.cors: false sends no CORS headers at all", async () => {
    const app = await build({ origin: [APP] }, routes);
    const res = await inject(app, "GET", { origin: APP }, "/off");
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    expect(res.headers.vary).toBeUndefined();
  });

  it("preflights are decided by the policy of the route and method they ask about", async () => {
    const app = await build({ origin: [APP] }, routes);
    const put = await inject(app, "OPTIONS", pre(EVIL, "PUT"), "/public");
    expect(put.status).toBe(204);
    expect(put.headers["access-control-allow-methods"]).toBe("PUT");
    expect((await inject(app, "OPTIONS", pre("https://admin.example.com", "DELETE"), "/admin/7")).status).toBe(204);
    expect((await inject(app, "OPTIONS", pre(APP, "DELETE"), "/admin/7")).status).toBe(403);
    // No CORS for /off, so its preflight gets none either (and fails in the browser, as it should).
    const off = await inject(app, "OPTIONS", pre(APP, "GET"), "/off");
    expect(off.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("works under a prefix", async () => {
    const app = await build({ origin: [APP] }, async (a) => {
      await a.register(
        async (child) => {
          child.get("/", { config: { cors: { origin: "*" } } }, async () => "root");
          child.get("/x", { config: { cors: { origin: "*" } } }, async () => "x");
        },
        { prefix: "/v1" },
      );
    });
    for (const url of ["/v1", "/v1/", "/v1/x"]) {
      const res = await inject(app, "OPTIONS", pre(EVIL, "GET"), url);
      expect(res.status, url).toBe(204);
      expect(res.headers["access-control-allow-origin"], url).toBe("*");
    }
  });

  it("an invalid route policy fails at start-up", async () => {
    const app = Fastify();
    await app.register(cors, { origin: [APP] });
    expect(() => app.get("/bad", { config: { cors: { origin: "*", credentials: true } } }, async () => "")).toThrow(CorsConfigError);
  });

  it("explains the conflict when an OPTIONS route comes after routes with their own policy", async () => {
    const app = Fastify();
    await app.register(cors, { origin: [APP] });
    app.get("/late", { config: { cors: { origin: "*" } } }, async () => "");
    expect(() => app.options("/late", async () => "")).toThrow(/Register your OPTIONS route first/);
    app.options("/early", async () => "");
    app.get("/early", { config: { cors: { origin: "*" } } }, async () => "");
    await app.ready();
    await app.close();
  });
});

describe("corsproof/fastify: errors keep their CORS headers", () => {
  const routes: Setup = (app) => {
    app.post("/validated", { schema: { body: { type: "object", required: ["name"], properties: { name: { type: "string" } } } } }, async () => "ok");
    app.get("/throw", async () => {
      throw new Error("boom");
    });
    app.get("/teapot", async () => {
      throw Object.assign(new Error("short and stout"), { statusCode: 418 });
    });
    app.get("/params/:id", async () => "ok");
  };
  const options = { origin: [APP], credentials: true, exposedHeaders: ["X-Request-Id"] };

  const expectCors = (res: Observed, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers["access-control-allow-origin"]).toBe(APP);
    expect(res.headers["access-control-allow-credentials"]).toBe("true");
    expect(res.headers["access-control-expose-headers"]).toBe("X-Request-Id");
    expect(res.headers.vary).toBe("Origin");
  };

  for (const hook of ["onRequest", "preHandler"] as const) {
    it(`schema validation 400 (fastify/fastify-cors#2), with hook '${hook}'`, async () => {
      const app = await build({ ...options, hook }, routes);
      expectCors(await inject(app, "POST", { origin: APP, "content-type": "application/json" }, "/validated", "{}"), 400);
    });
    it(`malformed JSON body 400 and unsupported media type 415, with hook '${hook}'`, async () => {
      const app = await build({ ...options, hook }, routes);
      expectCors(await inject(app, "POST", { origin: APP, "content-type": "application/json" }, "/validated", "{"), 400);
      expectCors(await inject(app, "POST", { origin: APP, "content-type": "application/x-nope" }, "/validated", "x"), 415);
    });
    it(`thrown errors, custom status and Fastify's 404, with hook '${hook}'`, async () => {
      const app = await build({ ...options, hook }, routes);
      expectCors(await inject(app, "GET", { origin: APP }, "/throw"), 500);
      expectCors(await inject(app, "GET", { origin: APP }, "/teapot"), 418);
      expectCors(await inject(app, "GET", { origin: APP }, "/nowhere"), 404);
    });
  }

  it("a 401 from a hook registered before the plugin", async () => {
    const app = Fastify();
    apps.push(app);
    app.addHook("onRequest", async (_req, reply) => reply.code(401).send({ error: "unauthorized" }));
    await app.register(cors, options);
    routes(app);
    expectCors(await inject(app, "GET", { origin: APP }, "/throw"), 401);
  });

  it("with a custom error handler", async () => {
    const app = await build(options, (a) => {
      a.setErrorHandler((error, _req, reply) => {
        reply.code(503).send({ message: (error as Error).message });
      });
      routes(a);
    });
    expectCors(await inject(app, "GET", { origin: APP }, "/throw"), 503);
  });

  it("Fastify's router errors (FST_ERR_BAD_URL) through frameworkErrors", async () => {
    const policy = createCorsPolicy(options);
    const app = await build(policy, routes, { frameworkErrors: frameworkErrors(policy) });
    const res = await inject(app, "GET", { origin: APP }, "/params/%E0%A4%A");
    expectCors(res, 400);
    expect(res.body).toContain("FST_ERR_BAD_URL");
  });

  it("a disallowed origin's error gets no CORS headers but still varies on Origin", async () => {
    const app = await build(options, routes);
    const res = await inject(app, "GET", { origin: EVIL }, "/throw");
    expect(res.status).toBe(500);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    expect(res.headers.vary).toBe("Origin");
  });
});

describe("corsproof/fastify: runtime reconfiguration", () => {
  for (const shape of ["policy", "{ policy }"] as const) {
    it(`a ReloadableCorsPolicy (${shape}) change takes effect on the next request`, async () => {
      const policy = new ReloadableCorsPolicy({ origin: [APP] });
      const app = await build(shape === "policy" ? policy : { policy, cacheControl: 60 });
      expect((await inject(app, "GET", { origin: EVIL })).headers["access-control-allow-origin"]).toBeUndefined();
      policy.reconfigure({ origin: [APP, EVIL] });
      expect((await inject(app, "GET", { origin: EVIL })).headers["access-control-allow-origin"]).toBe(EVIL);
    });
  }
});
