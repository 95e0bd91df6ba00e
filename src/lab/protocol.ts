/**
 * The JSON the lab page and the lab server exchange. Plain data only, so the page bundle imports
 * these types without pulling any Node code into the browser.
 */
import type { BrowserResult, CredentialsMode, RedirectMode, WireRequest, WireResponse } from "../browser/index.js";

/** What the request builder produces: one `fetch(url, init)` from a page at `origin`. */
export interface LabRequest {
  readonly url: string;
  readonly origin: string;
  readonly method: string;
  /** Header lines as script sets them. */
  readonly headers: readonly (readonly [string, string])[];
  readonly credentials: CredentialsMode;
  readonly redirect: RedirectMode;
  /** A text body, or null for none (GET/HEAD never carry one). */
  readonly body: string | null;
}

/** Which browser the model plays: the lab picks the one your browser is (Firefox or else Chromium). */
export type ModelBrowser = "chromium" | "firefox" | "spec";

/** What the real browser's fetch() showed script, reported by the runner page. */
export interface RealOutcome {
  readonly allowed: boolean;
  readonly status: number | null;
  readonly type: string | null;
  readonly redirected: boolean;
  /** Lower-case names script can read (from `response.headers`), sorted. */
  readonly headers: readonly (readonly [string, string])[];
  /** The rejection (`TypeError: Failed to fetch`), or null. */
  readonly error: string | null;
}

/** The model's side: what `corsproof check --json` reports for the same request, and check's text. */
export interface ModelOutcome {
  readonly result: BrowserResult;
  /** Why the request needs a preflight, as `check` lists it. */
  readonly preflightReasons: readonly string[];
  /** check's diagnosis: the most likely cause and the evidence. */
  readonly diagnosis: { readonly cause: string | null; readonly summary: string | null; readonly evidence: readonly string[] };
  /** check's fix, or null when there is nothing to fix. */
  readonly fix: null | {
    readonly line: string | null;
    readonly add: readonly string[];
    readonly snippet: string | null;
  };
  /** `corsproof check`'s text output for the same request, uncoloured. */
  readonly checkText: string;
}

/** Where the real browser can run a request, as the lab server decides it. */
export type Hosting = { readonly hosted: true; readonly runnerUrl: string } | { readonly hosted: false; readonly reason: string };

/** A validation problem of a playground policy (a corsproof ConfigIssue, or a JSON syntax error). */
export interface PolicyProblem {
  readonly code: string;
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

/** One cell of the policy matrix: what the browser model concludes for origin × method × header. */
export interface MatrixCell {
  readonly allowed: boolean;
  readonly preflight: boolean;
  /** Chromium's error code when blocked. */
  readonly code: string | null;
  readonly message: string | null;
}

/** The policy playground's answer. */
export interface PolicyReport {
  readonly problems: readonly PolicyProblem[];
  readonly matrix: null | {
    readonly origins: readonly string[];
    readonly methods: readonly string[];
    /** Each header set as the lines script sets ([] for none). */
    readonly headerSets: readonly (readonly (readonly [string, string])[])[];
    readonly credentials: CredentialsMode;
    /** cells[origin][method][headerSet]. */
    readonly cells: readonly (readonly (readonly MatrixCell[])[])[];
  };
}

/** A saved scenario, for a bug report when the model and the browser disagree. */
export interface SavedScenario {
  readonly corsproofLab: 1;
  readonly userAgent: string;
  readonly request: LabRequest;
  readonly browser: ModelBrowser;
  readonly real: RealOutcome | null;
  readonly consoleMessage: string | null;
  readonly model: ModelOutcome;
  readonly mismatches: readonly string[];
}

export type { WireRequest, WireResponse };
