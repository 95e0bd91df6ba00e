/** bin/corsproof.js in a clone that was never built: a one-line hint and exit 2, not a stack trace. */
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "corsproof-unbuilt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("says to run npm run build when dist/ is missing", async () => {
  mkdirSync(join(dir, "bin"));
  copyFileSync(resolve(__dirname, "../../bin/corsproof.js"), join(dir, "bin/corsproof.js"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "corsproof", type: "module" }));
  const failure = await promisify(execFile)(process.execPath, [join(dir, "bin/corsproof.js"), "--version"]).then(
    () => null,
    (e: { code: number; stderr: string }) => e,
  );
  expect(failure?.code).toBe(2);
  expect(failure?.stderr).toBe("corsproof: the CLI is not built yet (dist/cli.js is missing); run `npm run build` in the corsproof directory first.\n");
});
