/**
 * Writing a decision into Fetch API objects (`Headers`, `Response`), shared by corsproof/fetch and
 * corsproof/hono. Works wherever the Fetch API does: Node 18+, Deno, Bun, Workers, edge runtimes.
 */
import { appendVary, type CorsDecision } from "../index.js";
import type { CorsDecider } from "./policy-input.js";

/** Asks the policy about a Fetch `Request` (several header lines are already joined with ", "). */
export function decideFetch(policy: CorsDecider, method: string, headers: Headers): CorsDecision | Promise<CorsDecision> {
  return policy.decide(
    method,
    headers.get("origin") ?? undefined,
    headers.get("access-control-request-method") ?? undefined,
    headers.get("access-control-request-headers") ?? undefined,
    headers.get("access-control-request-private-network") ?? undefined,
  );
}

/**
 * Sets the decision's headers (replacing, so there is exactly one Access-Control-Allow-Origin) and
 * appends its Vary names. Throws a TypeError when `headers` is immutable.
 */
export function applyToHeaders(d: CorsDecision, headers: Headers): void {
  const h = d.headers;
  for (let i = 0; i < h.length; i += 2) headers.set(h[i] as string, h[i + 1] as string);
  if (d.vary !== "") headers.set("Vary", appendVary(headers.get("vary") ?? undefined, d.vary));
}

/**
 * Returns `response` carrying the decision's headers. The Response is modified in place; it is
 * copied (same body stream, status and headers) only when its headers are immutable, as for
 * `Response.redirect()`, `Response.error()` or a Response obtained from `fetch()`.
 */
export function withDecision(d: CorsDecision, response: Response): Response {
  if (d.headers.length === 0 && d.vary === "") return response;
  try {
    applyToHeaders(d, response.headers);
    return response;
  } catch {
    // Immutable headers: nothing was changed (the first set threw). A network error (status 0)
    // cannot be copied and has nothing a page could read anyway.
    if (response.status === 0) return response;
    const copy = new Response(response.body, response);
    applyToHeaders(d, copy.headers);
    return copy;
  }
}

/** Adds the decision's headers and the body headers of a preflight answer (or of a debug explanation) to `headers`. */
export function setPreflightHeaders(d: CorsDecision, headers: Headers): Headers {
  applyToHeaders(d, headers);
  if (d.body !== "") {
    headers.set("Content-Type", "text/plain; charset=utf-8");
    headers.set("X-Content-Type-Options", "nosniff");
  } else {
    // Safari waits for a body on a 204 without Content-Length (expressjs/cors).
    headers.set("Content-Length", "0");
  }
  return headers;
}

/** The answer to a preflight the decision ends. */
export function preflightResponse(d: CorsDecision): Response {
  return new Response(d.body === "" ? null : d.body, { status: d.status, headers: setPreflightHeaders(d, new Headers()) });
}
