/**
 * The one warning of the legacy modes: emitted once per distinct message, naming the peer quirks
 * being reproduced and what strict mode would refuse in the same options. "Would refuse" comes
 * from the same translation and validation the strict adapter runs, so the two cannot disagree.
 */
import { type ConfigIssue, type CorsOptions, validateCorsOptions } from "../../index.js";

const warned = new Set<string>();

/** Everything strict mode would report for options translated from a peer's (translation problems first). */
export function strictIssues(translation: { readonly options: CorsOptions; readonly issues: readonly ConfigIssue[] }): ConfigIssue[] {
  return [...translation.issues, ...validateCorsOptions(translation.options)].filter((i) => i.severity === "error");
}

/**
 * Emits `CORSPROOF_LEGACY` once per distinct message: "`adapter` runs with legacy: true,
 * reproducing `quirks`." then `security` (a sentence, or ""), then the strict-mode issues.
 */
export function warnLegacy(adapter: string, quirks: string, security: string, issues: readonly ConfigIssue[]): void {
  let message = `${adapter} runs with legacy: true, reproducing ${quirks}.${security}`;
  if (issues.length > 0) message += ` Strict mode would refuse this configuration: ${issues.map((i) => `[${i.code}] ${i.path}: ${i.message}`).join(" ")}`;
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, { code: "CORSPROOF_LEGACY" });
}
