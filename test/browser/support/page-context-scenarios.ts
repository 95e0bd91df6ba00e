/**
 * Hand-written scenarios for what happens around CORS: mixed content, Local Network Access and
 * cookies. Order matters for the cookie scenarios (they share the browser context's cookie jar):
 * the setup pages store cookies first-party, later requests carry or withhold them.
 */
import type { PageScenario, PlaceName, Reply } from "./page-context.js";

const cors: readonly (readonly [string, string])[] = [
  ["Access-Control-Allow-Origin", "{origin}"],
  ["Access-Control-Allow-Credentials", "true"],
];
const setting = (lines: readonly string[]): { actual: Reply } => ({
  actual: { status: 200, headers: [...cors, ...lines.map((l): [string, string] => ["Set-Cookie", l])] },
});
const redirect = (place: PlaceName, path: string): { actual: Reply } => ({ actual: { status: 302, headers: cors, location: { place, path } } });

/** Mixed content: an https: page and http: URLs (blocked unless potentially trustworthy), on every hop. */
export function mixedContentScenarios(): PageScenario[] {
  const page = "securePage" as const;
  return [
    { id: "mc-http-name", page, url: { place: "plainApi", path: "/x" }, request: {} },
    { id: "mc-http-name-no-cors", page, url: { place: "plainApi", path: "/x" }, request: { mode: "no-cors" } },
    { id: "mc-http-name-post", page, url: { place: "plainApi", path: "/x" }, request: { method: "POST", body: "b" } },
    { id: "mc-http-ip", page, url: { place: "plainIp", path: "/x" }, request: {} },
    { id: "mc-http-localhost", page, url: { place: "plainLocalhost", path: "/x" }, request: {} },
    { id: "mc-https", page, url: { place: "secureApi", path: "/x" }, request: { method: "PUT", headers: [["X-A", "1"]] } },
    { id: "mc-redirect-to-http", page, url: { place: "secureApi", path: "/r" }, request: {}, replies: { "/r": redirect("plainApi", "/x") } },
    { id: "mc-redirect-to-http-ip", page, url: { place: "secureApi", path: "/r" }, request: {}, replies: { "/r": redirect("plainIp", "/x") } },
    { id: "mc-http-page-may", page: "insecurePage", url: { place: "plainApi", path: "/x" }, request: {} },
  ];
}

/** Local Network Access: public, local and loopback pages, secure or not, the permission granted or not. */
export function localNetworkScenarios(): PageScenario[] {
  const list: PageScenario[] = [];
  for (const permission of ["denied", "granted"] as const) {
    const page = "publicPage" as const;
    const p = permission;
    list.push(
      { id: `lna-${p}-get`, page, permission, url: { place: "secureApi", path: "/x" }, request: {} },
      { id: `lna-${p}-preflight`, page, permission, url: { place: "secureApi", path: "/x" }, request: { method: "PUT", headers: [["X-A", "1"]] } },
      { id: `lna-${p}-ip`, page, permission, url: { place: "plainIp", path: "/x" }, request: {} },
      { id: `lna-${p}-localhost`, page, permission, url: { place: "plainLocalhost", path: "/x" }, request: { credentials: "include" } },
      { id: `lna-${p}-no-cors`, page, permission, url: { place: "secureApi", path: "/x" }, request: { mode: "no-cors" } },
      { id: `lna-${p}-public-target`, page, permission, url: { place: "publicApi", path: "/x" }, request: {} },
      // Chromium judges LNA on a connected socket: nothing listening is a plain network error.
      { id: `lna-${p}-unreachable`, page, permission, url: { place: "closedApi", path: "/x" }, request: {} },
      {
        id: `lna-${p}-redirect-inward`,
        page,
        permission,
        url: { place: "publicApi", path: "/r" },
        request: {},
        replies: { "/r": redirect("secureApi", "/x") },
      },
      { id: `lna-${p}-mixed-content-first`, page, permission, url: { place: "plainApi", path: "/x" }, request: {} },
      { id: `lna-${p}-insecure-page`, page: "publicInsecurePage", permission, url: { place: "secureApi", path: "/x" }, request: {} },
      { id: `lna-${p}-insecure-page-ip`, page: "publicInsecurePage", permission, url: { place: "plainIp", path: "/x" }, request: { mode: "no-cors" } },
      { id: `lna-${p}-insecure-page-public`, page: "publicInsecurePage", permission, url: { place: "publicApi", path: "/x" }, request: {} },
      { id: `lna-${p}-local-to-loopback`, page: "localPage", permission, url: { place: "secureApi", path: "/x" }, request: {} },
    );
  }
  return list;
}

