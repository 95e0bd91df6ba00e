/** Checks of the options as a whole: the known names, booleans, statuses. */
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
