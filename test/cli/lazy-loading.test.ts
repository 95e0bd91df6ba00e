/**
 * The CLI loads only what a command needs (issue 18): the real binary on dist/, spawned with a
 * module-loader hook that records every module it resolves. `--version` must load the entry alone,
 * and `check`/`explain` (the browser model) must never load the policy engine or the Public Suffix
 * List, whatever the bundler does with shared code.
 */
import { execFile } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const BIN = resolve(ROOT, "bin/corsproof.js");
const HOOK = resolve(ROOT, "test/support/record-imports/register.mjs");
const built = existsSync(resolve(ROOT, "dist/cli.js"));
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "corsproof-imports-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the binary and returns the files it loaded (node: built-ins left out) and its exit code. */
async function loaded(args: string[]): Promise<{ code: number; files: string[] }> {
  const record = join(dir, `${Math.random().toString(36).slice(2)}.txt`);
  let code = 0;
  try {
    await run(process.execPath, ["--import", HOOK, BIN, ...args], { cwd: ROOT, env: { ...process.env, RECORD_IMPORTS: record, NO_COLOR: "1" } });
  } catch (e) {
    code = (e as { code: number }).code;
  }
  const urls = new Set(
    readFileSync(record, "utf8")
      .split("\n")
      .filter((u) => u.startsWith("file:")),
  );
  return { code, files: [...urls].map((u) => fileURLToPath(u)) };
}

/** True when one of the files defines the policy engine (whatever chunk the bundler put it in). */
const hasPolicyEngine = (files: string[]) => files.some((f) => readFileSync(f, "utf8").includes("function createCorsPolicy("));
const hasSuffixList = (files: string[]) => files.some((f) => f.includes(`${join("node_modules", "tldts")}`));

describe.skipIf(!built && process.env.CI !== "true")("the CLI loads only what a command needs", () => {
  it("--version loads the entry module and nothing that a command needs", async () => {
    const { code, files } = await loaded(["--version"]);
    expect(code).toBe(0);
    expect(files.some((f) => f.endsWith(join("dist", "cli.js")))).toBe(true);
    expect(hasPolicyEngine(files)).toBe(false);
    expect(hasSuffixList(files)).toBe(false);
    expect(files.filter((f) => readFileSync(f, "utf8").includes("function simulateFetch("))).toEqual([]);
  });

  it("check of a loopback URL runs the browser model without the policy engine or the suffix list", async () => {
    const server = createHttpServer((_req, res) => {
      res.setHeader("Access-Control-Allow-Origin", "http://localhost:5173");
      res.end("ok");
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = server.address() as AddressInfo;
      const { code, files } = await loaded(["check", `http://127.0.0.1:${port}/`, "--origin", "http://localhost:5173"]);
      expect(code).toBe(0);
      expect(files.some((f) => readFileSync(f, "utf8").includes("function simulateFetch("))).toBe(true);
      expect(hasPolicyEngine(files)).toBe(false);
      expect(hasSuffixList(files)).toBe(false);
    } finally {
      server.close();
    }
  });

  it("explain loads neither the policy engine nor the suffix list; serve loads the engine", async () => {
    const explain = await loaded(["explain", "https://api.example.com/", "--origin", "https://app.example.com", "-X", "PUT"]);
    expect(hasPolicyEngine(explain.files)).toBe(false);
    expect(hasSuffixList(explain.files)).toBe(false);
    // The control: the detector does see the engine when a command needs it.
    const serve = await loaded(["serve", "--help"]);
    expect(serve.code).toBe(0);
    expect(hasPolicyEngine(serve.files)).toBe(true);
  });
});
