/**
 * corsproof/fastify: a Fastify 5 plugin with the option names of `@fastify/cors` and corsproof's
 * strict, precompiled engine.
 *
 * - Preflights are answered in an early hook (`onRequest` by default), before authentication
 *   plugins can reject them (fastify/fastify-cors#102).
 * - A hidden `OPTIONS *` route makes Fastify accept preflights to routes without an OPTIONS
 *   handler; a plain OPTIONS (no Origin or no Access-Control-Request-Method) is not a preflight
 *   and gets Fastify's 404 there, while your own OPTIONS routes receive it untouched
 *   (fastify/fastify-cors#88).
 * - Per-route policies: `config: { cors: { ... } | false }`, merged with the plugin's options and
 *   compiled once when the route is registered, never per request. A route with its own policy
 *   also gets a hidden OPTIONS route for its URL, so its preflights are decided by that policy.
 * - Errors keep their CORS headers: the headers are set before Fastify validates, parses or runs
 *   the handler, and an `onSend` hook adds them to any response that did not pass the CORS hook
 *   (a 401 from an earlier hook, a schema-validation 400 with `hook: "preHandler"`, a 404 from
 *   another context). For Fastify's router errors (`FST_ERR_BAD_URL`), which bypass every hook,
 *   pass {@link frameworkErrors} to the Fastify factory.
 * - `@fastify/cors` names are accepted: `hook`, `delegator`, `strictPreflight`,
 *   `hideOptionsRoute`, `logLevel`, `cacheControl`, `preflight`, and origin functions
 *   `(origin, callback)` or `async (origin) => value` called with `this` = the Fastify instance.
 *   `legacy: true` reproduces `@fastify/cors` 11 exactly, quirks included.
 *
 * @example
 * ```ts
 * import Fastify from "fastify";
 * import cors from "corsproof/fastify";
 *
 * const app = Fastify();
 * await app.register(cors, { origin: ["https://app.example.com"], credentials: true });
 * app.get("/public", { config: { cors: { origin: "*", credentials: false } } }, async () => ({ ok: true }));
 * app.get("/internal", { config: { cors: false } }, async () => ({ ok: true }));
 * ```
 *
 * Security: invalid or insecure configurations (route policies included) throw a CorsConfigError
 * when they are registered. Register the plugin once, with `await`, before your routes: routes
 * registered earlier, or plugin instances nested in child contexts, do not get per-route
 * preflight routes.
 * @packageDocumentation
 */
import type { FastifyError, FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest, LogLevel } from "fastify";
import {
  appendVary,
  type ConfigIssue,
  type CorsDecision,
  type CorsOptions,
  type CorsPolicy,
  type OriginOption,
  type OriginPredicate,
  isCorsPolicy,
  type ReloadableCorsPolicy,
} from "../index.js";
import { legacyFastifyCors } from "./fastify-legacy.js";
import { requestSignals } from "./node-response.js";
import { compileTranslated, optionIssue } from "./option-aliases.js";
import { returnedValueVerdict, settleOriginCallback } from "./origin-callback.js";
import { type CorsDecider, type PolicyInput, toPolicy } from "./policy-input.js";

export { CorsConfigError, createCorsPolicy, CorsPolicy, ReloadableCorsPolicy } from "../index.js";
export type { CorsOptions, CorsDecision } from "../index.js";

/** A value an origin function may answer, as `@fastify/cors` accepts it. */
export type FastifyOriginValue = boolean | string | RegExp | ReadonlyArray<string | RegExp>;

/**
 * `@fastify/cors`'s origin function: `(origin, callback)` or `(origin) => Promise<value>`, called
 * with `this` bound to the Fastify instance. `true` allows the request's origin; a string, RegExp or
 * list is an allowlist the request's origin must match (the plugin only ever writes the request's
 * own origin); `false` or an error denies.
 */
export type FastifyOriginFunction = (
  this: FastifyInstance,
  origin: string | undefined,
  callback: (error: Error | null, value?: FastifyOriginValue) => void,
  // biome-ignore lint/suspicious/noConfusingVoidType: callback-style functions return nothing
) => void | Promise<FastifyOriginValue | undefined>;

/** Hooks the CORS headers may be set in, as `@fastify/cors` names them. */
export type CorsHook = "onRequest" | "preParsing" | "preValidation" | "preHandler" | "preSerialization";

