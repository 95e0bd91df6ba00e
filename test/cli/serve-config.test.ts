/** `serve --config` reads hostile paths defensively and explains bad files; listen errors are one line. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_CONFIG_BYTES } from "../../src/cli/config-file.js";
import { main } from "../../src/cli/main.js";
import { send } from "../support/http.js";
import { captureIo } from "./capture-io.js";

const dir = mkdtempSync(join(tmpdir(), "corsproof-config-"));

async function serveError(args: string[]): Promise<string> {
  const io = captureIo();
  expect(await main(["serve", "--port", "0", ...args], io)).toBe(2);
  return io.err();
}

/** Runs `serve --config <file>` on a free port; `get(origin)` asks the demo API, `stop` ends it with exit 0. */
async function serveWith(file: string) {
  const io = captureIo();
  const exit = main(["serve", "--config", file, "--port", "0", "--quiet"], io);
  await expect.poll(() => io.out()).toMatch(/http:\/\/127\.0\.0\.1:\d+/);
  const url = /http:\/\/127\.0\.0\.1:\d+/.exec(io.out())?.[0] as string;
  return {
    get: (origin: string) => send(url, "GET", { origin }, "/api/ping"),
    stop: async () => {
      io.stop("SIGTERM");
      expect(await exit).toBe(0);
    },
  };
}

describe("serve --config", () => {
  it("refuses non-regular files and files over 1 MiB without reading them", async () => {
    expect(await serveError(["--config", "/dev/zero"])).toContain("not a regular file");
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    expect(await serveError(["--config", fifo])).toContain("not a regular file");
    const big = join(dir, "big.json");
    writeFileSync(big, `{"origin":"*","x":"${"a".repeat(MAX_CONFIG_BYTES)}"}`);
    expect(await serveError(["--config", big])).toContain(`larger than ${MAX_CONFIG_BYTES} bytes; it was not read`);
  });

  it("a JSON syntax error names its line and column", async () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, '{\n  "origin": ["https://app.example.com",]\n}\n');
    expect(await serveError(["--config", file])).toMatch(/not valid JSON at line 2, column 40: Unexpected token .\].\./);
  });

  it("a .mjs module's default export is the policy, so RegExp origins work", async () => {
    const file = join(dir, "policy.mjs");
    writeFileSync(file, "export default { origin: [/^https:\\/\\/(app|admin)\\.example\\.com$/], credentials: true };\n");
    const served = await serveWith(file);
    const admin = await served.get("https://admin.example.com");
    expect(admin.headers["access-control-allow-origin"]).toBe("https://admin.example.com");
    expect(admin.headers["access-control-allow-credentials"]).toBe("true");
    expect((await served.get("https://evil.example.com")).headers["access-control-allow-origin"]).toBeUndefined();
    await served.stop();
  });

  it("a .cjs module's exported predicate is the origin test", async () => {
    const file = join(dir, "policy.cjs");
    writeFileSync(file, "module.exports = { origin: (origin) => origin.endsWith('.example.org') };\n");
    const served = await serveWith(file);
    expect((await served.get("https://docs.example.org")).headers["access-control-allow-origin"]).toBe("https://docs.example.org");
    expect((await served.get("https://example.com")).headers["access-control-allow-origin"]).toBeUndefined();
    await served.stop();
  });

  it("a module without a default export, or one that throws, is a clear error", async () => {
    const none = join(dir, "none.mjs");
    writeFileSync(none, "export const origin = '*';\n");
    expect(await serveError(["--config", none])).toContain("no default export");
    const broken = join(dir, "broken.mjs");
    writeFileSync(broken, "const x = 1;\n  throw new Error('boom');\n");
    expect(await serveError(["--config", broken])).toContain("the module failed to load at line 2, column 9: boom");
    const invalid = join(dir, "invalid.mjs");
    writeFileSync(invalid, "export default { origin: ['https://App.example.com/'], credentials: true };\n");
    expect(await serveError(["--config", invalid])).toContain("[non-canonical-origin]");
  });
});

describe("serve: listen errors", () => {
  it("an address that is not this machine's is one line and exit 2, not a stack trace", async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never local, and binding sends no packet.
    const err = await serveError(["--host", "192.0.2.1"]);
    expect(err.trim().split("\n")).toHaveLength(1);
    expect(err).toMatch(/cannot listen on 192\.0\.2\.1:0: EADDRNOTAVAIL \(--host must be an address of this machine/);
  });

  it("--upstream with credentials, a query, or a non-IP --trust-proxy is refused", async () => {
    expect(await serveError(["--upstream", "http://user:pw@127.0.0.1:9/"])).toContain("must not contain user:password@");
    expect(await serveError(["--upstream", "http://127.0.0.1:9/?a=1"])).toContain("must not have a query");
    expect(await serveError(["--upstream", "http://127.0.0.1:9/", "--trust-proxy", "lb.internal"])).toContain("--trust-proxy must be an IP address");
  });
});
