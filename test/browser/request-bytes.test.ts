/**
 * The pieces of Chromium's request bytes that the conformance suite exercises only through real
 * Chromium: Range rewriting by the HTTP cache, referrer policies, Sec-Fetch-Site by the Public
 * Suffix List, per-release profiles, and the proxy choice from the environment.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { profiles } from "../../src/browser/index.js";
import { isSimpleRangeValue } from "../../src/browser/needs-preflight.js";
import { chromium, chromium150, chromiumProfile, firefox, firefoxProfile, webkit, webkitProfile } from "../../src/browser/profiles.js";
import { referrerFor } from "../../src/browser/referrer-policy.js";
import { cacheRewrittenRange, requestHeaderBlock } from "../../src/browser/request-bytes.js";
import { loadSuffixListFor, secFetchSite } from "../../src/browser/site.js";
import { proxyFromEnv } from "../../src/browser/transports/http.js";

describe("Range as //net's HTTP cache rewrites it (observed on 150 and 156)", () => {
  it("re-serialises one valid byte range and leaves anything else alone", () => {
    expect(cacheRewrittenRange("BYTES = +0-+5")).toBe("bytes=0-5");
    expect(cacheRewrittenRange("bytes=5-")).toBe("bytes=5-");
    expect(cacheRewrittenRange("bytes=-5")).toBe("bytes=-5");
    expect(cacheRewrittenRange("bytes=-0")).toBeNull();
    expect(cacheRewrittenRange("bytes=5-1")).toBeNull();
    expect(cacheRewrittenRange("bytes=0-1,3-4")).toBeNull();
    expect(cacheRewrittenRange("items=0-1")).toBeNull();
    expect(cacheRewrittenRange(`bytes=${"9".repeat(20)}-`)).toBeNull();
  });
});

describe("Range safelist per release", () => {
  it("Chromium 150 accepts an upper-case unit and + signs; 156 and Fetch do not", () => {
    for (const v of ["BYTES=0-1", "bytes=+5-", "bytes=0-+5", "Bytes=0-1"]) {
      expect(isSimpleRangeValue(v, chromium150.rangeSafelist)).toBe(true);
      expect(isSimpleRangeValue(v, chromium.rangeSafelist)).toBe(false);
    }
    for (const v of ["bytes=-5", "bytes = 0-1", "bytes=5-1", "bytes=0-1,3-4"]) expect(isSimpleRangeValue(v, chromium150.rangeSafelist)).toBe(false);
  });

  it("picks a release's own profile, else the nearest one's rules with the release's own identity", () => {
    expect(chromiumProfile(150)).toEqual({ profile: chromium150, exact: true, nearest: chromium150 });
    expect(chromiumProfile(156)).toEqual({ profile: chromium, exact: true, nearest: chromium });
    const unprofiled = chromiumProfile(153);
    expect(unprofiled.exact).toBe(false);
    expect(unprofiled.profile).toMatchObject({ name: "chromium@153 (rules of chromium@156)", rangeSafelist: chromium.rangeSafelist });
    expect(unprofiled.nearest).toBe(chromium);
    // The GREASE brand by the formula: Chrome 120 announced the same "Not_A Brand" (120 % 11 = 153 % 11).
    expect(unprofiled.profile.wire).toMatchObject({ secChUa: '"Not_A Brand";v="8", "Chromium";v="153"' });
    expect(chromiumProfile(149).profile.rangeSafelist).toBe(chromium150.rangeSafelist);
    expect(chromiumProfile(170).profile.name).toBe("chromium@170 (rules of chromium@156)");
  });

  it("picks a Firefox ESR release's own profile, else the nearest", () => {
    expect(firefoxProfile(153)).toEqual({ profile: firefox, exact: true, nearest: firefox });
    expect(firefoxProfile(140)).toEqual({ profile: firefox, exact: false, nearest: firefox });
    expect(profiles["firefox@153"]).toBe(firefox);
  });

  it("picks a WebKitGTK release's own profile, else the nearest", () => {
    expect(webkitProfile(2, 50)).toEqual({ profile: webkit, exact: true, nearest: webkit });
    expect(webkitProfile(2, 48)).toEqual({ profile: webkit, exact: false, nearest: webkit });
    expect(profiles["webkit@2.50"]).toBe(webkit);
  });

  it("announces each release's GREASE brand (observed on both)", () => {
    expect(chromium.wire?.secChUa).toBe('"Not:A-Brand";v="8", "Chromium";v="156"');
    expect(chromium150.wire?.secChUa).toBe('"Not;A=Brand";v="8", "Chromium";v="150"');
  });
});

describe("Referer under each referrer policy", () => {
  const page = new URL("https://app.example.com/a/b?q=1#frag");
  const same = new URL("https://app.example.com/api");
  const cross = new URL("https://api.example.com/x");
  const down = new URL("http://api.example.com/x");
  it.each([
    ["strict-origin-when-cross-origin", "https://app.example.com/a/b?q=1", "https://app.example.com/", null],
    ["no-referrer", null, null, null],
    ["unsafe-url", "https://app.example.com/a/b?q=1", "https://app.example.com/a/b?q=1", "https://app.example.com/a/b?q=1"],
    ["origin", "https://app.example.com/", "https://app.example.com/", "https://app.example.com/"],
    ["same-origin", "https://app.example.com/a/b?q=1", null, null],
    ["strict-origin", "https://app.example.com/", "https://app.example.com/", null],
    ["no-referrer-when-downgrade", "https://app.example.com/a/b?q=1", "https://app.example.com/a/b?q=1", null],
    ["origin-when-cross-origin", "https://app.example.com/a/b?q=1", "https://app.example.com/", "https://app.example.com/"],
  ] as const)("%s", (policy, toSame, toCross, toHttp) => {
    expect(referrerFor(page, same, policy)).toBe(toSame);
    expect(referrerFor(page, cross, policy)).toBe(toCross);
    expect(referrerFor(page, down, policy)).toBe(toHttp);
  });

  it("an http page on loopback still sends its referrer to a non-trustworthy http URL (Chromium tests the scheme)", () => {
    expect(referrerFor(new URL("http://127.0.0.1:5173/"), new URL("http://api.test/x"), "strict-origin-when-cross-origin")).toBe("http://127.0.0.1:5173/");
  });
});

describe("Sec-Fetch-Site by the Public Suffix List", () => {
  beforeAll(() => loadSuffixListFor([new URL("https://example.com")]));

  it("compares scheme and registrable domain, private registries included, ports ignored", () => {
    expect(secFetchSite("https://app.example.com", [new URL("https://app.example.com:443/x")])).toBe("same-origin");
    expect(secFetchSite("https://app.example.com", [new URL("https://api.example.com/x")])).toBe("same-site");
    expect(secFetchSite("https://app.example.com", [new URL("http://api.example.com/x")])).toBe("cross-site");
    expect(secFetchSite("https://a.github.io", [new URL("https://b.github.io/x")])).toBe("cross-site");
    expect(secFetchSite("https://a.example.co.uk", [new URL("https://b.example.co.uk/x")])).toBe("same-site");
    expect(secFetchSite("http://127.0.0.1:3000", [new URL("http://127.0.0.1:4000/x")])).toBe("same-site");
    expect(secFetchSite("http://127.0.0.1:3000", [new URL("http://localhost:3000/x")])).toBe("cross-site");
    expect(secFetchSite("null", [new URL("https://app.example.com/x")])).toBe("cross-site");
  });

  it("takes the least related URL of the chain", () => {
    const chain = [new URL("https://evil.test/r"), new URL("https://app.example.com/x")];
    expect(secFetchSite("https://app.example.com", chain)).toBe("cross-site");
  });
});

describe("the header block", () => {
  const base = {
    mapOrder: ["user-agent"],
    headers: [],
    origin: null,
    mode: "cors",
    credentials: "omit",
    secFetchSite: "cross-site",
    referrer: "http://127.0.0.1:5173/",
    bodyLength: undefined,
    cookie: null,
    validateCache: false,
  } as const;

  it("a preflight to a URL that is not potentially trustworthy keeps only Sec-Fetch-Mode and offers no br/zstd", () => {
    const lines = requestHeaderBlock(
      {
        ...base,
        kind: "preflight",
        method: "OPTIONS",
        url: new URL("http://api.test:8080/x"),
        headers: [
          { name: "Accept", value: "*/*" },
          { name: "Access-Control-Request-Method", value: "patch" },
          { name: "Origin", value: "http://127.0.0.1:5173" },
        ],
      },
      chromium,
    );
    expect(lines.map(([n]) => n)).toEqual([
      "Host",
      "Connection",
      "Accept",
      "Access-Control-Request-Method",
      "Origin",
      "User-Agent",
      "Sec-Fetch-Mode",
      "Referer",
      "Accept-Encoding",
      "Accept-Language",
    ]);
    expect(lines).toContainEqual(["Accept-Encoding", "gzip, deflate"]);
  });

  it("puts a Cookie after Accept-Language and before a Range the cache moved; Content-Length 0 only for POST and PUT", () => {
    const lines = requestHeaderBlock(
      {
        ...base,
        kind: "actual",
        method: "GET",
        url: new URL("http://api.test/x"),
        mapOrder: ["range", "user-agent"],
        headers: [{ name: "Range", value: "bytes=0-" }],
        cookie: "sid=1",
      },
      chromium,
    );
    expect(lines.slice(-4)).toEqual([
      ["Accept-Encoding", "identity"],
      ["Accept-Language", "en-US,en;q=0.9"],
      ["Cookie", "sid=1"],
      ["Range", "bytes=0-"],
    ]);
    const block = (method: string) => requestHeaderBlock({ ...base, kind: "actual", method, url: new URL("http://api.test/x") }, chromium);
    expect(block("PUT")).toContainEqual(["Content-Length", "0"]);
    expect(block("patch").some(([n]) => n === "Content-Length")).toBe(false);
    expect(block("DELETE").some(([n]) => n === "Content-Length")).toBe(false);
  });
});

describe("proxy from the environment (as curl)", () => {
  it("chooses by scheme and honours NO_PROXY hosts, suffixes, ports and *", () => {
    const choose = proxyFromEnv({ HTTP_PROXY: "http://p:1", https_proxy: "http://s:2", NO_PROXY: ".internal, localhost:3000" });
    expect(choose(new URL("http://api.test/x"))).toBe("http://p:1");
    expect(choose(new URL("https://api.test/x"))).toBe("http://s:2");
    expect(choose(new URL("https://a.b.internal/x"))).toBeNull();
    expect(choose(new URL("http://localhost:3000/x"))).toBeNull();
    expect(choose(new URL("http://localhost:3001/x"))).toBe("http://p:1");
    expect(proxyFromEnv({ HTTP_PROXY: "http://p:1", NO_PROXY: "*" })(new URL("http://x.test/"))).toBeNull();
    expect(proxyFromEnv({})(new URL("http://x.test/"))).toBeNull();
  });
});