/** Options of one policy: corsproof's plus `@fastify/cors`'s policy options. */
export interface FastifyPolicyOptions extends Omit<CorsOptions, "origin"> {
  /** Default `"*"` (as `@fastify/cors`). */
  origin?: OriginOption | FastifyOriginFunction | undefined;
  /** `Cache-Control` of successful preflight responses: seconds (`max-age=N`) or a header value. */
  cacheControl?: number | string | undefined;
  /** `false` lets preflights through to your routes (read as `preflightContinue: true`). */
  preflight?: boolean | undefined;
}

/** A route's `config.cors`: options merged over the plugin's, a policy, or `false` for no CORS. */
export type RouteCorsConfig = FastifyPolicyOptions | CorsPolicy | ReloadableCorsPolicy | false;

/**
 * Options computed per request, as `@fastify/cors`'s `delegator`: `(request) => options` (or a
 * Promise of them), or `(request, callback)` calling `callback(error, options)`.
 */
export type CorsDelegator = (
  request: FastifyRequest,
  callback: (error: Error | null, options?: FastifyPolicyOptions) => void,
  // biome-ignore lint/suspicious/noConfusingVoidType: callback-style delegators return nothing
) => FastifyPolicyOptions | Promise<FastifyPolicyOptions> | void;

/** Options of the plugin. */
export interface FastifyCorsOptions extends FastifyPolicyOptions {
  /** Hook that sets the headers and answers preflights. Default `onRequest`. */
  hook?: CorsHook | undefined;
  /** Per-request options; each distinct options object is compiled once. */
  delegator?: CorsDelegator | undefined;
  /**
   * Answer a plain OPTIONS (without Origin or Access-Control-Request-Method) to a route that has
   * no OPTIONS handler with `400 Invalid Preflight Request` instead of Fastify's 404. Default false;
   * your own OPTIONS routes are never affected.
   */
  strictPreflight?: boolean | undefined;
  /** Hide the plugin's OPTIONS routes from documentation generators. Default true. */
  hideOptionsRoute?: boolean | undefined;
  /** Log level of the plugin's OPTIONS routes. */
  logLevel?: LogLevel;
  /** A policy to use instead of options (for example a `ReloadableCorsPolicy`). */
  policy?: CorsPolicy | ReloadableCorsPolicy | undefined;
  /** Reproduce `@fastify/cors` 11 exactly, quirks included; prints a one-time warning. */
  legacy?: boolean | undefined;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** corsproof/fastify: this route's CORS policy, or `false` for none. */
    cors?: RouteCorsConfig;
  }
}

const HOOKS: readonly string[] = ["onRequest", "preParsing", "preValidation", "preHandler", "preSerialization"];
const PLUGIN_ONLY = ["hook", "delegator", "strictPreflight", "hideOptionsRoute", "logLevel", "policy", "legacy"] as const;
/** `@fastify/cors`'s default methods. */
const FASTIFY_METHODS = "GET,HEAD,POST";
/** Turns `@fastify/cors`'s origin function into a predicate; resolves synchronously when it can. */
function fromOriginFunction(fn: FastifyOriginFunction, instance: FastifyInstance, credentials: boolean): OriginPredicate {
  // `@fastify/cors` treats "*" (alone or in a list) as any origin; browsers refuse it with credentials.
  const verdict = returnedValueVerdict((value) => (value === "*" || (Array.isArray(value) && value.includes("*")) ? !credentials : undefined));
  return (origin) =>
    settleOriginCallback(
      (callback) => {
        const returned = fn.call(instance, origin, callback as (error: Error | null, value?: FastifyOriginValue) => void) as unknown;
        if (returned !== null && typeof returned === "object" && typeof (returned as Promise<unknown>).then === "function") {
          (returned as Promise<FastifyOriginValue | undefined>).then(
            (v) => callback(null, v),
            (e: Error) => callback(e),
          );
        } else if (fn.length < 2) {
          // One parameter and a plain answer: a corsproof predicate `(origin) => boolean`.
          callback(null, returned);
        }
      },
      (value) => verdict(origin, value),
    );
}

/** A compiled policy and the plugin-level extras that go with it. */
interface Compiled {
  readonly decider: CorsDecider;
  /** Cache-Control of successful preflights, or undefined. */
  readonly cacheControl: string | undefined;
}

function cacheControlOf(value: unknown, issues: ConfigIssue[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Number.isInteger(value) && (value as number) >= 0) return `max-age=${value}`;
  if (typeof value === "string" && value !== "" && !/[\r\n]/.test(value)) return value;
  issues.push(optionIssue("cacheControl", "cacheControl must be a whole number of seconds or a header value.", "Write e.g. cacheControl: 600."));
  return undefined;
}

