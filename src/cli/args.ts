/** Command-line parsing on top of node:util parseArgs: unknown flags and bad values are usage errors. */
import { parseArgs } from "node:util";
import { UsageError } from "./usage-error.js";

type OptionSpec = { type: "string" | "boolean"; short?: string; multiple?: boolean; default?: string | boolean };

/** Values of parsed flags, by the type each flag declared. */
export type Values<T extends Record<string, OptionSpec>> = {
  [K in keyof T]?: T[K]["type"] extends "boolean" ? boolean : T[K]["multiple"] extends true ? string[] : string;
};

/** Parses `argv` strictly against `options`; positionals allowed up to `maxPositionals`. */
export function parse<T extends Record<string, OptionSpec>>(
  command: string,
  argv: readonly string[],
  options: T,
  maxPositionals: number,
): { values: Values<T>; positionals: string[] } {
  let parsed: { values: unknown; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message.split("\n")[0]?.replace(/\. To specify a positional argument.*$/, "")}`);
  }
  if (parsed.positionals.length > maxPositionals) throw new UsageError(`${command}: unexpected argument '${parsed.positionals[maxPositionals]}'`);
  return { values: parsed.values as Values<T>, positionals: parsed.positionals };
}

/** A whole number within bounds, or a usage error naming the flag. */
export function integer(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not '${value}'`);
  return Number(value);
}

/** An absolute http(s) URL, or a usage error naming the flag. */
export function httpUrl(flag: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} must be an absolute URL such as http://127.0.0.1:8080, not '${value}'`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`${flag} must be an http: or https: URL, not '${value}'`);
  return url;
}
