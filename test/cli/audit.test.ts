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
  it("finds the holes of a cors-style origin function without being told its origins, naming the origin that proves each, and exits 1", async () => {
    const file = module(
      "leaky.mjs",
      `export default { origin: (origin, cb) => cb(null, !origin || origin.endsWith("vercel.app") || origin.includes("mycompany.com")), credentials: true, allowedHeaders: ["Content-Type", "Origin"] };`,
    );
    const io = captureIo();
    // No --origin: 'vercel.app' and 'mycompany.com' are read from the function's own source.
    const code = await main(["audit", file, "--flavour", "express"], io);
    expect(code).toBe(1);
    const out = io.out();
    expect(out).toContain("warning [forbidden-request-header] allowedHeaders[1]");
    expect(out).toContain("'https://mycompany.com.corsproof-attacker.com'");
    expect(out).toMatch(/allows 'http:\/\/[a-z.]+' \(derived from '[^']+'\), an http: origin, and credentials are on/);
    expect(out).toContain("shared-hosting suffix 'vercel.app'");
  });

  it("passes a sound function and reports as JSON", async () => {
    const file = module("sound.mjs", `const ok = new Set(["https://app.example.com"]); export default { origin: (o) => ok.has(o), credentials: true };`);
    const io = captureIo();
    expect(await main(["audit", file, "--json"], io)).toBe(0);
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

  it("reads seeds from RegExp literals in the function and origins listed beside it; --origin adds one its source does not name", async () => {
    const file = module(
      "amplify.mjs",
      `const env = "https://main.d1.amplifyapp.com"; export default { origin: (o, cb) => cb(null, o === env || /^https:\\/\\/.*\\.amplifyapp\\.com$/.test(o) || /^http:\\/\\/\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+$/.test(o)), credentials: true };`,
    );
    const io = captureIo();
    expect(await main(["audit", file, "--flavour", "express"], io)).toBe(1);
    expect(io.out()).toMatch(/allows 'https:\/\/[a-z.]+\.amplifyapp\.com', a site anyone can create under the shared-hosting suffix 'amplifyapp.com'/);
    expect(io.out()).toContain("'http://203.0.113.7:8081'");
    // A function whose allowed origin comes from outside its text: found only with --origin.
    const hidden = module(
      "hidden.mjs",
      `const allowed = process.env.NOPE ?? "https://app.example.com"; export default { origin: (o) => o.startsWith(allowed), credentials: true };`,
    );
    const blind = captureIo();
    expect(await main(["audit", hidden], blind)).toBe(0);
    const told = captureIo();
    expect(await main(["audit", hidden, "--origin", "https://app.example.com"], told)).toBe(1);
    expect(told.out()).toContain("'https://app.example.com.corsproof-attacker.com'");
  });
});
