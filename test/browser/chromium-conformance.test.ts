/**
 * The acceptance test of the browser model: the same scenarios run in headless Chromium (against
 * loopback servers) and in the model (against the same servers, through httpTransport), and every
 * observable must agree — verdict, each request sent, console message, DevTools CORS error code,
 * readable headers. Disagreements are bugs in the model.
 *
 * Requires /usr/bin/chromium. Under CI=true a missing Chromium fails; elsewhere the suite is skipped
 * with a loud notice.
 */
import type net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserResult, createPreflightCache } from "../../src/browser/index.js";
import { reportAgreement } from "./support/engine-suite.js";
import { ChromiumDriver, chromiumAvailable, chromiumRelease, type PageOutcome } from "./support/chromium.js";
import { differences, loopbackTransport, type ModelSetup, modelFetch, observeChromium, observeModel, pageFetch, type Recorded } from "./support/compare.js";
import { portOf } from "./support/raw-server.js";
import { startFrameworkScenarioServer, startScenarioServers } from "./support/scenario-servers.js";
import { type Bases, generateScenarios, PAGE_PATH, REMOTE_HOST, type Scenario } from "./support/scenarios.js";
import { main } from "../../src/cli/main.js";
import { captureIo } from "../cli/capture-io.js";
import { startFrameworkServer } from "./support/framework-servers.js";
import { cacheSequences, headerOrderScenarios, methodScenarios, redirectScenarios, referrerScenarios, type Sequence } from "./support/hand-written.js";

const SEED = Number(process.env["CORSPROOF_SEED"] ?? 20260521);
const GENERATED = Number(process.env["CORSPROOF_SCENARIOS"] ?? 1500);
const BATCH = 150;
/** Generated scenarios per real server (node:http, Express, Fastify), on top of the method scenarios. */
const FRAMEWORK_SCENARIOS = Number(process.env["CORSPROOF_FRAMEWORK_SCENARIOS"] ?? 150);

const available = chromiumAvailable();

