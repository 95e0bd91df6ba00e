/**
 * Peer libraries' option names, translated into corsproof options from one table per peer
 * ({@link PeerNames}). The translation is the one the strict adapter compiles, `corsproof/validate`
 * judges and the legacy mode's warning reports, so the three cannot disagree. Problems only the
 * translation sees (both spellings given, a flag that is not a boolean) are reported next to the
 * policy's own, in one CorsConfigError.
 */
import { type ConfigIssue, CorsConfigError, type CorsOptions, type CorsPolicy, createCorsPolicy, validateCorsOptions } from "../index.js";

/** One peer's option names and defaults, as a table. */
export interface PeerNames {
  /** The adapter's own keys: not policy options, dropped. */
  readonly own: readonly string[];
  /** The peer's names for corsproof options (`alias: name`). */
  readonly aliases?: Readonly<Record<string, string>>;
  /** The peer's default methods (corsproof's own otherwise). */
  readonly methods?: string | readonly string[];
  /** Keys that must be true or false when given. */
  readonly flags?: readonly string[];
  /** Whether `maxAge` may be a string of digits, as the peer accepts it. */
  readonly digitMaxAge?: boolean;
}

/** Options translated from a peer's names, with the problems only the translation can see. */
export interface Translation {
  readonly options: CorsOptions;
  readonly issues: readonly ConfigIssue[];
}

/** A config issue found by an adapter's translation (always an error: the adapter refuses it). */
export function optionIssue(path: string, message: string, fix: string, code: ConfigIssue["code"] = "invalid-type"): ConfigIssue {
  return { code, severity: "error", path, message, fix };
}

/**
 * The table's part of a translation, on a copy of `input`: own keys dropped, aliases renamed (both
 * spellings given is an issue; `name` is kept), flags checked, the peer's defaults filled in. Only
 * an absent origin takes the peers' `'*'` default; one present but undefined (an unset environment
 * variable) is kept, and refused as unset configuration.
 */
export function readPeerNames(input: object, peer: PeerNames, issues: ConfigIssue[]): Record<string, unknown> {
  const record: Record<string, unknown> = { ...input };
  for (const key of peer.own) delete record[key];
  for (const [alias, name] of Object.entries(peer.aliases ?? {})) {
    const value = record[alias];
    delete record[alias];
    if (value === undefined) continue;
    if (record[name] === undefined) record[name] = value;
    else issues.push(optionIssue(alias, `${alias} and ${name} are the same option; both were given.`, `Keep only ${name}.`));
  }
  for (const key of peer.flags ?? []) {
    const v = (input as Record<string, unknown>)[key];
    if (v !== undefined && typeof v !== "boolean") issues.push(optionIssue(key, `${key} must be true or false.`, `Write ${key}: true or ${key}: false.`));
  }
  if (!("origin" in record)) record.origin = "*";
  if (record.methods === undefined && peer.methods !== undefined) record.methods = peer.methods;
  if (peer.digitMaxAge === true && typeof record.maxAge === "string" && /^\d+$/.test(record.maxAge)) record.maxAge = Number(record.maxAge);
  return record;
}

/** The translated record as options: keys given as undefined are dropped, except `origin` (see {@link readPeerNames}). */
export function withoutUndefined(record: Record<string, unknown>): CorsOptions {
  for (const key of Object.keys(record)) if (record[key] === undefined && key !== "origin") delete record[key];
  return record as unknown as CorsOptions;
}

/** Compiles a translation; its issues are reported together with the policy's. */
export function compileTranslation({ options, issues }: Translation): CorsPolicy {
  if (issues.length > 0) throw new CorsConfigError([...issues, ...validateCorsOptions(options)]);
  return createCorsPolicy(options);
}
