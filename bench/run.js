/**
 * `npm run bench` (= `npm run build && node --expose-gc bench/run.js`): the in-process suite (one
 * process per implementation, for time and for allocation), the HTTP suite, the CLI start-up
 * suite, the edge suite (proxies with exported CORS configuration), then BENCHMARKS.md regenerated
 * from the results JSON.
 *
 * Flags: --quick (short measurements, for checking the harness), --no-http, --no-inprocess,
 * --no-startup, --no-edge, --report-only (regenerate BENCHMARKS.md from bench/results/latest.json), --out=<file.json>.
 * The edge suite alone (the other suites' results kept): `npm run bench -- --no-inprocess --no-http --no-startup`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { IMPLEMENTATIONS } from "./lib/implementations.js";
import { runHttpSuite } from "./lib/http-suite.js";
import { runStartupSuite } from "./lib/startup-suite.js";
import { writeReport } from "./report.js";
import { measureSizes } from "./size.js";

const flags = process.argv.slice(2);
const quick = flags.includes("--quick");
const root = fileURLToPath(new URL("..", import.meta.url));
const resultsDir = fileURLToPath(new URL("./results/", import.meta.url));
const outFile = flags.find((f) => f.startsWith("--out="))?.slice(6) ?? `${resultsDir}latest.json`;
const INPROCESS = fileURLToPath(new URL("./inprocess.js", import.meta.url));
const log = (line) => process.stderr.write(`${line}\n`);

function git(args) {
  try {
    return execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

function meta() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    commit: git(["rev-parse", "--short", "HEAD"]),
    dirty: git(["status", "--porcelain", "--", "src", "bench"]) !== "",
    command: `npm run bench${flags.length ? ` -- ${flags.join(" ")}` : ""}`,
    quick,
    loadAverageStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

function child(args, nodeFlags) {
  const r = spawnSync(process.execPath, [...nodeFlags, INPROCESS, ...args], { stdio: ["ignore", "inherit", "inherit"], cwd: root });
  if (r.status !== 0) throw new Error(`${args[0]} ${args[2]} failed (exit ${r.status})`);
}

/**
 * Timing runs in ROUNDS rounds (every implementation once per round, in turn), so a burst of load
 * from other work on the machine hits one round of a few rows rather than a whole column; each
 * row's reported time is the median of its rounds. Allocation is measured once.
 */
const ROUNDS = quick ? 1 : 3;

function inprocess() {
  const tmp = fs_tmp();
  const extra = quick ? ["--quick"] : [];
  const selected = IMPLEMENTATIONS.filter((impl) => {
    if (impl.dist && !existsSync(`${root}dist/${impl.dist}.js`)) {
      log(`  (skipping ${impl.name}: dist/${impl.dist}.js not built)`);
      return false;
    }
    return true;
  });
  const rounds = new Map(selected.map((impl) => [impl.id, []]));
  const skipped = new Set();
  for (let round = 0; round < ROUNDS; round++) {
    for (const impl of selected) {
      if (skipped.has(impl.id)) continue;
      const file = `${tmp}/${impl.id}.time.${round}.json`;
      try {
        child([impl.id, file, "time", ...extra], ["--expose-gc"]);
        rounds.get(impl.id).push(JSON.parse(readFileSync(file, "utf8")));
      } catch (error) {
        // A corsproof adapter still being written must not stop the comparison with the peers.
        if (!impl.dist) throw error;
        log(`  (skipping ${impl.name}: ${error.message})`);
        skipped.add(impl.id);
      }
    }
  }
  const impls = [];
  for (const impl of selected) {
    if (skipped.has(impl.id)) continue;
    const runs = rounds.get(impl.id);
    const allocFile = `${tmp}/${impl.id}.alloc.json`;
    child([impl.id, allocFile, "alloc", ...extra], ["--expose-gc", "--min-semi-space-size=64", "--max-semi-space-size=64"]);
    const alloc = JSON.parse(readFileSync(allocFile, "utf8"));
    const timed = runs[0];
    for (const [rowId, r] of Object.entries(timed.rows)) {
      if (r.unsupported) continue;
      const pick = (key) => {
        const xs = runs.map((run) => run.rows[rowId][key]?.p50).filter((x) => x !== undefined);
        return xs.length ? { p50: median(xs), rounds: xs } : undefined;
      };
      r.time = pick("time");
      if (r.baseline) r.baseline = pick("baseline");
      const a = alloc.rows[rowId];
      if (a) {
        r.alloc = a.alloc;
        if (a.baselineAlloc !== undefined) r.baselineAlloc = a.baselineAlloc;
      }
    }
    delete timed.mode;
    impls.push({ ...timed, framework: impl.framework === true });
  }
  return impls;
}

/** The edge suite is TypeScript sharing the export tests' proxy harness: run through tsx, in its own process. */
function runEdgeSuite(opts) {
  const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./edge/suite.ts", import.meta.url)), JSON.stringify(opts)], {
    stdio: ["ignore", "pipe", "inherit"],
    cwd: root,
    encoding: "utf8",
    maxBuffer: 16 << 20,
  });
  if (r.status !== 0) throw new Error(`edge suite failed (exit ${r.status})`);
  return JSON.parse(r.stdout);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function fs_tmp() {
  const dir = `${os.tmpdir()}/corsproof-bench-${process.pid}`;
  mkdirSync(dir, { recursive: true });
  return dir;
}

if (!flags.includes("--report-only")) {
  const started = Date.now();
  const previous = existsSync(outFile) ? JSON.parse(readFileSync(outFile, "utf8")) : {};
  const perRequest = !flags.includes("--no-inprocess") || !flags.includes("--no-http");
  // The run's metadata describes the per-request suites; a start-up-only run keeps theirs.
  const result = {
    meta: perRequest || !previous.meta ? meta() : previous.meta,
    inprocess: previous.inprocess,
    http: previous.http,
    startup: previous.startup,
    edge: previous.edge,
  };
  log("bundle sizes");
  result.size = await measureSizes();
  if (!flags.includes("--no-inprocess")) {
    log("in-process suite");
    result.inprocess = { implementations: inprocess() };
  }
  if (!flags.includes("--no-http")) {
    log("HTTP suite");
    result.http = await runHttpSuite(quick ? { duration: 2, warmup: 1, reps: 1, log } : { log });
  }
  if (!flags.includes("--no-startup")) {
    log("CLI start-up suite");
    result.startup = { commit: git(["rev-parse", "--short", "HEAD"]), ...(await runStartupSuite(quick ? { rounds: 5, log } : { log })) };
  }
  if (perRequest) {
    result.meta.loadAverageEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
    result.meta.durationSeconds = Math.round((Date.now() - started) / 1000);
  }
  if (!flags.includes("--no-edge")) {
    log("edge suite (nginx, Caddy, HAProxy with and without exported CORS)");
    const loadAverageStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
    const suite = runEdgeSuite(quick ? { duration: 2, warmup: 1, reps: 1 } : {});
    const loadAverageEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
    result.edge = { commit: git(["rev-parse", "--short", "HEAD"]), date: new Date().toISOString(), loadAverageStart, loadAverageEnd, ...suite };
  }
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  // Keep the committed results file in the repository's format (biome checks bench/**).
  spawnSync(process.execPath, [`${root}node_modules/@biomejs/biome/bin/biome`, "format", "--write", outFile], { stdio: "ignore", cwd: root });
  log(`results: ${outFile}`);
}

const results = JSON.parse(readFileSync(outFile, "utf8"));
writeReport(results, `${root}BENCHMARKS.md`);
log("BENCHMARKS.md regenerated");
