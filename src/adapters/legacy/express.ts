/**
 * `legacy: true` for corsproof/express: the `cors` package's (2.8.x) behaviour, quirks included,
 * so a project can switch imports first and tighten its configuration afterwards:
 * every OPTIONS is a preflight, a string origin is sent to everyone, disallowed origins still get
 * Access-Control-Allow-Credentials/-Methods/-Headers, the requested headers are reflected, and
 * origin-callback errors go to `next(err)`. Written from the package's documented behaviour and
 * checked header-for-header against the real package in test/adapters/legacy/express.test.ts.
 *
 * Every function here is a deliberate copy of the peer's behaviour, marked "Peer quirk" where it
 * differs from corsproof's own (or repeats a helper of another peer): fix nothing here that the
 * peer does not fix; corsproof's own behaviour lives in the strict adapters.
 */
import { appendVary } from "../../index.js";
import { type ExpressCorsOptions, translateCorsOptions } from "../express-options.js";
import type { NodeLikeRequest, NodeLikeResponse } from "../node-response.js";
import { strictIssues, warnLegacy } from "./warning.js";

/** The `cors` package's options, as it reads them. */
export interface LegacyOptions {
  origin?: unknown;
  methods?: unknown;
  allowedHeaders?: unknown;
  headers?: unknown;
  exposedHeaders?: unknown;
  credentials?: unknown;
  maxAge?: unknown;
  preflightContinue?: unknown;
  optionsSuccessStatus?: unknown;
}

type Next = (err?: unknown) => void;
type Callback = (err: unknown, value?: unknown) => void;

const DEFAULTS = { origin: "*", methods: "GET,HEAD,PUT,PATCH,POST,DELETE", preflightContinue: false, optionsSuccessStatus: 204 };

function isString(v: unknown): v is string {
  return typeof v === "string" || v instanceof String;
}

/** Peer quirk: a string entry is compared exactly, a RegExp unanchored, anything else by truthiness. */
function isOriginAllowed(origin: unknown, allowed: unknown): boolean {
  if (Array.isArray(allowed)) return allowed.some((a) => isOriginAllowed(origin, a));
  if (isString(allowed)) return origin === allowed;
  if (allowed instanceof RegExp) return allowed.test(origin as string);
  return !!allowed;
}

/** Joins an array option with ","; other values pass through as `cors` passes them. */
function joined(v: unknown): unknown {
  return v !== null && typeof v === "object" && typeof (v as { join?: unknown }).join === "function" ? (v as unknown[]).join(",") : v;
}

/** Peer quirk: falsy values are skipped silently (`false` means "no header"). */
function set(res: NodeLikeResponse, name: string, value: unknown): void {
  if (!value) return;
  if (name === "Vary") {
    const existing = res.getHeader("Vary");
    res.setHeader("Vary", existing === undefined ? String(value) : appendVary(existing, String(value)));
  } else {
    res.setHeader(name, value as string);
  }
}

type Pending = Array<[string, unknown]>;

function originHeaders(o: Record<string, unknown>, req: NodeLikeRequest, out: Pending): void {
  if (!o.origin || o.origin === "*") {
    out.push(["Access-Control-Allow-Origin", "*"]);
  } else if (isString(o.origin)) {
    out.push(["Access-Control-Allow-Origin", o.origin], ["Vary", "Origin"]);
  } else {
    const requestOrigin = req.headers.origin;
    out.push(["Access-Control-Allow-Origin", isOriginAllowed(requestOrigin, o.origin) ? requestOrigin : false], ["Vary", "Origin"]);
  }
}

function exposedHeaders(o: Record<string, unknown>, out: Pending): void {
  const v = joined(o.exposedHeaders);
  if (v && (v as { length?: number }).length) out.push(["Access-Control-Expose-Headers", v]);
}

function corsHeadersThenNext(o: Record<string, unknown>, req: NodeLikeRequest, res: NodeLikeResponse, next: Next): void {
  const method = typeof req.method === "string" ? req.method.toUpperCase() : req.method;
  // Like `cors`, compute every header first and apply them after, so a throw sets nothing.
  const out: Pending = [];
  originHeaders(o, req, out);
  if (o.credentials === true) out.push(["Access-Control-Allow-Credentials", "true"]);
  if (method === "OPTIONS") {
    // `cors` reads methods.join without a guard, so an explicit `methods: undefined` throws a
    // TypeError here (Express turns it into a 500); the same access reproduces the same error.
    const methods = o.methods as { join?: unknown };
    out.push(["Access-Control-Allow-Methods", methods.join ? joined(methods) : methods]);
    let allowed = o.allowedHeaders || o.headers;
    if (!allowed) {
      allowed = req.headers["access-control-request-headers"];
      out.push(["Vary", "Access-Control-Request-Headers"]);
    } else {
      allowed = joined(allowed);
    }
    if (allowed && (allowed as { length?: number }).length) out.push(["Access-Control-Allow-Headers", allowed]);
    // `cors` sends maxAge 0 but no other falsy value.
    if (typeof o.maxAge === "number" || o.maxAge) out.push(["Access-Control-Max-Age", String(o.maxAge)]);
  }
  exposedHeaders(o, out);
  for (const [name, value] of out) set(res, name, value);
  if (method !== "OPTIONS" || o.preflightContinue) {
    next();
    return;
  }
  res.statusCode = o.optionsSuccessStatus as number;
  res.setHeader("Content-Length", "0");
  res.end();
}

/** Warns once about the quirks, and about what strict mode would refuse in static options. */
function warnLegacyOptions(options: unknown): void {
  const issues = options !== null && typeof options === "object" ? strictIssues(translateCorsOptions(options as ExpressCorsOptions)) : [];
  warnLegacy("corsproof/express", "the cors package's quirks (any OPTIONS is a preflight, disallowed origins still get CORS headers)", "", issues);
}

/** One request through the `cors` package's logic, once its options are known. */
export function runLegacy(opts: unknown, req: NodeLikeRequest, res: NodeLikeResponse, next: Next): void {
  const o: Record<string, unknown> = Object.assign({}, DEFAULTS, opts);
  type OriginFn = (origin: unknown, cb: Callback) => void;
  let originCallback: OriginFn | null = null;
  if (o.origin && typeof o.origin === "function") originCallback = o.origin as OriginFn;
  else if (o.origin) originCallback = (_origin, cb) => cb(null, o.origin);
  if (originCallback === null) {
    next();
    return;
  }
  originCallback(req.headers.origin, (err, origin) => {
    if (err || !origin) {
      next(err);
    } else {
      o.origin = origin;
      corsHeadersThenNext(o, req, res, next);
    }
  });
}

/** The `cors` package's middleware, reproduced, for static options. */
export function legacyMiddleware(options: unknown): (req: NodeLikeRequest, res: NodeLikeResponse, next: Next) => void {
  warnLegacyOptions(options ?? {});
  return (req, res, next) => runLegacy(options, req, res, next);
}

/** Marks a per-request (delegate) configuration as legacy; warns once without inspecting it. */
export function warnLegacyDelegate(): void {
  warnLegacyOptions(undefined);
}
