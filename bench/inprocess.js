/**
 * In-process suite for ONE implementation (a fresh process per implementation, so no peer's code
 * shapes the JIT feedback another one runs under). Usage:
 *
 *   node --expose-gc bench/inprocess.js <implementation-id> <out.json> <time|alloc> [--quick] [--rows=id,id]
 *
 * `time`: for every row, one probe call (what the middleware wrote) and the median time per call
 * (mitata), plus the same for the baseline of framework-bound peers.
 * `alloc` (run.js starts it with a 64 MiB young generation, so no scavenge interrupts a run):
 * bytes allocated per call, after a warm-up, as the smallest heap growth over 7 runs of up to 1000
 * calls divided by their number (one-off allocations such as compiled code can only add to a run).
 */
import { writeFileSync } from "node:fs";
import { getHeapStatistics } from "node:v8";
import { measure } from "mitata";
import { implementation } from "./lib/implementations.js";
import { scenarios } from "./lib/scenarios.js";

const [id, out, mode, ...flags] = process.argv.slice(2);
const quick = flags.includes("--quick");
const only = flags
  .find((f) => f.startsWith("--rows="))
  ?.slice("--rows=".length)
  .split(",");
const MIN_CPU_NS = quick ? 60e6 : 150e6;

const gc = globalThis.gc;
if (typeof gc !== "function") throw new Error("run with node --expose-gc");

function used() {
  return getHeapStatistics().used_heap_size;
}

async function allocation(fn, isAsync) {
  const run = async (n) => {
    gc();
    const h0 = used();
    if (isAsync) for (let i = 0; i < n; i++) await fn();
    else for (let i = 0; i < n; i++) fn();
    return (used() - h0) / n;
  };
  // Size the runs by the cost of a call, so that slow rows (a peer splitting 1 MiB) stay bounded.
  const t0 = process.hrtime.bigint();
  await run(8);
  const perCall = Math.max(1, Number(process.hrtime.bigint() - t0) / 8);
  const warm = Math.max(8, Math.min(quick ? 2000 : 20000, Math.floor(2e9 / perCall)));
  const n = Math.max(4, Math.min(1000, Math.floor(2e8 / perCall)));
  await run(warm);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 7; i++) best = Math.min(best, await run(n));
  return Math.max(0, Math.round(best));
}

async function time(fn, slow) {
  // Calls of several µs (a whole framework round trip) need no 4096-call batches to be timed well,
  // and such batches would multiply the suite's duration.
  const stats = await measure(fn, slow ? { min_cpu_time: MIN_CPU_NS, batch_samples: 128 } : { min_cpu_time: MIN_CPU_NS });
  return { p50: stats.p50, p25: stats.p25, p75: stats.p75, avg: stats.avg };
}

const impl = implementation(id);
const lib = await impl.load();
const result = { id: impl.id, name: impl.name, family: impl.family, version: impl.version?.(), mode, rows: {} };
for (const row of scenarios()) {
  if (only && !only.includes(row.id)) continue;
  const s = impl.setup(lib, row);
  if (s.unsupported) {
    result.rows[row.id] = { unsupported: s.unsupported };
    continue;
  }
  const r = {};
  if (mode === "alloc") {
    r.alloc = await allocation(s.fn, s.async === true);
    if (s.baseline) r.baselineAlloc = await allocation(s.baseline, true);
  } else {
    r.probe = await s.probe();
    r.note = s.note;
    r.time = await time(s.fn, s.async === true);
    if (s.baseline) r.baseline = await time(s.baseline, true);
  }
  result.rows[row.id] = r;
  const shown = mode === "alloc" ? `${r.alloc} B` : `${r.time.p50.toFixed(1)} ns`;
  process.stderr.write(`  ${mode.padEnd(5)} ${impl.id.padEnd(18)} ${row.id.padEnd(28)} ${shown.padStart(12)}\n`);
}
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
