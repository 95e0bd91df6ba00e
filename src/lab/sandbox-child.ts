/**
 * The sandboxed process behind module policies in the playground (started by module-sandbox.ts
 * under Node's permission model, built to dist/lab-sandbox.js). It waits for one job, loads the
 * module with `serve --config`'s own loader, validates it like `serve` does, and then either
 * fills the matrix here (the module's RegExp and function origins are called for real, in this
 * process) or serves the demo API under it like `corsproof serve --config`. It answers once over IPC.
 */
import { startServer } from "../cli/commands/serve.js";
import { readOptionsFile, throwPosition } from "../cli/config-file.js";
import { ConfigFileError } from "../cli/config-file-error.js";
import { describeOptions } from "./describe-options.js";
import type { SandboxAnswer, SandboxJob } from "./module-sandbox.js";
import { checkOptions, policyMatrix } from "./policy-lab.js";

function answer(a: SandboxAnswer): Promise<void> {
  return new Promise((resolve) => process.send?.(a, undefined, {}, () => resolve()));
}

async function run(job: SandboxJob): Promise<void> {
  let value: object;
  try {
    value = await readOptionsFile(job.file);
  } catch (e) {
    if (!(e instanceof ConfigFileError)) throw e;
    const at = throwPosition(e.cause, job.file);
    const denied = e.cause as { code?: string; permission?: string; resource?: string } | undefined;
    const problems =
      denied?.code === "ERR_ACCESS_DENIED"
        ? [
            {
              code: "sandbox-denied",
              message: `The module tried to use ${denied.permission ?? "an API"}${denied.resource ? ` (${denied.resource})` : ""}${at ? ` at line ${at.line}, column ${at.column}` : ""}, which the lab's sandbox denies.`,
              fix: "A policy module only needs to export its options; `corsproof serve --config` runs a module with your own rights, the lab does not.",
            },
          ]
        : e.issues;
    await answer({
      kind: "failed",
      problems: problems.map((i) => ({ code: i.code, path: "(module)", message: i.message, fix: i.fix, severity: "error", ...at })),
    });
    // V8 keeps a SyntaxError's position for the fatal-error printer only: let it print it on
    // stderr, where the lab reads the line and column.
    if (e.cause instanceof SyntaxError) throw e.cause;
    process.exit(0);
  }
  const exported = describeOptions(value);
  const { options, problems } = checkOptions(value);
  if (job.kind === "check" || options === null) {
    const matrix = options === null || job.kind !== "check" ? null : await policyMatrix(options, job.origins, job.credentials);
    await answer({ kind: "checked", exported, problems, matrix });
    return;
  }
  const served = await startServer({ policy: options, host: "127.0.0.1", port: 0 });
  await answer({ kind: "serving", exported, problems, url: served.url });
}

// The lab owns this process: when the lab goes away (even killed), the IPC channel closes, and a
// served module must not outlive it on its port. (The listener keeps the channel referenced, so a
// top-level await that never settles waits for the lab's time limit instead of exiting silently.)
process.once("disconnect", () => process.exit(0));
process.once("message", (job: SandboxJob) => {
  // Thrown from a fresh task so that Node's fatal-error printer reports it (with a SyntaxError's position).
  run(job).catch((e: unknown) =>
    setImmediate(() => {
      throw e;
    }),
  );
});
