/**
 * Debug explanations are computed from the same lists the decision uses (issue 18): an empty
 * methods or headers list reads as "none", never as "*" or "any", and every name the explanation
 * lists is one the policy really allows.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CorsDecision, type CorsOptions, createCorsPolicy, validateCorsOptions } from "../../src/index.js";

const APP = "https://app.example.com";
const explain = (options: Omit<CorsOptions, "origin">, method: string, headers?: string) => {
  const d = createCorsPolicy({ ...options, origin: [APP], debug: true }).decide("OPTIONS", APP, method, headers) as CorsDecision;
  expect(d.allowed).toBe(false);
  return d.body;
};
/** The list after "allowed: " in an explanation. */
const allowedPart = (body: string) => /; allowed: (.*)\)\.\n$/.exec(body)?.[1] ?? "";

describe("debug explanations", () => {
  it("methods: [] refuses PUT and says no method is listed, not 'allowed: *'", () => {
    const body = explain({ methods: [] }, "PUT");
    expect(body).toContain('"PUT"');
    expect(allowedPart(body)).toBe("none listed, and the CORS-safelisted GET, HEAD, POST");
    expect(body).not.toMatch(/allowed: \*/);
  });

  it("a method list is named as configured", () => {
    expect(allowedPart(explain({ methods: ["GET", "PUT"] }, "DELETE"))).toBe("GET,PUT, and the CORS-safelisted GET, HEAD, POST");
  });

  it("allowedHeaders: [] refuses a header and says none is allowed, not 'any'", () => {
    expect(allowedPart(explain({ allowedHeaders: [] }, "PUT", "x-trace"))).toBe("none");
  });

  it("'*' with credentials refuses authorization and says why", () => {
    const body = explain({ allowedHeaders: ["*"], credentials: true }, "PUT", "authorization");
    expect(allowedPart(body)).toMatch(/^any but authorization, which '\*' never covers/);
  });

  it("property: every method and header the explanation lists is allowed; the refused one is not among them", () => {
    const token = fc.stringMatching(/^[A-Z][A-Z0-9-]{0,6}$/);
    fc.assert(
      fc.property(fc.uniqueArray(token, { maxLength: 4 }), fc.uniqueArray(token, { maxLength: 4 }), token, token, (methods, headers, method, header) => {
        const options = { origin: [APP], methods, allowedHeaders: headers, debug: true };
        // Random tokens are sometimes forbidden names (TRACE, TE, HOST…), which are config errors.
        fc.pre(validateCorsOptions(options).length === 0);
        const policy = createCorsPolicy(options);
        const decide = (m: string, h?: string) => policy.decide("OPTIONS", APP, m, h) as CorsDecision;
        const refusedMethod = decide(method);
        if (!refusedMethod.allowed) {
          const listed = allowedPart(refusedMethod.body).replace(/, and the CORS-safelisted GET, HEAD, POST$/, "");
          const names = listed === "none listed" ? [] : listed.split(",");
          expect(names).not.toContain(method);
          for (const m of [...names, "GET", "HEAD", "POST"]) expect(decide(m).allowed, m).toBe(true);
        }
        const refusedHeader = decide("GET", header.toLowerCase());
        if (!refusedHeader.allowed) {
          const listed = allowedPart(refusedHeader.body);
          const names = listed === "none" ? [] : listed.split(",");
          expect(names).not.toContain(header.toLowerCase());
          for (const h of names) expect(decide("GET", h).allowed, h).toBe(true);
        }
      }),
      { numRuns: 300, seed: 1818 },
    );
  });
});
