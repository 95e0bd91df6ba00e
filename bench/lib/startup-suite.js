/**
 * CLI start-up suite: `node -e 0` (the floor: Node itself), `corsproof --version`, and
 * `corsproof check` of a URL served on 127.0.0.1. For each process: wall time from spawn to exit,
 * and the CPU time it used (user + system, reported at exit by startup-probe.js, preloaded into
 * every command alike). On a shared machine wall time mostly measures the scheduler; CPU time is
 * what starting up costs. Every round runs each command once, in turn, so load from other work
 * spreads over all of them; the report takes medians over the rounds. The loopback server lives in
 * this process and answers with CORS headers, so `check` does its whole job and exits 0.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/corsproof.js", import.meta.url));
const PROBE = fileURLToPath(new URL("./startup-probe.js", import.meta.url));
const ORIGIN = "http://localhost:5173";

/** The commands of one round, by id: what the report shows and what is spawned. */
function commands(url) {
  return [
    { id: "node", label: "`node -e 0`", args: ["-e", "0"] },
    { id: "version", label: "`corsproof --version`", args: [BIN, "--version"] },
    { id: "check", label: "`corsproof check <loopback url> --origin …`", args: [BIN, "check", url, "--origin", ORIGIN] },
  ];
}

async function timeOne(args, probeFile) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ["--import", PROBE, ...args], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, CORSPROOF_STARTUP_PROBE: probeFile },
  });
  const [code] = await once(child, "exit");
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== 0) throw new Error(`${args.join(" ")} exited ${code}`);
  const { cpuMs } = JSON.parse(readFileSync(probeFile, "utf8").trim().split("\n").pop());
  return { wallMs: Math.round(wallMs * 10) / 10, cpuMs: Math.round(cpuMs * 10) / 10 };
}

/** Runs the suite; `rounds` spawns of every command. */
export async function runStartupSuite({ rounds = 40, log = () => {} } = {}) {
  const server = createServer((_req, res) => {
    res.setHeader("Access-Control-Allow-Origin", ORIGIN);
    res.setHeader("Vary", "Origin");
    res.end("ok");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${server.address().port}/api`;
  const list = commands(url);
  const wall = Object.fromEntries(list.map((c) => [c.id, []]));
  const cpu = Object.fromEntries(list.map((c) => [c.id, []]));
  const loadAverageStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const dir = mkdtempSync(join(os.tmpdir(), "corsproof-startup-"));
  const probeFile = join(dir, "probe.jsonl");
  try {
    // One unmeasured round warms the file system cache.
    for (const c of list) await timeOne(c.args, probeFile);
    for (let round = 0; round < rounds; round++) {
      for (const c of list) {
        const t = await timeOne(c.args, probeFile);
        wall[c.id].push(t.wallMs);
        cpu[c.id].push(t.cpuMs);
      }
    }
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  log(`  start-up: ${rounds} rounds`);
  return {
    date: new Date().toISOString(),
    rounds,
    loadAverageStart,
    loadAverageEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
    commands: list.map((c) => ({ id: c.id, label: c.label, wallMs: wall[c.id], cpuMs: cpu[c.id] })),
  };
}
