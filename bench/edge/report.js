/**
 * The "At the edge" section of BENCHMARKS.md, from the edge suite's runs (bench/edge/suite.ts):
 * each proxy with the exported CORS configuration against the same proxy without it.
 */

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

const pct = (x) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : "n/a");

/** Markdown lines for the section, or [] when the suite did not run. */
export function edgeSection(edge) {
  if (!edge?.runs?.length) return [];
  const c = edge.config;
  const lines = [
    "## At the edge: proxies with exported CORS configuration",
    "",
    `${edge.commit ? `Corsproof at ${edge.commit}, ${edge.date}, load average ${edge.loadAverageStart?.join(" / ")} at the start, ${edge.loadAverageEnd?.join(" / ")} at the end (the machine is shared: with a load average above the 2 cores, throughput ratios are mostly noise, and the proxy's CPU time per request is the steadier measure). ` : ""}Each proxy (Debian's nginx 1.22, Caddy 2.6, HAProxy 2.6) ${c.pinned ? "pinned to core 0" : "(not pinned: taskset missing)"}, in front of a node:http upstream; autocannon and the upstream share core 1; 127.0.0.1; ${c.connections} connections, ${c.warmup} s warm-up then ${c.duration} s per run, ${c.reps} runs per case (interleaved), medians shown. The policy is the tests' \`${c.policy}\` (credentials, exact origin and patterns, listed headers, exposure, max-age, timing).`,
    "Without CORS the proxy passes the OPTIONS request to the upstream; with the exported configuration it answers the preflight itself. Goal (issue 15): with CORS, at least 95% of the throughput without. The GET rows go through the upstream, which shares a core with the load generator, so the proxy's CPU time per request (from /proc) is shown too: it is the cost the proxy adds, whatever bounds the throughput, and its inverse ratio (CPU-normalised) is the throughput ratio a saturated proxy core would show.",
    "",
    "| Proxy | Request | req/s without CORS | req/s with CORS | ratio | proxy CPU µs/request without | with | CPU-normalised ratio (goal ≥ 95%) | runs with CORS (req/s) |",
    "|---|---|---:|---:|---:|---:|---:|---:|---|",
  ];
  const targets = [...new Set(edge.runs.map((r) => r.target))];
  for (const target of targets) {
    for (const request of ["get", "preflight"]) {
      const of = (cors) => edge.runs.filter((r) => r.target === target && r.request === request && r.cors === cors);
      const off = of(false);
      const on = of(true);
      if (!off.length || !on.length) continue;
      const rpsOff = median(off.map((r) => r.requestsPerSec));
      const rpsOn = median(on.map((r) => r.requestsPerSec));
      const cpuOff = median(off.map((r) => r.proxyCpuUsPerRequest));
      const cpuOn = median(on.map((r) => r.proxyCpuUsPerRequest));
      lines.push(
        `| ${target} | ${request} | ${Math.round(rpsOff)} | ${Math.round(rpsOn)} | ${pct(rpsOn / rpsOff)} | ${cpuOff.toFixed(1)} | ${cpuOn.toFixed(1)} | ${pct(cpuOff / cpuOn)} | ${on.map((r) => Math.round(r.requestsPerSec)).join(", ")} |`,
      );
    }
  }
  lines.push("");
  return lines;
}
