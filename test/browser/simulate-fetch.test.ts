import { describe, expect, it } from "vitest";
import {
  AUTHORIZATION_WILDCARD_WARNING,
  chromium,
  createPreflightCache,
  fetchHandlerTransport,
  firefox,
  simulateFetch,
  type Transport,
} from "../../src/browser/index.js";

const PAGE = "https://app.example.com";
const API = "https://api.example.com";

/** A tiny scripted server: `routes[path]` answers OPTIONS (preflight) and other methods. */
function server(routes: Record<string, { preflight?: [string, string][]; preflightStatus?: number; actual?: [string, string][]; status?: number }>) {
  const seen: Request[] = [];
  const transport: Transport = fetchHandlerTransport((request) => {
    seen.push(request);
    const route = routes[new URL(request.url).pathname] ?? {};
    if (request.method === "OPTIONS" && request.headers.has("access-control-request-method")) {
      return new Response(null, { status: route.preflightStatus ?? 204, headers: route.preflight ?? [] });
    }
    return new Response("ok", { status: route.status ?? 200, headers: route.actual ?? [] });
  });
  return { transport, seen };
}

describe("request construction (R2)", () => {
  it("rejects forbidden methods, GET with a body and non-safelisted no-cors methods before the network", async () => {
    const { transport, seen } = server({});
    const connect = await simulateFetch({ url: `${API}/x`, origin: PAGE, method: "connect" }, { transport });
    expect(connect.error).toMatchObject({
      code: "InvalidRequest",
      exception: "TypeError: Failed to execute 'fetch' on 'Window': 'connect' HTTP method is unsupported.",
    });
    const body = await simulateFetch({ url: `${API}/x`, origin: PAGE, body: "x" }, { transport });
    expect(body.error?.exception).toBe("TypeError: Failed to execute 'fetch' on 'Window': Request with GET/HEAD method cannot have body.");
    const noCors = await simulateFetch({ url: `${API}/x`, origin: PAGE, method: "PUT", mode: "no-cors" }, { transport });
    expect(noCors.error?.exception).toBe("TypeError: Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in no-cors mode.");
    expect(seen).toHaveLength(0);
  });

  it("normalises the six well-known methods only, and preflights `patch` with its case kept", async () => {
    const { transport } = server({
      "/x": {
        preflight: [
          ["Access-Control-Allow-Origin", "*"],
          ["Access-Control-Allow-Methods", "PATCH"],
        ],
      },
    });
    const r = await simulateFetch({ url: `${API}/x`, origin: PAGE, method: "patch" }, { transport });
    expect(r.preflight?.request.headers).toContainEqual(["Access-Control-Request-Method", "patch"]);
    expect(r.message).toBe(
      "Access to fetch at 'https://api.example.com/x' from origin 'https://app.example.com' has been blocked by CORS policy: Method patch is not allowed by Access-Control-Allow-Methods in preflight response.",
    );
    const put = await simulateFetch({ url: `${API}/x`, origin: PAGE, method: "put" }, { transport });
    expect(put.preflight?.request.headers).toContainEqual(["Access-Control-Request-Method", "PUT"]);
  });

  it("drops forbidden headers silently; Chromium also drops User-Agent, the spec keeps it", async () => {
    const { transport } = server({ "/x": { actual: [["Access-Control-Allow-Origin", "*"]] } });
    const request = { url: `${API}/x`, origin: PAGE, headers: { "User-Agent": "bot", Cookie: "a=b", "Sec-Foo": "1" } };
    const inChromium = await simulateFetch(request, { transport });
    expect(inChromium.allowed).toBe(true);
    expect(inChromium.preflight).toBeNull();
    const bySpec = await simulateFetch(request, { transport, profile: "spec" });
    expect(bySpec.preflight?.request.headers).toContainEqual(["Access-Control-Request-Headers", "user-agent"]);
  });

  it("adds the implicit Content-Type of the body", async () => {
    const { transport, seen } = server({ "/x": { actual: [["Access-Control-Allow-Origin", "*"]] } });
    await simulateFetch({ url: `${API}/x`, origin: PAGE, method: "POST", body: new URLSearchParams("a=1") }, { transport });
    expect(seen[0]?.headers.get("content-type")).toBe("application/x-www-form-urlencoded;charset=UTF-8");
    const blob = await simulateFetch({ url: `${API}/x`, origin: PAGE, method: "POST", body: new Blob(["{}"], { type: "application/json" }) }, { transport });
    expect(blob.preflight?.request.headers).toContainEqual(["Access-Control-Request-Headers", "content-type"]);
  });
});

