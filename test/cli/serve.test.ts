import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLASSIC_DEFAULT_POLICY, type RunningServer, startServer } from "../../src/cli/commands/serve.js";
import { main } from "../../src/cli/main.js";
import { freePort, send } from "../support/http.js";
import { captureIo } from "./capture-io.js";

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function demo(policy = CLASSIC_DEFAULT_POLICY, log?: (l: string) => void) {
  const s = await startServer({ policy, host: "127.0.0.1", port: 0, log });
  running.push(s);
  return s;
}

describe("corsproof serve: the demo API", () => {
  it("answers the classic preflight exactly as tutorials show", async () => {
    const s = await demo();
    const res = await send(
      s.url,
      "OPTIONS",
      { origin: "http://localhost:3000", "access-control-request-method": "GET", "access-control-request-headers": "Content-Type, Accept" },
      "/api/ping",
    );
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    expect(res.headers["access-control-allow-methods"]).toBe("GET,HEAD,PUT,PATCH,POST,DELETE");
    expect(res.headers.vary).toBe("Access-Control-Request-Headers");
    expect(res.headers["access-control-allow-headers"]).toBe("Content-Type, Accept");
    expect(res.headers["content-length"]).toBe("0");
  });

  it("serves JSON routes, cookies, and a 500 that keeps its CORS headers", async () => {
    const s = await demo({ origin: ["https://app.example.com"], credentials: true });
    const ping = await send(s.url, "GET", { origin: "https://app.example.com" }, "/api/ping");
    expect(JSON.parse(ping.body)).toEqual({ pong: true });
    const session = await send(s.url, "GET", { origin: "https://app.example.com", cookie: "session=x" }, "/api/session");
    expect(session.headers["set-cookie"]).toEqual(["session=demo; Path=/; HttpOnly; Secure; SameSite=None"]);
    expect(JSON.parse(session.body)).toEqual({ cookieReceived: "session=x" });
    const boom = await send(s.url, "GET", { origin: "https://app.example.com" }, "/api/boom");
    expect(boom.status).toBe(500);
    expect(boom.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(boom.headers["access-control-allow-credentials"]).toBe("true");
    const missing = await send(s.url, "GET", { origin: "https://app.example.com" }, "/nope");
    expect(missing.status).toBe(404);
    expect(missing.headers["access-control-allow-origin"]).toBe("https://app.example.com");
  });

  it("logs one line per request with the CORS decision", async () => {
    const lines: string[] = [];
    const s = await demo({ origin: ["https://app.example.com"] }, (l) => lines.push(l));
    await send(s.url, "GET", { origin: "https://app.example.com" }, "/api/ping");
    await send(s.url, "OPTIONS", { origin: "https://evil.example", "access-control-request-method": "PUT" }, "/api/items/1");
    await send(s.url, "GET", {}, "/api/ping");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/GET \/api\/ping origin=https:\/\/app\.example\.com cors=allowed status=200 \d+ms$/);
    expect(lines[1]).toMatch(/OPTIONS \/api\/items\/1 origin=https:\/\/evil\.example cors=preflight-denied\(origin-not-allowed\) status=403/);
    expect(lines[2]).toMatch(/origin=- cors=no-origin status=200/);
  });
});

describe("corsproof serve: the command", () => {
  it("refuses a bad policy file listing every problem, exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "corsproof-"));
    const file = join(dir, "policy.json");
    writeFileSync(file, JSON.stringify({ origin: ["https://App.example.com/", "*"], credentials: true, maxAge: -1, allowHeaders: ["x"] }));
    const io = captureIo();
    expect(await main(["serve", "--config", file, "--port", "0"], io)).toBe(2);
    const err = io.err();
    for (const code of ["unknown-option", "non-canonical-origin", "wildcard-origin-in-list", "invalid-max-age"]) expect(err).toContain(`[${code}]`);
    expect(err).toContain("Fix: Write 'https://app.example.com'.");
    writeFileSync(file, "{ not json");
    const io2 = captureIo();
    expect(await main(["serve", "--config", file], io2)).toBe(2);
    expect(io2.err()).toContain("not valid JSON");
    const io3 = captureIo();
    expect(await main(["serve", "--config", join(dir, "missing.json")], io3)).toBe(2);
    expect(io3.err()).toContain("ENOENT");
  });

  it("serves a valid policy file, logs, and shuts down gracefully on a stop signal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "corsproof-"));
    const file = join(dir, "policy.json");
    writeFileSync(file, JSON.stringify({ origin: ["https://app.example.com"], methods: ["GET", "PUT"] }));
    const port = await freePort();
    const io = captureIo();
    const exit = main(["serve", "--config", file, "--port", String(port)], io);
    await expect.poll(() => io.out()).toContain(`http://127.0.0.1:${port}`);
    const res = await send(`http://127.0.0.1:${port}`, "GET", { origin: "https://app.example.com" }, "/api/ping");
    expect(res.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    await expect.poll(() => io.out()).toContain("cors=allowed");
    io.stop("SIGINT");
    expect(await exit).toBe(0);
    expect(io.out()).toContain("SIGINT, finishing in-flight requests");
    await expect(send(`http://127.0.0.1:${port}`, "GET", {}, "/api/ping")).rejects.toThrow(/ECONNREFUSED/);
  });

  it("--quiet silences the request log; a busy port is a one-line error", async () => {
    const s = await demo();
    const port = Number(new URL(s.url).port);
    const io = captureIo();
    expect(await main(["serve", "--port", String(port), "--quiet"], io)).toBe(2);
    expect(io.err()).toMatch(/EADDRINUSE.*choose another --port/);
  });
});
