/**
 * A small test helper: ask what a browser would do with a request to your app, in-process, from
 * any test runner (vitest, jest, node:test, mocha) — it only returns values and throws on mismatch.
 */
import { closest } from "../protocol/did-you-mean.js";
import type { CorsErrorCode } from "./console-messages.js";
import { additionSentences, diagnose } from "./diagnose.js";
import { type SimulateOptions, simulateFetch } from "./fetch.js";
import { type FetchHandler, fetchHandlerTransport } from "./transports/fetch-handler.js";
import { type NodeListener, nodeListenerTransport } from "./transports/node-listener.js";
import { BROWSER_REQUEST_KEYS, type BrowserRequest, type BrowserResult, type Transport } from "./types.js";

/**
 * An app under test: an Express or Connect app, a `node:http` Server (not listening), a Fastify
 * instance, a Koa app, a Hono app, a Fetch handler `(request) => Response`, an object with
 * `fetch(request)`, or any Node listener `(req, res)`.
 */
export type CorsApp = NodeListener | FetchHandler | object;

/** What a test expects; every given field must match. */
export interface CorsExpectation {
  /** Default `true`, unless `code` or a non-null `message` describes a failure. */
  readonly allowed?: boolean;
  /** Whether a preflight is sent. */
  readonly preflight?: boolean;
  /** Response headers script must be able to read (any case); others may be readable too. */
  readonly exposes?: readonly string[];
  /** The same as {@link exposes}, under the name the result uses (`result.exposedHeaders`). */
  readonly exposedHeaders?: readonly string[];
  /** The console message, exactly or by pattern (use `null` for none). */
  readonly message?: string | RegExp | null;
  /** The failure's code (`result.error.code`), e.g. `HeaderDisallowedByPreflightResponse`. */
  readonly code?: CorsErrorCode;
  /** Cookie names the final request must carry (e.g. the session cookie: "CORS works but I'm logged out"). */
  readonly sendsCookies?: readonly string[];
}

/** Every field of {@link CorsExpectation}, as a record so the compiler insists on each new field. */
const EXPECTATION_FIELDS: Record<keyof CorsExpectation, true> = {
  allowed: true,
  preflight: true,
  exposes: true,
  exposedHeaders: true,
  message: true,
  code: true,
  sendsCookies: true,
};

/** Every field of {@link CorsExpectation}; any other key is a typo and throws. */
export const CORS_EXPECTATION_KEYS = Object.keys(EXPECTATION_FIELDS) as readonly (keyof CorsExpectation)[];

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

const WHAT_TO_PASS =
  "Pass the app under test: an Express or Connect app, a node:http Server, a Fastify instance, a Koa app, a Hono app, a Fetch handler (request) => Response, or an object with fetch(request).";

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "function") return `a function of ${value.length} parameter${value.length === 1 ? "" : "s"}`;
  if (typeof value !== "object") return `${typeof value} ${JSON.stringify(value)}`;
  const name = (value as object).constructor?.name;
  return name && name !== "Object" ? `a ${name}` : `an object with keys ${Object.keys(value).slice(0, 5).join(", ") || "(none)"}`;
}

type Listener = NodeListener | Promise<NodeListener>;

/** A Node listener for what people have in hand, or null when `app` is none of the supported kinds. */
function nodeListenerFor(app: object): Listener | null {
  const a = app as Record<string, unknown>;
  // Fastify: routes exist once the instance is ready; its server dispatches to them.
  if (typeof a.ready === "function" && typeof a.inject === "function" && typeof a.server === "object" && a.server !== null) {
    const server = a.server as { emit(event: string, ...args: unknown[]): boolean };
    return (a.ready as () => Promise<unknown>).call(app).then(() => (req, res) => void server.emit("request", req, res));
  }
  // Koa: app.callback() is its Node listener.
  if (typeof a.callback === "function" && typeof a.use === "function") return (a.callback as () => NodeListener).call(app);
  // node:http (or https) Server: emit "request" as a connection would, without listening.
  if (typeof a.emit === "function" && typeof a.listeners === "function" && (a.listeners as (e: string) => unknown[]).call(app, "request").length > 0) {
    const server = app as { emit(event: string, ...args: unknown[]): boolean };
    return (req, res) => void server.emit("request", req, res);
  }
  return null;
}

/**
 * The in-process transport for an app: one-parameter functions and objects with `fetch` are Fetch
 * handlers; Fastify instances, Koa apps and node:http Servers are driven through their listener;
 * other functions are Node listeners (Express apps are `(req, res, next)`). Errors the app throws
 * are recorded in `thrown` so the helper can report them instead of a network failure.
 */
export function transportFor(app: CorsApp, thrown: unknown[] = []): Transport {
  let inner: Transport | Promise<Transport>;
  if (typeof app === "function") {
    inner = app.length === 1 ? fetchHandlerTransport(app as FetchHandler) : nodeListenerTransport(app as NodeListener);
  } else if (typeof app === "object" && app !== null) {
    // Fastify instances are thenable too: recognise them before refusing Promises.
    const listener = nodeListenerFor(app);
    if (listener !== null) inner = listener instanceof Promise ? listener.then(nodeListenerTransport) : nodeListenerTransport(listener);
    else if (typeof (app as { then?: unknown }).then === "function")
      throw new TypeError(`expectCors got a Promise as the app: await it first (e.g. \`await buildApp()\`). ${WHAT_TO_PASS}`);
    else if (typeof (app as { fetch?: unknown }).fetch === "function") inner = fetchHandlerTransport(app as FetchHandler);
    else throw new TypeError(`expectCors cannot test ${describe(app)}. ${WHAT_TO_PASS}`);
  } else {
    throw new TypeError(`expectCors cannot test ${describe(app)}. ${WHAT_TO_PASS}`);
  }
  return {
    async send(request) {
      try {
        return await (await inner).send(request);
      } catch (e) {
        thrown.push(e);
        throw e;
      }
    },
  };
}

