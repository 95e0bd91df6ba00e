/**
 * Module policies (`.mjs`, what `serve --config policy.mjs` takes) in the policy playground. A
 * module is code, so the lab never runs it in its own process or in the page: each check starts a
 * separate Node process (sandbox-child.ts) that loads the module with `serve --config`'s own loader,
 * validates it, and fills the matrix there, so RegExp and function origins are called for real;
 * "serve" starts one such process that serves the demo API under it.
 *
 * Security (threat: a pasted snippet that does more than it says, or a mistake that hangs):
 * - Node's permission model (`--permission`, `--experimental-permission` before Node 22.13): no
 *   file writes, file reads only of the module's own temporary directory and corsproof's code, no
 *   child processes, worker threads, native addons or WASI; from Node 25 no network for checks
 *   either. Before Node 25 the permission model does not cover the network, and the page says so.
 * - an empty environment (no tokens or keys from the lab's environment), a small heap
 *   (`--max-old-space-size`), a wall-clock limit (SIGKILL), bounded text and stderr, one check at
 *   a time (a newer check kills the older one).
 * - who may ask for it is the lab server's business: loopback Host, the lab's own Origin, and the
 *   per-run token only the lab page holds (server.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CredentialsMode } from "../browser/index.js";
import { MAX_POLICY_CHARS, tooLargeProblem } from "./policy-lab.js";
import type { PolicyProblem, PolicyReport, SandboxInfo } from "./protocol.js";

/** What the lab asks the sandboxed process to do with the module at `file`. */
export type SandboxJob =
  | { readonly kind: "check"; readonly file: string; readonly origins: readonly string[]; readonly credentials: CredentialsMode }
  | { readonly kind: "serve"; readonly file: string };

/** What the sandboxed process answers (once). */
export type SandboxAnswer =
  | { readonly kind: "failed"; readonly problems: readonly PolicyProblem[] }
  | { readonly kind: "checked"; readonly exported: string; readonly problems: readonly PolicyProblem[]; readonly matrix: PolicyReport["matrix"] }
  | { readonly kind: "serving"; readonly exported: string; readonly problems: readonly PolicyProblem[]; readonly url: string };

/** Limits of one sandboxed process. */
export const SANDBOX_LIMITS = { timeoutMs: 5_000, heapMb: 64, stderrBytes: 16 * 1024 } as const;

/** The child's entry, built by tsup next to this module (dist/) or found in dist/ when running from src/. */
const SANDBOX_ENTRY = "lab-sandbox.js";

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
/** `--permission` since Node 23.5 and 22.13; `--experimental-permission` before. */
const PERMISSION_FLAG = major > 22 || (major === 22 && minor >= 13) ? "--permission" : "--experimental-permission";
/** The permission model covers the network from Node 25 (`--allow-net`). */
const NETWORK_OPEN = major < 25;

function entryPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, SANDBOX_ENTRY), join(here, "..", "..", "dist", SANDBOX_ENTRY)]) if (existsSync(candidate)) return candidate;
  throw new Error(`corsproof lab: ${SANDBOX_ENTRY} is missing; run 'npm run build' first.`);
}

/** What the child may read besides the module: corsproof's built code, its package.json (module type) and tldts (public suffixes). */
function readablePaths(entry: string): string[] {
  const dist = dirname(entry);
  const paths = [dist, join(dist, "..", "package.json")];
  try {
    paths.push(dirname(createRequire(entry).resolve("tldts/package.json")));
  } catch {
    // without tldts the model's site checks say so themselves
  }
  return paths;
}

/** The Node flags that confine a sandboxed process (`serving`: it must listen on its port). */
function sandboxFlags(entry: string, moduleDir: string, serving: boolean): string[] {
  return [
    PERMISSION_FLAG,
    ...[...readablePaths(entry), moduleDir].map((p) => `--allow-fs-read=${p}`),
    ...(serving && !NETWORK_OPEN ? ["--allow-net"] : []),
    `--max-old-space-size=${SANDBOX_LIMITS.heapMb}`,
    "--no-warnings",
  ];
}

/** How module policies run, for the page. */
export function sandboxInfo(): SandboxInfo {
  return {
    node: process.version,
    flags: [PERMISSION_FLAG, "--allow-fs-read=<corsproof's code and the module's directory>", `--max-old-space-size=${SANDBOX_LIMITS.heapMb}`],
    denied: [
      "writing files",
      "reading files other than the module and corsproof's own code",
      "starting processes or worker threads",
      "native addons and WASI",
      "reading the lab's environment variables (it gets none)",
      ...(NETWORK_OPEN ? [] : ["network access (except the served port)"]),
    ],
    networkOpen: NETWORK_OPEN,
    timeoutMs: SANDBOX_LIMITS.timeoutMs,
    heapMb: SANDBOX_LIMITS.heapMb,
  };
}

function problem(code: string, message: string, fix: string, at?: { line: number; column: number }): PolicyProblem {
  return { code, path: "(module)", message, fix, severity: "error", ...at };
}

/**
 * Where the fatal-error printer put a SyntaxError: `file:///…/policy.mjs:3`, the source line, then
 * a caret under the column (no caret when the text ended early: the column is then the line's end).
 * V8 gives this position to nothing else (not `error.stack`).
 */
export function syntaxPosition(stderr: string): { line: number; column: number } | null {
  const m = /policy\.mjs:(\d+)\r?\n(.*)\r?\n( *)(\^?)/.exec(stderr);
  if (m === null) return null;
  return { line: Number(m[1]), column: (m[4] ? (m[3] as string) : (m[2] as string).trimEnd()).length + 1 };
}

/** A running sandboxed process and the answer it gives (or a problem saying why it gave none). */
interface Run {
  readonly child: ChildProcess;
  readonly answer: Promise<SandboxAnswer>;
}

