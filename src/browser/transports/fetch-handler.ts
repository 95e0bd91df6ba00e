/**
 * An in-process {@link Transport} for Fetch-API handlers — `(Request) => Response`, as in Hono,
 * Deno, Bun, Workers and Next route handlers. No socket is opened. Pure: no node:* imports.
 */
import type { Transport, WireRequest, WireResponse } from "../types.js";

const CONNECTION_LEVEL = new Set(["host", "connection", "proxy-connection", "content-length"]);

/** A Fetch-API handler, or an object with a `fetch` method (Hono apps, Workers modules). */
export type FetchHandler = ((request: Request) => Response | Promise<Response>) | { fetch(request: Request): Response | Promise<Response> };

/**
 * Calls `handler` with a `Request` built from each wire request. Header lines come back as the
 * `Headers` object holds them: duplicate lines appended with `append()` arrive combined with ", "
 * (which Chromium would combine the same way); Set-Cookie lines stay separate.
 *
 * @example
 * const transport = fetchHandlerTransport(app); // a Hono app
 * const result = await simulateFetch({ url: "https://api.example.com/x", origin: "https://app.example.com" }, { transport });
 */
export function fetchHandlerTransport(handler: FetchHandler): Transport {
  const call = typeof handler === "function" ? handler : (request: Request) => handler.fetch(request);
  return {
    async send(request: WireRequest): Promise<WireResponse> {
      // A Request states its own framing: the connection-level lines stay out (Fetch forbids them).
      const sent = request.headers.filter(([n]) => !CONNECTION_LEVEL.has(n.toLowerCase()));
      const init: RequestInit = { method: request.method, headers: sent, redirect: "manual" };
      if (request.body !== undefined) init.body = new Uint8Array(request.body);
      const response = await call(new Request(request.url, init));
      const headers: [string, string][] = [];
      response.headers.forEach((value, name) => {
        if (name !== "set-cookie") headers.push([name, value]);
      });
      for (const cookie of response.headers.getSetCookie()) headers.push(["set-cookie", cookie]);
      return { status: response.status, headers, body: await response.text() };
    },
  };
}
