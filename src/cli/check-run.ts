/**
 * One `check`: the simulated fetch, the probes that tell causes apart, and the diagnosis. Shared by
 * `corsproof check` and the demo so both give the same advice.
 */
import { type Diagnosis, diagnose, UNKNOWN_ORIGIN } from "../browser/diagnose.js";
import {
  type BrowserRequest,
  type BrowserResult,
  type Explanation,
  explainRequest,
  type PreflightCache,
  type ProfileName,
  simulateFetch,
  type Transport,
} from "../browser/index.js";
import { detectFramework, type Framework } from "./fix-snippet.js";
import type { BrowserState } from "./request-options.js";

/** A probe corsproof sends besides what the browser would: why, and what came back. */
export interface Probe {
  readonly purpose: string;
  readonly result: BrowserResult;
}

/** Everything a check found. */
export interface CheckRun {
  readonly request: BrowserRequest;
  readonly explanation: Explanation;
  readonly result: BrowserResult;
  /** A plain GET from the same origin (sent when a preflight failed) and the reflection probe. */
  readonly probes: readonly Probe[];
  readonly diagnosis: Diagnosis;
  readonly framework: Framework;
}

export interface CheckRunOptions {
  readonly transport: Transport;
  readonly profile?: ProfileName;
  readonly cache?: PreflightCache;
  /** Send the extra requests that tell causes apart and find origin reflection (default true). */
  readonly probes?: boolean;
  /** The framework to write the fix for; detected from the responses when absent. */
  readonly framework?: Framework | undefined;
  /** Cookies, the third-party-cookie setting and the Local Network Access answer (see simulateFetch). */
  readonly browserState?: Partial<BrowserState>;
}

/** Runs the request like a browser, then the probes, then the diagnosis. */
export async function runCheck(request: BrowserRequest, options: CheckRunOptions): Promise<CheckRun> {
  const profile = options.profile ?? "chromium";
  const state = options.browserState ?? {};
  const explanation = explainRequest(request, { profile, ...state });
  const result = await simulateFetch(request, {
    transport: options.transport,
    profile,
    ...state,
    ...(options.cache === undefined ? {} : { cache: options.cache }),
  });
  // corsproof's own probes carry no cookies, but reach the server as the browser did (LNA answer included).
  const probeOptions = {
    transport: options.transport,
    profile,
    ...(state.localNetworkAccess === undefined ? {} : { localNetworkAccess: state.localNetworkAccess }),
  };
  const credentials = explanation.request?.credentials === "include";
  const plain = (origin: string): BrowserRequest => ({ url: request.url, origin, credentials: request.credentials ?? "same-origin" });
  const probes: Probe[] = [];
  let probe: BrowserResult | null = null;
  let reflection: BrowserResult | null = null;
  if (options.probes !== false && explanation.crossOrigin && result.error?.code !== "InvalidRequest" && result.error?.code !== "NetworkFailure") {
    // A failed preflight looks the same whether auth, routing or the CORS layer refused it; a plain
    // GET from the same origin shows whether the CORS layer allows the origin at all.
    if (result.error?.preflight === true) {
      probe = await simulateFetch(plain(request.origin), probeOptions);
      probes.push({ purpose: `a plain GET from ${request.origin}, to see whether the CORS layer allows this origin at all`, result: probe });
    }
    // Reflecting any Origin with credentials lets every site read the user's data: ask as a site
    // the server cannot know.
    if (credentials) {
      reflection = await simulateFetch({ ...plain(UNKNOWN_ORIGIN), credentials: "include" }, probeOptions);
      probes.push({
        purpose: `the same URL from ${UNKNOWN_ORIGIN}, an origin the server cannot know, to see whether it reflects any origin`,
        result: reflection,
      });
    }
  }
  const acrh = explanation.preflight.request?.headers.find(([n]) => n === "Access-Control-Request-Headers")?.[1];
  const diagnosis = diagnose(result, {
    origin: request.origin,
    method: explanation.request?.method ?? "GET",
    requestedHeaders: acrh === undefined ? [] : acrh.split(","),
    credentials,
    probe,
    reflection,
  });
  const responses = [...result.trace, ...probes.flatMap((p) => p.result.trace)].map((x) => x.response);
  return { request, explanation, result, probes, diagnosis, framework: options.framework ?? detectFramework(responses) };
}
