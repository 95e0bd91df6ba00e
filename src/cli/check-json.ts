/**
 * The `check --json` document. Its shape is a published contract: schema/check.schema.json
 * describes it (shipped in the package) and a test validates real output against it.
 */
import type { CheckRun } from "./check-run.js";
import { BEFORE_CORS_CODES } from "../browser/console-messages.js";
import { additionSentences } from "../browser/diagnose.js";
import type { Exchange } from "../browser/types.js";
import { fixedOptions, snippet } from "./fix-snippet.js";

/** One exchange's cookies in short: names sent, each withheld one with DevTools' reasons, each Set-Cookie's fate. */
function cookieSummary(x: Exchange): Record<string, unknown>[] {
  if (x.cookies === undefined) return [];
  return [
    {
      kind: x.kind,
      url: x.request.url,
      sent: x.cookies.sent.map((c) => c.name),
      withheld: x.cookies.withheld.map((w) => ({ name: w.cookie.name, domain: w.cookie.domain, path: w.cookie.path, reasons: w.reasons, text: w.text })),
      set: x.cookies.set.map((o) => ({ line: o.line, stored: o.stored, reasons: o.reasons, text: o.text })),
    },
  ];
}

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
            !result.allowed &&
            explanation.required &&
            d.cause !== "redirect" &&
            d.cause !== "client" &&
            !(result.error !== null && BEFORE_CORS_CODES.has(result.error.code))
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
    cookies: result.trace.flatMap(cookieSummary),
    notes: result.notes ?? [],
    warnings: [...result.warnings, ...d.warnings],
    diagnosis: { cause: d.cause, summary: d.summary, evidence: d.evidence, confirm: d.confirm, current: d.current },
    fix,
  };
}
