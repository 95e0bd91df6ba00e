/**
 * `check` and `explain` with what the browser holds and decides besides the request: cookies
 * (--cookie, --cookie-jar, --third-party-cookies), mixed content, and Local Network Access
 * (--local-network-access), against a real loopback server that records what it received.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { listen } from "../support/http.js";
import { captureIo } from "./capture-io.js";

let server: { url: string; close: () => Promise<void> };
const received: { url: string; cookie: string | undefined }[] = [];

beforeAll(async () => {
  server = await listen((req, res) => {
    received.push({ url: req.url ?? "", cookie: req.headers.cookie });
    res.setHeader("Access-Control-Allow-Origin", req.headers.origin ?? "*");
    res.setHeader("Access-Control-Allow-Credentials", "true");
    res.setHeader("Set-Cookie", ["session=new; SameSite=Lax", "bad=1; Domain=example.org"]);
    res.end("ok");
  });
});
afterAll(() => server.close());

/** A page on the same site as the server (`localhost` and `127.0.0.1` are different sites). */
const localUrl = (path: string) => server.url.replace("127.0.0.1", "localhost") + path;
const PAGE = "http://localhost:5173";

/** check without corsproof's own probes: these tests look at the browser's request. */
async function check(argv: string[]) {
  const io = captureIo();
  const code = await main(["check", ...argv, "--no-probe"], io);
  return { code, io, json: () => JSON.parse(io.out()) as Record<string, unknown> };
}

describe("check with cookies", () => {
  it("sends the cookies Chromium would, withholds the others with DevTools' reasons, and judges Set-Cookie (--json)", async () => {
    const { code, json } = await check([
      localUrl("/me"),
      "--origin",
      PAGE,
      "--credentials",
      "include",
      "--cookie",
      "sid=abc; SameSite=Lax",
      "--cookie",
      "secure_only=1; Secure; SameSite=None; Path=/me",
      "--cookie",
      "elsewhere=1; Path=/admin",
      "--json",
    ]);
    expect(code).toBe(0);
    expect(received.at(-1)).toEqual({ url: "/me", cookie: "secure_only=1; sid=abc" });
    const [actual] = json().cookies as {
      sent: string[];
      withheld: { name: string; reasons: string[] }[];
      set: { line: string; stored: boolean; reasons: string[] }[];
    }[];
    expect(actual?.sent).toEqual(["secure_only", "sid"]);
    expect(actual?.withheld).toMatchObject([{ name: "elsewhere", reasons: ["NotOnPath"] }]);
    expect(actual?.set).toMatchObject([
      { line: "session=new; SameSite=Lax", stored: true, reasons: [] },
      { line: "bad=1; Domain=example.org", stored: false, reasons: ["InvalidDomain"] },
    ]);
  });

  it("cross-site: SameSite and the third-party-cookie setting, in the text trace", async () => {
    // The server is on loopback and the page public: the user allowed Local Network Access.
    const lna = ["--local-network-access", "granted"];
    const blocked = await check([
      localUrl("/me"),
      "--origin",
      "https://app.example.com",
      "--credentials",
      "include",
      "--cookie",
      "sid=1; SameSite=None; Secure",
      ...lna,
    ]);
    expect(blocked.io.out()).toContain("cookie withheld: sid (UserPreferences) This cookie was blocked due to user preferences.");
    expect(received.at(-1)?.cookie).toBeUndefined();
    const allowed = await check([
      localUrl("/me"),
      "--origin",
      "https://app.example.com",
      "--credentials",
      "include",
      "--cookie",
      "sid=1; SameSite=None; Secure",
      "--cookie",
      "lax=1; SameSite=Lax",
      "--third-party-cookies",
      "allowed",
      ...lna,
    ]);
    expect(allowed.code).toBe(0);
    expect(received.at(-1)?.cookie).toBe("sid=1");
    expect(allowed.io.out()).toContain("cookie withheld: lax (SchemefulSameSiteLax)");
    expect(allowed.io.out()).toContain("Set-Cookie refused: session (SchemefulSameSiteLax)");
  });

  it("reads a curl cookie file; its cookies have no SameSite, so they are Lax-by-default", async () => {
    const dir = mkdtempSync(join(tmpdir(), "corsproof-jar-"));
    const file = join(dir, "jar.txt");
    writeFileSync(file, "# Netscape HTTP Cookie File\n#HttpOnly_localhost\tFALSE\t/\tFALSE\t0\tsid\tfromcurl\n");
    const same = await check([localUrl("/me"), "--origin", PAGE, "--credentials", "include", "--cookie-jar", file]);
    expect(same.code).toBe(0);
    expect(received.at(-1)?.cookie).toBe("sid=fromcurl");
    const cross = await check([
      localUrl("/me"),
      "--origin",
      "https://app.example.com",
      "--credentials",
      "include",
      "--cookie-jar",
      file,
      "--local-network-access",
      "granted",
      "--json",
    ]);
    expect((cross.json().cookies as { withheld: { reasons: string[] }[] }[])[0]?.withheld[0]?.reasons).toEqual([
      "SchemefulSameSiteUnspecifiedTreatedAsLax",
      "UserPreferences",
    ]);
  });

  it("refuses bad cookie input with the reason", async () => {
    const insecureNone = await check([localUrl("/me"), "--origin", PAGE, "--cookie", "sid=1; SameSite=None"]);
    expect(insecureNone.code).toBe(2);
    expect(insecureNone.io.err()).toMatch(
      /--cookie: cookie 'sid=1; SameSite=None': it had the "SameSite=None" attribute but did not have the "Secure" attribute/,
    );
    const missing = await check([localUrl("/me"), "--origin", PAGE, "--cookie-jar", "/nonexistent/jar.txt"]);
    expect(missing.code).toBe(2);
    expect(missing.io.err()).toContain("--cookie-jar /nonexistent/jar.txt: cannot read it (ENOENT)");
    const header = await check([localUrl("/me"), "--origin", PAGE, "-H", "Cookie: sid=1"]);
    expect(header.code).toBe(2);
    expect(header.io.err()).toContain("script cannot set Cookie (browsers drop it); give the browser its cookies with --cookie");
    const setting = await check([localUrl("/me"), "--origin", PAGE, "--third-party-cookies", "sometimes"]);
    expect(setting.io.err()).toContain("--third-party-cookies must be blocked or allowed, not 'sometimes'");
  });
});

