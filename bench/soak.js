/**
 * `npm run soak` (= `npm run build && node bench/soak.js`): runs the real `corsproof serve
 * --upstream` binary for a bounded time under mixed load (autocannon) with upstream faults
 * injected, and reports requests/s, errors, p99 latency, and the gateway's RSS and open file
 * descriptors window by window. Not part of `npm test`.
 *
 * Faults, by path: /slow (answers after the response timeout: 504), /reset (socket destroyed: 502),
 * /malformed (not HTTP: 502), /drip (body stalls: cut by the idle timeout), /sse (an event stream),
 * hostile request-targets (400), refused origins, preflights, uploads, a 256 KiB body, an upstream
 * outage of 3 s in the middle of the run, and slow-header (slowloris) clients throughout. A canary
 * listener that hostile targets name must never be contacted.
 *
 * Flags: --duration=<s> (default 60), --window=<s> (default 5), --connections=<n> (default 50),
 * --out=<file.json> (default bench/results/soak-latest.json).
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { connect, createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const flag = (name, fallback) => {
  const hit = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return hit === undefined ? fallback : hit.slice(name.length + 3);
};
const DURATION = Number(flag("duration", "60"));
const WINDOW = Number(flag("window", "5"));
const CONNECTIONS = Number(flag("connections", "50"));
const root = fileURLToPath(new URL("..", import.meta.url));
const OUT = flag("out", join(root, "bench/results/soak-latest.json"));
const APP = "https://app.example.com";
const log = (line) => process.stderr.write(`${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The upstream: a small API plus the fault routes. */
function upstreamHandler(req, res) {
  const path = (req.url ?? "/").replace(/^\/api/, "").split("?")[0];
  if (path === "/slow") return void setTimeout(() => res.end("late"), 2_000);
  if (path === "/reset") return void req.socket.destroy();
  if (path === "/malformed") return void req.socket.end("HTTP/1.1 2OO NOT-A-STATUS\r\n\r\n\u0000garbage");
  if (path === "/drip") {
    res.writeHead(200, { "Content-Length": 1000 });
    return void res.write("only part of it");
  }
  if (path === "/sse") {
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    let n = 0;
    const t = setInterval(() => {
      res.write(`data: ${n}\n\n`);
      if (++n === 5) {
        clearInterval(t);
        res.end();
      }
    }, 100);
    return void res.on("close", () => clearInterval(t));
  }
  let size = 0;
  req.on("data", (c) => {
    size += c.length;
  });
  req.on("end", () => {
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Content-Type", "application/json");
    if (path === "/big") return void res.end(Buffer.alloc(256 * 1024, 120));
    res.end(JSON.stringify({ ok: true, method: req.method, path, received: size }));
  });
}

function listen(server, port = 0) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server.address().port));
  });
}

