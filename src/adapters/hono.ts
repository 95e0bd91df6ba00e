/**
 * corsproof/hono: a Hono middleware with the option names and defaults of `hono/cors`
 * ({@link HonoCorsOptions}) plus every corsproof option, on corsproof's strict, precompiled engine
 * (examples at {@link cors}). Where it differs from `hono/cors`: README.md, "Fastify, Koa, Hono
 * and Fetch runtimes".
 *
 * Security: `origin: "*"` with `credentials: true` throws a CorsConfigError (`hono/cors` sends a
 * pair browsers refuse). An origin function's answer is compared with the request's Origin; the
 * middleware only ever writes the request's own (validated) origin.
 * @packageDocumentation
 */
import type { Context, MiddlewareHandler } from "hono";
import { type CorsDecider, type CorsDecision, type CorsPolicy, isCorsPolicy, type ReloadableCorsPolicy } from "../index.js";
import { decideFetch, fetchHeaders, preflightResponse } from "./fetch-response.js";
import { type HonoCorsOptions, type HonoTranslation, translateHonoOptions } from "./hono-options.js";
import { compileTranslation } from "./peer-options.js";
import { perAnswer } from "./policy-input.js";
import { writeHead } from "./write-head.js";

export { CorsConfigError, createCorsPolicy, CorsPolicy, ReloadableCorsPolicy } from "../index.js";
export type { CorsOptions, CorsDecision } from "../index.js";
export type { HonoCorsOptions, HonoOriginFunction } from "./hono-options.js";

/** The compiled options; an `allowMethods` function is asked on preflights, one policy per distinct answer. */
function honoPolicy(t: HonoTranslation): CorsDecider {
  const base = compileTranslation(t);
  const { methods } = t;
  if (methods === undefined) return base;
  return perAnswer(base, {
    when: (method, acrm) => method === "OPTIONS" && acrm !== undefined,
    ask: (origin, c) => methods(origin, c as Context),
    key: (answer) => answer.join(","),
    compile: (answer) => compileTranslation({ options: { ...t.options, methods: answer }, issues: [] }),
  });
}

/** Sets the decision on `c.res`, replacing it with a mutable copy when its headers are immutable. */
function applyToContext(c: Context, d: CorsDecision): void {
  if (d.headers.length === 0 && d.vary === "") return;
  try {
    writeHead(d, fetchHeaders, c.res.headers, false);
  } catch {
    // Immutable headers: nothing was changed (the first set threw). A network error (status 0)
    // cannot be copied (Hono's copy would throw a RangeError and turn it into a 500) and has
    // nothing a page could read anyway: left as it is, as corsproof/fetch leaves it.
    if (c.res.status === 0) return;
    // Hono's setter copies the Response (and its headers) into a mutable one.
    // biome-ignore lint/correctness/noSelfAssign: the setter makes a mutable copy
    c.res = c.res;
    writeHead(d, fetchHeaders, c.res.headers, false);
  }
}

function preflight(c: Context, d: CorsDecision): Response {
  // Build on c.res's headers (as hono/cors does) so headers set by earlier middleware are kept and
  // Hono's merge of them into the returned Response leaves ours intact.
  let headers: Headers;
  try {
    headers = c.res.headers;
    headers.delete("Content-Length");
    headers.delete("Content-Type");
  } catch {
    headers = new Headers();
  }
  return preflightResponse(d, headers);
}

/**
 * Creates the middleware. Accepts `hono/cors`-style options (compiled once, here), a policy from
 * `createCorsPolicy`, or a `ReloadableCorsPolicy` to change the configuration at runtime.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { cors } from "corsproof/hono";
 *
 * const app = new Hono();
 * app.use("/api/*", cors({ origin: ["https://app.example.com"], credentials: true, maxAge: 600 }));
 * app.use("*", cors({ origin: (origin) => (origin.endsWith(".example.com") ? origin : null) }));
 * app.use("/admin/*", cors(new ReloadableCorsPolicy({ origin: ["https://admin.example.com"], credentials: true })));
 * ```
 */
export function cors(options: HonoCorsOptions | CorsPolicy | ReloadableCorsPolicy = {}): MiddlewareHandler {
  const policy = isCorsPolicy(options) ? options : honoPolicy(translateHonoOptions(options));
  return async function corsproof(c, next) {
    const request = c.req.raw;
    const pending = decideFetch(policy, request.method, request.headers, c);
    const d = pending instanceof Promise ? await pending : pending;
    if (d.endPreflight) return preflight(c, d);
    // After the handler, on whatever Response it produced: a new Response, an error response from
    // app.onError, or notFound. Hono catches handler errors before they reach this point.
    await next();
    applyToContext(c, d);
  };
}

export default cors;
