/**
 * Drives WebKitGTK (Debian's libwebkit2gtk-4.1-0, its MiniBrowser) for the conformance suite, over
 * the Web Inspector protocol: no WebKitWebDriver, no downloaded browser.
 *
 * Why the inspector and not WebKitWebDriver: classic WebDriver can navigate and run the fetch but
 * has no console log, and the console lines are half of what the suite compares. The inspector
 * delivers them (`Console.messageAdded`) with the page's own three lines per CORS failure.
 *
 * How: a private Xvfb (`-displayfd`: it picks a free display itself), MiniBrowser on it with
 * `WEBKIT_INSPECTOR_HTTP_SERVER=127.0.0.1:<port>` (WebKitGTK's remote inspector over HTTP and a
 * websocket), XDG directories in a fresh temporary directory (no state from earlier runs), the
 * `remote` server's name mapped to 127.0.0.1 by a SOCKS5 proxy (socks-loopback.ts; loopback
 * addresses bypass it). The websocket speaks to the page's target through
 * `Target.sendMessageToTarget`; `Runtime.evaluate` starts the batch and `Runtime.awaitPromise`
 * waits for it.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { type BrowserProfile, type ProfileName, profiles } from "../../../src/browser/index.js";
import { freePort } from "../../support/http.js";
import { webkitProfile } from "../../../src/browser/profiles.js";
import { type PageFetch, type PageOutcome, runFetches } from "./page-fetch.js";
import { REMOTE_HOST } from "./scenarios.js";
import { type SocksLoopback, startSocksLoopback } from "./socks-loopback.js";

/** The MiniBrowser under test: CORSPROOF_WEBKIT=/path/to/MiniBrowser, else Debian's. */
export const WEBKIT_PATH = process.env["CORSPROOF_WEBKIT"] ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";
const XVFB_PATH = "/usr/bin/Xvfb";

/** The release under test and the profile the model runs for it. */
export interface WebKitRelease {
  /** WebKitGTK version, e.g. `2.50.6`. */
  readonly version: string;
  readonly profile: BrowserProfile;
  /** True when the model has this release's own profile: disagreements then fail the suite. */
  readonly profiled: boolean;
}

/** True when the suite can run; throws under CI=true when WebKitGTK or Xvfb is missing. */
export function webkitAvailable(): boolean {
  const missing = [WEBKIT_PATH, XVFB_PATH].filter((p) => !existsSync(p));
  if (missing.length === 0) return true;
  if (process.env["CI"] === "true")
    throw new Error(`WebKit conformance suite: ${missing.join(" and ")} missing and CI=true. Install the libwebkit2gtk-4.1-0 and xvfb packages.`);
  console.warn(
    `\n${"!".repeat(78)}\n!! SKIPPING the WebKit conformance suite: ${missing.join(", ")} not found.\n!! The webkit profile is NOT being checked against a real browser on this machine.\n${"!".repeat(78)}\n`,
  );
  return false;
}

/** The profile for a WebKitGTK version (`2.50.6` → `webkit@2.50`), or CORSPROOF_PROFILE's. */
function releaseOf(version: string): WebKitRelease {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const forced = process.env["CORSPROOF_PROFILE"];
  if (forced?.startsWith("webkit")) {
    if (!Object.hasOwn(profiles, forced)) throw new Error(`CORSPROOF_PROFILE must be one of ${Object.keys(profiles).join(", ")}`);
    const profile = profiles[forced as ProfileName];
    const wire = profile.wire;
    return { version, profile, profiled: wire?.engine === "webkit" && wire.major === major && wire.minor === minor };
  }
  const { profile, exact } = webkitProfile(major, minor);
  return { version, profile, profiled: exact };
}

/** A console entry as the inspector reports it. */
export interface ConsoleEntry {
  readonly text: string;
  /** `security`, `javascript`, `network`, … */
  readonly source: string;
  readonly level: string;
  /** The resource the entry is about, when WebKit names one ("" for most). */
  readonly url: string;
}

interface Pending {
  resolve: (value: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `command` in its own process group, so that close() can end it with every helper it started. */
function start(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; stdio: ("ignore" | "pipe")[] }): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  // A test process that dies before close() must not leave them running.
  const orphanGuard = () => stopGroup(child, "SIGKILL");
  process.once("exit", orphanGuard);
  child.once("exit", () => process.off("exit", orphanGuard));
  return child;
}

function stopGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  stopGroup(child, "SIGTERM");
  const timer = setTimeout(() => stopGroup(child, "SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Starts Xvfb on a display it picks (`-displayfd`), returning the process and `:<n>`. */
async function startXvfb(): Promise<{ xvfb: ChildProcess; display: string }> {
  const xvfb = start(XVFB_PATH, ["-displayfd", "3", "-nolisten", "tcp", "-screen", "0", "1280x800x24"], { stdio: ["ignore", "ignore", "pipe", "pipe"] });
  const display = await new Promise<string>((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`Xvfb named no display within 30 s:\n${err}`)), 30_000);
    xvfb.stderr?.on("data", (c: Buffer) => (err += c.toString()));
    xvfb.once("exit", (code) => reject(new Error(`Xvfb exited (${code}):\n${err}`)));
    (xvfb.stdio[3] as NodeJS.ReadableStream).on("data", (c: Buffer) => {
      out += c.toString();
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
  });
  return { xvfb, display };
}

export class WebKitDriver {
  readonly messages: ConsoleEntry[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private target = "";
  private readonly targetReady: Promise<void>;

  private constructor(
    private readonly children: readonly ChildProcess[],
    private readonly socket: WebSocket,
    private readonly socks: SocksLoopback,
    private readonly dataDir: string,
    readonly release: WebKitRelease,
  ) {
    let ready: () => void = () => {};
    this.targetReady = new Promise((r) => (ready = r));
    socket.on("message", (data) => {
      const m = JSON.parse(String(data)) as { method?: string; params?: { targetInfo?: { targetId: string; type: string }; message?: string } };
      if (m.method === "Target.targetCreated" && m.params?.targetInfo?.type === "page") {
        this.target = m.params.targetInfo.targetId;
        ready();
        return;
      }
      if (m.method !== "Target.dispatchMessageFromTarget" || m.params?.message === undefined) return;
      const inner = JSON.parse(m.params.message) as {
        id?: number;
        method?: string;
        params?: { message?: { text: string; source: string; level: string; url?: string } };
        result?: Record<string, unknown>;
        error?: { message: string };
      };
      if (inner.method === "Console.messageAdded" && inner.params?.message !== undefined) {
        const e = inner.params.message;
        this.messages.push({ text: e.text, source: e.source, level: e.level, url: e.url ?? "" });
        return;
      }
      if (inner.id === undefined) return;
      const p = this.pending.get(inner.id);
      if (p === undefined) return;
      this.pending.delete(inner.id);
      if (inner.error !== undefined) p.reject(new Error(`inspector: ${inner.error.message}`));
      else p.resolve(inner.result ?? {});
    });
  }

  /** Starts Xvfb, the SOCKS mapping and MiniBrowser with a fresh data directory, and loads the page. */
  static async launch(pageUrl: string): Promise<WebKitDriver> {
    const dataDir = mkdtempSync(join(tmpdir(), "corsproof-webkit-"));
    const socks = await startSocksLoopback([REMOTE_HOST]);
    const children: ChildProcess[] = [];
    try {
      const { xvfb, display } = await startXvfb();
      children.push(xvfb);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DISPLAY: display,
        // The en-US locale, as the other engines' profiles (WebKitGTK derives Accept-Language from it).
        LANG: "en_US.UTF-8",
        LANGUAGE: "en_US",
        XDG_DATA_HOME: join(dataDir, "data"),
        XDG_CACHE_HOME: join(dataDir, "cache"),
        XDG_CONFIG_HOME: join(dataDir, "config"),
        // No accessibility bus or GPU in a test run.
        NO_AT_BRIDGE: "1",
        WEBKIT_DISABLE_COMPOSITING_MODE: "1",
      };
      const version = /WebKitGTK (\d+\.\d+\.\d+)/.exec(
        execFileSync(WEBKIT_PATH, ["--version"], { env, encoding: "utf8", timeout: 30_000, stdio: ["ignore", "pipe", "ignore"] }),
      )?.[1];
      if (version === undefined) throw new Error(`cannot read the WebKitGTK version from ${WEBKIT_PATH} --version`);
      const socksPort = socks.port;
      for (let attempt = 1; ; attempt++) {
        const port = await freePort();
        const browser = start(
          WEBKIT_PATH,
          [`--proxy=socks5://127.0.0.1:${socksPort}`, "--ignore-host=127.0.0.1,localhost", "--enable-dns-prefetching=false", "about:blank"],
          { env: { ...env, WEBKIT_INSPECTOR_HTTP_SERVER: `127.0.0.1:${port}` }, stdio: ["ignore", "ignore", "ignore"] },
        );
        children.push(browser);
        const path = await inspectorSocketPath(port, browser);
        if (path !== null) {
          const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`);
          await new Promise((resolve, reject) => {
            socket.once("open", resolve);
            socket.once("error", reject);
          });
          const driver = new WebKitDriver(children, socket, socks, dataDir, releaseOf(version));
          await driver.navigate(pageUrl);
          return driver;
        }
        // Another process took the port between freePort() and MiniBrowser's bind: try another.
        await stop(browser);
        children.pop();
        if (attempt === 3) throw new Error("MiniBrowser's remote inspector did not come up (3 attempts)");
      }
    } catch (error) {
      for (const c of children.reverse()) await stop(c);
      await socks.close();
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  private send(method: string, params: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`inspector: no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.socket.send(
        JSON.stringify({ id, method: "Target.sendMessageToTarget", params: { targetId: this.target, message: JSON.stringify({ id, method, params }) } }),
      );
    });
  }

  private async evaluate(expression: string): Promise<{ type: string; value?: unknown }> {
    const r = (await this.send("Runtime.evaluate", { expression, returnByValue: true })) as {
      result: { type: string; value?: unknown; description?: string };
      wasThrown?: boolean;
    };
    if (r.wasThrown === true) throw new Error(`WebKit threw: ${r.result.description}`);
    return r.result;
  }

  private async navigate(url: string): Promise<void> {
    await this.targetReady;
    await this.send("Console.enable");
    await this.send("Page.navigate", { url });
    // Page.navigate answers when the load starts: wait for the document itself.
    for (let i = 0; i < 300; i++) {
      const state = await this.evaluate("location.href + ' ' + document.readyState");
      if (state.value === `${url} complete`) return;
      await sleep(100);
    }
    throw new Error(`WebKit did not load ${url} within 30 s`);
  }

  /** Runs the fetches concurrently (sequentially when `sequential`) inside the page. */
  async run(fetches: readonly PageFetch[], sequential = false): Promise<PageOutcome[]> {
    // `__name`: the helper esbuild's keepNames (tsx) wraps nested functions in; a no-op in the page.
    const expression = `(() => { const __name = (f) => f; return (${runFetches.toString()})(${JSON.stringify({ fetches, sequential })}); })().then(JSON.stringify)`;
    const started = (await this.send("Runtime.evaluate", { expression })) as { result: { objectId?: string; description?: string }; wasThrown?: boolean };
    if (started.wasThrown === true || started.result.objectId === undefined) throw new Error(`fetch batch did not start in WebKit: ${JSON.stringify(started)}`);
    const done = (await this.send("Runtime.awaitPromise", { promiseObjectId: started.result.objectId, returnByValue: true })) as {
      result: { type: string; value?: string };
      wasThrown?: boolean;
    };
    if (done.wasThrown === true || done.result.type !== "string") throw new Error(`fetch batch failed in WebKit: ${JSON.stringify(done)}`);
    return JSON.parse(done.result.value!) as PageOutcome[];
  }

  /** Waits until no console entry arrived for `quietMs` (the network process reports some failures late). */
  async quiet(quietMs = 300, maxMs = 5_000): Promise<void> {
    const until = Date.now() + maxMs;
    while (Date.now() < until) {
      const seen = this.messages.length;
      await sleep(quietMs);
      if (this.messages.length === seen) return;
    }
  }

  async close(): Promise<void> {
    this.socket.close();
    for (const c of [...this.children].reverse()) await stop(c);
    await this.socks.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * The websocket path of the page's inspector target, read from the inspector's HTTP listing
 * (`/socket/<connection>/<target>/WebPage`), or null when the inspector never came up.
 */
async function inspectorSocketPath(port: number, browser: ChildProcess): Promise<string | null> {
  for (let i = 0; i < 300 && browser.exitCode === null; i++) {
    try {
      const html = await (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) })).text();
      const path = /\/socket\/\d+\/\d+\/WebPage/.exec(html)?.[0];
      if (path !== undefined) return path;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  return null;
}
