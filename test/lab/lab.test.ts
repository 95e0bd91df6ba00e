/**
 * The lab, driven in headless Chromium the way a person uses it: fill the request builder, press
 * Run, and read both columns. Chromium runs every request for real from a page the lab serves at
 * the chosen origin; the model runs it too; the two must agree on every scenario (allowed, each
 * class of blocked, the preflight cache, redirects). The policy matrix must equal the engine's own
 * decisions. The screenshots in docs/lab/ are produced here.
 */
import { existsSync, mkdirSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCorsPolicy, type CorsOptions } from "../../src/index.js";
import type { LabRequest, SavedScenario } from "../../src/lab/protocol.js";
import { type RunningLab, startLab } from "../../src/lab/server.js";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../browser/support/chromium.js";
import { freePort } from "../support/http.js";
import { labScenarios } from "./scenarios.js";
import { BLOCKED_CLASSES, type Column, type LabUi, type RunView, runAgreement } from "./support/agreement.js";
import { startTargetServer, type TargetServer } from "./target-server.js";

const ROOT = resolve(__dirname, "../..");
const bundled = existsSync(resolve(ROOT, "dist/lab-page.global.js"));
/** Screenshots go to docs/lab (README) with `npm run screenshots:lab`, to a temporary directory otherwise, so a test run leaves the tree clean. */
const DOCS = process.env.UPDATE_LAB_SCREENSHOTS === "1" ? resolve(ROOT, "docs/lab") : mkdtempSync(join(tmpdir(), "corsproof-lab-"));
const canRun = bundled && existsSync(CHROMIUM_PATH);
if (!canRun && process.env.CI === "true") throw new Error("the lab suite needs dist/lab-page.global.js (npm run build) and /usr/bin/chromium under CI=true");

async function column(page: Page, id: "real" | "model"): Promise<Column> {
  return page.$$eval(`#${id} [data-field]`, (els) => Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.field, (e.textContent ?? "").trim()])));
}

/** Fills the builder with `r`, presses Run and waits for the run to finish. */
/** A JSON PUT from `origin` to `url`: the request the served-policy tests run against their own server. */
function jsonPut(url: string, origin: string): LabRequest {
  return {
    url,
    origin,
    method: "PUT",
    headers: [["Content-Type", "application/json"]],
    credentials: "same-origin",
    redirect: "follow",
    body: '{"name":"lab"}',
  };
}

async function runInUi(page: Page, r: LabRequest): Promise<RunView> {
  await page.fill("#url", r.url);
  await page.fill("#origin", r.origin);
  await page.fill("#method", r.method);
  await page.fill("#headers", r.headers.map(([n, v]) => `${n}: ${v}`).join("\n"));
  await page.selectOption("#credentials", r.credentials);
  await page.selectOption("#redirect", r.redirect);
  await page.fill("#body", r.body ?? "");
  const before = Number((await page.getAttribute("#builder", "data-runs")) ?? "0");
  await page.click("#run");
  await page.waitForSelector(`#builder[data-runs="${before + 1}"]`, { timeout: 30_000 });
  const status = (await page.textContent("#status")) ?? "";
  if (status.startsWith("Error")) throw new Error(`the lab reported ${status} for ${r.url}`);
  return readView(page);
}

/** The agreement banner and both columns as the page shows them now. */
async function readView(page: Page): Promise<RunView> {
  return {
    agree: (await page.getAttribute("#agreement", "data-agree")) ?? "",
    text: (await page.textContent("#agreement")) ?? "",
    real: await column(page, "real"),
    model: await column(page, "model"),
  };
}

