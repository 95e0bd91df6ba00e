/**
 * The "At the edge" section of BENCHMARKS.md, from the edge suite's runs (bench/edge/suite.ts):
 * each proxy with the exported CORS configuration against the same proxy without it, and against
 * the floor (the same headers added as fixed strings).
 */

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

const pct = (x) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : "n/a");
const us = (x) => (Number.isFinite(x) ? x.toFixed(1) : "n/a");
/** Runs recorded before the floor existed have `cors` only. */
const caseOf = (r) => r.case ?? (r.cors ? "cors" : "off");
/** min–max of the proxy's CPU µs per request over the runs, to show the spread. */
const spread = (runs) =>
  runs.length ? `${us(Math.min(...runs.map((r) => r.proxyCpuUsPerRequest)))}–${us(Math.max(...runs.map((r) => r.proxyCpuUsPerRequest)))}` : "";

/** min–max of the per-round ratios `num/den` (runs paired by repetition), to show how much one round can say. */
function roundRange(num, den) {
  const ratios = [];
  for (const a of num) {
    const b = den.find((r) => r.rep === a.rep);
    if (b) ratios.push(a.proxyCpuUsPerRequest / b.proxyCpuUsPerRequest);
  }
  return ratios.length > 1 ? ` (${pct(Math.min(...ratios))}–${pct(Math.max(...ratios))})` : "";
}

/** How busy the proxy's core was, median over the runs (recorded since the suite pinned everything else to the other core). */
const busy = (runs) => (runs.every((r) => r.proxyBusy !== undefined) ? pct(median(runs.map((r) => r.proxyBusy))) : "n/a");

/** What the suite ran against: an nginx upstream and pipelined load since the proxy was made the bottleneck. */
function setup(c) {
  const where = c.pinned ? "pinned to core 0" : "(not pinned: taskset missing)";
  if (c.upstream === "nginx")
    return `Each proxy (Debian's nginx 1.22, Caddy 2.6, HAProxy 2.6) ${where}; everything else (the suite, the upstream, autocannon) pinned to core 1. The upstream is nginx answering \`200 ok\` from memory, the same for every case (no CORS headers of its own), so the load generator's core costs as little as possible per request; 127.0.0.1; ${c.connections} connections with ${c.pipelining} requests pipelined on each (the proxy answers them one after the other, each through the upstream), keep-alive; ${c.warmup} s warm-up then ${c.duration} s per run, ${c.reps} runs per case, interleaved (reversed every other round); medians shown with the spread of the runs.`;
  return `Each proxy (Debian's nginx 1.22, Caddy 2.6, HAProxy 2.6) ${where}, in front of one node:http upstream for every case (same body, no CORS headers of its own); autocannon and the upstream share core 1; 127.0.0.1; ${c.connections} connections, keep-alive, ${c.warmup} s warm-up then ${c.duration} s per run, ${c.reps} runs per case, interleaved (reversed every other round), medians shown with the spread of the runs.`;
}

/** Markdown lines for the section, or [] when the suite did not run. */
export function edgeSection(edge) {
  if (!edge?.runs?.length) return [];
  const c = edge.config;
  const lines = [
    "## At the edge: proxies with exported CORS configuration",
    "",
    `${edge.commit ? `Corsproof at ${edge.commit}, ${edge.date}, load average ${edge.loadAverageStart?.join(" / ")} at the start, ${edge.loadAverageEnd?.join(" / ")} at the end (the machine is shared: other work takes turns on both cores, so throughput varies from run to run, and the proxy's CPU time per request is the steadier measure). ` : ""}${setup(c)} The policy is the tests' \`${c.policy}\` (credentials, exact origin and patterns, listed headers, exposure, max-age, timing).`,
    "Without CORS the proxy passes the OPTIONS request to the upstream; with the exported configuration it answers the preflight itself. Goal (issue 15): with CORS, at least 95% of the throughput without. The proxy's CPU time per request (from /proc) is shown: its inverse ratio (CPU-normalised) is the throughput ratio a saturated proxy core would show; the range after it is that ratio in each round (the two runs of one round are the closest in time)." +
      (c.floorHeaders
        ? ` The floor is the same proxy adding the ${c.floorHeaders} headers the exported configuration sends on this GET as fixed strings, with no logic (nginx \`add_header … always\`, a Caddy \`header\` block, HAProxy \`http-after-response add-header\`): "floor" is what merely sending them costs in that proxy, "policy" the cost of the exported configuration over that floor.`
        : ""),
    "",
    "| Proxy | Request | req/s without CORS | req/s with CORS | proxy core busy without / with | proxy CPU µs/request without (spread) | floor | with CORS | CPU-normalised ratio, per-round range (goal ≥ 95%) | floor ratio | policy over floor |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  const targets = [...new Set(edge.runs.map((r) => r.target))];
  for (const target of targets) {
    for (const request of ["get", "preflight"]) {
      const of = (k) => edge.runs.filter((r) => r.target === target && r.request === request && caseOf(r) === k);
      const off = of("off");
      const floor = of("static");
      const on = of("cors");
      if (!off.length || !on.length) continue;
      const cpu = (runs) => median(runs.map((r) => r.proxyCpuUsPerRequest));
      const rps = (runs) => Math.round(median(runs.map((r) => r.requestsPerSec)));
      const [cpuOff, cpuFloor, cpuOn] = [cpu(off), floor.length ? cpu(floor) : Number.NaN, cpu(on)];
      lines.push(
        `| ${target} | ${request} | ${rps(off)} | ${rps(on)} | ${busy(off)} / ${busy(on)} | ${us(cpuOff)} (${spread(off)}) | ${floor.length ? `${us(cpuFloor)} (${spread(floor)})` : "—"} | ${us(cpuOn)} (${spread(on)}) | ${pct(cpuOff / cpuOn)}${roundRange(off, on)} | ${floor.length ? `${pct(cpuOff / cpuFloor)}${roundRange(off, floor)}` : "—"} | ${floor.length ? `${pct(cpuFloor / cpuOn)}${roundRange(floor, on)}` : "—"} |`,
      );
    }
  }
  lines.push("");
  return lines;
}
