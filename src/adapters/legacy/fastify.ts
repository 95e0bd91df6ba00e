/**
 * `legacy: true` for corsproof/fastify: `@fastify/cors` 11's behaviour, quirks included, so a
 * project can switch imports first and tighten its configuration afterwards: every OPTIONS is a
 * preflight (and, with `strictPreflight`, a plain OPTIONS is a 400), a string origin is sent to
 * everyone, disallowed origins still get Access-Control-Allow-Credentials/-Methods, requested
 * headers are reflected, `origin: true` with credentials reflects any origin, and route
 * `config.cors` is merged into the options on every request. Written from the package's source
 * and checked response-for-response against the real package in test/adapters/legacy/fastify.test.ts.
 *
 * Every function here is a deliberate copy of the peer's behaviour, marked "Peer quirk" where it
 * differs from corsproof's own (or repeats a helper of another peer): fix nothing here that the
 * peer does not fix; corsproof's own behaviour lives in the strict adapters.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { FASTIFY_METHODS, type FastifyPolicyOptions, HOOKS, translateFastifyOptions } from "../fastify/options.js";
import { strictIssues, warnLegacy } from "./warning.js";

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

/** Peer quirk (`@fastify/cors`'s vary.js, unlike the `vary` package @koa/cors uses): lower-cases, splits on commas, trims spaces and tabs. */
function parse(input: string): string[] {
  const header = input.trim().toLowerCase();
  const result: string[] = [];
  if (header.length === 0) return result;
  if (header.indexOf(",") === -1) {
    result.push(header);
    return result;
  }
  let start = 0;
  for (let i = 0; i <= header.length; ++i) {
    if (i === header.length || header.charCodeAt(i) === 44) {
      let a = start;
      let b = i;
      while (a < b && (header.charCodeAt(a) === 32 || header.charCodeAt(a) === 9)) a++;
      while (b > a && (header.charCodeAt(b - 1) === 32 || header.charCodeAt(b - 1) === 9)) b--;
      if (a < b) result.push(header.slice(a, b));
      start = i + 1;
    }
  }
  return result;
}

/** `@fastify/cors`'s createAddFieldnameToVary, without its FIFO cache (same output). */
function addToVary(reply: FastifyReply, fieldname: string): void {
  let header = reply.getHeader("Vary") as unknown;
  if (!header) {
    reply.header("Vary", fieldname);
    return;
  }
  if (header === "*") return;
  if (Array.isArray(header)) header = header.join(", ");
  const vals = parse(header as string);
  if (vals.indexOf("*") !== -1) reply.header("Vary", "*");
  else if (vals.indexOf(fieldname.toLowerCase()) === -1) reply.header("Vary", `${header as string}, ${fieldname}`);
}

/** Warns once about the quirks, and about what strict mode would refuse in static options. */
function warnLegacyOptions(fastify: FastifyInstance, opts: unknown): void {
  const inspect = opts !== null && typeof opts === "object" && !(opts as Options).delegator;
  warnLegacy(
    "corsproof/fastify",
    "@fastify/cors's quirks (any OPTIONS is a preflight, disallowed origins still get CORS headers, requested headers are reflected)",
    "",
    inspect ? strictIssues(translateFastifyOptions(opts as FastifyPolicyOptions, fastify)) : [],
  );
}

function validateHook(value: unknown, next: Next): boolean {
  if (HOOKS.indexOf(value as string) !== -1) return true;
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

/** Peer quirk: as `cors`'s isOriginAllowed, but resetting a global RegExp's lastIndex first. */
function isRequestOriginAllowed(reqOrigin: unknown, allowedOrigin: unknown): boolean {
  if (Array.isArray(allowedOrigin)) {
    for (let i = 0; i < allowedOrigin.length; ++i) if (isRequestOriginAllowed(reqOrigin, allowedOrigin[i])) return true;
    return false;
  }
  if (typeof allowedOrigin === "string") return reqOrigin === allowedOrigin;
  if (allowedOrigin instanceof RegExp) {
    allowedOrigin.lastIndex = 0;
    return allowedOrigin.test(reqOrigin as string);
  }
  return !!allowedOrigin;
}

function getAccessControlAllowOriginHeader(reqOrigin: unknown, originOption: unknown): unknown {
  if (Array.isArray(originOption) && originOption.indexOf("*") !== -1) return "*";
  if (typeof originOption === "string") return originOption;
  return isRequestOriginAllowed(reqOrigin, originOption) ? reqOrigin : false;
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
  resolveOriginOption(req, (error, resolvedOriginOption) => {
    if (error !== null) {
      next(error as Error);
      return;
    }
    if (resolvedOriginOption === false) {
      next();
      return;
    }
    if (!resolvedOriginOption) {
      next(new Error("Invalid CORS origin option"));
      return;
    }
    addCorsHeaders(req, reply, resolvedOriginOption, options);
    if (req.raw.method === "OPTIONS" && options.preflight === true) {
      if (options.strictPreflight === true && (!req.headers.origin || !req.headers["access-control-request-method"])) {
        reply.status(400).type("text/plain").send("Invalid Preflight Request");
        return;
      }
      (req as unknown as { corsPreflightEnabled: boolean }).corsPreflightEnabled = true;
      addPreflightHeaders(req, reply, options);
      if (!options.preflightContinue) {
        reply
          .code(options.optionsSuccessStatus as number)
          .header("Content-Length", "0")
          .send();
        return;
      }
    }
    next();
  });
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
  if (optionsResolver.length === 2) {
    addHook(fastify, hook as string, (req, reply, next) => {
      optionsResolver(req, (err: Error | null, options: Options) => {
        if (err) next(err);
        else addCorsHeadersHandler(fastify, normalizeCorsOptions(options, true), req, reply, next);
      });
    });
  } else {
    addHook(fastify, hook as string, (req, reply, next) => {
      const ret = optionsResolver(req) as { then?: unknown } | undefined;
      if (ret && typeof ret.then === "function") {
        (ret as Promise<Options>).then((options) => addCorsHeadersHandler(fastify, normalizeCorsOptions(options, true), req, reply, next)).catch(next);
        return;
      }
      next(new Error("Invalid CORS origin option"));
    });
  }
  return true;
}

/** The `@fastify/cors` 11 plugin body, reproduced. */
export function legacyFastifyCors(fastify: FastifyInstance, opts: Options | ((...args: unknown[]) => unknown), next: Next): void {
  warnLegacyOptions(fastify, opts);
  fastify.decorateRequest("corsPreflightEnabled", false);
  let hideOptionsRoute = true;
  let logLevel: unknown;
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
  if (o.logLevel !== undefined) logLevel = o.logLevel;
  if (o.hideOptionsRoute !== undefined) hideOptionsRoute = o.hideOptionsRoute as boolean;
  fastify.options("*", { schema: { hide: hideOptionsRoute } as object, ...(logLevel === undefined ? {} : { logLevel: logLevel as "info" }) }, (req, reply) => {
    if (!(req as unknown as { corsPreflightEnabled: boolean }).corsPreflightEnabled) {
      reply.callNotFound();
      return;
    }
    reply.send();
  });
  next();
}
