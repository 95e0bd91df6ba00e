/**
 * The servers both engines' conformance suites (Chromium, Firefox) run their scenarios against, each
 * recording the request bytes it receives so the browser's and the model's can be compared.
 */
import type net from "node:net";
import type { Recorded } from "./compare.js";
import { type FrameworkName, startFrameworkServer } from "./framework-servers.js";
import { portOf, startRawServer } from "./raw-server.js";
import { type Bases, PAGE_PATH, type Scenario, type ServerName, serveScenario } from "./scenarios.js";

/**
 * Four raw loopback servers, one per role: `page` (also serves the page at PAGE_PATH), `ip`,
 * `localhost`, and `remote` under `remoteHost` (a name the browser maps to 127.0.0.1).
 */
export async function startScenarioServers(
  scenarios: ReadonlyMap<string, Scenario>,
  recorded: Recorded[],
  remoteHost: string,
): Promise<{ servers: net.Server[]; bases: Bases }> {
  const servers: net.Server[] = [];
  let bases: Bases | undefined;
  const names: ServerName[] = ["page", "ip", "localhost", "remote"];
  for (const name of names) {
    servers.push(
      await startRawServer((request) => {
        if (name === "page" && request.target === PAGE_PATH)
          return { status: 200, headers: [["Content-Type", "text/html"]], body: "<!doctype html><title>corsproof</title>" };
        const served = bases === undefined ? null : serveScenario(scenarios, bases, request);
        if (served === null) return { status: 404, headers: [] };
        recorded.push({ prefix: served.prefix, scenario: served.scenario, hop: served.hop, request });
        return served.reply;
      }),
    );
  }
  const [p0, p1, p2, p3] = servers.map(portOf);
  bases = {
    page: `http://127.0.0.1:${p0}`,
    ip: `http://127.0.0.1:${p1}`,
    localhost: `http://localhost:${p2}`,
    remote: `http://${remoteHost}:${p3}`,
  };
  return { servers, bases };
}

/**
 * One real framework server (node:http, Express, Fastify) playing every role but the page, whose
 * HTTP parser and router answer before any handler runs; `page` stays the raw page server.
 */
export async function startFrameworkScenarioServer(
  framework: FrameworkName,
  scenarios: ReadonlyMap<string, Scenario>,
  recorded: Recorded[],
  page: string,
  remoteHost: string,
): Promise<{ close: () => Promise<void>; bases: Bases }> {
  let bases: Bases | undefined;
  const running = await startFrameworkServer(framework, (request) => {
    const served = bases === undefined ? null : serveScenario(scenarios, bases, request);
    if (served === null) return null;
    recorded.push({ prefix: served.prefix, scenario: served.scenario, hop: served.hop, request });
    return served.reply;
  });
  const port = portOf(running.server);
  bases = { page, ip: `http://127.0.0.1:${port}`, localhost: `http://localhost:${port}`, remote: `http://${remoteHost}:${port}` };
  return { close: running.close, bases };
}
