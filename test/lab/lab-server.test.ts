/**
 * The lab server's boundaries, over real sockets: it answers loopback names only (DNS rebinding),
 * its API answers only the lab's own page, bad input gets a clear 400, it hosts page origins only
 * where the browser would reach it, and `corsproof lab` starts and stops it.
 */
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { hostablePort } from "../../src/lab/hosting.js";
import { type RunningLab, startLab } from "../../src/lab/server.js";

const bundled = existsSync(resolve(__dirname, "../../dist/lab-page.global.js"));

/** One raw request to the lab with exactly these headers. */
function call(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return new Promise((done, fail) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers, setHost: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => done({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on("error", fail);
    req.end(body);
  });
}

describe("which page origins the lab can play", () => {
  it("hosts http: loopback names, and says why it cannot host the rest", () => {
    expect(hostablePort("http://127.0.0.1:5173")).toEqual({ port: 5173 });
    expect(hostablePort("http://localhost:3000")).toEqual({ port: 3000 });
    expect(hostablePort("http://app.localhost:8080")).toEqual({ port: 8080 });
    expect(hostablePort("http://app.localhost")).toEqual({ port: 80 });
    expect(hostablePort("https://app.localhost:8443")).toEqual({ reason: expect.stringMatching(/http: only/) });
    expect(hostablePort("http://app.example.com")).toEqual({ reason: expect.stringMatching(/not this machine/) });
    expect(hostablePort("http://localhost.example.com")).toEqual({ reason: expect.stringMatching(/not this machine/) });
    expect(hostablePort("null")).toEqual({ reason: expect.stringMatching(/opaque/) });
  });
});

/** The per-run token, read from the lab page's markup as the page itself reads it. */
async function pageToken(port: number): Promise<string> {
  const page = await call(port, "GET", "/", { Host: `127.0.0.1:${port}` });
  const token = /<meta name="corsproof-lab-token" content="([\w-]+)">/.exec(page.text)?.[1];
  if (token === undefined) throw new Error("the lab page carries no token");
  return token;
}

describe.skipIf(!bundled)("the lab server's boundaries", () => {
  let lab: RunningLab;
  let token: string;
  beforeAll(async () => {
    lab = await startLab({ port: 0 });
    token = await pageToken(lab.port);
  });
  afterAll(() => lab?.close());

  it("serves its page with a strict CSP on 127.0.0.1 and localhost, and refuses foreign Host names", async () => {
    const page = await call(lab.port, "GET", "/", { Host: `127.0.0.1:${lab.port}` });
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toMatch(/script-src 'self'.*frame-ancestors 'none'/);
    // Works offline: no resource from anywhere but the lab itself.
    expect(page.text).not.toMatch(/(?:src|href|action)=["']?(?:https?:)?\/\/|url\(["']?(?:https?:)?\/\//i);
    expect((await call(lab.port, "GET", "/", { Host: `localhost:${lab.port}` })).status).toBe(200);
    const rebound = await call(lab.port, "GET", "/", { Host: `attacker.example:${lab.port}` });
    expect(rebound.status).toBe(421);
    expect(rebound.text).toMatch(/loopback names only/);
  });

  it("answers its API only for same-origin JSON from the lab page", async () => {
    const body = JSON.stringify({ origin: "http://localhost:5173" });
    const host = `127.0.0.1:${lab.port}`;
    const own = await call(
      lab.port,
      "POST",
      "/api/host",
      { Host: host, Origin: `http://${host}`, "Content-Type": "application/json", "X-Corsproof-Lab-Token": token },
      body,
    );
    expect(own.status).toBe(200);
    const foreign = await call(
      lab.port,
      "POST",
      "/api/host",
      { Host: host, Origin: "https://evil.example", "Content-Type": "application/json", "X-Corsproof-Lab-Token": token },
      body,
    );
    expect(foreign.status).toBe(403);
    const simple = await call(lab.port, "POST", "/api/host", { Host: host, Origin: `http://${host}`, "Content-Type": "text/plain" }, body);
    expect(simple.status).toBe(403);
    const runner = await call(
      lab.port,
      "POST",
      "/api/host",
      { Host: host, Origin: `http://app.localhost:${lab.port}`, "Content-Type": "application/json", "X-Corsproof-Lab-Token": token },
      body,
    );
    expect(runner.status).toBe(403);
    // Without the page's token (another local page or program guessing the port), or with a wrong one.
    const json = { Host: host, Origin: `http://${host}`, "Content-Type": "application/json" };
    expect((await call(lab.port, "POST", "/api/host", json, body)).status).toBe(403);
    expect((await call(lab.port, "POST", "/api/host", { ...json, "X-Corsproof-Lab-Token": `${token.slice(1)}x` }, body)).status).toBe(403);
    // Each run has its own token.
    const other = await startLab({ port: 0 });
    try {
      expect(await pageToken(other.port)).not.toBe(token);
    } finally {
      await other.close();
    }
  });

  it("rejects a malformed request with a message that says what to write", async () => {
    const host = `127.0.0.1:${lab.port}`;
    const headers = { Host: host, Origin: `http://${host}`, "Content-Type": "application/json", "X-Corsproof-Lab-Token": token };
    const bad = await call(
      lab.port,
      "POST",
      "/api/run",
      headers,
      JSON.stringify({
        request: {
          url: "/api/items",
          origin: "http://localhost:5173",
          method: "GET",
          headers: [],
          credentials: "omit",
          redirect: "follow",
          body: null,
        },
      }),
    );
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/not an absolute URL; write it like http:/);
    const origin = await call(
      lab.port,
      "POST",
      "/api/run",
      headers,
      JSON.stringify({
        request: {
          url: "http://127.0.0.1:1/",
          origin: "http://localhost:5173/",
          method: "GET",
          headers: [],
          credentials: "omit",
          redirect: "follow",
          body: null,
        },
      }),
    );
    expect(JSON.parse(origin.text).error).toMatch(/serialised origin such as http:\/\/localhost:5173/);
    const browser = await call(
      lab.port,
      "POST",
      "/api/run",
      headers,
      JSON.stringify({
        browser: "netscape",
        request: {
          url: "http://127.0.0.1:1/",
          origin: "http://localhost:5173",
          method: "GET",
          headers: [],
          credentials: "omit",
          redirect: "follow",
          body: null,
        },
      }),
    );
    expect(JSON.parse(browser.text).error).toBe("browser must be one of chromium, firefox, spec");
    const huge = await call(lab.port, "POST", "/api/run", headers, "x".repeat(300 * 1024));
    expect(huge.status).toBe(400);
  });

  it("plays an origin on a port that another program holds as model-only, saying why", async () => {
    const host = `127.0.0.1:${lab.port}`;
    const answer = await call(
      lab.port,
      "POST",
      "/api/host",
      { Host: host, Origin: `http://${host}`, "Content-Type": "application/json", "X-Corsproof-Lab-Token": token },
      JSON.stringify({ origin: `http://localhost:${lab.port}` }),
    );
    expect(JSON.parse(answer.text)).toEqual({ hosted: true, runnerUrl: `http://localhost:${lab.port}/__corsproof/runner` });
    const other = await startLab({ port: 0 });
    try {
      const busy = await call(
        lab.port,
        "POST",
        "/api/host",
        { Host: host, Origin: `http://${host}`, "Content-Type": "application/json", "X-Corsproof-Lab-Token": token },
        JSON.stringify({ origin: `http://127.0.0.1:${other.port}` }),
      );
      expect(JSON.parse(busy.text)).toEqual({ hosted: false, reason: expect.stringMatching(/used by another program/) });
    } finally {
      await other.close();
    }
  });
});

describe.skipIf(!bundled)("the lab page bundle", () => {
  it("is one small script that loads nothing from anywhere", () => {
    const bundle = readFileSync(resolve(__dirname, "../../dist/lab-page.global.js"), "utf8");
    expect(bundle.length).toBeLessThan(100_000);
    // No import(), no script or stylesheet injection, no remote URL but the SVG namespace and the presets' example origins.
    expect(bundle).not.toMatch(/\bimport\(|importScripts|createElement\("(script|link)"\)/);
    const urls = new Set(bundle.match(/https?:\/\/[\w.:-]+/g));
    expect(
      [...urls].filter((u) => !/^http:\/\/(127\.0\.0\.1|localhost|[\w-]+\.localhost)(:\d+)?$|^http:\/\/www\.w3\.org$|^https:\/\/app\.example\.com$/.test(u)),
    ).toEqual([]);
  });
});

describe.skipIf(!bundled)("corsproof lab (the command)", () => {
  it("prints the URL, serves the lab there without opening a browser when stdout is not a terminal, and stops on the signal", async () => {
    let out = "";
    let stop: (s: string) => void = () => {};
    const stopSignal = new Promise<string>((r) => {
      stop = r;
    });
    const io = { stdout: { write: (t: string) => (out += t), isTTY: false }, stderr: { write: (t: string) => (out += t) }, env: { DISPLAY: ":0" }, stopSignal };
    const running = main(["lab", "--port", "0"], io);
    for (let i = 0; i < 200 && !out.includes("http://"); i++) await new Promise((r) => setTimeout(r, 25));
    const url = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
    expect(url).not.toBeNull();
    const page = await call(Number(url?.[1]), "GET", "/", { Host: `127.0.0.1:${url?.[1]}` });
    expect(page.text).toContain("corsproof lab");
    stop("SIGTERM");
    expect(await running).toBe(0);
  });

  it("says what is wrong with a bad --port", async () => {
    let err = "";
    const io = { stdout: { write: () => true }, stderr: { write: (t: string) => (err += t) }, env: {} };
    expect(await main(["lab", "--port", "99999"], io)).toBe(2);
    expect(err).toMatch(/--port must be a whole number from 0 to 65535/);
  });
});