/** Translates `@fastify/cors` option shapes (without plugin-only keys) and compiles them. */
function compileOptions(input: FastifyPolicyOptions, instance: FastifyInstance): Compiled {
  const record: Record<string, unknown> = { ...input };
  const issues: ConfigIssue[] = [];
  for (const key of PLUGIN_ONLY) delete record[key];
  const cacheControl = cacheControlOf(record.cacheControl, issues);
  delete record.cacheControl;
  if (record.preflight !== undefined) {
    if (typeof record.preflight !== "boolean") issues.push(optionIssue("preflight", "preflight must be true or false.", "Write preflight: false."));
    else if (!record.preflight) record.preflightContinue = true;
    delete record.preflight;
  }
  if (record.origin === undefined) record.origin = "*";
  if (record.methods === undefined) record.methods = FASTIFY_METHODS;
  if (typeof record.origin === "function") {
    record.origin = fromOriginFunction(record.origin as FastifyOriginFunction, instance, record.credentials === true);
  }
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return { decider: compileTranslated(record as unknown as CorsOptions, issues), cacheControl };
}

function isPolicy(value: unknown): value is CorsPolicy | ReloadableCorsPolicy {
  return isCorsPolicy(value);
}

/** Sets the decision on the reply: replaced headers (one Access-Control-Allow-Origin), appended Vary. */
function setDecision(reply: FastifyReply, d: CorsDecision): void {
  const h = d.headers;
  for (let i = 0; i < h.length; i += 2) reply.header(h[i] as string, h[i + 1] as string);
  if (d.vary !== "") reply.header("Vary", appendVary(reply.getHeader("vary") as string | string[] | number | undefined, d.vary));
}

function answerPreflight(reply: FastifyReply, d: CorsDecision, cacheControl: string | undefined): void {
  reply.code(d.status);
  if (cacheControl !== undefined && d.allowed) reply.header("Cache-Control", cacheControl);
  if (d.body !== "") {
    reply.header("X-Content-Type-Options", "nosniff").type("text/plain; charset=utf-8").send(d.body);
  } else {
    // Safari waits for a body on a 204 without Content-Length (expressjs/cors).
    reply.header("Content-Length", "0").send();
  }
}

/** What applied to a request (null: CORS disabled for it), so the onSend safety net and the OPTIONS routes know. */
const applied = new WeakMap<FastifyRequest, CorsDecision | null>();

/** Marks the plugin's own OPTIONS routes; the value maps methods to route policies (or null). */
const AUTO = Symbol.for("corsproof.fastify.options-route");

type AutoRoutes = Map<string, RouteCorsConfig>;

function autoRoutesOf(request: FastifyRequest): AutoRoutes | null | undefined {
  return (request.routeOptions.config as unknown as Record<symbol, AutoRoutes | null | undefined> | undefined)?.[AUTO];
}

