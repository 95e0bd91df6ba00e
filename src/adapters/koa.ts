/**
 * corsproof/koa: Koa middleware with the option names of `@koa/cors` and corsproof's strict,
 * precompiled engine.
 *
 * Same names as `@koa/cors` for valid configurations — `origin` (`"*"` by default, a string, or
 * `(ctx) => string | false`, possibly async), `allowMethods`, `allowHeaders`, `exposeHeaders`,
 * `maxAge`, `credentials` (boolean or `(ctx) => boolean`), `keepHeadersOnError` (default true),
 * `privateNetworkAccess`, `secureContext` — plus every corsproof option (`methods`,
 * `allowedHeaders`, origin lists and patterns such as `https://*.example.com`, `timingAllowOrigin`,
 * `debug`…).
 *
 * Differences from `@koa/cors`, none of which a browser can tell apart for allowed requests:
 * a string origin is an allowlist of one (not a value sent to everyone); disallowed origins,
 * methods and headers get no CORS headers (refused preflights get 403); requested headers are
 * validated before they are echoed; `origin: "*"` with credentials is refused at start-up instead
 * of silently reflecting every origin; an origin function's answer is compared with the request's
 * Origin. Errors thrown downstream keep the CORS headers, appended to `err.headers` for Koa's
 * error handler. `legacy: true` reproduces `@koa/cors` 5 exactly, quirks included.
 *
 * @example
 * ```ts
 * import Koa from "koa";
 * import cors from "corsproof/koa";
 *
 * const app = new Koa();
 * app.use(cors({ origin: ["https://app.example.com"], credentials: true, allowMethods: ["GET", "PUT"] }));
 * ```
 *
 * Security: `@koa/cors` turns `credentials: true` with the default origin into "any site may read
 * responses with the user's cookies"; corsproof refuses that configuration with a CorsConfigError.
 * Register this middleware before body parsers and authentication so preflights and their errors
 * are answered with CORS headers.
 * @packageDocumentation
 */
import type Koa from "koa";
import {
  appendVary,
  type ConfigIssue,
  type CorsDecision,
  type CorsOptions,
  type CorsPolicy,
  isCorsPolicy,
  type ListOption,
  type OriginOption,
  type OriginPredicate,
  type ReloadableCorsPolicy,
} from "../index.js";
import { legacyKoaCors } from "./koa-legacy.js";
import { requestSignals, writeHeaders } from "./node-response.js";
import { compileTranslated, optionIssue, renameOption } from "./option-aliases.js";
import type { CorsDecider } from "./policy-input.js";

// Only a default export (plus types), so `require("corsproof/koa")` is the middleware factory, as
// `require("@koa/cors")` is. The engine's classes come from "corsproof".
export type { CorsOptions, CorsDecision } from "../index.js";

/**
 * `@koa/cors`'s origin function. Return the request's Origin (`ctx.get("Origin")`) or `true` to
 * allow it; a falsy value or any other origin denies; `"*"` allows only without credentials.
 */
export type KoaOriginFunction = (ctx: Koa.Context) => string | boolean | null | undefined | Promise<string | boolean | null | undefined>;

/** Options of corsproof/koa: `@koa/cors`'s names plus every corsproof option. */
export interface KoaCorsOptions extends Omit<CorsOptions, "origin" | "maxAge" | "credentials"> {
  /** Default `"*"` (as `@koa/cors`). A function receives the Koa context. */
  origin?: Exclude<OriginOption, OriginPredicate> | KoaOriginFunction | undefined;
  /** A boolean, or `(ctx) => boolean` decided per request (both variants are compiled at start-up). */
  credentials?: boolean | ((ctx: Koa.Context) => boolean | Promise<boolean>) | undefined;
  /** Seconds, as a number or a numeric string. */
  maxAge?: number | string | undefined;
  /** `@koa/cors`'s name for `methods`. Default `GET,HEAD,PUT,POST,DELETE,PATCH`. */
  allowMethods?: ListOption | undefined;
  /** `@koa/cors`'s name for `allowedHeaders`. */
  allowHeaders?: ListOption | undefined;
  /** `@koa/cors`'s name for `exposedHeaders`. */
  exposeHeaders?: ListOption | undefined;
  /** Copy the CORS headers into `err.headers` when a downstream middleware throws. Default true. */
  keepHeadersOnError?: boolean | undefined;
  /** Also send `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`. */
  secureContext?: boolean | undefined;
  /** `@koa/cors`'s name for `privateNetwork`. */
  privateNetworkAccess?: boolean | undefined;
  /** Reproduce `@koa/cors` 5 exactly, quirks included; prints a one-time warning. */
  legacy?: boolean | undefined;
}

/** `@koa/cors`'s default methods, in its order. */
const KOA_METHODS = "GET,HEAD,PUT,POST,DELETE,PATCH";
const SECURE_CONTEXT = ["Cross-Origin-Opener-Policy", "same-origin", "Cross-Origin-Embedder-Policy", "require-corp"] as const;

/** The request's context, visible to user functions while the policy decides (synchronously). */
interface Slot {
  current: Koa.Context | undefined;
}

function originPredicate(fn: KoaOriginFunction, slot: Slot, credentials: boolean): OriginPredicate {
  const allows = (origin: string, answer: unknown) => answer === true || answer === origin || (answer === "*" && !credentials);
  return (origin) => {
    const answer = fn(slot.current as Koa.Context);
    if (answer !== null && typeof answer === "object" && typeof (answer as Promise<unknown>).then === "function") {
      return (answer as Promise<unknown>).then((a) => allows(origin, a));
    }
    return allows(origin, answer);
  };
}

