/**
 * Drives headless Firefox (Debian's firefox-esr) for the conformance suite over WebDriver BiDi on a
 * plain websocket: no geckodriver, no downloaded browser. One browser, one page served by the `page`
 * server, many fetch() calls per batch; console entries (`log.entryAdded`) are collected as they
 * come, since Firefox reports CORS failures to the console after the fetch has already settled.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { type BrowserProfile, type ProfileName, profiles } from "../../../src/browser/index.js";
import { firefoxProfile } from "../../../src/browser/profiles.js";
import { type PageFetch, type PageOutcome, runFetches } from "./page-fetch.js";
import { REMOTE_HOST } from "./scenarios.js";

/** The Firefox under test: CORSPROOF_FIREFOX=/path/to/firefox, else Debian's /usr/bin/firefox-esr. */
export const FIREFOX_PATH = process.env["CORSPROOF_FIREFOX"] ?? "/usr/bin/firefox-esr";

/** The release under test and the profile the model runs for it. */
export interface FirefoxRelease {
  /** Full version, e.g. `153.8.0esr`. */
  readonly version: string;
  readonly profile: BrowserProfile;
  /** True when the model has this release's own profile: disagreements then fail the suite. */
  readonly profiled: boolean;
}

/** Reads the version of the Firefox under test (`firefox --version`) and picks its profile, or the nearest one. */
export function firefoxRelease(): FirefoxRelease {
  const text = execFileSync(FIREFOX_PATH, ["--version"], { encoding: "utf8", timeout: 30_000, stdio: ["ignore", "pipe", "ignore"] });
  const version = /(\d+)\.\d+(\.\d+)?(esr)?/.exec(text)?.[0];
  if (version === undefined) throw new Error(`cannot read the Firefox version from ${FIREFOX_PATH} --version: ${JSON.stringify(text)}`);
  const major = Number.parseInt(version, 10);
  const forced = process.env["CORSPROOF_PROFILE"];
  if (forced?.startsWith("firefox")) {
    if (!Object.hasOwn(profiles, forced)) throw new Error(`CORSPROOF_PROFILE must be one of ${Object.keys(profiles).join(", ")}`);
    const profile = profiles[forced as ProfileName];
    return { version, profile, profiled: profile.wire?.major === major };
  }
  const { profile, exact } = firefoxProfile(major);
  return { version, profile, profiled: exact };
}

/** True when the suite can run; throws under CI=true when Firefox is missing. */
export function firefoxAvailable(): boolean {
  if (existsSync(FIREFOX_PATH)) return true;
  if (process.env["CI"] === "true") throw new Error(`Firefox conformance suite: ${FIREFOX_PATH} is missing and CI=true. Install the firefox-esr package.`);
  console.warn(
    `\n${"!".repeat(78)}\n!! SKIPPING the Firefox conformance suite: ${FIREFOX_PATH} not found.\n!! The firefox profile is NOT being checked against a real browser on this machine.\n${"!".repeat(78)}\n`,
  );
  return false;
}

/**
 * Preferences that keep Firefox off the network except for the test servers (no internet here):
 * updates, telemetry, captive-portal and connectivity checks, Safe Browsing, remote settings,
 * speculative connections; and `corsproof.test` resolved to loopback like Chromium's resolver rule.
 */
const PREFS: Record<string, string | number | boolean> = {
  "app.update.disabledForTesting": true,
  "app.update.auto": false,
  "app.normandy.enabled": false,
  "browser.aboutHomeSnippets.updateUrl": "",
  "browser.newtabpage.enabled": false,
  "browser.newtabpage.activity-stream.feeds.system.topstories": false,
  "browser.newtabpage.activity-stream.feeds.snippets": false,
  "browser.ping-centre.telemetry": false,
  "browser.safebrowsing.blockedURIs.enabled": false,
  "browser.safebrowsing.downloads.enabled": false,
  "browser.safebrowsing.malware.enabled": false,
  "browser.safebrowsing.phishing.enabled": false,
  "browser.safebrowsing.provider.mozilla.updateURL": "",
  "browser.search.update": false,
  "browser.shell.checkDefaultBrowser": false,
  "browser.startup.homepage_override.mstone": "ignore",
  "browser.startup.page": 0,
  "browser.topsites.contile.enabled": false,
  "captivedetect.canonicalURL": "",
  "datareporting.healthreport.uploadEnabled": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "dom.security.https_first": false,
  "extensions.blocklist.enabled": false,
  "extensions.getAddons.cache.enabled": false,
  "extensions.update.enabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "network.dns.disablePrefetch": true,
  "network.dns.localDomains": REMOTE_HOST,
  "network.http.speculative-parallel-limit": 0,
  "network.prefetch-next": false,
  "network.proxy.type": 0,
  "network.trr.mode": 5,
  "services.settings.server": "http://127.0.0.1:9/",
  "toolkit.telemetry.enabled": false,
  "toolkit.telemetry.server": "",
  "toolkit.telemetry.unified": false,
};

