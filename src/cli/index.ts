/**
 * corsproof CLI entry: `run()` connects {@link main} to the process (argv, stdio, env, signals).
 * @packageDocumentation
 */
import { main } from "./main.js";

export { main, MAIN_HELP, version } from "./main.js";
export type { CliIo, OutStream } from "./io.js";

/** Runs the CLI for this process and sets the exit code. */
export async function run(): Promise<void> {
  const stopSignal = new Promise<string>((resolve) => {
    for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => resolve(sig));
  });
  const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, stopSignal });
  process.exitCode = code;
  // Commands that hold no server are done; a dangling signal listener must not keep the process up.
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
}
