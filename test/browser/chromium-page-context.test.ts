/**
 * What happens around CORS, proven against headless Chromium: mixed content on an https: page,
 * Local Network Access from public, local and insecure pages (permission granted or not), and the
 * cookies Chromium attaches, withholds, stores and refuses. Each scenario runs in Chromium and in
 * the model against the same loopback servers; verdicts, the requests the servers received (with
 * their Cookie headers), console messages, DevTools issue codes, the withheld cookies' reasons and
 * the refused Set-Cookie lines' reasons must agree, and so must the final cookie jars.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserResult, type CookieJar, createCookieJar, simulateFetch, type ThirdPartyCookies } from "../../src/browser/index.js";
import { chromiumAvailable } from "./support/chromium.js";
import { PAGE_PATH, PAGE_QUERY, PageDriver, type PageScenario, World } from "./support/page-context.js";
import { cookieScenarios, localNetworkScenarios, mixedContentScenarios } from "./support/page-context-scenarios.js";

const available = chromiumAvailable();
const MESSAGE = /^(Mixed Content:|Access to fetch at|Fetch API cannot load)/;

describe.skipIf(!available)("page context agrees with headless Chromium (mixed content, Local Network Access, cookies)", () => {
  let world: World;
  let driver: PageDriver;
  const jars: Record<"granted" | "denied", CookieJar> = { granted: createCookieJar(), denied: createCookieJar() };

  beforeAll(async () => {
    world = await World.start();
    driver = await PageDriver.launch(world);
  });
  afterAll(async () => {
    await driver?.close();
    await world?.close();
  });

  function modelView(s: PageScenario, r: BrowserResult) {
    const toS = (t: string) => t.replaceAll(`?m=${s.id}`, `?s=${s.id}`);
    const cookies = r.trace.flatMap((x) => (x.cookies === undefined ? [] : [x.cookies]));
    return {
      verdict: r.allowed ? `ok ${r.response?.status} ${r.response?.type}` : `error ${r.error?.exception ?? "TypeError: Failed to fetch"}`,
      messages: r.message === null ? [] : [toS(r.message)],
      issues:
        r.allowed || r.error === null || !["MixedContent", "InsecureLocalNetwork", "LocalNetworkAccessPermissionDenied"].includes(r.error.code)
          ? []
          : [r.error.code],
      withheld: cookies
        .flatMap((c) => c.withheld)
        .filter((w) => !w.reasons.includes("DomainMismatch") && !w.reasons.includes("CredentialsNotIncluded"))
        .map((w) => `${w.cookie.name}:${[...w.reasons].sort().join("+")}`)
        .sort(),
      refused: cookies.flatMap((c) =>
        c.set.filter((o) => !o.stored && !o.reasons.includes("CredentialsNotIncluded")).map((o) => `${o.line}:${o.reasons.join("+")}`),
      ),
    };
  }

  async function run(list: readonly PageScenario[], on: PageDriver = driver, jar?: CookieJar, thirdPartyCookies?: ThirdPartyCookies): Promise<string[]> {
    const problems: string[] = [];
    for (const s of list) {
      world.scenarios.set(s.id, s);
      const permission = s.permission ?? "denied";
      const pageOrigin = world.origin(s.page);
      const chromiumVerdict = await on.fetch(permission, pageOrigin, world.url(s.url.place, s.url.path, "s", s.id), s.request);
      const model = await simulateFetch(
        {
          url: world.url(s.url.place, s.url.path, "m", s.id),
          origin: pageOrigin,
          referrer: `${pageOrigin}${PAGE_PATH}${PAGE_QUERY}`,
          ...(s.request.method === undefined ? {} : { method: s.request.method }),
          headers: (s.request.headers ?? []).map(([n, v]): [string, string] => [n, v]),
          ...(s.request.credentials === undefined ? {} : { credentials: s.request.credentials }),
          ...(s.request.mode === undefined ? {} : { mode: s.request.mode }),
          ...(s.request.body === undefined ? {} : { body: s.request.body }),
        },
        {
          transport: world.transport(),
          pageAddressSpace: world.spaceOf(new URL(pageOrigin)),
          localNetworkAccess: permission,
          cookies: jar ?? jars[permission],
          ...(thirdPartyCookies === undefined ? {} : { thirdPartyCookies }),
        },
      );
      await new Promise((r) => setTimeout(r, 150));
      const m0 = modelView(s, model);
      const requests = (side: "s" | "m") =>
        world.recorded.filter((r) => r.side === side && r.id === s.id).map((r) => `${r.method} ${r.path} cookie=${r.cookie ?? "-"} [${r.names}]`);
      const devtools = on.devtools(s.id);
      const chromium = {
        verdict: chromiumVerdict,
        requests: requests("s"),
        messages: devtools.messages.filter((m) => MESSAGE.test(m)),
        // DevTools may file more than one issue for a request (an insecure page's LNA failure files both
        // InsecureLocalNetwork and LocalNetworkAccessPermissionDenied; a granted permission still files
        // the latter): the model's code must be among them, and only failures count.
        issues: chromiumVerdict.startsWith("ok") ? [] : m0.issues.filter((code) => devtools.issues.includes(code)),
        withheld: devtools.withheld
          .flat()
          .filter((w) => !w.includes("DomainMismatch"))
          .sort(),
        refused: devtools.refused,
      };
      const m = { ...m0, requests: requests("m") };
      const diff = (Object.keys(chromium) as (keyof typeof chromium)[]).flatMap((k) =>
        JSON.stringify(chromium[k]) === JSON.stringify(m[k])
          ? []
          : [`${k}:\n      chromium ${JSON.stringify(chromium[k])}\n      model    ${JSON.stringify(m[k])}`],
      );
      if (diff.length > 0) problems.push(`${s.id} (page ${pageOrigin}, ${permission})\n    ${diff.join("\n    ")}`);
    }
    return problems;
  }

  function report(label: string, total: number, problems: readonly string[]): void {
    console.log(`[conformance] ${label}: ${total - problems.length}/${total} scenarios agree exactly with Chromium`);
    if (problems.length > 0) console.log(problems.join("\n\n"));
  }

  it("agrees on mixed content (an https: page fetching http: URLs)", async () => {
    const list = mixedContentScenarios();
    const problems = await run(list);
    report("mixed content", list.length, problems);
    expect(problems).toEqual([]);
  }, 60_000);

  it("agrees on Local Network Access (public/local/insecure pages, permission granted or denied)", async () => {
    const list = localNetworkScenarios();
    const problems = await run(list);
    report("local network access", list.length, problems);
    expect(problems).toEqual([]);
  }, 60_000);

  /** Both jars in comparable form (DevTools shows a Lax-by-default cookie as Lax). */
  async function jarsOf(on: PageDriver, jar: CookieJar): Promise<{ chromium: string[]; model: string[] }> {
    const chromium = (await on.contexts.denied.cookies())
      .map((c) => `${c.domain} ${c.name}=${c.value} ${c.path} secure=${c.secure} httpOnly=${c.httpOnly} ${c.sameSite}`)
      .sort();
    const model = jar
      .list()
      .map(
        (c) =>
          `${c.hostOnly ? c.domain : `.${c.domain}`} ${c.name}=${c.value} ${c.path} secure=${c.secure} httpOnly=${c.httpOnly} ${c.sameSite === "Unspecified" ? "Lax" : c.sameSite}`,
      )
      .sort();
    return { chromium, model };
  }

  it("agrees on cookies sent, withheld, stored and refused, and on the final cookie jar", async () => {
    const list = cookieScenarios();
    const problems = await run(list);
    report("cookies", list.length, problems);
    const { chromium, model } = await jarsOf(driver, jars.denied);
    expect(problems).toEqual([]);
    expect(model).toEqual(chromium);
  }, 60_000);

  it("agrees on cookies when the user allowed third-party cookies", async () => {
    const allowing = await PageDriver.launchAllowingThirdPartyCookies(world);
    try {
      const list = cookieScenarios().map((s) => ({ ...s, id: `${s.id}-3p` }));
      const jar = createCookieJar();
      const problems = await run(list, allowing, jar, "allowed");
      report("cookies, third-party allowed", list.length, problems);
      const { chromium, model } = await jarsOf(allowing, jar);
      expect(problems).toEqual([]);
      expect(model).toEqual(chromium);
    } finally {
      await allowing.close();
    }
  }, 60_000);
});
