/**
 * A policy made by one build of corsproof is accepted by the adapters of the other (ESM and CommonJS
 * each have their own classes: a Symbol.for brand, not instanceof), and misuse gets messages that
 * name what was written.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const ORIGIN = "https://app.example.com";

describe("policies across the ESM and CommonJS builds", () => {
  it("an ESM policy drives the CJS adapters and a CJS policy the ESM ones", async () => {
    const esm = await import("../../dist/index.js");
    const cjs = require("../../dist/index.cjs") as typeof esm;
    const cjsFetch = require("../../dist/fetch.cjs") as typeof import("../../dist/fetch.js");
    const esmFetch = await import("../../dist/fetch.js");
    const cjsExpress = require("../../dist/express.cjs") as typeof import("../../dist/express.js")["default"];
    for (const [policy, withCors] of [
      [esm.createCorsPolicy({ origin: [ORIGIN] }), cjsFetch.withCors],
      [new cjs.ReloadableCorsPolicy({ origin: [ORIGIN] }), esmFetch.withCors],
    ] as const) {
      expect(policy instanceof esm.CorsPolicy && policy instanceof cjs.CorsPolicy).toBe(false);
      const handler = withCors(() => new Response("ok"), policy);
      const res = await handler(new Request("https://api.example.com/", { headers: { Origin: ORIGIN } }));
      expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    }
    expect(typeof cjsExpress(esm.createCorsPolicy({ origin: [ORIGIN] }))).toBe("function");
    expect(cjs.isCorsPolicy(esm.createCorsPolicy({ origin: [ORIGIN] }))).toBe(true);
    expect(esm.isCorsPolicy({ decide() {} })).toBe(false);
  });
});

describe("messages that name what was written", () => {
  it("withCors(options, handler) says the arguments are swapped", async () => {
    const { withCors: nodeWithCors } = await import("../../src/adapters/node.js");
    const { withCors: fetchWithCors } = await import("../../src/adapters/fetch.js");
    const swapped = "withCors(handler, options): the handler comes first, the options second; the arguments look swapped. Write withCors(handler, options).";
    expect(() => nodeWithCors({ origin: ORIGIN } as never, (() => {}) as never)).toThrow(swapped);
    expect(() => fetchWithCors({ origin: ORIGIN } as never, (() => new Response()) as never)).toThrow(swapped);
    expect(() => fetchWithCors(undefined as never, { origin: ORIGIN })).toThrow("withCors(handler, options): handler must be a function, not undefined.");
  });

  it("origin: null is named null, not object", async () => {
    const { createCorsPolicy } = await import("../../src/index.js");
    expect(() => createCorsPolicy({ origin: null as never })).toThrow(/origin has an unsupported type \(null\)\. Fix: Use false to turn CORS off/);
    expect(() => createCorsPolicy({ origin: [null as never] })).toThrow(/must be strings or RegExps, not null/);
  });
});
