/**
 * corsproof/fetch as a Worker ships it: bundled by esbuild for a neutral platform and run in a V8
 * context without Node's `process`. The Public Suffix List is not in that bundle, so a credentialed
 * wildcard is refused with the import that adds it; with `corsproof/public-suffix` it is checked.
 * The size budget is bench/size.js's (`npm run size`), run here so that `npm test` enforces it.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const DIST = resolve(__dirname, "../../dist");
const SIZE_SCRIPT = resolve(__dirname, "../../bench/size.js");

function sizeScript(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [SIZE_SCRIPT, ...args], { encoding: "utf8", timeout: 60_000 });
}

async function workerBundle(withList: boolean): Promise<{ createCorsPolicy: (o: object) => unknown; size: number }> {
  const contents = `${withList ? `import "${DIST}/public-suffix.js";\n` : ""}export { createCorsPolicy } from "${DIST}/fetch.js";`;
  const out = await build({
    stdin: { contents, resolveDir: DIST, loader: "js" },
    bundle: true,
    minify: true,
    format: "iife",
    globalName: "corsproof",
    platform: "neutral",
    write: false,
    logLevel: "silent",
  });
  const code = out.outputFiles[0]?.text ?? "";
  const context: Record<string, unknown> = { URL, Request, Response, Headers, TextEncoder };
  runInNewContext(code, context);
  return { ...(context.corsproof as { createCorsPolicy: (o: object) => unknown }), size: code.length };
}

describe("corsproof/fetch in a Worker bundle", () => {
  it("leaves the Public Suffix List out and says how to add it when a policy needs it", async () => {
    const edge = await workerBundle(false);
    // The Public Suffix List alone is ~130 KiB minified (the budget below is far under it).
    expect(edge.size).toBeLessThan(64 * 1024);
    expect(() => edge.createCorsPolicy({ origin: ["https://app.example.com", "https://*.example.com"] })).not.toThrow();
    // Without the list, the built-in shared-hosting suffixes still stop an origin function's
    // endsWith('.vercel.app') from giving a stranger's Vercel site credentialed responses.
    type Policy = { decide(method: string, origin: string): { allowed: boolean } | Promise<{ allowed: boolean }> };
    const warned: unknown[] = [];
    const fn = edge.createCorsPolicy({
      origin: (o: string) => o.endsWith(".vercel.app"),
      credentials: true,
      onWarning: (w: unknown) => warned.push(w),
    }) as Policy;
    expect((await fn.decide("GET", "https://attacker.vercel.app")).allowed).toBe(false);
    expect(warned).toMatchObject([{ code: "dynamic-origin-refused" }]);
    // The start-up audit's probe generator is not in the bundle: asking for it says so, and how to run it in CI.
    const unaudited: unknown[] = [];
    edge.createCorsPolicy({ origin: (o: string) => o.endsWith(".vercel.app"), auditOriginFunction: true, onWarning: (w: unknown) => unaudited.push(w) });
    expect(unaudited).toMatchObject([{ code: "origin-audit-unavailable", fix: expect.stringContaining("corsproof audit") }]);
    expect(() => edge.createCorsPolicy({ origin: ["https://*.example.com"], credentials: true })).toThrow(
      /\[public-suffix-list-unavailable\] origin\[0\]: .*Fix: Add `import "corsproof\/public-suffix"` before creating the policy/,
    );
  });

  it("with corsproof/public-suffix imported, checks patterns against the list", async () => {
    const edge = await workerBundle(true);
    expect(edge.size).toBeGreaterThan(100 * 1024);
    expect(() => edge.createCorsPolicy({ origin: ["https://*.example.com"], credentials: true })).not.toThrow();
    expect(() => edge.createCorsPolicy({ origin: ["https://*.github.io"], credentials: true })).toThrow(/\[public-suffix-wildcard-with-credentials\]/);
  });

  it("stays within the size budget of npm run size (fetch and hono, raw), which fails when a bundle is over", () => {
    const run = sizeScript();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\| corsproof\/fetch \(withCors\) \| [\d.]+ KiB \| [\d.]+ KiB \| [\d.]+ KiB: ok \|/);
    expect(run.stdout).toMatch(/\| corsproof\/hono \(cors\) \| [\d.]+ KiB \| [\d.]+ KiB \| [\d.]+ KiB: ok \|/);
    const tight = sizeScript("--budget=10");
    expect(tight.status).toBe(1);
    expect(tight.stdout).toMatch(/corsproof\/fetch \(withCors\) .*: OVER/);
    expect(tight.stderr).toContain("2 edge bundle(s) over the budget");
  });
});
