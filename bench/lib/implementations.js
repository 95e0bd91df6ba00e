/**
 * Every implementation under test, as `setup(row)` returning the function one benchmark iteration
 * calls (and for framework-bound peers a baseline without CORS), or `{ unsupported }` with the
 * reason a peer cannot express the row.
 *
 * Each setup also returns `probe()`, which makes one call and reports what the middleware wrote
 * (Access-Control-Allow-Origin and status), so the report can show that every row was answered as
 * intended before it was timed.
 */
import { readFileSync } from "node:fs";
import { do_not_optimize } from "mitata";
import { FakeResponse, fakeRequest, noop } from "./fakes.js";
import { isPattern, patternToRegExp } from "./scenarios.js";

/** Installed version of a dependency (read from node_modules, as some packages do not export package.json). */
function pkgVersion(name) {
  return JSON.parse(readFileSync(new URL(`../../node_modules/${name}/package.json`, import.meta.url), "utf8")).version;
}

function acaoOf(res) {
  return res.getHeader("access-control-allow-origin");
}

/** Options in corsproof syntax. */
function corsproofOptions(row) {
  const p = row.policy;
  const o = { origin: row.origins, methods: p.methods, credentials: p.credentials };
  if (p.allowedHeaders !== undefined) o.allowedHeaders = p.allowedHeaders;
  if (p.maxAge !== undefined) o.maxAge = p.maxAge;
  return o;
}

/** Options for `cors` and `@fastify/cors`: patterns become equivalent anchored RegExps. */
function corsPackageOptions(row) {
  const p = row.policy;
  const o = {
    origin: row.origins.map((e) => (isPattern(e) ? patternToRegExp(e) : e)),
    methods: p.methods.join(","),
    credentials: p.credentials,
  };
  if (p.allowedHeaders !== undefined) o.allowedHeaders = p.allowedHeaders.join(",");
  if (p.maxAge !== undefined) o.maxAge = p.maxAge;
  return o;
}

function rowRequest(row) {
  return fakeRequest(row.request.method, row.request.headers);
}

/** Express/Connect-style `(req, res, next)` middleware on a new FakeResponse per call. */
function expressStyle(mw, row) {
  const req = rowRequest(row);
  return {
    fn: () => {
      const res = new FakeResponse();
      mw(req, res, noop);
      do_not_optimize(res);
    },
    probe() {
      const res = new FakeResponse();
      mw(req, res, noop);
      return { acao: acaoOf(res), status: res.ended ? res.statusCode : 0 };
    },
  };
}

const corsproofCore = {
  id: "corsproof",
  name: "corsproof (engine)",
  family: "corsproof",
  async load() {
    const { createCorsPolicy } = await import("corsproof");
    return { createCorsPolicy };
  },
  setup({ createCorsPolicy }, row) {
    const policy = createCorsPolicy(corsproofOptions(row));
    const h = row.request.headers;
    const m = row.request.method;
    const origin = h.origin;
    const acrm = h["access-control-request-method"];
    const acrh = h["access-control-request-headers"];
    return {
      fn: () => do_not_optimize(policy.decide(m, origin, acrm, acrh, undefined)),
      probe() {
        const d = policy.decide(m, origin, acrm, acrh, undefined);
        const i = d.headers.indexOf("Access-Control-Allow-Origin");
        return { acao: i < 0 ? undefined : d.headers[i + 1], status: d.endPreflight ? d.status : 0 };
      },
    };
  },
};

const corsproofNode = {
  id: "corsproof-node",
  name: "corsproof/node",
  family: "corsproof",
  async load() {
    return await import("corsproof/node");
  },
  setup({ cors }, row) {
    const handle = cors(corsproofOptions(row));
    const req = rowRequest(row);
    return {
      fn: () => {
        const res = new FakeResponse();
        handle(req, res);
        do_not_optimize(res);
      },
      probe() {
        const res = new FakeResponse();
        handle(req, res);
        return { acao: acaoOf(res), status: res.ended ? res.statusCode : 0 };
      },
    };
  },
};

const corsproofExpress = {
  id: "corsproof-express",
  name: "corsproof/express",
  family: "corsproof",
  async load() {
    return (await import("corsproof/express")).default;
  },
  setup(corsproof, row) {
    return expressStyle(corsproof(corsproofOptions(row)), row);
  },
};

