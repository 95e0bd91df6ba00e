/**
 * corsproof/fetch as a Worker ships it: bundled by esbuild for a neutral platform and run in a V8
 * context without Node's `process`. The Public Suffix List is not in that bundle, so a credentialed
 * wildcard is refused with the import that adds it; with `corsproof/public-suffix` it is checked.
 */
import { resolve } from "node:path";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const DIST = resolve(__dirname, "../../dist");

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
    // 48 KiB: the engine plus its validation (issue 17 added RegExp probing, the request-time guard
    // and the audit, ~3.5 KiB minified); the Public Suffix List (~150 KiB) stays out.
    expect(edge.size).toBeLessThan(48 * 1024);
    expect(() => edge.createCorsPolicy({ origin: ["https://app.example.com", "https://*.example.com"] })).not.toThrow();
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
});
