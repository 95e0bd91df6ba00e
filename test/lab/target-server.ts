/**
 * The server the lab's scenarios call: `/t/<id>/<hop>` answers with the headers the scenario
 * table gives for that hop (preflight and actual separately). A preflight's answer may depend on
 * which run of a sequence it belongs to (`run`, set by the test before each run), so cache
 * scenarios can refuse the second run's preflight: the browser and the model each have their own
 * preflight cache and both get the same answers, whichever browser it is.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One response: status and header lines (duplicates allowed). */
export interface Reply {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
}

/** How a scenario's hop answers; `run` is the run of the scenario's sequence under way (1 first). */
export interface HopSpec {
  preflight?(run: number): Reply;
  actual(): Reply;
}

export interface TargetServer {
  readonly port: number;
  readonly hops: Map<string, HopSpec>;
  /** The run under way, for preflight answers (the test sets it before each run). */
  run: number;
  close(): Promise<void>;
}

export async function startTargetServer(): Promise<TargetServer> {
  const hops = new Map<string, HopSpec>();
  const state = { run: 1 };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const key = new URL(req.url ?? "/", "http://x").pathname;
    const spec = hops.get(key);
    req.resume();
    let reply: Reply = { status: 404, headers: [] };
    if (spec !== undefined) {
      const isPreflight = req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
      if (isPreflight) reply = spec.preflight ? spec.preflight(state.run) : { status: 404, headers: [] };
      else reply = spec.actual();
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
    get run() {
      return state.run;
    },
    set run(n: number) {
      state.run = n;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
