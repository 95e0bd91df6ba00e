/**
 * The model's column: the same `simulateFetch` over the same http transport as `corsproof check`,
 * with check's explanation, fix line, fix snippet and text rendering (reused, never re-derived).
 */
import { explainRequest, httpTransport, type PreflightCache, simulateFetch } from "../browser/index.js";
import { detectFramework, policyFor, snippet } from "../cli/fix-snippet.js";
import { style } from "../cli/io.js";
import { renderCheck } from "../cli/render-check.js";
import { toBrowserRequest } from "./lab-request.js";
import type { LabRequest, ModelBrowser, ModelOutcome } from "./protocol.js";

/** Limits of one run: `check`'s idle timeout, and a deadline for the whole run (redirects included). */
export const MODEL_LIMITS = { idleMs: 10_000, deadlineMs: 30_000 } as const;

/** Runs `request` through the browser model (as `profile`) against the live server, sharing `cache` between runs like one page would. */
export async function runModel(request: LabRequest, profile: ModelBrowser, cache: PreflightCache): Promise<ModelOutcome> {
  const input = toBrowserRequest(request);
  const explanation = explainRequest(input, { profile });
  const transport = httpTransport({ timeout: MODEL_LIMITS.idleMs, signal: AbortSignal.timeout(MODEL_LIMITS.deadlineMs) });
  const result = await simulateFetch(input, { transport, cache, profile });
  const framework = detectFramework(result.trace.map((x) => x.response));
  const fix = result.allowed
    ? null
    : {
        line: result.error?.fix ?? null,
        headers: explanation.required ? { preflight: explanation.required.preflight, actual: explanation.required.actual } : null,
        snippet: explanation.required ? snippet(framework, policyFor(explanation)) : null,
      };
  return {
    result,
    preflightReasons: explanation.preflight.reasons.map((r) => r.text),
    fix,
    checkText: renderCheck(result, explanation, framework, style(false)),
  };
}
