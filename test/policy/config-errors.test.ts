import { describe, expect, it } from "vitest";
import { CONFIG_ISSUE_CODES, type ConfigIssueCode, CorsConfigError, type CorsOptions, createCorsPolicy } from "../../src/index.js";

const A = "https://app.example.com";

/** One configuration per problem, with the path it must point at. */
const cases: ReadonlyArray<{ code: ConfigIssueCode; path: string; options: CorsOptions; fix?: RegExp }> = [
  { code: "unknown-option", path: "allowHeaders", options: { origin: A, allowHeaders: ["x"] } as unknown as CorsOptions, fix: /Did you mean 'allowedHeaders'/ },
  { code: "invalid-type", path: "credentials", options: { origin: A, credentials: "true" } as unknown as CorsOptions },
  { code: "origin-required", path: "origin", options: {} as CorsOptions },
  { code: "empty-origin-list", path: "origin", options: { origin: [] } },
  { code: "wildcard-origin-with-credentials", path: "origin", options: { origin: "*", credentials: true } },
  { code: "reflect-origin-with-credentials", path: "origin", options: { origin: true, credentials: true } },
  { code: "wildcard-origin-in-list", path: "origin[1]", options: { origin: [A, "*"] } },
  { code: "null-origin", path: "origin[0]", options: { origin: ["null"] } },
  { code: "file-origin", path: "origin", options: { origin: "file://" } },
  { code: "non-canonical-origin", path: "origin[0]", options: { origin: [`${A}/`] }, fix: /Write 'https:\/\/app\.example\.com'/ },
  { code: "non-canonical-origin", path: "origin[0]", options: { origin: ["https://APP.example.com"] }, fix: /Write 'https:\/\/app\.example\.com'/ },
  { code: "non-canonical-origin", path: "origin[0]", options: { origin: [`${A}:443`] }, fix: /Write 'https:\/\/app\.example\.com'/ },
  { code: "non-canonical-origin", path: "origin[0]", options: { origin: [`https://user@app.example.com`] } },
  { code: "non-canonical-origin", path: "origin[0]", options: { origin: [`${A}/path?q=1`] } },
  { code: "non-canonical-origin", path: "origin[0]", options: { origin: ["https://bücher.example"] }, fix: /xn--bcher-kva/ },
  { code: "invalid-origin", path: "origin", options: { origin: "app.example.com" } },
  { code: "invalid-origin-pattern", path: "origin[0]", options: { origin: ["https://*"] } },
  { code: "invalid-origin-pattern", path: "origin[0]", options: { origin: ["*.example.com"] } },
  { code: "invalid-origin-pattern", path: "origin[0]", options: { origin: ["https://a*.example.com"] } },
  { code: "insecure-origin-with-credentials", path: "origin[0]", options: { origin: ["http://app.example.com"], credentials: true } },
  { code: "insecure-origin-with-credentials", path: "origin[0]", options: { origin: ["http://*.example.com"], credentials: true } },
  { code: "public-suffix-wildcard-with-credentials", path: "origin[0]", options: { origin: ["https://*.github.io"], credentials: true } },
  { code: "public-suffix-wildcard-with-credentials", path: "origin[0]", options: { origin: ["https://*.co.uk"], credentials: true } },
  { code: "unanchored-regexp", path: "origin[0]", options: { origin: [/example\.com$/] } },
  { code: "unanchored-regexp", path: "origin[0]", options: { origin: [/^https:\/\/a\.com|https:\/\/b\.com$/] } },
  { code: "stateful-regexp", path: "origin[0]", options: { origin: [/^https:\/\/a\.com$/g] } },
  { code: "stateful-regexp", path: "origin", options: { origin: /^https:\/\/a\.com$/y } },
  {
    code: "unescaped-dot-regexp",
    path: "origin[0]",
    options: { origin: [/^https:\/\/app.example.com$/] },
    fix: /^Escape the dots: \/\^https:\\\/\\\/app\\\.example\\\.com\$\//,
  },
  { code: "invalid-method", path: "methods[0]", options: { origin: A, methods: ["PUT DELETE"] } },
  { code: "forbidden-method", path: "methods[0]", options: { origin: A, methods: ["connect"] } },
  { code: "forbidden-method", path: "methods", options: { origin: A, methods: "GET,TRACK" } },
  { code: "invalid-header-name", path: "allowedHeaders[0]", options: { origin: A, allowedHeaders: ["X Header"] } },
  { code: "forbidden-request-header", path: "allowedHeaders[0]", options: { origin: A, allowedHeaders: ["Sec-Fetch-Mode"] } },
  { code: "forbidden-request-header", path: "headers[0]", options: { origin: A, headers: ["Cookie"] } },
  { code: "prohibited-request-header", path: "allowedHeaders[0]", options: { origin: A, allowedHeaders: ["Access-Control-Allow-Origin"] } },
  { code: "forbidden-response-header", path: "exposedHeaders[0]", options: { origin: A, exposedHeaders: ["Set-Cookie"] } },
  { code: "prohibited-response-header", path: "exposedHeaders[0]", options: { origin: A, exposedHeaders: ["Origin"] } },
  { code: "exposed-wildcard-with-credentials", path: "exposedHeaders[0]", options: { origin: A, credentials: true, exposedHeaders: ["*"] } },
  { code: "invalid-max-age", path: "maxAge", options: { origin: A, maxAge: 86401 } },
  { code: "invalid-max-age", path: "maxAge", options: { origin: A, maxAge: 1.5 } },
  { code: "invalid-status", path: "optionsSuccessStatus", options: { origin: A, optionsSuccessStatus: 302 } },
  { code: "invalid-origin-cache", path: "originCache", options: { origin: () => true, originCache: { max: 10, ttlMs: -1 } } },
  { code: "invalid-status", path: "preflightFailureStatus", options: { origin: A, preflightFailureStatus: 99 } },
];

