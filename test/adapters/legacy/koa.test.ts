/**
 * legacy: true must behave exactly like @koa/cors 5: the same status, headers and body for the
 * same request, including on the error path (err.headers) and with origin/credentials functions.
 * Both run inside real Koa apps on real sockets, on generated configurations and requests.
 */
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import koaCors from "@koa/cors";
import fc from "fast-check";
import Koa from "koa";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import cors from "../../../src/adapters/koa.js";
import { send } from "../../support/http.js";

type Behaviour = "ok" | "throw" | "http" | "vary" | "status";

const originValue = fc.constantFrom("https://a.example", "https://b.example", "*", "", "null");
const optionSpec = fc.record(
  {
    origin: fc.oneof(
      fc.constantFrom(undefined, "*", "https://a.example", ""),
      fc.record({ fn: fc.oneof(originValue, fc.constantFrom("REQUEST", false, undefined)), async: fc.boolean() }),
    ),
    credentials: fc.oneof(fc.constantFrom(undefined, true, false), fc.record({ fn: fc.boolean() })),
    allowMethods: fc.constantFrom(undefined, "GET,POST", ["GET", "PUT"], "", []),
    allowHeaders: fc.constantFrom(undefined, "X-A", ["X-A", "x-b"], [], ""),
    exposeHeaders: fc.constantFrom(undefined, "X-E", ["X-E", "X-F"], []),
    maxAge: fc.constantFrom(undefined, 0, 600, "600", ""),
    keepHeadersOnError: fc.constantFrom(undefined, true, false),
    secureContext: fc.constantFrom(undefined, true, false),
    privateNetworkAccess: fc.constantFrom(undefined, true, false),
  },
  { requiredKeys: [] },
);
const requestSpec = fc.record({
  method: fc.constantFrom("GET", "POST", "OPTIONS", "PUT"),
  origin: fc.constantFrom(undefined, "https://a.example", "https://b.example", "null"),
  acrm: fc.constantFrom(undefined, "PUT", "GET"),
  acrh: fc.constantFrom(undefined, "content-type", "X-A, x-b"),
  acrpn: fc.constantFrom(undefined, "true"),
  behaviour: fc.constantFrom<Behaviour>("ok", "throw", "http", "vary", "status"),
});

type OptionSpec = typeof optionSpec extends fc.Arbitrary<infer T> ? T : never;

/** Fresh options from a spec (functions rebuilt each time). */
function build(spec: OptionSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { ...spec };
  const o = spec.origin;
  if (o !== null && typeof o === "object") {
    out.origin = (ctx: Koa.Context) => {
      const v = o.fn === "REQUEST" ? ctx.get("Origin") : o.fn;
      return o.async ? Promise.resolve(v) : v;
    };
  }
  const c = spec.credentials;
  if (c !== null && typeof c === "object") out.credentials = () => c.fn;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

function appWith(mw: Koa.Middleware): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(mw);
  app.use((ctx) => {
    switch (ctx.get("x-behaviour") as Behaviour) {
      case "throw":
        throw new Error("boom");
      case "http":
        ctx.throw(401, "no", { headers: { Vary: "Accept", "WWW-Authenticate": "Bearer" } });
        break;
      case "vary":
        ctx.vary("Accept-Encoding");
        ctx.body = "varied";
        break;
      case "status":
        ctx.status = 202;
        break;
      default:
        ctx.body = "ok";
    }
  });
  return app;
}

/** A server whose listener can be swapped between runs. */
async function swappable(): Promise<{ url: string; set: (l: RequestListener) => void; server: Server }> {
  let current: RequestListener = (_req, res) => res.end();
  const server = createServer((req, res) => current(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, set: (l) => (current = l), server };
}

const IGNORED = new Set(["date", "connection", "keep-alive"]);

type RequestSpec = typeof requestSpec extends fc.Arbitrary<infer T> ? T : never;

async function observe(url: string, r: RequestSpec) {
  const headers: Record<string, string> = { "x-behaviour": r.behaviour };
  if (r.origin !== undefined) headers.origin = r.origin;
  if (r.acrm !== undefined) headers["access-control-request-method"] = r.acrm;
  if (r.acrh !== undefined) headers["access-control-request-headers"] = r.acrh;
  if (r.acrpn !== undefined) headers["access-control-request-private-network"] = r.acrpn;
  const res = await send(url, r.method, headers);
  const seen: string[] = [];
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const name = (res.rawHeaders[i] as string).toLowerCase();
    if (!IGNORED.has(name)) seen.push(`${name}: ${res.rawHeaders[i + 1]}`);
  }
  return { status: res.status, headers: seen.sort(), body: res.body };
}

describe("corsproof/koa legacy: true is @koa/cors", () => {
  let ours: Awaited<ReturnType<typeof swappable>>;
  let theirs: Awaited<ReturnType<typeof swappable>>;
  beforeAll(async () => {
    [ours, theirs] = await Promise.all([swappable(), swappable()]);
  });
  afterAll(async () => {
    await Promise.all([ours, theirs].map((s) => new Promise((r) => s.server.close(r))));
  });

  it("warns once about reflecting any origin with credentials", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    cors({ credentials: true, legacy: true });
    cors({ credentials: true, legacy: true });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain("reflects ANY request Origin");
    expect(String(warn.mock.calls[0]?.[0])).toContain("wildcard-origin-with-credentials");
    warn.mockRestore();
  });

  it("matches @koa/cors response for response on generated configurations and requests", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    await fc.assert(
      fc.asyncProperty(optionSpec, fc.array(requestSpec, { minLength: 1, maxLength: 3 }), async (spec, requests) => {
        ours.set(appWith(cors({ ...build(spec), legacy: true })).callback());
        theirs.set(appWith(koaCors(build(spec))).callback());
        for (const r of requests) {
          expect(await observe(ours.url, r)).toEqual(await observe(theirs.url, r));
        }
      }),
      { numRuns: 400, seed: 20261122 },
    );
    warn.mockRestore();
  });
});
