/**
 * The plugin's OPTIONS routes. Fastify 404s an OPTIONS to a URL without an OPTIONS route before
 * any hook could answer it, so a hidden `OPTIONS *` route accepts preflights everywhere; a plain
 * OPTIONS (not a preflight) gets Fastify's 404 there, and your own OPTIONS routes receive it
 * untouched (fastify/fastify-cors#88). A URL whose routes have their own `config.cors` gets an
 * OPTIONS route of its own, so its preflights are decided by the policy of the route they ask about.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { FastifyCorsOptions, RouteCorsConfig } from "./options.js";
import type { PolicyResolver } from "./resolver.js";
import { answerPreflight, applied } from "./reply.js";

/** Marks the plugin's own OPTIONS routes; the value maps methods to route configurations (null for `OPTIONS *`). */
const AUTO = Symbol.for("corsproof.fastify.options-route");

type AutoRoutes = Map<string, RouteCorsConfig>;

/**
 * The `config.cors` that applies to a request: on one of the plugin's OPTIONS routes, that of the
 * route the preflight asks about (by Access-Control-Request-Method); elsewhere, the route's own.
 */
export function routeConfigOf(request: FastifyRequest): RouteCorsConfig | undefined {
  const config = request.routeOptions.config as unknown as (Record<symbol, AutoRoutes | null | undefined> & { cors?: RouteCorsConfig }) | undefined;
  const auto = config?.[AUTO];
  if (!auto) return config?.cors;
  const acrm = request.headers["access-control-request-method"];
  return typeof acrm === "string" ? auto.get(acrm) : undefined;
}

/** Registers `OPTIONS *` and, through an onRoute hook, the per-URL OPTIONS routes (compiling route policies). */
export function registerPreflightRoutes(fastify: FastifyInstance, options: FastifyCorsOptions, resolver: PolicyResolver): void {
  const routeExtras = {
    schema: { hide: options.hideOptionsRoute ?? true } as object,
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
  };
  /** Only preflights (answered in the hook) are these routes' business. */
  const handler = (request: FastifyRequest, reply: FastifyReply): void => {
    const d = applied.get(request);
    if (d?.preflight) {
      // preflightContinue, and no OPTIONS handler of yours for this URL: answer it here.
      answerPreflight(reply, d, resolver.base.cacheControl);
      return;
    }
    if (options.strictPreflight === true && (request.headers.origin === undefined || request.headers["access-control-request-method"] === undefined)) {
      reply.code(400).type("text/plain").send("Invalid Preflight Request");
      return;
    }
    reply.callNotFound();
  };
  fastify.route({ method: "OPTIONS", url: "*", ...routeExtras, config: { [AUTO]: null } as object, handler });

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
    if (cors !== false) resolver.forRoute(cors);
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
        handler,
      });
    }
    for (const m of methods) auto.set(m, cors);
  });
}
