import { describe, expect, it } from "vitest";
import { type CorsDecision, createCorsPolicy } from "../../src/index.js";
import { behaviourTable } from "../tables/cors-behaviour.js";
import { assertRow } from "../support/assert-row.js";

/** The headers an adapter writes for the decision onto an empty response (the precomputed head). */
function headerMap(d: CorsDecision): Record<string, string> {
  const out: Record<string, string> = {};
  const end = d.endPreflight ? d.head.length : d.headers.length + (d.vary === "" ? 0 : 2);
  for (let i = 0; i < end; i += 2) out[(d.head[i] as string).toLowerCase()] = d.head[i + 1] as string;
  return out;
}

describe("policy engine: behaviour table", () => {
  for (const row of behaviourTable) {
    it(row.name, async () => {
      const policy = createCorsPolicy(row.options);
      const h = row.request.headers;
      const d = await policy.decide(
        row.request.method,
        h.origin,
        h["access-control-request-method"],
        h["access-control-request-headers"],
        h["access-control-request-private-network"],
      );
      expect(d.allowed).toBe(row.expect.allowed);
      assertRow(row, { handled: d.endPreflight, status: d.status, headers: headerMap(d), body: d.body });
    });
  }
});

describe("policy engine: decisions", () => {
  it("returns the same frozen decision for repeated exact-origin requests", () => {
    const policy = createCorsPolicy({ origin: ["https://a.example.com"] });
    const a = policy.decide("GET", "https://a.example.com");
    expect(a).toBe(policy.decide("GET", "https://a.example.com"));
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(policy)).toBe(true);
  });

  it("is synchronous unless an async predicate is configured", () => {
    expect(createCorsPolicy({ origin: "*" }).async).toBe(false);
    expect(createCorsPolicy({ origin: async () => true }).async).toBe(true);
  });

  it("never throws on malformed input", () => {
    const policy = createCorsPolicy({ origin: ["https://a.example.com", "https://*.b.example.com", /^https:\/\/c\.example\.com$/], allowedHeaders: ["x-a"] });
    for (const origin of [
      "",
      "\r\n",
      "https://",
      "https://[",
      "https://[::1",
      "x://y:99999",
      "\u0000",
      "https://a.example.com:",
      "é://x",
      "https://.b.example.com",
    ]) {
      expect(() => policy.decide("OPTIONS", origin, "PUT\r\n", "x-a,\r\nx", "true")).not.toThrow();
      expect((policy.decide("GET", origin) as CorsDecision).allowed).toBe(false);
    }
  });

  it("memoises echoed preflights per requested value, within bounds", () => {
    const policy = createCorsPolicy({ origin: ["https://a.example.com"], credentials: true });
    const first = policy.decide("OPTIONS", "https://a.example.com", "PUT", "content-type,x-a") as CorsDecision;
    expect(policy.decide("OPTIONS", "https://a.example.com", "PUT", "content-type,x-a")).toBe(first);
    const other = policy.decide("OPTIONS", "https://a.example.com", "PUT", "x-b") as CorsDecision;
    expect(other.headers).toContain("x-b");
    expect(first.headers).toContain("content-type,x-a");
    for (let i = 0; i < 100; i++) expect((policy.decide("OPTIONS", "https://a.example.com", "PUT", `x-${i}`) as CorsDecision).headers).toContain(`x-${i}`);
  });

  it("builds pattern decisions once and keeps serving them", () => {
    const policy = createCorsPolicy({ origin: ["https://*.example.com"] });
    const a = policy.decide("GET", "https://x.example.com");
    expect(a).toBe(policy.decide("GET", "https://x.example.com"));
  });
});
