/** Checks an observed response against a behaviour-table row, the same way for every adapter. */
import { expect } from "vitest";
import type { BehaviourRow } from "../tables/cors-behaviour.js";

export interface Observed {
  /** The CORS layer answered without running the application. */
  readonly handled: boolean;
  readonly status: number;
  /** Response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

const CORS_HEADER = /^(access-control-|timing-allow-origin$)/;

export function corsHeadersOf(headers: Observed["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (CORS_HEADER.test(k.toLowerCase()) && v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

export function assertRow(row: BehaviourRow, seen: Observed): void {
  expect(corsHeadersOf(seen.headers), "CORS headers").toEqual(row.expect.headers);
  const vary = seen.headers.vary;
  expect(Array.isArray(vary) ? vary.join(", ") : vary, "Vary").toBe(row.expect.vary);
  expect(seen.handled, "answered by the CORS layer").toBe(row.expect.handled);
  if (row.expect.handled) {
    expect(seen.status, "status").toBe(row.expect.status);
    if (row.expect.bodyIncludes === undefined && seen.status === 204) expect(seen.headers["content-length"], "Content-Length").toBe("0");
  }
  if (row.expect.bodyIncludes !== undefined) expect(seen.body).toContain(row.expect.bodyIncludes);
}
