/** Fastify's router errors, which bypass every hook, with the CORS headers. */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { CorsDecision } from "../../index.js";
import { type PolicyInput, deciderOf } from "../policy-input.js";
import { writeHead } from "../write-head.js";
import { replyHeaders } from "./reply.js";

/**
 * A `frameworkErrors` handler for the Fastify factory: Fastify answers malformed URLs
 * (`FST_ERR_BAD_URL`) and over-long parameters before any hook runs, so the plugin never sees
 * them. This handler adds the CORS headers of `input` (the plugin's policy) and sends the error,
 * or passes on to your own handler.
 *
 * @example
 * ```ts
 * const policy = new ReloadableCorsPolicy({ origin: ["https://app.example.com"] });
 * const app = Fastify({ frameworkErrors: frameworkErrors(policy) });
 * await app.register(cors, policy);
 * ```
 */
export function frameworkErrors(
  input: PolicyInput,
  next?: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void,
): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  const policy = deciderOf(input);
  const send = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    if (next) next(error, request, reply);
    else reply.code(error.statusCode ?? 400).send(error);
  };
  return (error, request, reply) => {
    const method = request.raw.method ?? "GET";
    // Never a preflight answer here: the request is refused whatever it asks.
    const d = policy.decide(method === "OPTIONS" ? "GET" : method, request.headers.origin);
    const write = (r: CorsDecision): void => {
      writeHead(r, replyHeaders, reply, false);
      send(error, request, reply);
    };
    if (d instanceof Promise) d.then(write, () => send(error, request, reply));
    else write(d);
  };
}
