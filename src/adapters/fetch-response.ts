/**
 * A decision on Fetch API objects (`Headers`, `Response`), shared by corsproof/fetch and
 * corsproof/hono. Works wherever the Fetch API does: Node 18+, Deno, Bun, Workers, edge runtimes.
 */
import type { CorsDecider, CorsDecision } from "../index.js";
import { type HeaderAccess, writeHead } from "./write-head.js";

/** Header access on Fetch `Headers` (setting throws a TypeError when they are immutable). */
export const fetchHeaders: HeaderAccess<Headers> = {
  get: (headers, name) => headers.get(name),
  set: (headers, name, value) => headers.set(name, value),
};

/** Asks the policy about a Fetch `Request` (several header lines are already joined with ", "). */
export function decideFetch(policy: CorsDecider, method: string, headers: Headers, context?: unknown): CorsDecision | Promise<CorsDecision> {
  return policy.decide(
    method,
    headers.get("origin") ?? undefined,
    headers.get("access-control-request-method") ?? undefined,
    headers.get("access-control-request-headers") ?? undefined,
    headers.get("access-control-request-private-network") ?? undefined,
    context,
  );
}

/**
 * Returns `response` carrying the decision's headers. The Response is modified in place; it is
 * copied (same body stream, status and headers) only when its headers are immutable, as for
 * `Response.redirect()`, `Response.error()` or a Response obtained from `fetch()`.
 */
export function withDecision(d: CorsDecision, response: Response): Response {
  if (d.headers.length === 0 && d.vary === "") return response;
  try {
    writeHead(d, fetchHeaders, response.headers, false);
    return response;
  } catch {
    // Immutable headers: nothing was changed (the first set threw). A network error (status 0)
    // cannot be copied and has nothing a page could read anyway.
    if (response.status === 0) return response;
    const copy = new Response(response.body, response);
    writeHead(d, fetchHeaders, copy.headers, false);
    return copy;
  }
}

/** The answer to a preflight the decision ends, on `headers` (new ones by default). */
export function preflightResponse(d: CorsDecision, headers: Headers = new Headers()): Response {
  writeHead(d, fetchHeaders, headers, true);
  return new Response(d.body === "" ? null : d.body, { status: d.status, headers });
}
