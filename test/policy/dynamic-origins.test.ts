/**
 * Origins that a function or RegExp allows are held to the credentials rules at request time;
 * RegExps are probed with attacker origins at construction; origin functions are audited; options
 * are judged as each adapter builds them.
 */
import { describe, expect, it, vi } from "vitest";
import { validateCorsOptions as validateFor } from "../../src/adapters/validate-options.js";
import { auditOriginFunction, type ConfigIssue, type CorsDecision, createCorsPolicy, validateCorsOptions } from "../../src/index.js";
import { regexpWitnesses } from "../../src/protocol/origin-probes.js";

const decideGet = async (policy: ReturnType<typeof createCorsPolicy>, origin: string) => (await policy.decide("GET", origin)) as CorsDecision;

describe("request-time guard for dynamically allowed origins", () => {
  it("denies an http: or shared-hosting origin a function allows with credentials, and reports the first denial once", async () => {
    const warned: ConfigIssue[] = [];
    const policy = createCorsPolicy({
      origin: (o) => o.endsWith(".vercel.app") || o.startsWith("http://"),
      credentials: true,
      onWarning: (w) => warned.push(w),
    });
    expect((await decideGet(policy, "https://attacker.vercel.app")).allowed).toBe(false);
    expect((await decideGet(policy, "http://198.51.100.4:8080")).allowed).toBe(false);
    expect((await decideGet(policy, "https://attacker.vercel.app")).allowed).toBe(false);
    expect(warned.map((w) => [w.code, w.severity])).toEqual([["dynamic-origin-refused", "warning"]]);
    expect(warned[0]?.message).toContain("'https://attacker.vercel.app'");
    expect(warned[0]?.message).toContain("vercel.app");
    expect(warned[0]?.fix).toMatch(/dangerouslyAllowSubdomainsOfPublicSuffixes/);
    // Loopback http: and https: on a domain nobody else can register still pass.
    expect((await decideGet(policy, "http://localhost:5173")).allowed).toBe(true);
  });

  it("applies to RegExps too, and the dangerously… opt-outs lift it", async () => {
    const strict = createCorsPolicy({ origin: [/^https:\/\/[a-z0-9-]+\.netlify\.app$/], onWarning: () => {} });
    expect((await decideGet(strict, "https://attacker.netlify.app")).allowed).toBe(true); // no credentials: public data only
    const insecure = createCorsPolicy({
      origin: (o) => o.startsWith("http://"),
      credentials: true,
      dangerouslyAllowInsecureOriginsWithCredentials: true,
      onWarning: () => {},
    });
    expect((await decideGet(insecure, "http://intranet.example")).allowed).toBe(true);
    const shared = createCorsPolicy({
      origin: (o) => o.endsWith(".github.io"),
      credentials: true,
      dangerouslyAllowSubdomainsOfPublicSuffixes: true,
      onWarning: () => {},
    });
    expect((await decideGet(shared, "https://someone.github.io")).allowed).toBe(true);
  });

  it("leaves origins without credentials alone", async () => {
    const policy = createCorsPolicy({ origin: () => true, onWarning: () => {} });
    expect((await decideGet(policy, "http://198.51.100.4:8080")).allowed).toBe(true);
  });
});

