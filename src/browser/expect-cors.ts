/**
 * A small test helper: ask what a browser would do with a request to your app, in-process, from
 * any test runner (vitest, jest, node:test, mocha) — it only returns values and throws on mismatch.
 */
import type { CorsErrorCode } from "./console-messages.js";
import { type SimulateOptions, simulateFetch } from "./fetch.js";
import { type FetchHandler, fetchHandlerTransport } from "./transports/fetch-handler.js";
import { type NodeListener, nodeListenerTransport } from "./transports/node-listener.js";
import type { BrowserRequest, BrowserResult, Transport } from "./types.js";

/** An app under test: a Node listener `(req, res)` (Express, Connect, Koa callback), a Fetch handler, or an object with `fetch`. */
export type CorsApp = NodeListener | FetchHandler;

/** What a test expects; every given field must match. */
export interface CorsExpectation {
  readonly allowed?: boolean;
  /** Whether a preflight is sent. */
  readonly preflight?: boolean;
  /** Response headers script must be able to read (lower-case names); others may be readable too. */
  readonly exposes?: readonly string[];
  /** The console message, exactly or by pattern (use `null` for none). */
  readonly message?: string | RegExp | null;
  readonly code?: CorsErrorCode;
}

/** Thrown by {@link expectCors} when the browser would do something else; carries the full result. */
export class CorsExpectationError extends Error {
  override readonly name = "CorsExpectationError";
  constructor(
    message: string,
    readonly result: BrowserResult,
  ) {
    super(message);
  }
}

/** Picks the in-process transport for an app: objects with `fetch` and one-argument functions are Fetch handlers. */
export function transportFor(app: CorsApp): Transport {
  if (typeof app === "function" && app.length !== 1) return nodeListenerTransport(app as NodeListener);
  return fetchHandlerTransport(app as FetchHandler);
}

/**
 * Simulates the request against `app` in-process and checks the expectation (default: allowed).
 * Resolves with the {@link BrowserResult}; rejects with a {@link CorsExpectationError} that quotes
 * the browser's console message and the suggested fix.
 *
 * @example
 * // vitest or jest
 * it("lets the SPA PUT JSON with a token", async () => {
 *   await expectCors(app, {
 *     url: "https://api.example.com/items/1", origin: "https://app.example.com", method: "PUT",
 *     headers: { "Content-Type": "application/json", Authorization: "Bearer t" }, credentials: "include",
 *   }, { allowed: true, preflight: true });
 * });
 * // node:test
 * test("blocks other sites", async () => {
 *   const r = await expectCors(app, { url: "https://api.example.com/items", origin: "https://evil.example" }, { allowed: false });
 *   assert.match(r.message ?? "", /No 'Access-Control-Allow-Origin' header/);
 * });
 */
export async function expectCors(
  app: CorsApp,
  request: BrowserRequest,
  expectation: CorsExpectation = { allowed: true },
  options: Omit<SimulateOptions, "transport"> = {},
): Promise<BrowserResult> {
  const result = await simulateFetch(request, { ...options, transport: transportFor(app) });
  const problems: string[] = [];
  if (expectation.allowed !== undefined && result.allowed !== expectation.allowed)
    problems.push(`expected ${expectation.allowed ? "allowed" : "blocked"}, browser ${result.allowed ? "allows" : "blocks"} it`);
  const preflighted = result.preflight !== null;
  if (expectation.preflight !== undefined && preflighted !== expectation.preflight)
    problems.push(`expected ${expectation.preflight ? "a" : "no"} preflight, browser ${preflighted ? "sends one" : "sends none"}`);
  for (const name of expectation.exposes ?? []) {
    if (!result.exposedHeaders.includes(name.toLowerCase()))
      problems.push(`expected script to read ${name}; readable: ${result.exposedHeaders.join(", ") || "(none)"}`);
  }
  if (expectation.message !== undefined) {
    const m = expectation.message;
    const ok = m === null ? result.message === null : typeof m === "string" ? result.message === m : result.message !== null && m.test(result.message);
    if (!ok) problems.push(`expected console message ${String(m)}`);
  }
  if (expectation.code !== undefined && result.error?.code !== expectation.code)
    problems.push(`expected error ${expectation.code}, got ${result.error?.code ?? "none"}`);
  if (problems.length > 0) {
    const detail = [
      `${request.method ?? "GET"} ${request.url} from ${request.origin}: ${problems.join("; ")}.`,
      result.message === null ? "" : `Console: ${result.message}`,
      result.error === null ? "" : `Fix: ${result.error.fix}`,
    ].filter((l) => l !== "");
    throw new CorsExpectationError(detail.join("\n"), result);
  }
  return result;
}
