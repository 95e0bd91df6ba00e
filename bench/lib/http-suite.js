/**
 * HTTP suite: a node:http server pinned to core 0 (taskset), autocannon in a second process
 * pinned to core 1, loopback only. For each repetition, every (server, request) case runs once, in
 * turn, so slow drifts in machine load spread over all cases; the report takes the median.
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("../http/server.js", import.meta.url));
const LOAD = fileURLToPath(new URL("../http/load.js", import.meta.url));

export const SERVERS = ["bare", "corsproof", "cors"];
export const REQUESTS = {
  get: { method: "GET", headers: { origin: "https://app.example.com" } },
  preflight: {
    method: "OPTIONS",
    headers: {
      origin: "https://app.example.com",
      "access-control-request-method": "PUT",
      "access-control-request-headers": "authorization,content-type",
    },
  },
};

export function hasTaskset() {
  try {
    execFileSync("taskset", ["-c", "0", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function pinned(core, args) {
  return hasTaskset() ? ["taskset", ["-c", String(core), process.execPath, ...args]] : [process.execPath, args];
}

async function startServer(mode) {
  const [cmd, args] = pinned(0, [SERVER, mode]);
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"] });
  let buf = "";
  child.stdout.setEncoding("utf8");
  while (!buf.includes("\n")) {
    const [chunk] = await once(child.stdout, "data");
    buf += chunk;
  }
  return { child, port: JSON.parse(buf).port };
}

async function stopServer(server) {
  server.child.kill("SIGTERM");
  await once(server.child, "exit");
}

function cpuSeconds(pid) {
  // utime + stime of the server process, in clock ticks (USER_HZ = 100 on Linux).
  try {
    const stat = execFileSync("cat", [`/proc/${pid}/stat`], { encoding: "utf8" });
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function load(port, request, duration, opts) {
  const [cmd, args] = pinned(1, [
    LOAD,
    JSON.stringify({
      url: `http://127.0.0.1:${port}/`,
      method: request.method,
      headers: request.headers,
      connections: opts.connections,
      pipelining: opts.pipelining,
      duration,
    }),
  ]);
  const out = execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 20 });
  return JSON.parse(out);
}

/** Runs the suite; returns `{ config, runs: [{ server, request, rep, requestsPerSec, serverCpu, ... }] }`. */
export async function runHttpSuite({ duration = 4, warmup = 2, reps = 5, connections = 10, pipelining = 10, log = () => {} } = {}) {
  const runs = [];
  const opts = { connections, pipelining };
  for (let rep = 0; rep < reps; rep++) {
    for (const server of SERVERS) {
      const s = await startServer(server);
      try {
        for (const [name, request] of Object.entries(REQUESTS)) {
          await load(s.port, request, warmup, opts);
          const cpu0 = cpuSeconds(s.child.pid);
          const r = await load(s.port, request, duration, opts);
          const cpu = (cpuSeconds(s.child.pid) - cpu0) / duration;
          runs.push({ server, request: name, rep, ...r, serverCpu: Math.round(cpu * 100) / 100 });
          log(`  http ${server.padEnd(10)} ${name.padEnd(10)} rep ${rep}: ${Math.round(r.requestsPerSec)} req/s, server CPU ${Math.round(cpu * 100)}%`);
        }
      } finally {
        await stopServer(s);
      }
    }
  }
  return { config: { duration, warmup, reps, connections, pipelining, pinned: hasTaskset() }, runs };
}