const corsPackage = {
  id: "cors",
  name: "cors",
  family: "peer",
  version: () => pkgVersion("cors"),
  async load() {
    return (await import("cors")).default;
  },
  setup(cors, row) {
    return expressStyle(cors(corsPackageOptions(row)), row);
  },
};

/**
 * @fastify/cors's own onRequest hook, captured by registering the plugin on a stub instance and
 * called directly. Its reply needs `header`/`getHeader`/`code`/`status`/`type`/`send`; FakeReply
 * maps them onto the FakeResponse surface (cheaper than Fastify's real Reply, so the peer is
 * favoured, never penalised). Its request needs `headers`, `raw.method` and `routeOptions.config`.
 */
class FakeReply extends FakeResponse {
  header(name, value) {
    this.setHeader(name, value);
    return this;
  }
  code(status) {
    this.statusCode = status;
    return this;
  }
  status(status) {
    this.statusCode = status;
    return this;
  }
  type(value) {
    this.setHeader("Content-Type", value);
    return this;
  }
  send() {
    this.end();
    return this;
  }
}

const fastifyCors = {
  id: "fastify-cors",
  name: "@fastify/cors (hook)",
  family: "peer",
  version: () => pkgVersion("@fastify/cors"),
  async load() {
    return (await import("@fastify/cors")).default;
  },
  setup(plugin, row) {
    let hook;
    const stub = {
      decorateRequest() {},
      options() {},
      addHook(name, fn) {
        if (name === "onRequest") hook = fn;
      },
    };
    plugin(stub, { ...corsPackageOptions(row), hook: "onRequest" }, (err) => {
      if (err) throw err;
    });
    const raw = rowRequest(row);
    const req = { headers: raw.headers, raw, routeOptions: { config: {} }, corsPreflightEnabled: false };
    return {
      fn: () => {
        const reply = new FakeReply();
        hook(req, reply, noop);
        do_not_optimize(reply);
      },
      probe() {
        const reply = new FakeReply();
        hook(req, reply, noop);
        return { acao: acaoOf(reply), status: reply.ended ? reply.statusCode : 0 };
      },
    };
  },
};

/**
 * @koa/cors on a Koa context built by the application itself (`app.createContext` over the same
 * fake request/response), with `next` a resolved no-op. Baseline: the same context and an async
 * no-op middleware, so net = raw - baseline is the middleware's own cost.
 */
const koaCors = {
  id: "koa-cors",
  name: "@koa/cors (ctx)",
  family: "peer",
  framework: true,
  version: () => pkgVersion("@koa/cors"),
  async load() {
    const Koa = (await import("koa")).default;
    const cors = (await import("@koa/cors")).default;
    return { app: new Koa(), cors };
  },
  setup({ app, cors }, row) {
    if (row.origins.length > 1) return { unsupported: "no origin list (only a fixed string or a function of ctx)" };
    if (isPattern(row.origins[0])) return { unsupported: "no pattern syntax" };
    const p = row.policy;
    const opts = { origin: row.origins[0], allowMethods: p.methods, credentials: p.credentials };
    if (p.allowedHeaders !== undefined) opts.allowHeaders = p.allowedHeaders;
    if (p.maxAge !== undefined) opts.maxAge = p.maxAge;
    const mw = cors(opts);
    const req = rowRequest(row);
    const next = () => Promise.resolve();
    const base = async (_ctx, n) => {
      await n();
    };
    return {
      fn: () => mw(app.createContext(req, new FakeResponse()), next),
      baseline: () => base(app.createContext(req, new FakeResponse()), next),
      async: true,
      note: "fixed-string origin: sent to every origin, allowed or not",
      async probe() {
        const res = new FakeResponse();
        const ctx = app.createContext(req, res);
        await mw(ctx, next);
        return { acao: acaoOf(res), status: res.statusCode === 204 ? 204 : 0 };
      },
    };
  },
};

/** Request headers for the Fetch-API peers (`host` is implied by the URL). */
function fetchRequest(row) {
  const headers = { ...row.request.headers };
  delete headers.host;
  return new Request("http://api.example.com/", { method: row.request.method, headers });
}

