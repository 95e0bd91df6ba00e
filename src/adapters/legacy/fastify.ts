/**
 * `legacy: true` for corsproof/fastify: `@fastify/cors` 11's behaviour, quirks included, so a
 * project can switch imports first and tighten its configuration afterwards: every OPTIONS is a
 * preflight (and, with `strictPreflight`, a plain OPTIONS is a 400), a string origin is sent to
 * everyone, disallowed origins still get Access-Control-Allow-Credentials/-Methods, requested
 * headers are reflected, `origin: true` with credentials reflects any origin, and route
 * `config.cors` is merged into the options on every request. Written from the package's source
 * and checked response-for-response against the real package in test/adapters/legacy/fastify.test.ts
 * ("Peer quirk": see legacy-mode.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type CorsHook, FASTIFY_METHODS, type FastifyPolicyOptions, HOOKS, translateFastifyOptions } from "../fastify/options.js";
import { isOriginAllowed, varyWith, warnLegacy } from "./legacy-mode.js";

type Next = (err?: Error | null) => void;
type Options = Record<string, unknown>;

const defaultOptions: Options = {
  origin: "*",
  methods: FASTIFY_METHODS,
  hook: "onRequest",
  preflightContinue: false,
  optionsSuccessStatus: 204,
  credentials: false,
  exposedHeaders: null,
  allowedHeaders: null,
  maxAge: null,
  preflight: true,
  strictPreflight: true,
};
const hookWithPayload = ["preSerialization", "preParsing"];

/** `@fastify/cors`'s createAddFieldnameToVary, without its FIFO cache (same output). */
function addToVary(reply: FastifyReply, fieldname: string): void {
  const header = reply.getHeader("Vary") as unknown;
  const next = varyWith(!header ? "" : Array.isArray(header) ? header.join(", ") : (header as string), fieldname, true);
  if (next !== undefined) reply.header("Vary", next);
}

/** Warns once about the quirks, and about what strict mode would refuse in static options. */
function warnLegacyOptions(fastify: FastifyInstance, opts: unknown): void {
  const inspect = opts !== null && typeof opts === "object" && !(opts as Options).delegator;
  const quirks = "@fastify/cors's quirks (any OPTIONS is a preflight, disallowed origins still get CORS headers, requested headers are reflected)";
  warnLegacy("corsproof/fastify", quirks, "", inspect ? translateFastifyOptions(opts as FastifyPolicyOptions, fastify) : undefined);
}

function validateHook(value: unknown, next: Next): boolean {
  if (HOOKS.indexOf(value as CorsHook) !== -1) return true;
  next(new TypeError("@fastify/cors: Invalid hook option provided."));
  return false;
}

function normalizeCorsOptions(opts: Options, dynamic?: boolean): Options {
  const corsOptions: Options = { ...defaultOptions, ...opts };
  if (Array.isArray(opts.origin) && opts.origin.indexOf("*") !== -1) corsOptions.origin = "*";
  if (Number.isInteger(corsOptions.cacheControl)) corsOptions.cacheControl = `max-age=${corsOptions.cacheControl}`;
  else if (typeof corsOptions.cacheControl !== "string") corsOptions.cacheControl = null;
  corsOptions.dynamic = dynamic || false;
  return corsOptions;
}

function getAccessControlAllowOriginHeader(reqOrigin: unknown, originOption: unknown): unknown {
  if (Array.isArray(originOption) && originOption.indexOf("*") !== -1) return "*";
  if (typeof originOption === "string") return originOption;
  return isOriginAllowed(reqOrigin, originOption, true) ? reqOrigin : false;
}

function addCorsHeaders(req: FastifyRequest, reply: FastifyReply, originOption: unknown, o: Options): void {
  const origin = getAccessControlAllowOriginHeader(req.headers.origin, originOption);
  if (origin) reply.header("Access-Control-Allow-Origin", origin);
  if (o.credentials) reply.header("Access-Control-Allow-Credentials", "true");
  if (o.exposedHeaders !== null) {
    reply.header("Access-Control-Expose-Headers", Array.isArray(o.exposedHeaders) ? o.exposedHeaders.join(", ") : o.exposedHeaders);
  }
}

function addPreflightHeaders(req: FastifyRequest, reply: FastifyReply, o: Options): void {
  reply.header("Access-Control-Allow-Methods", Array.isArray(o.methods) ? o.methods.join(", ") : o.methods);
  if (o.allowedHeaders === null) {
    addToVary(reply, "Access-Control-Request-Headers");
    const reqAllowedHeaders = req.headers["access-control-request-headers"];
    if (reqAllowedHeaders !== undefined) reply.header("Access-Control-Allow-Headers", reqAllowedHeaders);
  } else {
    reply.header("Access-Control-Allow-Headers", Array.isArray(o.allowedHeaders) ? o.allowedHeaders.join(", ") : o.allowedHeaders);
  }
  if (o.maxAge !== null) reply.header("Access-Control-Max-Age", String(o.maxAge));
  if (o.cacheControl) reply.header("Cache-Control", o.cacheControl);
}

type OriginResolver = (req: FastifyRequest, cb: (error: unknown, value?: unknown) => void) => void;

