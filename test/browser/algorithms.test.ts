import { describe, expect, it } from "vitest";
import { consoleMessage, encodeHint } from "../../src/browser/console-messages.js";
import { corsCheck } from "../../src/browser/cors-check.js";
import { parseExposeHeaders, readableHeaderNames } from "../../src/browser/exposed-headers.js";
import {
  accessControlRequestHeaders,
  contentTypeEssence,
  corsUnsafeRequestHeaders,
  isCorsSafelistedRequestHeader,
  isSimpleRangeValue,
} from "../../src/browser/needs-preflight.js";
import { parseAllowList, parseMaxAge } from "../../src/browser/preflight.js";
import { chromium, firefox, spec } from "../../src/browser/profiles.js";
import { redirectMethod, taints } from "../../src/browser/redirects.js";
import type { WireResponse } from "../../src/browser/types.js";
import { blinkHeaderOrder, caseFoldingHash, hashMapOrder } from "../../src/browser/blink-header-order.js";
import { networkHeaderOrder } from "../../src/browser/request.js";

const res = (headers: [string, string][], status = 200): WireResponse => ({ status, headers });
const ORIGIN = "https://app.example.com";

describe("CORS-safelisted request headers (R4.2)", () => {
  it.each([
    ["accept", "application/json", true],
    ["accept", 'a"b', false],
    ["accept", "a".repeat(128), true],
    ["accept", "a".repeat(129), false],
    ["accept-language", "en-US,en;q=0.9", true],
    ["accept-language", "en_US", false],
    ["content-language", "a/b", false],
    ["content-type", "text/plain", true],
    ["content-type", "TEXT/PLAIN;garbage", true],
    ["content-type", "multipart/form-data; boundary=x", true],
    ["content-type", "application/json", false],
    ["content-type", 'text/plain; charset="utf-8"', false],
    ["content-type", "text /plain", false],
    ["content-type", "text/ plain", false],
    ["content-type", "text/plain, application/json", false],
    ["range", "bytes=0-", true],
    ["range", "bytes=0-10", true],
    ["range", "bytes=5-1", false],
    ["range", "bytes=-5", false],
    ["range", "bytes = 0-1", false],
    ["range", "BYTES=0-1", false],
    ["range", "bytes=0-1,3-4", false],
    ["x-api-key", "k", false],
  ])("%s: %j → %s", (name, value, expected) => {
    expect(isCorsSafelistedRequestHeader(name, value, chromium)).toBe(expected);
  });

  it("safelists Chromium's client hints only in the chromium profile", () => {
    expect(isCorsSafelistedRequestHeader("dpr", "2", chromium)).toBe(true);
    expect(isCorsSafelistedRequestHeader("dpr", "2", spec)).toBe(false);
    expect(isCorsSafelistedRequestHeader("width", "abc", chromium)).toBe(false);
    expect(isCorsSafelistedRequestHeader("save-data", "ON", chromium)).toBe(true);
    expect(isCorsSafelistedRequestHeader("content-type", "message/ad-auction-trusted-signals-request", chromium)).toBe(true);
    expect(isCorsSafelistedRequestHeader("content-type", "message/ad-auction-trusted-signals-request", firefox)).toBe(false);
  });

  it("parses Content-Type essences and ranges", () => {
    expect(contentTypeEssence(" Text/Plain ;x")).toBe("text/plain");
    expect(contentTypeEssence("text")).toBeUndefined();
    expect(isSimpleRangeValue(`bytes=${"9".repeat(20)}-`)).toBe(false);
  });

  it("lists unsafe names sorted, lower-case, de-duplicated, joined with ','", () => {
    const unsafe = corsUnsafeRequestHeaders(
      [
        { name: "X-B", value: "1" },
        { name: "Content-Type", value: "application/json" },
        { name: "x-a", value: "1" },
        { name: "Accept", value: "*/*" },
      ],
      chromium,
    );
    expect(unsafe.map((u) => [u.name, u.reason])).toEqual([
      ["x-b", "not-safelisted"],
      ["content-type", "value"],
      ["x-a", "not-safelisted"],
    ]);
    expect(accessControlRequestHeaders(unsafe)).toBe("content-type,x-a,x-b");
  });

  it("makes every safelisted header unsafe when their values exceed 1024 bytes together", () => {
    const headers = ["accept", "accept-language", "content-language", "intervention", "dpr", "width", "viewport-width", "rtt", "device-memory"].map((name) => ({
      name,
      value: name === "accept" || name.includes("language") || name === "intervention" ? "a".repeat(120) : "1".repeat(120),
    }));
    expect(corsUnsafeRequestHeaders(headers, chromium).every((u) => u.reason === "total")).toBe(true);
    expect(corsUnsafeRequestHeaders(headers.slice(0, 8), chromium)).toEqual([]);
  });
});