describe("check before CORS: mixed content and Local Network Access", () => {
  it("a public page reaching loopback: allowed as the user would, with a warning; --local-network-access denied is headless Chromium", async () => {
    const before = received.length;
    const denied = await check([`${server.url}/x`, "--origin", "https://app.example.com", "--local-network-access", "denied"]);
    expect(denied.code).toBe(1);
    expect(denied.io.out()).toContain(
      `Console: Access to fetch at '${server.url}/x' from origin 'https://app.example.com' has been blocked by CORS policy: Permission was denied for this request to access the \`loopback\` address space.`,
    );
    expect(denied.io.out()).toContain("--local-network-access granted");
    expect(denied.io.out()).not.toContain("The server must send");
    expect(received.length).toBe(before);
    const granted = await check([`${server.url}/x`, "--origin", "https://app.example.com"]);
    expect(granted.code).toBe(0);
    expect(granted.io.out()).toContain("Note: Local Network Access: Chromium asks the user before this page may reach the `loopback` address space");
    expect(received.length).toBe(before + 1);
  });

  it("an insecure public page may not reach loopback at all", async () => {
    const r = await check([`${server.url}/x`, "--origin", "http://app.example.com", "--local-network-access", "granted", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json()).toMatchObject({
      error: { code: "InsecureLocalNetwork" },
      message: `Access to fetch at '${server.url}/x' from origin 'http://app.example.com' has been blocked by CORS policy: The request client is not a secure context and the resource is in more-private address space \`loopback\`.`,
      fix: { headers: null, snippet: null },
    });
  });

  it("an https: page fetching http: by name is mixed content, in check and explain", async () => {
    const r = await check(["http://api.example.invalid/x", "--origin", "https://app.example.com", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json()).toMatchObject({ error: { code: "MixedContent" }, trace: [] });
    const io = captureIo();
    expect(await main(["explain", "http://api.example.invalid/x", "--origin", "https://app.example.com"], io)).toBe(1);
    expect(io.out()).toContain(
      "Blocked before CORS: Mixed Content: The page at 'https://app.example.com/' was loaded over HTTPS, but requested an insecure resource 'http://api.example.invalid/x'.",
    );
  });

  it("rejects an unknown --local-network-access answer", async () => {
    const r = await check([`${server.url}/x`, "--origin", PAGE, "--local-network-access", "prompt"]);
    expect(r.code).toBe(2);
    expect(r.io.err()).toContain("--local-network-access must be granted or denied, not 'prompt'");
  });
});
