import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cors, type HonoCorsOptions } from "../../src/adapters/hono.js";
import { CorsConfigError, createCorsPolicy, ReloadableCorsPolicy } from "../../src/index.js";
import { assertRow } from "../support/assert-row.js";
import { APP, behaviourTable } from "../tables/cors-behaviour.js";
import { BASE, observe, requestOf } from "./support/fetch-driver.js";

const EVIL = "https://evil.example.net";
const ENGINE_DEFAULT_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE";

function appWith(mw: ReturnType<typeof cors>, routes?: (app: Hono) => void): Hono {
  const app = new Hono();
  app.use(mw);
  if (routes) routes(app);
  else
    app.all("*", (c) => {
      c.header("x-app", "ran");
      return c.text("app");
    });
  return app;
}

const get = (origin = APP, path = "/", extra: Record<string, string> = {}) => new Request(`${BASE}${path}`, { headers: { origin, ...extra } });
const preflightOf = (origin: string, method: string, acrh?: string) =>
  new Request(BASE, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": method, ...(acrh === undefined ? {} : { "access-control-request-headers": acrh }) },
  });

describe("corsproof/hono: behaviour table through app.request", () => {
  for (const row of behaviourTable) {
    it(`${row.name} (policy)`, async () => {
      const res = await appWith(cors(createCorsPolicy(row.options))).request(requestOf(row));
      assertRow(row, await observe(res));
    });
    it(`${row.name} (options)`, async () => {
      // hono/cors's default methods include QUERY; the table assumes the engine's default.
      const options = { methods: ENGINE_DEFAULT_METHODS, ...row.options } as HonoCorsOptions;
      assertRow(row, await observe(await appWith(cors(options)).request(requestOf(row))));
    });
  }
});