/** Writes the module to a fresh private directory, starts the child on it and sends the job. */
async function start(text: string, job: (file: string) => SandboxJob): Promise<Run & { dir: string }> {
  const entry = entryPath();
  const dir = await mkdtemp(join(tmpdir(), "corsproof-lab-module-"));
  const file = join(dir, "policy.mjs");
  await writeFile(file, text, { mode: 0o600 });
  const sent = job(file);
  const child = spawn(process.execPath, [...sandboxFlags(entry, dir, sent.kind === "serve"), entry], {
    cwd: dir,
    env: {},
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    serialization: "json",
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    if (stderr.length < SANDBOX_LIMITS.stderrBytes) stderr += chunk.slice(0, SANDBOX_LIMITS.stderrBytes - stderr.length);
  });
  const answer = new Promise<SandboxAnswer>((resolve) => {
    let failed: SandboxAnswer | null = null;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve({
        kind: "failed",
        problems: [
          problem(
            "timeout",
            `The module did not finish within ${SANDBOX_LIMITS.timeoutMs / 1000} s and was stopped.`,
            "Look for a loop or a promise that never settles at the top level or in an origin function.",
          ),
        ],
      });
    }, SANDBOX_LIMITS.timeoutMs);
    child.on("message", (m: SandboxAnswer) => {
      // A SyntaxError answer is followed by the process's own report of where it is (stderr, exit).
      if (m.kind === "failed") failed = m;
      else {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ kind: "failed", problems: [problem("sandbox", `The sandboxed process could not start: ${e.message}.`, "Check that Node can run here.")] });
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (failed !== null) {
        const at = syntaxPosition(stderr);
        const problems = failed.problems.map((p) =>
          at === null
            ? p
            : {
                ...p,
                message: p.message.replace("failed to load:", `failed to load at line ${at.line}, column ${at.column}:`),
                fix: `Fix the JavaScript syntax at line ${at.line}, column ${at.column} (often a missing comma or bracket just before it).`,
                ...at,
              },
        );
        resolve({ kind: "failed", problems });
      } else if (/heap out of memory|Allocation failed/.test(stderr))
        resolve({
          kind: "failed",
          problems: [
            problem(
              "memory",
              `The module used more than the ${SANDBOX_LIMITS.heapMb} MB the sandbox allows.`,
              "A policy needs a few kilobytes: look for a runaway loop.",
            ),
          ],
        });
      else
        resolve({
          kind: "failed",
          problems: [
            problem(
              "exited",
              `The module's process ended (${signal ?? `exit code ${code}`}) before it answered${stderr ? `: ${stderr.trim().split("\n").slice(-3).join(" ")}` : ""}.`,
              "Remove process.exit() or the code that crashed it (a policy module only needs `export default { … }`).",
            ),
          ],
        });
    });
  });
  child.send(sent);
  return { child, answer, dir };
}

const empty = (problems: PolicyProblem[]): PolicyReport => ({ problems, matrix: null, module: { exported: null, sandbox: sandboxInfo() } });

/** A module policy served by a sandboxed process. */
export interface ServedModule {
  readonly url: string;
  close(): Promise<void>;
}

/** Checks and serves module policies, one check at a time. */
export class ModuleSandbox {
  #checking: ChildProcess | null = null;
  #generation = 0;

  /** Loads, validates and fills the matrix for the module `text` in a sandboxed process; a newer check stops this one. */
  async check(text: string, origins: readonly string[], credentials: CredentialsMode): Promise<PolicyReport> {
    if (text.length > MAX_POLICY_CHARS) return empty([tooLargeProblem()]);
    const mine = ++this.#generation;
    this.#checking?.kill("SIGKILL");
    const run = await start(text, (file) => ({ kind: "check", file, origins, credentials }));
    // A newer check may have started while this one was writing its file.
    if (mine === this.#generation) this.#checking = run.child;
    else run.child.kill("SIGKILL");
    try {
      const a = await run.answer;
      if (mine !== this.#generation)
        return empty([problem("superseded", "A newer check of the policy replaced this one.", "Nothing to do: the newer answer follows.")]);
      if (a.kind !== "checked") return empty([...a.problems]);
      return { problems: a.problems, matrix: a.matrix, module: { exported: a.exported, sandbox: sandboxInfo() } };
    } finally {
      run.child.kill("SIGKILL");
      if (this.#checking === run.child) this.#checking = null;
      await rm(run.dir, { recursive: true, force: true });
    }
  }

  /** Serves the demo API under the module `text` from a sandboxed process, or says why not. */
  async serve(text: string): Promise<{ served: ServedModule | null; problems: readonly PolicyProblem[] }> {
    if (text.length > MAX_POLICY_CHARS) return { served: null, problems: [tooLargeProblem()] };
    const run = await start(text, (file) => ({ kind: "serve", file }));
    const a = await run.answer;
    await rm(run.dir, { recursive: true, force: true });
    // The child says where it listens; it must be a loopback URL whatever the module printed.
    if (a.kind !== "serving" || !/^http:\/\/127\.0\.0\.1:\d{1,5}$/.test(a.url)) {
      run.child.kill("SIGKILL");
      return {
        served: null,
        problems: a.kind === "serving" ? [problem("sandbox", "The served process gave no loopback URL.", "Restart the lab.")] : a.problems,
      };
    }
    const exited = new Promise<void>((resolve) => (run.child.exitCode !== null ? resolve() : run.child.once("exit", () => resolve())));
    return {
      served: {
        url: a.url,
        async close() {
          run.child.kill("SIGKILL");
          await exited;
        },
      },
      problems: a.problems,
    };
  }

  /** Stops a check in progress. */
  close(): void {
    this.#checking?.kill("SIGKILL");
  }
}
