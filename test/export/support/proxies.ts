/**
 * Real nginx, Caddy and HAProxy on loopback for the export tests and the benchmark: each runs from
 * its own temporary directory (no root-owned default paths) on a free high port, in front of a
 * small node:http upstream that sends junk CORS headers (which the proxy must remove) and the
 * status and Vary a request asks for.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExportTarget, ExportedFile } from "../../../src/export/index.js";
import { freePort } from "../../support/http.js";

/** Where Debian installs each proxy. */
export const BINARIES: Record<ExportTarget, string> = { nginx: "/usr/sbin/nginx", caddy: "/usr/bin/caddy", haproxy: "/usr/sbin/haproxy" };

/** Skip a target's tests when it is not installed, except in CI, where .ci/run installs it and a skip would hide a failure. */
export function unavailable(target: ExportTarget): boolean {
  return !existsSync(BINARIES[target]) && process.env.CI !== "true";
}

/** The upstream's marker header: present when the application (not the proxy) answered. */
export const UPSTREAM_MARKER = "x-upstream";
/** Request headers that steer the upstream. */
export const UPSTREAM_STATUS = "x-upstream-status";
export const UPSTREAM_VARY = "x-upstream-vary";

/** CORS headers a careless application sends; the proxy must drop every one. */
const JUNK_CORS: Record<string, string> = {
  "access-control-allow-origin": "https://upstream.invalid",
  "access-control-allow-credentials": "true",
  "access-control-allow-methods": "JUNK",
  "access-control-allow-headers": "x-junk",
  "access-control-expose-headers": "x-junk",
  "access-control-max-age": "1",
};

export interface Upstream {
  readonly port: number;
  close(): Promise<void>;
}

/** The application behind the proxy. `withJunk` adds careless CORS headers to every answer. */
export async function startUpstream(withJunk = true): Promise<Upstream> {
  const server: Server = createServer((req, res) => {
    const status = Number(req.headers[UPSTREAM_STATUS] ?? 200);
    const vary = req.headers[UPSTREAM_VARY];
    const headers: Record<string, string> = { [UPSTREAM_MARKER]: "1", "content-type": "text/plain" };
    if (typeof vary === "string") headers.vary = vary;
    if (withJunk) Object.assign(headers, JUNK_CORS);
    res.writeHead(status, headers);
    res.end(status === 204 || status === 304 || req.method === "HEAD" ? undefined : "ok");
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A foreground, single-process nginx configuration that keeps every path in `dir`, around `http`'s contents. */
export function nginxConfig(dir: string, http: string): string {
  return `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log error;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  ${http}
}
`;
}

/** The proxy's own configuration around the exported files; `files` is undefined for a proxy without CORS. */
function mainConfig(target: ExportTarget, dir: string, port: number, upstream: number, files: readonly ExportedFile[] | undefined): string {
  const file = (i: number) => join(dir, (files as readonly ExportedFile[])[i]?.name as string);
  switch (target) {
    case "nginx":
      return nginxConfig(
        dir,
        `${files ? `include ${file(0)};` : ""}
  upstream app { server 127.0.0.1:${upstream}; keepalive 32; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      ${files ? `include ${file(1)};` : ""}
    }
  }`,
      );
    case "caddy":
      return `{
\tadmin off
\tauto_https off
}
${files ? `import ${file(0)}` : ""}
http://127.0.0.1:${port} {
\t${files ? "import corsproof" : ""}
\treverse_proxy 127.0.0.1:${upstream}
}
`;
    case "haproxy":
      return `global
  maxconn 2048
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  timeout http-keep-alive 30s
frontend fe
  bind 127.0.0.1:${port}
${files ? (files[0]?.contents ?? "").replace(/^/gm, "  ") : ""}
  default_backend app
backend app
  server app 127.0.0.1:${upstream}
`;
  }
}

const MAIN_FILE: Record<ExportTarget, string> = { nginx: "nginx.conf", caddy: "Caddyfile", haproxy: "haproxy.cfg" };

function checkArgs(target: ExportTarget, dir: string): string[] {
  const main = join(dir, MAIN_FILE[target]);
  if (target === "nginx") return ["-t", "-q", "-p", dir, "-c", main];
  if (target === "caddy") return ["validate", "--config", main, "--adapter", "caddyfile"];
  return ["-c", "-f", main];
}

function runArgs(target: ExportTarget, dir: string): string[] {
  const main = join(dir, MAIN_FILE[target]);
  if (target === "nginx") return ["-p", dir, "-c", main];
  if (target === "caddy") return ["run", "--config", main, "--adapter", "caddyfile"];
  return ["-db", "-f", main];
}

/** Caddy keeps state under HOME/XDG dirs: point them at the temporary directory. */
function env(dir: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
}

/** Writes the configuration into a fresh temporary directory. */
export function writeConfig(target: ExportTarget, port: number, upstream: number, files: readonly ExportedFile[] | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), `corsproof-${target}-`));
  for (const f of files ?? []) writeFileSync(join(dir, f.name), f.contents);
  writeFileSync(join(dir, MAIN_FILE[target]), mainConfig(target, dir, port, upstream, files));
  return dir;
}

/** Runs the target's own checker (`nginx -t`, `caddy validate`, `haproxy -c`); resolves with its output, rejects on failure. */
export function checkConfig(target: ExportTarget, dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(BINARIES[target], checkArgs(target, dir), { env: env(dir), timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${target} check failed: ${stderr || stdout || error.message}`));
      else resolve(`${stdout}${stderr}`);
    });
  });
}

export interface RunningProxy {
  readonly url: string;
  readonly dir: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Whether something listens on 127.0.0.1:`port`. */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/** A server process that works in its own temporary directory. */
export interface ServerProcess {
  readonly process: ChildProcess;
  /** Ends the process (SIGKILL if SIGTERM is not enough within 5 s) and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts `command args` in the environment `env` (pinned to `cpu` with taskset when given, for the
 * benchmark) and waits until it accepts connections on 127.0.0.1:`port`: an HTTP probe could wait on
 * a dead upstream. Throws with the end of its stderr when it exits first or is not up within 20 s.
 */
export async function startServerProcess(
  name: string,
  command: string,
  args: readonly string[],
  where: { readonly port: number; readonly dir: string; readonly env?: NodeJS.ProcessEnv; readonly cpu?: number | undefined },
): Promise<ServerProcess> {
  const { port, dir, cpu } = where;
  const [file, argv] = cpu === undefined ? [command, args] : ["taskset", ["-c", String(cpu), command, ...args]];
  const child = spawn(file, argv, { env: where.env ?? process.env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${name} exited (${child.exitCode}): ${stderr}`);
    }
    if (await acceptsConnections(port)) return { process: child, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts the proxy (pinned to `cpu` with taskset when given, for the benchmark) and waits until it answers. */
export async function startProxy(target: ExportTarget, upstream: number, files: readonly ExportedFile[] | undefined, cpu?: number): Promise<RunningProxy> {
  const port = await freePort();
  const dir = writeConfig(target, port, upstream, files);
  const server = await startServerProcess(target, BINARIES[target], runArgs(target, dir), { port, dir, env: env(dir), cpu });
  return { url: `http://127.0.0.1:${port}`, dir, ...server };
}
