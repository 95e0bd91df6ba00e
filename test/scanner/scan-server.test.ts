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
import { type ScanReport, scanServer } from "../../src/scanner/index.js";

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
  it("probes the origin a server reveals in a fixed Access-Control-Allow-Origin, not only the target's own", async () => {
    // Trusts https://app.example.com with startsWith, and answers every other origin with that origin.
    const app = express();
    app.use((req, res, next) => {
      const origin = req.headers.origin ?? "";
      res.set("Access-Control-Allow-Origin", origin.startsWith("https://app.example.com") ? origin : "https://app.example.com");
      res.set("Access-Control-Allow-Credentials", "true");
      res.vary("Origin");
      next();
    });
    app.get("/me", (_req, res) => res.json({ user: "alice" }));
    const r = await scanServer(app, { urls: URLS, cookies: ["sid=1; Secure; SameSite=None"], methods: ["GET"] });
    expect(flagged(r)).toContain("high prefix-match");
    expect(r.targets[0]!.findings.find((f) => f.code === "prefix-match")?.origin).toBe("https://app.example.com.corsproof-attacker.com");
  });

  it("finds a server that trusts any page at an IPv4 address", async () => {
    const r = await scanServer(expressApp({ origin: /^http:\/\/\d+\.\d+\.\d+\.\d+:\d+$/, credentials: true }), {
      urls: URLS,
      trustedOrigins: TRUSTED,
      cookies: ["sid=1; Secure; SameSite=None"],
      methods: ["GET"],
    });
    expect(r.targets[0]!.findings.find((f) => f.code === "ip-origin")).toMatchObject({ origin: "http://203.0.113.7:8081", attackerDomain: "203.0.113.7" });
  });

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
    expect(f.reason).toContain("sends cookie 'sid' (SameSite=Strict; Secure)");
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

describe("cookie judgement (the browser model's cookie rules)", () => {
  const app = expressApp({ origin: true, credentials: true });
  const severityOf = async (cookie: string, options: { thirdPartyCookies?: "allowed" | "blocked"; browser?: "chromium" | "firefox" } = {}) => {
    const r = await scanServer(app, { urls: URLS, trustedOrigins: TRUSTED, cookies: [cookie], methods: ["GET"], ...options });
    return r.targets[0]!.findings.find((f) => f.code === "reflected-origin")!;
  };

  it.each([
    ["sid=1; Secure; SameSite=None", {}, "high"],
    ["sid=1; Secure; SameSite=None", { thirdPartyCookies: "blocked" as const }, "info"],
    ["sid=1; Secure; SameSite=None", { browser: "firefox" as const }, "info"],
    ["sid=1; Secure; SameSite=Lax", {}, "info"],
    ["sid=1; Secure", {}, "info"],
  ])("%s %o: reflected-origin is %s", async (cookie, options, severity) => {
    expect((await severityOf(cookie, options)).severity).toBe(severity);
  });

  it("the reason quotes the browser's decision", async () => {
    expect((await severityOf("sid=1; Secure; SameSite=Lax")).reason).toContain('"SameSite=Lax"');
    expect((await severityOf("sid=1; Secure; SameSite=None", { browser: "firefox" })).reason).toContain("Total Cookie Protection");
  });

  it("refuses a cookie Chromium would not store, with the fix", async () => {
    await expect(scanServer(app, { urls: URLS, cookies: ["sid=1; SameSite=None"] })).rejects.toThrow(/Secure/);
  });
});
