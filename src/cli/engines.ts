/**
 * `check --browser all`: the same request judged by every engine's newest profile against the same
 * server, and where the engines disagree — the report a user cannot get from any one browser.
 */
import { type BrowserProfile, type BrowserRequest, type BrowserResult, chromium, firefox, simulateFetch, type Transport, webkit } from "../browser/index.js";

/** The engines `--browser all` runs, each by its newest profiled release. */
export const ENGINES: readonly { readonly label: string; readonly profile: BrowserProfile }[] = [
  { label: "Chromium", profile: chromium },
  { label: "Firefox", profile: firefox },
  // WebKitGTK's profile: WebKit's CORS rules, not Safari's network stack (see the README).
  { label: "WebKit", profile: webkit },
];

/** One engine's verdict. */
export interface EngineVerdict {
  readonly engine: string;
  readonly browser: string;
  readonly allowed: boolean;
  readonly preflight: boolean;
  readonly message: string | null;
  readonly exposedHeaders: readonly string[];
}

/** Runs the request once per engine (sequentially: each sends its own requests to the server). */
export async function judgeByEngine(request: BrowserRequest, transport: Transport): Promise<{ verdicts: EngineVerdict[]; results: BrowserResult[] }> {
  const verdicts: EngineVerdict[] = [];
  const results: BrowserResult[] = [];
  for (const { label, profile } of ENGINES) {
    const result = await simulateFetch(request, { transport, profile });
    results.push(result);
    verdicts.push({
      engine: label,
      browser: profile.name,
      allowed: result.allowed,
      preflight: result.trace.some((e) => e.kind === "preflight"),
      message: result.message,
      exposedHeaders: result.allowed ? result.exposedHeaders : [],
    });
  }
  return { verdicts, results };
}

/**
 * Sentences naming each disagreement between the first engine and the others, e.g. "allowed in
 * Chromium, blocked in Firefox because Cross-Origin Request Blocked: …".
 */
export function disagreements(verdicts: readonly EngineVerdict[]): string[] {
  const out: string[] = [];
  const [first, ...others] = verdicts;
  if (first === undefined) return out;
  // Firefox's first line carries its "(Reason: …)"; Chromium's message is the reason itself.
  const because = (v: EngineVerdict) => {
    if (v.message === null) return "";
    const first = v.message.split("\n")[0]!;
    return ` because ${/\(Reason: (.*)\)\.?/.exec(first)?.[1] ?? first}`;
  };
  for (const other of others) {
    if (first.allowed !== other.allowed) {
      const [yes, no] = first.allowed ? [first, other] : [other, first];
      out.push(`allowed in ${yes.engine}, blocked in ${no.engine}${because(no)}`);
    }
    if (first.preflight !== other.preflight) {
      const [yes, no] = first.preflight ? [first, other] : [other, first];
      out.push(`${yes.engine} sends a preflight, ${no.engine} does not`);
    }
    if (first.allowed && other.allowed && first.exposedHeaders.join(",") !== other.exposedHeaders.join(",")) {
      out.push(`script reads [${first.exposedHeaders.join(", ")}] in ${first.engine}, [${other.exposedHeaders.join(", ")}] in ${other.engine}`);
    }
  }
  return out;
}
