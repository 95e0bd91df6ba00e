/**
 * Drives headless Chromium for the conformance suite: one browser, one page served by the `page`
 * server, many fetch() calls per batch. Collects, per scenario, what script saw, the console
 * messages (CDP Log.entryAdded) and the DevTools CORS issues (Audits.issueAdded).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { type BrowserProfile, type ProfileName, profiles } from "../../../src/browser/index.js";
import { chromiumProfile } from "../../../src/browser/profiles.js";
import { type PageFetch, type PageOutcome, runFetches } from "./page-fetch.js";
import { REMOTE_HOST } from "./scenarios.js";

/** The Chromium under test: CORSPROOF_CHROMIUM=/path/to/chromium, else Debian's /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env["CORSPROOF_CHROMIUM"] ?? "/usr/bin/chromium";

/**
 * The flags every test starts Debian's Chromium with: headless as root, and no background traffic
 * (this machine's network is closed, and update/sync/QUIC probes would only add noise and refusals).
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The release under test and the profile the model runs for it. */
export interface ChromiumRelease {
  /** Full version, e.g. `156.0.8078.108`. */
  readonly version: string;
  readonly profile: BrowserProfile;
  /** True when the model has this release's own profile: disagreements then fail the suite. */
  readonly profiled: boolean;
  /** The `--browser` value of the profiled release whose rules the model runs. */
  readonly browserFlag: string;
}

/** Reads the version of the Chromium under test (`chromium --version`) and picks its profile, or the nearest one. */
export function chromiumRelease(): ChromiumRelease {
  const text = execFileSync(CHROMIUM_PATH, ["--version"], { encoding: "utf8", timeout: 30_000, stdio: ["ignore", "pipe", "ignore"] });
  const version = /(\d+)\.\d+\.\d+\.\d+/.exec(text)?.[0];
  if (version === undefined) throw new Error(`cannot read the Chromium version from ${CHROMIUM_PATH} --version: ${JSON.stringify(text)}`);
  const major = Number(version.split(".")[0]);
  // CORSPROOF_PROFILE=chromium@N runs another release's profile against this binary, to measure
  // how releases differ; it is then treated like an unprofiled release (differences warn).
  const forced = process.env["CORSPROOF_PROFILE"];
  if (forced !== undefined) {
    if (!Object.hasOwn(profiles, forced)) throw new Error(`CORSPROOF_PROFILE must be one of ${Object.keys(profiles).join(", ")}`);
    const profile = profiles[forced as ProfileName];
    return { version, profile, profiled: profile.wire?.major === major, browserFlag: forced };
  }
  const { profile, exact, nearest } = chromiumProfile(major);
  return { version, profile, profiled: exact, browserFlag: nearest.name };
}

/** True when the suite can run; throws under CI=true when Chromium is missing. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env["CI"] === "true") throw new Error(`Chromium conformance suite: ${CHROMIUM_PATH} is missing and CI=true. Install the chromium package.`);
  console.warn(
    `\n${"!".repeat(78)}\n!! SKIPPING the Chromium conformance suite: ${CHROMIUM_PATH} not found.\n!! The browser model is NOT being checked against a real browser on this machine.\n${"!".repeat(78)}\n`,
  );
  return false;
}

export type { PageFetch, PageOutcome };

export interface CorsIssue {
  readonly url: string;
  readonly code: string;
  readonly failedParameter: string;
  readonly isWarning: boolean;
}

export class ChromiumDriver {
  readonly messages: { text: string; source: string; level: string; url: string }[] = [];
  readonly issues: CorsIssue[] = [];
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  static async launch(pageUrl: string): Promise<ChromiumDriver> {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        ...CHROMIUM_FLAGS,
        // The `remote` conformance server: a name that is not potentially trustworthy.
        `--host-resolver-rules=MAP ${REMOTE_HOST} 127.0.0.1`,
      ],
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const driver = new ChromiumDriver(browser, page);
    cdp.on("Log.entryAdded", ({ entry }) => driver.messages.push({ text: entry.text, source: entry.source, level: entry.level, url: entry.url ?? "" }));
    cdp.on("Audits.issueAdded", ({ issue }) => {
      const d = issue.details.corsIssueDetails;
      if (issue.code === "CorsIssue" && d !== undefined) {
        driver.issues.push({
          url: d.request.url,
          code: d.corsErrorStatus.corsError,
          failedParameter: d.corsErrorStatus.failedParameter,
          isWarning: d.isWarning,
        });
      }
    });
    await cdp.send("Log.enable");
    await cdp.send("Audits.enable");
    await page.goto(pageUrl);
    return driver;
  }

  /** Runs the fetches concurrently (sequentially when `sequential`) inside the page. */
  run(fetches: readonly PageFetch[], sequential = false): Promise<PageOutcome[]> {
    return this.page.evaluate(runFetches, { fetches: [...fetches], sequential });
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
