/**
 * The two halves check each other: every adapter's responses to the behaviour table are judged by
 * corsproof/browser (the Chromium model, which shares no code with the policy engine), and the
 * browser's verdict must equal each row's expected verdict — allowed origins allowed, denied
 * denied — for every adapter alike.
 *
 * Each row becomes the fetch() a page would make: page origin = the row's Origin; for a preflight
 * row, method = its Access-Control-Request-Method and request headers = its requested header names
 * (with values that are not CORS-safelisted, so the browser asks for them); credentials "include"
 * when the policy allows credentials. The browser computes its own preflight from that.
 *
 * Rows a browser cannot produce are skipped, by rule (see `browserRequestOf`):
 * - no Origin (same-origin or non-browser clients);
 * - an Origin that is not a serialised origin (empty, trailing slash, upper case, explicit default
 *   port, leading zeros, two lines joined, control characters): browsers only send serialisations;
 * - Access-Control-Request-Headers a page cannot make the browser send (junk, kilobytes of
 *   commas or spaces): the browser builds that list itself from header names;
 * - a cross-origin OPTIONS without Access-Control-Request-Method: a page's OPTIONS request is
 *   always preflighted (OPTIONS is not a CORS-safelisted method);
 * - Private Network Access rows: whether the model sends that header depends on address spaces,
 *   not on the row.
 */
import Router from "@koa/router";
import express from "express";
import Fastify, { type FastifyInstance } from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { afterAll, describe, expect, it } from "vitest";
import { type BrowserRequest, fetchHandlerTransport, nodeListenerTransport, simulateFetch, type Transport } from "../../src/browser/index.js";
import corsExpress from "../../src/adapters/express.js";
import fastifyCors from "../../src/adapters/fastify/index.js";
import { withCors } from "../../src/adapters/fetch.js";
import { cors as honoCors } from "../../src/adapters/hono.js";
import koaCors from "../../src/adapters/koa.js";
import { withCors as nodeWithCors } from "../../src/adapters/node.js";
import { createCorsPolicy } from "../../src/index.js";
import type { BehaviourRow } from "../tables/cors-behaviour.js";
import { behaviourTable } from "../tables/cors-behaviour.js";

const API = "https://api.example.test";

/** The fetch() a page would make for this row, or a reason the row has none. */
function browserRequestOf(row: BehaviourRow): BrowserRequest | string {
  const h = row.request.headers;
  const origin = h.origin;
  if (origin === undefined) return "no Origin: not a cross-origin browser request";
  if (origin !== "null") {
    let serialised: string;
    try {
      serialised = new URL(origin).origin;
    } catch {
      return "Origin is not a URL";
    }
    if (serialised !== origin) return "Origin is not a serialised origin";
  }
  if (h["access-control-request-private-network"] !== undefined) return "Private Network Access depends on address spaces";
  const acrm = h["access-control-request-method"];
  if (row.request.method === "OPTIONS" && acrm === undefined) return "a page's OPTIONS request is always preflighted";
  const credentials = row.options.credentials === true ? "include" : "omit";
  if (row.request.method !== "OPTIONS") return { url: `${API}/`, origin, method: row.request.method, credentials };
  const headers: Record<string, string> = {};
  for (const raw of (h["access-control-request-headers"] ?? "").split(",")) {
    const name = raw.trim();
    if (name === "") continue;
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name) || raw.length > 64) return "requested headers a page cannot send";
    // Values that are never CORS-safelisted, so the browser lists every one of them.
    headers[name] = name.toLowerCase() === "content-type" ? "application/json" : "v";
  }
  if ((h["access-control-request-headers"] ?? "").length > 1024) return "requested headers a page cannot send";
  return { url: `${API}/`, origin, method: acrm as string, headers, credentials };
}

// --- one app per adapter, the same application behind each: 200 "app" for every method ---

type Build = (row: BehaviourRow) => Promise<Transport>;
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

const adapters: Record<string, Build> = {
  fetch: async (row) => fetchHandlerTransport(withCors(() => new Response("app", { headers: { "x-app": "ran" } }), row.options)),
  hono: async (row) => {
    const app = new Hono();
    app.use(honoCors(createCorsPolicy(row.options)));
    app.all("*", (c) => c.text("app"));
    return fetchHandlerTransport(app);
  },
  koa: async (row) => {
    const app = new Koa();
    app.use(koaCors(createCorsPolicy(row.options)));
    const router = new Router();
    router.all("/", (ctx) => {
      ctx.body = "app";
    });
    app.use(router.routes());
    return nodeListenerTransport(app.callback());
  },
  fastify: async (row) => {
    const app: FastifyInstance = Fastify();
    await app.register(fastifyCors, createCorsPolicy(row.options));
    app.route({ method: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"], url: "/", handler: async () => "app" });
    await app.ready();
    cleanups.push(() => app.close());
    return nodeListenerTransport((req, res) => app.routing(req, res));
  },
  express: async (row) => {
    const app = express();
    app.use(corsExpress(row.options));
    app.all("/{*any}", (_req, res) => {
      res.send("app");
    });
    return nodeListenerTransport(app);
  },
  node: async (row) => nodeListenerTransport(nodeWithCors((_req, res) => res.end("app"), row.options)),
};

const judged = behaviourTable.flatMap((row) => {
  const request = browserRequestOf(row);
  return typeof request === "string" ? [] : [{ row, request }];
});

describe("corsproof/browser judges every adapter's responses to the behaviour table", () => {
  it("covers most of the table, skipping only rows a browser cannot send", () => {
    expect(judged.length).toBeGreaterThanOrEqual(50);
    expect(behaviourTable.length - judged.length).toBeLessThanOrEqual(20);
  });

  for (const [name, build] of Object.entries(adapters)) {
    describe(name, () => {
      for (const { row, request } of judged) {
        it(`${row.name}: ${row.expect.allowed ? "allowed" : "blocked"}`, async () => {
          const result = await simulateFetch(request, { transport: await build(row) });
          expect(result.allowed, result.message ?? "allowed").toBe(row.expect.allowed);
        });
      }
    });
  }
});
