/**
 * "Only origins a browser can actually send": real headless Chromium loads a page at every probe
 * origin's host (all names resolved to 127.0.0.1) and sends a cross-origin fetch from it: a probe
 * is tagged `chromium` exactly when it arrives as that Origin. Hosts under HSTS-preloaded TLDs
 * (.app, .dev) are skipped: Chromium upgrades them to https, which this plain-HTTP server cannot
 * answer; their names are plain letters, digits and dots like the hosts that are checked.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTrustedOrigins, probeOrigins } from "../../src/scanner/index.js";
import { CHROMIUM_FLAGS, CHROMIUM_PATH, chromiumAvailable } from "../browser/support/chromium.js";

const available = chromiumAvailable();
let server: Server;
let port = 0;
let context: BrowserContext;
let profileDir = "";
const received: string[] = [];

beforeAll(async () => {
  if (!available) return;
  server = createServer((req, res) => {
    if (req.url === "/echo") {
      received.push(req.headers.origin ?? "(none)");
      res.writeHead(200, { "Access-Control-Allow-Origin": "*" }).end();
    } else res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>probe</title>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  profileDir = mkdtempSync(join(tmpdir(), "corsproof-chromium-"));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_FLAGS, "--host-resolver-rules=MAP * 127.0.0.1"],
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  server?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

/** The Origin Chromium sends from a page at `http://<host>:<port>`, or null when it cannot load one there. */
async function originSentFrom(host: string): Promise<string | null> {
  const page = await context.newPage();
  try {
    await page.goto(`http://${host}:${port}/page`, { timeout: 5000 });
    const before = received.length;
    await page.evaluate(async (url) => void (await fetch(url, { method: "POST", body: "x" })), `http://127.0.0.1:${port}/echo`);
    return received.length > before ? received[received.length - 1]! : null;
  } catch {
    return null;
  } finally {
    await page.close();
  }
}

describe.skipIf(!available)("probe origins in real Chromium", () => {
  it("every probe tagged chromium is sent by Chromium exactly, and only those", async () => {
    const probes = probeOrigins(parseTrustedOrigins(["https://app.example.com"])).filter((p) => p.origin !== "null" && !/\.(app|dev)$/.test(p.origin));
    expect(probes.length).toBeGreaterThan(20);
    const wrong: string[] = [];
    for (const p of probes) {
      const host = p.origin.slice(p.origin.indexOf("://") + 3).replace(/:\d+$/, "");
      const sent = await originSentFrom(host);
      const expected = `http://${host}:${port}`;
      const sends = sent === expected;
      if (sends !== p.browsers.includes("chromium")) wrong.push(`${p.origin} tagged ${p.browsers.join("/")}: Chromium sent ${sent ?? "nothing"}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