function issuesOf(options: CorsOptions) {
  try {
    createCorsPolicy(options);
  } catch (e) {
    expect(e).toBeInstanceOf(CorsConfigError);
    return (e as CorsConfigError).issues;
  }
  return [];
}

describe("config errors", () => {
  for (const c of cases) {
    it(`${c.code} at ${c.path}: ${JSON.stringify(c.options, (_k, v) => (v instanceof RegExp ? String(v) : v))}`, () => {
      const issues = issuesOf(c.options);
      expect(issues.map((i) => [i.code, i.path])).toEqual([[c.code, c.path]]);
      const issue = issues[0];
      expect(issue?.message.length).toBeGreaterThan(10);
      expect(issue?.fix.length).toBeGreaterThan(5);
      if (c.fix) expect(issue?.fix).toMatch(c.fix);
    });
  }

  it("covers every code", () => {
    // Needs a runtime without Node (no Public Suffix List): test/adapters/edge-bundle.test.ts.
    const elsewhere = ["public-suffix-list-unavailable"];
    expect(new Set([...cases.map((c) => c.code), ...elsewhere])).toEqual(new Set(CONFIG_ISSUE_CODES));
  });

  it("collects every problem into one error whose message lists them all", () => {
    const issues = issuesOf({ origin: ["https://A.com/", "null"], credentials: true, methods: ["TRACE"], maxAge: -5 });
    expect(issues.map((i) => i.code)).toEqual(["non-canonical-origin", "null-origin", "forbidden-method", "invalid-max-age"]);
    try {
      createCorsPolicy({ origin: ["https://A.com/", "null"], credentials: true, methods: ["TRACE"], maxAge: -5 });
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toMatch(/^Invalid CORS configuration \(4 problems\):/);
      for (const i of issues) expect(message).toContain(i.fix);
    }
  });

  it("accepts the opt-ins that name the danger", () => {
    expect(() =>
      createCorsPolicy({
        origin: ["null", "http://intranet.example", "https://*.github.io"],
        credentials: true,
        dangerouslyAllowNullOrigin: true,
        dangerouslyAllowInsecureOriginsWithCredentials: true,
        dangerouslyAllowSubdomainsOfPublicSuffixes: true,
      }),
    ).not.toThrow();
  });

  it("allows loopback http origins with credentials and public-suffix wildcards without credentials", () => {
    expect(() => createCorsPolicy({ origin: ["http://localhost:*", "http://127.0.0.1:8080", "http://[::1]:3000"], credentials: true })).not.toThrow();
    expect(() => createCorsPolicy({ origin: ["https://*.github.io"] })).not.toThrow();
  });
});
