/**
 * corsproof/fetch: CORS for any `(request: Request) => Response | Promise<Response>` handler —
 * Deno.serve, Bun.serve, Cloudflare Workers, Next.js route handlers, srvx, h3 v2, Remix loaders
 * (examples at {@link withCors}).
 *
 * Security: the policy is validated when `withCors` is called; an insecure configuration throws a
 * CorsConfigError at start-up instead of serving wrong headers.
 * @packageDocumentation
 */
import type { CorsDecision } from "../index.js";
import { decideFetch, preflightResponse, withDecision } from "./fetch-response.js";
import { checkWithCorsArguments, deciderOf, type PolicyInput } from "./policy-input.js";

export { CorsConfigError, createCorsPolicy, CorsPolicy, ReloadableCorsPolicy } from "../index.js";
export type { CorsOptions, CorsDecision } from "../index.js";
export type { PolicyInput } from "./policy-input.js";

/** Options of {@link withCors} besides the policy. */
export interface WithCorsOptions<R extends Request = Request> {
  /**
   * Called when the handler throws or rejects. Return a Response to send it (CORS headers are added
   * to it); return nothing for a plain-text 500. Either way the error response carries the CORS
   * headers, so the page sees the real status instead of a CORS error.
   */
  onError?: ((error: unknown, request: R) => Response | undefined | Promise<Response | undefined>) | undefined;
}

function internalError(): Response {
  return new Response("Internal Server Error", { status: 500, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

async function recover<R extends Request>(error: unknown, request: R, onError: WithCorsOptions<R>["onError"]): Promise<Response> {
  if (onError === undefined) return internalError();
  try {
    return (await onError(error, request)) ?? internalError();
  } catch {
    return internalError();
  }
}

/**
 * Wraps a Fetch handler. Preflights (OPTIONS + Origin + Access-Control-Request-Method) are
 * answered without calling it; every other request runs the handler and its Response gets the
 * CORS headers (copied into a new Response only when its headers are immutable). A handler that
 * throws becomes a 500 that still carries the CORS headers. Extra arguments (Workers' `env` and
 * `ctx`, Next.js' route context, Bun's `server`) are passed through.
 *
 * Accepts options (compiled once, here), a policy from `createCorsPolicy`, or a
 * `ReloadableCorsPolicy` to change the configuration at runtime.
 *
 * @example
 * ```ts
 * import { withCors, ReloadableCorsPolicy } from "corsproof/fetch";
 * const handler = withCors((request) => Response.json({ ok: true }), { origin: ["https://app.example.com"], credentials: true });
 * Deno.serve(handler); // or Bun.serve({ fetch: handler }), or `export default { fetch: handler }`
 *
 * // Next.js app/api/items/route.ts
 * const policy = new ReloadableCorsPolicy({ origin: ["https://app.example.com"], maxAge: 600 });
 * export const GET = withCors(async () => Response.json(await listItems()), policy);
 * // Next answers OPTIONS itself unless the route exports it: export the same wrapper.
 * export const OPTIONS = withCors(() => new Response(null, { status: 404 }), policy);
 * ```
 */
export function withCors<R extends Request, A extends unknown[]>(
  handler: (request: R, ...args: A) => Response | Promise<Response>,
  input: PolicyInput,
  options: WithCorsOptions<R> = {},
): (request: R, ...args: A) => Promise<Response> {
  checkWithCorsArguments(handler, input);
  const policy = deciderOf(input);
  const { onError } = options;
  return async (request, ...args) => {
    const pending = decideFetch(policy, request.method, request.headers);
    const d: CorsDecision = pending instanceof Promise ? await pending : pending;
    if (d.endPreflight) return preflightResponse(d);
    let response: Response;
    try {
      response = await handler(request, ...args);
    } catch (error) {
      response = await recover(error, request, onError);
    }
    return withDecision(d, response);
  };
}