/** The plugin body; see {@link fastifyCors}. */
function corsproofFastify(fastify: FastifyInstance, opts: FastifyCorsOptions | CorsPolicy | ReloadableCorsPolicy, done: (err?: Error) => void): void {
  if (!isPolicy(opts) && opts.legacy === true) {
    legacyFastifyCors(fastify, opts as unknown as Record<string, unknown>, done as (err?: Error | null) => void);
    return;
  }
  const options: FastifyCorsOptions = isPolicy(opts) ? { policy: opts } : opts;
  const hook = options.hook ?? "onRequest";
  if (!HOOKS.includes(hook)) {
    done(new TypeError(`corsproof/fastify: invalid hook option ${JSON.stringify(hook)}; use one of ${HOOKS.join(", ")}.`));
    return;
  }
  let base: Compiled;
  try {
    base =
      options.policy !== undefined ? { decider: options.policy, cacheControl: cacheControlOf(options.cacheControl, []) } : compileOptions(options, fastify);
  } catch (e) {
    done(e as Error);
    return;
  }
  const { delegator } = options;
  const routePolicies = new WeakMap<object, Compiled>();
  const delegated = new WeakMap<object, Compiled>();

  /** A route's policy, compiled once per `config.cors` object (at registration when possible). */
  const routePolicy = (config: Exclude<RouteCorsConfig, false>): Compiled => {
    let c = routePolicies.get(config);
    if (c === undefined) {
      c = isPolicy(config)
        ? { decider: config, cacheControl: base.cacheControl }
        : options.policy !== undefined
          ? compileOptions(config, fastify)
          : compileOptions({ ...options, ...config }, fastify);
      routePolicies.set(config, c);
    }
    return c;
  };

  /** The policy deciding this request: the route's, the delegator's, or the plugin's; null = none. */
  const policyFor = (request: FastifyRequest, acrm: string | undefined): Compiled | null | Promise<Compiled | null> => {
    const auto = autoRoutesOf(request);
    const config = auto ? (acrm === undefined ? undefined : auto.get(acrm)) : request.routeOptions.config?.cors;
    if (config === false) return null;
    if (config !== undefined) return routePolicy(config);
    if (delegator === undefined) return base;
    const fromOptions = (o: FastifyPolicyOptions | undefined): Compiled => {
      const key = o ?? delegated;
      let c = delegated.get(key);
      if (c === undefined) {
        c = compileOptions(o ?? {}, fastify);
        delegated.set(key, c);
      }
      return c;
    };
    if (delegator.length >= 2) {
      return new Promise((resolve, reject) => {
        (delegator as (r: FastifyRequest, cb: (e: Error | null, o?: FastifyPolicyOptions) => void) => void)(request, (error, o) => {
          if (error) reject(error);
          else {
            try {
              resolve(fromOptions(o));
            } catch (e) {
              reject(e);
            }
          }
        });
      });
    }
    const out = (delegator as (r: FastifyRequest) => FastifyPolicyOptions | Promise<FastifyPolicyOptions>)(request);
    return out instanceof Promise ? out.then(fromOptions) : fromOptions(out);
  };

  /** Decides and applies; calls `next()` unless the preflight was answered. */
  const run = (request: FastifyRequest, reply: FastifyReply, next: (err?: Error) => void, answer: boolean): void => {
    const [method, origin, acrm, acrh, acrpn] = requestSignals(request.raw);
    const finish = (compiled: Compiled | null): void => {
      if (compiled === null) {
        applied.set(request, null);
        next();
        return;
      }
      const apply = (d: CorsDecision): void => {
        applied.set(request, d);
        setDecision(reply, d);
        if (answer && d.endPreflight) answerPreflight(reply, d, compiled.cacheControl);
        else next();
      };
      const d = compiled.decider.decide(method, origin, acrm, acrh, acrpn);
      if (d instanceof Promise) d.then(apply, next);
      else apply(d);
    };
    let policy: Compiled | null | Promise<Compiled | null>;
    try {
      policy = policyFor(request, acrm);
    } catch (e) {
      next(e as Error);
      return;
    }
    if (policy instanceof Promise) policy.then(finish, next);
    else finish(policy);
  };

  // preSerialization only runs for serialised payloads, so preflights are answered in preHandler then.
  const preflightHook = hook === "preSerialization" ? "preHandler" : hook;
  if (hook === "preSerialization") {
    fastify.addHook("preHandler", (request, reply, next) => {
      if (request.raw.method === "OPTIONS" && request.headers.origin !== undefined && request.headers["access-control-request-method"] !== undefined) {
        run(request, reply, next, true);
      } else next();
    });
    fastify.addHook("preSerialization", (request, reply, payload, next) => {
      if (applied.has(request)) next(null, payload);
      else run(request, reply, (err) => next((err ?? null) as null, payload), false);
    });
  } else if (preflightHook === "preParsing") {
    fastify.addHook("preParsing", (request, reply, payload, next) => run(request, reply, (err) => next((err ?? null) as null, payload), true));
  } else {
    fastify.addHook(preflightHook as "onRequest", (request, reply, next) => run(request, reply, next, true));
  }

  // Safety net: any response that did not pass the CORS hook still gets the headers.
  fastify.addHook("onSend", (request, reply, payload, next) => {
    if (applied.has(request)) {
      next(null, payload);
      return;
    }
    run(request, reply, (err) => next((err ?? null) as null, payload), false);
  });

  const hide = options.hideOptionsRoute ?? true;
  const routeExtras = { schema: { hide } as object, ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }) };
  /** The plugin's OPTIONS routes: only preflights (answered in the hook) are theirs. */
  const optionsHandler = (request: FastifyRequest, reply: FastifyReply): void => {
    const d = applied.get(request);
    if (d?.preflight) {
      // preflightContinue, and no OPTIONS handler of yours for this URL: answer it here.
      answerPreflight(reply, d, base.cacheControl);
      return;
    }
    if (options.strictPreflight === true && (request.headers.origin === undefined || request.headers["access-control-request-method"] === undefined)) {
      reply.code(400).type("text/plain").send("Invalid Preflight Request");
      return;
    }
    reply.callNotFound();
  };
  fastify.route({ method: "OPTIONS", url: "*", ...routeExtras, config: { [AUTO]: null } as object, handler: optionsHandler });

  // Per-route policies: compile at registration; give each URL with one an OPTIONS route whose
  // preflights are decided by the policy of the route they ask about.
  const autoByUrl = new Map<string, AutoRoutes>();
  fastify.addHook("onRoute", function (this: FastifyInstance, route) {
    const config = route.config as Record<string | symbol, unknown> | undefined;
    if (config !== undefined && AUTO in config) return;
    const key = `${route.url}\u0000${route.constraints ? JSON.stringify(route.constraints) : ""}`;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.includes("OPTIONS")) {
      if (autoByUrl.has(key)) {
        throw new Error(
          `corsproof/fastify: OPTIONS ${route.url} is registered after routes of that URL with their own config.cors, for which corsproof already added an OPTIONS route. Register your OPTIONS route first (and give it config.cors if its preflights need a route policy).`,
        );
      }
      return;
    }
    const cors = config?.cors as RouteCorsConfig | undefined;
    if (cors === undefined) return;
    if (cors !== false) routePolicy(cors);
    let auto = autoByUrl.get(key);
    if (auto === undefined) {
      if (fastify.hasRoute({ url: route.url, method: "OPTIONS", ...(route.constraints ? { constraints: route.constraints } : {}) })) return;
      auto = new Map();
      autoByUrl.set(key, auto);
      this.route({
        method: "OPTIONS",
        url: route.routePath === "" ? "/" : (route.routePath ?? route.url),
        ...routeExtras,
        ...(route.constraints ? { constraints: route.constraints } : {}),
        config: { [AUTO]: auto } as object,
        handler: optionsHandler,
      });
    }
    for (const m of methods) auto.set(m, cors);
  });
  done();
}

