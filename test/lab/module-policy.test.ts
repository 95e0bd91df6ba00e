/**
 * Module policies (`.mjs`) in the playground, through the lab's API over real sockets: the module
 * runs in a separate Node process under the permission model (no file writes, no reads outside its
 * directory and corsproof's code, no child processes, no environment, bounded time and heap); its
 * RegExp and function origins are judged for real by the model in that process; errors come back
 * with their line and column; "serve" serves it from a sandboxed process.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCorsPolicy, type CorsOptions } from "../../src/index.js";
import { syntaxPosition } from "../../src/lab/module-sandbox.js";
import type { PolicyReport } from "../../src/lab/protocol.js";
import { type RunningLab, startLab } from "../../src/lab/server.js";

const ROOT = resolve(__dirname, "../..");
const built = existsSync(resolve(ROOT, "dist/lab-page.global.js")) && existsSync(resolve(ROOT, "dist/lab-sandbox.js"));

function post(port: number, path: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((done, fail) => {
    const req = request({ host: "127.0.0.1", port, method: "POST", path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => done({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on("error", fail);
    req.end(JSON.stringify(body));
  });
}

/** A simple GET with an Origin header; resolves with status and Access-Control-Allow-Origin. */
function get(url: string, origin: string): Promise<{ status: number; acao: string | undefined }> {
  return new Promise((done, fail) => {
    const req = request(url, { headers: { Origin: origin } }, (res) => {
      res.resume();
      res.on("end", () => done({ status: res.statusCode ?? 0, acao: res.headers["access-control-allow-origin"] as string | undefined }));
    });
    req.on("error", fail);
    req.end();
  });
}

const MODULE = `const previews = /^https:\\/\\/pr-\\d+\\.preview\\.example\\.com$/;
export default {
  origin: (origin) => previews.test(origin) || origin.endsWith(".localhost:5173"),
  methods: ["GET", "PUT"],
  allowedHeaders: ["Content-Type"],
  credentials: true,
};
`;

