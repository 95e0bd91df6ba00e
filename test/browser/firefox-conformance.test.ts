/**
 * The firefox profile's acceptance test: the same scenarios as the Chromium suite run in headless
 * Firefox ESR (WebDriver BiDi, support/firefox.ts) and in the model with the firefox profile, against
 * the same loopback servers. Verdict, every request sent (preflight, Access-Control-Request-*), the
 * request bytes on the wire, the readable headers and the console lines verbatim must agree.
 *
 * Requires /usr/bin/firefox-esr. Under CI=true a missing Firefox fails; elsewhere the suite is
 * skipped with a loud notice.
 */
import type net from "node:net";
import { afterAll, beforeAll, describe } from "vitest";
import { loopbackTransport, type ModelSetup, observeFirefox, pageFetch, type Recorded } from "./support/compare.js";
import { scenarioSetTests } from "./support/engine-suite.js";
import { FirefoxDriver, firefoxAvailable, firefoxRelease } from "./support/firefox.js";
import { dnsCachePrimer } from "./support/hand-written.js";
import { startScenarioServers } from "./support/scenario-servers.js";
import { type Bases, PAGE_PATH, type Scenario } from "./support/scenarios.js";

const SEED = Number(process.env["CORSPROOF_SEED"] ?? 20260521);
const GENERATED = Number(process.env["CORSPROOF_FIREFOX_SCENARIOS"] ?? 1000);
const FRAMEWORK_SCENARIOS = Number(process.env["CORSPROOF_FRAMEWORK_SCENARIOS"] ?? 150);

const available = firefoxAvailable();

describe.skipIf(!available)("browser model agrees with headless Firefox", () => {
  const scenarios = new Map<string, Scenario>();
  const recorded: Recorded[] = [];
  let servers: net.Server[] = [];
  const frameworks: { close: () => Promise<void> }[] = [];
  let bases: Bases;
  let driver: FirefoxDriver;
  let setup: ModelSetup;
  const release = available ? firefoxRelease() : null;

  beforeAll(async () => {
    ({ servers, bases } = await startScenarioServers(scenarios, recorded, "corsproof.test"));
    setup = { profile: release!.profile, transport: loopbackTransport(bases) };
    driver = await FirefoxDriver.launch(`${bases.page}${PAGE_PATH}`);
    const attempts = await primeDnsCache();
    console.log(`[conformance] Firefox: preflight cache answered for 127.0.0.1 after ${attempts} primer attempts`);
  }, 90_000);

  afterAll(async () => {
    await driver?.close();
    for (const f of frameworks) await f.close();
    for (const s of servers) s.close();
  });

  /**
   * Firefox drops a preflight-cache entry when its DNS cache holds a record for the entry's host that
   * is newer than the entry (nsCORSListenerProxy.cpp `CORSCacheEntry::CheckRequest` → `CheckDNSCache`:
   * `if (lastUpdate > mCreationTime) return false;` and the entry is doomed; a guard against DNS
   * rebinding). A record for an IP literal such as 127.0.0.1 is never resolved, so its `mLastUpdate`
   * is the moment the record was created (netwerk/dns/nsHostRecord.h), and CheckDNSCache's offline
   * lookups (`nsDNSService::ResolveNative` with RESOLVE_OFFLINE) create the records they miss
   * (nsHostResolver.cpp `FromIPLiteral`, logged "Host is IP Literal"). In a fresh browser the first
   * lookups for a host therefore doom every entry made before them, and which sequences lost theirs
   * depended on scheduling: the flake where c6 and c8 were sometimes answered from the cache.
   * Observed on 153.8.0esr with MOZ_LOG=nsHostResolver:5,nsHttp:5: a lookup that creates a record
   * preflights again, one that finds all its records answers from the cache, and in a fresh browser
   * one or two lookups fail before one succeeds (the socket layer may already have made a record);
   * host names (`localhost`, the `remote` name) get a loopback record dated at
   * process start (`InitLoopbackRecord`) and are cached from the first lookup. So the suite primes
   * the fresh browser's DNS cache until a lookup succeeds (before any other scenario); after that
   * every entry is newer than the records (the model assumes such a warm DNS cache). Returns the
   * attempts it took, printed before the scenarios run: usually two or three, but one when the
   * socket layer made the record before the first entry was stored (seen in a clean-clone CI run
   * under load), so the count is reported, not asserted; the primer throws when the cache never
   * answers.
   */
  async function primeDnsCache(): Promise<number> {
    for (let attempt = 1; attempt <= 6; attempt++) {
      const q = dnsCachePrimer(bases.page, attempt);
      scenarios.set(q.scenario.id, q.scenario);
      const outcomes = await driver.run(
        q.steps.map((step, k) => pageFetch(bases, q.scenario, step.request, `${q.scenario.id}#${k}`)),
        true,
      );
      if (outcomes.some((o) => !o.ok)) throw new Error(`DNS-cache primer failed in Firefox: ${JSON.stringify(outcomes)}`);
      const preflights = recorded.filter((r) => r.scenario === q.scenario.id && r.request.method === "OPTIONS").length;
      if (preflights === 1) return attempt;
    }
    throw new Error("Firefox never answered the DNS-cache primer from its preflight cache in 6 attempts");
  }

  scenarioSetTests({ seed: SEED, generated: GENERATED, frameworkScenarios: FRAMEWORK_SCENARIOS }, () => ({
    engine: "firefox",
    name: "Firefox",
    release: release!,
    driver,
    bases,
    setup,
    scenarios,
    recorded,
    frameworks,
    observe: (id, outcomes) => observeFirefox(id, outcomes, recorded, driver.messages),
  }));
});
