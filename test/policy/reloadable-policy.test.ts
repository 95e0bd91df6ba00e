import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import cors from "../../src/adapters/express.js";
import { type CorsDecision, CorsConfigError, createCorsPolicy, ReloadableCorsPolicy } from "../../src/index.js";
import { cachePredicate } from "../../src/policy/origin-cache.js";
import { listen, send } from "../support/http.js";

const A = "https://a.example.com";
const B = "https://b.example.com";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe("ReloadableCorsPolicy", () => {
  it("swaps the policy for new requests, over a real Express app", async () => {
    const policy = new ReloadableCorsPolicy({ origin: [A] });
    const app = express();
    app.use(cors(policy));
    app.get("/", (_req, res) => {
      res.send("ok");
    });
    const s = await listen(app);
    closers.push(s.close);
    expect((await send(s.url, "GET", { origin: B })).headers["access-control-allow-origin"]).toBeUndefined();
    policy.reconfigure({ origin: [A, B] });
    expect((await send(s.url, "GET", { origin: B })).headers["access-control-allow-origin"]).toBe(B);
  });

  it("keeps the old policy when the new configuration is invalid", () => {
    const policy = new ReloadableCorsPolicy({ origin: [A] });
    const before = policy.policy;
    expect(() => policy.reconfigure({ origin: "*", credentials: true })).toThrow(CorsConfigError);
    expect(policy.policy).toBe(before);
    expect((policy.decide("GET", A) as CorsDecision).allowed).toBe(true);
  });

  it("finishes an in-flight async decision on the policy it started with", async () => {
    let release: (v: boolean) => void = () => {};
    const policy = new ReloadableCorsPolicy({ origin: () => new Promise<boolean>((r) => (release = r)) });
    const pending = policy.decide("GET", A);
    policy.reconfigure({ origin: [B] });
    release(true);
    const d = await pending;
    expect(d.allowed).toBe(true);
    expect(d.headers).toEqual(["Access-Control-Allow-Origin", A]);
    expect((policy.decide("GET", A) as CorsDecision).allowed).toBe(false);
  });
});

describe("originCache", () => {
  it("calls an async origin function once per origin within the TTL, and shares concurrent lookups", async () => {
    let calls = 0;
    const policy = createCorsPolicy({
      origin: async (o) => {
        calls++;
        await new Promise((r) => setTimeout(r, 5));
        return o === A;
      },
      originCache: { max: 10, ttlMs: 60_000 },
    });
    const [x, y] = await Promise.all([policy.decide("GET", A), policy.decide("GET", A)]);
    expect(x.allowed && y.allowed).toBe(true);
    expect((policy.decide("GET", A) as CorsDecision).allowed).toBe(true);
    expect((await policy.decide("GET", B)).allowed).toBe(false);
    expect((policy.decide("GET", B) as CorsDecision).allowed).toBe(false);
    expect(calls).toBe(2);
  });

  it("expires verdicts after the TTL and evicts the oldest beyond max", () => {
    let t = 0;
    const asked: string[] = [];
    const cached = cachePredicate(
      (o) => {
        asked.push(o);
        return true;
      },
      { max: 2, ttlMs: 100 },
      () => t,
    );
    cached("o1");
    cached("o1");
    t = 150;
    cached("o1");
    cached("o2");
    cached("o3");
    cached("o1");
    expect(asked).toEqual(["o1", "o1", "o2", "o3", "o1"]);
  });

  it("does not cache failures", async () => {
    let calls = 0;
    const policy = createCorsPolicy({
      origin: async () => {
        calls++;
        if (calls === 1) throw new Error("db down");
        return true;
      },
      originCache: { max: 10, ttlMs: 60_000 },
    });
    expect((await policy.decide("GET", A)).allowed).toBe(false);
    expect((await policy.decide("GET", A)).allowed).toBe(true);
  });

  it("is refused without an origin function or with bad bounds", () => {
    expect(() => createCorsPolicy({ origin: [A], originCache: { max: 10, ttlMs: 1000 } })).toThrow(/only applies when origin is a function/);
    expect(() => createCorsPolicy({ origin: () => true, originCache: { max: 0, ttlMs: 1000 } })).toThrow(/invalid-origin-cache/);
  });
});