describe("preflight (R5, R6)", () => {
  it("sends the preflight without credentials and checks it with the actual request's credentials mode", async () => {
    const { transport } = server({
      "/x": {
        preflight: [
          ["Access-Control-Allow-Origin", PAGE],
          ["Access-Control-Allow-Methods", "DELETE"],
        ],
      },
    });
    const r = await simulateFetch({ url: `${API}/x`, origin: PAGE, method: "DELETE", credentials: "include" }, { transport });
    expect(r.preflight?.request).toEqual({
      method: "OPTIONS",
      url: `${API}/x`,
      headers: [
        ["Host", "api.example.com"],
        ["Connection", "keep-alive"],
        ["Accept", "*/*"],
        ["Access-Control-Request-Method", "DELETE"],
        ["Origin", PAGE],
        ["User-Agent", chromium.wire?.userAgent],
        ["Sec-Fetch-Mode", "cors"],
        ["Sec-Fetch-Site", "same-site"],
        ["Sec-Fetch-Dest", "empty"],
        ["Referer", `${PAGE}/`],
        ["Accept-Encoding", "gzip, deflate, br, zstd"],
        ["Accept-Language", "en-US,en;q=0.9"],
      ],
    });
    expect(r.error).toMatchObject({ code: "PreflightInvalidAllowCredentials", preflight: true });
    expect(r.message).toContain(
      "Response to preflight request doesn't pass access control check: The value of the 'Access-Control-Allow-Credentials' header in the response is ''",
    );
  });

  it("reports the CORS error of a preflight before its status", async () => {
    const { transport } = server({ "/x": { preflightStatus: 401 } });
    const r = await simulateFetch({ url: `${API}/x`, origin: PAGE, method: "PUT" }, { transport });
    expect(r.error?.code).toBe("PreflightMissingAllowOriginHeader");
    const ok = server({ "/x": { preflightStatus: 401, preflight: [["Access-Control-Allow-Origin", "*"]] } });
    expect((await simulateFetch({ url: `${API}/x`, origin: PAGE, method: "PUT" }, { transport: ok.transport })).error?.code).toBe("PreflightInvalidStatus");
  });

  it("lets `*` cover Authorization for uncredentialed requests in Chromium (with a deprecation warning), not in the spec", async () => {
    const routes = {
      "/x": {
        preflight: [
          ["Access-Control-Allow-Origin", "*"],
          ["Access-Control-Allow-Headers", "*"],
        ] as [string, string][],
        actual: [["Access-Control-Allow-Origin", "*"]] as [string, string][],
      },
    };
    const request = { url: `${API}/x`, origin: PAGE, headers: { Authorization: "Bearer t" } };
    const chromium = await simulateFetch(request, { transport: server(routes).transport });
    expect(chromium.allowed).toBe(true);
    expect(chromium.warnings).toEqual([AUTHORIZATION_WILDCARD_WARNING]);
    const bySpec = await simulateFetch(request, { transport: server(routes).transport, profile: "spec" });
    expect(bySpec.error).toMatchObject({ code: "HeaderDisallowedByPreflightResponse", hint: "authorization" });
  });

  it("treats `*` as a literal method and header name for credentialed requests", async () => {
    const { transport } = server({
      "/x": {
        preflight: [
          ["Access-Control-Allow-Origin", PAGE],
          ["Access-Control-Allow-Credentials", "true"],
          ["Access-Control-Allow-Methods", "*"],
        ],
      },
    });
    const r = await simulateFetch({ url: `${API}/x`, origin: PAGE, method: "PUT", credentials: "include" }, { transport });
    expect(r.error).toMatchObject({ code: "MethodDisallowedByPreflightResponse", hint: "PUT" });
    expect(r.error?.fix).toContain("'*' is literal");
  });
});

describe("redirects (R9)", () => {
  const redirect = (to: string, status = 302): { actual: [string, string][]; status: number } => ({
    status,
    actual: [
      ["Location", to],
      ["Access-Control-Allow-Origin", PAGE],
    ],
  });

  it("taints the origin after a cross-origin hop and prints the redirected-from form", async () => {
    const { transport, seen } = server({ "/a": redirect("https://cdn.example.com/b"), "/b": { actual: [["Access-Control-Allow-Origin", PAGE]] } });
    const r = await simulateFetch({ url: `${API}/a`, origin: PAGE }, { transport });
    expect(seen[1]?.headers.get("origin")).toBe("null");
    expect(r.message).toBe(
      "Access to fetch at 'https://cdn.example.com/b' (redirected from 'https://api.example.com/a') from origin 'https://app.example.com' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://app.example.com' that is not equal to the supplied origin. Have the server send the header with a valid value.",
    );
    expect(r.trace.map((e) => e.kind)).toEqual(["redirect", "actual"]);
  });

  it("refuses credentials in a cross-origin Location with an empty hint", async () => {
    const { transport } = server({ "/a": redirect("https://u:p@cdn.example.com/b") });
    const r = await simulateFetch({ url: `${API}/a`, origin: PAGE }, { transport });
    expect(r.message).toContain("Redirect location '' contains a username and password, which is disallowed for cross-origin requests.");
  });

  it("turns a 303 PUT into a GET without its body headers", async () => {
    const { transport, seen } = server({
      "/a": {
        ...redirect(`${API}/b`, 303),
        preflight: [
          ["Access-Control-Allow-Origin", PAGE],
          ["Access-Control-Allow-Methods", "PUT"],
        ],
      },
      "/b": { actual: [["Access-Control-Allow-Origin", PAGE]] },
    });
    const r = await simulateFetch({ url: `${API}/a`, origin: PAGE, method: "PUT", body: "x" }, { transport });
    expect(r.allowed).toBe(true);
    expect(seen.map((q) => q.method)).toEqual(["OPTIONS", "PUT", "GET"]);
    expect(seen[2]?.headers.get("content-type")).toBeNull();
  });

  it("follows 20 redirects and fails on the 21st", async () => {
    const routes: Record<string, ReturnType<typeof redirect> | { actual: [string, string][] }> = {};
    for (let i = 0; i < 21; i++) routes[`/${i}`] = redirect(`${API}/${i + 1}`);
    routes["/20"] = { actual: [["Access-Control-Allow-Origin", PAGE]] };
    expect((await simulateFetch({ url: `${API}/0`, origin: PAGE }, { transport: server(routes).transport })).allowed).toBe(true);
    routes["/20"] = redirect(`${API}/21`);
    routes["/21"] = { actual: [["Access-Control-Allow-Origin", PAGE]] };
    const r = await simulateFetch({ url: `${API}/0`, origin: PAGE }, { transport: server(routes).transport });
    expect(r.error?.code).toBe("TooManyRedirects");
  });

  it("returns an opaque redirect for redirect: 'manual' after the CORS check", async () => {
    const { transport } = server({ "/a": redirect(`${API}/b`) });
    const r = await simulateFetch({ url: `${API}/a`, origin: PAGE, redirect: "manual" }, { transport });
    expect(r.response).toMatchObject({ type: "opaqueredirect", status: 0 });
  });
});

