/**
 * Peer libraries' option names, translated into corsproof options: every adapter that accepts
 * another library's names reports a clash (both spellings given) as a config issue, next to
 * everything the policy's own validation finds, in one CorsConfigError.
 */
import { type ConfigIssue, type CorsOptions, CorsConfigError, type CorsPolicy, createCorsPolicy, validateCorsOptions } from "../index.js";

/**
 * Moves `record[alias]` to `record[name]`. When both are given, records an issue and keeps `name`.
 * Mutates `record` (callers pass their own copy).
 */
export function renameOption(record: Record<string, unknown>, alias: string, name: string, issues: ConfigIssue[]): void {
  if (!(alias in record)) return;
  const value = record[alias];
  delete record[alias];
  if (value === undefined) return;
  if (record[name] !== undefined) {
    issues.push(optionIssue(alias, `${alias} and ${name} are the same option; both were given.`, `Keep only ${name}.`));
    return;
  }
  record[name] = value;
}

/** Compiles translated options; adapter-level issues are reported together with the policy's. */
export function compileTranslated(options: CorsOptions, issues: readonly ConfigIssue[]): CorsPolicy {
  if (issues.length > 0) throw new CorsConfigError([...issues, ...validateCorsOptions(options)]);
  return createCorsPolicy(options);
}

/** A config issue about a value an adapter-specific option cannot take. */
export function optionIssue(path: string, message: string, fix: string): ConfigIssue {
  return optionIssueOf("invalid-type", path, message, fix);
}

/** A config issue found by an adapter's translation (always an error: the adapter refuses it). */
export function optionIssueOf(code: ConfigIssue["code"], path: string, message: string, fix: string): ConfigIssue {
  return { code, severity: "error", path, message, fix };
}

/** A number of seconds as peers accept it: a number, or a string of digits. Other values pass through (and fail validation). */
export function seconds(value: unknown): unknown {
  return typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
}
