/**
 * `legacy: true` for corsproof/koa: `@koa/cors` 5.0.0's behaviour, quirks included, so a project
 * can switch imports first and tighten its configuration afterwards: a string origin is sent to
 * everyone, `credentials` with the default `"*"` origin reflects any request Origin, every header
 * is set without checking the origin, requested headers are reflected, `maxAge: 0` is not sent,
 * and an OPTIONS with Access-Control-Request-Method is answered 204 whatever it asks. Written from
 * the package's source and checked response-for-response against the real package in
 * test/adapters/legacy/koa.test.ts.
 *
 * Every function here is a deliberate copy of the peer's behaviour, marked "Peer quirk" where it
 * differs from corsproof's own (or repeats a helper of another peer): fix nothing here that the
 * peer does not fix; corsproof's own behaviour lives in the strict adapters.
 */
import type Koa from "koa";
import { KOA_METHODS, type KoaCorsOptions, translateKoaOptions } from "../koa-options.js";
import { strictIssues, warnLegacy } from "./warning.js";

/** `@koa/cors`'s options, as it reads them. */
interface LegacyKoaOptions {
  origin?: unknown;
  allowMethods?: unknown;
  exposeHeaders?: unknown;
  allowHeaders?: unknown;
  maxAge?: unknown;
  credentials?: unknown;
  keepHeadersOnError?: unknown;
  secureContext?: unknown;
  privateNetworkAccess?: unknown;
}

const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Peer quirk (the `vary` package's list parser, not RFC 9110's): splits on commas, drops leading spaces but not tabs. */
function parseVary(header: string): string[] {
  let end = 0;
  let start = 0;
  const list: string[] = [];
  for (let i = 0; i < header.length; i++) {
    const c = header.charCodeAt(i);
    if (c === 0x20) {
      if (start === end) start = end = i + 1;
    } else if (c === 0x2c) {
      list.push(header.substring(start, end));
      start = end = i + 1;
    } else {
      end = i + 1;
    }
  }
  list.push(header.substring(start, end));
  return list;
}

/** Peer quirk: `vary.append(header, "Origin")`, throwing on a non-string header, as `@koa/cors` calls it for `err.headers`. */
function varyAppend(header: unknown, field: string): string {
  if (typeof header !== "string") throw new TypeError("header argument is required");
  if (!FIELD_NAME.test(field)) throw new TypeError("field argument contains an invalid header name");
  if (header === "*") return header;
  const vals = parseVary(header.toLowerCase());
  if (vals.includes("*")) return "*";
  return vals.includes(field.toLowerCase()) ? header : header ? `${header}, ${field}` : field;
}

function warnLegacyOptions(options: LegacyKoaOptions): void {
  const origin = options.origin ?? "*";
  const security =
    options.credentials && (origin === "*" || typeof origin === "function")
      ? " Security: with credentials and origin '*' (the default) @koa/cors reflects ANY request Origin with Access-Control-Allow-Credentials: true, so every website can read responses with your users' cookies; list your origins and drop legacy."
      : "";
  const t = translateKoaOptions(options as KoaCorsOptions);
  warnLegacy(
    "corsproof/koa",
    "@koa/cors's quirks (a string origin is sent to everyone, disallowed origins get CORS headers, requested headers are reflected)",
    security,
    strictIssues(t),
  );
}

/** The `@koa/cors` 5.0.0 middleware, reproduced. */
export function legacyKoaCors(input: LegacyKoaOptions): Koa.Middleware {
  const options: Record<string, unknown> = { allowMethods: KOA_METHODS, secureContext: false, ...input };
  warnLegacyOptions(options);
  if (Array.isArray(options.exposeHeaders)) options.exposeHeaders = options.exposeHeaders.join(",");
  if (Array.isArray(options.allowMethods)) options.allowMethods = options.allowMethods.join(",");
  if (Array.isArray(options.allowHeaders)) options.allowHeaders = options.allowHeaders.join(",");
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
    let credentials: unknown;
    if (typeof options.credentials === "function") credentials = await (options.credentials as (ctx: Koa.Context) => unknown)(ctx);
    else credentials = !!options.credentials;
    if (credentials && origin === "*") origin = requestOrigin;

    const headersSet: Record<string, unknown> = {};
    const set = (key: string, value: unknown) => {
      ctx.set(key, value as string);
      headersSet[key] = value;
    };

    if (ctx.method !== "OPTIONS") {
      set("Access-Control-Allow-Origin", origin);
      if (credentials === true) set("Access-Control-Allow-Credentials", "true");
      if (options.exposeHeaders) set("Access-Control-Expose-Headers", options.exposeHeaders);
      if (options.secureContext) {
        set("Cross-Origin-Opener-Policy", "same-origin");
        set("Cross-Origin-Embedder-Policy", "require-corp");
      }
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
    if (options.secureContext) {
      set("Cross-Origin-Opener-Policy", "same-origin");
      set("Cross-Origin-Embedder-Policy", "require-corp");
    }
    let allowHeaders = options.allowHeaders;
    if (!allowHeaders) allowHeaders = ctx.get("Access-Control-Request-Headers");
    if (allowHeaders) ctx.set("Access-Control-Allow-Headers", allowHeaders as string);
    ctx.status = 204;
  };
}