function resolveOriginWrapper(fastify: FastifyInstance, origin: (...args: unknown[]) => unknown): OriginResolver {
  return (req, cb) => {
    const result = origin.call(fastify, req.headers.origin, cb) as { then?: unknown } | undefined;
    if (result && typeof result.then === "function") (result as Promise<unknown>).then((res) => cb(null, res), cb);
  };
}

function addCorsHeadersHandler(fastify: FastifyInstance, globalOptions: Options, req: FastifyRequest, reply: FastifyReply, next: Next): void {
  const routeCors = (req.routeOptions.config as unknown as Options | undefined)?.cors;
  if (routeCors === false) {
    next();
    return;
  }
  const options: Options = { ...globalOptions, ...(routeCors as Options | undefined) };
  if ((typeof options.origin !== "string" && options.origin !== false) || options.dynamic) addToVary(reply, "Origin");
  const resolveOriginOption: OriginResolver =
    typeof options.origin === "function" ? resolveOriginWrapper(fastify, options.origin as (...a: unknown[]) => unknown) : (_, cb) => cb(null, options.origin);
  resolveOriginOption(req, (error, resolved) => {
    if (error !== null) next(error as Error);
    else if (resolved === false) next();
    else if (!resolved) next(new Error("Invalid CORS origin option"));
    else corsThenNext(req, reply, resolved, options, next);
  });
}

/** Peer quirk: every OPTIONS is a preflight (with `strictPreflight`, a plain one is a 400). */
function corsThenNext(req: FastifyRequest, reply: FastifyReply, originOption: unknown, options: Options, next: Next): void {
  addCorsHeaders(req, reply, originOption, options);
  if (req.raw.method !== "OPTIONS" || options.preflight !== true) next();
  else if (options.strictPreflight === true && (!req.headers.origin || !req.headers["access-control-request-method"]))
    reply.status(400).type("text/plain").send("Invalid Preflight Request");
  else {
    (req as unknown as { corsPreflightEnabled: boolean }).corsPreflightEnabled = true;
    addPreflightHeaders(req, reply, options);
    if (options.preflightContinue) next();
    else
      reply
        .code(options.optionsSuccessStatus as number)
        .header("Content-Length", "0")
        .send();
  }
}

type Handler = (req: FastifyRequest, reply: FastifyReply, next: Next) => void;

function addHook(fastify: FastifyInstance, hook: string, handler: Handler): void {
  if (hookWithPayload.indexOf(hook) !== -1) {
    // As @fastify/cors: the payload hooks' callback is called without the payload (Fastify keeps it).
    fastify.addHook(hook as "preSerialization", (req, reply, _payload, next) => handler(req, reply, next as unknown as Next));
  } else {
    fastify.addHook(hook as "onRequest", (req, reply, next) => handler(req, reply, next as unknown as Next));
  }
}

function handleCorsOptionsDelegator(optionsResolver: (...args: unknown[]) => unknown, fastify: FastifyInstance, opts: Options, next: Next): boolean {
  const hook = opts?.hook || defaultOptions.hook;
  if (!validateHook(hook, next)) return false;
  addHook(fastify, hook as string, (req, reply, next) => {
    const handle = (options: Options) => addCorsHeadersHandler(fastify, normalizeCorsOptions(options, true), req, reply, next);
    if (optionsResolver.length === 2) {
      optionsResolver(req, (err: Error | null, options: Options) => (err ? next(err) : handle(options)));
      return;
    }
    const ret = optionsResolver(req) as { then?: unknown } | undefined;
    if (ret && typeof ret.then === "function") (ret as Promise<Options>).then(handle).catch(next);
    else next(new Error("Invalid CORS origin option"));
  });
  return true;
}

/** The `@fastify/cors` 11 plugin body, reproduced. */
export function legacyFastifyCors(fastify: FastifyInstance, opts: Options | ((...args: unknown[]) => unknown), next: Next): void {
  warnLegacyOptions(fastify, opts);
  fastify.decorateRequest("corsPreflightEnabled", false);
  if (typeof opts === "function") {
    handleCorsOptionsDelegator(opts, fastify, { hook: defaultOptions.hook }, next);
  } else if (opts.delegator) {
    const { delegator, ...options } = opts;
    if (!handleCorsOptionsDelegator(delegator as (...args: unknown[]) => unknown, fastify, options, next)) return;
  } else {
    const corsOptions = normalizeCorsOptions(opts);
    if (!validateHook(corsOptions.hook, next)) return;
    addHook(fastify, corsOptions.hook as string, (req, reply, next) => addCorsHeadersHandler(fastify, corsOptions, req, reply, next));
  }
  const o = opts as Options;
  const routeOptions = {
    schema: { hide: o.hideOptionsRoute !== undefined ? o.hideOptionsRoute : true } as object,
    ...(o.logLevel === undefined ? {} : { logLevel: o.logLevel as "info" }),
  };
  fastify.options("*", routeOptions, (req, reply) => {
    if ((req as unknown as { corsPreflightEnabled: boolean }).corsPreflightEnabled) reply.send();
    else reply.callNotFound();
  });
  next();
}