describe("CORS check (R7.3)", () => {
  it.each<[string, [string, string][], boolean, string | null, string]>([
    ["wildcard without credentials", [["Access-Control-Allow-Origin", "*"]], false, null, ""],
    ["wildcard with credentials", [["Access-Control-Allow-Origin", "*"]], true, "WildcardOriginNotAllowed", ""],
    ["missing", [], false, "MissingAllowOriginHeader", ""],
    ["trailing slash", [["Access-Control-Allow-Origin", `${ORIGIN}/`]], false, "AllowOriginMismatch", `${ORIGIN}/`],
    ["null", [["Access-Control-Allow-Origin", "null"]], false, "AllowOriginMismatch", "null"],
    ["list", [["Access-Control-Allow-Origin", `${ORIGIN}, *`]], false, "MultipleAllowOriginValues", `${ORIGIN}, *`],
    [
      "two lines",
      [
        ["Access-Control-Allow-Origin", ORIGIN],
        ["access-control-allow-origin", ORIGIN],
      ],
      false,
      "MultipleAllowOriginValues",
      `${ORIGIN}, ${ORIGIN}`,
    ],
    ["empty", [["Access-Control-Allow-Origin", ""]], false, "InvalidAllowOriginValue", ""],
    ["not a URL", [["Access-Control-Allow-Origin", "foo"]], false, "InvalidAllowOriginValue", "foo"],
    ["padded", [["Access-Control-Allow-Origin", `  ${ORIGIN}\t`]], false, null, ""],
    ["credentials missing", [["Access-Control-Allow-Origin", ORIGIN]], true, "InvalidAllowCredentials", ""],
    [
      "credentials TRUE",
      [
        ["Access-Control-Allow-Origin", ORIGIN],
        ["Access-Control-Allow-Credentials", "TRUE"],
      ],
      true,
      "InvalidAllowCredentials",
      "TRUE",
    ],
    [
      "credentials true",
      [
        ["Access-Control-Allow-Origin", ORIGIN],
        ["Access-Control-Allow-Credentials", "true"],
      ],
      true,
      null,
      "",
    ],
  ])("%s", (_title, headers, include, code, hint) => {
    const failure = corsCheck(res(headers), ORIGIN, include, chromium);
    expect(failure === null ? null : failure.code).toBe(code);
    if (failure !== null) expect(failure.hint).toBe(hint);
  });

  it("lets a tainted request match `null`", () => {
    expect(corsCheck(res([["Access-Control-Allow-Origin", "null"]]), "null", false, chromium)).toBeNull();
  });

  it("rejects two Access-Control-Allow-Origin lines in Firefox even when one would do", () => {
    const twice = res([
      ["Access-Control-Allow-Origin", "*"],
      ["Access-Control-Allow-Origin", "*"],
    ]);
    expect(corsCheck(twice, ORIGIN, false, firefox)?.code).toBe("MultipleAllowOriginValues");
  });
});