/** The gateway process's resident memory (KiB) and open descriptors, from /proc. */
function processStats(pid) {
  try {
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    return { rssMiB: Math.round((rss / 1024) * 10) / 10, fds: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return { rssMiB: null, fds: null };
  }
}

/** Slow-header clients: each sends a header line every second, never finishing the request. */
function slowloris(port, count) {
  const sockets = [];
  for (let i = 0; i < count; i++) {
    const s = connect(port, "127.0.0.1");
    s.on("error", () => {});
    s.write("GET /ok HTTP/1.1\r\nHost: g\r\n");
    const t = setInterval(() => s.write(`X-Slow-${i}: 1\r\n`), 1_000);
    s.on("close", () => clearInterval(t));
    sockets.push(s);
  }
  return () => {
    for (const s of sockets) s.destroy();
  };
}

async function main() {
  let canaryHits = 0;
  const canary = createTcpServer((s) => {
    canaryHits++;
    s.destroy();
  });
  const canaryPort = await listen(canary);
  let upstream = createHttpServer(upstreamHandler);
  const upstreamPort = await listen(upstream);

  const dir = mkdtempSync(join(tmpdir(), "corsproof-soak-"));
  const policy = join(dir, "policy.json");
  writeFileSync(policy, JSON.stringify({ origin: [APP], credentials: true, methods: ["GET", "POST", "PUT"], allowedHeaders: ["content-type"] }));
  const gateway = spawn(
    process.execPath,
    [
      join(root, "bin/corsproof.js"),
      "serve",
      "--port",
      "0",
      "--quiet",
      "--config",
      policy,
      "--upstream",
      `http://127.0.0.1:${upstreamPort}/api`,
      "--response-timeout",
      "1000",
      "--idle-timeout",
      "1000",
      "--connect-timeout",
      "1000",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  // Failure log lines by kind (method, path and numbers stripped), to see which faults fired.
  const failureKinds = {};
  let pending = "";
  gateway.stderr.on("data", (c) => {
    const lines = (pending + c.toString()).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const kind = line
        .replace(/^gateway: \S+ \S+ -> /, "")
        .replace(/\(upstream [^)]*\)/, "")
        .replace(/\d+/g, "N")
        .trim();
      failureKinds[kind] = (failureKinds[kind] ?? 0) + 1;
    }
  });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    gateway.stdout.on("data", (c) => {
      out += c.toString();
      const m = / on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    gateway.once("exit", (code) => reject(new Error(`gateway exited ${code}: ${out}`)));
  });
  const gatewayPort = Number(new URL(url).port);
  log(`soak: gateway ${url} (pid ${gateway.pid}), upstream :${upstreamPort}, ${DURATION} s in ${WINDOW} s windows, ${CONNECTIONS} connections`);

  const get = (path, headers = {}) => ({ method: "GET", path, headers: { origin: APP, ...headers } });
  // Ordinary traffic on most connections; faults and hostile targets on the rest, so the
  // ordinary clients' latency shows what the faults cost them.
  const ordinary = [
    ...Array.from({ length: 6 }, () => get("/ok")),
    { method: "OPTIONS", path: "/items", headers: { origin: APP, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" } },
    { method: "POST", path: "/items", headers: { origin: APP, "content-type": "application/json" }, body: JSON.stringify({ a: "x".repeat(2000) }) },
    get("/big"),
    get("/ok", { origin: "https://evil.example" }),
  ];
  const hostile = [
    get("/sse"),
    get(`//127.0.0.1:${canaryPort}/x`),
    get(`http://127.0.0.1:${canaryPort}/x`),
    get("/%2e%2e/admin"),
    get("/reset"),
    get("/malformed"),
    get("/slow"),
    get("/drip"),
  ];
  const hostileConnections = Math.max(1, Math.round(CONNECTIONS / 5));
  const stopSlowloris = slowloris(gatewayPort, 20);
  const baseline = processStats(gateway.pid);
  const windows = [];
  const started = Date.now();
  // An upstream outage in the middle of the run: the listener goes away for 3 s.
  const outage = setTimeout(
    async () => {
      log("soak: upstream down for 3 s");
      upstream.closeAllConnections();
      await new Promise((r) => upstream.close(r));
      await sleep(3_000);
      upstream = createHttpServer(upstreamHandler);
      await listen(upstream, upstreamPort);
      log("soak: upstream back");
    },
    Math.floor(DURATION / 2) * 1000,
  );

  for (let t = 0; t < DURATION; t += WINDOW) {
    const duration = Math.min(WINDOW, DURATION - t);
    let peak = { rssMiB: 0, fds: 0 };
    const sampler = setInterval(() => {
      const s = processStats(gateway.pid);
      peak = { rssMiB: Math.max(peak.rssMiB, s.rssMiB ?? 0), fds: Math.max(peak.fds, s.fds ?? 0) };
    }, 500);
    const [a, b] = await Promise.all([
      autocannon({ url, connections: CONNECTIONS - hostileConnections, duration, requests: ordinary, timeout: 10 }),
      autocannon({ url, connections: hostileConnections, duration, requests: hostile, timeout: 10 }),
    ]);
    clearInterval(sampler);
    const row = {
      at: Math.round((Date.now() - started) / 1000),
      requestsPerSecond: Math.round(a.requests.average + b.requests.average),
      ordinary: { "2xx": a["2xx"], "4xx": a["4xx"], "5xx": a["5xx"], errors: a.errors, timeouts: a.timeouts, p50: a.latency.p50, p99: a.latency.p99 },
      hostile: { "2xx": b["2xx"], "4xx": b["4xx"], "5xx": b["5xx"], errors: b.errors, timeouts: b.timeouts },
      ...peak,
    };
    windows.push(row);
    log(`soak: ${JSON.stringify(row)}`);
  }
  clearTimeout(outage);
  stopSlowloris();

  const stopped = Date.now();
  gateway.kill("SIGTERM");
  const exit = await new Promise((r) => gateway.once("exit", (code, signal) => r({ code, signal })));
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    durationS: DURATION,
    connections: CONNECTIONS,
    baseline,
    windows,
    canaryConnections: canaryHits,
    failureKinds,
    shutdown: { ...exit, ms: Date.now() - stopped },
  };
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  upstream.closeAllConnections();
  upstream.close();
  canary.close();
  process.stdout.write(markdown(result));
  if (canaryHits > 0) {
    log(`soak: FAILED: the canary was contacted ${canaryHits} times`);
    process.exitCode = 1;
  }
}

function markdown(r) {
  const lines = [
    `Soak of \`corsproof serve --upstream\` (${r.date}, Node ${r.node}): ${r.durationS} s, ${r.connections} connections`,
    "(4/5 ordinary traffic: GET, preflight, POST, 256 KiB body, refused origin; 1/5 faults and hostile targets: slow, reset,",
    "malformed, stalled body, event stream, open-proxy and dot-segment targets), 20 slow-header clients throughout, and a",
    "3 s upstream outage mid-run. Latency is the ordinary clients'; RSS and fds are the gateway process's peaks in each window.",
    "",
    "| t (s) | req/s | ordinary 2xx / 4xx / 5xx | ordinary p50 / p99 ms | hostile 2xx / 4xx / 5xx | socket errors / timeouts | RSS MiB | fds |",
    "|---:|---:|---|---|---|---|---:|---:|",
    `| 0 | | | | | | ${r.baseline.rssMiB} | ${r.baseline.fds} |`,
    ...r.windows.map(
      (w) =>
        `| ${w.at} | ${w.requestsPerSecond} | ${w.ordinary["2xx"]} / ${w.ordinary["4xx"]} / ${w.ordinary["5xx"]} | ${w.ordinary.p50} / ${w.ordinary.p99} | ` +
        `${w.hostile["2xx"]} / ${w.hostile["4xx"]} / ${w.hostile["5xx"]} | ${w.ordinary.errors + w.hostile.errors} / ${w.ordinary.timeouts + w.hostile.timeouts} | ${w.rssMiB} | ${w.fds} |`,
    ),
    "",
    `Gateway failure log, by kind: ${Object.entries(r.failureKinds)
      .sort((x, y) => y[1] - x[1])
      .map(([k, n]) => `${n} × ${k}`)
      .join("; ")}.`,
    "",
    `Canary connections: ${r.canaryConnections}. ` +
      `SIGTERM to exit: ${r.shutdown.ms} ms (code ${r.shutdown.code}${r.shutdown.signal ? `, signal ${r.shutdown.signal}` : ""}).`,
    "",
  ];
  return lines.join("\n");
}

await main();
