/**
 * Reading a policy for `serve --config`: a JSON file with the library's option names, or a
 * JavaScript module (`.js`, `.mjs`, `.cjs`) whose default export is the options, for what JSON
 * cannot say (RegExp and function origins). Every problem is listed with its code, path and fix.
 *
 * Security: the path is the operator's, but the file is still read defensively: anything that is
 * not a regular file (`/dev/zero`, a FIFO) or is over {@link MAX_CONFIG_BYTES} is refused before a
 * byte is read. A module config is code and runs with the CLI's rights; load only your own.
 */
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type CorsOptions, validateCorsOptions } from "../index.js";
import { ConfigFileError } from "./config-file-error.js";

/** Largest policy file read (1 MiB); real policies are a few hundred bytes. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

const MODULE_EXTENSIONS = new Set([".js", ".mjs", ".cjs"]);

function fileProblem(file: string, message: string, fix: string, cause?: unknown): ConfigFileError {
  return new ConfigFileError(file, [{ code: "invalid-type", severity: "error", path: "(file)", message, fix }], cause === undefined ? undefined : { cause });
}

/** Reads at most MAX_CONFIG_BYTES of a regular file, checking type and size before reading. */
async function readBounded(file: string): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer before we can refuse it.
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw fileProblem(file, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)}).`, "Check the path given to --config.");
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile())
      throw fileProblem(file, "not a regular file (a device, FIFO or directory); nothing was read.", "Give --config the path of a policy file.");
    const tooBig = () =>
      fileProblem(file, `larger than ${MAX_CONFIG_BYTES} bytes; it was not read.`, "A policy is a few hundred bytes: check the path given to --config.");
    if (stat.size > MAX_CONFIG_BYTES) throw tooBig();
    // The size can change between stat and read: never read more than the limit plus one byte.
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_CONFIG_BYTES) throw tooBig();
    }
    return buffer.toString("utf8", 0, length);
  } finally {
    await handle.close();
  }
}

/** True when parsing `prefix` fails on a character inside it, not merely because the text ended. */
function failsInside(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (e) {
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    return !/end of JSON input/.test(message) && (at === null || Number(at[1]) < prefix.length);
  }
}

/**
 * Line and column (1-based) of the first character JSON.parse rejects in `text` (which must not
 * parse). V8 reports an offset for only some errors, so the offset is found by bisection: every
 * prefix before the bad character is valid JSON or merely incomplete, every longer one is not.
 */
export function jsonErrorPosition(text: string): { line: number; column: number } {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(text.slice(0, mid + 1))) hi = mid;
    else lo = mid + 1;
  }
  const before = text.slice(0, lo);
  return { line: before.split("\n").length, column: lo - before.lastIndexOf("\n") };
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const { line, column } = jsonErrorPosition(text);
    const reason = (e as Error).message.replace(/ in JSON at position \d+.*$/, "").replace(/, (\.\.\.)?".*" is not valid JSON$/s, "");
    throw fileProblem(
      file,
      `not valid JSON at line ${line}, column ${column}: ${reason}.`,
      "Fix the JSON syntax there (or use a .mjs module for RegExp or function origins).",
    );
  }
}

/**
 * Line and column (1-based) where a module threw while it loaded: the first stack frame in the
 * module's `file` (as a file: URL, or as a path where a loader hook rewrote it). A SyntaxError has
 * no such frame (V8 keeps its position for the fatal-error printer only).
 */
export function throwPosition(error: unknown, file: string): { line: number; column: number } | null {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  const path = resolve(file);
  for (const name of [pathToFileURL(path).href, path]) {
    const at = stack.indexOf(`${name}:`);
    const m = at < 0 ? null : /^:(\d+):(\d+)/.exec(stack.slice(at + name.length));
    if (m !== null) return { line: Number(m[1]), column: Number(m[2]) };
  }
  return null;
}

async function importModule(file: string): Promise<unknown> {
  const url = pathToFileURL(resolve(file)).href;
  let mod: { default?: unknown };
  try {
    mod = (await import(url)) as { default?: unknown };
  } catch (e) {
    const where = throwPosition(e, file);
    throw fileProblem(
      file,
      `the module failed to load${where ? ` at line ${where.line}, column ${where.column}` : ""}: ${String((e as Error)?.message ?? e).split("\n")[0]}.`,
      "Fix the module so that `node` can import it.",
      e,
    );
  }
  if (mod.default === undefined)
    throw fileProblem(file, "the module has no default export.", "Write `export default { origin: [/^https:\\/\\/[a-z]+\\.example\\.com$/] };`.");
  return mod.default;
}

/** Reads and parses a policy file (JSON or a module's default export) without validating the options. */
export async function readOptionsFile(file: string): Promise<object> {
  const text = await readBounded(file);
  const data = MODULE_EXTENSIONS.has(extname(file).toLowerCase()) ? await importModule(file) : parseJson(file, text);
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw fileProblem(file, "the file must hold one object of options.", 'Write e.g. { "origin": ["https://app.example.com"] }.');
  }
  return data;
}

/**
 * Reads, parses and validates a policy file. Throws ConfigFileError with every problem.
 *
 * @example
 * // policy.mjs: export default { origin: [/^https:\/\/(app|admin)\.example\.com$/], credentials: true };
 * const options = await loadPolicyFile("policy.mjs");
 */
export async function loadPolicyFile(file: string): Promise<CorsOptions> {
  const data = await readOptionsFile(file);
  const issues = validateCorsOptions(data as CorsOptions).filter((i) => i.severity === "error");
  if (issues.length > 0) throw new ConfigFileError(file, issues);
  return data as CorsOptions;
}
