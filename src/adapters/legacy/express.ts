/**
 * `legacy: true` for corsproof/express: the `cors` package's (2.8.x) behaviour, quirks included,
 * so a project can switch imports first and tighten its configuration afterwards:
 * every OPTIONS is a preflight, a string origin is sent to everyone, disallowed origins still get
 * Access-Control-Allow-Credentials/-Methods/-Headers, the requested headers are reflected, and
 * origin-callback errors go to `next(err)`. Written from the package's documented behaviour and
 * checked header-for-header against the real package in test/adapters/legacy/express.test.ts
 * ("Peer quirk": see legacy-mode.ts).
 */
import { appendVary } from "../../index.js";
import { type ExpressCorsOptions, translateCorsOptions } from "../express-options.js";
import type { NodeLikeRequest, NodeLikeResponse } from "../node-response.js";
import { isOriginAllowed, warnLegacy } from "./legacy-mode.js";

type Next = (err?: unknown) => void;
type Options = Record<string, unknown>;

const DEFAULTS = { origin: "*", methods: "GET,HEAD,PUT,PATCH,POST,DELETE", preflightContinue: false, optionsSuccessStatus: 204 };

/** Joins an array option with ","; other values pass through as `cors` passes them. */
function joined(v: unknown): unknown {
  return v !== null && typeof v === "object" && typeof (v as { join?: unknown }).join === "function" ? (v as unknown[]).join(",") : v;
}

/** Peer quirk: every header `cors` computes, in its order; a falsy value means "no header". */
function corsHeaders(o: Options, req: NodeLikeRequest, method: unknown): Array<[string, unknown]> {
  const requestOrigin = req.headers.origin;
  const out: Array<[string, unknown]> = [];
  if (!o.origin || o.origin === "*") out.push(["Access-Control-Allow-Origin", "*"]);
  else if (typeof o.origin === "string" || o.origin instanceof String) out.push(["Access-Control-Allow-Origin", o.origin], ["Vary", "Origin"]);
  else out.push(["Access-Control-Allow-Origin", isOriginAllowed(requestOrigin, o.origin, false) ? requestOrigin : false], ["Vary", "Origin"]);
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
  const exposed = joined(o.exposedHeaders);
  if (exposed && (exposed as { length?: number }).length) out.push(["Access-Control-Expose-Headers", exposed]);
  return out;
}

function corsHeadersThenNext(o: Options, req: NodeLikeRequest, res: NodeLikeResponse, next: Next): void {
  const method = typeof req.method === "string" ? req.method.toUpperCase() : req.method;
  // Like `cors`, compute every header first and apply them after, so a throw sets nothing.
  for (const [name, value] of corsHeaders(o, req, method)) {
    if (!value) continue;
    const existing = name === "Vary" ? res.getHeader("Vary") : undefined;
    res.setHeader(name, existing === undefined ? (value as string) : appendVary(existing, String(value)));
  }
  if (method !== "OPTIONS" || o.preflightContinue) next();
  else {
    res.statusCode = o.optionsSuccessStatus as number;
    res.setHeader("Content-Length", "0");
    res.end();
  }
}

/** Warns once about the quirks, and about what strict mode would refuse in static options (`undefined`: options per request). */
export function warnExpressLegacy(options: ExpressCorsOptions | undefined): void {
  const quirks = "the cors package's quirks (any OPTIONS is a preflight, disallowed origins still get CORS headers)";
  warnLegacy("corsproof/express", quirks, "", options === undefined ? undefined : translateCorsOptions(options));
}

/** One request through the `cors` package's logic, once its options are known. */
export function runLegacy(opts: unknown, req: NodeLikeRequest, res: NodeLikeResponse, next: Next): void {
  const o: Options = Object.assign({}, DEFAULTS, opts);
  type OriginFn = (origin: unknown, cb: (err: unknown, value?: unknown) => void) => void;
  const originCallback: OriginFn = typeof o.origin === "function" ? (o.origin as OriginFn) : (_origin, cb) => cb(null, o.origin);
  if (!o.origin) next();
  else
    originCallback(req.headers.origin, (err, origin) => {
      if (err || !origin) return next(err);
      o.origin = origin;
      corsHeadersThenNext(o, req, res, next);
    });
}

/** The `cors` package's middleware, reproduced, for static options. */
export function legacyMiddleware(options: ExpressCorsOptions): (req: NodeLikeRequest, res: NodeLikeResponse, next: Next) => void {
  warnExpressLegacy(options);
  return (req, res, next) => runLegacy(options, req, res, next);
}