/** A console entry as BiDi reports it. */
export interface ConsoleEntry {
  readonly text: string;
  readonly level: string;
  /** Milliseconds since the driver started, when the entry arrived. */
  readonly at: number;
}

interface Pending {
  resolve: (value: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

export class FirefoxDriver {
  readonly messages: ConsoleEntry[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private context = "";
  private readonly started = Date.now();

  private constructor(
    private readonly child: ChildProcess,
    private readonly socket: WebSocket,
    private readonly profileDir: string,
  ) {
    socket.on("message", (data) => {
      const m = JSON.parse(String(data)) as {
        id?: number;
        type: string;
        method?: string;
        params?: Record<string, unknown>;
        result?: Record<string, unknown>;
        error?: string;
        message?: string;
      };
      if (m.type === "event" && m.method === "log.entryAdded") {
        this.messages.push({ text: String(m.params?.["text"] ?? ""), level: String(m.params?.["level"] ?? ""), at: Date.now() - this.started });
        return;
      }
      if (m.id === undefined) return;
      const p = this.pending.get(m.id);
      if (p === undefined) return;
      this.pending.delete(m.id);
      if (m.type === "error") p.reject(new Error(`BiDi ${m.error}: ${m.message}`));
      else p.resolve(m.result ?? {});
    });
  }

  /** Starts Firefox with a fresh profile, opens a BiDi session and loads the page. */
  static async launch(pageUrl: string): Promise<FirefoxDriver> {
    const profileDir = mkdtempSync(join(tmpdir(), "corsproof-firefox-"));
    writeFileSync(
      join(profileDir, "user.js"),
      Object.entries(PREFS)
        .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`)
        .join(""),
    );
    const child = spawn(FIREFOX_PATH, ["--headless", "--no-remote", "--profile", profileDir, "--remote-debugging-port=0"], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: "1" },
    });
    // A test process that dies before close() must not leave the browser running.
    const orphanGuard = () => child.kill("SIGKILL");
    process.once("exit", orphanGuard);
    child.once("exit", () => process.off("exit", orphanGuard));
    let address: string;
    try {
      address = await new Promise<string>((resolve, reject) => {
        let err = "";
        const timer = setTimeout(() => reject(new Error(`Firefox printed no WebDriver BiDi address within 60 s:\n${err}`)), 60_000);
        child.on("exit", (code) => reject(new Error(`Firefox exited (${code}) before it listened:\n${err}`)));
        child.stderr?.on("data", (chunk: Buffer) => {
          err += chunk.toString();
          const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(err);
          if (m !== null) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
    } catch (error) {
      child.kill();
      rmSync(profileDir, { recursive: true, force: true });
      throw error;
    }
    const socket = new WebSocket(`${address}/session`);
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    const driver = new FirefoxDriver(child, socket, profileDir);
    await driver.send("session.new", { capabilities: {} });
    await driver.send("session.subscribe", { events: ["log.entryAdded"] });
    const tree = (await driver.send("browsingContext.getTree", {})) as { contexts: { context: string }[] };
    driver.context = tree.contexts[0]!.context;
    await driver.send("browsingContext.navigate", { context: driver.context, url: pageUrl, wait: "complete" });
    return driver;
  }

  private send(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Runs the fetches concurrently (sequentially when `sequential`) inside the page. */
  async run(fetches: readonly PageFetch[], sequential = false): Promise<PageOutcome[]> {
    return (await this.call(runFetches, { fetches: [...fetches], sequential })) as PageOutcome[];
  }

  /**
   * Calls `fn(arg)` inside the page (awaited) and returns its JSON-serialisable result. `fn` is
   * sent as source text: it must not close over anything.
   */
  async call<A>(fn: (arg: A) => unknown, arg: A): Promise<unknown> {
    // `__name`: the helper esbuild's keepNames (tsx) wraps nested functions in; a no-op in the page.
    const expression = `(async () => { const __name = (f) => f; return JSON.stringify(await (${fn.toString()})(${JSON.stringify(arg)})); })()`;
    const result = (await this.send("script.evaluate", {
      expression,
      target: { context: this.context },
      awaitPromise: true,
      resultOwnership: "none",
    })) as { type: string; result?: { type: string; value?: string }; exceptionDetails?: { text: string } };
    if (result.type !== "success" || result.result?.type !== "string") throw new Error(`script failed in Firefox: ${JSON.stringify(result)}`);
    return JSON.parse(result.result.value!);
  }

  /** Waits until no console entry arrived for `quietMs` (Firefox logs CORS failures asynchronously). */
  async quiet(quietMs = 300, maxMs = 5_000): Promise<void> {
    const until = Date.now() + maxMs;
    let seen = -1;
    while (Date.now() < until) {
      seen = this.messages.length;
      await new Promise((r) => setTimeout(r, quietMs));
      if (this.messages.length === seen) return;
    }
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.send("browser.close", {}), new Promise((r) => setTimeout(r, 5_000))]);
    } catch {
      // The browser may close the socket before it answers.
    }
    this.socket.close();
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once("exit", r));
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.profileDir, { recursive: true, force: true });
  }
}
