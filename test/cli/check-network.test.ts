/**
 * `corsproof check` on a real network: TLS verification and its opt-outs (--insecure, --cacert,
 * NODE_EXTRA_CA_CERTS), proxies (--proxy, HTTP_PROXY/HTTPS_PROXY/NO_PROXY, CONNECT for https),
 * --resolve, network failures named by their cause (exit 2, no CORS fix), and the method token on
 * the wire. Every server, proxy and certificate is made here, on 127.0.0.1.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureIo } from "./capture-io.js";

// A loopback page: a public http: page may not reach these loopback servers at all (Local Network Access).
const PAGE = "http://localhost:5173";
const dir = mkdtempSync(join(tmpdir(), "corsproof-tls-"));
const CERT = join(dir, "cert.pem");
const KEY = join(dir, "key.pem");

/** Every request a server or proxy saw: request line and raw header lines. */
const seen: { where: string; line: string; headers: string[] }[] = [];

/** Allows any page and any method, like a permissive API; says which method and Host it got. */
const api: http.RequestListener = (req, res) => {
  seen.push({ where: "api", line: `${req.method} ${req.url}`, headers: req.rawHeaders });
  res.writeHead(req.method === "OPTIONS" ? 204 : 200, {
    "Access-Control-Allow-Origin": PAGE,
    "Access-Control-Allow-Methods": "*",
    "Access-Control-Expose-Headers": "X-Host",
    "X-Host": req.headers.host ?? "",
  });
  res.end();
};

function listen<T extends net.Server>(server: T): Promise<number> {
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r((server.address() as net.AddressInfo).port)));
}

/**
 * A tiny forward proxy: CONNECT tunnels (https) and absolute-form requests (http), always to
 * 127.0.0.1 whatever host is asked for, recording each request head it gets.
 */
function startProxy(): net.Server {
  return net.createServer((client) => {
    client.on("error", () => {});
    client.once("data", (first: Buffer) => {
      const text = first.toString("latin1");
      const head = text.slice(0, text.indexOf("\r\n\r\n"));
      const [line = "", ...headers] = head.split("\r\n");
      seen.push({ where: "proxy", line, headers });
      const [method = "", target = ""] = line.split(" ");
      if (method === "CONNECT") {
        const upstream = net.connect(Number(target.split(":").pop()), "127.0.0.1", () => {
          client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
          client.pipe(upstream).pipe(client);
        });
        upstream.on("error", () => client.destroy());
        return;
      }
      const url = new URL(target);
      const upstream = net.connect(Number(url.port), "127.0.0.1", () => {
        upstream.write(Buffer.concat([Buffer.from(`${method} ${url.pathname}${url.search} HTTP/1.1`), first.subarray(line.length)]));
        client.pipe(upstream).pipe(client);
      });
      upstream.on("error", () => client.destroy());
    });
  });
}

