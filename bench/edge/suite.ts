/**
 * Edge suite (`npm run bench`; run by bench/run.js as `node --import tsx bench/edge/suite.ts <json>`):
 * each proxy with the exported CORS configuration against the same proxy without CORS, in the
 * same run. The proxy is pinned to core 0; this process (the node:http upstream) and autocannon
 * share core 1. Repetitions interleave the cases so drifts in machine load spread over all of
 * them. Prints `{ config, runs }` as JSON; the proxy's CPU time per request is recorded too,
 * because a GET is often bound by the upstream rather than by the proxy.
 */
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { EXPORT_TARGETS, type ExportTarget, exportPolicy } from "../../src/export/index.js";
import { EXPORT_POLICIES } from "../../test/export/policies.js";
import { type RunningProxy, startProxy, startUpstream, unavailable } from "../../test/export/support/proxies.js";

const LOAD = fileURLToPath(new URL("../http/load.js", import.meta.url));
const opts = JSON.parse(process.argv[2] ?? "{}") as { duration?: number; warmup?: number; reps?: number };
const duration = opts.duration ?? 4;
const warmup = opts.warmup ?? 1;
const reps = opts.reps ?? 3;
const connections = 10;
const pipelining = 1;

const REQUESTS = {
  get: { method: "GET", headers: { origin: "https://app.example.com" } },
  preflight: {
    method: "OPTIONS",
    headers: { origin: "https://app.example.com", "access-control-request-method": "PUT", "access-control-request-headers": "content-type,x-api-key" },
  },
};

const pinned = spawnSync("taskset", ["-c", "0", "true"]).status === 0;

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** autocannon in its own process; asynchronous, because the upstream answers from this process's event loop. */
async function load(url: string, request: (typeof REQUESTS)["get"], seconds: number): Promise<{ requestsPerSec: number; non2xx: number; errors: number }> {
  const args = [LOAD, JSON.stringify({ url: `${url}/api/items`, ...request, connections, pipelining, duration: seconds })];
  const { stdout } = await promisify(execFile)(pinned ? "taskset" : process.execPath, pinned ? ["-c", "1", process.execPath, ...args] : args, {
    encoding: "utf8",
  });
  return JSON.parse(stdout);
}

const upstream = await startUpstream(false);
const runs: object[] = [];
const targets = EXPORT_TARGETS.filter((t) => !unavailable(t));
const policy = EXPORT_POLICIES.credentialedList;
if (policy === undefined) throw new Error("missing policy");
try {
  for (let rep = 0; rep < reps; rep++) {
    for (const target of targets) {
      for (const cors of [false, true]) {
        const files = cors ? exportPolicy(policy, { target: target as ExportTarget }).files : undefined;
        const proxy: RunningProxy = await startProxy(target, upstream.port, files, pinned ? 0 : undefined);
        try {
          for (const [name, request] of Object.entries(REQUESTS)) {
            await load(proxy.url, request, warmup);
            const pid = proxy.process.pid as number;
            const cpu0 = cpuSeconds(pid);
            const r = await load(proxy.url, request, duration);
            const cpu = cpuSeconds(pid) - cpu0;
            const perRequestUs = (cpu / (r.requestsPerSec * duration)) * 1e6;
            runs.push({ target, cors, request: name, rep, ...r, proxyCpuUsPerRequest: Math.round(perRequestUs * 10) / 10 });
            process.stderr.write(
              `  edge ${target.padEnd(8)} ${cors ? "cors   " : "no-cors"} ${name.padEnd(10)} rep ${rep}: ${Math.round(r.requestsPerSec)} req/s, proxy ${perRequestUs.toFixed(1)} µs CPU/req\n`,
            );
          }
        } finally {
          await proxy.stop();
        }
      }
    }
  }
} finally {
  await upstream.close();
}
process.stdout.write(`${JSON.stringify({ config: { duration, warmup, reps, connections, pipelining, pinned, policy: "credentialedList" }, runs })}\n`);