describe("preflight response parsing (R6.4, R6.9)", () => {
  it("parses allow lists like Chromium", () => {
    expect(parseAllowList("GET, ,PUT,\tpatch")).toEqual({ ok: true, items: ["GET", "PUT", "patch"] });
    expect(parseAllowList("GET, PU T")).toEqual({ ok: false, token: "PU T" });
    expect(parseAllowList('"PUT"')).toEqual({ ok: false, token: '"PUT"' });
  });

  it("parses max-age with each profile's default and cap", () => {
    expect(parseMaxAge(undefined, chromium)).toBe(5);
    expect(parseMaxAge("abc", chromium)).toBe(5);
    expect(parseMaxAge("-1", chromium)).toBe(0);
    expect(parseMaxAge("86400", chromium)).toBe(7200);
    // Gecko AddResultToCache: digits only, saturating at 24 h; an empty value is the default.
    expect(parseMaxAge(undefined, firefox)).toBe(5);
    expect(parseMaxAge("", firefox)).toBe(5);
    expect(parseMaxAge("100000", firefox)).toBe(86400);
    expect(parseMaxAge("99999999999999999999999", firefox)).toBe(86400);
    for (const value of ["-1", "+5", "abc", "5 ", "0"]) expect(parseMaxAge(value, firefox)).toBe(0);
  });
});

describe("exposed headers (R10.2)", () => {
  it.each([
    ["X-A, x-b", ["x-a", "x-b"]],
    ["X-A,", ["x-a"]],
    [",x-a,,x-b", ["x-a", "x-b"]],
    ["x-a y", []],
    ["x-a;", []],
  ])("parses %j", (value, names) => {
    expect([...parseExposeHeaders(value)]).toEqual(names);
  });

  it("exposes safelisted and listed names, `*` only without credentials, never Set-Cookie", () => {
    const r = res([
      ["Content-Type", "text/plain"],
      ["X-Secret", "s"],
      ["X-Id", "1"],
      ["Set-Cookie", "a=b"],
      ["Access-Control-Expose-Headers", "*, x-id, set-cookie"],
    ]);
    expect(readableHeaderNames(r, "cors", false)).toEqual(["access-control-expose-headers", "content-type", "x-id", "x-secret"]);
    expect(readableHeaderNames(r, "cors", true)).toEqual(["content-type", "x-id"]);
    expect(readableHeaderNames(r, "basic", true)).toEqual(["access-control-expose-headers", "content-type", "x-id", "x-secret"]);
  });
});

describe("redirect rules (R9)", () => {
  it("rewrites methods like net::RedirectInfo", () => {
    expect(redirectMethod(301, "POST")).toBe("GET");
    expect(redirectMethod(302, "PUT")).toBe("PUT");
    expect(redirectMethod(303, "PUT")).toBe("GET");
    expect(redirectMethod(303, "HEAD")).toBe("HEAD");
    expect(redirectMethod(307, "POST")).toBe("POST");
  });

  it("taints only hops that leave a cross-origin URL for another origin", () => {
    const page = "https://app.example.com";
    const u = (s: string) => new URL(s);
    expect(taints(u(`${page}/a`), u("https://api.example.com/b"), page)).toBe(false);
    expect(taints(u("https://api.example.com/a"), u(`${page}/b`), page)).toBe(true);
    expect(taints(u("https://api.example.com/a"), u("https://cdn.example.com/b"), page)).toBe(true);
    expect(taints(u("https://api.example.com/a"), u("https://api.example.com/b"), page)).toBe(false);
  });
});