interface Compiled {
  /** Decider when credentials are off (or always, without a credentials function). */
  plain: CorsDecider;
  /** Decider when a credentials function says yes. */
  credentialed: CorsDecider | undefined;
  credentials: ((ctx: Koa.Context) => boolean | Promise<boolean>) | undefined;
}

function compile(input: KoaCorsOptions, slot: Slot): Compiled {
  const record: Record<string, unknown> = { ...input };
  const issues: ConfigIssue[] = [];
  for (const key of ["legacy", "keepHeadersOnError", "secureContext"]) delete record[key];
  renameOption(record, "allowMethods", "methods", issues);
  renameOption(record, "allowHeaders", "allowedHeaders", issues);
  renameOption(record, "exposeHeaders", "exposedHeaders", issues);
  renameOption(record, "privateNetworkAccess", "privateNetwork", issues);
  if (record.methods === undefined) record.methods = KOA_METHODS;
  if (record.origin === undefined) record.origin = "*";
  if (typeof record.maxAge === "string" && /^\d+$/.test(record.maxAge)) record.maxAge = Number(record.maxAge);
  for (const key of ["keepHeadersOnError", "secureContext"] as const) {
    const v = input[key];
    if (v !== undefined && typeof v !== "boolean") issues.push(optionIssue(key, `${key} must be true or false.`, `Write ${key}: true or ${key}: false.`));
  }
  const credentials = typeof record.credentials === "function" ? (record.credentials as Compiled["credentials"]) : undefined;
  const originFn = typeof record.origin === "function" ? (record.origin as KoaOriginFunction) : undefined;
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  const variant = (withCredentials: boolean): CorsDecider => {
    const options = { ...record } as Record<string, unknown>;
    if (credentials !== undefined) options.credentials = withCredentials;
    if (originFn !== undefined) options.origin = originPredicate(originFn, slot, withCredentials);
    return compileTranslated(options as unknown as CorsOptions, issues);
  };
  if (credentials === undefined) return { plain: variant(record.credentials === true), credentialed: undefined, credentials };
  return { plain: variant(false), credentialed: variant(true), credentials };
}

/**
 * Merges the CORS headers into `err.headers`, which Koa's error handler applies after it removed
 * every header of the failed response. Returns the error to rethrow.
 */
function keepOnError(error: unknown, d: CorsDecision, secure: boolean): unknown {
  if (d.headers.length === 0 && d.vary === "" && !secure) return error;
  // Koa replaces a thrown non-object with an Error (losing any headers); do it here instead.
  const target = (error !== null && typeof error === "object" ? error : new Error(`non-error thrown: ${JSON.stringify(error)}`)) as { headers?: unknown };
  const headers: Record<string, unknown> = {};
  let vary: string | number | readonly string[] | undefined;
  const names = new Set<string>();
  for (let i = 0; i < d.headers.length; i += 2) names.add((d.headers[i] as string).toLowerCase());
  if (secure) for (let i = 0; i < SECURE_CONTEXT.length; i += 2) names.add((SECURE_CONTEXT[i] as string).toLowerCase());
  const previous = target.headers;
  if (previous !== null && typeof previous === "object") {
    for (const [name, value] of Object.entries(previous)) {
      const lower = name.toLowerCase();
      if (lower === "vary") vary = value as string;
      else if (!names.has(lower)) headers[name] = value;
    }
  }
  for (let i = 0; i < d.headers.length; i += 2) headers[d.headers[i] as string] = d.headers[i + 1];
  if (secure) for (let i = 0; i < SECURE_CONTEXT.length; i += 2) headers[SECURE_CONTEXT[i] as string] = SECURE_CONTEXT[i + 1];
  if (d.vary !== "") headers.Vary = appendVary(vary, d.vary);
  else if (vary !== undefined) headers.Vary = vary;
  try {
    target.headers = headers;
  } catch {
    // A frozen error object: Koa sends its response without our headers; nothing more to do.
  }
  return target;
}

function answerPreflight(ctx: Koa.Context, d: CorsDecision): void {
  ctx.status = d.status;
  if (d.body !== "") {
    ctx.res.setHeader("X-Content-Type-Options", "nosniff");
    ctx.type = "text/plain; charset=utf-8";
    ctx.body = d.body;
  }
  // Otherwise Koa answers: a 204 without body or Content-Length (RFC 9110), any other status
  // with its status text.
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
  const slot: Slot = { current: undefined };
  let compiled: Compiled;
  let keep = true;
  let secure = false;
  if (isCorsPolicy(options)) {
    compiled = { plain: options, credentialed: undefined, credentials: undefined };
  } else {
    compiled = compile(options, slot);
    keep = options.keepHeadersOnError !== false;
    secure = options.secureContext === true;
  }
  const { plain, credentialed, credentials } = compiled;
  return async function corsproof(ctx, next) {
    const [method, origin, acrm, acrh, acrpn] = requestSignals(ctx.req);
    let decider = plain;
    if (credentials !== undefined && origin !== undefined && (await credentials(ctx)) === true) decider = credentialed as CorsDecider;
    slot.current = ctx;
    let pending: CorsDecision | Promise<CorsDecision>;
    try {
      pending = decider.decide(method, origin, acrm, acrh, acrpn);
    } finally {
      slot.current = undefined;
    }
    const d = pending instanceof Promise ? await pending : pending;
    // Straight onto the Node response: Koa's ctx.set/ctx.response.get go through getters, and
    // reading a header through them copies every header (res.getHeaders()).
    writeHeaders(d, ctx.res);
    if (secure) for (let i = 0; i < SECURE_CONTEXT.length; i += 2) ctx.set(SECURE_CONTEXT[i] as string, SECURE_CONTEXT[i + 1] as string);
    if (d.endPreflight) {
      answerPreflight(ctx, d);
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
