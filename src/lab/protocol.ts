/**
 * The JSON the lab page and the lab server exchange. Plain data only, so the page bundle imports
 * these types without pulling any Node code into the browser.
 */
import type { BrowserResult, CredentialsMode, RedirectMode, WireRequest, WireResponse } from "../browser/index.js";

/** The request header that carries the lab page's per-run token (server.ts checks it on every API call). */
export const LAB_TOKEN_HEADER = "X-Corsproof-Lab-Token";

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

/** A validation problem of a playground policy (a corsproof ConfigIssue, a syntax error, a module that threw or timed out). */
export interface PolicyProblem {
  readonly code: string;
  readonly path: string;
  readonly message: string;
  readonly fix: string;
  /** `warning`s are shown but do not stop the policy (as in `serve --config`); absent means error. */
  readonly severity?: "error" | "warning";
  /** Where in the text (1-based), when known. */
  readonly line?: number;
  readonly column?: number;
}

/** The playground's policy text format: JSON, or a JavaScript module like `serve --config policy.mjs`. */
export type PolicyFormat = "json" | "mjs";

/** How a module policy was run: a separate Node process under Node's permission model, with limits. */
export interface SandboxInfo {
  /** The Node version that ran it. */
  readonly node: string;
  /** The Node flags that confine it, as passed. */
  readonly flags: readonly string[];
  /** What the module cannot do there, in words. */
  readonly denied: readonly string[];
  /** True when this Node's permission model does not cover the network (before Node 25). */
  readonly networkOpen: boolean;
  readonly timeoutMs: number;
  readonly heapMb: number;
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
  /** For a module policy: what its default export is (RegExps and functions named, not run), and how it ran. */
  readonly module?: { readonly exported: string | null; readonly sandbox: SandboxInfo };
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