describe("RegExps probed with attacker origins from their own literal parts", () => {
  const codes = (origin: RegExp, credentials = false) => validateCorsOptions({ origin: [origin], credentials }).map((i) => i.code);

  it("accepts a suffix RegExp that can only match subdomains, and loopback with any port", () => {
    expect(codes(/\.example\.com$/)).toEqual([]);
    expect(codes(/http:\/\/localhost:\d+$/, true)).toEqual([]);
    expect(codes(/^https:\/\/.*\.example\.com$/, true)).toEqual([]);
  });

  it("refuses, naming the origin it admits: an http: copy with credentials, a look-alike host, a shared-hosting tenant", () => {
    const [http] = validateCorsOptions({ origin: [/\.example\.com$/], credentials: true });
    expect(http?.message).toContain("'http://a.example.com'");
    // It only matches subdomains: the fix is the scheme, not anchoring.
    expect(http?.fix).toMatch(/^Require https: at the start/);
    // The example RegExp in the fix must itself be escaped (its dots literal), or it teaches the hole.
    const example = /e\.g\. (\/.*\/),/.exec(http?.fix ?? "")?.[1] ?? "";
    expect(new RegExp(example.slice(1, -1)).test("https://a.example.com")).toBe(true);
    expect(new RegExp(example.slice(1, -1)).test("https://a.exampleXcom")).toBe(false);
    const [lookalike] = validateCorsOptions({ origin: [/example\.com$/] });
    expect(lookalike?.code).toBe("unanchored-regexp");
    expect(lookalike?.message).toContain("'https://corsproofattackerexample.com'");
    expect(/example\.com$/.test("https://corsproofattackerexample.com")).toBe(true);
    const [tenant] = validateCorsOptions({ origin: [/^https:\/\/.*\.amplifyapp\.com$/], credentials: true });
    expect(tenant?.code).toBe("regexp-admits-unnamed-origin");
    expect(tenant?.message).toContain("amplifyapp.com");
    expect(codes(/^https:\/\/.*\.amplifyapp\.com$/)).toEqual([]);
    expect(codes(/^http:\/\/\d+\.\d+\.\d+\.\d+:\d+$/, true)).toEqual(["regexp-admits-unnamed-origin"]);
  });

  it("judges each top-level alternative on its own: ^a$|^b$ is anchored, a bare alternative is not", () => {
    const both = /^https:\/\/a\.example\.com$|^https:\/\/b\.example\.com$/;
    expect(codes(both)).toEqual([]);
    expect(codes(both, true)).toEqual([]);
    // Groups and escapes: the `|` inside (?:…) and the escaped `\|` do not split.
    expect(codes(/^https:\/\/(?:a|b)\.example\.com$|^https:\/\/c\.example\.com$/, true)).toEqual([]);
    expect(codes(/^https:\/\/a\|b\.com$/)).toEqual([]);
    const mixed = /^https:\/\/a\.com$|b\.com/;
    const [issue] = validateCorsOptions({ origin: [mixed] });
    expect(issue?.code).toBe("unanchored-regexp");
    const admitted = /admits '([^']+)'/.exec(issue?.message ?? "")?.[1] as string;
    expect(admitted).toBe("https://b.com.corsproof-attacker.com");
    expect(mixed.test(admitted)).toBe(true);
    // An unescaped dot in the second alternative is found too, and the fix escapes it.
    const [dot] = validateCorsOptions({ origin: [/^https:\/\/a\.com$|^https:\/\/b.example\.com$/] });
    expect(dot?.code).toBe("unescaped-dot-regexp");
    expect(dot?.message).toContain("'https://b-example.com'");
    expect(dot?.fix).toContain(String.raw`/^https:\/\/a\.com$|^https:\/\/b\.example\.com$/`);
  });

  it("reads /./ as any origin: a warning without credentials, refused with them", () => {
    expect(validateCorsOptions({ origin: /./ }).map((i) => [i.code, i.severity])).toEqual([["regexp-matches-any-origin", "warning"]]);
    expect(codes(/./, true)).toEqual(["reflect-origin-with-credentials"]);
  });

  it("generates witnesses from each top-level alternative in src/protocol (shared with audit and scan)", () => {
    expect(regexpWitnesses(/\.example\.com$/)).toEqual(["https://a.example.com"]);
    expect(regexpWitnesses(/^https?:\/\/localhost:\d+$/)).toEqual(["https://localhost:8"]);
    expect(regexpWitnesses(/^https:\/\/a\.example\.com$|^https:\/\/b\.example\.com$/)).toEqual(["https://a.example.com", "https://b.example.com"]);
  });
});

