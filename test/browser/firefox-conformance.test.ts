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
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserResult, createPreflightCache } from "../../src/browser/index.js";
import {
  differences,
  loopbackTransport,
  type ModelSetup,
  modelFetch,
  type Observation,
  observeFirefox,
  observeModel,
  pageFetch,
  type Recorded,
} from "./support/compare.js";
import { FirefoxDriver, firefoxAvailable, firefoxRelease } from "./support/firefox.js";
import { cacheSequences, dnsCachePrimer } from "./support/hand-written.js";
import { compareScenarios, reportAgreement, scenarioSetTests } from "./support/engine-suite.js";
import type { PageOutcome } from "./support/page-fetch.js";
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
  /** Lookups the fresh browser needed before its preflight cache answered for 127.0.0.1 (primeDnsCache). */
  let primerAttempts = 0;
  const release = available ? firefoxRelease() : null;

  beforeAll(async () => {
    ({ servers, bases } = await startScenarioServers(scenarios, recorded, "corsproof.test"));
    setup = { profile: release!.profile, transport: loopbackTransport(bases) };
    driver = await FirefoxDriver.launch(`${bases.page}${PAGE_PATH}`);
    primerAttempts = await primeDnsCache();
  }, 90_000);

  afterAll(async () => {
    await driver?.close();
    for (const f of frameworks) await f.close();
    for (const s of servers) s.close();
  });

  /**
   * Firefox's side and the model's, with the model's DevTools code left out (Firefox has none).
   * `raw` is false when a framework served the hops (the model's requests then come from the recording too).
   */
  function compare(id: string, outcomes: readonly PageOutcome[], models: readonly BrowserResult[], raw = true): string[] {
    const firefox = observeFirefox(id, outcomes, recorded, driver.messages);
    const model: Observation = { ...observeModel(id, models, recorded, raw, "firefox"), code: "" };
    return differences(firefox, model).map((d) => d.replace("chromium ", "firefox  "));
  }

  /** Runs scenarios on both sides; `on` names other servers for the hops (a framework's) with their transport. */
  function compareAll(list: readonly Scenario[], on?: { bases: Bases; setup: ModelSetup }): Promise<string[]> {
    const run = { driver, scenarios, bases, setup, compare: (id: string, o: PageOutcome, m: BrowserResult, raw: boolean) => compare(id, [o], [m], raw) };
    return compareScenarios(run, list, on);
  }

  const report = (label: string, total: number, problems: readonly string[]) => reportAgreement("Firefox", release!, label, total, problems);

  scenarioSetTests({ seed: SEED, generated: GENERATED, frameworkScenarios: FRAMEWORK_SCENARIOS }, () => ({
    bases,
    setup,
    scenarios,
    recorded,
    frameworks,
    compareAll,
    report,
  }));

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
   * attempts it took, printed by the cache test: usually two or three, but one when the socket layer
   * made the record before the first entry was stored (seen in a clean-clone CI run under load), so
   * the count is reported, not asserted; the primer throws when the cache never answers.
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

  it("agrees on preflight-cache sequences", async () => {
    console.log(`[conformance] Firefox: preflight cache answered for 127.0.0.1 after ${primerAttempts} primer attempts`);
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
