/**
 * The proof: every lab endpoint (real servers on loopback: cors, @fastify/cors, @koa/cors,
 * hand-written Express/Koa, nginx-style regexes) scanned over real sockets. Every vulnerable one
 * must be reported under its code (above info), and no safe one may get a finding above info.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ScanReport, scan } from "../../src/scanner/index.js";
import { LAB } from "./lab/endpoints.js";
import { labScanOptions } from "./lab/scan-options.js";
import { type Lab, startLab } from "./lab/server.js";

let lab: Lab;
const reports = new Map<string, ScanReport>();

beforeAll(async () => {
  lab = await startLab();
  await Promise.all(LAB.map(async (ep) => reports.set(ep.id, await scan([lab.url(ep.id)], { ...labScanOptions(ep), rate: 0, concurrency: 6 }))));
}, 120_000);
afterAll(() => lab?.close());

describe("scanner lab", () => {
  it("has at least 40 labelled endpoints, vulnerable and safe, on every stack", () => {
    expect(LAB.length).toBeGreaterThanOrEqual(40);
    expect(new Set(LAB.map((e) => e.id)).size).toBe(LAB.length);
    expect(new Set(LAB.map((e) => e.stack))).toEqual(new Set(["cors", "@fastify/cors", "@koa/cors", "express", "koa", "nginx-regex", "corsproof"]));
    expect(LAB.filter((e) => e.expect.length === 0).length).toBeGreaterThanOrEqual(15);
  });

  it.each(LAB.map((e) => [e.id, e] as const))("%s", (_id, ep) => {
    const target = reports.get(ep.id)!.targets[0]!;
    expect(target.error).toBeNull();
    expect(target.budgetExhausted).toBe(false);
    const flagged = target.findings.filter((f) => f.severity !== "info");
    const summary = flagged.map((f) => `${f.severity} ${f.code} ${f.origin} ${f.method}: ${f.reason}`);
    if (ep.expect.length === 0) expect(summary).toEqual([]);
    else
      for (const code of ep.expect)
        expect(
          flagged.map((f) => f.code),
          summary.join("\n"),
        ).toContain(code);
  });
});
