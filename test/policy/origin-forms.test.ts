/**
 * Origin entries to the letter of the URL Standard and Secure Contexts (issue 18): every form the
 * issue lists, with the code, the message and the fix naming the serialised form; then what the
 * accepted ones match; then real Chromium as the judge of which localhost names are secure
 * contexts and of how it serialises each accepted entry.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type ConfigIssueCode, type CorsDecision, createCorsPolicy, validateCorsOptions } from "../../src/index.js";
import { CHROMIUM_FLAGS, CHROMIUM_PATH, chromiumAvailable } from "../browser/support/chromium.js";

interface Form {
  readonly entry: string;
  readonly credentials?: boolean;
  /** undefined: accepted. */
  readonly code?: ConfigIssueCode;
  readonly message?: RegExp;
  readonly fix?: RegExp;
}

const FORMS: readonly Form[] = [
  // IPv6: browsers serialise compressed, lower-case, without embedded IPv4 (URL Standard IPv6 serializer).
  {
    entry: "http://[2001:4860:4860:0000:0000:0000:0000:8888]:90",
    code: "non-canonical-origin",
    message: /writes the IPv6 address as '\[2001:4860:4860:0000:0000:0000:0000:8888\]' where browsers write '\[2001:4860:4860::8888\]'/,
    fix: /^Write 'http:\/\/\[2001:4860:4860::8888\]:90'\.$/,
  },
  { entry: "http://[0:0::1]:3000", code: "non-canonical-origin", fix: /^Write 'http:\/\/\[::1\]:3000'\.$/ },
  { entry: "http://[::ffff:127.0.0.1]", code: "non-canonical-origin", fix: /^Write 'http:\/\/\[::ffff:7f00:1\]'\.$/ },
  { entry: "http://[1::2:0:0:0:3]", code: "non-canonical-origin", fix: /^Write 'http:\/\/\[1:0:0:2::3\]'\.$/ },
  { entry: "http://[::::::::::::::::1]:90", code: "invalid-origin", message: /'\[::::::::::::::::1\]' is not an IPv6 address/ },
  { entry: "http://[2001:4860:4860::8888]:90", credentials: false },
  { entry: "http://[::1]:3000", credentials: true },
  // IPv4: dotted decimal only.
  { entry: "http://127.1:8080", code: "non-canonical-origin", message: /writes the IPv4 address as '127\.1'/, fix: /^Write 'http:\/\/127\.0\.0\.1:8080'\.$/ },
  { entry: "http://0x7f.0.0.1", code: "non-canonical-origin", fix: /^Write 'http:\/\/127\.0\.0\.1'\.$/ },
  { entry: "http://1.2.3.4.5", code: "invalid-origin", message: /ends in a number, so URLs parse it as an IPv4 address/ },
  // Punycode: an A-label must decode (URL Standard domain to ASCII, UTS #46).
  { entry: "http://xn--f", code: "invalid-origin", message: /'xn--f' is not a valid Punycode label/ },
  { entry: "https://app.xn--zz.example", code: "invalid-origin", message: /'xn--zz' is not a valid Punycode label/ },
  { entry: "https://xn--bcher-kva.example" },
  { entry: "https://bücher.example", code: "non-canonical-origin", fix: /^Write 'https:\/\/xn--bcher-kva\.example'\.$/ },
  // No wildcard over an IP literal.
  {
    entry: "http://*.127.0.0.1:3999",
    code: "invalid-origin-pattern",
    message: /wildcard over an IP address, which has no subdomains/,
    fix: /^List the address itself: 'http:\/\/127\.0\.0\.1:3999'\.$/,
  },
  { entry: "http://*.127.1:*", code: "invalid-origin-pattern", fix: /^List the address itself: 'http:\/\/127\.0\.0\.1:\*'\.$/ },
  { entry: "https://*.[::1]", code: "invalid-origin-pattern", message: /is in brackets is an IPv6 address/, fix: /'https:\/\/\[::1\]'/ },
  { entry: "http://[0:0::1]:*", code: "invalid-origin-pattern", fix: /^Write 'http:\/\/\[::1\]:\*'\.$/ },
  { entry: "https://*.xn--f.example", code: "invalid-origin-pattern", message: /'xn--f' is not a valid Punycode label/ },
  { entry: "https://*.EXAMPLE.com", code: "invalid-origin-pattern", fix: /^Write 'https:\/\/\*\.example\.com'\.$/ },
  { entry: "https://*.example.com:443", code: "invalid-origin-pattern", fix: /^Write 'https:\/\/\*\.example\.com'\.$/ },
  // Secure Contexts §3.1 step 5: localhost names, trailing dots included, are potentially trustworthy.
  { entry: "http://localhost.", credentials: true },
  { entry: "http://foo.localhost.", credentials: true },
  { entry: "http://foo.bar.baz.localhost.", credentials: true },
  { entry: "http://foo.localhost:5173", credentials: true },
  { entry: "http://localhost.:*", credentials: true },
  { entry: "https://*.localhost.", credentials: true },
  { entry: "http://*.localhost.", credentials: true },
  { entry: "http://*.localhost", credentials: true },
  { entry: "http://localhost.example.com", credentials: true, code: "insecure-origin-with-credentials" },
  { entry: "http://*.example.com.", credentials: true, code: "insecure-origin-with-credentials" },
  { entry: "https://*.com.", code: "invalid-origin-pattern", message: /every site under a top-level domain/ },
  { entry: "https://*.github.io.", credentials: true, code: "public-suffix-wildcard-with-credentials" },
  // Hosts URLs accept but corsproof does not match say so, rather than "not an origin".
  { entry: "http://-a.example", code: "invalid-origin", message: /has a host corsproof does not match/ },
  // Ports: a refusal names the port, not the host.
  { entry: "http://localhost:0", code: "invalid-origin", message: /names port 0, a bad port/ },
  { entry: "http://[::1]:65536", code: "invalid-origin", message: /the port 65536 is above 65535/ },
  // Non-special schemes browsers send as tuple origins (extensions) keep working.
  { entry: "chrome-extension://abcdefghijklmnopabcdefghijklmnop" },
];

