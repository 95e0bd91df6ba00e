/**
 * The upstream's response head as the client sees it: hop-by-hop fields dropped, the headers the
 * CORS policy owns replaced by the policy's (the middleware set them before the gateway ran), Vary
 * merged, and a `Location` that points into the upstream rewritten to the gateway's own path, as
 * nginx's `proxy_redirect default` does, so redirects never send the browser to the internal host.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { appendVary } from "../../index.js";
import { hopByHop } from "./hop-by-hop.js";

/** What the response-head copy needs to know about the gateway. */
export interface ResponseHeadContext {
  /** The configured upstream (origin and base path). */
  readonly upstream: URL;
  /** Its base path without a trailing slash ("" for the root). */
  readonly basePath: string;
  /** The policy sets `Timing-Allow-Origin` itself, so the upstream's must not survive. */
  readonly ownsTimingAllowOrigin: boolean;
}

/**
 * `Location` relative to the gateway when it names a resource under the upstream's base path
 * (absolute URL on the upstream origin, or an absolute path under the base path); otherwise as sent.
 *
 * @example
 * rewriteLocation("http://10.0.0.5:8080/api/login?next=1", ctx); // "/login?next=1" with upstream http://10.0.0.5:8080/api
 */
export function rewriteLocation(location: string, ctx: ResponseHeadContext): string {
  const { upstream, basePath } = ctx;
  let rest: string;
  if (location.startsWith("/") && !location.startsWith("//")) rest = location;
  else {
    let url: URL;
    try {
      url = new URL(location);
    } catch {
      return location;
    }
    if (url.origin !== upstream.origin || url.username !== "" || url.password !== "") return location;
    rest = url.pathname + url.search + url.hash;
  }
  if (basePath === "") return rest;
  if (rest === basePath || /^[?#]/.test(rest.slice(basePath.length))) return `/${rest.slice(basePath.length)}`;
  if (rest.startsWith(`${basePath}/`)) return rest.slice(basePath.length);
  // A path-absolute Location outside the base path is unreachable through the gateway; leave it.
  return location;
}

/** Copies status and headers from the upstream response onto `res`. */
export function copyResponseHead(upstream: IncomingMessage, res: ServerResponse, ctx: ResponseHeadContext): void {
  const drop = hopByHop(upstream.headers);
  // Raw names keep the upstream's spelling; Node's parsed values merge repeated fields correctly.
  for (let i = 0; i < upstream.rawHeaders.length; i += 2) {
    const name = upstream.rawHeaders[i] as string;
    const lower = name.toLowerCase();
    const value = upstream.headers[lower];
    if (value === undefined || drop.has(lower) || lower.startsWith("access-control-") || lower === "vary") continue;
    if (lower === "timing-allow-origin" && ctx.ownsTimingAllowOrigin) continue;
    res.setHeader(name, lower === "location" && typeof value === "string" ? rewriteLocation(value, ctx) : value);
  }
  const upstreamVary = upstream.headers.vary;
  const ours = res.getHeader("Vary");
  if (upstreamVary !== undefined) res.setHeader("Vary", ours === undefined ? upstreamVary : appendVary(upstreamVary, String(ours)));
  res.statusCode = upstream.statusCode ?? 502;
}