/**
 * Hono's cors middleware inside a Hono app, called with `app.fetch(request)` (what `app.request`
 * does without building the Request each time). Baseline: the same app and route without cors.
 */
const honoCors = {
  id: "hono",
  name: "hono/cors (app.fetch)",
  family: "peer",
  framework: true,
  version: () => pkgVersion("hono"),
  async load() {
    const { Hono } = await import("hono");
    const { cors } = await import("hono/cors");
    return { Hono, cors };
  },
  setup({ Hono, cors }, row) {
    if (row.origins.some(isPattern)) return { unsupported: "no pattern or RegExp syntax (needs a hand-written function)" };
    const p = row.policy;
    const opts = {
      origin: row.origins.length === 1 ? row.origins[0] : row.origins,
      allowMethods: p.methods,
      allowHeaders: p.allowedHeaders ?? [],
      credentials: p.credentials,
    };
    if (p.maxAge !== undefined) opts.maxAge = p.maxAge;
    const handler = (c) => c.text("ok");
    const app = new Hono().use(cors(opts)).all("/", handler);
    const bare = new Hono().all("/", handler);
    const request = fetchRequest(row);
    return {
      fn: () => app.fetch(request),
      baseline: () => bare.fetch(request),
      async: true,
      async probe() {
        const r = await app.fetch(request);
        return { acao: r.headers.get("access-control-allow-origin") ?? undefined, status: row.request.method === "OPTIONS" ? r.status : 0 };
      },
    };
  },
};

/**
 * h3 v2's `handleCors(event, options)` utility, called directly. The event is the minimum it reads
 * and writes: `req.method`, `req.headers.get()` over the same header object, and `res.headers`
 * (`set`/`append`) over a new FakeResponse; `res.errHeaders` is a no-op sink (cheaper than h3's
 * real Headers objects, so again the peer is favoured).
 */
const h3Cors = {
  id: "h3",
  name: "h3 handleCors",
  family: "peer",
  version: () => pkgVersion("h3"),
  async load() {
    return await import("h3");
  },
  setup({ handleCors }, row) {
    const p = row.policy;
    const opts = {
      origin: row.origins.map((e) => (isPattern(e) ? patternToRegExp(e) : e)),
      methods: p.methods,
      allowHeaders: p.allowedHeaders ?? "*",
      exposeHeaders: undefined,
      credentials: p.credentials,
      maxAge: p.maxAge === undefined ? false : String(p.maxAge),
      preflight: { statusCode: 204 },
    };
    const h = row.request.headers;
    const req = { method: row.request.method, headers: { get: (name) => h[name] ?? null } };
    const sink = { set() {}, append() {} };
    const eventFor = (res) => ({
      req,
      res: {
        headers: {
          set: (name, value) => res.setHeader(name, value),
          append(name, value) {
            const prev = res.getHeader(name);
            res.setHeader(name, prev === undefined ? value : `${prev}, ${value}`);
          },
        },
        errHeaders: sink,
      },
    });
    return {
      fn: () => {
        const res = new FakeResponse();
        do_not_optimize(handleCors(eventFor(res), opts));
        do_not_optimize(res);
      },
      probe() {
        const res = new FakeResponse();
        const out = handleCors(eventFor(res), opts);
        return { acao: acaoOf(res), status: out === false ? 0 : out.status };
      },
    };
  },
};

/**
 * The floor of this harness: writing the headers corsproof writes for the row (decided once,
 * outside the timed call) into a new FakeResponse, with the same Vary append and preflight ending,
 * and nothing else. No middleware that writes these headers through this response can go below it.
 */
