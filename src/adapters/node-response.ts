/**
 * A decision on Node-style objects. Only the ServerResponse basics are required (`getHeader`,
 * `setHeader`, `end`, `statusCode`), so Express, Connect, Koa's `ctx.res` and test doubles work
 * alike; a real ServerResponse's `writeHead` is used for preflight answers when present.
 */
import type { CorsDecider, CorsDecision } from "../index.js";
import { type HeaderAccess, writeHead } from "./write-head.js";

/** The part of `http.ServerResponse` corsproof needs. */
export interface NodeLikeResponse {
  statusCode: number;
  getHeader(name: string): string | number | readonly string[] | undefined;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  end(chunk?: string): unknown;
  readonly headersSent?: boolean;
  /** `http.ServerResponse#writeHead` with a flat [name, value, …] list, when the response has it. */
  writeHead?(status: number, headers: string[]): unknown;
}

/** The part of `http.IncomingMessage` corsproof needs. */
export interface NodeLikeRequest {
  readonly method?: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Header access on a Node-style response. */
export const nodeHeaders: HeaderAccess<Pick<NodeLikeResponse, "getHeader" | "setHeader">> = {
  get: (res, name) => res.getHeader(name),
  set: (res, name, value) => {
    res.setHeader(name, value);
  },
};

function joined(value: string | string[] | undefined): string | undefined {
  // Node joins repeated lines of most headers with ", "; an array only comes from test doubles.
  return Array.isArray(value) ? value.join(", ") : value;
}

/** Asks the policy about a Node-style request; `context` goes to origin predicates. */
export function decideNode(policy: CorsDecider, req: NodeLikeRequest, context?: unknown): CorsDecision | Promise<CorsDecision> {
  const h = req.headers;
  return policy.decide(
    req.method ?? "GET",
    joined(h.origin),
    joined(h["access-control-request-method"]),
    joined(h["access-control-request-headers"]),
    joined(h["access-control-request-private-network"]),
    context,
  );
}

/** Observes each decision (metrics, logs, shadow rollouts) without changing it. */
export type DecisionListener = (decision: CorsDecision, req: NodeLikeRequest) => void;

/**
 * Applies the policy to one request: sets the CORS headers and answers preflights.
 * Returns true (or a Promise of true) when the response has been ended and the application must
 * not run; false when the application should handle the request.
 */
export function applyCors(policy: CorsDecider, req: NodeLikeRequest, res: NodeLikeResponse, onDecision?: DecisionListener): boolean | Promise<boolean> {
  const d = decideNode(policy, req);
  if (!(d instanceof Promise)) {
    onDecision?.(d, req);
    return writeDecision(d, res);
  }
  return d.then((r) => {
    onDecision?.(r, req);
    return writeDecision(r, res);
  });
}

/** {@link applyCors}, then `next()` unless the preflight was answered (`next(error)` if deciding failed). */
export function applyThen(
  policy: CorsDecider,
  req: NodeLikeRequest,
  res: NodeLikeResponse,
  next: (error?: unknown) => void,
  onDecision?: DecisionListener,
): void {
  const handled = applyCors(policy, req, res, onDecision);
  if (handled === false) next();
  else if (handled !== true) handled.then((done) => done || next(), next);
}

/** Writes the decision; answers the preflight when the decision says so. Returns true when the response was ended. */
function writeDecision(d: CorsDecision, res: NodeLikeResponse): boolean {
  if (d.endPreflight && typeof res.writeHead === "function" && (d.vary === "" || res.getHeader("Vary") === undefined)) {
    // One writeHead with a flat list costs Node less than a setHeader per field (no per-call
    // bookkeeping); headers set earlier stay, ours replace any of the same name.
    res.writeHead(d.status, d.head as string[]);
  } else {
    writeHead(d, nodeHeaders, res, d.endPreflight);
    if (!d.endPreflight) return false;
    res.statusCode = d.status;
  }
  res.end(d.body === "" ? undefined : d.body);
  return true;
}
