/**
 * One probe = one `fetch()` a page at some origin would make, run through the browser model
 * ({@link simulateFetch}) over the scan's transport. The model decides what the browser sends and
 * whether script can read the answer; this module adds what the model does not do itself yet:
 * the victim's cookies (attached only when {@link cookieAttachment} says the browser would), and a
 * guard that keeps state-changing requests off the wire unless the user opted in.
 */
import { type BrowserRequest, type BrowserResult, simulateFetch, type Transport, type WireRequest, type WireResponse } from "../browser/index.js";
import { type CookieDecision, cookieAttachment, type SessionCookie, type ThirdPartyCookies } from "./session-cookies.js";

/** The methods a scan probes: a simple GET, and preflighted writes as a SPA sends them. */
export type ProbeMethod = "GET" | "PUT" | "DELETE";

/** The bearer token probes carry: an attacker's page cannot have the victim's. */
export const PROBE_TOKEN = "Bearer corsproof-probe";

/** Raised inside the transport when an unsafe actual request is held back (reported, not sent). */
class HeldBack extends Error {}

/** What a probe needs to know about the scan. */
export interface ProbeContext {
  readonly url: string;
  readonly transport: Transport;
  readonly browser: "chromium" | "firefox";
  readonly thirdPartyCookies: ThirdPartyCookies;
  readonly cookies: readonly SessionCookie[];
  /** Send PUT/DELETE after a granted preflight (default: stop at the preflight). */
  readonly sendUnsafe: boolean;
}

/** A probe's outcome. */
export interface ProbeResult {
  readonly origin: string;
  readonly method: ProbeMethod;
  readonly credentials: "include" | "omit";
  readonly result: BrowserResult;
  /** The browser let the request through: readable response, or a granted preflight for a write held back. */
  readonly granted: boolean;
  /** A write whose preflight passed but whose actual request was not sent (`sendUnsafe` off). */
  readonly heldBack: boolean;
  /** Per cookie, whether the browser attaches it (empty when no cookie was given or credentials are omitted). */
  readonly cookies: readonly CookieDecision[];
}

/** The request a page's script would make for `method`. */
export function probeRequest(
  url: string,
  origin: string,
  method: ProbeMethod,
  credentials: "include" | "omit",
  extraHeaders: readonly [string, string][] = [],
): BrowserRequest {
  if (method === "GET") return { url, origin, method, credentials, headers: [...extraHeaders] };
  const headers: [string, string][] = method === "PUT" ? [["Content-Type", "application/json"]] : [];
  headers.push(
    ...(extraHeaders.some(([n]) => n.toLowerCase() === "authorization") ? [] : [["Authorization", PROBE_TOKEN] as [string, string]]),
    ...extraHeaders,
  );
  return { url, origin, method, credentials, headers, ...(method === "PUT" ? { body: "{}" } : {}) };
}

function isPreflight(r: WireRequest): boolean {
  return r.method === "OPTIONS" && r.headers.some(([n]) => n.toLowerCase() === "access-control-request-method");
}

/**
 * Runs one probe. Cookies the browser would attach go on the actual request (never on a preflight,
 * Fetch "CORS-preflight fetch" step 1), only to the target's origin.
 */
export async function runProbe(
  ctx: ProbeContext,
  origin: string,
  method: ProbeMethod,
  credentials: "include" | "omit",
  extraHeaders: readonly [string, string][] = [],
): Promise<ProbeResult> {
  const decisions = credentials === "include" ? ctx.cookies.map((c) => cookieAttachment(c, ctx.url, origin, ctx.browser, ctx.thirdPartyCookies)) : [];
  const cookieHeader = ctx.cookies
    .filter((_, i) => decisions[i]?.attached)
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");
  const target = new URL(ctx.url).origin;
  let heldBack = false;
  // The requests as they went on the wire, Cookie included, to put the exact exchange in the evidence.
  const sent = new Map<WireRequest, WireRequest>();
  const transport: Transport = {
    send(request: WireRequest): Promise<WireResponse> {
      if (isPreflight(request)) return ctx.transport.send(request);
      if (!ctx.sendUnsafe && request.method !== "GET" && request.method !== "HEAD") {
        heldBack = true;
        return Promise.reject(new HeldBack(`${request.method} not sent`));
      }
      if (cookieHeader === "" || new URL(request.url).origin !== target) return ctx.transport.send(request);
      const withCookie: WireRequest = { ...request, headers: [...request.headers, ["Cookie", cookieHeader]] };
      sent.set(request, withCookie);
      return ctx.transport.send(withCookie);
    },
  };
  const simulated = await simulateFetch(probeRequest(ctx.url, origin, method, credentials, extraHeaders), { transport, profile: ctx.browser });
  const result: BrowserResult = { ...simulated, trace: simulated.trace.map((x) => ({ ...x, request: sent.get(x.request) ?? x.request })) };
  const held = heldBack && result.error?.code === "NetworkFailure" && !result.error.preflight;
  return { origin, method, credentials, result, granted: result.allowed || held, heldBack: held, cookies: decisions };
}
