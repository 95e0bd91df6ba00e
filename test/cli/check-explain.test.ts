import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/cli/commands/serve.js";
import { main } from "../../src/cli/main.js";
import { listen } from "../support/http.js";
import { captureIo } from "./capture-io.js";

const APP = "https://app.example.com";
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({
    policy: { origin: [APP], credentials: true, methods: ["GET", "PUT"], allowedHeaders: ["Content-Type"], exposedHeaders: ["X-Total-Count"] },
    host: "127.0.0.1",
    port: 0,
  });
});
afterAll(async () => {
  await server.close();
});

/**
 * The test server is on loopback and the page origins are public names: Chromium would ask the
 * user (Local Network Access) first. These tests are about CORS, so the user said yes.
 */
const LNA_GRANTED = ["--local-network-access", "granted"];

async function checkJson(argv: string[]) {
  const io = captureIo();
  const code = await main(["check", ...argv, ...LNA_GRANTED, "--json"], io);
  return { code, json: JSON.parse(io.out()) as Record<string, unknown>, io };
}

describe("corsproof check", () => {
  it("allowed: a preflighted JSON PUT, exit 0, JSON contract", async () => {
    const { code, json } = await checkJson([
      `${server.url}/api/items/1`,
      "--origin",
      APP,
      "-X",
      "PUT",
      "-H",
      "Content-Type: application/json",
      "--data",
      '{"name":"x"}',
    ]);
    expect(code).toBe(0);
    expect(json.allowed).toBe(true);
    expect(json.message).toBeNull();
    const preflight = json.preflight as { request: { method: string; headers: [string, string][] }; response: { status: number } };
    expect(preflight.request.method).toBe("OPTIONS");
    expect(preflight.request.headers).toContainEqual(["Access-Control-Request-Method", "PUT"]);
    expect(preflight.request.headers).toContainEqual(["Access-Control-Request-Headers", "content-type"]);
    expect(preflight.response.status).toBe(204);
    expect(json.exposedHeaders).toEqual(expect.arrayContaining(["content-type"]));
    expect((json.trace as unknown[]).length).toBe(2);
  });

  it("allowed simple GET reads exposed headers, no preflight", async () => {
    const { code, json } = await checkJson([`${server.url}/api/items`, "--origin", APP]);
    expect(code).toBe(0);
    expect(json.preflight).toBeNull();
    expect(json.exposedHeaders).toContain("x-total-count");
  });

  it("blocked: exit 1, Chromium's console message verbatim, and the fix", async () => {
    const { code, json } = await checkJson([`${server.url}/api/items`, "--origin", "https://evil.example", "--credentials", "include"]);
    expect(code).toBe(1);
    expect(json.allowed).toBe(false);
    expect(json.message).toBe(
      `Access to fetch at '${server.url}/api/items' from origin 'https://evil.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    );
    expect(json.exposedHeaders).toEqual([]);
    const fix = json.fix as { headers: { actual: [string, string][] }; snippet: string };
    expect(fix.headers.actual).toEqual([
      ["Access-Control-Allow-Origin", "https://evil.example"],
      ["Access-Control-Allow-Credentials", "true"],
    ]);
    expect(fix.snippet).toContain("corsproof/node");
  });

  it("blocked preflight: a method the policy refuses", async () => {
    const io = captureIo();
    expect(await main(["check", `${server.url}/api/items/1`, "--origin", APP, "-X", "DELETE", ...LNA_GRANTED], io)).toBe(1);
    expect(io.out()).toContain("BLOCKED");
    expect(io.out()).toContain("Response to preflight request doesn't pass access control check");
    expect(io.out()).toContain("Access-Control-Allow-Methods: DELETE");
    expect(io.out()).not.toContain("\u001b[");
  });

  it("colours a TTY unless NO_COLOR is set", async () => {
    const tty = captureIo({}, true);
    await main(["check", `${server.url}/api/items`, "--origin", APP, ...LNA_GRANTED], tty);
    expect(tty.out()).toContain("\u001b[32m");
    const noColor = captureIo({ NO_COLOR: "1" }, true);
    await main(["check", `${server.url}/api/items`, "--origin", APP, ...LNA_GRANTED], noColor);
    expect(noColor.out()).not.toContain("\u001b[");
  });

  it("network error: exit 2 and one line on stderr", async () => {
    const closed = await listen((_req, res) => res.end());
    await closed.close();
    const io = captureIo();
    expect(await main(["check", `${closed.url}/x`, "--origin", APP, "--timeout", "2000"], io)).toBe(2);
    expect(io.err()).toMatch(/^corsproof check: network error reaching/);
    expect(io.err().trim().split("\n")).toHaveLength(1);
  });

  it("detects Express and suggests corsproof/express", async () => {
    const app = express();
    app.get("/x", (_req, res) => {
      res.json({});
    });
    const s = await listen(app);
    try {
      const { code, json } = await checkJson([`${s.url}/x`, "--origin", APP]);
      expect(code).toBe(1);
      expect((json.fix as { framework: string; snippet: string }).snippet).toContain('require("corsproof/express")');
    } finally {
      await s.close();
    }
  });
});

describe("corsproof explain", () => {
  it("says why a request preflights and what the server must send (JSON)", async () => {
    const io = captureIo();
    const code = await main(
      [
        "explain",
        "https://api.example.com/items",
        "--origin",
        APP,
        "-X",
        "PUT",
        "-H",
        "Content-Type: application/json",
        "-H",
        "Authorization: Bearer t",
        "--json",
      ],
      io,
    );
    expect(code).toBe(0);
    const e = JSON.parse(io.out()) as {
      preflight: { needed: boolean; reasons: { text: string }[]; request: { headers: [string, string][] } };
      required: { preflight: [string, string][] };
      corsproof: Record<string, unknown>;
    };
    expect(e.preflight.needed).toBe(true);
    expect(e.preflight.reasons.map((r) => r.text)).toEqual([
      "method PUT is not a CORS-safelisted method (GET, HEAD, POST)",
      expect.stringContaining("header content-type"),
      "header authorization is not a CORS-safelisted request header",
    ]);
    expect(e.preflight.request.headers).toContainEqual(["Access-Control-Request-Headers", "authorization,content-type"]);
    expect(e.required.preflight).toContainEqual(["Access-Control-Allow-Methods", "PUT"]);
    expect(e.corsproof).toEqual({ origin: [APP], methods: ["PUT"], allowedHeaders: ["authorization", "content-type"] });
  });

  it("a simple request does not preflight", async () => {
    const io = captureIo();
    expect(await main(["explain", "https://api.example.com/items", "--origin", APP, "-X", "POST", "--data", "a=1", "--data-type", "urlencoded"], io)).toBe(0);
    expect(io.out()).toContain("Preflight: no");
  });

  it("a request fetch() refuses to build exits 2 (a usage error) with the TypeError", async () => {
    const io = captureIo();
    expect(await main(["explain", "https://api.example.com/items", "--origin", APP, "--data", "x"], io)).toBe(2);
    expect(io.err()).toMatch(/TypeError: .*GET\/HEAD/);
  });
});
