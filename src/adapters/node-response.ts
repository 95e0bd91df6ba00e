/**
 * Writing a decision into a Node-style response. Only the ServerResponse basics are required
 * (`getHeader`, `setHeader`, `end`, `statusCode`), so Express, Connect and test doubles work alike;
 * a real ServerResponse's `writeHead` is used for preflight answers when present.
 */
import { appendVary, type CorsDecision } from "../index.js";

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

function first(value: string | string[] | undefined): string | undefined {
  // Node joins repeated lines of most headers with ", "; an array only comes from test doubles.
  return Array.isArray(value) ? value.join(", ") : value;
}

/** Reads the five request values a decision depends on. */
export function requestSignals(req: NodeLikeRequest): [string, string | undefined, string | undefined, string | undefined, string | undefined] {
  const h = req.headers;
  return [
    req.method ?? "GET",
    first(h.origin),
    first(h["access-control-request-method"]),
    first(h["access-control-request-headers"]),
    first(h["access-control-request-private-network"]),
  ];
}

/**
 * Sets the decision's headers (replacing, so there is exactly one Access-Control-Allow-Origin) and
 * appends its Vary names to the response's.
 */
export function writeHeaders(d: CorsDecision, res: Pick<NodeLikeResponse, "getHeader" | "setHeader">): void {
  const h = d.headers;
  for (let i = 0; i < h.length; i += 2) res.setHeader(h[i] as string, h[i + 1] as string);
  if (d.vary !== "") {
    const existing = res.getHeader("Vary");
    res.setHeader("Vary", existing === undefined ? d.vary : appendVary(existing, d.vary));
  }
}

/** The complete head of each shared preflight answer (headers, Vary, Content-Length), built once. */
const preflightHeads = new WeakMap<CorsDecision, readonly string[]>();

function preflightHead(d: CorsDecision, existingVary: string | number | readonly string[] | undefined): readonly string[] {
  if (existingVary === undefined) {
    const cached = preflightHeads.get(d);
    if (cached !== undefined) return cached;
  }
  const head = [...d.headers];
  const vary = existingVary === undefined ? d.vary : appendVary(existingVary, d.vary);
  if (vary !== "") head.push("Vary", vary);
  // Safari waits for a body on a 204 without Content-Length (expressjs/cors).
  head.push("Content-Length", "0");
  Object.freeze(head);
  if (existingVary === undefined) preflightHeads.set(d, head);
  return head;
}

/**
 * Writes the decision's headers ({@link writeHeaders}) and answers the preflight when the decision says so.
 * Returns true when the response was ended.
 */
export function writeDecision(d: CorsDecision, res: NodeLikeResponse): boolean {
  if (!d.endPreflight) {
    writeHeaders(d, res);
    return false;
  }
  if (d.body === "" && typeof res.writeHead === "function") {
    // One writeHead with a flat list costs Node less than a setHeader per field (no per-call
    // bookkeeping); headers set earlier stay, ours replace any of the same name.
    res.writeHead(d.status, preflightHead(d, d.vary === "" ? undefined : res.getHeader("Vary")) as string[]);
    res.end();
    return true;
  }
  writeHeaders(d, res);
  res.statusCode = d.status;
  if (d.body !== "") {
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Content-Length", String(Buffer.byteLength(d.body)));
    res.end(d.body);
  } else {
    res.setHeader("Content-Length", "0");
    res.end();
  }
  return true;
}
