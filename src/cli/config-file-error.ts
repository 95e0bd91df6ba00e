/**
 * The error `serve --config` throws for an unusable policy file. Kept apart from the file reader so
 * that the CLI's entry module can recognise it without loading the policy engine.
 */
import type { ConfigIssue } from "../index.js";

/** The file could not be used; `issues` lists every problem found. */
export class ConfigFileError extends Error {
  override readonly name = "ConfigFileError";
  /** `options.cause`: the error a module config threw while loading, when that is what went wrong. */
  constructor(
    readonly file: string,
    readonly issues: readonly ConfigIssue[],
    options?: ErrorOptions,
  ) {
    super(`${file}: ${issues.length} problem${issues.length === 1 ? "" : "s"}`, options);
  }
}

/** One line per problem, for stderr. */
export function formatIssues(error: ConfigFileError): string {
  return [`corsproof: invalid policy in ${error.file}:`, ...error.issues.map((i) => `  [${i.code}] ${i.path}: ${i.message} Fix: ${i.fix}`)].join("\n");
}
