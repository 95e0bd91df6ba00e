/** What the policy decided for one request; adapters only translate this into their framework's idiom. */

/** Why a request got no CORS headers. */
export type DenialCode = "origin-not-allowed" | "origin-check-failed" | "method-not-allowed" | "headers-not-allowed" | "request-headers-malformed";

/**
 * One decision. Static decisions are shared and frozen: never mutate one.
 *
 * Apply it as: write each `head` pair onto the response (replacing any existing value, so there
 * is exactly one Access-Control-Allow-Origin, except `Vary`, whose names are appended to the
 * response's own), and when `endPreflight` is true end the response with `status` and `body`.
 */
export interface CorsDecision {
  /** The request is a CORS preflight (OPTIONS + Origin + Access-Control-Request-Method). */
  readonly preflight: boolean;
  /** The origin (and for a preflight, the method and headers) passed the policy. */
  readonly allowed: boolean;
  /** The adapter must answer now with `status` instead of calling the application. */
  readonly endPreflight: boolean;
  /** Status of the preflight response; 0 for other requests. */
  readonly status: number;
  /** The CORS response headers as a flat list: name, value, name, value… */
  readonly headers: readonly string[];
  /** Field names to append to Vary ("" for none). */
  readonly vary: string;
  /**
   * Everything an adapter writes, as a flat list built once with the decision: `headers`, then
   * `Vary` (to append) when `vary` is set, then, for a preflight, the headers of the answer's body
   * (written only by whoever answers it: the adapter when `endPreflight`, else the application).
   */
  readonly head: readonly string[];
  /** Set when the request was refused. */
  readonly denial: DenialCode | undefined;
  /** Debug mode only: a plain-text explanation of a refused preflight. */
  readonly body: string;
}

const utf8 = new TextEncoder();

/** The body's headers of a preflight answer. */
function bodyHeaders(body: string): string[] {
  // Safari waits for a body on a 204 without Content-Length (expressjs/cors), so an empty answer says so.
  if (body === "") return ["Content-Length", "0"];
  return ["Content-Type", "text/plain; charset=utf-8", "X-Content-Type-Options", "nosniff", "Content-Length", String(utf8.encode(body).byteLength)];
}

function build(
  preflight: boolean,
  allowed: boolean,
  endPreflight: boolean,
  status: number,
  headers: readonly string[],
  vary: string,
  denial: DenialCode | undefined,
  body: string,
): CorsDecision {
  const head = vary === "" ? [...headers] : [...headers, "Vary", vary];
  if (preflight) head.push(...bodyHeaders(body));
  return Object.freeze({ preflight, allowed, endPreflight, status, headers: Object.freeze(headers), vary, head: Object.freeze(head), denial, body });
}

/** The decision for a request that is not a preflight: `headers` and `vary` go on the application's response. */
export function actualDecision(allowed: boolean, headers: readonly string[], vary: string, denial?: DenialCode): CorsDecision {
  return build(false, allowed, false, 0, headers, vary, denial, "");
}

/** How a preflight is answered. */
export interface PreflightAnswer {
  readonly allowed: boolean;
  /** The adapter answers with `status` (false: the application does, `preflightContinue`). */
  readonly answer: boolean;
  readonly status: number;
  readonly headers: readonly string[];
  readonly vary: string;
  readonly denial?: DenialCode | undefined;
  /** Debug explanation of a refusal. */
  readonly body?: string | undefined;
}

/** The decision for a preflight. */
export function preflightDecision(p: PreflightAnswer): CorsDecision {
  return build(true, p.allowed, p.answer, p.status, p.headers, p.vary, p.denial, p.body ?? "");
}

/** `origin: false`: CORS is off, no headers at all, and no request is a preflight (every OPTIONS reaches the application). */
export const CORS_OFF: CorsDecision = actualDecision(false, [], "");
