/**
 * The fix is written for the framework that answered: detected from real Express, Fastify, Koa and
 * Hono responses to a preflight none of them handles (their default 404s and headers), and from the
 * headers Next.js and nginx send.
 */
import Router from "@koa/router";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { describe, expect, it } from "vitest";
import { fetchHandlerTransport, nodeListenerTransport, type Transport, type WireResponse } from "../../src/browser/index.js";
import { buildPreflightRequest } from "../../src/browser/preflight.js";
import { chromium } from "../../src/browser/profiles.js";
import { detectFramework, snippet } from "../../src/cli/fix-snippet.js";

const preflight = buildPreflightRequest(
  { url: "https://api.example.com/items", method: "PUT", headers: [], origin: "https://app.example.com", include: false, useCorsPreflight: false },
  chromium,
);
const answer = (t: Transport) => t.send(preflight);

describe("detectFramework", () => {
  it("Express, Fastify, Koa and Hono from their own answers to an unhandled preflight", async () => {
    const ex = express();
    ex.disable("x-powered-by"); // the body alone must be enough
    ex.put("/items", (_req, res) => {
      res.end();
    });
    const fastify = Fastify();
    fastify.put("/items", async () => ({}));
    await fastify.ready();
    const koa = new Koa();
    koa.use(
      new Router()
        .put("/items", (ctx) => {
          ctx.body = {};
        })
        .routes(),
    );
    const hono = new Hono().put("/items", (c) => c.json({}));
    const seen: [string, WireResponse][] = [
      ["express", await answer(nodeListenerTransport(ex))],
      ["fastify", await answer(nodeListenerTransport((req, res) => fastify.server.emit("request", req, res)))],
      ["koa", await answer(nodeListenerTransport(koa.callback()))],
      ["hono", await answer(fetchHandlerTransport(hono))],
    ];
    for (const [framework, response] of seen) expect(detectFramework([response]), `${framework}: ${response.status} ${response.body}`).toBe(framework);
  });

  it("Next.js and nginx from their headers; an app behind nginx wins over nginx; unknown is plain Node", () => {
    const r = (headers: [string, string][]): WireResponse => ({ status: 404, headers, body: "" });
    expect(detectFramework([r([["X-Powered-By", "Next.js"]])])).toBe("next");
    expect(detectFramework([r([["Server", "nginx/1.26.3"]])])).toBe("nginx");
    expect(detectFramework([r([["Server", "nginx"]]), r([["X-Powered-By", "Express"]])])).toBe("express");
    expect(detectFramework([r([]), null])).toBe("node");
  });

  it("writes each framework's idiom", () => {
    const options = { origin: ["https://app.example.com"], allowedHeaders: ["x-custom"] };
    expect(snippet("koa", options)).toContain('import cors from "corsproof/koa";');
    expect(snippet("fastify", options)).toContain("await app.register(cors,");
    expect(snippet("hono", options)).toContain('app.use("*", cors(');
    expect(snippet("next", options)).toContain("export const OPTIONS = withCors(");
    expect(snippet("nginx", options)).toContain('add_header Access-Control-Allow-Headers "x-custom" always;');
  });
});
