/**
 * corsproof/express: a drop-in replacement for the `cors` package (Express, Connect, router).
 *
 * Same option names and meanings for valid configurations — `origin` as boolean, string, RegExp,
 * array or `function (origin, callback)`, an options delegate `function (req, callback)`,
 * `methods`, `allowedHeaders`/`headers`, `exposedHeaders`, `credentials`, `maxAge`,
 * `preflightContinue`, `optionsSuccessStatus` — plus every corsproof option. Invalid or insecure
 * configurations throw a CorsConfigError listing each problem and its fix.
 *
 * Differences from `cors` in the default (strict) mode, all of which a browser cannot tell apart
 * for allowed requests: only OPTIONS + Origin + Access-Control-Request-Method is a preflight (any
 * other OPTIONS reaches your routes); disallowed origins, methods and headers get no CORS headers
 * (refused preflights get 403); a string origin is an allowlist of one; `Vary: Origin` is always
 * sent when the answer depends on the Origin; an origin callback error denies the origin instead of
 * turning into a 500. `legacy: true` reproduces `cors` exactly, quirks included.
 *
 * @example
 * ```js
 * const express = require("express");
 * const cors = require("corsproof/express");
 * const app = express();
 * app.use(cors({ origin: ["https://app.example.com"], credentials: true }));
 * ```
 *
 * Security: `origin: true` or `"*"` with `credentials: true` throws; use an explicit allowlist.
 * @packageDocumentation
 */
import { type CorsDecider, type CorsDecision, type CorsPolicy, isCorsPolicy, type ReloadableCorsPolicy } from "../index.js";
import { type ExpressCorsOptions, translateCorsOptions } from "./express-options.js";
import { legacyMiddleware, runLegacy, warnLegacyDelegate } from "./legacy/express.js";
import { type NodeLikeRequest, type NodeLikeResponse, decideNode, writeDecision } from "./node-response.js";
import { compileTranslated } from "./option-aliases.js";

export type { ExpressCorsOptions, OriginCallback } from "./express-options.js";

/** `function (req, callback)`: options computed per request, as the `cors` package allows. */
export type OptionsDelegate<Req extends NodeLikeRequest = NodeLikeRequest> = (
  req: Req,
  callback: (err: Error | null, options?: ExpressCorsOptions) => void,
) => void;

type Next = (err?: unknown) => void;

/** Express middleware signature, typed structurally so any Node-style req/res works. */
export type CorsMiddleware = (req: NodeLikeRequest, res: NodeLikeResponse, next: Next) => void;

function strictMiddleware(policy: CorsDecider): CorsMiddleware {
  const apply = (d: CorsDecision, res: NodeLikeResponse, next: Next): void => {
    if (!writeDecision(d, res)) next();
  };
  return (req, res, next) => {
    const d = decideNode(policy, req);
    if (d instanceof Promise) d.then((r) => apply(r, res, next), next);
    else apply(d, res, next);
  };
}

/**
 * Creates the middleware. Accepts options, an options delegate `(req, callback)`, a policy
 * (`createCorsPolicy`, `ReloadableCorsPolicy` for runtime changes), or nothing (any origin, as `cors()`).
 *
 * @example
 * ```ts
 * import cors from "corsproof/express";
 * app.use(cors({ origin: "https://*.example.com", methods: ["GET", "PUT"], maxAge: 600 }));
 * app.use("/legacy", cors({ origin: true, credentials: true, legacy: true })); // exactly like `cors`
 * ```
 */
function corsproofExpress(options?: ExpressCorsOptions | OptionsDelegate | CorsPolicy | ReloadableCorsPolicy): CorsMiddleware {
  if (typeof options === "function") return delegated(options);
  if (isCorsPolicy(options)) return strictMiddleware(options);
  if (options?.legacy === true) return legacyMiddleware(options);
  return strictMiddleware(compileCors(options ?? {}));
}

/** Options computed per request: each distinct options object is compiled once. */
function delegated(delegate: OptionsDelegate): CorsMiddleware {
  let warned = false;
  const compiled = new WeakMap<object, CorsMiddleware>();
  return (req, res, next) => {
    delegate(req, (err, opts) => {
      if (err) {
        next(err);
        return;
      }
      let mw: CorsMiddleware;
      if (opts?.legacy === true) {
        if (!warned) warnLegacyDelegate();
        warned = true;
        runLegacy(opts, req, res, next);
        return;
      }
      try {
        const key = opts ?? compiled;
        mw = compiled.get(key) ?? strictMiddleware(compileCors(opts ?? {}));
        compiled.set(key, mw);
      } catch (e) {
        next(e);
        return;
      }
      mw(req, res, next);
    });
  };
}

export default corsproofExpress;

/** Compiles `cors`-style options, reporting translation problems together with the policy's. */
function compileCors(options: ExpressCorsOptions): CorsPolicy {
  const t = translateCorsOptions(options);
  return compileTranslated(t.options, t.issues);
}
