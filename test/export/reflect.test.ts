/**
 * `origin: true` at the edge: the ordered regex rules the targets compile (classify.ts) decide
 * exactly what the engine's isSerializedOrigin decides, on values near every shape a browser sends
 * (names, IPv4, IPv6 compressed and not, ports, schemes, lengths). The proxies themselves run the
 * same rules in the differential test; this checks the rules alone, fast and on many more values.
 */
import { describe, expect, it } from "vitest";
import { originRules } from "../../src/export/classify.js";
import { compileEdgePolicy } from "../../src/export/edge-policy.js";
import { isSerializedOrigin } from "../../src/protocol/origin.js";
import { prng } from "../support/prng.js";
import { anyOriginLike } from "./support/generate.js";

const rules = originRules(compileEdgePolicy({ origin: true }, "nginx")).map((r) => ({ re: new RegExp(r.regex), allow: r.allow }));

/** First match decides; no match denies. */
function allowedByRules(origin: string): boolean {
  for (const r of rules) if (r.re.test(origin)) return r.allow;
  return false;
}

describe("origin: true as regex rules", () => {
  it("agrees with isSerializedOrigin on generated values", () => {
    const r = prng(20261130);
    let allowed = 0;
    for (let i = 0; i < 20_000; i++) {
      const origin = anyOriginLike(r);
      expect(allowedByRules(origin), origin).toBe(isSerializedOrigin(origin));
      if (isSerializedOrigin(origin)) allowed++;
    }
    // Both verdicts are well represented, or a broken half could hide.
    expect(allowed).toBeGreaterThan(4000);
    expect(allowed).toBeLessThan(16_000);
  });

  it("allows every canonical IPv6 shape and denies its non-canonical spellings", () => {
    for (let bits = 0; bits < 256; bits++) {
      const pieces = Array.from({ length: 8 }, (_, i) => ((bits >> i) & 1 ? "a1" : "0"));
      const canonical = `http://${new URL(`http://[${pieces.join(":")}]`).hostname}:8080`;
      expect(allowedByRules(canonical), canonical).toBe(true);
      const uncompressed = `http://[${pieces.join(":")}]:8080`;
      expect(allowedByRules(uncompressed), uncompressed).toBe(uncompressed === canonical);
    }
  });

  it.each([
    ["https://app.example.com", true],
    ["https://app.example.com.", true],
    ["http://127.0.0.1:8080", true],
    ["http://[::1]:3000", true],
    ["chrome-extension://abcdefghijklmnop", true],
    ["null", false],
    ["https://APP.example.com", false],
    ["https://app.example.com:443", false],
    ["https://app.example.com/", false],
    ["http://127.000.0.1", false],
    ["http://1.2.3.4.", false],
    ["http://example.0x1", false],
    ["http://[::FFFF:7f00:1]", false],
    [`https://${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`, true],
    [`https://${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}.`, true],
    [`https://${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`, false],
    // 64-byte scheme, 253-byte host, trailing dot, 5-digit port: one byte over MAX_ORIGIN_LENGTH.
    [`${"x".repeat(64)}://${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}.:65535`, false],
    [`${"x".repeat(64)}://${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}:65535`, true],
  ])("%s: %s", (origin, expected) => {
    expect(isSerializedOrigin(origin)).toBe(expected);
    expect(allowedByRules(origin)).toBe(expected);
  });
});
