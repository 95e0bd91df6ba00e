/**
 * The built-in shared-hosting suffixes (src/protocol/shared-hosting.ts) are suffixes of the Public
 * Suffix List's private section, and tell tenants apart when the full list is not loaded.
 */
import { parse } from "tldts";
import { describe, expect, it } from "vitest";
import { registrableDomain, sharedHostingSuffix, siteOf } from "../../src/policy/shared-hosting.js";
import { SHARED_HOSTING_SUFFIXES } from "../../src/protocol/shared-hosting.js";

describe("shared-hosting suffixes", () => {
  it("are each a private-section public suffix of the PSL (tldts), as the list's users expect", () => {
    for (const suffix of SHARED_HOSTING_SUFFIXES) {
      const p = parse(`someone.${suffix}`, { allowPrivateDomains: true });
      expect([p.publicSuffix, p.isPrivate], suffix).toEqual([suffix, true]);
      // With the full list (Node loads it), the policy agrees.
      expect(sharedHostingSuffix(`someone.${suffix}`), suffix).toBe(suffix);
      expect(registrableDomain(`a.someone.${suffix}`), suffix).toBe(`someone.${suffix}`);
    }
  });

  it("gives the registrable domain, or null for addresses and public suffixes themselves", () => {
    expect(siteOf("api.example.co.uk")).toBe("example.co.uk");
    expect(siteOf("vercel.app")).toBe(null);
    expect(siteOf("localhost")).toBe(null);
    expect(siteOf("203.0.113.7")).toBe(null);
    expect(siteOf("someone.github.io")).toBe("someone.github.io");
  });
});
