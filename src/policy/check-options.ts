/** Checks of the options as a whole: known names (with "did you mean"), booleans, statuses. */
import type { IssueList } from "./config-error.js";

export const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  "origin",
  "methods",
  "allowedHeaders",
  "headers",
  "exposedHeaders",
  "credentials",
  "maxAge",
  "preflightContinue",
  "optionsSuccessStatus",
  "preflightFailureStatus",
  "privateNetwork",
  "timingAllowOrigin",
  "debug",
  "originCache",
  "dangerouslyAllowNullOrigin",
  "dangerouslyAllowInsecureOriginsWithCredentials",
  "dangerouslyAllowSubdomainsOfPublicSuffixes",
  "onWarning",
  "auditOriginFunction",
]);

export const BOOLEAN_OPTIONS = [
  "credentials",
  "preflightContinue",
  "privateNetwork",
  "debug",
  "dangerouslyAllowNullOrigin",
  "dangerouslyAllowInsecureOriginsWithCredentials",
  "dangerouslyAllowSubdomainsOfPublicSuffixes",
] as const;

/** Levenshtein distance, for "did you mean" on misspelt option names. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

export function checkStatus(value: unknown, name: string, fallback: number, twoHundreds: boolean, issues: IssueList): number {
  if (value === undefined) return fallback;
  const ok = typeof value === "number" && Number.isInteger(value) && (twoHundreds ? value >= 200 && value <= 299 : value >= 200 && value <= 599);
  if (!ok) {
    issues.add(
      "invalid-status",
      name,
      twoHundreds
        ? `${name} ${JSON.stringify(value)} is not a 2xx status; browsers fail preflights without an ok status.`
        : `${name} ${JSON.stringify(value)} is not an HTTP status code.`,
      twoHundreds ? `Use ${fallback} (or 200 for legacy clients).` : `Use ${fallback}.`,
    );
    return fallback;
  }
  return value as number;
}
