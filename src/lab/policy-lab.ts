/**
 * The policy playground: a policy typed as JSON is validated by the engine (every problem with its
 * fix), and a matrix of origin × method × request header shows what it lets a page do — judged by
 * the browser model talking to the real fetch adapter in-process, not by the policy's own verdict.
 */
import { type CredentialsMode, fetchHandlerTransport, simulateFetch } from "../browser/index.js";
import { withCors } from "../adapters/fetch.js";
import { jsonErrorPosition } from "../cli/config-file.js";
import { type CorsOptions, validateCorsOptions } from "../index.js";
import type { MatrixCell, PolicyProblem, PolicyReport } from "./protocol.js";

/** Largest policy text accepted (the same order as `serve --config`'s limit; real policies are tiny). */
export const MAX_POLICY_CHARS = 64 * 1024;
/** At most this many origins in the matrix: 5 methods × 4 header sets each. */
export const MAX_MATRIX_ORIGINS = 12;

export const MATRIX_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export const MATRIX_HEADER_SETS: readonly (readonly (readonly [string, string])[])[] = [
  [],
  [["Content-Type", "application/json"]],
  [["Authorization", "Bearer token"]],
  [["X-Requested-With", "XMLHttpRequest"]],
];
/** The URL the matrix requests go to; the transport never leaves the process. */
export const MATRIX_URL = "https://api.corsproof.test/items";
/** A site no policy should trust, always in the matrix. */
export const FOREIGN_ORIGIN = "https://evil.example";

/** The playground's problem for a policy text over {@link MAX_POLICY_CHARS}. */
export function tooLargeProblem(): PolicyProblem {
  return {
    code: "too-large",
    path: "(text)",
    message: `The policy is over ${MAX_POLICY_CHARS} characters.`,
    fix: "A policy is a few hundred bytes: paste only the options.",
  };
}

/**
 * Validates an options value the way `serve --config` does: every issue is listed, and the options
 * are usable when none of them is an error (warnings drop or clamp an entry, as in `serve`).
 */
export function checkOptions(value: unknown): { options: CorsOptions | null; problems: PolicyProblem[] } {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return {
      options: null,
      problems: [
        {
          code: "invalid-type",
          path: "(options)",
          message: "The options must be an object.",
          fix: 'Write { "origin": "https://app.example.com" }.',
          severity: "error",
        },
      ],
    };
  const options = value as CorsOptions;
  const issues = validateCorsOptions(options);
  const problems = issues.map((i) => ({ code: i.code, path: i.path, message: i.message, fix: i.fix, severity: i.severity }));
  return { options: issues.some((i) => i.severity === "error") ? null : options, problems };
}

/** Parses the playground text: JSON with the library's option names (the JSON subset `serve --config` takes). */
export function parsePolicyText(text: string): { options: CorsOptions | null; problems: PolicyProblem[] } {
  if (text.length > MAX_POLICY_CHARS) return { options: null, problems: [tooLargeProblem()] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const { line, column } = jsonErrorPosition(text);
    return {
      options: null,
      problems: [
        {
          code: "invalid-json",
          path: "(text)",
          message: `Not JSON at line ${line}, column ${column}: ${(e as Error).message}.`,
          fix: 'Write the options as a JSON object, e.g. { "origin": ["https://app.example.com"] }, or switch the format to a JavaScript module.',
          severity: "error",
          line,
          column,
        },
      ],
    };
  }
  return checkOptions(value);
}

/** The origins of the matrix: the policy's own string origins, then the foreign one (deduplicated, bounded). */
export function matrixOrigins(options: CorsOptions, extra: readonly string[]): string[] {
  const own =
    typeof options.origin === "string"
      ? [options.origin]
      : Array.isArray(options.origin)
        ? options.origin.filter((o): o is string => typeof o === "string")
        : [];
  const all = [...new Set([...extra, ...own.filter((o) => o !== "*"), FOREIGN_ORIGIN])];
  return all.slice(0, MAX_MATRIX_ORIGINS);
}

/**
 * Fills the matrix for validated `options`: one simulated fetch per cell, each with a fresh
 * preflight cache, against the policy's real fetch adapter. Runs wherever the options live: in the
 * lab for JSON, in the sandboxed child for a module (its RegExp and function origins are called
 * for real there).
 */
export async function policyMatrix(
  options: CorsOptions,
  extraOrigins: readonly string[],
  credentials: CredentialsMode,
): Promise<NonNullable<PolicyReport["matrix"]>> {
  const handler = withCors(() => new Response("ok", { headers: { "Content-Type": "text/plain" } }), options);
  const transport = fetchHandlerTransport(handler);
  const origins = matrixOrigins(options, extraOrigins);
  const cells = await Promise.all(
    origins.map((origin) =>
      Promise.all(
        MATRIX_METHODS.map((method) =>
          Promise.all(
            MATRIX_HEADER_SETS.map(async (headers): Promise<MatrixCell> => {
              const r = await simulateFetch(
                { url: MATRIX_URL, origin, method, headers, credentials, ...(method === "GET" ? {} : { body: "{}" }) },
                { transport },
              );
              return { allowed: r.allowed, preflight: r.preflight !== null, code: r.error?.code ?? null, message: r.message };
            }),
          ),
        ),
      ),
    ),
  );
  return { origins, methods: MATRIX_METHODS, headerSets: MATRIX_HEADER_SETS, credentials, cells };
}

/** The playground's answer for a JSON policy text. */
export async function policyReport(text: string, extraOrigins: readonly string[], credentials: CredentialsMode): Promise<PolicyReport> {
  const { options, problems } = parsePolicyText(text);
  if (options === null) return { problems, matrix: null };
  return { problems, matrix: await policyMatrix(options, extraOrigins, credentials) };
}
