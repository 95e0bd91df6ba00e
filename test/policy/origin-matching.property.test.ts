/**
 * Property-based tests of origin matching: random origins near an allowlist never match unless an
 * independent, obviously-correct oracle says they should, and serialised origins round-trip.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CorsDecision, createCorsPolicy } from "../../src/index.js";
import { isSerializedOrigin, splitSerializedOrigin } from "../../src/protocol/origin.js";

/** A DNS label; `xn--` labels are Punycode, which random letters rarely are (see origin-forms.property.test.ts). */
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/).filter((l) => !l.startsWith("xn--"));
/** Hosts ending in a number are IPv4 to WHATWG URL, so a name's last label must not look like one. */
const endsInANumber = (h: string) => /(^|\.)(\d+|0x[0-9a-f]*)$/.test(h);
const host = fc
  .array(label, { minLength: 1, maxLength: 4 })
  .map((l) => l.join("."))
  .filter((h) => !endsInANumber(h));
const scheme = fc.constantFrom("http", "https");
const port = fc.oneof(fc.constant(""), fc.integer({ min: 1, max: 65535 }).map(String));
const origin = fc
  .tuple(scheme, host, port)
  .filter(([s, , p]) => !((s === "http" && p === "80") || (s === "https" && p === "443")))
  .map(([s, h, p]) => `${s}://${h}${p ? `:${p}` : ""}`);

type Entry = { kind: "exact"; value: string } | { kind: "sub"; scheme: string; base: string; port: string } | { kind: "anyport"; scheme: string; host: string };
const entry: fc.Arbitrary<Entry> = fc.oneof(
  origin.map((value) => ({ kind: "exact" as const, value })),
  fc
    .tuple(
      fc.constant("https"),
      fc
        .array(label, { minLength: 2, maxLength: 3 })
        .map((l) => l.join("."))
        .filter((h) => !endsInANumber(h)),
      fc.constantFrom("", "*", "8443"),
    )
    .map(([s, base, p]) => ({ kind: "sub" as const, scheme: s, base, port: p })),
  fc.tuple(scheme, host).map(([s, h]) => ({ kind: "anyport" as const, scheme: s, host: h })),
);
const source = (e: Entry) =>
  e.kind === "exact" ? e.value : e.kind === "sub" ? `${e.scheme}://*.${e.base}${e.port ? `:${e.port}` : ""}` : `${e.scheme}://${e.host}:*`;

/** The oracle: written from the documented semantics with plain string operations. */
function oracle(entries: readonly Entry[], value: string): boolean {
  return entries.some((e) => {
    if (e.kind === "exact") return value === e.value;
    const m = /^([a-z]+):\/\/([a-z0-9.-]+)(?::([0-9]+))?$/.exec(value);
    if (!m || !isSerializedOrigin(value)) return false;
    const [, s, h = "", p = ""] = m;
    if (s !== e.scheme) return false;
    if (e.kind === "anyport") return h === e.host;
    const portOk = e.port === "*" || e.port === p;
    return portOk && h.endsWith(`.${e.base}`) && h.length > e.base.length + 1;
  });
}

/** Values near an allowed one: the kinds of edits attackers and sloppy matchers trip on. */
function mutations(value: string, rnd: string): string[] {
  const at = value.indexOf("://") + 3;
  return [
    value,
    `${value}/`,
    value.toUpperCase(),
    `${value}.${rnd}.com`,
    `${value.slice(0, at)}${rnd}.${value.slice(at)}`,
    `${value.slice(0, at)}${rnd}${value.slice(at)}`,
    `${value.slice(0, at)}${rnd}-${value.slice(at)}`,
    `${value}:443`,
    `${value}:80`,
    `${value}:8443`,
    `${value}:${rnd.length}`,
    value.replace("https://", "http://"),
    value.replace("http://", "https://"),
    `${value.slice(0, at)}user@${value.slice(at)}`,
    `${value}, https://evil.com`,
    ` ${value}`,
    `${value}.`,
    value.replace(".", "_"),
    value.replace(/\.([^.]*)$/, "$1"),
    `${value.slice(0, at)}.${value.slice(at)}`,
  ];
}

describe("origin matching properties", () => {
  it("matches exactly what the oracle allows, for random allowlists and near-miss origins", () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 6 }), fc.array(origin, { maxLength: 4 }), label, (entries, extra, rnd) => {
        const policy = createCorsPolicy({ origin: entries.map(source) });
        const candidates = [
          ...entries.flatMap((e) => mutations(e.kind === "exact" ? e.value : e.kind === "sub" ? `https://${rnd}.${e.base}` : `${e.scheme}://${e.host}`, rnd)),
          ...extra,
        ];
        for (const value of candidates) {
          const allowed = (policy.decide("GET", value) as CorsDecision).allowed;
          expect(allowed, value).toBe(oracle(entries, value));
        }
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it("never allows an origin that is not a browser serialisation, whatever the allowlist", () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 4 }), fc.string({ maxLength: 40 }), (entries, junk) => {
        const policy = createCorsPolicy({ origin: entries.map(source) });
        const allowed = (policy.decide("GET", junk) as CorsDecision).allowed;
        if (allowed) expect(isSerializedOrigin(junk)).toBe(true);
      }),
      { numRuns: 500, seed: 8 },
    );
  });

  it("serialised origins round-trip through split and agree with WHATWG URL", () => {
    fc.assert(
      fc.property(origin, (value) => {
        expect(isSerializedOrigin(value)).toBe(true);
        const parts = splitSerializedOrigin(value);
        expect(parts && `${parts.scheme}://${parts.host}${parts.port ? `:${parts.port}` : ""}`).toBe(value);
        expect(new URL(value).origin).toBe(value);
      }),
      { numRuns: 1000, seed: 9 },
    );
  });

  it("whatever isSerializedOrigin accepts for http(s) is what WHATWG URL serialises", () => {
    fc.assert(
      fc.property(fc.tuple(scheme, fc.stringMatching(/^[a-zA-Z0-9.:\-_[\]%@/ ]{1,30}$/)), ([s, rest]) => {
        const value = `${s}://${rest}`;
        // Punycode is not decoded per request (see isSerializedOrigin); entries are checked at construction.
        if (!isSerializedOrigin(value) || /xn--/i.test(value)) return;
        expect(new URL(value).origin).toBe(value);
      }),
      { numRuns: 3000, seed: 10 },
    );
  });
});
