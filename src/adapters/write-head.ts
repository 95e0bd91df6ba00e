/**
 * The one writer of a decision onto a response, for every adapter: each framework only says how
 * to read and set one header ({@link HeaderAccess}); what to write, the preflight answer's body
 * headers included, was built by the policy with the decision (`CorsDecision.head`).
 */
import { appendVary, type CorsDecision } from "../index.js";

/** A header value as frameworks hold it. */
export type HeaderValue = string | number | readonly string[] | null | undefined;

/** How to read and replace one header of a framework's response `T`. */
export interface HeaderAccess<T> {
  get(target: T, name: string): HeaderValue;
  set(target: T, name: string, value: string): void;
}

/**
 * Writes `d.head` onto `target`: every header replaced (so there is exactly one
 * Access-Control-Allow-Origin), except Vary, whose names are appended to the response's own
 * (RFC 9110 §12.5.5). The body's headers of a preflight answer only when `answer` is true.
 */
export function writeHead<T>(d: CorsDecision, access: HeaderAccess<T>, target: T, answer: boolean): void {
  const h = d.head;
  const end = answer ? h.length : d.headers.length + (d.vary === "" ? 0 : 2);
  for (let i = 0; i < end; i += 2) {
    const name = h[i] as string;
    const value = h[i + 1] as string;
    access.set(target, name, name === "Vary" ? appendVary(access.get(target, name) ?? undefined, value) : value);
  }
}
