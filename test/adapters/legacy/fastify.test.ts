/**
 * legacy: true must behave exactly like @fastify/cors 11: the same status, headers and body for
 * the same request, with route config.cors, delegators, origin functions and every hook. Both run
 * inside real Fastify instances (inject), on generated configurations and requests.
 */
import fastifyCors from "@fastify/cors";
import fc from "fast-check";
import Fastify, { type FastifyInstance } from "fastify";
import { describe, expect, it, vi } from "vitest";
import cors, { type RouteCorsConfig } from "../../../src/adapters/fastify/index.js";

const originValue = fc.oneof(
  fc.constantFrom(true, false, "*", "https://a.example", "https://a.example/", ""),
  fc.record({ re: fc.constantFrom("a\\.example", "^https://a\\.example$", "example"), flags: fc.constantFrom("", "g", "i") }),
  fc.array(
    fc.oneof(fc.constantFrom("https://a.example", "https://b.example", "*"), fc.record({ re: fc.constantFrom("b\\.", "^x"), flags: fc.constantFrom("", "g") })),
    {
      maxLength: 3,
    },
  ),
);
const originSpec = fc.oneof(
  fc.constant("UNSET"),
  originValue,
  fc.record({ fn: fc.oneof(originValue, fc.constant("ERR")), style: fc.constantFrom("callback", "async") }),
);
const listValue = fc.constantFrom(undefined, "GET,PUT", ["GET", "PUT"], "X-A, x-b", ["X-A", "x-b"], "");
const optionSpec = fc.record(
  {
    methods: listValue,
    allowedHeaders: listValue,
    exposedHeaders: fc.constantFrom(undefined, null, "X-E", ["X-E", "X-F"]),
    credentials: fc.constantFrom(undefined, true, false),
    maxAge: fc.constantFrom(undefined, null, 0, 600),
    cacheControl: fc.constantFrom(undefined, null, 600, "no-store", 1.5),
    preflightContinue: fc.constantFrom(undefined, true, false),
    optionsSuccessStatus: fc.constantFrom(undefined, 200, 204),
    preflight: fc.constantFrom(undefined, true, false),
    strictPreflight: fc.constantFrom(undefined, true, false),
    hook: fc.constantFrom(undefined, "onRequest", "preParsing", "preValidation", "preHandler", "preSerialization"),
  },
  { requiredKeys: [] },
);
const setupSpec = fc.record({
  origin: originSpec,
  options: optionSpec,
  delegator: fc.constantFrom("none", "promise", "callback"),
  route: fc.constantFrom<"UNSET" | RouteCorsConfig>("UNSET", false, { origin: "https://b.example" }, { credentials: true, exposedHeaders: "X-R" }),
});
const requestSpec = fc.record({
  method: fc.constantFrom("GET", "POST", "OPTIONS", "PUT"),
  url: fc.constantFrom("/", "/r", "/mine", "/vary", "/missing"),
  origin: fc.constantFrom(undefined, "https://a.example", "https://b.example", "https://x.example", ""),
  acrm: fc.constantFrom(undefined, "PUT", "GET"),
  acrh: fc.constantFrom(undefined, "content-type", "X-A, x-b"),
  vary: fc.constantFrom(undefined, "*", "Accept", "origin, Accept"),
});

type SetupSpec = typeof setupSpec extends fc.Arbitrary<infer T> ? T : never;
type RequestSpec = typeof requestSpec extends fc.Arbitrary<infer T> ? T : never;

/** Fresh values (RegExps are stateful with the g flag, so each plugin gets its own). */
function value(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(value);
  if (v !== null && typeof v === "object" && "re" in v) {
    const { re, flags } = v as unknown as { re: string; flags: string };
    return new RegExp(re, flags);
  }
  if (v !== null && typeof v === "object" && "fn" in v) {
    const { fn, style } = v as { fn: unknown; style: string };
    if (style === "async") return async () => (fn === "ERR" ? Promise.reject(new Error("denied")) : value(fn));
    return (_origin: unknown, cb: (e: Error | null, v?: unknown) => void) => (fn === "ERR" ? cb(new Error("denied")) : cb(null, value(fn)));
  }
  return v;
}

function options(spec: SetupSpec): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec.options)) if (v !== undefined) o[k] = v;
  if (spec.origin !== "UNSET") o.origin = value(spec.origin);
  return o;
}

async function build(plugin: (o: Record<string, unknown>) => [unknown, unknown], spec: SetupSpec): Promise<FastifyInstance> {
  const app = Fastify();
  // A Vary already on the reply when the CORS hook runs (set from the test's x-vary header).
  app.addHook("onRequest", (req, reply, done) => {
    if (req.headers["x-vary"] !== undefined) reply.header("Vary", req.headers["x-vary"]);
    done();
  });
  const o = options(spec);
  const { hook, ...policy } = o;
  let registered: Record<string, unknown> = o;
  if (spec.delegator === "promise") registered = { ...(hook === undefined ? {} : { hook }), delegator: async () => policy };
  if (spec.delegator === "callback")
    registered = { ...(hook === undefined ? {} : { hook }), delegator: (_req: unknown, cb: (e: null, o: unknown) => void) => cb(null, policy) };
  const [p, opts] = plugin(registered);
  await app.register(p as typeof fastifyCors, opts as Record<string, never>);
  const handler = async () => ({ ok: true });
  app.get("/", handler);
  app.post("/", handler);
  app.put("/r", spec.route === "UNSET" ? {} : { config: { cors: spec.route } }, handler);
  app.get("/r", spec.route === "UNSET" ? {} : { config: { cors: spec.route } }, handler);
  app.options("/mine", async (_req, reply) => reply.code(200).send({ mine: true }));
  app.get("/vary", async (_req, reply) => {
    reply.header("Vary", "Accept");
    return { ok: true };
  });
  await app.ready();
  return app;
}

async function observe(app: FastifyInstance, r: RequestSpec) {
  const headers: Record<string, string> = {};
  if (r.origin !== undefined) headers.origin = r.origin;
  if (r.acrm !== undefined) headers["access-control-request-method"] = r.acrm;
  if (r.acrh !== undefined) headers["access-control-request-headers"] = r.acrh;
  if (r.vary !== undefined) headers["x-vary"] = r.vary;
  const res = await app.inject({ method: r.method as "GET", url: r.url, headers });
  const { date: _date, ...rest } = res.headers;
  return { status: res.statusCode, headers: rest, body: res.body };
}

describe("corsproof/fastify legacy: true is @fastify/cors", () => {
  it("warns once, naming what strict mode would refuse", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    for (let i = 0; i < 2; i++) {
      const app = Fastify();
      await app.register(cors, { origin: true, credentials: true, maxAge: 99999, legacy: true });
      await app.close();
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain("reflect-origin-with-credentials");
    warn.mockRestore();
  });

  it("matches @fastify/cors response for response on generated configurations and requests", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    await fc.assert(
      fc.asyncProperty(setupSpec, fc.array(requestSpec, { minLength: 1, maxLength: 4 }), async (spec, requests) => {
        const ours = await build((o) => [cors, { ...o, legacy: true }], spec);
        const theirs = await build((o) => [fastifyCors, o], spec);
        try {
          for (const r of requests) expect(await observe(ours, r)).toEqual(await observe(theirs, r));
        } finally {
          await Promise.all([ours.close(), theirs.close()]);
        }
      }),
      { numRuns: 300, seed: 20261123 },
    );
    warn.mockRestore();
  });
});
