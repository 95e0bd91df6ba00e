/**
 * The webkit profile's acceptance test: the same scenarios as the Chromium and Firefox suites run in
 * WebKitGTK's MiniBrowser under Xvfb (Web Inspector protocol, support/webkit.ts) and in the model
 * with the webkit profile, against the same loopback servers. Verdict, every request sent (preflight,
 * Access-Control-Request-*), the request bytes on the wire, the readable headers and the console
 * lines verbatim must agree.
 *
 * Requires Debian's libwebkit2gtk-4.1-0 (MiniBrowser) and xvfb. Under CI=true a missing WebKit
 * fails; elsewhere the suite is skipped with a loud notice. CORSPROOF_WEBKIT_SCENARIOS sets the
 * number of generated scenarios (`npm run test:webkit-sweep` runs 1,000).
 */
import type net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserResult, createPreflightCache } from "../../src/browser/index.js";
import {
  differences,
  loopbackTransport,
  type ModelSetup,
  modelFetch,
  type Observation,
  observeWebKit,
  observeModel,
  pageFetch,
  type Recorded,
} from "./support/compare.js";
import { type WebKitRelease, WebKitDriver, webkitAvailable } from "./support/webkit.js";
import { cacheSequences } from "./support/hand-written.js";
import { compareScenarios, reportAgreement, scenarioSetTests } from "./support/engine-suite.js";
import type { PageOutcome } from "./support/page-fetch.js";
import { startScenarioServers } from "./support/scenario-servers.js";
import { type Bases, PAGE_PATH, type Scenario } from "./support/scenarios.js";

const SEED = Number(process.env["CORSPROOF_SEED"] ?? 20260521);
const GENERATED = Number(process.env["CORSPROOF_WEBKIT_SCENARIOS"] ?? 300);
const FRAMEWORK_SCENARIOS = Number(process.env["CORSPROOF_FRAMEWORK_SCENARIOS"] ?? 150);

const available = webkitAvailable();

describe.skipIf(!available)("browser model agrees with WebKitGTK", () => {
  const scenarios = new Map<string, Scenario>();
  const recorded: Recorded[] = [];
  let servers: net.Server[] = [];
  const frameworks: { close: () => Promise<void> }[] = [];
  let bases: Bases;
  let driver: WebKitDriver;
  let setup: ModelSetup;
  let release: WebKitRelease | null = null;

  beforeAll(async () => {
    ({ servers, bases } = await startScenarioServers(scenarios, recorded, "corsproof.test"));
    driver = await WebKitDriver.launch(`${bases.page}${PAGE_PATH}`);
    release = driver.release;
    setup = { profile: release.profile, transport: loopbackTransport(bases) };
  }, 90_000);

  afterAll(async () => {
    await driver?.close();
    for (const f of frameworks) await f.close();
    for (const s of servers) s.close();
  });

  /**
   * WebKit's side and the model's, with the model's DevTools code left out (WebKit has none).
   * `raw` is false when a framework served the hops (the model's requests then come from the recording too).
   */
  function compare(id: string, outcomes: readonly PageOutcome[], models: readonly BrowserResult[], raw = true): string[] {
    const webkit = observeWebKit(id, outcomes, recorded, driver.messages);
    const model: Observation = { ...observeModel(id, models, recorded, raw, "webkit"), code: "" };
    return differences(webkit, model).map((d) => d.replace("chromium ", "webkit   "));
  }

  /** Runs scenarios on both sides; `on` names other servers for the hops (a framework's) with their transport. */
  function compareAll(list: readonly Scenario[], on?: { bases: Bases; setup: ModelSetup }): Promise<string[]> {
    const run = { driver, scenarios, bases, setup, compare: (id: string, o: PageOutcome, m: BrowserResult, raw: boolean) => compare(id, [o], [m], raw) };
    return compareScenarios(run, list, on);
  }

  const report = (label: string, total: number, problems: readonly string[]) => reportAgreement("WebKitGTK", release!, label, total, problems);

  scenarioSetTests({ seed: SEED, generated: GENERATED, frameworkScenarios: FRAMEWORK_SCENARIOS }, () => ({
    bases,
    setup,
    scenarios,
    recorded,
    frameworks,
    compareAll,
    report,
  }));

  it("agrees on preflight-cache sequences", async () => {
    const sequences = cacheSequences(bases.page);
    for (const q of sequences) scenarios.set(q.scenario.id, q.scenario);
    const runs = await Promise.all(
      sequences.map(async (q) => {
        const outcomes = await driver.run(
          q.steps.map((step, k) => pageFetch(bases, q.scenario, step.request, `${q.scenario.id}#${k}`, step.waitBefore)),
          true,
        );
        const cache = createPreflightCache();
        const results: BrowserResult[] = [];
        for (const step of q.steps) {
          if (step.waitBefore !== undefined) await new Promise((r) => setTimeout(r, step.waitBefore));
          results.push(await modelFetch(bases, q.scenario, setup, cache, step.request));
        }
        return { q, outcomes, results };
      }),
    );
    await driver.quiet();
    const problems = runs.flatMap(({ q, outcomes, results }) => {
      const diff = compare(q.scenario.id, outcomes, results);
      return diff.length === 0 ? [] : [`${q.scenario.id} ${q.title}\n    ${diff.join("\n    ")}`];
    });
    expect(report("cache sequences, request bytes compared", sequences.length, problems)).toEqual([]);
  }, 60_000);
});
