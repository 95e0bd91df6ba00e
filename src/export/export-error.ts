/**
 * What a proxy cannot express is refused, never approximated: an {@link ExportError} names every
 * option the target cannot implement exactly, with what to write instead.
 */

/** One option a target cannot express. */
export interface ExportIssue {
  /** Where in the options, e.g. `origin[2]` or `preflightContinue`. */
  readonly path: string;
  /** Why the target cannot implement it exactly. */
  readonly message: string;
  /** What to write instead. */
  readonly fix: string;
}

/**
 * Thrown by {@link exportPolicy} when the policy uses something the target proxy cannot implement
 * exactly as the engine does. `issues` lists every such option.
 *
 * @example
 * ```ts
 * try {
 *   exportPolicy({ origin: (o) => o.endsWith(".example.com") }, { target: "nginx" });
 * } catch (error) {
 *   if (error instanceof ExportError) for (const i of error.issues) console.error(`${i.path}: ${i.message} Fix: ${i.fix}`);
 * }
 * ```
 */
export class ExportError extends Error {
  override readonly name = "ExportError";
  readonly issues: readonly ExportIssue[];

  constructor(
    readonly target: string,
    issues: readonly ExportIssue[],
  ) {
    const lines = issues.map((i) => `  - ${i.path}: ${i.message} Fix: ${i.fix}`);
    super(`This policy cannot be exported to ${target} exactly (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.issues = Object.freeze([...issues]);
  }
}