describe.skipIf(!canRun)("corsproof lab in headless Chromium", () => {
  let lab: RunningLab;
  let target: TargetServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    target = await startTargetServer();
    lab = await startLab({ port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_FLAGS],
    });
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    await page.goto(lab.url);
    mkdirSync(DOCS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await lab?.close();
    await target?.close();
  });

  it("your browser and the model agree on every generated scenario", async () => {
    const origin = `http://app.localhost:${lab.port}`;
    const scenarios = labScenarios(origin, `http://127.0.0.1:${target.port}`, `http://localhost:${target.port}`);
    expect(scenarios.length).toBeGreaterThanOrEqual(50);
    // The console message a person would paste: Chromium's own, read from the runner frame's log
    // (a frame of another site runs in its own process, so it has its own DevTools session).
    target.hops.set("/t/warm/0", { actual: () => ({ status: 200, headers: [["Access-Control-Allow-Origin", "*"]] }) });
    await runInUi(page, {
      url: `http://127.0.0.1:${target.port}/t/warm/0`,
      origin,
      method: "GET",
      headers: [],
      credentials: "omit",
      redirect: "follow",
      body: null,
    });
    const runnerFrame = page.frames().find((f) => f.url().startsWith(`${origin}/__corsproof/runner`));
    if (runnerFrame === undefined) throw new Error("no runner frame");
    const cdp = await page.context().newCDPSession(runnerFrame);
    const logged: string[] = [];
    cdp.on("Log.entryAdded", ({ entry }) => logged.push(entry.text));
    await cdp.send("Log.enable");
    const cors = () => logged.filter((m) => m.startsWith("Access to fetch at "));
    const ui: LabUi = {
      run: (r) => runInUi(page, r),
      async paste(text) {
        await page.fill("#console", text);
        return readView(page);
      },
      clearConsole: () => {
        logged.length = 0;
      },
      async consoleLines(expected) {
        // A console entry can arrive just after fetch() rejects.
        for (let i = 0; i < (expected ? 40 : 6) && cors().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
        return cors();
      },
    };
    const tally = await runAgreement(ui, scenarios, target);
    expect(tally.disagreements).toEqual([]);
    // The scenarios reached the server and exercised both verdicts and every class of blocked.
    expect(tally.verdicts.allowed).toBeGreaterThan(15);
    expect(tally.verdicts.blocked).toBeGreaterThan(15);
    for (const code of BLOCKED_CLASSES) expect([...tally.codes]).toContain(code);
    expect(tally.cacheHits).toEqual(["cache.max-age-600 run 2"]);
    // Every blocked run's console message was compared verbatim; only redirect: "error" prints none.
    expect(tally.pasted).toBe(tally.verdicts.blocked - tally.silent.length);
    expect(tally.silent).toEqual(["redirect.mode-error"]);
    console.info(`lab agreement in Chromium: ${scenarios.length} scenarios, ${tally.runs} runs agreed`);
  }, 240_000);

  it("plays loopback origins on ports it opens, and says when an origin is model-only", async () => {
    target.hops.set("/t/extra/0", { actual: () => ({ status: 200, headers: [["Access-Control-Allow-Origin", "*"]] }) });
    const port = await freePort();
    const hosted = await runInUi(page, {
      url: `http://127.0.0.1:${target.port}/t/extra/0`,
      origin: `http://127.0.0.1:${port}`,
      method: "GET",
      headers: [],
      credentials: "same-origin",
      redirect: "follow",
      body: null,
    });
    expect(hosted.agree).toBe("true");
    expect(hosted.real.verdict).toBe("allowed");
    const remote = await runInUi(page, {
      url: `http://127.0.0.1:${target.port}/t/extra/0`,
      origin: "https://app.example.com",
      method: "GET",
      headers: [],
      credentials: "same-origin",
      redirect: "follow",
      body: null,
    });
    expect(remote.agree).toBe("model-only");
    expect(remote.real["model-only"]).toMatch(/not this machine|https: pages are model-only/);
    expect(remote.model.verdict).toBe("allowed");
  }, 60_000);

  it("highlights a mismatch with the pasted console message and saves the scenario as JSON", async () => {
    const origin = `http://app.localhost:${lab.port}`;
    target.hops.set("/t/shot/0", {
      preflight: () => ({ status: 204, headers: [["Access-Control-Allow-Origin", origin]] }),
      actual: () => ({ status: 201, headers: [["Access-Control-Allow-Origin", origin]] }),
    });
    await page.fill("#console", "");
    const out = await runInUi(page, {
      url: `http://127.0.0.1:${target.port}/t/shot/0`,
      origin,
      method: "POST",
      headers: [
        ["Content-Type", "application/json"],
        ["Authorization", "Bearer secret-token"],
      ],
      credentials: "same-origin",
      redirect: "follow",
      body: '{"name":"lab"}',
    });
    expect(out.agree).toBe("true");
    expect(out.model.error).toMatch(/^HeaderDisallowedByPreflightResponse/);
    // check's diagnosis and fix, in the lab too.
    expect(out.model.fix).toContain('allowedHeaders: ["authorization", "content-type"]');
    // The sequence diagram: preflight out and back, nothing else (the actual request was never sent).
    expect(await page.locator("#diagram .arrow").count()).toBe(2);
    await page.locator("#diagram .arrow").first().focus();
    await page.keyboard.press("Enter");
    expect(await page.locator("#exchange-0").getAttribute("open")).not.toBeNull();
    expect(await page.textContent("#exchange-0 pre")).toContain("Access-Control-Request-Headers: authorization,content-type");
    await page.screenshot({ path: resolve(DOCS, "request.png"), fullPage: true });
    await page.locator(".diagram").screenshot({ path: resolve(DOCS, "sequence.png") });
    expect(statSync(resolve(DOCS, "request.png")).size).toBeGreaterThan(10_000);

    // Paste a console message that is not the model's: the lab flags it and saves the scenario.
    await page.fill("#console", "Access to fetch has been blocked by something else");
    expect(await page.getAttribute("#agreement", "data-agree")).toBe("false");
    expect(await page.getAttribute("#model [data-field=console]", "class")).toBe("mismatch");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#save")]);
    const saved = JSON.parse(await streamText(await download.createReadStream())) as SavedScenario;
    expect(saved.mismatches).toEqual(["console"]);
    expect(saved.request.method).toBe("POST");
    expect(saved.browser).toBe("chromium");
    expect(saved.model.result.error?.code).toBe("HeaderDisallowedByPreflightResponse");
    await page.fill("#console", "");
  }, 60_000);

  for (const [name, policy, credentials] of [
    [
      "credentialed",
      { origin: ["http://localhost:5173", "https://app.example.com"], methods: ["GET", "POST", "PUT"], allowedHeaders: ["Content-Type"], credentials: true },
      "include",
    ],
    ["public", { origin: "*", methods: ["GET", "DELETE"], allowedHeaders: ["Authorization", "X-Requested-With"] }, "omit"],
  ] as const) {
    it(`the policy matrix equals the engine's decisions (${name})`, async () => {
      await page.click("#tab-policy");
      const checked = await page.getAttribute("#view-policy", "data-checked");
      await page.fill("#policy", JSON.stringify(policy, null, 2));
      await page.fill("#policy-origins", "http://localhost:5173\nhttp://app.localhost:8080");
      await page.setChecked("#policy-credentials", credentials === "include");
      await page.waitForFunction(
        (c) => document.querySelector("#view-policy")?.getAttribute("data-checked") !== c && document.querySelectorAll("#matrix td").length > 0,
        checked,
      );
      await page.waitForTimeout(600); // let the last debounced check land
      await page.waitForFunction(() => !document.querySelector("#matrix")?.textContent?.includes("?"));
      const cells = await page.$$eval("#matrix td", (tds) => tds.map((td) => ({ ...(td as HTMLElement).dataset })));
      const headerSets: [string, string][][] = [
        [],
        [["Content-Type", "application/json"]],
        [["Authorization", "Bearer token"]],
        [["X-Requested-With", "XMLHttpRequest"]],
      ];
      const engine = createCorsPolicy(policy as CorsOptions);
      const mismatches: string[] = [];
      for (const c of cells) {
        const headers = headerSets[Number(c.headers)] as [string, string][];
        const method = c.method as string;
        const origin = c.origin as string;
        // Every header set of the matrix is non-safelisted; GET, HEAD and POST are the safelisted methods.
        const needsPreflight = headers.length > 0 || !["GET", "HEAD", "POST"].includes(method);
        const actual = engine.decide(method, origin);
        const pre = needsPreflight ? engine.decide("OPTIONS", origin, method, headers.map(([n]) => n.toLowerCase()).join(",")) : null;
        const allowed = (pre === null || (pre as { allowed: boolean }).allowed) && (actual as { allowed: boolean }).allowed;
        if (String(allowed) !== c.allowed) mismatches.push(`${origin} ${method} ${headers.join(" ")}: matrix ${c.allowed}, engine ${allowed}`);
      }
      // The two typed origins, the policy's own (deduplicated, never "*"), and the foreign one; 5 methods × 4 header sets.
      expect(cells.length).toBe((name === "credentialed" ? 4 : 3) * 5 * 4);
      expect(mismatches).toEqual([]);
      expect(cells.some((c) => c.allowed === "true")).toBe(true);
      expect(cells.some((c) => c.allowed === "false")).toBe(true);
      if (name === "credentialed") await page.screenshot({ path: resolve(DOCS, "policy.png"), fullPage: true });
      await page.click("#tab-request");
    }, 60_000);
  }

  it("serves the playground policy on a local port with one click, and the request view tests against it", async () => {
    const origin = `http://app.localhost:${lab.port}`;
    await page.click("#tab-policy");
    await page.fill("#policy", JSON.stringify({ origin: [origin], methods: ["GET", "PUT"], allowedHeaders: ["Content-Type"] }));
    await page.click("#serve");
    await page.click("#test-served");
    expect(await page.getAttribute("#view-request", "hidden")).toBeNull();
    const url = await page.inputValue("#url");
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/items$/);
    const put = jsonPut(`${url}/1`, origin);
    const allowed = await runInUi(page, put);
    expect(allowed.agree).toBe("true");
    expect([allowed.model.verdict, allowed.model.status]).toEqual(["allowed", "200"]);
    const denied = await runInUi(page, { ...put, method: "DELETE" });
    expect(denied.agree).toBe("true");
    // corsproof refuses a preflight for a method it does not allow with no CORS headers at all.
    expect(denied.model.verdict).toBe("blocked");
    expect(denied.model.error).toMatch(/^PreflightMissingAllowOriginHeader/);
    await page.click("#tab-policy");
    await page.click("#stop");
    await page.waitForSelector("#served:has-text('Stopped')");
    await page.click("#tab-request");
  }, 60_000);

  it("checks and serves a .mjs policy in a sandboxed process the page describes, with errors at their line and column", async () => {
    const origin = `http://app.localhost:${lab.port}`;
    await page.click("#tab-policy");
    /** Types `text` and waits for the check it triggers (the page numbers its checks). */
    const typePolicy = async (text: string) => {
      const before = await page.getAttribute("#view-policy", "data-checked");
      await page.fill("#policy", text);
      await page.waitForFunction((b) => document.querySelector("#view-policy")?.getAttribute("data-checked") !== b, before, { timeout: 20_000 });
      // A keystroke's check may be followed by the debounced one: wait for the page to settle.
      await page.waitForTimeout(700);
      await page.waitForFunction(() => !document.querySelector("#matrix")?.textContent?.includes("?"));
    };
    await page.fill("#policy-origins", "http://pr-7.localhost:5173\nhttps://preview.example.com");
    await page.setChecked("#policy-credentials", false);
    await page.check("#format-mjs");
    // Switching carries the policy over: the JSON becomes the default export (the example, a module example).
    expect(await page.inputValue("#policy")).toMatch(/^export default \{|^\/\/ Like serve --config policy.mjs[\s\S]*export default \{/);
    const module = [
      "// Preview deployments and the lab's own page: a function JSON cannot express.",
      "const previews = /^http:\\/\\/pr-\\d+\\.localhost:5173$/;",
      "export default {",
      `  origin: (origin) => previews.test(origin) || origin === ${JSON.stringify(origin)},`,
      '  methods: ["GET", "PUT"],',
      '  allowedHeaders: ["Content-Type"],',
      "};",
    ].join("\n");
    await typePolicy(module);
    const note = (await page.textContent("#sandbox-note")) ?? "";
    expect(await page.isVisible("#sandbox-note")).toBe(true);
    expect(note).toMatch(/Not in this page: the lab runs the module on your machine in a separate Node process, under Node's permission model/);
    expect(note).toMatch(/It cannot: writing files; reading files other than the module/);
    if (Number(process.versions.node.split(".")[0]) < 25) expect(note).toMatch(/does not cover the network/);
    expect(await page.textContent("#problems")).toContain("No problems");
    expect(await page.textContent("#exported-text")).toContain("origin: [function origin]");
    // The function decided each row, in the sandbox: the preview origin passes, the look-alike does not.
    const rows = await page.$$eval("#matrix td[data-method=GET][data-headers='0']", (tds) =>
      tds.map((td) => `${(td as HTMLElement).dataset.origin} ${(td as HTMLElement).dataset.allowed}`),
    );
    expect(rows).toEqual(["http://pr-7.localhost:5173 true", "https://preview.example.com false", "https://evil.example false"]);
    await page.click("#exported summary");
    await page.screenshot({ path: resolve(DOCS, "policy-module.png"), fullPage: true });

    // A syntax error: shown with its line and column, and the button puts the caret there.
    await typePolicy(module.replace('["GET", "PUT"],', '["GET", "PUT"]'));
    const problem = page.locator("#problems li").first();
    expect(await problem.textContent()).toMatch(/failed to load at line 6, column 3: Unexpected (identifier|token)/);
    await problem.locator("button.at").click();
    const caret = await page.$eval("#policy", (t) => (t as HTMLTextAreaElement).selectionStart);
    expect(module.slice(0, caret).split("\n").length).toBe(6);
    await page.screenshot({ path: resolve(DOCS, "policy-module-error.png") });
    // A module whose top-level await never settles is stopped after 5 s, and the page says so.
    await typePolicy("await new Promise(() => {});\nexport default {};");
    await page.waitForSelector("#problems li[data-code=timeout]", { timeout: 20_000 });
    expect(await page.textContent("#problems")).toMatch(/did not finish within 5 s and was stopped/);

    // One click serves it (from its sandboxed process), and the request view tests against it.
    await typePolicy(module);
    await page.click("#serve");
    await page.waitForSelector("#test-served");
    expect(await page.textContent("#served")).toMatch(/under this module at http:\/\/127\.0\.0\.1:\d+, from its sandboxed process/);
    await page.click("#test-served");
    const url = await page.inputValue("#url");
    const put = jsonPut(`${url}/1`, origin);
    const allowed = await runInUi(page, put);
    expect([allowed.agree, allowed.model.verdict, allowed.real.verdict]).toEqual(["true", "allowed", "allowed"]);
    const other = await runInUi(page, { ...put, origin: `http://other.localhost:${lab.port}` });
    expect([other.agree, other.model.verdict]).toEqual(["true", "blocked"]);
    await page.click("#tab-policy");
    await page.click("#stop");
    await page.waitForSelector("#served:has-text('Stopped')");
    await page.check("#format-json");
    await typePolicy('{ "origin": "*" }');
    expect(await page.isVisible("#sandbox-note")).toBe(false);
    await page.click("#tab-request");
  }, 90_000);

  it("is usable with the keyboard and labels every control", async () => {
    const unlabelled = await page.$$eval("input, select, textarea, button", (els) =>
      els
        .filter((e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute("aria-label") && (e.textContent ?? "").trim() === "")
        .map((e) => e.id || e.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    await page.focus("#tab-request");
    await page.keyboard.press("ArrowRight");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("tab-policy");
    expect(await page.getAttribute("#view-policy", "hidden")).toBeNull();
    await page.keyboard.press("ArrowLeft");
    expect(await page.getAttribute("#view-request", "hidden")).toBeNull();
    // A redirect run, drawn: two servers' lifelines, every arrow reachable with Tab.
    const origin = `http://app.localhost:${lab.port}`;
    target.hops.set("/t/kbd/0", {
      actual: () => ({
        status: 302,
        headers: [
          ["Location", `http://localhost:${target.port}/t/kbd/1`],
          ["Access-Control-Allow-Origin", origin],
        ],
      }),
    });
    target.hops.set("/t/kbd/1", { actual: () => ({ status: 200, headers: [["Access-Control-Allow-Origin", "*"]] }) });
    const out = await runInUi(page, {
      url: `http://127.0.0.1:${target.port}/t/kbd/0`,
      origin,
      method: "GET",
      headers: [],
      credentials: "same-origin",
      redirect: "follow",
      body: null,
    });
    expect(out.agree).toBe("true");
    expect(await page.$$eval("#diagram .arrow", (as) => as.map((a) => a.getAttribute("tabindex")))).toEqual(["0", "0", "0", "0"]);
    await page.locator(".diagram").screenshot({ path: resolve(DOCS, "sequence-redirect.png") });
  }, 60_000);

  it("shows validation problems with their fixes, live", async () => {
    await page.click("#tab-policy");
    await page.fill("#policy", JSON.stringify({ origin: "*", credentials: true, methdos: ["GET"] }));
    await page.waitForSelector("#problems li[data-code]");
    const problems = await page.$$eval("#problems li", (lis) => lis.map((li) => li.textContent ?? ""));
    expect(problems.some((p) => /credentials/.test(p) && /Fix:/.test(p))).toBe(true);
    expect(problems.some((p) => /methods/.test(p))).toBe(true);
    await page.screenshot({ path: resolve(DOCS, "policy-problems.png") });
    await page.click("#tab-request");
  }, 30_000);
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
