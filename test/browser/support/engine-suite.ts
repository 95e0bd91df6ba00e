/**
 * What the Firefox and WebKit conformance suites share: comparing one scenario's two sides, running
 * a list of scenarios in the real browser and in the model, the scenario sets they both run (the
 * preflight-cache sequences included), and the `<Engine> <version>: N/M agree` report every engine's
 * suite prints (Chromium's included). One copy, so the three suites cannot drift in what "agree" means.
 */
import { appendFileSync } from "node:fs";
import { expect, it } from "vitest";
import { type BrowserProfile, type BrowserResult, createPreflightCache } from "../../../src/browser/index.js";
import { differences, loopbackTransport, type ModelSetup, modelFetch, type Observation, observeModel, pageFetch, type Recorded } from "./compare.js";
import { cacheSequences, headerOrderScenarios, methodScenarios, redirectScenarios, referrerScenarios } from "./hand-written.js";
import type { PageFetch, PageOutcome } from "./page-fetch.js";
import { startFrameworkScenarioServer } from "./scenario-servers.js";
import { type Bases, generateScenarios, type Scenario } from "./scenarios.js";

/** The release under test and the profile the model runs for it. */
export interface EngineRelease {
  readonly version: string;
  readonly profile: BrowserProfile;
  /** True when the model has this release's own profile: disagreements then fail the suite. */
  readonly profiled: boolean;
}

/** A driven browser: runs page fetches in batches (or one after the other) and waits until its console is quiet. */
export interface ScenarioDriver {
  run(fetches: readonly PageFetch[], sequential?: boolean): Promise<PageOutcome[]>;
  quiet(): Promise<void>;
}

/** Where the scenarios run and how one scenario's two sides are compared. */
interface ScenarioRun {
  readonly driver: ScenarioDriver;
  /** Every scenario by id, for the recording servers (they answer from the scenario's hops). */
  readonly scenarios: Map<string, Scenario>;
  readonly bases: Bases;
  readonly setup: ModelSetup;
  /** The differences for one scenario; `raw` is false when a framework served the hops. */
  compare(id: string, outcome: PageOutcome, model: BrowserResult, raw: boolean): string[];
}

const BROWSER_BATCH = 100;
const MODEL_BATCH = 25;

/**
 * Runs `list` in the browser and in the model; `on` names other servers for the hops (a
 * framework's) with their transport. Returns one text per disagreeing scenario.
 */
async function compareScenarios(run: ScenarioRun, list: readonly Scenario[], on: { bases: Bases; setup: ModelSetup } = run): Promise<string[]> {
  for (const s of list) run.scenarios.set(s.id, s);
  const outcomes = new Map<string, PageOutcome>();
  for (let i = 0; i < list.length; i += BROWSER_BATCH) {
    for (const o of await run.driver.run(list.slice(i, i + BROWSER_BATCH).map((s) => pageFetch(on.bases, s)))) outcomes.set(o.id, o);
  }
  const models = new Map<string, BrowserResult>();
  for (let i = 0; i < list.length; i += MODEL_BATCH) {
    const chunk = list.slice(i, i + MODEL_BATCH);
    const results = await Promise.all(chunk.map((s) => modelFetch(on.bases, s, on.setup)));
    for (const [k, s] of chunk.entries()) models.set(s.id, results[k]!);
  }
  // Firefox and WebKit report CORS failures to the console after the fetch settled: wait until quiet.
  await run.driver.quiet();
  const problems: string[] = [];
  for (const s of list) {
    const diff = run.compare(s.id, outcomes.get(s.id)!, models.get(s.id)!, on.bases === run.bases);
    if (diff.length > 0) problems.push(`${s.id} ${JSON.stringify(s.request)} hops=${JSON.stringify(s.hops)}\n    ${diff.join("\n    ")}`);
  }
  return problems;
}

/**
 * Prints `<engine> <version>: N/M agree` and returns what must hold: no problems for a profiled
 * release; for a release without a profile the nearest profile's differences are a loud warning.
 * CORSPROOF_PROBLEMS_FILE=path appends every disagreement in full, for working through them.
 */
export function reportAgreement(engine: string, release: EngineRelease, label: string, total: number, problems: readonly string[]): readonly string[] {
  console.log(`[conformance] ${engine} ${release.version}: ${total - problems.length}/${total} agree (${label}, profile ${release.profile.name})`);
  if (problems.length > 0) console.log(problems.slice(0, 15).join("\n\n"));
  const file = process.env["CORSPROOF_PROBLEMS_FILE"];
  if (file !== undefined) appendFileSync(file, problems.join("\n\n") + "\n\n");
  if (release.profiled || problems.length === 0) return problems;
  console.warn(
    `\n${"!".repeat(78)}\n!! ${engine} ${release.version} runs with profile ${release.profile.name}, not its own (none exists, or CORSPROOF_PROFILE chose it),\n!! and disagrees on ${problems.length}/${total} ${label} scenarios.\n!! The model is NOT proven for this release. Add a profile for it (src/browser/profiles.ts).\n${"!".repeat(78)}\n`,
  );
  return [];
}