describe("preflight cache (R8)", () => {
  const routes = (maxAge?: string) => ({
    "/x": {
      preflight: [
        ["Access-Control-Allow-Origin", "*"],
        ["Access-Control-Allow-Methods", "PUT"],
        ...(maxAge === undefined ? [] : [["Access-Control-Max-Age", maxAge]]),
      ] as [string, string][],
      actual: [["Access-Control-Allow-Origin", "*"]] as [string, string][],
    },
  });

  it("reuses a preflight for 5 s by default, with an injectable clock", async () => {
    let now = 0;
    const cache = createPreflightCache();
    const { transport } = server(routes());
    const put = { url: `${API}/x`, origin: PAGE, method: "PUT" };
    expect((await simulateFetch(put, { transport, cache, now: () => now })).preflight).not.toBeNull();
    now = 4999;
    const second = await simulateFetch(put, { transport, cache, now: () => now });
    expect(second.preflight).toBeNull();
    expect(second.preflightFromCache).toBe(true);
    now = 5000;
    expect((await simulateFetch(put, { transport, cache, now: () => now })).preflight).not.toBeNull();
  });

  it("replaces an entry in Chromium and merges tokens into it in Firefox (nsPreflightCache AddResultToCache)", async () => {
    // Each preflight allows just the method it asks for.
    const transport: Transport = fetchHandlerTransport((request) => {
      const asked = request.headers.get("access-control-request-method");
      const allow: [string, string][] = [["Access-Control-Allow-Origin", "*"]];
      return asked === null
        ? new Response("ok", { headers: allow })
        : new Response(null, { status: 204, headers: [...allow, ["Access-Control-Allow-Methods", asked]] });
    });
    for (const [profile, thirdPreflights] of [
      [chromium, true],
      [firefox, false],
    ] as const) {
      const cache = createPreflightCache();
      const run = (method: string) => simulateFetch({ url: `${API}/x`, origin: PAGE, method }, { transport, cache, profile, now: () => 0 });
      expect((await run("PUT")).preflight).not.toBeNull();
      expect((await run("DELETE")).preflight).not.toBeNull();
      expect((await run("PUT")).preflight !== null, profile.name).toBe(thirdPreflights);
    }
  });

  it("caps max-age at 2 h in Chromium", async () => {
    let now = 0;
    const cache = createPreflightCache();
    const { transport } = server(routes("86400"));
    const put = { url: `${API}/x`, origin: PAGE, method: "PUT" };
    await simulateFetch(put, { transport, cache, now: () => now });
    now = 7_199_000;
    expect((await simulateFetch(put, { transport, cache, now: () => now })).preflight).toBeNull();
    now = 7_200_000;
    expect((await simulateFetch(put, { transport, cache, now: () => now })).preflight).not.toBeNull();
  });
});

describe("what script can read (R10)", () => {
  it("returns only safelisted and exposed headers", async () => {
    const { transport } = server({
      "/x": {
        actual: [
          ["Access-Control-Allow-Origin", "*"],
          ["Access-Control-Expose-Headers", "X-Total"],
          ["X-Total", "3"],
          ["X-Secret", "s"],
          ["Content-Type", "application/json"],
        ],
      },
    });
    const r = await simulateFetch({ url: `${API}/x`, origin: PAGE }, { transport });
    expect(r.exposedHeaders).toEqual(["content-type", "x-total"]);
    expect(r.response?.headers).toEqual(
      [
        ["access-control-expose-headers", "X-Total"],
        ["content-type", "application/json"],
        ["x-total", "3"],
      ].filter(([n]) => r.exposedHeaders.includes(n as string)),
    );
    expect(r.response?.body).toBe("ok");
  });
});
