/**
 * The built package as users load it, every entry: ESM imports, and CommonJS `require` giving what
 * the peer package gives (`require('corsproof/express')` is the middleware factory, as
 * `require('cors')` is). Runs against dist/ (the test command builds first) in a child Node
 * process, through the package's own exports map. The one test of the package's exports.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");
const built = ["index", "node", "express", "fetch", "hono", "koa", "fastify", "browser"].every((n) => existsSync(resolve(ROOT, `dist/${n}.cjs`)));

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" }).trim();
}

describe.skipIf(!built && process.env.CI !== "true")("package exports (dist)", () => {
  it("require('corsproof/express') is the middleware factory and works on a cors-style fake response", () => {
    const out = node([
      "-e",
      `const cors = require('corsproof/express');
       const headers = {};
       const res = { statusCode: 200, getHeader: (n) => headers[n.toLowerCase()], setHeader: (n, v) => { headers[n.toLowerCase()] = v; }, end() { this.ended = true; } };
       cors({ origin: 'https://app.example.com' })({ method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' } }, res, () => {});
       console.log(typeof cors, res.statusCode, headers['access-control-allow-origin'], res.ended);`,
    ]);
    expect(out).toBe("function 204 https://app.example.com true");
  });

  it("require('corsproof') and require('corsproof/node') expose the engine", () => {
    expect(node(["-e", "const c = require('corsproof'); const n = require('corsproof/node'); console.log(typeof c.createCorsPolicy, typeof n.withCors)"])).toBe(
      "function function",
    );
  });

  it("ESM imports resolve every entry", () => {
    expect(
      node([
        "--input-type=module",
        "-e",
        "import cors from 'corsproof/express'; import { createCorsPolicy } from 'corsproof'; import { withCors } from 'corsproof/node'; console.log(typeof cors, typeof createCorsPolicy, typeof withCors)",
      ]),
    ).toBe("function function function");
  });

  it("require('corsproof/koa') is the middleware factory, as require('@koa/cors') is", () => {
    expect(node(["-e", "const cors = require('corsproof/koa'); console.log(typeof cors, typeof cors({ origin: 'https://a.example' }))"])).toBe(
      "function function",
    );
  });

  it("require('corsproof/fastify') registers as a Fastify plugin and exposes frameworkErrors", () => {
    const out = node([
      "-e",
      `const Fastify = require('fastify'); const cors = require('corsproof/fastify');
       (async () => {
         const app = Fastify({ frameworkErrors: cors.frameworkErrors({ origin: ['https://a.example'] }) });
         await app.register(cors, { origin: ['https://a.example'] });
         app.get('/', async () => 'ok');
         const r = await app.inject({ url: '/', headers: { origin: 'https://a.example' } });
         console.log(r.statusCode, r.headers['access-control-allow-origin']);
       })();`,
    ]);
    expect(out).toBe("200 https://a.example");
  });

  it("ESM imports resolve every adapter entry", () => {
    expect(
      node([
        "--input-type=module",
        "-e",
        "import { withCors } from 'corsproof/fetch'; import { cors } from 'corsproof/hono'; import koa from 'corsproof/koa'; import fastify, { frameworkErrors } from 'corsproof/fastify'; console.log(typeof withCors, typeof cors, typeof koa, typeof fastify, typeof frameworkErrors)",
      ]),
    ).toBe("function function function function function");
  });

  it("corsproof/browser exports what users call, and no algorithm internals", () => {
    const names = node(["--input-type=module", "-e", "import * as b from 'corsproof/browser'; console.log(Object.keys(b).sort().join(' '))"]);
    expect(names.split(" ")).toEqual(
      [
        "AUTHORIZATION_WILDCARD_WARNING",
        "CorsExpectationError",
        "chromium",
        // Cookies the browser holds, and the judgement the scanner shares (issue 10).
        "cookiesForRequest",
        "createCookieJar",
        "createPreflightCache",
        "expectCors",
        "explainRequest",
        "fetchHandlerTransport",
        "firefox",
        "httpTransport",
        "loadSuffixListFor",
        "nodeListenerTransport",
        "parseCookieOption",
        "parseNetscapeCookieFile",
        "profiles",
        "resolveProfile",
        "simulateFetch",
        "spec",
        "storeSetCookie",
        "webkit",
      ].sort(),
    );
  });
});
