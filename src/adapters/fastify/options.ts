/**
 * The plugin's options: `@fastify/cors`'s names and shapes, and their translation into corsproof
 * options — the one translation the strict plugin compiles and the legacy mode's warning validates.
 */
import type { FastifyInstance, FastifyRequest, LogLevel } from "fastify";
import type { ConfigIssue, CorsOptions, CorsPolicy, OriginOption, ReloadableCorsPolicy } from "../../index.js";
import { allowlistRule, type OriginFunctionCallback, originFunction } from "../origin-function.js";
import { withoutUndefined, optionIssue, type PeerNames, readPeerNames, type Translation } from "../peer-options.js";

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

/** The hooks the CORS headers may be set in, as `@fastify/cors` names them. */
export const HOOKS = ["onRequest", "preParsing", "preValidation", "preHandler", "preSerialization"] as const;
/** A hook the CORS headers may be set in. */
export type CorsHook = (typeof HOOKS)[number];

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

/** `@fastify/cors`'s default methods. */
export const FASTIFY_METHODS = "GET,HEAD,POST";
/** `@fastify/cors`'s names and defaults (`cacheControl` and `preflight` are translated by hand). */
const FASTIFY: PeerNames = {
  own: ["hook", "delegator", "strictPreflight", "hideOptionsRoute", "logLevel", "policy", "legacy", "cacheControl", "preflight"],
  methods: FASTIFY_METHODS,
  flags: ["preflight"],
};

/** `cacheControl` as a header value, or undefined. */
export function cacheControlOf(value: unknown, issues: ConfigIssue[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Number.isInteger(value) && (value as number) >= 0) return `max-age=${value}`;
  if (typeof value === "string" && value !== "" && !/[\r\n]/.test(value)) return value;
  issues.push(optionIssue("cacheControl", "cacheControl must be a whole number of seconds or a header value.", "Write e.g. cacheControl: 600."));
  return undefined;
}

/** Policy options translated from `@fastify/cors`'s, with the plugin-level Cache-Control. */
export interface FastifyTranslation extends Translation {
  readonly cacheControl: string | undefined;
}

/**
 * Translates `@fastify/cors` names and defaults. An origin function is called with `this` =
 * `instance`; `"*"` (alone or in a list) is any origin, which browsers refuse with credentials.
 */
export function translateFastifyOptions(input: FastifyPolicyOptions, instance: FastifyInstance): FastifyTranslation {
  const issues: ConfigIssue[] = [];
  const cacheControl = cacheControlOf(input.cacheControl, issues);
  const record = readPeerNames(input, FASTIFY, issues);
  if (input.preflight === false) record.preflightContinue = true;
  const fn = record.origin;
  if (typeof fn === "function") {
    const credentials = record.credentials === true;
    const rule = allowlistRule((answer) => (answer === "*" || (Array.isArray(answer) && answer.includes("*")) ? !credentials : undefined));
    // One parameter and a plain answer: a corsproof predicate `(origin) => boolean`.
    record.origin = originFunction((origin, _context, callback: OriginFunctionCallback) => fn.call(instance, origin, callback), fn.length < 2, rule);
  }
  return { options: withoutUndefined(record), cacheControl, issues };
}
