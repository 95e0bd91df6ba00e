/**
 * The edge suite's upstream: nginx answering `200 ok` (text/plain) from its own memory, pinned to
 * the load generator's core. The suite measures the proxy in front of it, so the upstream must cost
 * the other core as little as possible: with a node:http upstream, that core (load generator plus
 * upstream) was the bottleneck and the proxy sat mostly idle, which makes its CPU time per request
 * depend on how often it is woken rather than on what it does. No CORS headers of its own; the same
 * answer for every case.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BINARIES, nginxConfig, startServerProcess, type Upstream } from "../../test/export/support/proxies.js";
import { freePort } from "../../test/support/http.js";

/** Starts the upstream, pinned to `cpu` when given; resolves once it accepts connections. */
export async function startStaticUpstream(cpu: number | undefined): Promise<Upstream> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "corsproof-edge-upstream-"));
  writeFileSync(
    join(dir, "nginx.conf"),
    nginxConfig(
      dir,
      `# The proxies keep their upstream connections open for the whole run.
  keepalive_requests 10000000;
  server {
    listen 127.0.0.1:${port};
    location / { default_type text/plain; return 200 "ok"; }
  }`,
    ),
  );
  const server = await startServerProcess("the edge suite's nginx upstream", BINARIES.nginx, ["-p", dir, "-c", join(dir, "nginx.conf")], { port, dir, cpu });
  return { port, close: server.stop };
}
