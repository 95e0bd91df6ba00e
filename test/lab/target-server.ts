/**
 * The server the lab's scenarios call: `/t/<id>/<hop>` answers with the headers the scenario
 * table gives for that hop (preflight and actual separately), counting the preflights each
 * scenario received so cache scenarios can refuse the second one.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One response: status and header lines (duplicates allowed). */
export interface Reply {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
}

/** How a scenario's hop answers; `preflights` is how many OPTIONS this scenario has seen from this client
 * (the real browser or the model), this one included. */
export interface HopSpec {
  preflight?(preflights: number): Reply;
  actual(): Reply;
}

export interface TargetServer {
  readonly port: number;
  readonly hops: Map<string, HopSpec>;
  close(): Promise<void>;
}

export async function startTargetServer(): Promise<TargetServer> {
  const hops = new Map<string, HopSpec>();
  const preflights = new Map<string, number>();
  const server: Server = createServer((req: IncomingMessage, res) => {
    const key = new URL(req.url ?? "/", "http://x").pathname;
    const spec = hops.get(key);
    req.resume();
    let reply: Reply = { status: 404, headers: [] };
    if (spec !== undefined) {
      const isPreflight = req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
      if (isPreflight) {
        // The browser and the model both call: each has its own preflight cache, so each counts apart.
        // The model sends desktop Chromium's User-Agent; only headless Chromium says HeadlessChrome/.
        const client = `${key} ${/HeadlessChrome\//.test(req.headers["user-agent"] ?? "") ? "browser" : "model"}`;
        const n = (preflights.get(client) ?? 0) + 1;
        preflights.set(client, n);
        reply = spec.preflight ? spec.preflight(n) : { status: 404, headers: [] };
      } else reply = spec.actual();
    }
    const flat: string[] = [];
    for (const [n, v] of reply.headers) flat.push(n, v);
    flat.push("Content-Type", "text/plain", "Cache-Control", "no-store");
    res.writeHead(reply.status, flat);
    res.end(reply.status === 204 || reply.status === 304 ? undefined : "body");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hops,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
