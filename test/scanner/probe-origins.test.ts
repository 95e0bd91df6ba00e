/** Probe origins: derived from every trusted origin, only browser-sendable ones, tagged and PSL-judged. */
import { parse } from "tldts";
import { describe, expect, it } from "vitest";
import { isSerializedOrigin } from "../../src/protocol/origin.js";
import { auditOriginFunction } from "../../src/index.js";
import { parseTrustedOrigins, probeOrigins, SHARED_HOSTING_SUFFIXES, TrustedOriginError } from "../../src/scanner/index.js";

const probesFor = (...trusted: string[]) => probeOrigins(parseTrustedOrigins(trusted));
const byCode = (...trusted: string[]) => {
  const out: Record<string, string[]> = {};
  for (const p of probesFor(...trusted)) out[p.code] = [...(out[p.code] ?? []), p.origin];
  return out;
};

describe("probe origins", () => {
  it("derives every class from the trusted origin, not from the target's host", () => {
    expect(byCode("https://app.example.com")).toMatchObject({
      "reflected-origin": ["https://corsproof-attacker.com"],
      "ip-origin": ["http://203.0.113.7:8081"],
      "null-origin": ["null"],
      "prefix-match": ["https://app.example.com.corsproof-attacker.com"],
      "suffix-match": ["https://corsproofattackerexample.com"],
      "substring-match": ["https://app.example.co", "https://xample.com"],
      "unescaped-dot": ["https://appxexample.com"],
      "insecure-origin": ["http://app.example.com"],
      "other-port": ["https://app.example.com:4443"],
      "any-subdomain": ["https://corsprobe.example.com", "https://corsprobe.app.example.com"],
    });
  });

  it("tries every unescaped-dot position that gives a name an attacker can register", () => {
    expect(byCode("https://api.eu.example.co.uk")["unescaped-dot"]).toEqual(["https://api.euxexample.co.uk", "https://api.eu.examplexco.uk"]);
  });

  it("only sends origins a browser can send, tagged with the browsers that send them", () => {
    const probes = probesFor("https://app.example.com", "http://localhost:3000", "https://*.example.org");
    for (const p of probes) {
      if (p.origin === "null") continue;
      // A serialised origin (special host characters aside, which our strict origin grammar refuses).
      if (p.code !== "special-char-host") expect(isSerializedOrigin(p.origin), p.origin).toBe(true);
      expect(new URL(p.origin).origin).toBe(p.origin);
      expect(p.browsers.length).toBeGreaterThan(0);
    }
    const special = probes.filter((p) => p.code === "special-char-host" && p.from === "https://app.example.com");
    expect(special.find((p) => p.origin.includes("_."))?.browsers).toEqual(["chromium", "firefox", "safari"]);
    expect(special.filter((p) => !p.origin.includes("_.")).every((p) => p.browsers.join() === "chromium,safari")).toBe(true);
  });

  it("never probes an origin the site trusts, patterns included", () => {
    const origins = probesFor("https://app.example.com", "https://*.example.com").map((p) => p.origin);
    expect(origins).not.toContain("https://corsprobe.example.com");
    expect(origins).not.toContain("https://app.example.com");
    expect(origins).toContain("https://app.example.com.corsproof-attacker.com");
  });

  it("judges who can own each origin with the Public Suffix List (private section included)", () => {
    for (const suffix of SHARED_HOSTING_SUFFIXES) expect(parse(`x.${suffix}`, { allowPrivateDomains: true }).publicSuffix, suffix).toBe(suffix);
    const probes = probesFor("https://myapp.vercel.app");
    expect(probes.find((p) => p.origin === "https://corsproofattacker.vercel.app")).toMatchObject({ code: "shared-hosting", attacker: "registrable" });
    expect(probes.find((p) => p.code === "any-subdomain")?.attacker).toBe("site-foothold");
    expect(probes.find((p) => p.code === "insecure-origin")?.attacker).toBe("network");
  });

  it("adds http: attacker pages for an http: target that https: pages cannot fetch (mixed content)", () => {
    const probes = probeOrigins(parseTrustedOrigins(["https://app.example.com"]), { insecureTarget: true });
    expect(probes.find((p) => p.origin === "http://corsproof-attacker.com")?.code).toBe("reflected-origin");
    expect(probes.find((p) => p.origin === "http://app.example.com.corsproof-attacker.com")?.code).toBe("prefix-match");
    expect(probes.filter((p) => p.origin.startsWith("http://corsprobe."))).toEqual([]);
  });

  it("refuses trusted origins a browser never sends, with the fix", () => {
    expect(() => parseTrustedOrigins(["https://app.example.com/"])).toThrow(TrustedOriginError);
    expect(() => parseTrustedOrigins(["https://*"])).toThrow(/pattern/);
  });

  it("are the origins corsproof audit calls an origin function with, for the same seed", async () => {
    for (const seed of ["https://app.example.com", "https://myapp.vercel.app", "http://localhost:3000", "https://api.eu.example.co.uk:8443"]) {
      const asked = new Set<string>();
      // The function names no origin in its text, so the audit's only seed is the one it is given.
      await auditOriginFunction(
        (o) => {
          asked.add(o);
          return false;
        },
        { origins: [seed] },
      );
      const probed = new Set(probesFor(seed).map((p) => p.origin));
      expect(
        [...probed].filter((o) => !asked.has(o)),
        seed,
      ).toEqual([]);
      // The one difference: the scanner's PSL (tldts) knows that a name under a top-level domain
      // that does not exist ('myapp.vercel.ap') is nobody's, and saves the request; the audit's
      // lookup reads it as registrable and calls the function once more.
      for (const extra of [...asked].filter((o) => !probed.has(o))) {
        expect(parse(new URL(extra).hostname).isIcann, extra).toBe(false);
      }
    }
  });

  it("are seeded by origins the server reveals as well as by the trusted ones", () => {
    const origins = probeOrigins(parseTrustedOrigins(["https://api.example.net"]), { revealed: ["https://app.example.com"] }).map((p) => p.origin);
    expect(origins).toContain("https://api.example.net.corsproof-attacker.com");
    expect(origins).toContain("https://app.example.com.corsproof-attacker.com");
    expect(origins).toContain("https://app.example.com:4443");
  });
});
