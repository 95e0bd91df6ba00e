/**
 * Reading a policy from a JSON file (`serve --config`). The file uses the library's option names
 * (a JSON subset: no functions or RegExps); every problem is listed with its code, path and fix.
 */
import { readFile } from "node:fs/promises";
import { type CorsOptions, validateCorsOptions } from "../index.js";
import { ConfigFileError } from "./config-file-error.js";

/** Reads, parses and validates a policy file. Throws ConfigFileError with every problem. */
export async function loadPolicyFile(file: string): Promise<CorsOptions> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new ConfigFileError(file, [
      {
        code: "invalid-type",
        path: "(file)",
        message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)}).`,
        fix: "Check the path given to --config.",
      },
    ]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigFileError(file, [
      { code: "invalid-type", path: "(file)", message: `not valid JSON: ${(e as Error).message}.`, fix: "Fix the JSON syntax." },
    ]);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new ConfigFileError(file, [
      {
        code: "invalid-type",
        path: "(file)",
        message: "the file must hold one JSON object of options.",
        fix: 'Write e.g. { "origin": ["https://app.example.com"] }.',
      },
    ]);
  }
  const issues = validateCorsOptions(data as CorsOptions);
  if (issues.length > 0) throw new ConfigFileError(file, issues);
  return data as CorsOptions;
}
