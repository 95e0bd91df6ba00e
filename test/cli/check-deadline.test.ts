/**
 * Issue 9, item 4: `check` cannot run forever. --max-time bounds the whole run even when the
 * server keeps the idle --timeout from firing, and the first SIGINT/SIGTERM ends the real binary
 * at once (a shell reports 130/143); `serve` shuts down gracefully on the first, at once on the second.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { listen } from "../support/http.js";
import { captureIo } from "./capture-io.js";

const ROOT = resolve(__dirname, "../..");
const BIN = resolve(ROOT, "bin/corsproof.js");
const built = existsSync(resolve(ROOT, "dist/cli.js"));

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A server that answers with an endless body, one byte every 50 ms: never idle, never done. */
async function drippingServer() {
  const open = new Set<ServerResponse>();
  let requests = 0;
  let closed = 0;
  const s = await listen((req, res) => {
    requests++;
    open.add(res);
    res.writeHead(200, { "Access-Control-Allow-Origin": "*", "Content-Type": "text/plain" });
    const drip = setInterval(() => res.write("."), 50);
    req.socket.once("close", () => {
      clearInterval(drip);
      open.delete(res);
      closed++;
    });
  });
  closers.push(async () => {
    for (const r of open) r.destroy();
    await s.close();
  });
  return { url: s.url, requests: () => requests, closed: () => closed };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const started = Date.now();
  return new Promise((r) => child.once("exit", (code, signal) => r({ code, signal, ms: Date.now() - started })));
}

describe("check --max-time", () => {
  it("ends a run that the idle timeout never would, and closes the socket", async () => {
    const server = await drippingServer();
    const io = captureIo();
    const started = Date.now();
    // A loopback page: a public one would meet Local Network Access before any byte is sent.
    const code = await main(["check", `${server.url}/endless`, "--origin", "http://localhost:5173", "--timeout", "5000", "--max-time", "600", "--json"], io);
    expect(code).toBe(2);
    // --json still prints its one object: the run ended in a network failure.
    expect(JSON.parse(io.out())).toMatchObject({ allowed: false, error: { code: "NetworkFailure" } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(io.err()).toContain("within --max-time 600 ms");
    await expect.poll(() => server.closed()).toBe(1);
  });

  it("is a usage error when not a whole number of milliseconds", async () => {
    const io = captureIo();
    expect(await main(["check", "http://127.0.0.1:9/", "--origin", "https://a.example", "--max-time", "1s"], io)).toBe(2);
    expect(io.err()).toContain("--max-time must be a whole number");
  });
});

describe.skipIf(!built && process.env.CI !== "true")("signals on the real binary", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`check ends at once on the first ${signal}`, async () => {
      const server = await drippingServer();
      const child = spawn(process.execPath, [BIN, "check", `${server.url}/endless`, "--origin", "http://localhost:5173", "--max-time", "60000"], {
        cwd: ROOT,
      });
      closers.push(() => {
        child.kill("SIGKILL");
      });
      const exit = exited(child);
      await expect.poll(() => server.requests(), { timeout: 10_000 }).toBe(1);
      child.kill(signal);
      const result = await exit;
      expect(result.signal).toBe(signal);
      expect(result.ms).toBeLessThan(3000);
    });
  }

  it("serve drains in-flight requests on the first SIGTERM and stops at once on the second", async () => {
    const server = await drippingServer();
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--upstream", server.url, "--quiet"], { cwd: ROOT });
    closers.push(() => {
      child.kill("SIGKILL");
    });
    const exit = exited(child);
    const url = await new Promise<string>((r) => {
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        // "gateway to <upstream> on <gateway url>"
        const m = / on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) r(m[1] as string);
      });
    });
    const inFlight = fetch(`${url}/endless`).then((r) => r.body?.getReader().read());
    await expect.poll(() => server.requests(), { timeout: 10_000 }).toBe(1);
    await inFlight;
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    expect(child.exitCode).toBeNull();
    child.kill("SIGTERM");
    const result = await exit;
    expect(result.signal).toBe("SIGTERM");
    expect(result.ms).toBeLessThan(3000);
  });
});
