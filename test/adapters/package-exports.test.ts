/**
 * The built adapter entries as users load them, through the package's exports map (dist/ must be
 * built; the test command builds first): CommonJS `require` gives what the peer package gives.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const built = ["fetch", "hono", "koa", "fastify"].every((n) => existsSync(resolve(ROOT, `dist/${n}.cjs`)));

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" }).trim();
}

describe.skipIf(!built && process.env.CI !== "true")("adapter package exports (dist)", () => {
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
});
