/**
 * `check`'s advice against real, misconfigured servers (Express with the `cors` package, auth before
 * CORS, corsproof with and without `debug`, redirects, reflection), and every fix APPLIED: the
 * suggested corsproof options mounted in front of the same routes, and the suggested headers sent by
 * a bare server, must make the browser model allow the request.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import cors from "cors";
import express from "express";
import { afterAll, describe, expect, it } from "vitest";
import { type BrowserRequest, nodeListenerTransport, simulateFetch } from "../../src/browser/index.js";
import { main } from "../../src/cli/main.js";
import corsproofExpress from "../../src/adapters/express.js";
import { listen } from "../support/http.js";
import { captureIo } from "./capture-io.js";

const APP = "https://app.example.com";
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

async function serve(listener: RequestListener): Promise<string> {
  const s = await listen(listener);
  closers.push(s.close);
  return s.url;
}

interface Fix {
  line: string;
  add: string[];
  options: Record<string, unknown> | null;
  headers: { preflight: [string, string][] | null; actual: [string, string][] } | null;
  framework: string;
  snippet: string | null;
}

async function check(argv: string[]) {
  const io = captureIo();
  const code = await main(["check", ...argv, "--json"], io);
  const json = JSON.parse(io.out()) as {
    allowed: boolean;
    fix: Fix;
    diagnosis: { cause: string; summary: string; evidence: string[]; confirm: string | null };
    warnings: string[];
    probes: unknown[];
    unreadableHeaders: string[];
  };
  return { code, json, err: io.err() };
}

async function text(argv: string[]) {
  const io = captureIo();
  const code = await main(["check", ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

/** The app's routes, without any CORS: what the fix is mounted in front of. */
function routes(app: express.Express): express.Express {
  app.get("/items", (_req, res) => {
    res.set("X-Total-Count", "2").json([1, 2]);
  });
  app.put("/items/1", (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

/** Applies the suggested options with corsproof/express and asks the browser model again. */
async function applyOptions(fix: Fix, request: BrowserRequest, before?: express.RequestHandler) {
  expect(fix.options).not.toBeNull();
  const app = express();
  app.use(corsproofExpress(fix.options as never));
  if (before) app.use(before);
  return simulateFetch(request, { transport: nodeListenerTransport(routes(app)) });
}

/** Applies the suggested headers with a bare server (preflight headers on OPTIONS, the rest on every answer). */
async function applyHeaders(fix: Fix, request: BrowserRequest) {
  expect(fix.headers).not.toBeNull();
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const preflight = req.method === "OPTIONS";
    for (const [n, v] of preflight ? (fix.headers?.preflight ?? []) : (fix.headers?.actual ?? [])) res.setHeader(n, v);
    res.statusCode = preflight ? 204 : 200;
    res.end();
  };
  return simulateFetch(request, { transport: nodeListenerTransport(listener) });
}

const auth: express.RequestHandler = (req, res, next) => {
  if (req.headers.authorization === undefined) {
    res.status(401).set("WWW-Authenticate", "Bearer").send("unauthorized");
    return;
  }
  next();
};

describe("check: the advice says what to ADD, keeps what is there, and works when applied", () => {
  it("a header the cors package does not list: add it to allowedHeaders, keeping credentials, Authorization and exposed headers", async () => {
    const url = await serve(
      routes(express().use(cors({ origin: [APP], credentials: true, allowedHeaders: ["Content-Type", "Authorization"], exposedHeaders: ["X-Total-Count"] }))),
    );
    const { code, json } = await check([
      `${url}/items/1`,
      "--origin",
      APP,
      "-X",
      "PUT",
      "-H",
      "X-Custom: 1",
      "-H",
      "Content-Type: application/json",
      "--credentials",
      "include",
      "-d",
      "{}",
    ]);
    expect(code).toBe(1);
    expect(json.diagnosis.cause).toBe("header-not-allowed");
    expect(json.fix.add).toEqual(["add `x-custom` to `allowedHeaders`"]);
    expect(json.fix.options).toEqual({
      origin: [APP],
      credentials: true,
      methods: ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"],
      allowedHeaders: ["content-type", "authorization", "x-custom"],
      exposedHeaders: ["x-total-count"],
    });
    expect(json.fix.framework).toBe("express");
    expect(json.fix.snippet).toContain('require("corsproof/express")');
    const request: BrowserRequest = {
      url: "https://api.example.com/items/1",
      origin: APP,
      method: "PUT",
      headers: { "X-Custom": "1", "Content-Type": "application/json" },
      credentials: "include",
      body: "{}",
    };
    expect((await applyOptions(json.fix, request)).allowed).toBe(true);
    expect((await applyHeaders(json.fix, request)).allowed).toBe(true);
    // What was there stays: the exposed header is still readable after the fix.
    expect(
      (await applyOptions(json.fix, { ...request, url: "https://api.example.com/items", method: "GET", body: undefined as never, headers: {} })).exposedHeaders,
    ).toContain("x-total-count");
  });

  it("auth before CORS: the preflight never reaches the CORS layer (401, WWW-Authenticate), and the fix orders it first", async () => {
    const url = await serve(
      routes(
        express()
          .use(auth)
          .use(cors({ origin: [APP] })),
      ),
    );
    const { code, json } = await check([`${url}/items`, "--origin", APP, "-H", "Authorization: Bearer t"]);
    expect(code).toBe(1);
    expect(json.diagnosis.cause).toBe("preflight-not-handled");
    expect(json.diagnosis.summary).toMatch(/an auth layer answered the OPTIONS request/);
    expect(json.diagnosis.confirm).toMatch(/debug: true/);
    expect(json.probes).toHaveLength(1);
    const request: BrowserRequest = { url: "https://api.example.com/items", origin: APP, headers: { Authorization: "Bearer t" } };
    expect((await applyOptions(json.fix, request, auth)).allowed).toBe(true);
    expect((await applyHeaders(json.fix, request)).allowed).toBe(true);
  });

  it("CORS on the GET route only: Express's router answers the preflight (Allow), the plain GET shows the origin is allowed", async () => {
    const app = express();
    app.get("/items", cors({ origin: [APP] }), (_req, res) => {
      res.json([]);
    });
    const url = await serve(app);
    const { json, code } = await check([`${url}/items`, "--origin", APP, "-X", "PUT"]);
    expect(code).toBe(1);
    expect(json.diagnosis.cause).toBe("preflight-not-handled");
    expect(json.diagnosis.summary).toMatch(/the router answered the OPTIONS request, although the CORS layer allows this origin on other requests/);
    expect(json.diagnosis.confirm).toMatch(/^The router answered OPTIONS itself \(`Allow: GET, HEAD`\)/);
    // The methods the server allows were not seen: the fix writes out the common list rather than PUT alone.
    expect(json.fix.options).toEqual({ origin: [APP], methods: ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"] });
    const { out } = await text([`${url}/items`, "--origin", APP, "-X", "PUT"]);
    expect(out).toContain("Fix: mount the CORS layer before auth and routing, and in it: add `PUT` to `methods`.");
    const request: BrowserRequest = { url: "https://api.example.com/items/1", origin: APP, method: "PUT" };
    expect((await applyOptions(json.fix, request)).allowed).toBe(true);
  });

  it("an origin the cors package does not allow: CORS headers without Access-Control-Allow-Origin tell it from a routing problem", async () => {
    const url = await serve(routes(express().use(cors({ origin: [APP] }))));
    const other = "https://other.example.com";
    const { json } = await check([`${url}/items/1`, "--origin", other, "-X", "PUT"]);
    expect(json.diagnosis.cause).toBe("origin-not-allowed");
    expect(json.fix.add).toEqual([`add \`${other}\` to \`origin\``]);
    expect(json.fix.snippet).toContain("/* the origins you allow now, */");
    const request: BrowserRequest = { url: "https://api.example.com/items/1", origin: other, method: "PUT" };
    expect((await applyOptions(json.fix, request)).allowed).toBe(true);
    expect((await applyHeaders(json.fix, request)).allowed).toBe(true);
  });

  it("corsproof refusing a header: 403 with Vary, the plain GET shows the origin is allowed; with debug: true the body names the header", async () => {
    for (const debug of [false, true]) {
      const url = await serve(routes(express().use(corsproofExpress({ origin: [APP], allowedHeaders: ["Content-Type"], debug }))));
      const { json } = await check([`${url}/items/1`, "--origin", APP, "-X", "PUT", "-H", "X-Custom: 1"]);
      expect(json.diagnosis.cause).toBe(debug ? "header-not-allowed" : "preflight-refused");
      if (debug) expect(json.fix.add).toEqual(["add `x-custom` to `allowedHeaders`"]);
      else expect(json.diagnosis.confirm).toMatch(/debug: true/);
      const request: BrowserRequest = { url: "https://api.example.com/items/1", origin: APP, method: "PUT", headers: { "X-Custom": "1" } };
      expect((await applyOptions(json.fix, request)).allowed).toBe(true);
      expect((await applyHeaders(json.fix, request)).allowed).toBe(true);
    }
  });

  it("a present but unreadable header (X-Total-Count without Access-Control-Expose-Headers) is pointed out with its fix", async () => {
    const url = await serve(routes(express().use(cors({ origin: [APP] }))));
    const { code, json } = await check([`${url}/items`, "--origin", APP]);
    expect(code).toBe(0);
    expect(json.unreadableHeaders).toEqual(["x-total-count"]);
    expect(json.fix.add).toEqual(["add `x-total-count` to `exposedHeaders`"]);
    const after = await applyOptions(json.fix, { url: "https://api.example.com/items", origin: APP });
    expect(after.exposedHeaders).toContain("x-total-count");
    const { out } = await text([`${url}/items`, "--origin", APP]);
    expect(out).toContain("Not readable: the server sends x-total-count but script cannot read it");
  });

  it("a cross-origin redirect: call the final URL, never Access-Control-Allow-Origin: null", async () => {
    const final = await serve(routes(express().use(cors({ origin: [APP] }))));
    const first = await serve((_req, res) => {
      res.writeHead(302, { Location: `${final}/items`, "Access-Control-Allow-Origin": APP });
      res.end();
    });
    const { code, json } = await check([`${first}/old`, "--origin", APP]);
    expect(code).toBe(1);
    expect(json.diagnosis.cause).toBe("redirect");
    expect(json.fix.line).toMatch(new RegExp(`^Have the page call the final URL \\(${final}/items\\) directly\\.`));
    expect(json.fix.options).toBeNull();
    expect(JSON.stringify(json.fix)).not.toMatch(/Allow-Origin: null|"null"/);
  });

  it("a redirect without CORS headers: the browser checks every hop; call the final URL, or send the headers on the redirect", async () => {
    const final = await serve(routes(express().use(cors({ origin: [APP] }))));
    const first = await serve((_req, res) => {
      res.writeHead(301, { Location: `${final}/items` });
      res.end();
    });
    const { json } = await check([`${first}/old`, "--origin", APP]);
    expect(json.diagnosis.cause).toBe("redirect");
    expect(json.fix.line).toMatch(
      new RegExp(`^The redirect \\(301 to ${final}/items\\) fails the CORS check: the browser checks every hop\\. Best, have the page call the final URL`),
    );
    expect(json.fix.options).toBeNull();
  });

  it("reflection probe: a server that allows any origin with credentials is called out; --no-probe sends only the browser's request", async () => {
    const url = await serve(routes(express().use(cors({ origin: true, credentials: true }))));
    const { json } = await check([`${url}/items`, "--origin", APP, "--credentials", "include"]);
    expect(json.allowed).toBe(true);
    expect(json.probes).toHaveLength(1);
    expect(json.warnings.join("\n")).toMatch(/also allowed https:\/\/corsproof-probe\.invalid.*reflects any Origin/);
    const { out } = await text([`${url}/items`, "--origin", APP, "--credentials", "include"]);
    expect(out).toMatch(/Probe \(sent by corsproof, not by the browser/);
    expect(out).toContain("Origin: https://corsproof-probe.invalid");
    const quiet = await check([`${url}/items`, "--origin", APP, "--credentials", "include", "--no-probe"]);
    expect(quiet.json.probes).toEqual([]);
    expect(quiet.json.warnings).toEqual([]);
  });

  it("a 500 whose error path lost the CORS headers is named as such, not as a CORS configuration problem", async () => {
    const url = await serve((req, res) => {
      if (req.url === "/ok") res.writeHead(200, { "Access-Control-Allow-Origin": APP, Vary: "Origin" });
      else res.writeHead(500, { "Content-Type": "text/plain" });
      res.end();
    });
    const { json } = await check([`${url}/fails`, "--origin", APP]);
    expect(json.diagnosis.cause).toBe("error-without-cors");
    expect(json.diagnosis.summary).toMatch(/^The server failed \(500\) and its error response carries no CORS headers/);
  });

  it("a dynamic Access-Control-Allow-Origin on a cacheable response without Vary: Origin", async () => {
    const url = await serve((req, res) => {
      res.writeHead(200, { "Access-Control-Allow-Origin": String(req.headers.origin), "Cache-Control": "public, max-age=600" });
      res.end("[]");
    });
    const { json } = await check([`${url}/items`, "--origin", APP]);
    expect(json.warnings.join("\n")).toMatch(/cacheable response without `Vary: Origin`/);
    const safe = await serve((req, res) => {
      res.writeHead(200, { "Access-Control-Allow-Origin": String(req.headers.origin), "Cache-Control": "public, max-age=600", Vary: "Origin" });
      res.end("[]");
    });
    expect((await check([`${safe}/items`, "--origin", APP])).json.warnings).toEqual([]);
  });
});

describe("check and explain: invalid fetch() calls, flags", () => {
  const cases: [string[], string][] = [
    [["-d", "x"], "TypeError: Failed to execute 'fetch' on 'Window': Request with GET/HEAD method cannot have body."],
    [["-X", "CONNECT"], "TypeError: Failed to execute 'fetch' on 'Window': 'CONNECT' HTTP method is unsupported."],
  ];
  for (const [flags, error] of cases) {
    it(`${flags.join(" ")}: the real TypeError, exit 2, in check and explain`, async () => {
      for (const command of ["check", "explain"]) {
        const io = captureIo();
        expect(await main([command, "http://127.0.0.1:9/x", "--origin", APP, ...flags], io)).toBe(2);
        expect(io.err()).toBe(`corsproof ${command}: fetch() throws before sending anything: ${error}\n`);
      }
    });
  }

  it("credentials in the URL", async () => {
    const io = captureIo();
    expect(await main(["check", "http://user:pw@127.0.0.1:9/x", "--origin", APP], io)).toBe(2);
    expect(io.err()).toMatch(
      /fetch\(\) throws before sending anything: TypeError: Failed to execute 'fetch' on 'Window': Request cannot be constructed from a URL that includes credentials/,
    );
  });

  it("--verbose shows every header; --mode no-cors and --redirect manual reach the model; --framework picks the snippet", async () => {
    const url = await serve((req, res) => {
      if (req.url === "/moved") {
        res.writeHead(302, { Location: "/items", "X-Extra": "1" });
        res.end();
        return;
      }
      res.writeHead(200, { "X-Extra": "1" });
      res.end("ok");
    });
    const verbose = await text([`${url}/items`, "--origin", APP, "--verbose"]);
    expect(verbose.out).toMatch(/< {3}X-Extra: 1/i);
    expect(verbose.out).toMatch(/< {3}Date: /i);
    const plain = await text([`${url}/items`, "--origin", APP]);
    expect(plain.out).not.toMatch(/Date: /);
    const noCors = await check([`${url}/items`, "--origin", APP, "--mode", "no-cors"]);
    expect(noCors.json.allowed).toBe(true);
    const manual = await check([`${url}/moved`, "--origin", APP, "--redirect", "manual"]);
    expect((manual.json as unknown as { error: { code: string } }).error.code).toBe("MissingAllowOriginHeader");
    const hono = await check([`${url}/items`, "--origin", APP, "--framework", "hono"]);
    expect(hono.json.fix.snippet).toContain('from "corsproof/hono"');
    const bad = captureIo();
    expect(await main(["check", `${url}/items`, "--origin", APP, "--framework", "rails"], bad)).toBe(2);
    expect(bad.err()).toContain("--framework must be one of express, fastify, koa, hono, next, nginx, node, not 'rails'");
  });
});
