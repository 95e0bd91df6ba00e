/**
 * Edge suite (`npm run bench`; run by bench/run.js as `node --import tsx bench/edge/suite.ts <json>`):
 * each proxy with the exported CORS configuration against the same proxy without CORS, in the
 * same run, and (GET) against a floor: the same proxy adding the very headers the exported
 * configuration sends, as fixed strings with no logic, so a ratio says how much of the cost is the
 * policy and how much is merely sending N more headers in that proxy.
 *
 * Fairness: the proxy is pinned to core 0; everything else (this process, the upstream, autocannon)
 * to core 1, so only the proxy runs on its core (apart from other work on the machine). The
 * upstream is nginx answering from memory (upstream.ts), the cheapest upstream there is, and the
 * load is 10 connections with 10 requests pipelined on each (the proxies answer them one after the
 * other, each through the upstream), so the load generator's core keeps up and the proxy is as busy
 * as the machine lets it be: its CPU time per request (from /proc) is then what the proxy does per
 * request, not how often it is woken. Recorded per run: throughput, the proxy's CPU time per request
 * and how busy its core was. Every run starts with a warm-up; repetitions interleave the cases, in
 * reverse order every other repetition, so drifts in machine load spread over all of them.
 * Prints `{ config, runs }` as JSON.
 */
import { execFile, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { EXPORT_TARGETS, type ExportedFile, type ExportTarget, exportPolicy } from "../../src/export/index.js";
import { createCorsPolicy } from "../../src/index.js";
import { EXPORT_POLICIES } from "../../test/export/policies.js";
import { type RunningProxy, startProxy, unavailable } from "../../test/export/support/proxies.js";
import { startStaticUpstream } from "./upstream.js";

const LOAD = fileURLToPath(new URL("../http/load.js", import.meta.url));
const opts = JSON.parse(process.argv[2] ?? "{}") as { duration?: number; warmup?: number; reps?: number };
const duration = opts.duration ?? 4;
const warmup = opts.warmup ?? 1;
const reps = opts.reps ?? 6;
const connections = 10;
const pipelining = 10;

const ORIGIN = "https://app.example.com";
const REQUESTS = {
  get: { method: "GET", headers: { origin: ORIGIN } },
  preflight: {
    method: "OPTIONS",
    headers: { origin: ORIGIN, "access-control-request-method": "PUT", "access-control-request-headers": "content-type,x-api-key" },
  },
};
type RequestName = keyof typeof REQUESTS;
/** `off`: no CORS; `static`: the exported headers as fixed strings (GET only); `cors`: the exported configuration. */
type Case = "off" | "static" | "cors";

const pinned = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
// This process only orchestrates, but it must not share the proxy's core either.
if (pinned) spawnSync("taskset", ["-p", "-c", "1", String(process.pid)], { stdio: "ignore" });
const policy = EXPORT_POLICIES.credentialedList;
if (policy === undefined) throw new Error("missing policy");

/** The CORS headers the engine sends on the GET above (the floor adds exactly these). */
function getHeaders(): [string, string][] {
  const d = createCorsPolicy(policy as NonNullable<typeof policy>).decide("GET", ORIGIN) as { headers: readonly string[]; vary: string };
  const headers: [string, string][] = [];
  for (let i = 0; i < d.headers.length; i += 2) headers.push([d.headers[i] as string, d.headers[i + 1] as string]);
  if (d.vary !== "") headers.push(["Vary", d.vary]);
  return headers;
}

/** The floor: each proxy's plainest way to add fixed headers to every response. */
function staticFiles(target: ExportTarget): ExportedFile[] {
  const h = getHeaders();
  const file = (name: string, contents: string): ExportedFile => ({ name, usage: "", contents });
  if (target === "nginx") return [file("static-http.conf", ""), file("static-location.conf", h.map(([n, v]) => `add_header ${n} "${v}" always;`).join("\n"))];
  if (target === "caddy") return [file("static.caddy", `(corsproof) {\n\theader {\n${h.map(([n, v]) => `\t\t+${n} "${v}"`).join("\n")}\n\t}\n}\n`)];
  // `%` starts a fetch in a HAProxy log-format string.
  return [file("static.haproxy.cfg", h.map(([n, v]) => `http-after-response add-header ${n} "${v.replace(/%/g, "%%")}"`).join("\n"))];
}

function files(target: ExportTarget, c: Case): readonly ExportedFile[] | undefined {
  if (c === "off") return undefined;
  return c === "static" ? staticFiles(target) : exportPolicy(policy as NonNullable<typeof policy>, { target }).files;
}

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** autocannon in its own process; asynchronous, because the upstream answers from this process's event loop. */
async function load(
  url: string,
  request: (typeof REQUESTS)[RequestName],
  seconds: number,
): Promise<{ requestsPerSec: number; requestsTotal: number; non2xx: number; errors: number }> {
  const args = [LOAD, JSON.stringify({ url: `${url}/api/items`, ...request, connections, pipelining, duration: seconds })];
  const { stdout } = await promisify(execFile)(pinned ? "taskset" : process.execPath, pinned ? ["-c", "1", process.execPath, ...args] : args, {
    encoding: "utf8",
  });
  return JSON.parse(stdout);
}

if (unavailable("nginx")) throw new Error("the edge suite's upstream is nginx: install it (apt-get install nginx)");
const upstream = await startStaticUpstream(pinned ? 1 : undefined);
const runs: object[] = [];
const targets = EXPORT_TARGETS.filter((t) => !unavailable(t));
const plan: [ExportTarget, Case, RequestName][] = [];
for (const target of targets) {
  for (const c of ["off", "static", "cors"] as const) {
    for (const request of Object.keys(REQUESTS) as RequestName[]) if (c !== "static" || request === "get") plan.push([target, c, request]);
  }
}
try {
  for (let rep = 0; rep < reps; rep++) {
    for (const [target, c, request] of rep % 2 === 0 ? plan : [...plan].reverse()) {
      const proxy: RunningProxy = await startProxy(target, upstream.port, files(target, c), pinned ? 0 : undefined);
      try {
        await load(proxy.url, REQUESTS[request], warmup);
        const pid = proxy.process.pid as number;
        const cpu0 = cpuSeconds(pid);
        const r = await load(proxy.url, REQUESTS[request], duration);
        const cpu = cpuSeconds(pid) - cpu0;
        const perRequestUs = (cpu / r.requestsTotal) * 1e6;
        // Of the measured seconds (the load generator's own start-up adds a little idle time).
        const busy = cpu / duration;
        runs.push({
          target,
          case: c,
          cors: c === "cors",
          request,
          rep,
          ...r,
          proxyCpuUsPerRequest: Math.round(perRequestUs * 10) / 10,
          proxyBusy: Math.round(busy * 100) / 100,
        });
        process.stderr.write(
          `  edge ${target.padEnd(8)} ${c.padEnd(7)} ${request.padEnd(10)} rep ${rep}: ${Math.round(r.requestsPerSec)} req/s, proxy ${perRequestUs.toFixed(1)} µs CPU/req, ${Math.round(busy * 100)}% busy\n`,
        );
      } finally {
        await proxy.stop();
      }
    }
  }
} finally {
  await upstream.close();
}
process.stdout.write(
  `${JSON.stringify({ config: { duration, warmup, reps, connections, pipelining, pinned, upstream: "nginx", policy: "credentialedList", floorHeaders: getHeaders().length }, runs })}\n`,
);
