/**
 * One probe = one `fetch()` a page at some origin would make, run through the browser model
 * ({@link simulateFetch}) over the scan's transport, holding the victim's cookies. The model
 * decides what the browser sends (which cookies, under SameSite, Secure and the third-party-cookie
 * setting) and whether script can read the answer; this module adds a guard that keeps
 * state-changing requests off the wire unless the user opted in.
 */
import {
  type BrowserRequest,
  type BrowserResult,
  simulateFetch,
  type ThirdPartyCookies,
  type Transport,
  type WireRequest,
  type WireResponse,
} from "../browser/index.js";

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
  /** The victim's cookies for the target, Set-Cookie style (`sid=abc; Secure; SameSite=None`). */
  readonly cookies: readonly string[];
  /** Send PUT/DELETE after a granted preflight (default: stop at the preflight). */
  readonly sendUnsafe: boolean;
}

/** Whether the browser sent one of the victim's cookies, and why (the model's reason). */
export interface CookieDecision {
  readonly attached: boolean;
  readonly why: string;
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
  /** Per cookie, whether the browser attached it to the actual request (empty when no cookie was given). */
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

/** The model's cookie decisions on the actual request, in words for a finding's reason. */
function cookieDecisions(result: BrowserResult, browser: "chromium" | "firefox", origin: string): CookieDecision[] {
  const actual = result.trace.find((x) => x.kind !== "preflight")?.cookies;
  if (actual === undefined) return [];
  const sameSite = (c: { sameSite: string }) => (c.sameSite === "Unspecified" ? "no SameSite (Lax by default)" : `SameSite=${c.sameSite}`);
  return [
    ...actual.sent.map((c) => ({ attached: true, why: `the browser sends cookie '${c.name}' (${sameSite(c)}${c.secure ? "; Secure" : ""}) from ${origin}` })),
    ...actual.withheld.map(({ cookie: c, reasons, text }) => ({
      attached: false,
      why:
        browser === "firefox" && reasons[0] === "UserPreferences"
          ? `Firefox's Total Cookie Protection keeps cookie '${c.name}' out of third-party requests from ${origin}`
          : `cookie '${c.name}' (${sameSite(c)}) is withheld: ${text}`,
    })),
  ];
}

/**
 * Runs one probe. The model attaches the cookies the browser would (never on a preflight, Fetch
 * "CORS-preflight fetch" step 1). Firefox's Total Cookie Protection keeps first-party cookies out
 * of every third-party request, which the model's `blocked` third-party setting reproduces.
 */
export async function runProbe(
  ctx: ProbeContext,
  origin: string,
  method: ProbeMethod,
  credentials: "include" | "omit",
  extraHeaders: readonly [string, string][] = [],
): Promise<ProbeResult> {
  let heldBack = false;
  const transport: Transport = {
    send(request: WireRequest): Promise<WireResponse> {
      if (!isPreflight(request) && !ctx.sendUnsafe && request.method !== "GET" && request.method !== "HEAD") {
        heldBack = true;
        return Promise.reject(new HeldBack(`${request.method} not sent`));
      }
      return ctx.transport.send(request);
    },
  };
  const result = await simulateFetch(probeRequest(ctx.url, origin, method, credentials, extraHeaders), {
    transport,
    profile: ctx.browser,
    cookies: ctx.cookies,
    thirdPartyCookies: ctx.browser === "firefox" ? "blocked" : ctx.thirdPartyCookies,
  });
  const held = heldBack && result.error?.code === "NetworkFailure" && !result.error.preflight;
  return { origin, method, credentials, result, granted: result.allowed || held, heldBack: held, cookies: cookieDecisions(result, ctx.browser, origin) };
}