function refuseUnknownKeys(what: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    throw new TypeError(`expectCors: unknown ${what} field '${key}'${guess ? ` (did you mean '${guess}'?)` : ""}. Known fields: ${known.join(", ")}.`);
  }
}

/** An error that names the app's own exception and keeps its stack, so the test output shows where it threw. */
function handlerThrew(error: unknown): Error {
  const e = error instanceof Error ? error : new Error(String(error));
  const wrapped = new Error(`expectCors: your handler threw ${e.name}: ${e.message}\n${e.stack ?? ""}`, { cause: error });
  wrapped.name = "CorsHandlerError";
  return wrapped;
}

/**
 * Simulates the request against `app` in-process and checks the expectation (default: allowed).
 * Resolves with the {@link BrowserResult}; rejects with a {@link CorsExpectationError} that quotes
 * the browser's console message, the likely cause and what to add to the CORS configuration. An
 * unknown field in the request or the expectation throws a TypeError (a typo must not pass), and
 * an exception thrown by the app rejects with it (its stack included).
 *
 * @example
 * // vitest or jest
 * it("lets the SPA PUT JSON with a token", async () => {
 *   await expectCors(app, {
 *     url: "https://api.example.com/items/1", origin: "https://app.example.com", method: "PUT",
 *     headers: { "Content-Type": "application/json", Authorization: "Bearer t" }, credentials: "include",
 *   }, { allowed: true, preflight: true, exposedHeaders: ["x-total-count"] });
 * });
 * // the session cookie must travel ("CORS works but I'm logged out")
 * it("sends the session cookie cross-origin", async () => {
 *   await expectCors(app, { url: "https://api.example.com/me", origin: "https://app.example.com", credentials: "include" },
 *     { allowed: true, sendsCookies: ["session"] }, { cookies: ["session=abc; SameSite=Lax"] });
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
  refuseUnknownKeys("request", request, BROWSER_REQUEST_KEYS);
  refuseUnknownKeys("expectation", expectation, CORS_EXPECTATION_KEYS);
  const thrown: unknown[] = [];
  const result = await simulateFetch(request, { ...options, transport: transportFor(app, thrown) });
  if (thrown.length > 0) throw handlerThrew(thrown[0]);
  if (result.error?.code === "InvalidRequest") throw new TypeError(`expectCors: the request is not a valid fetch() call: ${result.error.exception}`);
  const problems: string[] = [];
  // Unless the expectation describes a failure, it expects the request to pass: `{ preflight: true }`
  // alone must not pass for a blocked request.
  const allowed =
    expectation.allowed ?? (expectation.code === undefined && (expectation.message === undefined || expectation.message === null) ? true : undefined);
  if (allowed !== undefined && result.allowed !== allowed)
    problems.push(`expected ${allowed ? "allowed" : "blocked"}, browser ${result.allowed ? "allows" : "blocks"} it`);
  const preflighted = result.preflight !== null;
  if (expectation.preflight !== undefined && preflighted !== expectation.preflight)
    problems.push(`expected ${expectation.preflight ? "a" : "no"} preflight, browser ${preflighted ? "sends one" : "sends none"}`);
  for (const name of [...(expectation.exposes ?? []), ...(expectation.exposedHeaders ?? [])]) {
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
  const last = result.trace.findLast((x) => x.kind !== "preflight")?.cookies;
  for (const name of expectation.sendsCookies ?? []) {
    if (last?.sent.some((c) => c.name === name)) continue;
    const withheld = last?.withheld.find((w) => w.cookie.name === name);
    problems.push(
      withheld === undefined
        ? `expected cookie ${name} to be sent; the browser holds none`
        : `expected cookie ${name} to be sent; withheld (${withheld.reasons.join(", ")}): ${withheld.text}`,
    );
  }
  if (problems.length > 0) {
    const d = diagnose(result, {
      origin: request.origin,
      method: result.trace.at(-1)?.request.method ?? request.method ?? "GET",
      requestedHeaders: result.preflight?.request.headers.find(([n]) => n === "Access-Control-Request-Headers")?.[1].split(",") ?? [],
      credentials: request.credentials === "include",
    });
    const add = additionSentences(d);
    const detail = [
      `${request.method ?? "GET"} ${request.url} from ${request.origin}: ${problems.join("; ")}.`,
      result.message === null ? "" : `Console: ${result.message}`,
      d.unreadableHeaders.length > 0 ? `Sent but not readable by script (not in Access-Control-Expose-Headers): ${d.unreadableHeaders.join(", ")}` : "",
      d.summary === null ? "" : `Likely cause: ${d.summary}`,
      result.error === null ? "" : `Fix: ${result.error.fix}`,
      add.length > 0 ? `In the CORS configuration: ${add.join("; ")}.` : "",
    ].filter((l) => l !== "");
    throw new CorsExpectationError(detail.join("\n"), result);
  }
  return result;
}
