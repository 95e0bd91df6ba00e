/** Access-Control-Max-Age: how long a browser may cache a successful preflight. */
import type { IssueList } from "./config-error.js";

export const ACMA = "Access-Control-Max-Age";
/** Firefox's cap (24 h); Chromium caps at 7200 s, browsers default to 5 s when the header is absent. */
export const MAX_MAX_AGE = 86400;

/**
 * Validates maxAge and returns the header value ("" when not sent). A value above what any browser
 * honours is clamped with a warning (browsers cap it anyway; refusing it would block sound apps).
 */
export function compileMaxAge(option: unknown, issues: IssueList): string {
  if (option === undefined) return "";
  if (typeof option !== "number" || !Number.isInteger(option) || option < 0) {
    issues.add(
      "invalid-max-age",
      "maxAge",
      `maxAge ${JSON.stringify(option)} is not a whole number of seconds from 0 to ${MAX_MAX_AGE}.`,
      "Use e.g. maxAge: 600 (Chromium caps at 7200; 0 disables caching; leave it out for the browser default of 5 s).",
    );
    return "";
  }
  if (option > MAX_MAX_AGE) {
    issues.add(
      "max-age-above-browser-cap",
      "maxAge",
      `maxAge ${option} is above what browsers honour (Firefox caps at ${MAX_MAX_AGE} s, Chromium at 7200 s); corsproof sends ${MAX_MAX_AGE}.`,
      `Write maxAge: ${MAX_MAX_AGE} (or 7200, what Chromium uses).`,
    );
    return String(MAX_MAX_AGE);
  }
  return String(option);
}
