/**
 * Property tests (issue 18): whatever origin entry corsproof accepts at construction is one that
 * WHATWG URL serialisation produces (`new URL(o).origin === o`), whatever a pattern accepts stands
 * for such origins, and every "Write '…'" fix names an entry that is itself accepted and is what
 * URL serialisation makes of the entry. Inputs mix the forms the issue lists: IPv4 and IPv6 in
 * every notation, Punycode (valid and not), localhost names, trailing dots, ports.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CorsDecision, createCorsPolicy, validateCorsOptions } from "../../src/index.js";

const label = fc.stringMatching(/^[a-z0-9_]([a-z0-9-]{0,6}[a-z0-9])?$/);
/** Punycode labels: real ones (encoded by URL from Unicode), and made-up ones that may not decode. */
const aLabel = fc.oneof(
  fc
    .string({ unit: "grapheme", minLength: 1, maxLength: 4 })
    .map((u) => {
      try {
        return new URL(`http://${u}`).hostname.split(".")[0] ?? "x";
      } catch {
        return "x";
      }
    })
    .filter((l) => l.startsWith("xn--")),
  fc.stringMatching(/^xn--[a-z0-9-]{0,6}$/),
);
const name = fc
  .tuple(
    fc.array(fc.oneof({ weight: 4, arbitrary: label }, { weight: 1, arbitrary: aLabel }), { minLength: 1, maxLength: 3 }),
    fc.constantFrom("example", "localhost", "test", "com"),
  )
  .map(([labels, tld]) => [...labels, tld].join("."));
const ipv4 = fc.oneof(fc.ipV4(), fc.ipV4Extended(), fc.constantFrom("127.1", "0x7f.0.0.1", "1.2.3.4.5", "256.0.0.1"));
const piece = fc.constantFrom("0", "00", "0000", "1", "ff", "FF", "abcd", "01", "12345");
const ipv6 = fc.oneof(
  fc.ipV6(),
  fc
    .tuple(fc.array(piece, { minLength: 1, maxLength: 9 }), fc.array(fc.constantFrom(":", "::"), { maxLength: 9 }))
    .map(([ps, seps]) => ps.map((p, i) => p + (i < ps.length - 1 ? (seps[i] ?? ":") : "")).join("")),
);
const host = fc.oneof(
  { weight: 4, arbitrary: name },
  { weight: 2, arbitrary: ipv4 },
  { weight: 2, arbitrary: ipv6.map((a) => `[${a}]`) },
  { weight: 1, arbitrary: fc.constantFrom("localhost", "localhost.", "foo.localhost.", "LocalHost", "foo.0x1", "a..b", "-a.example") },
);
const withDot = fc.tuple(host, fc.boolean()).map(([h, dot]) => (dot && !h.startsWith("[") ? `${h}.` : h));
const scheme = fc.constantFrom("http", "https", "ws", "wss", "HTTPS");
const port = fc.oneof(
  fc.constant(""),
  fc.constantFrom(":80", ":443", ":0", ":08080", ":65536", ":"),
  fc.integer({ min: 1, max: 65535 }).map((p) => `:${p}`),
);

/** The replacement a fix names, if any. */
const namedFix = (fix: string) => /^Write '([^']+)'\.$/.exec(fix)?.[1];

describe("origin entries accepted at construction are WHATWG URL serialisations", () => {
  it("exact entries: accepted ⇒ new URL(o).origin === o; a non-canonical entry's fix is its serialisation, itself accepted", () => {
    fc.assert(
      fc.property(scheme, withDot, port, fc.boolean(), (s, h, p, credentials) => {
        const entry = `${s}://${h}${p}`;
        const issues = validateCorsOptions({ origin: [entry], credentials, dangerouslyAllowInsecureOriginsWithCredentials: true });
        if (issues.length === 0) {
          expect(new URL(entry).origin).toBe(entry);
          return;
        }
        expect(issues).toHaveLength(1);
        const [issue] = issues;
        if (issue?.code === "non-canonical-origin") {
          const fix = namedFix(issue.fix);
          expect(fix).toBe(new URL(entry).origin);
          expect(validateCorsOptions({ origin: [fix as string] })).toEqual([]);
        }
      }),
      { numRuns: 3000, seed: 18 },
    );
  });

  it("patterns: accepted ⇒ every origin they stand for is a URL serialisation; a pattern fix is accepted", () => {
    fc.assert(
      fc.property(scheme, withDot, fc.constantFrom("", ":*", ":8443", ":443"), fc.boolean(), label, (s, h, p, subdomains, sub) => {
        const pattern = `${s}://${subdomains ? "*." : ""}${h}${subdomains ? p : ":*"}`;
        const issues = validateCorsOptions({ origin: [pattern] });
        if (issues.length === 0) {
          const stand = `${s}://${subdomains ? `${sub}.` : ""}${h}${subdomains && p !== ":*" ? p : ""}`;
          expect(new URL(stand).origin).toBe(stand);
          return;
        }
        const fix = namedFix(issues[0]?.fix ?? "");
        if (fix !== undefined) expect(validateCorsOptions({ origin: [fix] })).toEqual([]);
      }),
      { numRuns: 3000, seed: 1818 },
    );
  });

  it("per request, an address origin (IPv6, or a host ending in a number) passes the shape check exactly when it is the URL Standard's serialisation", () => {
    // Reflect mode allows every Origin that passes the per-request shape check, and nothing else.
    const reflect = createCorsPolicy({ origin: true });
    const address = fc.oneof(
      ipv6.map((a) => `[${a}]`),
      ipv4,
      fc.tuple(label, ipv4).map(([l, a]) => `${l}.${a}`),
    );
    fc.assert(
      fc.property(scheme, address, fc.boolean(), port, (s, host, dot, p) => {
        const origin = `${s}://${host}${dot && !host.startsWith("[") ? "." : ""}${p}`;
        let serialised: string | undefined;
        try {
          serialised = new URL(origin).origin;
        } catch {
          serialised = undefined;
        }
        // Port 0 parses but is a bad port (Fetch): no page is loaded from it, so it is never allowed.
        const sendable = (o: string | undefined) => o !== undefined && !o.endsWith(":0");
        expect((reflect.decide("GET", origin) as CorsDecision).allowed, origin).toBe(serialised === origin && sendable(origin));
        if (sendable(serialised)) expect((reflect.decide("GET", serialised as string) as CorsDecision).allowed, serialised).toBe(true);
      }),
      { numRuns: 5000, seed: 6 },
    );
  });
});
