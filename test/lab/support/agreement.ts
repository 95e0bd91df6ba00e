/**
 * The lab's agreement run, whatever browser drives the page: every scenario is built in the
 * request builder and run (the browser for real from the runner page, the model beside it); when
 * the model expects a console message, the browser's own CORS console lines are pasted into the
 * page the way a person would, so the page compares them verbatim too. Returns what a test asserts.
 */
import type { LabRequest } from "../../../src/lab/protocol.js";
import type { LabScenario } from "../scenarios.js";
import type { TargetServer } from "../target-server.js";

/** What one column shows, field by field (text content of its `[data-field]` elements). */
export type Column = Record<string, string>;

/** The page after a run: the agreement banner and both columns. */
export interface RunView {
  readonly agree: string;
  readonly text: string;
  readonly real: Column;
  readonly model: Column;
}

/** One browser driving the lab page. */
export interface LabUi {
  /** Fills the builder with `r`, presses Run, waits for the run to finish and reads the page. */
  run(r: LabRequest): Promise<RunView>;
  /** Types `text` into the console-message box and reads the page again. */
  paste(text: string): Promise<RunView>;
  /** Forgets the console lines seen so far. */
  clearConsole(): void;
  /**
   * The browser's CORS console lines since {@link clearConsole}: when `expected`, waits until they
   * have arrived; otherwise waits a moment for any that should not be there.
   */
  consoleLines(expected: boolean): Promise<string[]>;
}

/** What the run saw. */
export interface Tally {
  readonly disagreements: string[];
  readonly verdicts: { allowed: number; blocked: number };
  /** The model's error codes of the blocked runs. */
  readonly codes: Set<string>;
  /** Runs the model answered from its preflight cache. */
  readonly cacheHits: string[];
  /** Runs whose console message was pasted and compared. */
  pasted: number;
  /** Blocked runs for which neither side printed a console message. */
  readonly silent: string[];
  /** Scenario runs performed. */
  runs: number;
}

/** The header names of a "Readable headers" cell (`name: value` lines), sorted and deduplicated. */
function names(cell: string | undefined): string {
  const lines = (cell ?? "").split("\n").filter((l) => l.includes(":"));
  return [...new Set(lines.map((l) => l.slice(0, l.indexOf(":")).trim().toLowerCase()))].sort().join(",");
}

const FIELDS = ["verdict", "status", "type", "redirected", "headers", "console"] as const;

/** Runs every scenario (each run of a sequence) in the lab through `ui`. */
export async function runAgreement(ui: LabUi, scenarios: readonly LabScenario[], target: TargetServer): Promise<Tally> {
  const tally: Tally = { disagreements: [], verdicts: { allowed: 0, blocked: 0 }, codes: new Set(), cacheHits: [], pasted: 0, silent: [], runs: 0 };
  for (const sc of scenarios) {
    for (const [path, hop] of Object.entries(sc.hops)) target.hops.set(path, hop);
    for (let run = 1; run <= (sc.runs ?? 1); run++) {
      target.run = run;
      ui.clearConsole();
      let out = await ui.run(sc.request);
      tally.runs++;
      if (out.model.console !== "none") {
        const lines = await ui.consoleLines(true);
        out = await ui.paste(lines.length > 0 ? lines.join("\n") : "(the browser printed no CORS message)");
        await ui.paste("");
        tally.pasted++;
      } else if (out.model.verdict === "blocked") {
        tally.silent.push(sc.id);
        const lines = await ui.consoleLines(false);
        if (lines.length > 0) tally.disagreements.push(`${sc.id}: the browser printed ${lines.join(" | ")}, the model nothing`);
      }
      const off = FIELDS.filter((f) =>
        f === "headers"
          ? names(out.real[f]) !== names(out.model[f])
          : f === "console"
            ? out.model.console !== "none" && out.real[f] !== out.model[f]
            : out.real[f] !== out.model[f],
      );
      if (out.agree !== "true" || off.length > 0)
        tally.disagreements.push(`${sc.id} run ${run}: ${out.text} ${off.map((f) => `${f}: ${out.real[f]} vs ${out.model[f]}`).join("; ")}`);
      tally.verdicts[out.model.verdict === "allowed" ? "allowed" : "blocked"]++;
      if (out.model.verdict === "blocked") tally.codes.add((out.model.error ?? "").split(" ")[0] as string);
      if (out.model.preflight?.includes("preflight cache")) tally.cacheHits.push(`${sc.id} run ${run}`);
    }
  }
  target.run = 1;
  return tally;
}

/** The classes of blocked every browser's run must reach (the model's codes). */
export const BLOCKED_CLASSES = [
  "MissingAllowOriginHeader",
  "AllowOriginMismatch",
  "WildcardOriginNotAllowed",
  "InvalidAllowCredentials",
  "MethodDisallowedByPreflightResponse",
  "HeaderDisallowedByPreflightResponse",
  "PreflightInvalidStatus",
  "MultipleAllowOriginValues",
  "RedirectModeError",
] as const;
