/**
 * Load generator (run pinned to its own core): `node bench/http/load.js <json>` where json is
 * `{ url, method, headers, connections, pipelining, duration }`. Prints autocannon's summary as JSON.
 */
import autocannon from "autocannon";

const opts = JSON.parse(process.argv[2]);
const result = await autocannon({ ...opts, setupClient: undefined });
process.stdout.write(
  `${JSON.stringify({
    requestsPerSec: result.requests.average,
    requestsTotal: result.requests.total,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  })}\n`,
);
