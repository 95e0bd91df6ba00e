/**
 * expectCors accepts what people have in hand (Express, node:http Server, Fastify, Koa, Hono, a Fetch
 * handler), refuses anything else and typos with a message saying what to pass, reports the app's own
 * exceptions with their stack, and explains failures with the likely cause and what to add.
 */
import { createServer } from "node:http";
import Router from "@koa/router";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { describe, expect, it } from "vitest";
import corsproofExpress from "../../src/adapters/express.js";
import corsproofFastify from "../../src/adapters/fastify/index.js";
import { withCors as withFetchCors } from "../../src/adapters/fetch.js";
import { cors as corsproofHono } from "../../src/adapters/hono.js";
import corsproofKoa from "../../src/adapters/koa.js";
import { withCors as withNodeCors } from "../../src/adapters/node.js";
import { CorsExpectationError, expectCors } from "../../src/browser/index.js";

const PAGE = "https://app.example.com";
const POLICY = { origin: [PAGE], credentials: true, methods: ["GET", "PUT"], allowedHeaders: ["Content-Type"], exposedHeaders: ["X-Total-Count"] };
const PUT = {
  url: "https://api.example.com/items",
  origin: PAGE,
  method: "PUT",
  headers: { "Content-Type": "application/json" },
  credentials: "include",
  body: "{}",
} as const;

function expressApp() {
  const app = express();
  app.use(corsproofExpress(POLICY));
  app.put("/items", (_req, res) => {
    res.set("X-Total-Count", "1").json({ ok: true });
  });
  return app;
}

async function fastifyApp() {
  const app = Fastify();
  await app.register(corsproofFastify, POLICY);
  app.put("/items", async (_req, reply) => reply.header("X-Total-Count", "1").send({ ok: true }));
  return app;
}

function koaApp() {
  const app = new Koa();
  const router = new Router();
  router.put("/items", (ctx) => {
    ctx.set("X-Total-Count", "1");
    ctx.body = { ok: true };
  });
  app.use(corsproofKoa(POLICY)).use(router.routes());
  return app;
}

function honoApp() {
  const app = new Hono();
  app.use("*", corsproofHono(POLICY));
  app.put("/items", (c) => c.json({ ok: true }, 200, { "X-Total-Count": "1" }));
  return app;
}

const handler = withFetchCors(() => Response.json({ ok: true }, { headers: { "X-Total-Count": "1" } }), POLICY);
const server = createServer(
  withNodeCors((_req, res) => {
    res.setHeader("X-Total-Count", "1");
    res.end("{}");
  }, POLICY),
);

describe("expectCors accepts the apps people have", () => {
  const apps: [string, () => unknown][] = [
    ["an Express app", expressApp],
    ["a node:http Server", () => server],
    ["a Fastify instance", fastifyApp],
    ["a Koa app", koaApp],
    ["a Hono app", honoApp],
    ["a Fetch handler", () => handler],
  ];
  for (const [name, make] of apps) {
    it(name, async () => {
      const app = await make();
      const r = await expectCors(app as object, PUT, { allowed: true, preflight: true, exposedHeaders: ["X-Total-Count"] });
      expect(r.exposedHeaders).toContain("x-total-count");
      // ...and the same app fails a wrong expectation.
      await expect(expectCors(app as object, { ...PUT, origin: "https://evil.example" }, { allowed: true })).rejects.toBeInstanceOf(CorsExpectationError);
    });
  }

  it("refuses anything else, saying what to pass", async () => {
    await expect(expectCors({ listen() {} }, PUT)).rejects.toThrow(
      "expectCors cannot test an object with keys listen. Pass the app under test: an Express or Connect app, a node:http Server, a Fastify instance, a Koa app, a Hono app, a Fetch handler (request) => Response, or an object with fetch(request).",
    );
    await expect(expectCors("http://localhost:3000" as never, PUT)).rejects.toThrow(/cannot test string "http:\/\/localhost:3000"/);
    await expect(expectCors(Promise.resolve(expressApp()), PUT)).rejects.toThrow(/got a Promise as the app: await it first/);
  });
});

describe("expectCors cannot pass by accident", () => {
  it("an unknown key in the request or the expectation throws, with a did-you-mean", async () => {
    await expect(expectCors(expressApp(), { ...PUT, header: { "X-A": "1" } } as never)).rejects.toThrow(
      "expectCors: unknown request field 'header' (did you mean 'headers'?). Known fields: url, origin, method, headers, body, mode, credentials, redirect, referrer, referrerPolicy.",
    );
    await expect(expectCors(expressApp(), PUT, { alowed: false } as never)).rejects.toThrow(/unknown expectation field 'alowed' \(did you mean 'allowed'\?\)/);
  });

  it("an expectation without `allowed` still expects the request to pass", async () => {
    await expect(expectCors(expressApp(), { ...PUT, origin: "https://evil.example" }, { preflight: true })).rejects.toThrow(
      /expected allowed, browser blocks it/,
    );
  });

  it("a header the app does not expose: the failure names it and says what to add", async () => {
    const app = express();
    app.use(corsproofExpress({ origin: [PAGE] }));
    app.get("/items", (_req, res) => {
      res.set("X-Total-Count", "2").json([]);
    });
    await expect(expectCors(app, { url: "https://api.example.com/items", origin: PAGE }, { exposedHeaders: ["X-Total-Count"] })).rejects.toThrow(
      /Sent but not readable by script \(not in Access-Control-Expose-Headers\): x-total-count\n[\s\S]*In the CORS configuration: add `x-total-count` to `exposedHeaders`\./,
    );
  });

  it("an exception thrown by the app reaches the test with its stack, not as an unreachable server", async () => {
    function failingHandler(): Response {
      throw new RangeError("boom in the handler");
    }
    const attempt = expectCors((_request: Request) => failingHandler(), { url: "https://api.example.com/", origin: PAGE });
    await expect(attempt).rejects.toThrow(
      /^expectCors: your handler threw RangeError: boom in the handler\nRangeError: boom in the handler\n\s+at failingHandler/,
    );
    const node = (_req: unknown, _res: unknown) => {
      throw new Error("node listener failed");
    };
    await expect(expectCors(node, { url: "https://api.example.com/", origin: PAGE })).rejects.toThrow(/your handler threw Error: node listener failed/);
  });
});