describe("auditOriginFunction", () => {
  it("reports reflect-everything with the canaries that prove it", async () => {
    const [finding] = await auditOriginFunction(() => true, { credentials: true });
    expect(finding?.code).toBe("origin-function-admits-attacker");
    expect(finding?.message).toContain("'https://corsproof-attacker.com' and 'http://203.0.113.7:8081'");
  });

  it("reports suffix, prefix and substring checks with the proving origin, seeded by the function's own literals", async () => {
    const message = async (fn: (o: string) => boolean) => (await auditOriginFunction(fn, { credentials: true })).map((f) => f.message).join(" ");
    expect(await message((o) => o.endsWith("example.com"))).toContain("'https://corsproofattackerexample.com'");
    expect(await message((o) => o.startsWith("https://app.example.com"))).toContain("'https://app.example.com.corsproof-attacker.com'");
    expect(await message((o) => o.includes("app.example.com"))).toContain("'https://app.example.com.corsproof-attacker.com'");
    // The allowlist string's includes(): a part of the name is admitted.
    expect(await message((o) => "https://app.example.com".includes(o))).toContain("'https://app.example.co'");
    expect(await message((o) => o.endsWith(".vercel.app"))).toContain("shared-hosting suffix 'vercel.app'");
    expect(await message((o) => /^https:\/\/.*\.amplifyapp\.com$/.test(o))).toContain("shared-hosting suffix 'amplifyapp.com'");
    expect(await message((o) => o.includes("localhost"))).toContain("'https://localhost.corsproof-attacker.com'");
    expect(await message((o) => /^http:\/\/\d+\.\d+\.\d+\.\d+:\d+$/.test(o))).toContain("'http://203.0.113.7:8081'");
    expect(await message((o) => o === "null")).toContain("'null' origin");
  });

  it("finds nothing in sound functions: exact sets, subdomains of the author's own domain, loopback on any port", async () => {
    const sound = [
      (o: string) => new Set(["https://app.example.com", "https://myapp.vercel.app"]).has(o),
      (o: string) => (o === "https://example.com" || o.endsWith(".example.com") ? o.startsWith("https://") : false),
      (o: string) => /^http:\/\/localhost:\d+$/.test(o) || /^https:\/\/([a-z0-9-]+\.)*example\.com$/.test(o),
    ];
    for (const fn of sound) expect(await auditOriginFunction(fn, { credentials: true }), String(fn)).toEqual([]);
  });

  it("without credentials, shared-hosting tenants and http: origins are what the function names", async () => {
    expect(await auditOriginFunction((o) => o.endsWith(".vercel.app") || o.startsWith("http://"))).toEqual([]);
  });

  it("runs at start-up when asked, reporting through onWarning", async () => {
    const warned: ConfigIssue[] = [];
    createCorsPolicy({
      origin: (o) => o.includes("example.com"),
      auditOriginFunction: { origins: ["https://app.example.com"] },
      onWarning: (w) => warned.push(w),
    });
    await vi.waitFor(() => expect(warned.map((w) => w.code)).toContain("origin-function-admits-attacker"));
  });
});

describe("validateCorsOptions with a flavour judges what the adapter builds", () => {
  it("Express: no origin is cors's '*' default, an unset one is named, a '*' string on a public suffix is refused with both readings", () => {
    expect(validateFor({}, { flavour: "express" })).toEqual([]);
    expect(validateFor({}, { flavour: "corsproof" }).map((i) => i.code)).toEqual(["origin-required"]);
    expect(validateFor({ origin: undefined }, { flavour: "express" }).map((i) => i.code)).toEqual(["unset-origin"]);
    const [star] = validateFor({ origin: ["https://app.example.com", "https://*.vercel.app"] }, { flavour: "express" });
    expect(star?.code).toBe("wildcard-inside-origin-string");
    expect(star?.path).toBe("origin[1]");
    expect(star?.message).toMatch(/never matches.*every site/);
    expect(validateFor({ origin: "https://*.example.com" }, { flavour: "express" })).toEqual([]);
  });

  it("Koa and Hono: their own option names are not unknown", () => {
    expect(
      validateFor({ origin: "https://app.example.com", allowMethods: ["GET"], keepHeadersOnError: true, secureContext: false }, { flavour: "koa" }),
    ).toEqual([]);
    expect(validateFor({ origin: "https://app.example.com", allowHeaders: ["X-Token"], exposeHeaders: ["ETag"] }, { flavour: "hono" })).toEqual([]);
    expect(validateFor({ origin: "https://app.example.com", hook: "preHandler", strictPreflight: true }, { flavour: "fastify" })).toEqual([]);
  });
});
