/**
 * corsproof/express: a drop-in replacement for the `cors` package (Express, Connect, router): the
 * same option names and meanings for valid configurations ({@link ExpressCorsOptions}, an options
 * delegate `function (req, callback)`) plus every corsproof option (examples at
 * {@link corsproofExpress}). Invalid or insecure configurations throw a CorsConfigError listing
 * each problem and its fix. Where strict mode differs from `cors`, and what `legacy: true` keeps:
 * README.md, "Express (`corsproof/express`): a drop-in for `cors`".
 *
 * Security: `origin: true` or `"*"` with `credentials: true` throws; use an explicit allowlist.
 * @packageDocumentation
 */
import { type CorsPolicy, isCorsPolicy, type ReloadableCorsPolicy } from "../index.js";
import { type ExpressCorsOptions, translateCorsOptions } from "./express-options.js";
import { legacyMiddleware, runLegacy, warnExpressLegacy } from "./legacy/express.js";
import { applyThen, type NodeLikeRequest, type NodeLikeResponse } from "./node-response.js";
import { compileTranslation } from "./peer-options.js";
import { compiledPer } from "./policy-input.js";

export type { ExpressCorsOptions, OriginCallback } from "./express-options.js";

/** `function (req, callback)`: options computed per request, as the `cors` package allows. */
export type OptionsDelegate<Req extends NodeLikeRequest = NodeLikeRequest> = (
  req: Req,
  callback: (err: Error | null, options?: ExpressCorsOptions) => void,
) => void;

/** Express middleware signature, typed structurally so any Node-style req/res works. */
export type CorsMiddleware = (req: NodeLikeRequest, res: NodeLikeResponse, next: (err?: unknown) => void) => void;

function strict(options: ExpressCorsOptions | CorsPolicy | ReloadableCorsPolicy): CorsMiddleware {
  const policy = isCorsPolicy(options) ? options : compileTranslation(translateCorsOptions(options));
  return (req, res, next) => applyThen(policy, req, res, next);
}

/**
 * Creates the middleware. Accepts options, an options delegate `(req, callback)`, a policy
 * (`createCorsPolicy`, `ReloadableCorsPolicy` for runtime changes), or nothing (any origin, as `cors()`).
 *
 * @example
 * ```ts
 * import cors from "corsproof/express"; // CommonJS: const cors = require("corsproof/express");
 * app.use(cors({ origin: ["https://app.example.com"], credentials: true }));
 * app.use("/files", cors({ origin: "https://*.example.com", methods: ["GET", "PUT"], maxAge: 600 }));
 * app.use("/legacy", cors({ origin: true, credentials: true, legacy: true })); // exactly like `cors`
 * ```
 */
function corsproofExpress(options?: ExpressCorsOptions | OptionsDelegate | CorsPolicy | ReloadableCorsPolicy): CorsMiddleware {
  if (typeof options === "function") return delegated(options);
  if (!isCorsPolicy(options) && options?.legacy === true) return legacyMiddleware(options);
  return strict(options ?? {});
}

/** Options computed per request: each distinct options object is compiled once. */
function delegated(delegate: OptionsDelegate): CorsMiddleware {
  let warned = false;
  const middleware = compiledPer((opts: ExpressCorsOptions | undefined) => strict(opts ?? {}));
  return (req, res, next) => {
    delegate(req, (err, opts) => {
      if (err) return next(err);
      if (opts?.legacy === true) {
        if (!warned) warnExpressLegacy(undefined);
        warned = true;
        return runLegacy(opts, req, res, next);
      }
      let mw: CorsMiddleware;
      try {
        mw = middleware(opts);
      } catch (e) {
        return next(e);
      }
      mw(req, res, next);
    });
  };
}

export default corsproofExpress;
