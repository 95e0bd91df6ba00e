/**
 * Anchored origin RegExps whose unescaped `.` admits a look-alike host are refused, naming the
 * origin they admit and the escaped RegExp; RegExps whose dots admit nothing a browser can send,
 * or only what the author named, are accepted.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CorsDecision, createCorsPolicy, validateCorsOptions } from "../../src/index.js";

const refused: ReadonlyArray<[RegExp, string, string]> = [
  [/^https:\/\/app.example.com$/, "https://app-example.com", "/^https:\\/\\/app\\.example\\.com$/"],
  [/^https:\/\/app\.example.com$/, "https://app.example-com", "/^https:\\/\\/app\\.example\\.com$/"],
  [/^http:\/\/127.0.0.1:3000$/, "http://127.0.0-1:3000", "/^http:\\/\\/127\\.0\\.0\\.1:3000$/"],
  [/^https:\/\/(app|www).example\.com$/, "https://app-example.com", "/^https:\\/\\/(app|www)\\.example\\.com$/"],
  [/^https:\/\/[a-z]+.example\.com$/, "https://a-example.com", "/^https:\\/\\/[a-z]+\\.example\\.com$/"],
  [/^https:\/\/([a-z]+\.)?example.com(:\d+)?$/i, "https://example-com", "/^https:\\/\\/([a-z]+\\.)?example\\.com(:\\d+)?$/i"],
  [/^https:\/\/APP.Example\.com$/i, "https://app-example.com", "/^https:\\/\\/APP\\.Example\\.com$/i"],
  [/^https:\/\/[^./]+.example\.com$/, "https://a-example.com", "/^https:\\/\\/[^./]+\\.example\\.com$/"],
  [/^https:\/\/(?:app.example.com|app-example\.com)$/, "https://appxexample.com", "/^https:\\/\\/(?:app\\.example\\.com|app-example\\.com)$/"],
];

const accepted: readonly RegExp[] = [
  /^https:\/\/app\.example\.com$/,
  /^https:\/\/[a-z]+\.example\.net$/,
  // `.*` and `.+` are wildcards on purpose; what they admit is for the author to judge.
  /^https:\/\/.*\.example\.com$/,
  /^https:\/\/[a-z0-9-]+\.preview\.example\.com(?::\d+)?$/,
  /^https?:\/\/localhost:\d+$/,
  /^https:\/\/[^.]+\.example\.com$/,
];

describe("anchored RegExps with an unescaped dot", () => {
  for (const [re, admitted, fixed] of refused) {
    it(`${String(re)} is refused: it admits ${admitted}`, () => {
      expect(re.test(admitted)).toBe(true);
      const issues = validateCorsOptions({ origin: [re] });
      expect(issues.map((i) => [i.code, i.path])).toEqual([["unescaped-dot-regexp", "origin[0]"]]);
      expect(issues[0]?.message).toContain(`admits '${admitted}'`);
      expect(issues[0]?.fix).toContain(`Escape the dots: ${fixed}`);
      const escaped = new RegExp(fixed.slice(1, fixed.lastIndexOf("/")), fixed.slice(fixed.lastIndexOf("/") + 1));
      expect(validateCorsOptions({ origin: [escaped] })).toEqual([]);
      expect(escaped.test(admitted)).toBe(false);
    });
  }
  for (const re of accepted) {
    it(`${String(re)} is accepted`, () => {
      expect(validateCorsOptions({ origin: [re] })).toEqual([]);
    });
  }

  it("property: a refusal names an origin the RegExp matches, a browser can send, and the escaped RegExp does not match", () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 2, maxLength: 4 }), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), (labels, escapes) => {
        const source = `^https:\\/\\/${labels.map((l, i) => (i === 0 ? l : `${escapes[i - 1] ? "\\." : "."}${l}`)).join("")}$`;
        const re = new RegExp(source);
        const issues = validateCorsOptions({ origin: [re] });
        const allEscaped = labels.every((_, i) => i === 0 || escapes[i - 1]);
        // Replacing a dot between two letter labels with '-' always gives a host a browser can send.
        expect(issues.map((i) => i.code)).toEqual(allEscaped ? [] : ["unescaped-dot-regexp"]);
        if (allEscaped) return;
        const admitted = /admits '([^']+)'/.exec(issues[0]?.message ?? "")?.[1] as string;
        expect(re.test(admitted)).toBe(true);
        expect(new URL(admitted).origin).toBe(admitted);
        expect(admitted).not.toBe(`https://${labels.join(".")}`);
        const policy = createCorsPolicy({ origin: [new RegExp(source.replace(/(?<!\\)\.(?=[a-z])/g, "\\."))] });
        expect((policy.decide("GET", admitted) as CorsDecision).allowed).toBe(false);
        expect((policy.decide("GET", `https://${labels.join(".")}`) as CorsDecision).allowed).toBe(true);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