describe("console messages (R12)", () => {
  const context = {
    hint: "https://app.example.com/",
    initialUrl: "https://api.example.com/a",
    lastUrl: "https://api.example.com/b",
    pageOrigin: ORIGIN,
    requestOrigin: ORIGIN,
    status: 200,
    token: "",
    method: "GET",
    credentials: false,
  };

  it("prints Chromium's template with the redirected-from part and the preflight prefix", () => {
    expect(consoleMessage("PreflightAllowOriginMismatch", context, chromium)).toBe(
      "Access to fetch at 'https://api.example.com/b' (redirected from 'https://api.example.com/a') from origin 'https://app.example.com' has been blocked by CORS policy: " +
        "Response to preflight request doesn't pass access control check: The 'Access-Control-Allow-Origin' header has a value 'https://app.example.com/' that is not equal to the supplied origin. Have the server send the header with a valid value.",
    );
    expect(consoleMessage("MethodDisallowedByPreflightResponse", { ...context, hint: "put", lastUrl: context.initialUrl }, chromium)).toBe(
      "Access to fetch at 'https://api.example.com/a' from origin 'https://app.example.com' has been blocked by CORS policy: Method put is not allowed by Access-Control-Allow-Methods in preflight response.",
    );
  });

  it("prints Firefox's wording in the firefox profile", () => {
    expect(consoleMessage("MissingAllowOriginHeader", context, firefox)).toBe(
      "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/b. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
    );
  });

  it("escapes non-printable hint characters like Chromium's EncodeHint", () => {
    expect(encodeHint("a\tb\u00e9")).toBe("a\\u0009b\\u00E9");
  });
});

describe("request header order (which disallowed header a message names)", () => {
  const five = ["X-Api-Key", "X-Requested-With", "X-Trace-Id", "X-Q", "Foo"].map((name) => ({ name, value: "1" }));

  it("hashes header names like Blink's CaseFoldingHash (rapidhash of the folded UTF-16 name, 24 bits)", () => {
    expect(caseFoldingHash("User-Agent")).toBe(caseFoldingHash("user-agent"));
    expect(caseFoldingHash("X-Requested-With")).toBe(caseFoldingHash("x-requested-with"));
    expect(caseFoldingHash("a")).not.toBe(caseFoldingHash("b"));
    for (const name of ["a", "ab", "abcd", "content-type", "sec-ch-prefers-reduced-transparency", "x".repeat(100)]) {
      const h = caseFoldingHash(name);
      expect(h).toBeGreaterThan(0);
      expect(h).toBeLessThan(1 << 24);
    }
  });

  it("walks a WTF::HashMap in bucket order (Chromium 156, observed on the wire)", () => {
    // Blink's own keys after a fetch() with a body to a potentially trustworthy URL.
    expect(hashMapOrder(["content-type", "sec-ch-ua", "sec-ch-ua-mobile", "sec-ch-ua-platform", "user-agent"])).toEqual([
      "sec-ch-ua-platform",
      "user-agent",
      "sec-ch-ua",
      "content-type",
      "sec-ch-ua-mobile",
    ]);
    expect(hashMapOrder(["X-A", "x-a"])).toEqual(["x-a"]);
  });

  it("orders script's headers like Chromium's network service, client hints included for trustworthy URLs", () => {
    const names = (url: string) => networkHeaderOrder(five, new URL(url), chromium).map((h) => h.name);
    expect(names("http://localhost:8080/")).toEqual(["Foo", "X-Api-Key", "X-Trace-Id", "X-Requested-With", "X-Q"]);
    expect(names("https://api.example/")).toEqual(names("http://localhost:8080/"));
    expect(names("http://api.example/")).toEqual(["X-Requested-With", "Foo", "X-Q", "X-Api-Key", "X-Trace-Id"]);
    expect(blinkHeaderOrder([...five].reverse(), new URL("http://api.example/"))).toEqual(blinkHeaderOrder(five, new URL("http://api.example/")));
  });

  it("sorts in the firefox and spec profiles", () => {
    for (const profile of [firefox, spec]) {
      expect(networkHeaderOrder(five, new URL("http://api.example/"), profile).map((h) => h.name)).toEqual([
        "Foo",
        "X-Api-Key",
        "X-Q",
        "X-Requested-With",
        "X-Trace-Id",
      ]);
    }
  });
});