describe.skipIf(!built)("module policies in the playground", () => {
  let lab: RunningLab;
  let headers: Record<string, string>;
  const scratch = mkdtempSync(join(tmpdir(), "corsproof-module-test-"));
  const check = async (text: string, origins: string[] = [], credentials = "include") =>
    (await post(lab.port, "/api/policy", headers, { format: "mjs", text, origins, credentials })).json as unknown as PolicyReport;

  beforeAll(async () => {
    lab = await startLab({ port: 0 });
    const page = await fetch(lab.url).then((r) => r.text());
    const token = /name="corsproof-lab-token" content="([\w-]+)"/.exec(page)?.[1] ?? "";
    headers = { Origin: `http://127.0.0.1:${lab.port}`, "Content-Type": "application/json", "X-Corsproof-Lab-Token": token };
  });
  afterAll(async () => {
    await lab?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("judges a function origin by calling it (in the sandbox), and the matrix equals the engine's decisions", async () => {
    const origins = ["https://pr-42.preview.example.com", "http://app.localhost:5173", "https://preview.example.com"];
    const report = await check(MODULE, origins);
    expect(report.problems).toEqual([]);
    expect(report.module?.exported).toContain("origin: [function origin]");
    const m = report.matrix;
    if (m === null || m === undefined) throw new Error("no matrix");
    expect(m.origins).toEqual([...origins, "https://evil.example"]);
    // The same options, imported here, decide each cell's preflight the way the model saw it.
    const file = join(scratch, "same.mjs");
    writeFileSync(file, MODULE);
    const engine = createCorsPolicy(((await import(pathToFileURL(file).href)) as { default: CorsOptions }).default);
    for (const [oi, origin] of m.origins.entries())
      for (const [mi, method] of m.methods.entries())
        for (const [hi, set] of m.headerSets.entries()) {
          const cell = m.cells[oi]?.[mi]?.[hi];
          const needsPreflight = set.length > 0 || !["GET", "HEAD", "POST"].includes(method);
          const pre = needsPreflight ? await engine.decide("OPTIONS", origin, method, set.map(([n]) => n.toLowerCase()).join(",")) : null;
          const actual = await engine.decide(method, origin);
          const allowed = (pre === null || pre.allowed) && actual.allowed;
          expect({ origin, method, set, allowed: cell?.allowed }).toEqual({ origin, method, set, allowed });
        }
    // The function was really consulted: previews and *.localhost:5173 pass, the look-alike does not.
    expect(m.cells.map((o) => o[0]?.[0]?.allowed)).toEqual([true, true, false, false]);
  }, 30_000);

  it("reports syntax errors and throws with their line and column", async () => {
    const syntax = await check('export default {\n  origin: ["https://a.example",\n  credentials: true\n};\n');
    expect(syntax.matrix).toBeNull();
    expect(syntax.problems).toEqual([
      expect.objectContaining({ code: "invalid-type", line: 3, column: 14, message: expect.stringMatching(/line 3, column 14: Unexpected token/) }),
    ]);
    const thrown = await check("const tenants = [];\nif (tenants.length === 0) throw new Error('no tenants configured');\nexport default {};\n");
    expect(thrown.problems).toEqual([expect.objectContaining({ line: 2, column: 33, message: expect.stringMatching(/no tenants configured/) })]);
    const none = await check("export const origin = '*';\n");
    expect(none.problems[0]?.message).toMatch(/no default export/);
    const invalid = await check("export default { origin: '*', credentials: true };\n");
    expect(invalid.problems.map((p) => p.code)).toEqual(["wildcard-origin-with-credentials"]);
    expect(invalid.module?.exported).toBe('{\n  origin: "*",\n  credentials: true\n}');
  }, 30_000);

  it("denies file writes, reads outside the module, child processes and the lab's environment", async () => {
    const target = join(scratch, "written-by-the-module");
    const write = await check(`import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(target)}, "x");\nexport default {};\n`);
    expect(write.problems).toEqual([expect.objectContaining({ code: "sandbox-denied", line: 2, message: expect.stringMatching(/FileSystemWrite/) })]);
    expect(existsSync(target)).toBe(false);
    const read = await check(
      `import { readFileSync } from "node:fs";\nreadFileSync(${JSON.stringify(join(ROOT, "package.json"))}.replace("package.json", "README.md"));\nexport default {};\n`,
    );
    expect(read.problems[0]?.message).toMatch(/FileSystemRead/);
    const spawn = await check('import { execFileSync } from "node:child_process";\nexecFileSync("id");\nexport default {};\n');
    expect(spawn.problems[0]?.message).toMatch(/ChildProcess/);
    process.env.CORSPROOF_LAB_TEST_SECRET = "s3cret";
    let env: PolicyReport;
    try {
      env = await check('export default { origin: "https://" + (Object.keys(process.env).length + ".example") };\n');
      expect(env.module?.exported).toContain('"https://0.example"');
    } finally {
      delete process.env.CORSPROOF_LAB_TEST_SECRET;
    }
    expect(env.module?.sandbox.denied.join(" ")).toMatch(/writing files/);
  }, 30_000);

  it("stops a module that never finishes, or that eats memory", async () => {
    const loop = check("while (true) {}\nexport default {};\n");
    const memory = await check("const a = [];\nwhile (true) a.push(new Array(1e6).fill(1));\nexport default {};\n");
    expect(memory.problems[0]).toMatchObject({ code: "memory" });
    // One check at a time: the second one stopped the first.
    expect((await loop).problems[0]).toMatchObject({ code: "superseded" });
    const started = Date.now();
    const alone = await check("while (true) {}\nexport default {};\n");
    expect(alone.problems[0]).toMatchObject({ code: "timeout", message: expect.stringMatching(/did not finish within 5 s/) });
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it("serves the module from a sandboxed process with one call, and stops it", async () => {
    const served = (await post(lab.port, "/api/policy/serve", headers, { format: "mjs", text: MODULE })).json as { url: string; problems: unknown[] };
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(`${served.url}/api/items`, "https://pr-7.preview.example.com")).toEqual({ status: 200, acao: "https://pr-7.preview.example.com" });
    expect((await get(`${served.url}/api/items`, "https://evil.example")).acao).toBeUndefined();
    const broken = (await post(lab.port, "/api/policy/serve", headers, { format: "mjs", text: "export default {" })).json as {
      url: null;
      problems: { line: number }[];
    };
    expect(broken.url).toBeNull();
    expect(broken.problems[0]?.line).toBe(1);
    // The previous server stopped when the broken one was asked for.
    await expect(get(`${served.url}/api/items`, "https://evil.example")).rejects.toThrow(/ECONNREFUSED/);
  }, 30_000);

  it("reads a SyntaxError's position from Node's fatal-error report", () => {
    expect(syntaxPosition("file:///tmp/x/policy.mjs:3\n  credentials: true\n             ^\n\nSyntaxError: Unexpected token ':'")).toEqual({
      line: 3,
      column: 14,
    });
    expect(syntaxPosition("file:///tmp/x/policy.mjs:1\nexport default {\n                \n\nSyntaxError: Unexpected end of input")).toEqual({
      line: 1,
      column: 17,
    });
    expect(syntaxPosition("Error: something else")).toBeNull();
  });
});
