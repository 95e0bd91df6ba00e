/**
 * `npm install git+file://<this repository>` into a new app yields a working package: npm clones the
 * committed HEAD, runs the `prepare` build, packs what `files` lists. Slow (tens of seconds, a full
 * dev install in npm's clone), so it runs with `npm run test:install`, not in the default suite.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = resolve(__dirname, "../..");
const app = mkdtempSync(join(tmpdir(), "corsproof-git-install-"));
afterAll(() => rmSync(app, { recursive: true, force: true }));

describe.runIf(process.env.CORSPROOF_INSTALL_TEST === "1")("npm install git+file://", () => {
  it("installs, builds through prepare, and works from require, import and the bin", { timeout: 300_000 }, async () => {
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true }));
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", `git+${pathToFileURL(ROOT).href}`], { cwd: app, timeout: 280_000 });
    const pkg = join(app, "node_modules/corsproof");
    expect(existsSync(join(pkg, "LICENSE"))).toBe(true);
    expect(existsSync(join(pkg, "dist/cli.cjs"))).toBe(false);
    const cjs = await run(
      process.execPath,
      ["-e", "const { createCorsPolicy } = require('corsproof'); const cors = require('corsproof/express'); console.log(typeof createCorsPolicy, typeof cors)"],
      { cwd: app },
    );
    expect(cjs.stdout.trim()).toBe("function function");
    const esm = await run(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        "import { withCors } from 'corsproof/fetch'; import { simulateFetch } from 'corsproof/browser'; console.log(typeof withCors, typeof simulateFetch)",
      ],
      { cwd: app },
    );
    expect(esm.stdout.trim()).toBe("function function");
    const bin = await run(process.execPath, [join(app, "node_modules/.bin/corsproof"), "--version"], { cwd: app });
    expect(bin.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
