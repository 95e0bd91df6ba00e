/**
 * The model's column: exactly what `corsproof check` does for the request — the same `runCheck`
 * (simulateFetch over the http transport, the probes that tell causes apart, the diagnosis), the
 * same JSON fix and the same text rendering — reused, never re-derived.
 */
import { httpTransport, type PreflightCache } from "../browser/index.js";
import { runCheck } from "../cli/check-run.js";
import { checkJson } from "../cli/check-json.js";
import { style } from "../cli/io.js";
import { renderCheck } from "../cli/render-check.js";
import { toBrowserRequest } from "./lab-request.js";
import type { LabRequest, ModelBrowser, ModelOutcome } from "./protocol.js";

/** Limits of one run: `check`'s idle timeout, and a deadline for the whole run (redirects and probes included). */
export const MODEL_LIMITS = { idleMs: 10_000, deadlineMs: 30_000 } as const;

/** Runs `request` as `check` would (as `profile`), sharing `cache` between runs like one page would. */
export async function runModel(request: LabRequest, profile: ModelBrowser, cache: PreflightCache): Promise<ModelOutcome> {
  const transport = httpTransport({ timeout: MODEL_LIMITS.idleMs, signal: AbortSignal.timeout(MODEL_LIMITS.deadlineMs) });
  const run = await runCheck(toBrowserRequest(request), { transport, profile, cache });
  const json = checkJson(run, profile) as unknown as Pick<ModelOutcome, "preflightReasons" | "fix" | "diagnosis">;
  return {
    result: run.result,
    preflightReasons: json.preflightReasons,
    fix: json.fix,
    diagnosis: json.diagnosis,
    checkText: renderCheck(run, style(false)),
  };
}
