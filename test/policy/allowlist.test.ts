import { describe, expect, it } from "vitest";
import { CorsConfigError, matchesAllowlist } from "../../src/index.js";

describe("matchesAllowlist (allowlists answered at request time)", () => {
  it("matches exactly as the origin option would", () => {
    const list = ["https://app.example.com", "https://*.example.org", /^https:\/\/[a-z]+\.example\.net$/];
    expect(matchesAllowlist(list, "https://app.example.com")).toBe(true);
    expect(matchesAllowlist(list, "https://a.b.example.org")).toBe(true);
    expect(matchesAllowlist(list, "https://example.org")).toBe(false);
    expect(matchesAllowlist(list, "https://x.example.net")).toBe(true);
    expect(matchesAllowlist(list, "https://evil.example.com")).toBe(false);
    expect(matchesAllowlist("https://app.example.com", "https://app.example.com")).toBe(true);
    // A value that is not exactly a serialised origin never matches a pattern or a RegExp.
    expect(matchesAllowlist(list, "https://a.example.org, https://evil.example")).toBe(false);
  });

  it("refuses lists the origin option would refuse, with the same codes", () => {
    const codes = (value: unknown) => {
      try {
        matchesAllowlist(value as string, "https://a.example");
        return [];
      } catch (e) {
        expect(e).toBeInstanceOf(CorsConfigError);
        return (e as CorsConfigError).issues.map((i) => i.code);
      }
    };
    expect(codes("https://app.example.com/")).toContain("non-canonical-origin");
    expect(codes([])).toEqual(["empty-origin-list"]);
    expect(codes(42)).toEqual(["invalid-type"]);
    expect(codes(() => true)).toEqual(["invalid-type"]);
  });
});
