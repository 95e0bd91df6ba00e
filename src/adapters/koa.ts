/**
 * corsproof/koa: Koa middleware with the option names and defaults of `@koa/cors`
 * ({@link KoaCorsOptions}) plus every corsproof option, on corsproof's strict, precompiled engine
 * (examples at {@link cors}). `legacy: true` reproduces `@koa/cors` 5 exactly, quirks included.
 * Where strict mode differs from `@koa/cors`: README.md, "Fastify, Koa, Hono and Fetch runtimes".
 *
 * Security: `@koa/cors` turns `credentials: true` with the default origin into "any site may read
 * responses with the user's cookies"; corsproof refuses that configuration with a CorsConfigError.
 * Register this middleware before body parsers and authentication so preflights and their errors
 * are answered with CORS headers.
 * @packageDocumentation
 */
import type Koa from "koa";
import { type CorsDecider, type CorsDecision, type CorsPolicy, isCorsPolicy, type ReloadableCorsPolicy } from "../index.js";
import { type KoaCorsOptions, type KoaTranslation, translateKoaOptions } from "./koa-options.js";
import { legacyKoaCors } from "./legacy/koa.js";
import { decideNode, nodeHeaders } from "./node-response.js";
import { compileTranslation } from "./peer-options.js";
import { perAnswer } from "./policy-input.js";
import { type HeaderAccess, type HeaderValue, writeHead } from "./write-head.js";

// Only a default export (plus types), so `require("corsproof/koa")` is the middleware factory, as
// `require("@koa/cors")` is. The engine's classes come from "corsproof".
export type { CorsOptions, CorsDecision } from "../index.js";
export type { KoaCorsOptions, KoaOriginFunction } from "./koa-options.js";

/** `secureContext: true`: the headers of a cross-origin isolated page, as `@koa/cors` sends them. */
const SECURE_CONTEXT = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

/** Header access on a plain record (`err.headers`), names compared case-insensitively. */
const recordHeaders: HeaderAccess<Record<string, unknown>> = {
  get: (record, name) => {
    for (const key of Object.keys(record)) if (key.toLowerCase() === name.toLowerCase()) return record[key] as HeaderValue;
    return undefined;
  },
  set: (record, name, value) => {
    for (const key of Object.keys(record)) if (key.toLowerCase() === name.toLowerCase()) delete record[key];
    record[name] = value;
  },
};

/**
 * Merges the CORS headers into `err.headers`, which Koa's error handler applies after it removed
 * every header of the failed response. Returns the error to rethrow.
 */
function keepOnError(error: unknown, d: CorsDecision, secure: boolean): unknown {
  if (d.headers.length === 0 && d.vary === "" && !secure) return error;
  // Koa replaces a thrown non-object with an Error (losing any headers); do it here instead.
  const target = (error !== null && typeof error === "object" ? error : new Error(`non-error thrown: ${JSON.stringify(error)}`)) as { headers?: unknown };
  const headers: Record<string, unknown> = { ...(target.headers !== null && typeof target.headers === "object" ? target.headers : {}) };
  writeHead(d, recordHeaders, headers, false);
  if (secure) for (const [name, value] of Object.entries(SECURE_CONTEXT)) recordHeaders.set(headers, name, value);
  try {
    target.headers = headers;
  } catch {
    // A frozen error object: Koa sends its response without our headers; nothing more to do.
  }
  return target;
}

/** The compiled options; a credentials function is asked per request, both variants compiled here. */
function koaPolicy(t: KoaTranslation): CorsDecider {
  const { credentials } = t;
  if (credentials === undefined) return compileTranslation(t);
  const variant = (c: boolean) => compileTranslation({ options: t.variant(c), issues: t.issues });
  const plain = variant(false);
  const credentialed = variant(true);
  return perAnswer(plain, {
    ask: (_origin, ctx) => credentials(ctx as Koa.Context),
    key: (answer) => String(answer === true),
    compile: (answer) => (answer === true ? credentialed : plain),
  });
}

/**
 * Creates the middleware. Accepts `@koa/cors`-style options (compiled once, here), a policy from
 * `createCorsPolicy`, or a `ReloadableCorsPolicy` to change the configuration at runtime.
 *
 * @example
 * ```ts
 * import cors from "corsproof/koa"; // CommonJS: const cors = require("corsproof/koa");
 * import { ReloadableCorsPolicy } from "corsproof";
 * app.use(cors({ origin: "https://*.example.com", allowHeaders: ["Content-Type", "Authorization"], maxAge: 600 }));
 * // per tenant, decided from the context:
 * app.use(cors({ origin: (ctx) => (tenants.has(ctx.get("Origin")) ? ctx.get("Origin") : false), credentials: true }));
 * // runtime changes: policy.reconfigure({...}) takes effect on the next request
 * const policy = new ReloadableCorsPolicy({ origin: ["https://app.example.com"] });
 * app.use(cors(policy));
 * // migrating: exactly @koa/cors, with a warning naming what strict mode would refuse
 * app.use(cors({ credentials: true, legacy: true }));
 * ```
 */
function cors(options: KoaCorsOptions | CorsPolicy | ReloadableCorsPolicy = {}): Koa.Middleware {
  if (!isCorsPolicy(options) && options.legacy === true) return legacyKoaCors(options);
  const policy = isCorsPolicy(options) ? options : koaPolicy(translateKoaOptions(options));
  const keep = isCorsPolicy(options) || options.keepHeadersOnError !== false;
  const secure = !isCorsPolicy(options) && options.secureContext === true;
  return async function corsproof(ctx, next) {
    const pending = decideNode(policy, ctx.req, ctx);
    const d = pending instanceof Promise ? await pending : pending;
    // Straight onto the Node response: Koa's ctx.set/ctx.response.get go through getters, and
    // reading a header through them copies every header (res.getHeaders()).
    writeHead(d, nodeHeaders, ctx.res, d.endPreflight);
    if (secure) ctx.set(SECURE_CONTEXT);
    if (d.endPreflight) {
      // Koa then answers a 204 without body or Content-Length (RFC 9110), and an empty answer of
      // any other status with its status text.
      ctx.status = d.status;
      if (d.body !== "") ctx.body = d.body;
      return;
    }
    if (!keep) {
      await next();
      return;
    }
    try {
      await next();
    } catch (error) {
      throw keepOnError(error, d, secure);
    }
  };
}

export default cors;
