/**
 * scanServer(app, options): the scan in-process (no socket) against Express, Fastify and a Fetch
 * handler (Hono), and the cookie rules the judgement rests on (interim, see session-cookies.ts).
 */
import cors from "cors";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { cors as honoCors } from "hono/cors";
import { describe, expect, it } from "vitest";
import { cookieAttachment, parseSessionCookie, type ScanReport, scanServer } from "../../src/scanner/index.js";

const URLS = ["https://api.example.com/me"];
const TRUSTED = ["https://app.example.com"];
const flagged = (r: ScanReport) => r.targets[0]!.findings.filter((f) => f.severity !== "info").map((f) => `${f.severity} ${f.code}`);

function expressApp(options: cors.CorsOptions) {
  const app = express();
  app.use(cors(options));
  app.get("/me", (_req, res) => res.json({ user: "alice" }));
  return app;
}

describe("scanServer", () => {
  it("finds an Express app that reflects any origin with credentials", async () => {
    const r = await scanServer(expressApp({ origin: true, credentials: true }), {
      urls: URLS,
      trustedOrigins: TRUSTED,
      cookies: ["sid=1; Secure; SameSite=None"],
    });
    expect(flagged(r)).toEqual(["high reflected-origin", "high null-origin"]);
    const nullPoc = r.targets[0]!.findings.find((f) => f.code === "null-origin")!.poc!;
    expect(nullPoc).toContain('<iframe sandbox="allow-scripts" srcdoc="');
    expect(r.targets[0]!.findings[0]!.poc).toContain('fetch("https://api.example.com/me", {"method":"GET","credentials":"include"})');
  });

  it("writes PoC pages no target URL can break out of", async () => {
    const r = await scanServer(expressApp({ origin: true, credentials: true }), {
      urls: ["https://api.example.com/me?q=</script><b>"],
      trustedOrigins: TRUSTED,
      methods: ["GET"],
    });
    const poc = r.targets[0]!.findings[0]!.poc!;
    expect(poc.match(/<\/script>/g)).toHaveLength(1);
  });

  it("judges cookie attachment: SameSite=Strict is not sent cross-site, but is sent from a sibling subdomain", async () => {
    const strict = ["sid=1; Secure; SameSite=Strict"];
    const reflect = await scanServer(expressApp({ origin: true, credentials: true }), {
      urls: URLS,
      trustedOrigins: TRUSTED,
      cookies: strict,
      methods: ["GET"],
    });
    // Attacker sites get no cookie (info); only same-site origins (other port, subdomain) do, and they need a foothold.
    expect(flagged(reflect)).toEqual(["low other-port", "low any-subdomain"]);
    expect(reflect.targets[0]!.findings.find((f) => f.code === "reflected-origin")).toMatchObject({
      severity: "info",
      reason: expect.stringContaining("SameSite=Strict"),
    });
    const subdomains = await scanServer(expressApp({ origin: /^https:\/\/[a-z0-9-]+\.example\.com$/, credentials: true }), {
      urls: URLS,
      trustedOrigins: TRUSTED,
      cookies: strict,
      methods: ["GET"],
    });
    const f = subdomains.targets[0]!.findings.find((x) => x.code === "any-subdomain")!;
    expect(f.severity).toBe("low");
    expect(f.reason).toContain("same-site");
  });

  it("scans Fastify through its routing function and Hono as a Fetch handler", async () => {
    const app = Fastify();
    app.addHook("onRequest", async (req, reply) => {
      if (req.headers.origin?.startsWith("https://app.example.com"))
        reply.header("Access-Control-Allow-Origin", req.headers.origin).header("Access-Control-Allow-Credentials", "true");
    });
    app.get("/me", async () => ({ user: "alice" }));
    await app.ready();
    const fastify = await scanServer((req, res) => app.routing(req, res), {
      urls: URLS,
      trustedOrigins: TRUSTED,
      cookies: ["sid=1; Secure; SameSite=None"],
      methods: ["GET"],
    });
    expect(flagged(fastify)).toContain("high prefix-match");
    await app.close();

    const hono = new Hono();
    hono.use("*", honoCors({ origin: TRUSTED, credentials: true }));
    hono.get("/me", (c) => c.json({ user: "alice" }));
    const safe = await scanServer(hono, { urls: URLS, trustedOrigins: TRUSTED, cookies: ["sid=1; Secure; SameSite=None"] });
    expect(flagged(safe)).toEqual([]);
  });
});

describe("cookie attachment (interim rules)", () => {
  const cookie = (line: string) => parseSessionCookie(line)!;
  const api = "https://api.example.com/me";
  it.each([
    ["sid=1; Secure; SameSite=None", "https://evil.com", "chromium", true],
    ["sid=1; Secure; SameSite=None", "https://evil.com", "firefox", false],
    ["sid=1; Secure; SameSite=None", "null", "chromium", true],
    ["sid=1; SameSite=None", "https://evil.com", "chromium", false],
    ["sid=1; Secure", "https://evil.com", "chromium", false],
    ["sid=1; Secure; SameSite=Lax", "https://evil.com", "chromium", false],
    ["sid=1; Secure; SameSite=Strict", "https://www.example.com", "chromium", true],
    ["sid=1; Secure; SameSite=Strict", "http://api.example.com", "chromium", false],
    ["sid=1; Secure; SameSite=None", "https://x.github.io", "chromium", true],
  ] as const)("%s from %s in %s: attached %s", (line, origin, browser, attached) => {
    expect(cookieAttachment(cookie(line), api, origin, browser).attached).toBe(attached);
  });

  it("blocked third-party cookies keep SameSite=None cookies home, but not from same-site pages", () => {
    const none = cookie("sid=1; Secure; SameSite=None");
    expect(cookieAttachment(none, api, "https://evil.com", "chromium", "blocked").attached).toBe(false);
    expect(cookieAttachment(none, api, "https://www.example.com", "chromium", "blocked").attached).toBe(true);
  });

  it("Secure cookies go only to https: or loopback URLs", () => {
    expect(cookieAttachment(cookie("sid=1; Secure; SameSite=None"), "http://api.example.com/", "https://evil.com", "chromium").attached).toBe(false);
    expect(cookieAttachment(cookie("sid=1; Secure; SameSite=None"), "http://127.0.0.1:8080/", "https://evil.com", "chromium").attached).toBe(true);
  });
});
