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
import { afterAll, beforeAll, describe } from "vitest";
import { loopbackTransport, type ModelSetup, observeWebKit, type Recorded } from "./support/compare.js";
import { scenarioSetTests } from "./support/engine-suite.js";
import { startScenarioServers } from "./support/scenario-servers.js";
import { type Bases, PAGE_PATH, type Scenario } from "./support/scenarios.js";
import { type WebKitRelease, WebKitDriver, webkitAvailable } from "./support/webkit.js";

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

  scenarioSetTests({ seed: SEED, generated: GENERATED, frameworkScenarios: FRAMEWORK_SCENARIOS }, () => ({
    engine: "webkit",
    name: "WebKitGTK",
    release: release!,
    driver,
    bases,
    setup,
    scenarios,
    recorded,
    frameworks,
    observe: (id, outcomes) => observeWebKit(id, outcomes, recorded, driver.messages),
  }));
});
