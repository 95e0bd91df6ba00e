/**
 * Where the real browser and the model disagree, field by field. Only what script can observe is
 * compared (a page cannot see the preflight): the verdict, status, response type, whether it was
 * redirected, the readable header names, and the console message when the user pasted it.
 */
import type { ModelOutcome, RealOutcome } from "./protocol.js";

/** One compared field: its name and both sides as text. */
export interface Comparison {
  readonly field: "verdict" | "status" | "type" | "redirected" | "headers" | "console";
  readonly real: string;
  readonly model: string;
  readonly agree: boolean;
}

const verdict = (allowed: boolean) => (allowed ? "allowed" : "blocked");

/** Compares the two columns; `consoleMessage` is what the user pasted ("" when nothing). */
export function compareOutcomes(real: RealOutcome, model: ModelOutcome, consoleMessage: string): Comparison[] {
  const r = model.result;
  const rows: [Comparison["field"], string, string][] = [
    ["verdict", verdict(real.allowed), verdict(r.allowed)],
    ["status", String(real.status ?? "-"), String(r.response?.status ?? "-")],
    ["type", real.type ?? "-", r.response?.type ?? "-"],
    ["redirected", String(real.redirected), String(r.response?.redirected ?? false)],
    ["headers", real.headers.map(([n]) => n).join(", "), [...r.exposedHeaders].join(", ")],
  ];
  const pasted = consoleMessage.trim();
  if (pasted !== "") rows.push(["console", pasted, r.message ?? ""]);
  return rows.map(([field, a, b]) => ({ field, real: a, model: b, agree: a === b }));
}
