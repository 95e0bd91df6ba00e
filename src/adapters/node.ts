/**
 * corsproof/node: CORS for a plain `http.createServer` handler ({@link withCors}), or for a server
 * that routes by hand ({@link cors}).
 *
 * Security: the policy is validated when `withCors`/`cors` is called; an insecure configuration
 * throws a CorsConfigError at start-up instead of serving wrong headers.
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { applyCors, applyThen, type DecisionListener, type NodeLikeRequest, type NodeLikeResponse } from "./node-response.js";
import { checkWithCorsArguments, deciderOf, type PolicyInput } from "./policy-input.js";

export { CorsConfigError, createCorsPolicy, CorsPolicy, ReloadableCorsPolicy } from "../index.js";
export type { CorsOptions, CorsDecision } from "../index.js";
export { applyCors, type DecisionListener } from "./node-response.js";

/** Options of {@link withCors}. */
export interface WithCorsOptions {
  /** Called with each error the handler throws or rejects with (the 500 is sent either way). */
  onError?: (error: unknown) => void;
  /** Called with each decision before it is applied. */
  onDecision?: DecisionListener;
}

/**
 * Compiles options once and returns `(req, res) => handled`, for servers that route by hand.
 *
 * @example
 * ```ts
 * const handleCors = cors({ origin: ["https://app.example.com"] });
 * createServer(async (req, res) => {
 *   if (await handleCors(req, res)) return; // preflight answered
 *   res.end("hello");
 * });
 * ```
 */
export function cors(input: PolicyInput): (req: NodeLikeRequest, res: NodeLikeResponse) => boolean | Promise<boolean> {
  const policy = deciderOf(input);
  return (req, res) => applyCors(policy, req, res);
}

/** A Node request listener that may be async. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

function fail(res: ServerResponse, error: unknown, onError: ((error: unknown) => void) | undefined): void {
  onError?.(error);
  if (res.headersSent) {
    res.destroy(error instanceof Error ? error : undefined);
    return;
  }
  // The CORS headers were set before the handler ran and stay on the response, so the browser
  // shows this 500 to the page instead of an opaque CORS error.
  res.statusCode = 500;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end("Internal Server Error");
}

/**
 * Wraps a request listener: CORS headers are set before it runs, preflights are answered without
 * calling it, and an error it throws (or a Promise it rejects) becomes a 500 that still carries the
 * CORS headers.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { withCors } from "corsproof/node";
 *
 * const api = (req, res) => res.end(JSON.stringify({ ok: true }));
 * createServer(withCors(api, { origin: "https://app.example.com", credentials: true })).listen(3000, "127.0.0.1");
 * ```
 */
export function withCors(handler: NodeHandler, input: PolicyInput, options: WithCorsOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  checkWithCorsArguments(handler, input);
  const policy = deciderOf(input);
  const runHandler = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      const out = handler(req, res);
      if (out instanceof Promise) out.catch((e: unknown) => fail(res, e, options.onError));
    } catch (e) {
      fail(res, e, options.onError);
    }
  };
  return (req, res) => applyThen(policy, req, res, (e) => (e === undefined ? runHandler(req, res) : fail(res, e, options.onError)), options.onDecision);
}
