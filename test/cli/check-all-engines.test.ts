/**
 * `check --browser all` against a real node:http server: each engine's verdict, and the sentence
 * naming where they disagree (client hints are safelisted in Chromium only, so `DPR` preflights in
 * Firefox and WebKit, and this server answers no Access-Control-Allow-Headers).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureIo } from "./capture-io.js";

const ORIGIN = "https://app.example.com";

describe("check --browser all", () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.writeHead(req.method === "OPTIONS" ? 204 : 200, { "Access-Control-Allow-Origin": ORIGIN });
      res.end("x");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(() => server.close());

  it("says allowed in Chromium, blocked in Firefox and WebKit, and why", async () => {
    const io = captureIo();
    const code = await main(["check", url, "--origin", ORIGIN, "-H", "DPR: 2", "--browser", "all"], io);
    expect(code).toBe(1);
    expect(io.out()).toContain("Chromium (chromium@156): allowed\n");
    expect(io.out()).toContain("Firefox (firefox@153): blocked, after a preflight\n");
    expect(io.out()).toContain(
      "  - allowed in Chromium, blocked in Firefox because header ‘dpr’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response\n",
    );
    expect(io.out()).toContain("  - Firefox sends a preflight, Chromium does not\n");
    expect(io.out()).toContain("WebKit (webkit@2.50): blocked, after a preflight\n");
    expect(io.out()).toContain("  - allowed in Chromium, blocked in WebKit because Request header field DPR is not allowed by Access-Control-Allow-Headers.\n");
    expect(io.out()).toContain("  - WebKit sends a preflight, Chromium does not\n");
  });

  it("says the engines agree, and exits 0, when both allow", async () => {
    const io = captureIo();
    expect(await main(["check", url, "--origin", ORIGIN, "--browser", "all"], io)).toBe(0);
    expect(io.out()).toContain("The engines agree on this server.\n");
  });

  it("prints every engine and the disagreements as JSON", async () => {
    const io = captureIo();
    await main(["check", url, "--origin", ORIGIN, "-H", "DPR: 2", "--browser", "all", "--json"], io);
    const json = JSON.parse(io.out()) as { allowed: boolean; engines: { browser: string; allowed: boolean }[]; disagreements: string[] };
    expect(json.allowed).toBe(false);
    expect(json.engines.map((e) => `${e.browser} ${e.allowed}`)).toEqual(["chromium@156 true", "firefox@153 false", "webkit@2.50 false"]);
    expect(json.disagreements).toHaveLength(4);
  });
});
