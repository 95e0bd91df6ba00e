/**
 * One request through a proxy, and the same request decided by the engine, reduced to what the
 * differential tests compare: status, who answered, every CORS header (each must appear once) and
 * the Vary list.
 */
import { Agent, request } from "node:http";
import { appendVary, type CorsDecision, type CorsPolicy } from "../../../src/index.js";
import { UPSTREAM_MARKER, UPSTREAM_STATUS, UPSTREAM_VARY } from "./proxies.js";

/** A generated request. Header values are sent as one line each, exactly as given. */
export interface Probe {
  readonly method: string;
  readonly origin?: string | undefined;
  readonly acrm?: string | undefined;
  readonly acrh?: string | undefined;
  readonly acrpn?: string | undefined;
  /** Status the upstream answers with. */
  readonly upstreamStatus: number;
  /** Vary the upstream sends, if any. */
  readonly upstreamVary?: string | undefined;
}

/** What the tests compare. */
export interface Outcome {
  readonly status: number;
  /** The proxy (or the engine) answered; the upstream never saw the request. */
  readonly handled: boolean;
  /** CORS response headers by lower-case name. A name sent twice is recorded as `DUPLICATE: a | b`. */
  readonly cors: Readonly<Record<string, string>>;
  /** All Vary lines, joined with ", "; undefined when absent. */
  readonly vary: string | undefined;
}

const CORS_HEADER = /^(access-control-|timing-allow-origin$)/;

/** The request headers of a probe, in a fixed order. */
export function probeHeaders(p: Probe): Record<string, string> {
  const h: Record<string, string> = { [UPSTREAM_STATUS]: String(p.upstreamStatus) };
  if (p.upstreamVary !== undefined) h[UPSTREAM_VARY] = p.upstreamVary;
  if (p.origin !== undefined) h.origin = p.origin;
  if (p.acrm !== undefined) h["access-control-request-method"] = p.acrm;
  if (p.acrh !== undefined) h["access-control-request-headers"] = p.acrh;
  if (p.acrpn !== undefined) h["access-control-request-private-network"] = p.acrpn;
  return h;
}

/** Reduces raw response header lines to an outcome. */
export function outcomeOf(status: number, rawHeaders: readonly string[]): Outcome {
  const cors: Record<string, string> = {};
  const vary: string[] = [];
  let handled = true;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    if (name === UPSTREAM_MARKER) handled = false;
    else if (name === "vary") vary.push(value);
    else if (CORS_HEADER.test(name)) cors[name] = name in cors ? `DUPLICATE: ${cors[name]} | ${value}` : value;
  }
  return { status, handled, cors, vary: vary.length > 0 ? vary.join(", ") : undefined };
}

/** What the engine answers for the probe, in front of the same upstream. */
export function engineOutcome(policy: CorsPolicy, p: Probe): Outcome {
  const d = policy.decide(p.method, p.origin, p.acrm, p.acrh, p.acrpn) as CorsDecision;
  const cors: Record<string, string> = {};
  for (let i = 0; i < d.headers.length; i += 2) cors[(d.headers[i] as string).toLowerCase()] = d.headers[i + 1] as string;
  if (d.endPreflight) return { status: d.status, handled: true, cors, vary: d.vary === "" ? undefined : d.vary };
  const vary = d.vary === "" ? p.upstreamVary : appendVary(p.upstreamVary, d.vary);
  return { status: p.upstreamStatus, handled: false, cors, vary };
}

/** An outcome as one string, CORS headers sorted by name (their order carries no meaning). */
export function canonicalOutcome(o: Outcome): string {
  const cors = Object.fromEntries(Object.entries(o.cors).sort(([a], [b]) => (a < b ? -1 : 1)));
  return JSON.stringify({ status: o.status, handled: o.handled, cors, vary: o.vary ?? null });
}

/** Keep-alive connections to one proxy, so thousands of probes cost no handshakes. */
export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets });
}

/** Sends one probe; resolves with the proxy's outcome and body. */
export function sendProbe(url: string, agent: Agent, p: Probe): Promise<Outcome & { body: string; contentLength: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/items`, { method: p.method, headers: probeHeaders(p), agent, timeout: 15_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        body += c;
      });
      res.on("end", () => resolve({ ...outcomeOf(res.statusCode ?? 0, res.rawHeaders), body, contentLength: res.headers["content-length"] }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end();
  });
}

/** Runs `work` over `items` with at most `concurrency` in flight. */
export async function pool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
