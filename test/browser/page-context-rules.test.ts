/**
 * The rules around CORS, unit by unit: address spaces and potentially trustworthy URLs, mixed
 * content, the Local Network Access gate, cookie parsing (Set-Cookie, --cookie, curl's cookie file),
 * which cookies a request carries, and the same rules through simulateFetch and expectCors with an
 * in-process app. Chromium itself judges them in chromium-page-context.test.ts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { addressSpaceOfHost, addressSpaceOfIp } from "../../src/browser/address-space.js";
import {
  cookiesForRequest,
  createCookieJar,
  expectCors,
  loadSuffixListFor,
  parseCookieOption,
  parseNetscapeCookieFile,
  simulateFetch,
  storeSetCookie,
} from "../../src/browser/index.js";
import { checkLocalNetworkAccess } from "../../src/browser/local-network-access.js";
import { isMixedContent } from "../../src/browser/mixed-content.js";
import { registrableDomain } from "../../src/browser/site.js";
import { isPotentiallyTrustworthy } from "../../src/browser/trustworthy.js";
import { fetchHandlerTransport } from "../../src/browser/transports/fetch-handler.js";

describe("address spaces (LNA spec, Chromium ip_address_space_util)", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["10.1.2.3", "local"],
    ["172.16.0.1", "local"],
    ["172.31.255.255", "local"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "local"],
    ["169.254.0.1", "local"],
    ["100.64.0.1", "local"],
    ["::ffff:192.168.0.1", "local"],
    ["::ffff:8.8.8.8", "public"],
    ["fd12::1", "local"],
    ["fe80::1", "local"],
    ["2001:4860:4860::8888", "public"],
    ["8.8.8.8", "public"],
  ])("%s is %s", (ip, space) => {
    expect(addressSpaceOfIp(ip)).toBe(space);
  });

  it("knows localhost names without DNS and leaves other names to the resolver", () => {
    expect(addressSpaceOfHost("localhost")).toBe("loopback");
    expect(addressSpaceOfHost("app.localhost")).toBe("loopback");
    expect(addressSpaceOfHost("api.example.com")).toBeNull();
    expect(addressSpaceOfIp("999.1.1.1")).toBeNull();
    expect(addressSpaceOfIp("1::2::3")).toBeNull();
  });

  it("potentially trustworthy: https:, loopback addresses and localhost names", () => {
    for (const url of ["https://x.example", "http://127.0.0.9", "http://localhost:3000", "http://a.localhost", "http://[::1]:8080"])
      expect(isPotentiallyTrustworthy(new URL(url)), url).toBe(true);
    for (const url of ["http://x.example", "http://10.0.0.1", "http://[fe80::1]"]) expect(isPotentiallyTrustworthy(new URL(url)), url).toBe(false);
  });
});

describe("mixed content and the Local Network Access gate", () => {
  it("blocks http: URLs that are not potentially trustworthy, from https: pages only", () => {
    expect(isMixedContent("https://app.example.com", new URL("http://api.example.com/x"))).toBe(true);
    expect(isMixedContent("https://app.example.com", new URL("http://127.0.0.1:3000/x"))).toBe(false);
    expect(isMixedContent("https://app.example.com", new URL("https://api.example.com/x"))).toBe(false);
    expect(isMixedContent("http://app.example.com", new URL("http://api.example.com/x"))).toBe(false);
  });

  it("gates only public pages reaching more private spaces; insecure pages are refused outright", () => {
    const page = { space: "public", secure: true, permission: "denied" } as const;
    expect(checkLocalNetworkAccess(page, "loopback")).toEqual({ code: "LocalNetworkAccessPermissionDenied", space: "loopback" });
    expect(checkLocalNetworkAccess(page, "local")).toEqual({ code: "LocalNetworkAccessPermissionDenied", space: "local" });
    expect(checkLocalNetworkAccess(page, "public")).toBeNull();
    expect(checkLocalNetworkAccess({ ...page, permission: "granted" }, "loopback")).toBeNull();
    expect(checkLocalNetworkAccess({ ...page, secure: false, permission: "granted" }, "local")).toEqual({ code: "InsecureLocalNetwork", space: "local" });
    expect(checkLocalNetworkAccess({ ...page, space: "local" }, "loopback")).toBeNull();
  });
});

describe("cookies", () => {
  const API = "https://api.example.com/v1/me";
  // The synchronous cookie rules need the Public Suffix List for domain names; simulateFetch loads it itself.
  beforeAll(() => loadSuffixListFor([new URL(API)]));

  it("registrable domains come from the Public Suffix List, private registries included", () => {
    expect(registrableDomain("api.example.co.uk")).toBe("example.co.uk");
    expect(registrableDomain("alice.github.io")).toBe("alice.github.io");
    expect(registrableDomain("127.0.0.1")).toBe("127.0.0.1");
  });

  it("--cookie: attributes, defaults, and Chromium's refusals as errors", () => {
    expect(parseCookieOption("sid=abc; SameSite=None; Secure; Domain=.Example.com; Path=/v1; HttpOnly", API)).toEqual({
      name: "sid",
      value: "abc",
      domain: "example.com",
      hostOnly: false,
      path: "/v1",
      secure: true,
      httpOnly: true,
      sameSite: "None",
      expires: null,
    });
    expect(parseCookieOption("t=1", API)).toMatchObject({ domain: "api.example.com", hostOnly: true, path: "/", sameSite: "Unspecified" });
    expect(() => parseCookieOption("t=1; SameSite=None", API)).toThrow(/"SameSite=None" attribute but did not have the "Secure" attribute/);
    expect(() => parseCookieOption("t=1; Domain=other.com", API)).toThrow(/InvalidDomain/);
    expect(() => parseCookieOption("t=1; Domain=co.uk", "https://a.example.co.uk/")).toThrow(/InvalidDomain/);
    expect(() => parseCookieOption("__Host-t=1; Secure; Domain=example.com", API)).toThrow(/InvalidPrefix/);
    expect(() => parseCookieOption("t=1; Secure", "http://api.example.com/")).toThrow(/SecureOnly/);
  });

  it("reads curl's cookie file, #HttpOnly_ lines included, and names the bad line", () => {
    const jar = [
      "# Netscape HTTP Cookie File",
      "# https://curl.se/docs/http-cookies.html",
      "",
      "#HttpOnly_.example.com\tTRUE\t/\tTRUE\t0\tsid\tabc",
      "api.example.com\tFALSE\t/v1\tFALSE\t4102444800\tpref\tdark",
    ].join("\n");
    expect(parseNetscapeCookieFile(jar)).toEqual([
      { name: "sid", value: "abc", domain: "example.com", hostOnly: false, path: "/", secure: true, httpOnly: true, sameSite: "Unspecified", expires: null },
      {
        name: "pref",
        value: "dark",
        domain: "api.example.com",
        hostOnly: true,
        path: "/v1",
        secure: false,
        httpOnly: false,
        sameSite: "Unspecified",
        expires: 4102444800000,
      },
    ]);
    expect(() => parseNetscapeCookieFile("x\tTRUE\t/\n")).toThrow(/line 1: expected 7 TAB-separated fields/);
    expect(() => parseNetscapeCookieFile("a\tyes\t/\tFALSE\t0\tn\tv")).toThrow(/line 1: the include-subdomains field must be TRUE or FALSE/);
  });

  it("attaches cookies longest path first, and says why each other one stays home", () => {
    const jar = createCookieJar(["a=1; Secure; SameSite=None", "b=2; Path=/v1; SameSite=Lax", "c=3; SameSite=Strict"].map((c) => parseCookieOption(c, API)));
    const same = cookiesForRequest(jar, { url: API, pageOrigin: "https://app.example.com", includeCredentials: true });
    expect(same.header).toBe("b=2; a=1; c=3");
    const cross = cookiesForRequest(jar, { url: API, pageOrigin: "https://app.other.com", includeCredentials: true, thirdPartyCookies: "allowed" });
    expect(cross.header).toBe("a=1");
    expect(cross.withheld.map((w) => [w.cookie.name, w.reasons])).toEqual([
      ["b", ["SchemefulSameSiteLax"]],
      ["c", ["SchemefulSameSiteStrict"]],
    ]);
    expect(cross.withheld[0]?.text).toMatch(/"SameSite=Lax" attribute and the request was made from a different site/);
    const blocked = cookiesForRequest(jar, { url: API, pageOrigin: "https://app.other.com", includeCredentials: true });
    expect(blocked.header).toBeNull();
    expect(blocked.withheld[0]?.reasons).toEqual(["UserPreferences"]);
    const insecure = cookiesForRequest(jar, { url: "http://api.example.com/v1/me", pageOrigin: "http://app.example.com", includeCredentials: true });
    expect(insecure.withheld.map((w) => [w.cookie.name, w.reasons])).toEqual([["a", ["SecureOnly"]]]);
    const omitted = cookiesForRequest(jar, { url: API, pageOrigin: "https://app.example.com", includeCredentials: false });
    expect(omitted.header).toBeNull();
    expect(omitted.withheld.every((w) => w.reasons[0] === "CredentialsNotIncluded")).toBe(true);
  });

  it("Set-Cookie: default-path, Max-Age=0 deletes, a replaced cookie moves last", () => {
    const jar = createCookieJar();
    const context = { url: "https://api.example.com/a/b/c", pageOrigin: "https://app.example.com", includeCredentials: true, now: 1000 };
    expect(storeSetCookie(jar, "p=1", context)).toMatchObject({ stored: true, cookie: { path: "/a/b" } });
    storeSetCookie(jar, "q=1; Path=/", context);
    storeSetCookie(jar, "p=2", context);
    expect(jar.list(1000).map((c) => `${c.name}=${c.value}`)).toEqual(["q=1", "p=2"]);
    storeSetCookie(jar, "q=1; Path=/; Max-Age=0", context);
    expect(jar.list(1000).map((c) => c.name)).toEqual(["p"]);
    expect(storeSetCookie(jar, "r=1", { ...context, includeCredentials: false })).toMatchObject({ stored: false, reasons: ["CredentialsNotIncluded"] });
    expect(storeSetCookie(jar, "=", context)).toMatchObject({ stored: false, reasons: ["SyntaxError"] });
  });
});

describe("through simulateFetch and expectCors (in-process apps)", () => {
  const seen: string[] = [];
  const handler = (request: Request) => {
    seen.push(request.headers.get("cookie") ?? "-");
    return new Response("ok", {
      headers: [
        ["Access-Control-Allow-Origin", "https://app.example.com"],
        ["Access-Control-Allow-Credentials", "true"],
        ["Set-Cookie", "fresh=1; SameSite=None; Secure"],
      ],
    });
  };
  const app = fetchHandlerTransport(handler);

  it("sends the cookies the rules allow, stores Set-Cookie, and reports both on the exchange", async () => {
    const jar = createCookieJar([parseCookieOption("sid=1; SameSite=Lax", "https://api.example.com/")]);
    const request = { url: "https://api.example.com/me", origin: "https://app.example.com", credentials: "include" } as const;
    const first = await simulateFetch(request, { transport: app, cookies: jar });
    expect(first.trace[0]?.request.headers).toContainEqual(["Cookie", "sid=1"]);
    expect(first.trace[0]?.cookies?.set).toMatchObject([{ stored: true, line: "fresh=1; SameSite=None; Secure" }]);
    await simulateFetch(request, { transport: app, cookies: jar });
    expect(seen.slice(-2)).toEqual(["sid=1", "sid=1; fresh=1"]);
  });

  it("expectCors names the withheld cookie and Chromium's reason (\"CORS works but I'm logged out\")", async () => {
    const request = { url: "https://api.example.com/me", origin: "https://app.example.com", credentials: "include" } as const;
    await expect(expectCors(handler, request, { allowed: true, sendsCookies: ["sid"] }, { cookies: ["sid=1; SameSite=Lax"] })).resolves.toMatchObject({
      allowed: true,
    });
    await expect(
      expectCors(handler, { ...request, origin: "https://app.other.com" }, { sendsCookies: ["sid"] }, { cookies: ["sid=1; SameSite=Lax"] }),
    ).rejects.toThrow(/expected cookie sid to be sent; withheld \(SchemefulSameSiteLax, UserPreferences\)/);
  });

  it("an https: page fetching http: is mixed content before any request; in-process apps connect nowhere, so no LNA", async () => {
    const before = seen.length;
    const mixed = await simulateFetch({ url: "http://api.example.com/me", origin: "https://app.example.com" }, { transport: app });
    expect(mixed.error?.code).toBe("MixedContent");
    expect(mixed.message).toBe(
      "Mixed Content: The page at 'https://app.example.com/' was loaded over HTTPS, but requested an insecure resource 'http://api.example.com/me'. This request has been blocked; the content must be served over HTTPS.",
    );
    expect(seen.length).toBe(before);
    const loopback = await simulateFetch({ url: "http://127.0.0.1:3000/me", origin: "https://app.example.com" }, { transport: app });
    expect(loopback.allowed).toBe(true);
    const told = await simulateFetch(
      { url: "http://127.0.0.1:3000/me", origin: "https://app.example.com" },
      { transport: app, addressSpaceOf: () => "loopback", localNetworkAccess: "denied" },
    );
    expect(told.message).toBe(
      "Access to fetch at 'http://127.0.0.1:3000/me' from origin 'https://app.example.com' has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space.",
    );
  });
});
