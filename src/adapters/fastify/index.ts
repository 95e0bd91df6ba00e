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
 * - `@fastify/cors` names are accepted ({@link FastifyCorsOptions}); `legacy: true` reproduces
 *   `@fastify/cors` 11 exactly, quirks included.
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
import { fastifyCors } from "./plugin.js";

export { CorsConfigError, createCorsPolicy, CorsPolicy, ReloadableCorsPolicy } from "../../index.js";
export type { CorsOptions, CorsDecision } from "../../index.js";
export { frameworkErrors } from "./framework-errors.js";
export type {
  CorsDelegator,
  CorsHook,
  FastifyCorsOptions,
  FastifyOriginFunction,
  FastifyOriginValue,
  FastifyPolicyOptions,
  RouteCorsConfig,
} from "./options.js";
export { fastifyCors };

export default fastifyCors;
