/**
 * End-to-end: the real `corsproof` binary (bin/corsproof.js on dist/), spawned as users run it.
 * The test command builds dist/ first.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const BIN = resolve(ROOT, "bin/corsproof.js");
const built = existsSync(resolve(ROOT, "dist/cli.js"));
const run = promisify(execFile);

async function corsproof(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let buffer = "";
    child.stdout?.on("data", (c: Buffer) => {
      buffer += c.toString();
      const m = pattern.exec(buffer);
      if (m) resolveLine(m[0]);
    });
    child.once("exit", (code) => reject(new Error(`exited ${code} before printing ${pattern}: ${buffer}`)));
  });
}

describe.skipIf(!built && process.env.CI !== "true")("the corsproof binary", () => {
  it("--version and an unknown flag", async () => {
    expect((await corsproof(["--version"])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const bad = await corsproof(["check", "--nope"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("demo exits 0", async () => {
    const r = await corsproof(["demo"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("BLOCKED");
  });

  it("serve, then check against it, then SIGTERM shuts it down with exit 0", async () => {
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0"], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
    try {
      const url = await waitForLine(child, /http:\/\/127\.0\.0\.1:\d+/);
      // A loopback page: a public one would first meet Local Network Access (denied when headless).
      const allowed = await corsproof([
        "check",
        `${url}/api/items/1`,
        "--origin",
        "http://localhost:5173",
        "-X",
        "PUT",
        "-H",
        "Content-Type: application/json",
        "--json",
      ]);
      expect(allowed.code).toBe(0);
      expect(JSON.parse(allowed.stdout).allowed).toBe(true);
      const blocked = await corsproof(["check", `${url}/api/session`, "--origin", "http://localhost:5173", "--credentials", "include", "--json"]);
      expect(blocked.code).toBe(1);
      expect(JSON.parse(blocked.stdout).message).toContain(
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*'",
      );
    } finally {
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });
});
