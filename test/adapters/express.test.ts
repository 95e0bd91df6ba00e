import express, { type NextFunction, type Request, type Response } from "express";
import { afterEach, describe, expect, it } from "vitest";
import cors from "../../src/adapters/express.js";
import { CorsConfigError } from "../../src/index.js";
import { assertRow } from "../support/assert-row.js";
import { listen, send } from "../support/http.js";
import { APP, behaviourTable } from "../tables/cors-behaviour.js";

const servers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

async function serve(app: express.Express): Promise<string> {
  const s = await listen(app);
  servers.push(s.close);
  return s.url;
}

function appWith(mw: express.RequestHandler, routes?: (app: express.Express) => void): express.Express {
  const app = express();
  app.use(mw);
  if (routes) routes(app);
  else
    app.all("/{*any}", (_req, res) => {
      res.setHeader("x-app", "ran");
      res.send("app");
    });
  return app;
}

describe("corsproof/express over real sockets: behaviour table", () => {
  for (const row of behaviourTable) {
    it(row.name, async () => {
      const url = await serve(appWith(cors(row.options) as express.RequestHandler));
      assertRow(row, await send(url, row.request.method, row.request.headers));
    });
  }
});

describe("corsproof/express: drop-in for cors", () => {
  it("cors() with no options allows any origin like the cors package", async () => {
    const url = await serve(appWith(cors() as express.RequestHandler));
    const res = await send(url, "GET", { origin: "https://anywhere.example" });
    expect(res.headers["access-control-allow-origin"]).toBe("*");
  });

  it("accepts origin as function(origin, callback)", async () => {
    const whitelist = [APP];
    const url = await serve(
      appWith(
        cors({
          origin(origin, callback) {
            if (origin !== undefined && whitelist.includes(origin)) callback(null, true);
            else callback(new Error("Not allowed by CORS"));
          },
          credentials: true,
        }) as express.RequestHandler,
      ),
    );
    const ok = await send(url, "GET", { origin: APP });
    expect(ok.headers["access-control-allow-origin"]).toBe(APP);
    expect(ok.headers["access-control-allow-credentials"]).toBe("true");
    // cors turns the callback error into a 500 for every other origin (expressjs/cors#92); strict mode denies instead.
    const denied = await send(url, "GET", { origin: "https://evil.example" });
    expect(denied.status).toBe(200);
    expect(denied.headers["access-control-allow-origin"]).toBeUndefined();
    expect(denied.headers.vary).toBe("Origin");
    const pre = await send(url, "OPTIONS", { origin: "https://evil.example", "access-control-request-method": "PUT" });
    expect(pre.status).toBe(403);
  });

  it("accepts an origin callback answering asynchronously", async () => {
    const url = await serve(
      appWith(
        cors({
          origin(origin, callback) {
            setTimeout(() => callback(null, origin === APP), 5);
          },
        }) as express.RequestHandler,
      ),
    );
    expect((await send(url, "GET", { origin: APP })).headers["access-control-allow-origin"]).toBe(APP);
    expect((await send(url, "GET", { origin: "https://x.example" })).headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("treats a string returned by the callback as an allowlist, never writing it blindly", async () => {
    const url = await serve(appWith(cors({ origin: (_o: string | undefined, cb: (e: null, v: string) => void) => cb(null, APP) }) as express.RequestHandler));
    expect((await send(url, "GET", { origin: APP })).headers["access-control-allow-origin"]).toBe(APP);
    expect((await send(url, "GET", { origin: "https://other.example" })).headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("accepts an options delegate function(req, callback)", async () => {
    const url = await serve(
      appWith(
        cors((req, callback) => {
          callback(null, req.headers["x-tenant"] === "a" ? { origin: [APP] } : { origin: false });
        }) as express.RequestHandler,
      ),
    );
    expect((await send(url, "GET", { origin: APP, "x-tenant": "a" })).headers["access-control-allow-origin"]).toBe(APP);
    expect((await send(url, "GET", { origin: APP, "x-tenant": "b" })).headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("a delegate error goes to next(err) as in cors", async () => {
    const url = await serve(
      appWith(cors((_req, callback) => callback(new Error("no tenant"))) as express.RequestHandler, (app) => {
        app.get("/", (_req, res) => {
          res.send("unreachable");
        });
      }),
    );
    expect((await send(url, "GET", { origin: APP })).status).toBe(500);
  });

  it("per-route use with app.options and preflightContinue", async () => {
    const app = express();
    app.options("/items", cors({ origin: APP, preflightContinue: true }) as express.RequestHandler, (_req, res) => {
      res.status(299).end();
    });
    app.put("/items", cors({ origin: APP }) as express.RequestHandler, (_req, res) => {
      res.json({ ok: true });
    });
    const url = await serve(app);
    const pre = await send(url, "OPTIONS", { origin: APP, "access-control-request-method": "PUT" }, "/items");
    expect(pre.status).toBe(299);
    expect(pre.headers["access-control-allow-origin"]).toBe(APP);
  });

  it("accepts maxAge as a numeric string like cors", async () => {
    const url = await serve(appWith(cors({ origin: APP, maxAge: "600" }) as express.RequestHandler));
    expect((await send(url, "OPTIONS", { origin: APP, "access-control-request-method": "PUT" })).headers["access-control-max-age"]).toBe("600");
  });

  it("throws the config error with every fix for insecure options", () => {
    try {
      cors({ origin: true, credentials: true, maxAge: -1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CorsConfigError);
      expect((e as CorsConfigError).issues.map((i) => i.code)).toEqual(["reflect-origin-with-credentials", "invalid-max-age"]);
    }
  });
});

describe("corsproof/express: CORS headers survive the error path", () => {
  const routes = (app: express.Express) => {
    app.get("/next-err", (_req, _res, next) => next(new Error("boom")));
    app.get("/throw", () => {
      throw new Error("sync boom");
    });
    app.get("/reject", async () => {
      throw new Error("async boom");
    });
  };

  for (const path of ["/next-err", "/throw", "/reject"]) {
    it(`${path} with Express's default error handler`, async () => {
      const url = await serve(appWith(cors({ origin: [APP], credentials: true, exposedHeaders: ["X-Request-Id"] }) as express.RequestHandler, routes));
      const res = await send(url, "GET", { origin: APP }, path);
      expect(res.status).toBe(500);
      expect(res.headers["access-control-allow-origin"]).toBe(APP);
      expect(res.headers["access-control-allow-credentials"]).toBe("true");
      expect(res.headers["access-control-expose-headers"]).toBe("X-Request-Id");
      expect(res.headers.vary).toBe("Origin");
    });
  }

  it("with a custom JSON error handler", async () => {
    const app = appWith(cors({ origin: [APP] }) as express.RequestHandler, routes);
    app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
      res.status(418).json({ error: err.message });
    });
    const res = await send(await serve(app), "GET", { origin: APP }, "/next-err");
    expect(res.status).toBe(418);
    expect(res.headers["access-control-allow-origin"]).toBe(APP);
  });

  it("on Express's own 404", async () => {
    const app = express();
    app.use(cors({ origin: [APP] }) as express.RequestHandler);
    const res = await send(await serve(app), "GET", { origin: APP }, "/missing");
    expect(res.status).toBe(404);
    expect(res.headers["access-control-allow-origin"]).toBe(APP);
  });
});
