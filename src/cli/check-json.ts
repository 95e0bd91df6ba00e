/**
 * The `check --json` document. Its shape is a published contract: schema/check.schema.json
 * describes it (shipped in the package) and a test validates real output against it.
 */
import type { CheckRun } from "./check-run.js";
import { additionSentences } from "../browser/diagnose.js";
import { fixedOptions, snippet } from "./fix-snippet.js";

/** The JSON object `corsproof check --json` prints. */
export function checkJson(run: CheckRun, browser: string): Record<string, unknown> {
  const { result, explanation, diagnosis: d, request } = run;
  const options = fixedOptions(d);
  const fix =
    result.allowed && options === null
      ? null
      : {
          line: d.summary ?? result.error?.fix ?? null,
          add: additionSentences(d),
          // The least the server must send, whenever a server change is the fix.
          headers:
            !result.allowed && explanation.required && d.cause !== "redirect" && d.cause !== "client"
              ? { preflight: explanation.required.preflight, actual: explanation.required.actual }
              : null,
          options,
          framework: run.framework,
          snippet: options === null ? null : snippet(run.framework, options, d.current.origins.length === 0 && !d.current.anyOrigin),
        };
  return {
    allowed: result.allowed,
    url: request.url,
    origin: request.origin,
    browser,
    preflight: result.preflight,
    preflightFromCache: result.preflightFromCache,
    preflightReasons: explanation.preflight.reasons.map((r) => r.text),
    message: result.message,
    error: result.error,
    exposedHeaders: result.allowed ? result.exposedHeaders : [],
    unreadableHeaders: d.unreadableHeaders,
    response: result.response,
    trace: result.trace,
    probes: run.probes.map((p) => ({ purpose: p.purpose, allowed: p.result.allowed, trace: p.result.trace })),
    warnings: [...result.warnings, ...d.warnings],
    diagnosis: { cause: d.cause, summary: d.summary, evidence: d.evidence, confirm: d.confirm, current: d.current },
    fix,
  };
}
