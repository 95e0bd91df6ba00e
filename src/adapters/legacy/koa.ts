/**
 * `legacy: true` for corsproof/koa: `@koa/cors` 5.0.0's behaviour, quirks included, so a project
 * can switch imports first and tighten its configuration afterwards: a string origin is sent to
 * everyone, `credentials` with the default `"*"` origin reflects any request Origin, every header
 * is set without checking the origin, requested headers are reflected, `maxAge: 0` is not sent,
 * and an OPTIONS with Access-Control-Request-Method is answered 204 whatever it asks. Written from
 * the package's source and checked response-for-response against the real package in
 * test/adapters/legacy/koa.test.ts ("Peer quirk": see legacy-mode.ts).
 */
import type Koa from "koa";
import { KOA_METHODS, type KoaCorsOptions, translateKoaOptions } from "../koa-options.js";
import { varyWith, warnLegacy } from "./legacy-mode.js";

/** Peer quirk: `vary.append(header, "Origin")` as `@koa/cors` calls it for `err.headers`, throwing on a non-string header. */
function varyAppend(header: unknown, field: string): string {
  if (typeof header !== "string") throw new TypeError("header argument is required");
  return varyWith(header, field, false) ?? header;
}

function warnLegacyOptions(options: Record<string, unknown>): void {
  const origin = options.origin ?? "*";
  const security =
    options.credentials && (origin === "*" || typeof origin === "function")
      ? " Security: with credentials and origin '*' (the default) @koa/cors reflects ANY request Origin with Access-Control-Allow-Credentials: true, so every website can read responses with your users' cookies; list your origins and drop legacy."
      : "";
  const quirks = "@koa/cors's quirks (a string origin is sent to everyone, disallowed origins get CORS headers, requested headers are reflected)";
  warnLegacy("corsproof/koa", quirks, security, translateKoaOptions(options as KoaCorsOptions));
}

/** The `@koa/cors` 5.0.0 middleware, reproduced. */
export function legacyKoaCors(input: KoaCorsOptions): Koa.Middleware {
  const options: Record<string, unknown> = { allowMethods: KOA_METHODS, secureContext: false, ...input };
  warnLegacyOptions(options);
  for (const key of ["exposeHeaders", "allowMethods", "allowHeaders"]) if (Array.isArray(options[key])) options[key] = options[key].join(",");
  if (options.maxAge) options.maxAge = String(options.maxAge);
  options.keepHeadersOnError = options.keepHeadersOnError === undefined || !!options.keepHeadersOnError;

  return async function cors(ctx, next) {
    const requestOrigin = ctx.get("Origin");
    ctx.vary("Origin");
    let origin: unknown;
    if (typeof options.origin === "function") {
      origin = await (options.origin as (ctx: Koa.Context) => unknown)(ctx);
      if (!origin) return await next();
    } else {
      origin = options.origin || "*";
    }
    const credentials = typeof options.credentials === "function" ? await (options.credentials as (ctx: Koa.Context) => unknown)(ctx) : !!options.credentials;
    if (credentials && origin === "*") origin = requestOrigin;

    const headersSet: Record<string, unknown> = {};
    const set = (key: string, value: unknown) => {
      ctx.set(key, value as string);
      headersSet[key] = value;
    };
    const secureContext = () => {
      if (!options.secureContext) return;
      set("Cross-Origin-Opener-Policy", "same-origin");
      set("Cross-Origin-Embedder-Policy", "require-corp");
    };

    if (ctx.method !== "OPTIONS") {
      set("Access-Control-Allow-Origin", origin);
      if (credentials === true) set("Access-Control-Allow-Credentials", "true");
      if (options.exposeHeaders) set("Access-Control-Expose-Headers", options.exposeHeaders);
      secureContext();
      if (!options.keepHeadersOnError) return await next();
      try {
        return await next();
      } catch (err) {
        // @koa/cors is sloppy-mode CommonJS: reading .headers of null throws, writing it on a primitive is ignored.
        const e = err as { headers?: Record<string, unknown> };
        const errHeadersSet = e.headers || {};
        const varyWithOrigin = varyAppend(errHeadersSet.vary || errHeadersSet.Vary || "", "Origin");
        delete errHeadersSet.Vary;
        if ((typeof err === "object" && err !== null) || typeof err === "function")
          e.headers = { ...errHeadersSet, ...headersSet, ...{ vary: varyWithOrigin } };
        throw err;
      }
    }
    if (!ctx.get("Access-Control-Request-Method")) return await next();
    ctx.set("Access-Control-Allow-Origin", origin as string);
    if (credentials === true) ctx.set("Access-Control-Allow-Credentials", "true");
    if (options.maxAge) ctx.set("Access-Control-Max-Age", options.maxAge as string);
    if (options.privateNetworkAccess && ctx.get("Access-Control-Request-Private-Network")) ctx.set("Access-Control-Allow-Private-Network", "true");
    if (options.allowMethods) ctx.set("Access-Control-Allow-Methods", options.allowMethods as string);
    secureContext();
    const allowHeaders = options.allowHeaders || ctx.get("Access-Control-Request-Headers");
    if (allowHeaders) ctx.set("Access-Control-Allow-Headers", allowHeaders as string);
    ctx.status = 204;
  };
}
