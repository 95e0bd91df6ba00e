/** `corsproof audit <config module>`: problems by severity, the origin function probed, exit status. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureIo } from "./capture-io.js";

const dir = mkdtempSync(join(tmpdir(), "corsproof-audit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function module(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("corsproof audit", () => {
  it("finds the holes of a cors-style origin function, naming the origin that proves each, and exits 1", async () => {
    const file = module(
      "leaky.mjs",
      `export default { origin: (origin, cb) => cb(null, !origin || origin.endsWith("vercel.app") || origin.includes("mycompany.com")), credentials: true, allowedHeaders: ["Content-Type", "Origin"] };`,
    );
    const io = captureIo();
    const code = await main(["audit", file, "--flavour", "express", "--origin", "https://app.mycompany.com", "--origin", "https://myapp.vercel.app"], io);
    expect(code).toBe(1);
    const out = io.out();
    expect(out).toContain("warning [forbidden-request-header] allowedHeaders[1]");
    expect(out).toContain("'https://app.mycompany.com.attacker.example'");
    expect(out).toContain("'http://app.mycompany.com'");
    expect(out).toContain("shared-hosting suffix 'vercel.app'");
  });

  it("passes a sound function and reports as JSON", async () => {
    const file = module("sound.mjs", `const ok = new Set(["https://app.example.com"]); export default { origin: (o) => ok.has(o), credentials: true };`);
    const io = captureIo();
    expect(await main(["audit", file, "--origin", "https://app.example.com", "--json"], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual({ file, flavour: "corsproof", issues: [] });
  });

  it("audits a @koa/cors function with a Koa-like context, and refuses an unknown flavour", async () => {
    const file = module("koa.mjs", `export default { origin: (ctx) => ctx.get("Origin"), credentials: true };`);
    const io = captureIo();
    expect(await main(["audit", file, "--flavour", "koa"], io)).toBe(1);
    expect(io.out()).toContain("reflects everything");
    const bad = captureIo();
    expect(await main(["audit", file, "--flavour", "rails"], bad)).toBe(2);
    expect(bad.err()).toMatch(/--flavour must be one of/);
  });
});
