/**
 * `corsproof scan` end to end over real sockets against a few lab endpoints: exit codes, the
 * --json document against the shipped schema, --sarif against the official SARIF 2.1.0 schema
 * (as published in @microsoft/jest-sarif), --login-url, --targets and the progress line.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Ajv } from "ajv";
import AjvDraft04Module from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureIo } from "../cli/capture-io.js";
import { LAB } from "./lab/endpoints.js";
import { labScanFlags } from "./lab/scan-options.js";
import { type Lab, startLab } from "./lab/server.js";

const require = createRequire(import.meta.url);
// CommonJS modules whose default export NodeNext types as the module namespace.
const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;
const IDS = ["cors-reflect-credentials", "cors-allowlist", "cors-reflect-samesite-strict", "express-no-vary-cached", "cors-any-subdomain"];
const endpoint = (id: string) => LAB.find((e) => e.id === id)!;
const FAST = ["--rate", "0", "--concurrency", "8"];

let lab: Lab;
beforeAll(async () => {
  lab = await startLab(IDS.map(endpoint));
});
afterAll(() => lab?.close());

async function run(args: string[], tty = false) {
  const io = captureIo({}, false);
  if (tty) Object.assign(io.stderr, { isTTY: true });
  const code = await main(["scan", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const flags = (id: string) => [lab.url(id), ...labScanFlags(endpoint(id)), ...FAST];

describe("corsproof scan", () => {
  it("exits 1 on an exploitable finding and explains it in text", async () => {
    const r = await run(flags("cors-reflect-credentials"));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/HIGH\s+reflected-origin/);
    expect(r.out).toContain("Origin: https://corsproof-attacker.com");
    expect(r.out).toContain("fix:");
  });

  it("exits 0 on a safe endpoint, and when findings are below --fail-on", async () => {
    expect((await run(flags("cors-allowlist"))).code).toBe(0);
    const strict = await run(flags("cors-reflect-samesite-strict"));
    expect(strict.code).toBe(0);
    expect(strict.out).toContain("SameSite=Strict");
    expect((await run([...flags("cors-any-subdomain")])).code).toBe(0);
    expect((await run([...flags("cors-any-subdomain"), "--fail-on", "low"])).code).toBe(1);
    expect((await run([...flags("express-no-vary-cached"), "--fail-on", "high"])).code).toBe(0);
  });

  it("exits 2 on usage and network errors", async () => {
    expect((await run([])).code).toBe(2);
    expect((await run([lab.url("cors-allowlist"), "--trusted-origin", "https://app.example.com/"])).err).toContain("is not a serialised origin");
    expect((await run([lab.url("cors-allowlist"), "--fail-on", "critical"])).code).toBe(2);
    const down = await run(["http://127.0.0.1:1/nothing", ...FAST]);
    expect(down.code).toBe(2);
    expect(down.err).toContain("did not answer");
  });

  it("--json validates against the shipped schema and carries evidence, PoC and fix", async () => {
    const r = await run([...flags("cors-reflect-credentials"), "--json"]);
    const doc = JSON.parse(r.out);
    const schema = JSON.parse(readFileSync(resolve(__dirname, "../../schema/scan-report.schema.json"), "utf8"));
    const ajv = new Ajv({ allErrors: true, strict: false });
    expect(ajv.validate(schema, doc), ajv.errorsText()).toBe(true);
    const f = doc.targets[0].findings.find((x: { code: string }) => x.code === "reflected-origin");
    expect(f.severity).toBe("high");
    expect(f.evidence[0].request.headers).toContainEqual(["Origin", "https://corsproof-attacker.com"]);
    expect(f.evidence[0].request.headers).toContainEqual(["Cookie", "sid=lab-session"]);
    expect(f.poc).toContain('fetch("http://127.0.0.1:');
    expect(f.fix.policy).toEqual({ origin: ["https://app.example.com"], credentials: true });
  });

  it("--sarif validates against the official SARIF 2.1.0 schema", async () => {
    const r = await run([...flags("cors-reflect-credentials"), "--sarif"]);
    const log = JSON.parse(r.out);
    const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
    // The schema's language-tag pattern is not valid with the `u` flag ajv uses by default.
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    expect(ajv.validate(schema, log), ajv.errorsText()).toBe(true);
    expect(log.runs[0].results.map((x: { ruleId: string; level: string }) => `${x.level} ${x.ruleId}`)).toContain("error reflected-origin");
    // The schema is not vacuous: a result without a message is refused.
    delete log.runs[0].results[0].message;
    expect(ajv.validate(schema, log)).toBe(false);
  });

  it("--login-url collects the session cookie the site sets", async () => {
    const r = await run([
      lab.url("cors-reflect-credentials"),
      "--trusted-origin",
      "https://app.example.com",
      "--login-url",
      `http://127.0.0.1:${lab.port}/login`,
      "--address-space",
      "public",
      "--json",
      ...FAST,
    ]);
    const f = JSON.parse(r.out).targets[0].findings[0];
    expect(f.severity).toBe("high");
    expect(f.reason).toContain("SameSite=None; Secure");
  });

  it("shares check's network options: --resolve and --proxy", async () => {
    const common = ["--trusted-origin", "https://app.example.com", "--address-space", "public", "--methods", "GET", "--json", ...FAST];
    const resolved = await run([
      `http://api.example.test:${lab.port}/cors-reflect-credentials`,
      "--resolve",
      `api.example.test:${lab.port}:127.0.0.1`,
      ...common,
    ]);
    expect(resolved.code).toBe(1);
    expect(JSON.parse(resolved.out).targets[0].findings[0].code).toBe("reflected-origin");
    // The lab answers absolute-form requests, as a forward proxy receives them.
    const proxied = await run(["http://api.example.test/cors-reflect-credentials", "--proxy", `http://127.0.0.1:${lab.port}`, ...common]);
    expect(proxied.code).toBe(1);
    expect((await run([lab.url("cors-allowlist"), "--proxy", "ftp://x"])).code).toBe(2);
  });

  it("--targets reads a file and a terminal gets a progress line", async () => {
    const file = join(tmpdir(), `corsproof-targets-${process.pid}.txt`);
    writeFileSync(file, `# lab\n${lab.url("cors-allowlist")}\n${lab.url("cors-reflect-samesite-strict")}\n`);
    const r = await run(["--targets", file, ...labScanFlags(endpoint("cors-reflect-samesite-strict")), ...FAST], true);
    expect(r.code).toBe(0);
    expect(r.err).toContain("[1/2]");
    expect(r.err).toContain("[2/2]");
    expect(r.out).toContain("2 targets:");
  });
});