describe("corsproof/hono: hono/cors option names", () => {
  it("cors() allows any origin anonymously with hono/cors's default methods", async () => {
    const app = appWith(cors());
    expect((await app.request(get(EVIL))).headers.get("access-control-allow-origin")).toBe("*");
    const pre = await app.request(preflightOf(EVIL, "QUERY"));
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-methods")).toBe("GET,HEAD,PUT,POST,DELETE,PATCH,QUERY");
  });

  it("allowMethods, allowHeaders, exposeHeaders, maxAge, credentials", async () => {
    const app = appWith(
      cors({
        origin: "https://app.example.com",
        allowMethods: ["POST", "GET", "OPTIONS"],
        allowHeaders: ["X-Custom-Header", "Upgrade-Insecure-Requests"],
        exposeHeaders: ["Content-Length", "X-Kuma-Revision"],
        maxAge: 600,
        credentials: true,
      }),
    );
    const pre = await app.request(preflightOf(APP, "POST", "x-custom-header"));
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-methods")).toBe("POST,GET,OPTIONS");
    expect(pre.headers.get("access-control-allow-headers")).toBe("X-Custom-Header,Upgrade-Insecure-Requests");
    expect(pre.headers.get("access-control-max-age")).toBe("600");
    expect(pre.headers.get("access-control-allow-credentials")).toBe("true");
    const res = await app.request(get());
    expect(res.headers.get("access-control-expose-headers")).toBe("Content-Length,X-Kuma-Revision");
    // A string origin is an allowlist of one, not a value sent to everyone.
    expect((await app.request(get(EVIL))).headers.get("access-control-allow-origin")).toBeNull();
    expect((await app.request(preflightOf(EVIL, "POST"))).status).toBe(403);
  });

  it("origin as an array of exact origins", async () => {
    const app = appWith(cors({ origin: [APP, "https://b.example.com"] }));
    expect((await app.request(get("https://b.example.com"))).headers.get("access-control-allow-origin")).toBe("https://b.example.com");
    expect((await app.request(get(EVIL))).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("origin function (origin, c): its answer is compared with the request's origin, and it sees the context", async () => {
    const app = appWith(
      cors({
        origin: (origin, c) => (c.req.header("x-tenant") === "a" && origin.endsWith(".example.com") ? origin : "https://fallback.example.com"),
      }),
    );
    expect((await app.request(get(APP, "/", { "x-tenant": "a" }))).headers.get("access-control-allow-origin")).toBe(APP);
    // hono/cors would send the fallback origin to this requester; corsproof sends nothing.
    const other = await app.request(get(APP, "/", { "x-tenant": "b" }));
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    expect(other.headers.get("vary")).toBe("Origin");
  });

  it("async origin function", async () => {
    const app = appWith(cors({ origin: async (origin) => (origin === APP ? origin : null), credentials: true }));
    const res = await app.request(get());
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
  });

  it("an origin function answering '*' allows anonymously, but never with credentials", async () => {
    expect((await appWith(cors({ origin: () => "*" })).request(get())).headers.get("access-control-allow-origin")).toBe(APP);
    expect((await appWith(cors({ origin: () => "*", credentials: true })).request(get())).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("allowMethods as a function of the origin, asked on preflights only", async () => {
    const asked: string[] = [];
    const app = appWith(
      cors({
        origin: [APP, "https://admin.example.com"],
        allowMethods: (origin) => {
          asked.push(origin);
          return origin === "https://admin.example.com" ? ["GET", "DELETE"] : ["GET"];
        },
      }),
    );
    expect((await app.request(preflightOf("https://admin.example.com", "DELETE"))).headers.get("access-control-allow-methods")).toBe("GET,DELETE");
    expect((await app.request(preflightOf(APP, "DELETE"))).status).toBe(403);
    await app.request(get());
    expect(asked).toEqual(["https://admin.example.com", APP]);
  });

  it("validates requested headers instead of echoing junk (hono/cors echoes anything)", async () => {
    const res = await appWith(cors({ origin: [APP] })).request(preflightOf(APP, "PUT", "x-a;x-b"));
    expect(res.status).toBe(403);
  });

  it("a plain OPTIONS reaches the routes (hono/cors answers every OPTIONS itself)", async () => {
    const app = appWith(cors({ origin: [APP] }), (a) => {
      a.options("/thing", (c) => c.body(null, 204, { Allow: "GET, OPTIONS" }));
    });
    const res = await app.request(new Request(`${BASE}/thing`, { method: "OPTIONS", headers: { origin: APP } }));
    expect(res.headers.get("allow")).toBe("GET, OPTIONS");
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
  });

  it("keeps headers earlier middleware set, and appends Vary once", async () => {
    const app = new Hono();
    app.use(async (c, next) => {
      c.header("X-Request-Id", "r1");
      c.header("Vary", "Accept-Encoding");
      await next();
    });
    app.use(cors({ origin: [APP] }));
    app.get("/", (c) => {
      c.header("Vary", "Origin", { append: true });
      return c.text("ok");
    });
    const res = await app.request(get());
    expect(res.headers.get("vary")).toBe("Accept-Encoding, Origin");
    expect(res.headers.get("x-request-id")).toBe("r1");
    const pre = await app.request(preflightOf(APP, "PUT"));
    expect(pre.headers.get("x-request-id")).toBe("r1");
    expect(pre.headers.get("vary")).toBe("Accept-Encoding, Origin, Access-Control-Request-Headers");
  });

  it("handlers returning new Response(...) keep the CORS headers (honojs/hono#2681)", async () => {
    const app = appWith(cors({ origin: [APP] }), (a) => {
      a.get("/raw", () => new Response("raw", { headers: { "content-type": "text/plain" } }));
      a.get("/redirect", () => Response.redirect(`${BASE}/raw`, 302));
    });
    expect((await app.request(get(APP, "/raw"))).headers.get("access-control-allow-origin")).toBe(APP);
    const redirect = await app.request(get(APP, "/redirect"));
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("access-control-allow-origin")).toBe(APP);
  });

  it("a handler's Response.error() passes through untouched, as corsproof/fetch leaves it", async () => {
    // A network error has immutable headers and status 0, which no Response can be copied with;
    // there is nothing on it a page could read, so there is nothing to add.
    const app = appWith(cors({ origin: [APP] }), (a) => a.get("/gone", () => Response.error()));
    const res = await app.request(get(APP, "/gone"));
    expect(res.type).toBe("error");
    expect(res.status).toBe(0);
  });

  it("throws one CorsConfigError listing every problem, including option-name clashes", () => {
    try {
      cors({ origin: "*", credentials: true, methods: ["GET"], allowMethods: ["PUT"] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CorsConfigError);
      expect((e as CorsConfigError).issues.map((i) => i.code)).toEqual(["invalid-type", "wildcard-origin-with-credentials"]);
    }
  });
});

describe("corsproof/hono: errors keep their CORS headers", () => {
  // Hono's default error handler logs each error.
  beforeEach(() => {
    vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const routes = (app: Hono) => {
    app.get("/throw", () => {
      throw new Error("boom");
    });
    app.get("/async", async () => {
      throw new Error("async boom");
    });
    app.get("/http", () => {
      throw new HTTPException(401, { message: "no token" });
    });
  };
  const policy = createCorsPolicy({ origin: [APP], credentials: true, exposedHeaders: ["X-Request-Id"] });

  for (const [path, status] of [
    ["/throw", 500],
    ["/async", 500],
    ["/http", 401],
    ["/missing", 404],
  ] as const) {
    it(`${path} with Hono's default handlers -> ${status}`, async () => {
      const res = await appWith(cors(policy), routes).request(get(APP, path));
      expect(res.status).toBe(status);
      expect(res.headers.get("access-control-allow-origin")).toBe(APP);
      expect(res.headers.get("access-control-allow-credentials")).toBe("true");
      expect(res.headers.get("access-control-expose-headers")).toBe("X-Request-Id");
      expect(res.headers.get("vary")).toBe("Origin");
    });
  }

  it("with app.onError returning its own Response, and a custom notFound", async () => {
    const app = appWith(cors(policy), routes);
    app.onError((err, c) => c.json({ error: err.message }, 503));
    app.notFound(() => new Response("gone", { status: 410 }));
    const res = await app.request(get(APP, "/throw"));
    expect(res.status).toBe(503);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    const nf = await app.request(get(APP, "/nope"));
    expect(nf.status).toBe(410);
    expect(nf.headers.get("access-control-allow-origin")).toBe(APP);
  });
});

describe("corsproof/hono: runtime reconfiguration", () => {
  it("a ReloadableCorsPolicy change takes effect on the next request", async () => {
    const policy = new ReloadableCorsPolicy({ origin: [APP] });
    const app = appWith(cors(policy));
    expect((await app.request(get(EVIL))).headers.get("access-control-allow-origin")).toBeNull();
    policy.reconfigure({ origin: [APP, EVIL] });
    expect((await app.request(get(EVIL))).headers.get("access-control-allow-origin")).toBe(EVIL);
  });
});
