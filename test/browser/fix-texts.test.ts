/**
 * The one-line fixes of every failure kind read as sentences and never advise what corsproof refuses
 * as insecure: after a cross-origin redirect (request origin `null`) the fix is to call the final
 * URL, never to allow `null`.
 */
import { describe, expect, it } from "vitest";
import { type CorsErrorCode, FAILURE_KINDS, type MessageContext } from "../../src/browser/console-messages.js";

const base: MessageContext = {
  hint: "x-custom",
  initialUrl: "https://api.example.com/old",
  lastUrl: "https://cdn.example.net/new",
  pageOrigin: "https://app.example.com",
  requestOrigin: "https://app.example.com",
  status: 403,
  token: "",
  method: "PUT",
  credentials: true,
};

describe("fix texts", () => {
  for (const code of Object.keys(FAILURE_KINDS) as CorsErrorCode[]) {
    it(code, () => {
      for (const context of [base, { ...base, credentials: false }, { ...base, requestOrigin: "null" }]) {
        const fix = FAILURE_KINDS[code].fix(context);
        expect(fix).toMatch(/^[A-Z].*[.)]$/s);
        // No sentence glued into another ("Answer the OPTIONS preflight with Send ...").
        expect(fix).not.toMatch(/\b(with|and|:) Send\b/);
        if (context.requestOrigin === "null") expect(fix).not.toMatch(/Access-Control-Allow-Origin: null/);
      }
    });
  }

  it("a redirect-tainted origin gets 'call the final URL' with the reason", () => {
    const fix = FAILURE_KINDS.MissingAllowOriginHeader.fix({ ...base, requestOrigin: "null" });
    expect(fix).toBe(
      "Have the page call the final URL (https://cdn.example.net/new) directly. After a cross-origin redirect the browser sends `Origin: null`, and allowing the null origin would let any sandboxed iframe or file: page read the response (corsproof refuses it as insecure).",
    );
    // A page that really has an opaque origin gets the plain advice.
    expect(FAILURE_KINDS.MissingAllowOriginHeader.fix({ ...base, pageOrigin: "null", requestOrigin: "null" })).toMatch(
      /^Send `Access-Control-Allow-Origin: null`/,
    );
  });
});
