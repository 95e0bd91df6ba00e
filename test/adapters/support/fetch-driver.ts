/** Running behaviour-table rows through Fetch API handlers: a `Request` in, a `Response` out. */
import type { Observed } from "../../support/assert-row.js";
import type { BehaviourRow } from "../../tables/cors-behaviour.js";

export const BASE = "http://api.example.test";

/** The row's request as a Fetch `Request` (Node's Headers keeps Origin and Access-Control-Request-*). */
export function requestOf(row: Pick<BehaviourRow, "request">, path = "/"): Request {
  return new Request(`${BASE}${path}`, { method: row.request.method, headers: row.request.headers });
}

/** Lower-case header record of a Fetch response; `handled` is true when the app's marker is absent. */
export async function observe(res: Response): Promise<Observed> {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { handled: headers["x-app"] === undefined, status: res.status, headers, body: await res.text() };
}

/** The application every table row runs in front of: marks that it ran. */
export function app(): Response {
  return new Response("app", { headers: { "x-app": "ran", "content-type": "text/plain" } });
}