/** Cookies: stored first-party by setup pages, then attached or withheld per request; Set-Cookie stored or refused. */
export function cookieScenarios(): PageScenario[] {
  const include = { credentials: "include" } as const;
  const page = "securePage" as const;
  return [
    {
      id: "ck-setup-example",
      page: "secureApi",
      url: { place: "secureApi", path: "/setup" },
      request: {},
      replies: {
        "/setup": setting([
          "ex_none=1; SameSite=None; Secure",
          "ex_lax=1; SameSite=Lax",
          "ex_strict=1; SameSite=Strict",
          "ex_unspec=1",
          "ex_sub=1; Path=/sub; SameSite=None; Secure",
          "ex_dom=1; Domain=example.test; SameSite=None; Secure",
          "ex_httponly=1; HttpOnly; SameSite=Lax",
          "ex_none_insecure=1; SameSite=None",
          "__Secure-ex=1; SameSite=None",
          "__Host-ex=1; Secure; Path=/; SameSite=Lax",
          "ex_other_domain=1; Domain=other.test",
          "ex_suffix=1; Domain=test",
          "ex_expired=1; Max-Age=0",
        ]),
      },
    },
    {
      id: "ck-setup-other",
      page: "otherApi",
      url: { place: "otherApi", path: "/setup" },
      request: {},
      replies: { "/setup": setting(["ot_none=1; SameSite=None; Secure", "ot_lax=1; SameSite=Lax", "ot_unspec=1"]) },
    },
    {
      id: "ck-setup-plain",
      page: "plainApi",
      url: { place: "plainApi", path: "/setup" },
      request: {},
      replies: { "/setup": setting(["pl_lax=1; SameSite=Lax", "pl_secure=1; Secure; SameSite=Lax", "pl_none=1; SameSite=None; Secure"]) },
    },
    {
      id: "ck-setup-ip",
      page: "plainIp",
      url: { place: "plainIp", path: "/setup" },
      request: {},
      replies: { "/setup": setting(["ip_secure=1; Secure; SameSite=Lax", "ip_lax=1; SameSite=Lax"]) },
    },
    { id: "ck-same-site-include", page, url: { place: "secureApi", path: "/x" }, request: include },
    { id: "ck-same-site-same-origin-mode", page, url: { place: "secureApi", path: "/x" }, request: { credentials: "same-origin" } },
    { id: "ck-same-site-omit", page, url: { place: "secureApi", path: "/x" }, request: { credentials: "omit" } },
    { id: "ck-same-origin-default", page, url: { place: "securePage", path: "/x" }, request: {} },
    { id: "ck-path", page, url: { place: "secureApi", path: "/sub/x" }, request: include },
    { id: "ck-preflighted", page, url: { place: "secureApi", path: "/x" }, request: { ...include, method: "PUT", headers: [["X-A", "1"]] } },
    { id: "ck-cross-site", page, url: { place: "otherApi", path: "/x" }, request: include },
    { id: "ck-cross-site-post", page, url: { place: "otherApi", path: "/x" }, request: { ...include, method: "POST", body: "b" } },
    { id: "ck-schemeful-cross-site", page: "insecurePage", url: { place: "secureApi", path: "/x" }, request: include },
    { id: "ck-http-same-site", page: "insecurePage", url: { place: "plainApi", path: "/x" }, request: include },
    { id: "ck-loopback-secure", page: "plainIp", url: { place: "plainIp", path: "/x" }, request: {} },
    {
      id: "ck-set-cross-site",
      page,
      url: { place: "otherApi", path: "/set" },
      request: include,
      replies: { "/set": setting(["x_none=1; SameSite=None; Secure", "x_lax=1; SameSite=Lax", "x_dom=1; Domain=example.test", "__Secure-x=1"]) },
    },
    {
      id: "ck-set-same-site",
      page,
      url: { place: "secureApi", path: "/set" },
      request: include,
      replies: {
        "/set": setting(["y_none=1; SameSite=None; Secure", "y_strict=1; SameSite=Strict", "y_none_insecure=1; SameSite=None", "ex_lax=2; SameSite=Lax"]),
      },
    },
    {
      id: "ck-set-omit",
      page,
      url: { place: "secureApi", path: "/set" },
      request: { credentials: "omit" },
      replies: { "/set": setting(["z_omit=1; SameSite=None; Secure"]) },
    },
    {
      id: "ck-set-same-origin-mode",
      page,
      url: { place: "secureApi", path: "/set" },
      request: { credentials: "same-origin" },
      replies: { "/set": setting(["z_same_origin=1; SameSite=None; Secure"]) },
    },
    { id: "ck-after-set", page, url: { place: "secureApi", path: "/x" }, request: include },
    {
      id: "ck-redirect-cross-site",
      page,
      url: { place: "secureApi", path: "/r" },
      request: include,
      replies: {
        "/r": { actual: { status: 302, headers: [...cors, ["Set-Cookie", "r_hop=1; SameSite=None; Secure"]], location: { place: "otherApi", path: "/x" } } },
      },
    },
    { id: "ck-after-redirect", page, url: { place: "secureApi", path: "/x" }, request: include },
  ];
}
