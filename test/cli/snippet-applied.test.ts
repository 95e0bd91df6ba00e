/**
 * The snippet `check` prints is run as written — its imports bound to corsproof's adapters, `app`
 * a real Express, Fastify, Koa or Hono app with the route, `http`/`handler` for Node, `GET`/`OPTIONS`
 * exports for Next.js — and the browser model must then allow the request that was blocked.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Router from "@koa/router";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { afterAll, describe, expect, it } from "vitest";
import * as expressAdapter from "../../src/adapters/express.js";
import * as fastifyAdapter from "../../src/adapters/fastify/index.js";
import * as fetchAdapter from "../../src/adapters/fetch.js";
import * as honoAdapter from "../../src/adapters/hono.js";
import * as koaAdapter from "../../src/adapters/koa.js";
import * as nodeAdapter from "../../src/adapters/node.js";
import { type BrowserRequest, expectCors, httpTransport, simulateFetch } from "../../src/browser/index.js";
import { main } from "../../src/cli/main.js";
import { listen } from "../support/http.js";
import { captureIo } from "./capture-io.js";

const APP = "https://app.example.com";
const MODULES: Record<string, object> = {
  "corsproof/express": expressAdapter,
  "corsproof/fastify": fastifyAdapter,
  "corsproof/fetch": fetchAdapter,
  "corsproof/hono": honoAdapter,
  "corsproof/koa": koaAdapter,
  "corsproof/node": nodeAdapter,
};
const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<Record<string, unknown>>;

/** Runs a snippet: ES imports and `require` bound to the adapters, `export const X =` collected. */
async function run(snippet: string, scope: Record<string, unknown>): Promise<Record<string, unknown>> {
  const exported: string[] = [];
  const body = snippet
    .replace(/^import (\w+) from "([^"]+)";$/gm, (_m, name, mod) => `const ${name} = modules[${JSON.stringify(mod)}].default;`)
    .replace(/^import \{ ([\w, ]+) \} from "([^"]+)";$/gm, (_m, names, mod) => `const { ${names} } = modules[${JSON.stringify(mod)}];`)
    .replace(/require\("([^"]+)"\)/g, (_m, mod) => `modules[${JSON.stringify(mod)}].default`)
    .replace(/^export const (\w+) =/gm, (_m, name) => {
      exported.push(name);
      return `const ${name} =`;
    });
  const names = Object.keys(scope);
  const fn = new AsyncFunction("modules", ...names, `${body}\nreturn { ${exported.join(", ")} };`);
  return fn(MODULES, ...names.map((n) => scope[n]));
}

const closers: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(closers.map((c) => c())));

const REQUEST: BrowserRequest = { url: "https://api.example.com/items", origin: APP, method: "PUT", headers: { "X-Custom": "1" }, credentials: "include" };

/** A server without CORS, whose PUT /items the browser blocks. */
async function snippetFor(framework: string): Promise<string> {
  const server = await listen((_req, res) => {
    res.writeHead(404);
    res.end();
  });
  closers.push(server.close);
  const io = captureIo();
  expect(
    await main(
      ["check", `${server.url}/items`, "--origin", APP, "-X", "PUT", "-H", "X-Custom: 1", "--credentials", "include", "--framework", framework, "--json"],
      io,
    ),
  ).toBe(1);
  const snippet = (JSON.parse(io.out()) as { fix: { snippet: string } }).fix.snippet;
  expect(snippet).toContain(framework === "nginx" ? "add_header" : `corsproof/${framework === "next" ? "fetch" : framework}`);
  return snippet;
}

describe("the printed snippet, run as written, makes the browser allow the request", () => {
  it("express", async () => {
    const app = express();
    await run(await snippetFor("express"), { app });
    app.put("/items", (_req, res) => {
      res.json({ ok: true });
    });
    await expectCors(app, REQUEST, { allowed: true, preflight: true });
  });

  it("fastify", async () => {
    const app = Fastify();
    await run(await snippetFor("fastify"), { app });
    app.put("/items", async () => ({ ok: true }));
    await expectCors(app, REQUEST, { allowed: true, preflight: true });
  });

  it("koa", async () => {
    const app = new Koa();
    await run(await snippetFor("koa"), { app });
    app.use(
      new Router()
        .put("/items", (ctx) => {
          ctx.body = { ok: true };
        })
        .routes(),
    );
    await expectCors(app, REQUEST, { allowed: true, preflight: true });
  });

  it("hono", async () => {
    const app = new Hono();
    await run(await snippetFor("hono"), { app });
    app.put("/items", (c) => c.json({ ok: true }));
    await expectCors(app, REQUEST, { allowed: true, preflight: true });
  });

  it("node", async () => {
    let server: http.Server | undefined;
    const scope = {
      handler: (_req: http.IncomingMessage, res: http.ServerResponse) => res.end("{}"),
      http: { createServer: (listener: http.RequestListener) => (server = http.createServer(listener)) },
    };
    await run(await snippetFor("node"), scope);
    await expectCors(server as http.Server, REQUEST, { allowed: true, preflight: true });
  });

  it("next (route handlers)", async () => {
    const { GET, OPTIONS } = await run(await snippetFor("next"), { handler: () => Response.json({ ok: true }) });
    // The route file exports one handler per method: the PUT the page sends is this file's GET handler's sibling.
    const route = (request: Request) =>
      request.method === "OPTIONS" ? (OPTIONS as (r: Request) => Promise<Response>)(request) : (GET as (r: Request) => Promise<Response>)(request);
    await expectCors(route, REQUEST, { allowed: true, preflight: true });
  });

  // Debian's nginx (.ci/run installs it when missing), on a free loopback port, in a temporary prefix.
  it.runIf(existsSync("/usr/sbin/nginx"))("nginx", { timeout: 30_000 }, async () => {
    const snippet = await snippetFor("nginx");
    const [httpPart, locationPart] = snippet.split("# in the API's location {}:\n") as [string, string];
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    const dir = mkdtempSync(join(tmpdir(), "corsproof-nginx-"));
    mkdirSync(join(dir, "tmp"));
    const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `${t}_temp_path ${dir}/tmp/${t};`).join(" ");
    writeFileSync(
      join(dir, "nginx.conf"),
      `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log;\nevents { worker_connections 64; }\n` +
        `http { access_log off; ${temp}\n${httpPart}\nserver { listen 127.0.0.1:${port}; location / {\n${locationPart}\nreturn 200 "ok"; } } }\n`,
    );
    const nginx: ChildProcess = spawn("/usr/sbin/nginx", ["-p", dir, "-c", join(dir, "nginx.conf")], { stdio: "ignore" });
    try {
      const url = `http://127.0.0.1:${port}/items`;
      const transport = httpTransport({ timeout: 5000 });
      let result = await simulateFetch({ ...REQUEST, url }, { transport });
      for (let i = 0; i < 50 && result.error?.code === "NetworkFailure"; i++) {
        await new Promise((r) => setTimeout(r, 100));
        result = await simulateFetch({ ...REQUEST, url }, { transport });
      }
      expect(result.message).toBeNull();
      expect(result.allowed).toBe(true);
      const other = await simulateFetch({ ...REQUEST, url, origin: "https://evil.example" }, { transport });
      expect(other.allowed).toBe(false);
    } finally {
      nginx.kill("SIGTERM");
      await new Promise((r) => nginx.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
