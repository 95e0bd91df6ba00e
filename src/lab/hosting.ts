/**
 * Which page origins the lab can play in the real browser. It can serve a page only where the
 * browser's request for that origin reaches this process: `http:` on a loopback name — 127.0.0.1,
 * `localhost`, and any `<name>.localhost`, which Chromium and Firefox resolve to loopback
 * themselves (RFC 6761 §6.3) — on the lab's port or on a port it can open. Everything else (other
 * sites, `https:`) is model-only.
 */

/** At most this many extra ports are opened for page origins (each is one listening socket). */
export const MAX_EXTRA_PORTS = 16;

/** True when `hostname` is a name the browser itself sends to loopback. */
export function isLoopbackName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  return h === "127.0.0.1" || h === "localhost" || h.endsWith(".localhost");
}

/** Why the lab cannot host `origin`, or its port when it can. */
export function hostablePort(origin: string): { port: number } | { reason: string } {
  if (origin === "null") return { reason: "an opaque (null) origin cannot be hosted; the model runs it alone." };
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return { reason: `'${origin}' is not an origin.` };
  }
  if (url.protocol !== "http:")
    return { reason: `the lab serves http: only; ${url.protocol} pages are model-only (a certificate for ${url.hostname} would be needed).` };
  if (!isLoopbackName(url.hostname))
    return {
      reason: `${url.hostname} is not this machine: the browser would ask the real ${url.hostname}. Pick 127.0.0.1, localhost or <name>.localhost to run it for real.`,
    };
  const port = url.port === "" ? 80 : Number(url.port);
  return { port };
}
