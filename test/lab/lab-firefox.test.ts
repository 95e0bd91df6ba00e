/**
 * The lab driven in headless Firefox (Debian's firefox-esr over WebDriver BiDi, the conformance
 * suite's driver): the same scenarios as in Chromium, built in the request builder and run by
 * Firefox for real from the runner page, beside the model — which the page itself switches to the
 * firefox profile from Firefox's User-Agent. Every field the page compares must agree, Firefox's
 * console lines included (pasted into the page as a person would).
 *
 * Requires /usr/bin/firefox-esr; under CI=true a missing Firefox fails, elsewhere the suite is
 * skipped with a loud notice (firefoxAvailable).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabRequest } from "../../src/lab/protocol.js";
import { type RunningLab, startLab } from "../../src/lab/server.js";
import { FirefoxDriver, firefoxAvailable, firefoxRelease } from "../browser/support/firefox.js";
import { labScenarios } from "./scenarios.js";
import { BLOCKED_CLASSES, type LabUi, type RunView, runAgreement } from "./support/agreement.js";
import { startTargetServer, type TargetServer } from "./target-server.js";

const bundled = existsSync(resolve(__dirname, "../../dist/lab-page.global.js"));
if (!bundled && process.env.CI === "true") throw new Error("the lab suite needs dist/lab-page.global.js (npm run build) under CI=true");
const available = bundled && firefoxAvailable();

/**
 * In the page (sent as source: no closures): fills the builder with `request` and presses Run, or
 * types `paste` into the console box; then reads the agreement banner and both columns.
 */
async function labPage(step: { request?: LabRequest; paste?: string }): Promise<RunView & { status: string; browser: string }> {
  const byId = (id: string) => document.getElementById(id) as HTMLInputElement;
  const set = (id: string, value: string) => {
    const el = byId(id);
    el.value = value;
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  };
  if (step.request !== undefined) {
    const r = step.request;
    set("url", r.url);
    set("origin", r.origin);
    set("method", r.method);
    set("headers", r.headers.map(([n, v]) => `${n}: ${v}`).join("\n"));
    set("credentials", r.credentials);
    set("redirect", r.redirect);
    set("body", r.body ?? "");
    const form = byId("builder");
    const before = Number(form.dataset.runs ?? "0");
    byId("run").click();
    const until = Date.now() + 30_000;
    while (Number(form.dataset.runs ?? "0") === before) {
      if (Date.now() > until) throw new Error(`the run of ${r.url} did not finish`);
      await new Promise((done) => setTimeout(done, 20));
    }
  }
  if (step.paste !== undefined) set("console", step.paste);
  const column = (id: string) =>
    Object.fromEntries([...document.querySelectorAll(`#${id} [data-field]`)].map((e) => [(e as HTMLElement).dataset.field, (e.textContent ?? "").trim()]));
  const agreement = byId("agreement");
  return {
    agree: agreement.dataset.agree ?? "",
    text: agreement.textContent ?? "",
    real: column("real"),
    model: column("model"),
    status: byId("status").textContent ?? "",
    browser: (document.getElementById("browser") as HTMLSelectElement).value,
  };
}

describe.skipIf(!available)("corsproof lab in headless Firefox", () => {
  let lab: RunningLab;
  let target: TargetServer;
  let driver: FirefoxDriver;

  beforeAll(async () => {
    target = await startTargetServer();
    lab = await startLab({ port: 0 });
    driver = await FirefoxDriver.launch(lab.url);
  }, 90_000);

  afterAll(async () => {
    await driver?.close();
    await lab?.close();
    await target?.close();
  });

  it("Firefox and the model (firefox profile, picked by the page) agree on every generated scenario", async () => {
    const release = firefoxRelease();
    const origin = `http://app.localhost:${lab.port}`;
    const scenarios = labScenarios(origin, `http://127.0.0.1:${target.port}`, `http://localhost:${target.port}`);
    expect(scenarios.length).toBeGreaterThanOrEqual(50);
    let mark = 0;
    const cors = () => driver.messages.slice(mark).filter((m) => m.text.startsWith("Cross-Origin Request Blocked"));
    const ui: LabUi = {
      async run(request) {
        const view = (await driver.call(labPage, { request })) as Awaited<ReturnType<typeof labPage>>;
        if (view.status.startsWith("Error")) throw new Error(`the lab reported ${view.status} for ${request.url}`);
        // The page chose the model's profile from Firefox's User-Agent; the test never sets it.
        if (view.browser !== "firefox") throw new Error(`the page runs the ${view.browser} model in Firefox`);
        return view;
      },
      paste: async (text) => (await driver.call(labPage, { paste: text })) as RunView,
      clearConsole: () => {
        mark = driver.messages.length;
      },
      async consoleLines(expected) {
        // Firefox reports CORS failures to the console after fetch() has settled.
        await driver.quiet(expected ? 300 : 200);
        for (let i = 0; expected && i < 20 && cors().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
        return cors().map((m) => m.text);
      },
    };
    const tally = await runAgreement(ui, scenarios, target);
    expect(tally.disagreements).toEqual([]);
    expect(tally.verdicts.allowed).toBeGreaterThan(15);
    expect(tally.verdicts.blocked).toBeGreaterThan(15);
    for (const code of BLOCKED_CLASSES) expect([...tally.codes]).toContain(code);
    // Whether the second run of max-age 600 comes from the preflight cache is the profile's to say
    // (firefox@153 caps at 24 h); the agreement above is what proves it right.
    expect(tally.cacheHits).toEqual(release.profile.maxAge.cap >= 600 ? ["cache.max-age-600 run 2"] : []);
    expect(tally.pasted).toBe(tally.verdicts.blocked - tally.silent.length);
    console.info(`lab agreement in Firefox ${release.version}: ${scenarios.length} scenarios, ${tally.runs} runs agreed (silent: ${tally.silent.join(", ")})`);
  }, 180_000);
});
