/** A decision on a Fastify reply, and what was decided for each request. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { CorsDecision } from "../../index.js";
import { type HeaderAccess, type HeaderValue, writeHead } from "../write-head.js";

/** Header access on a Fastify reply. */
export const replyHeaders: HeaderAccess<FastifyReply> = {
  get: (reply, name) => reply.getHeader(name) as HeaderValue,
  set: (reply, name, value) => {
    reply.header(name, value);
  },
};

/** The decision applied to each request (null: CORS off for it), for the onSend safety net and the OPTIONS routes. */
export const applied = new WeakMap<FastifyRequest, CorsDecision | null>();

/** Answers a preflight; `cacheControl` goes on successful ones. */
export function answerPreflight(reply: FastifyReply, d: CorsDecision, cacheControl: string | undefined): void {
  writeHead(d, replyHeaders, reply, true);
  if (cacheControl !== undefined && d.allowed) reply.header("Cache-Control", cacheControl);
  reply.code(d.status).send(d.body === "" ? undefined : d.body);
}
