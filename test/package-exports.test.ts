/**
 * The built package as users load it: ESM imports and CommonJS `require('corsproof/express')`
 * returning the middleware factory, as `require('cors')` does. Runs against dist/ (the test
 * command builds first) in a child Node process, through the package's own exports map.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");
const built = existsSync(resolve(ROOT, "dist/express.cjs"));

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" }).trim();
}

describe.skipIf(!built && process.env.CI !== "true")("package exports (dist)", () => {
  it("require('corsproof/express') is the middleware factory and works on a cors-style fake response", () => {
    const out = node([
      "-e",
      `const cors = require('corsproof/express');
       const headers = {};
       const res = { statusCode: 200, getHeader: (n) => headers[n.toLowerCase()], setHeader: (n, v) => { headers[n.toLowerCase()] = v; }, end() { this.ended = true; } };
       cors({ origin: 'https://app.example.com' })({ method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' } }, res, () => {});
       console.log(typeof cors, res.statusCode, headers['access-control-allow-origin'], res.ended);`,
    ]);
    expect(out).toBe("function 204 https://app.example.com true");
  });

  it("require('corsproof') and require('corsproof/node') expose the engine", () => {
    expect(node(["-e", "const c = require('corsproof'); const n = require('corsproof/node'); console.log(typeof c.createCorsPolicy, typeof n.withCors)"])).toBe(
      "function function",
    );
  });

  it("ESM imports resolve every entry", () => {
    expect(
      node([
        "--input-type=module",
        "-e",
        "import cors from 'corsproof/express'; import { createCorsPolicy } from 'corsproof'; import { withCors } from 'corsproof/node'; console.log(typeof cors, typeof createCorsPolicy, typeof withCors)",
      ]),
    ).toBe("function function function");
  });
});
