/** Checks of the options as a whole: the known names, booleans, statuses. */
import type { IssueList } from "./config-error.js";
import type { CorsOptions } from "./options.js";

/**
 * Every option, in the order "did you mean" tries them, `true` marking those that must be booleans.
 * Typed by CorsOptions' keys, so an option added there cannot be forgotten here.
 */
const OPTIONS: Readonly<Record<keyof CorsOptions, boolean>> = {
  origin: false,
  methods: false,
  allowedHeaders: false,
  headers: false,
  exposedHeaders: false,
  credentials: true,
  maxAge: false,
  preflightContinue: true,
  optionsSuccessStatus: false,
  preflightFailureStatus: false,
  privateNetwork: true,
  timingAllowOrigin: false,
  debug: true,
  originCache: false,
  dangerouslyAllowNullOrigin: true,
  dangerouslyAllowInsecureOriginsWithCredentials: true,
  dangerouslyAllowSubdomainsOfPublicSuffixes: true,
  onWarning: false,
  auditOriginFunction: false,
};

export const KNOWN_OPTIONS: ReadonlySet<string> = new Set(Object.keys(OPTIONS));

export const BOOLEAN_OPTIONS: readonly string[] = [...KNOWN_OPTIONS].filter((key) => OPTIONS[key as keyof CorsOptions]);

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
