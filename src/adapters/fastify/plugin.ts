/** The plugin body: the hooks that decide and write, as index.ts describes them. */
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from "fastify";
import { type CorsDecision, type CorsPolicy, isCorsPolicy, type ReloadableCorsPolicy } from "../../index.js";
import { legacyFastifyCors } from "../legacy/fastify.js";
import { decideNode } from "../node-response.js";
import { writeHead } from "../write-head.js";
import { type FastifyCorsOptions, HOOKS } from "./options.js";
import { registerPreflightRoutes, routeConfigOf } from "./preflight-routes.js";
import { answerPreflight, applied, replyHeaders } from "./reply.js";
import { type CompiledPolicy, PolicyResolver } from "./resolver.js";

type Next = (err?: Error) => void;

function isPreflight(request: FastifyRequest): boolean {
  return request.raw.method === "OPTIONS" && request.headers.origin !== undefined && request.headers["access-control-request-method"] !== undefined;
}

function corsproofFastify(fastify: FastifyInstance, opts: FastifyCorsOptions | CorsPolicy | ReloadableCorsPolicy, done: Next): void {
  if (!isCorsPolicy(opts) && opts.legacy === true) {
    legacyFastifyCors(fastify, opts as unknown as Record<string, unknown>, done as (err?: Error | null) => void);
    return;
  }
  const options: FastifyCorsOptions = isCorsPolicy(opts) ? { policy: opts } : opts;
  const hook = options.hook ?? "onRequest";
  if (!HOOKS.includes(hook)) {
    done(new TypeError(`corsproof/fastify: invalid hook option ${JSON.stringify(hook)}; use one of ${HOOKS.join(", ")}.`));
    return;
  }
  let resolver: PolicyResolver;
  try {
    resolver = new PolicyResolver(options, fastify);
  } catch (e) {
    done(e as Error);
    return;
  }

  /** Decides and applies; answers the preflight when `answer` allows it, else calls `next()`. */
  const decideAndApply = (request: FastifyRequest, reply: FastifyReply, next: Next, answer: boolean): void => {
    const finish = (policy: CompiledPolicy | null): void => {
      if (policy === null) {
        applied.set(request, null);
        next();
        return;
      }
      const apply = (d: CorsDecision): void => {
        applied.set(request, d);
        if (answer && d.endPreflight) answerPreflight(reply, d, policy.cacheControl);
        else {
          writeHead(d, replyHeaders, reply, false);
          next();
        }
      };
      const d = decideNode(policy.decider, request.raw);
      if (d instanceof Promise) d.then(apply, next);
      else apply(d);
    };
    let policy: CompiledPolicy | null | Promise<CompiledPolicy | null>;
    try {
      policy = resolver.forRequest(request, routeConfigOf(request));
    } catch (e) {
      next(e as Error);
      return;
    }
    if (policy instanceof Promise) policy.then(finish, next);
    else finish(policy);
  };
  /** `decideAndApply` in a hook that passes a payload on. */
  const withPayload =
    (answer: boolean) =>
    <P>(request: FastifyRequest, reply: FastifyReply, payload: P, next: (err: null, payload?: P) => void): void =>
      decideAndApply(request, reply, (err) => next((err ?? null) as null, payload), answer);

  if (hook === "preSerialization") {
    // preSerialization only runs for serialised payloads, so preflights are answered in preHandler.
    fastify.addHook("preHandler", (request, reply, next) => (isPreflight(request) ? decideAndApply(request, reply, next, true) : next()));
    fastify.addHook("preSerialization", (request, reply, payload, next) =>
      applied.has(request) ? next(null, payload) : withPayload(false)(request, reply, payload, next),
    );
  } else if (hook === "preParsing") {
    fastify.addHook("preParsing", withPayload(true));
  } else {
    fastify.addHook(hook as "onRequest", (request, reply, next) => decideAndApply(request, reply, next, true));
  }
  // Safety net: any response that did not pass the CORS hook still gets the headers.
  fastify.addHook("onSend", (request, reply, payload, next) =>
    applied.has(request) ? next(null, payload) : withPayload(false)(request, reply, payload, next),
  );

  registerPreflightRoutes(fastify, options, resolver);
  done();
}

/**
 * The Fastify plugin. Register it with options, a policy (`createCorsPolicy`), or a
 * `ReloadableCorsPolicy` (directly, or as `{ policy }` next to plugin options) to change the
 * configuration at runtime.
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
 * // or, to change the configuration at runtime:
 * const policy = new ReloadableCorsPolicy({ origin: ["https://a.example.com"] });
 * await app.register(cors, { policy, hook: "onRequest", cacheControl: 600 });
 * policy.reconfigure({ origin: ["https://a.example.com", "https://b.example.com"] }); // takes effect at once
 * // or, migrating: exactly @fastify/cors
 * await app.register(cors, { origin: true, credentials: true, legacy: true });
 * ```
 *
 * The plugin is marked the way `fastify-plugin` marks plugins (without depending on it): it is not
 * encapsulated, so its hooks cover the routes of the context it is registered in.
 */
export const fastifyCors = Object.assign(corsproofFastify as FastifyPluginCallback<FastifyCorsOptions | CorsPolicy | ReloadableCorsPolicy>, {
  [Symbol.for("skip-override")]: true,
  [Symbol.for("fastify.display-name")]: "corsproof",
  [Symbol.for("plugin-meta")]: { name: "corsproof", fastify: "5.x" },
});
