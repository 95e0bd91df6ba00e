/**
 * Timing-Allow-Origin (Resource Timing §4.5): lets the allowed origin see detailed timings of
 * cross-origin responses. `true` mirrors the CORS decision; `"*"` opens timings to everyone.
 */
import type { IssueList } from "./config-error.js";

export const TAO = "Timing-Allow-Origin";

/** A compiled timingAllowOrigin option. */
export type TimingAllowOrigin = "off" | "mirror" | "any";

/** Validates timingAllowOrigin. */
export function compileTimingAllowOrigin(option: unknown, issues: IssueList): TimingAllowOrigin {
  if (option === undefined || option === false) return "off";
  if (option === true) return "mirror";
  if (option === "*") return "any";
  issues.add("invalid-type", "timingAllowOrigin", "timingAllowOrigin must be true, false or '*'.", "Use timingAllowOrigin: true to mirror the allowed origin.");
  return "off";
}
