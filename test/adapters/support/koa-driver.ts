/** Koa apps on real loopback sockets, for the behaviour table and the error paths. */
import type Koa from "koa";
import { expect } from "vitest";
import { assertRow, type Observed } from "../../support/assert-row.js";
import { listen } from "../../support/http.js";
import type { BehaviourRow } from "../../tables/cors-behaviour.js";

const closers: Array<() => Promise<void>> = [];

/** Serves a Koa app on 127.0.0.1; close everything with {@link closeAll}. */
export async function serveKoa(app: Koa): Promise<string> {
  const s = await listen(app.callback());
  closers.push(s.close);
  return s.url;
}

export async function closeAll(): Promise<void> {
  await Promise.all(closers.splice(0).map((close) => close()));
}

/**
 * assertRow, for a framework that follows RFC 9110 §15.3.5 on 204 responses: Koa never sends
 * Content-Length on a 204, so a 204 preflight must instead arrive with no Transfer-Encoding and
 * an empty body (a zero-length message by definition, which Safari handles); then its
 * Content-Length is taken as 0.
 */
export function assertRowRfc204(row: BehaviourRow, seen: Observed): void {
  if (seen.status === 204 && seen.headers["content-length"] === undefined) {
    expect(seen.headers["transfer-encoding"], "Transfer-Encoding on a 204").toBeUndefined();
    expect(seen.body, "204 body").toBe("");
    assertRow(row, { ...seen, headers: { ...seen.headers, "content-length": "0" } });
  } else {
    assertRow(row, seen);
  }
}
