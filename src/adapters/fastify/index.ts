/**
 * corsproof/fastify: a Fastify 5 plugin with the option names of `@fastify/cors`
 * ({@link FastifyCorsOptions}) and corsproof's strict, precompiled engine: preflights answered in
 * an early hook, per-route policies (`config.cors`) compiled when the route is registered, error
 * responses that keep their CORS headers ({@link frameworkErrors} for the router's own).
 * `legacy: true` reproduces `@fastify/cors` 11 exactly. How each works, and where it differs from
 * `@fastify/cors`: README.md, "Fastify, Koa, Hono and Fetch runtimes". Examples at {@link fastifyCors}.
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