function issuesOf(entry: string, credentials: boolean) {
  return validateCorsOptions({ origin: [entry], credentials });
}

describe("origin entries to the letter of URL serialisation and Secure Contexts", () => {
  for (const f of FORMS) {
    it(`${f.entry}${f.credentials ? " (credentials)" : ""} → ${f.code ?? "accepted"}`, () => {
      const issues = issuesOf(f.entry, f.credentials === true);
      if (f.code === undefined) {
        expect(issues).toEqual([]);
        // Accepted means a browser's serialisation of that origin is exactly the entry.
        if (!f.entry.includes("*") && !f.entry.startsWith("chrome-extension:")) expect(new URL(f.entry).origin).toBe(f.entry);
        return;
      }
      expect(issues.map((i) => [i.code, i.path])).toEqual([[f.code, "origin[0]"]]);
      const [issue] = issues;
      expect(issue?.message).not.toMatch(/not a lower-case host name/);
      if (f.message) expect(issue?.message).toMatch(f.message);
      if (f.fix) expect(issue?.fix).toMatch(f.fix);
      // A fix that names a replacement names one that is accepted.
      const named = /'([^']+)'\.$/.exec(issue?.fix ?? "")?.[1];
      if (named !== undefined && f.fix) expect(issuesOf(named, false)).toEqual([]);
    });
  }

  it("trailing-dot localhost patterns match what they say, and only that", () => {
    const policy = createCorsPolicy({ origin: ["https://*.localhost.", "http://localhost.:*"], credentials: true });
    const allowed = (o: string) => (policy.decide("GET", o) as CorsDecision).allowed;
    expect(allowed("https://app.localhost.")).toBe(true);
    expect(allowed("https://a.b.localhost.")).toBe(true);
    expect(allowed("http://localhost.:8080")).toBe(true);
    expect(allowed("http://localhost.")).toBe(true);
    expect(allowed("https://localhost.")).toBe(false);
    expect(allowed("https://app.localhost")).toBe(false);
    expect(allowed("http://localhost:8080")).toBe(false);
    expect(allowed("https://app.localhost.evil.com")).toBe(false);
  });

  it("Secure Contexts §3.1 steps 4-5: which http: hosts may be given credentials without opting in", () => {
    const trustworthy = (host: string) => issuesOf(`http://${host}`, true).length === 0;
    for (const h of ["localhost", "localhost.", "foo.localhost", "foo.localhost.", "foo.bar.baz.localhost.", "127.0.0.1", "127.255.0.9", "[::1]"]) {
      expect(trustworthy(h), h).toBe(true);
    }
    for (const h of ["localhost.example.com", "localhostx", "xlocalhost", "128.0.0.1", "[::2]", "0.0.0.0", "example.com"]) {
      expect(trustworthy(h), h).toBe(false);
      expect(issuesOf(`http://${h}`, true).map((i) => i.code)).toEqual(["insecure-origin-with-credentials"]);
    }
  });
});

const REMOTE = "plain.test";
describe.skipIf(!chromiumAvailable())("Chromium agrees", () => {
  it("localhost names with trailing dots are secure contexts; a plain http name is not; accepted entries and fixes are what Chromium serialises", async () => {
    const server = createServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end("<!doctype html><title>origin forms</title>");
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_FLAGS, `--host-resolver-rules=MAP ${REMOTE} 127.0.0.1`],
    });
    try {
      const page = await (await browser.newContext()).newPage();
      for (const host of ["localhost.", "foo.localhost.", "foo.bar.baz.localhost.", "foo.localhost", REMOTE]) {
        await page.goto(`http://${host}:${port}/`);
        const [origin, secure] = await page.evaluate(() => [location.origin, isSecureContext] as const);
        expect(origin).toBe(`http://${host}:${port}`);
        expect(secure, host).toBe(host !== REMOTE);
        // The page's own origin, listed with credentials, is refused exactly when it is not trustworthy.
        expect(issuesOf(origin, true).map((i) => i.code)).toEqual(secure ? [] : ["insecure-origin-with-credentials"]);
      }
      const accepted = FORMS.filter((f) => f.code === undefined && !f.entry.includes("*")).map((f) => f.entry);
      const serialised = await page.evaluate((list) => list.map((e) => new URL(e).origin), accepted);
      // chrome-extension: included: Chromium registers it as a standard scheme with tuple origins.
      expect(serialised).toEqual(accepted);
      // Every fix that names a replacement for an exact entry names what Chromium sends for it.
      const fixed = FORMS.filter((f) => f.code === "non-canonical-origin").map((f) => {
        const fix = issuesOf(f.entry, false)[0]?.fix ?? "";
        return [f.entry, /^Write '([^']+)'\.$/.exec(fix)?.[1]] as const;
      });
      const chromiumSerialised = await page.evaluate((list) => list.map(([e]) => new URL(e).origin), fixed);
      expect(chromiumSerialised).toEqual(fixed.map(([, named]) => named));
      // Where Chromium and the URL Standard differ, corsproof follows the Standard (issue 18): Chromium
      // still parses an invalid A-label without checking it (Firefox 153 refuses it, as the Standard does).
      expect(await page.evaluate(() => new URL("http://xn--f").origin)).toBe("http://xn--f");
    } finally {
      await browser.close();
      server.close();
    }
  });
});