/** A loopback port nothing listens on (it did a moment ago). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((r) => server.close(r));
  return port;
}

let httpsPort = 0;
let httpPort = 0;
let proxyPort = 0;
let silentPort = 0;
const servers: net.Server[] = [];

beforeAll(async () => {
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"],
      ...["-keyout", KEY, "-out", CERT, "-subj", "/CN=corsproof test CA"],
      ...["-addext", "subjectAltName=DNS:localhost,DNS:api.test,IP:127.0.0.1"],
    ],
    { stdio: "ignore" },
  );
  const tlsServer = https.createServer({ key: readFileSync(KEY), cert: readFileSync(CERT) }, api);
  const plain = http.createServer(api);
  const proxy = startProxy();
  // Accepts connections and never answers: the timeout case.
  const silent = net.createServer((socket) => socket.on("error", () => {}));
  servers.push(tlsServer, plain, proxy, silent);
  [httpsPort, httpPort, proxyPort, silentPort] = await Promise.all([listen(tlsServer), listen(plain), listen(proxy), listen(silent)]);
});

afterAll(() => {
  for (const s of servers) {
    s.close();
    (s as http.Server).closeAllConnections?.();
  }
  rmSync(dir, { recursive: true, force: true });
});

async function check(args: string[], env: Record<string, string> = {}) {
  const io = captureIo(env);
  const code = await main(["check", ...args, "--origin", PAGE], io);
  return { code, out: io.out(), err: io.err() };
}

describe("check: TLS", () => {
  it("refuses a certificate it cannot verify, names the TLS reason, exits 2 and prints no CORS fix", async () => {
    const r = await check([`https://127.0.0.1:${httpsPort}/x`]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/TLS handshake with 127\.0\.0\.1:\d+ failed: self[- ]signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
    expect(r.err).toContain("--cacert");
    expect(r.out).not.toMatch(/Fix|Access-Control-Allow-Origin|BLOCKED/);
  });

  it("--insecure skips verification; --cacert trusts the given CA", async () => {
    expect((await check([`https://127.0.0.1:${httpsPort}/x`, "--insecure"])).code).toBe(0);
    expect((await check([`https://127.0.0.1:${httpsPort}/x`, "--cacert", CERT])).code).toBe(0);
  });

  it("--cacert with a file that holds no certificate is a usage error", async () => {
    const r = await check([`https://127.0.0.1:${httpsPort}/x`, "--cacert", KEY]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("holds no PEM certificate");
  });

  it("--resolve connects elsewhere but keeps the URL's Host and verifies the certificate for its name", async () => {
    const r = await check([`https://api.test:${httpsPort}/x`, "--resolve", `api.test:${httpsPort}:127.0.0.1`, "--cacert", CERT, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).response.headers).toContainEqual(["x-host", `api.test:${httpsPort}`]);
    const bad = await check([`https://api.test:${httpsPort}/x`, "--resolve", "api.test:443"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--resolve must look like host:port:address");
  });

  const BIN = resolve(__dirname, "../../bin/corsproof.js");
  it.skipIf(!existsSync(resolve(__dirname, "../../dist/cli.js")))("honours NODE_EXTRA_CA_CERTS (read by Node at start-up)", async () => {
    const run = promisify(execFile);
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: CERT, NO_COLOR: "1" };
    const { stdout } = await run(process.execPath, [BIN, "check", `https://127.0.0.1:${httpsPort}/x`, "--origin", PAGE], { env });
    expect(stdout).toContain("ALLOWED");
  });
});

describe("check: proxies", () => {
  it("--proxy tunnels https with CONNECT, as Chromium does (Host, Proxy-Connection, User-Agent)", async () => {
    seen.length = 0;
    const r = await check([`https://localhost:${httpsPort}/x`, "--proxy", `http://127.0.0.1:${proxyPort}`, "--cacert", CERT]);
    expect(r.code).toBe(0);
    const connect = seen.find((s) => s.where === "proxy");
    expect(connect?.line).toBe(`CONNECT localhost:${httpsPort} HTTP/1.1`);
    expect(connect?.headers.slice(0, 2)).toEqual([`Host: localhost:${httpsPort}`, "Proxy-Connection: keep-alive"]);
    expect(connect?.headers[2]).toMatch(/^User-Agent: Mozilla\/5\.0 .* Chrome\/\d+\.0\.0\.0 Safari\/537\.36$/);
  });

  it("HTTP_PROXY sends http requests in absolute form with Proxy-Connection; NO_PROXY bypasses it", async () => {
    seen.length = 0;
    const url = `http://127.0.0.1:${httpPort}/x`;
    expect((await check([url], { HTTP_PROXY: `http://127.0.0.1:${proxyPort}` })).code).toBe(0);
    const viaProxy = seen.find((s) => s.where === "proxy");
    expect(viaProxy?.line).toBe(`GET ${url} HTTP/1.1`);
    expect(viaProxy?.headers.slice(0, 2)).toEqual([`Host: 127.0.0.1:${httpPort}`, "Proxy-Connection: keep-alive"]);
    seen.length = 0;
    expect((await check([url], { http_proxy: `http://user:p%40ss@127.0.0.1:${proxyPort}` })).code).toBe(0);
    expect(seen.find((s) => s.where === "proxy")?.headers[2]).toBe(`Proxy-Authorization: Basic ${Buffer.from("user:p@ss").toString("base64")}`);
    seen.length = 0;
    expect((await check([url], { HTTP_PROXY: `http://127.0.0.1:${proxyPort}`, NO_PROXY: "localhost,127.0.0.1" })).code).toBe(0);
    expect(seen.map((s) => s.where)).toEqual(["api"]);
  });

  it("a proxy that cannot be reached is a network error naming it", async () => {
    const port = await closedPort();
    const r = await check([`https://127.0.0.1:${httpsPort}/x`, "--proxy", `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`connection refused by the proxy 127.0.0.1:${port}`);
  });
});

describe("check: network failures name their cause", () => {
  it("connection refused", async () => {
    const port = await closedPort();
    const r = await check([`http://127.0.0.1:${port}/x`, "--json"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`connection refused by 127.0.0.1:${port}`);
    expect(JSON.parse(r.out)).toMatchObject({ allowed: false, networkError: `connection refused by 127.0.0.1:${port}`, fix: null });
  });

  it("timeout", async () => {
    const r = await check([`http://127.0.0.1:${silentPort}/x`, "--timeout", "400"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`timed out after 400 ms waiting for 127.0.0.1:${silentPort}`);
    expect(r.out).toBe("");
  });
});

describe("check: the method on the wire", () => {
  it("sends `patch` as fetch() leaves it, and meets Node's 400 as Chromium does", async () => {
    seen.length = 0;
    const r = await check([`http://127.0.0.1:${httpPort}/x`, "-X", "patch", "--json"]);
    const json = JSON.parse(r.out);
    expect(json.trace.map((x: { request: { method: string } }) => x.request.method)).toEqual(["OPTIONS", "patch"]);
    expect(json.trace[1].response.status).toBe(400);
    expect(r.code).toBe(1);
    expect(json.message).toContain("No 'Access-Control-Allow-Origin' header is present on the requested resource.");
    const text = await check([`http://127.0.0.1:${httpPort}/x`, "-X", "patch"]);
    expect(text.out).toContain("> patch /x HTTP/1.1");
    expect(text.out).toMatch(/> {3}Host: 127\.0\.0\.1:\d+\n.*> {3}Connection: keep-alive/);
  });
});
