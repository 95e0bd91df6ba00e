/** What the policy decided for one request; adapters only translate this into their framework's idiom. */

/** Why a request got no CORS headers. */
export type DenialCode = "origin-not-allowed" | "origin-check-failed" | "method-not-allowed" | "headers-not-allowed" | "request-headers-malformed";

/**
 * One decision. Static decisions are shared and frozen: never mutate one.
 *
 * Apply it as: set each `headers` pair (replacing any existing value, so there is exactly one
 * Access-Control-Allow-Origin), append `vary` to the response's Vary header, and when
 * `endPreflight` is true end the response with `status` (and `body`, text/plain, when non-empty).
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
  /** Response headers as a flat list: name, value, name, value… */
  readonly headers: readonly string[];
  /** Field names to append to Vary ("" for none). */
  readonly vary: string;
  /** Set when the request was refused. */
  readonly denial: DenialCode | undefined;
  /** Debug mode only: a plain-text explanation of a refused preflight. */
  readonly body: string;
}

/** Builds a frozen decision. */
export function decision(
  preflight: boolean,
  allowed: boolean,
  endPreflight: boolean,
  status: number,
  headers: readonly string[],
  vary: string,
  denial: DenialCode | undefined,
  body: string,
): CorsDecision {
  return Object.freeze({ preflight, allowed, endPreflight, status, headers: Object.freeze(headers), vary, denial, body });
}