describe.skipIf(!available)("browser model agrees with headless Chromium", () => {
  const scenarios = new Map<string, Scenario>();
  const recorded: Recorded[] = [];
  let servers: net.Server[] = [];
  let bases: Bases;
  let driver: ChromiumDriver;
  let setup: ModelSetup;
  const release = available ? chromiumRelease() : null;
  const frameworks: { close: () => Promise<void> }[] = [];

  beforeAll(async () => {
    ({ servers, bases } = await startScenarioServers(scenarios, recorded, REMOTE_HOST));
    setup = { profile: release!.profile, transport: loopbackTransport(bases) };
    driver = await ChromiumDriver.launch(`${bases.page}${PAGE_PATH}`);
  });

  afterAll(async () => {
    await driver?.close();
    for (const s of servers) s.close();
    for (const f of frameworks) await f.close();
  });

  /**
   * Runs one-shot scenarios on both sides and returns the disagreements (`extra` adds checks of its
   * own). `on` names other servers for the hops than the raw ones (a framework's), with their transport.
   */
  async function compareAll(
    list: readonly Scenario[],
    extra?: (s: Scenario, model: BrowserResult) => string[],
    on: { bases: Bases; setup: ModelSetup } = { bases, setup },
  ): Promise<string[]> {
    for (const s of list) scenarios.set(s.id, s);
    const outcomes = new Map<string, PageOutcome>();
    for (let i = 0; i < list.length; i += BATCH) {
      for (const o of await driver.run(list.slice(i, i + BATCH).map((s) => pageFetch(on.bases, s)))) outcomes.set(o.id, o);
    }
    const models = new Map<string, Awaited<ReturnType<typeof modelFetch>>>();
    for (let i = 0; i < list.length; i += 25) {
      const chunk = list.slice(i, i + 25);
      const results = await Promise.all(chunk.map((s) => modelFetch(on.bases, s, on.setup)));
      for (const [k, s] of chunk.entries()) models.set(s.id, results[k]!);
    }
    await new Promise((r) => setTimeout(r, 300));
    const problems: string[] = [];
    for (const s of list) {
      const m = observeModel(s.id, [models.get(s.id)!], recorded, on.bases === bases);
      const c = observeChromium(s.id, [outcomes.get(s.id)!], recorded, driver.messages, driver.issues);
      const diff = [...differences(c, m), ...(extra?.(s, models.get(s.id)!) ?? [])];
      if (diff.length > 0) {
        const all = driver.messages
          .filter((x) => x.text.includes(`/s/${s.id}/`) || x.url.includes(`/s/${s.id}/`))
          .map((x) => `${x.source}/${x.level}: ${x.text}`);
        problems.push(
          `${s.id} ${JSON.stringify(s.request)} hops=${JSON.stringify(s.hops)}\n    ${diff.join("\n    ")}\n    all console: ${JSON.stringify(all)}`,
        );
      }
    }
    return problems;
  }

  const report = (label: string, total: number, problems: readonly string[]) => reportAgreement("Chromium", release!, label, total, problems);

  it(`agrees on ${GENERATED} generated scenarios (seed ${SEED})`, async () => {
    const list = generateScenarios(SEED, GENERATED, bases.page);
    const problems = await compareAll(list);
    expect(report("generated, request bytes compared", list.length, problems)).toEqual([]);
  }, 240_000);

  /**
   * The order of script's headers on the actual request, Chromium's wire against the model's: the
   * order the network service holds them in, which is the order its preflight check walks. Leaves
   * out the names //net's HTTP cache moves after the CORS check (Range, Cache-Control, Pragma).
   */
  function wireOrder(s: Scenario, model: BrowserResult): string[] {
    const moved = new Set(["range", "cache-control", "pragma"]);
    const script = new Set(s.request.headers.map(([n]) => n.toLowerCase()).filter((n) => !moved.has(n)));
    const sent = recorded.find((r) => r.prefix === "s" && r.scenario === s.id && r.request.method !== "OPTIONS");
    const actual = model.trace.find((e) => e.kind !== "preflight");
    if (sent === undefined || actual === undefined) return [];
    const ours = actual.request.headers.map(([n]) => n.toLowerCase()).filter((n) => script.has(n));
    const kept = new Set(ours); // script's names the browser kept (not forbidden)
    const chromium = sent.request.headers.map(([n]) => n.toLowerCase()).filter((n) => kept.has(n));
    return chromium.join(",") === ours.join(",") ? [] : [`header order on the wire:\n      chromium ${chromium.join(",")}\n      model    ${ours.join(",")}`];
  }

  it(`agrees on hand-written header-order scenarios (several disallowed headers, seed ${SEED})`, async () => {
    const list = headerOrderScenarios(bases.page, SEED);
    const problems = await compareAll(list, wireOrder);
    expect(report("header order, request bytes compared", list.length, problems)).toEqual([]);
  }, 60_000);

  it("agrees on hand-written referrer-policy scenarios", async () => {
    const list = referrerScenarios(bases.page);
    const problems = await compareAll(list);
    expect(report("referrer policies, request bytes compared", list.length, problems)).toEqual([]);
  }, 60_000);

  it("agrees on hand-written redirect scenarios", async () => {
    const list = redirectScenarios(bases.page);
    const problems = await compareAll(list);
    expect(report("redirects, request bytes compared", list.length, problems)).toEqual([]);
  }, 60_000);

  it("agrees on preflight-cache sequences", async () => {
    const sequences = cacheSequences(bases.page);
    for (const q of sequences) scenarios.set(q.scenario.id, q.scenario);
    const problems: string[] = [];
    await Promise.all(
      sequences.map(async (q: Sequence) => {
        const outcomes = await driver.run(
          q.steps.map((step, k) => pageFetch(bases, q.scenario, step.request, `${q.scenario.id}#${k}`, step.waitBefore)),
          true,
        );
        const cache = createPreflightCache();
        const results = [];
        for (const step of q.steps) {
          if (step.waitBefore !== undefined) await new Promise((r) => setTimeout(r, step.waitBefore));
          results.push(await modelFetch(bases, q.scenario, setup, cache, step.request));
        }
        await new Promise((r) => setTimeout(r, 300));
        const m = observeModel(q.scenario.id, results, recorded);
        const c = observeChromium(q.scenario.id, outcomes, recorded, driver.messages, driver.issues);
        const diff = differences(c, m);
        if (diff.length > 0) problems.push(`${q.scenario.id} ${q.title}\n    ${diff.join("\n    ")}`);
      }),
    );
    expect(report("cache sequences, request bytes compared", sequences.length, problems)).toEqual([]);
  }, 60_000);

  /**
   * The same kind of generated scenarios against real servers, whose HTTP parser and router answer
   * before any handler runs (400 for `patch`, Fastify's 404 for unrouted methods, 415 for bodies it
   * cannot parse): verdicts, requests, messages, readable headers and bytes must still agree.
   */
  for (const framework of ["node:http", "express", "fastify"] as const) {
    it(`agrees on ${FRAMEWORK_SCENARIOS} generated scenarios and the method scenarios against a ${framework} server`, async () => {
      const running = await startFrameworkScenarioServer(framework, scenarios, recorded, bases.page, REMOTE_HOST);
      frameworks.push(running);
      const frameworkBases = running.bases;
      const on = { bases: frameworkBases, setup: { profile: setup.profile, transport: loopbackTransport(frameworkBases) } };
      const tag = framework === "node:http" ? "n" : framework[0]!;
      const list = [...generateScenarios(SEED + tag.charCodeAt(0), FRAMEWORK_SCENARIOS, bases.page), ...methodScenarios(bases.page)].map((s) => ({
        ...s,
        id: `${tag}${s.id}`,
      }));
      const problems = await compareAll(list, undefined, on);
      expect(report(`${framework} server, request bytes compared`, list.length, problems)).toEqual([]);
    }, 120_000);
  }

  /**
   * `corsproof check` itself (the CLI, over the network) against the same real servers as Chromium,
   * for method tokens fetch() leaves as written: verdict, console message and readable headers agree.
   */
  it("check agrees with Chromium on lower-case and custom methods against node:http, Express and Fastify", async () => {
    const problems: string[] = [];
    for (const framework of ["node:http", "express", "fastify"] as const) {
      // A typical permissive API: allows the page, any method, and exposes which method it got.
      const running = await startFrameworkServer(framework, (request) => ({
        status: request.method === "OPTIONS" ? 204 : 200,
        headers: [
          ["Access-Control-Allow-Origin", bases.page],
          ["Access-Control-Allow-Methods", "*"],
          ["Access-Control-Expose-Headers", "X-Method"],
          ["X-Method", request.method],
        ],
        body: "",
      }));
      frameworks.push(running);
      const url = `http://127.0.0.1:${portOf(running.server)}/api`;
      for (const method of ["patch", "PATCH", "chicken", "Custom-Method", "get", "delete", "post", "put", "options"]) {
        const [chromium] = await driver.run([{ id: `check-${framework}-${method}`, url, init: { method, headers: [] } }]);
        await new Promise((r) => setTimeout(r, 100));
        const io = captureIo();
        const code = await main(["check", url, "--origin", bases.page, "-X", method, "--browser", release!.browserFlag, "--json"], io);
        const json = JSON.parse(io.out()) as { allowed: boolean; message: string | null; exposedHeaders: string[]; response: { status: number } | null };
        const message = driver.messages.filter((m) => m.text.startsWith("Access to fetch at") && m.text.includes(`'${url}'`)).pop()?.text ?? null;
        driver.messages.length = 0;
        const ours = `${json.allowed ? `ok ${json.response?.status}` : "blocked"} ${json.message} [${json.exposedHeaders.join(",")}] exit ${code}`;
        const theirs = `${chromium?.ok ? `ok ${chromium.status}` : "blocked"} ${message} [${chromium?.ok ? chromium.headers?.join(",") : ""}] exit ${chromium?.ok ? 0 : 1}`;
        if (ours !== theirs) problems.push(`${framework} ${method}:\n      chromium ${theirs}\n      check    ${ours}`);
      }
    }
    expect(report("check CLI on real servers", 27, problems)).toEqual([]);
  }, 120_000);
});
