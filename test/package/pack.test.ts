/** What `npm pack` ships: every export's files, the schema and the licence; no build output nothing exports. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");

it("npm pack ships what the exports name, LICENSE and the check schema, and not the CLI's CommonJS build", { timeout: 60_000 }, async () => {
  // --ignore-scripts: `prepare` would rebuild dist/ under the tests that use it.
  const { stdout } = await promisify(execFile)("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT });
  const files = new Set((JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path));
  // dist/lab-sandbox.js: the process `corsproof lab` starts for module policies (ESM only, no types).
  for (const path of ["LICENSE", "README.md", "bin/corsproof.js", "schema/check.schema.json", "dist/cli.js", "dist/lab-sandbox.js", "dist/lab-page.global.js"])
    expect(files, path).toContain(path);
  for (const path of ["dist/cli.cjs", "dist/cli.cjs.map", "dist/cli.d.ts", "dist/cli.d.cts", "dist/lab-sandbox.cjs", "dist/lab-sandbox.d.ts"])
    expect(files, path).not.toContain(path);
  const pkg = JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8")) as { exports: Record<string, string | Record<string, Record<string, string>>> };
  for (const target of Object.values(pkg.exports)) {
    const paths = typeof target === "string" ? [target] : Object.values(target).flatMap((t) => Object.values(t));
    for (const p of paths) expect(files, p).toContain(p.replace(/^\.\//, ""));
  }
});
