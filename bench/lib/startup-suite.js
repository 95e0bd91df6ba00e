/**
 * CLI start-up suite: wall time from spawn to exit of `node -e 0` (the floor: Node itself),
 * `corsproof --version`, and `corsproof check` of a URL served on 127.0.0.1. Every round runs each
 * command once, in turn, so load from other work on the machine spreads over all of them; the
 * report takes the median over the rounds. The loopback server lives in this process and answers
 * with CORS headers, so `check` does its whole job (request, CORS check, report) and exits 0.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import os from "node:os";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/corsproof.js", import.meta.url));
const ORIGIN = "http://localhost:5173";

/** The commands of one round, by id: what the report shows and what is spawned. */
function commands(url) {
  return [
    { id: "node", label: "`node -e 0`", args: ["-e", "0"] },
    { id: "version", label: "`corsproof --version`", args: [BIN, "--version"] },
    { id: "check", label: "`corsproof check <loopback url> --origin …`", args: [BIN, "check", url, "--origin", ORIGIN] },
  ];
}

async function timeOne(args) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"] });
  const [code] = await once(child, "exit");
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== 0) throw new Error(`${args.join(" ")} exited ${code}`);
  return ms;
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
  const times = Object.fromEntries(list.map((c) => [c.id, []]));
  const loadAverageStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
  try {
    // One unmeasured round warms the file system cache.
    for (const c of list) await timeOne(c.args);
    for (let round = 0; round < rounds; round++) {
      for (const c of list) times[c.id].push(Math.round((await timeOne(c.args)) * 10) / 10);
    }
  } finally {
    server.close();
  }
  log(`  start-up: ${rounds} rounds`);
  return {
    date: new Date().toISOString(),
    rounds,
    loadAverageStart,
    loadAverageEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
    commands: list.map((c) => ({ id: c.id, label: c.label, ms: times[c.id] })),
  };
}