/**
 * The Fastify plugin. Register it with options, a policy (`createCorsPolicy`), or a
 * `ReloadableCorsPolicy` (directly, or as `{ policy }` next to plugin options) to change the
 * configuration at runtime.
 *
 * @example
 * ```ts
 * const policy = new ReloadableCorsPolicy({ origin: ["https://a.example.com"] });
 * await app.register(cors, { policy, hook: "onRequest", cacheControl: 600 });
 * policy.reconfigure({ origin: ["https://a.example.com", "https://b.example.com"] }); // takes effect at once
 * // migrating: exactly @fastify/cors
 * await app.register(cors, { origin: true, credentials: true, legacy: true });
 * ```
 *
 * The plugin is marked the way `fastify-plugin` marks plugins (without depending on it): it is not
 * encapsulated, so its hooks cover the routes of the context it is registered in.
 */
export const fastifyCors = Object.assign(corsproofFastify as FastifyPluginCallback<FastifyCorsOptions | CorsPolicy | ReloadableCorsPolicy>, {
  [Symbol.for("skip-override")]: true,
  [Symbol.for("fastify.display-name")]: "corsproof",
  [Symbol.for("plugin-meta")]: { name: "corsproof", fastify: "5.x" },
});

/**
 * A `frameworkErrors` handler for the Fastify factory: Fastify answers malformed URLs
 * (`FST_ERR_BAD_URL`) and over-long parameters before any hook runs, so the plugin never sees
 * them. This handler adds the CORS headers of `input` (the plugin's policy) and sends the error,
 * or passes on to your own handler.
 *
 * @example
 * ```ts
 * const policy = new ReloadableCorsPolicy({ origin: ["https://app.example.com"] });
 * const app = Fastify({ frameworkErrors: frameworkErrors(policy) });
 * await app.register(cors, policy);
 * ```
 */
export function frameworkErrors(
  input: PolicyInput,
  next?: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void,
): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  const policy = toPolicy(input);
  const send = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    if (next) next(error, request, reply);
    else reply.code(error.statusCode ?? 400).send(error);
  };
  return (error, request, reply) => {
    const [method, origin] = requestSignals(request.raw);
    // Never a preflight answer here: the request is refused whatever it asks.
    const d = policy.decide(method === "OPTIONS" ? "GET" : method, origin);
    if (d instanceof Promise) {
      d.then(
        (r) => {
          setDecision(reply, r);
          send(error, request, reply);
        },
        () => send(error, request, reply),
      );
    } else {
      setDecision(reply, d);
      send(error, request, reply);
    }
  };
}

export default fastifyCors;