/** What the shared scenario sets need from a running suite (read when each test runs, after beforeAll). */
export interface ScenarioSetsContext {
  /** The model's engine, whose console lines and codes the observations use. */
  readonly engine: "firefox" | "webkit";
  /** How the report names the browser ("Firefox", "WebKitGTK"). */
  readonly name: string;
  readonly release: EngineRelease;
  readonly driver: ScenarioDriver;
  readonly bases: Bases;
  readonly setup: ModelSetup;
  readonly scenarios: Map<string, Scenario>;
  readonly recorded: Recorded[];
  /** Framework servers started by the tests, closed by the suite's afterAll. */
  readonly frameworks: { close: () => Promise<void> }[];
  /** What the browser did for scenario `id` (its requests from the recording, its console lines). */
  observe(id: string, outcomes: readonly PageOutcome[]): Observation;
}

/**
 * The differences between the browser's side and the model's for one scenario, the model's
 * DevTools code left out (only Chromium has one). `raw` is false when a framework served the hops
 * (the model's requests then come from the recording too).
 */
function compareSides(ctx: ScenarioSetsContext, id: string, outcomes: readonly PageOutcome[], models: readonly BrowserResult[], raw = true): string[] {
  const model: Observation = { ...observeModel(id, models, ctx.recorded, raw, ctx.engine), code: "" };
  return differences(ctx.observe(id, outcomes), model).map((d) => d.replace("chromium ", ctx.engine.padEnd(9)));
}

/**
 * Registers the scenario sets the Firefox and WebKit suites run alike: `generated` scenarios of
 * `seed`, the hand-written header-order, referrer-policy and redirect sets, and generated plus
 * method scenarios against real node:http, Express and Fastify servers, whose HTTP parser and router
 * answer before any handler runs (400 for `patch`, Fastify's 404 for unrouted methods, 415 for
 * bodies it cannot parse), as the Chromium suite runs them; then the preflight-cache sequences, each
 * run step by step in one browser and against one model cache.
 */
export function scenarioSetTests(
  counts: { readonly seed: number; readonly generated: number; readonly frameworkScenarios: number },
  suite: () => ScenarioSetsContext,
): void {
  const { seed, generated, frameworkScenarios } = counts;
  const report = (ctx: ScenarioSetsContext, label: string, total: number, problems: readonly string[]) =>
    reportAgreement(ctx.name, ctx.release, label, total, problems);
  const check = async (label: string, list: readonly Scenario[], on?: { bases: Bases; setup: ModelSetup }) => {
    const ctx = suite();
    const run: ScenarioRun = { ...ctx, compare: (id, o, m, raw) => compareSides(ctx, id, [o], [m], raw) };
    expect(report(ctx, label, list.length, await compareScenarios(run, list, on))).toEqual([]);
  };
  it(`agrees on ${generated} generated scenarios (seed ${seed})`, async () => {
    await check("generated, request bytes compared", generateScenarios(seed, generated, suite().bases.page));
  }, 240_000);
  it(`agrees on hand-written header-order scenarios (several disallowed headers, seed ${seed})`, async () => {
    await check("header order, request bytes compared", headerOrderScenarios(suite().bases.page, seed));
  }, 60_000);
  it("agrees on hand-written referrer-policy scenarios", async () => {
    await check("referrer policies, request bytes compared", referrerScenarios(suite().bases.page));
  }, 60_000);
  it("agrees on hand-written redirect scenarios", async () => {
    await check("redirects, request bytes compared", redirectScenarios(suite().bases.page));
  }, 60_000);
  for (const framework of ["node:http", "express", "fastify"] as const) {
    it(`agrees on ${frameworkScenarios} generated scenarios and the method scenarios against a ${framework} server`, async () => {
      const ctx = suite();
      const running = await startFrameworkScenarioServer(framework, ctx.scenarios, ctx.recorded, ctx.bases.page, new URL(ctx.bases.remote).hostname);
      ctx.frameworks.push(running);
      const on = { bases: running.bases, setup: { profile: ctx.setup.profile, transport: loopbackTransport(running.bases) } };
      const tag = framework === "node:http" ? "n" : framework[0]!;
      const list = [...generateScenarios(seed + tag.charCodeAt(0), frameworkScenarios, ctx.bases.page), ...methodScenarios(ctx.bases.page)].map((s) => ({
        ...s,
        id: `${tag}${s.id}`,
      }));
      await check(`${framework} server, request bytes compared`, list, on);
    }, 120_000);
  }
  it("agrees on preflight-cache sequences", async () => {
    const ctx = suite();
    const sequences = cacheSequences(ctx.bases.page);
    for (const q of sequences) ctx.scenarios.set(q.scenario.id, q.scenario);
    const runs = await Promise.all(
      sequences.map(async (q) => {
        const outcomes = await ctx.driver.run(
          q.steps.map((step, k) => pageFetch(ctx.bases, q.scenario, step.request, `${q.scenario.id}#${k}`, step.waitBefore)),
          true,
        );
        const cache = createPreflightCache();
        const results: BrowserResult[] = [];
        for (const step of q.steps) {
          if (step.waitBefore !== undefined) await new Promise((r) => setTimeout(r, step.waitBefore));
          results.push(await modelFetch(ctx.bases, q.scenario, ctx.setup, cache, step.request));
        }
        return { q, outcomes, results };
      }),
    );
    await ctx.driver.quiet();
    const problems = runs.flatMap(({ q, outcomes, results }) => {
      const diff = compareSides(ctx, q.scenario.id, outcomes, results);
      return diff.length === 0 ? [] : [`${q.scenario.id} ${q.title}\n    ${diff.join("\n    ")}`];
    });
    expect(report(ctx, "cache sequences, request bytes compared", sequences.length, problems)).toEqual([]);
  }, 60_000);
}