const floor = {
  id: "floor",
  name: "floor (write the same headers, no decision)",
  family: "harness",
  async load() {
    const { createCorsPolicy } = await import("corsproof");
    return { createCorsPolicy };
  },
  setup({ createCorsPolicy }, row) {
    const h = row.request.headers;
    const d = createCorsPolicy(corsproofOptions(row)).decide(
      row.request.method,
      h.origin,
      h["access-control-request-method"],
      h["access-control-request-headers"],
      undefined,
    );
    const write = (res) => {
      const list = d.headers;
      for (let i = 0; i < list.length; i += 2) res.setHeader(list[i], list[i + 1]);
      if (d.vary !== "") {
        const existing = res.getHeader("Vary");
        res.setHeader("Vary", existing === undefined ? d.vary : `${existing}, ${d.vary}`);
      }
      if (d.endPreflight) {
        res.statusCode = d.status;
        res.setHeader("Content-Length", "0");
        res.end();
      }
    };
    return {
      fn: () => {
        const res = new FakeResponse();
        write(res);
        do_not_optimize(res);
      },
      probe() {
        const res = new FakeResponse();
        write(res);
        return { acao: acaoOf(res), status: res.ended ? res.statusCode : 0 };
      },
    };
  },
};

/** The cost of the harness itself: a new FakeResponse and a call to an empty middleware. */
const harness = {
  id: "harness",
  name: "harness (new FakeResponse + empty call)",
  family: "harness",
  async load() {
    return undefined;
  },
  setup(_, row) {
    const req = rowRequest(row);
    const mw = (_req, res, next) => {
      if (res.statusCode === 0) next();
    };
    return {
      fn: () => {
        const res = new FakeResponse();
        mw(req, res, noop);
        do_not_optimize(res);
      },
      probe: () => ({ acao: undefined, status: 0 }),
    };
  },
};

/**
 * corsproof/koa on the same Koa context as @koa/cors, with the same baseline. It gets a compiled
 * policy (the adapter accepts one), so every row is expressible.
 */
const corsproofKoa = {
  id: "corsproof-koa",
  name: "corsproof/koa (ctx)",
  family: "corsproof",
  framework: true,
  dist: "koa",
  async load() {
    const Koa = (await import("koa")).default;
    const mod = await import("corsproof/koa");
    const { createCorsPolicy } = await import("corsproof");
    return { app: new Koa(), cors: mod.cors ?? mod.default, createCorsPolicy };
  },
  setup({ app, cors, createCorsPolicy }, row) {
    const mw = cors(createCorsPolicy(corsproofOptions(row)));
    const req = rowRequest(row);
    const next = () => Promise.resolve();
    const base = async (_ctx, n) => {
      await n();
    };
    return {
      fn: () => mw(app.createContext(req, new FakeResponse()), next),
      baseline: () => base(app.createContext(req, new FakeResponse()), next),
      async: true,
      async probe() {
        const res = new FakeResponse();
        const ctx = app.createContext(req, res);
        await mw(ctx, next);
        return { acao: acaoOf(res), status: row.request.method === "OPTIONS" ? res.statusCode : 0 };
      },
    };
  },
};

/** corsproof/hono in the same Hono app as hono/cors, with the same baseline. */
const corsproofHono = {
  id: "corsproof-hono",
  name: "corsproof/hono (app.fetch)",
  family: "corsproof",
  framework: true,
  dist: "hono",
  async load() {
    const { Hono } = await import("hono");
    const mod = await import("corsproof/hono");
    const { createCorsPolicy } = await import("corsproof");
    return { Hono, cors: mod.cors ?? mod.default, createCorsPolicy };
  },
  setup({ Hono, cors, createCorsPolicy }, row) {
    const handler = (c) => c.text("ok");
    const app = new Hono().use(cors(createCorsPolicy(corsproofOptions(row)))).all("/", handler);
    const bare = new Hono().all("/", handler);
    const request = fetchRequest(row);
    return {
      fn: () => app.fetch(request),
      baseline: () => bare.fetch(request),
      async: true,
      async probe() {
        const r = await app.fetch(request);
        return { acao: r.headers.get("access-control-allow-origin") ?? undefined, status: row.request.method === "OPTIONS" ? r.status : 0 };
      },
    };
  },
};

/** Always measured; the corsproof framework adapters (with `dist`) only when their dist entry exists. */
export const IMPLEMENTATIONS = [
  harness,
  floor,
  corsproofCore,
  corsproofNode,
  corsproofExpress,
  corsproofKoa,
  corsproofHono,
  corsPackage,
  fastifyCors,
  koaCors,
  honoCors,
  h3Cors,
];

export function implementation(id) {
  const impl = IMPLEMENTATIONS.find((i) => i.id === id);
  if (!impl) throw new Error(`unknown implementation ${id}`);
  return impl;
}
