/**
 * corsproof CLI entry: `run()` connects {@link main} to the process (argv, stdio, env, signals).
 * @packageDocumentation
 */
import type { CliIo } from "./io.js";
import { main } from "./main.js";

export { main, MAIN_HELP, version } from "./main.js";
export type { CliIo, OutStream } from "./io.js";

/** Runs the CLI for this process and sets the exit code. */
export async function run(): Promise<void> {
  const signals = ["SIGINT", "SIGTERM"] as const;
  const listeners: Array<[NodeJS.Signals, () => void]> = [];
  let stopSignal: Promise<string> | undefined;
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    // Installed only when a command asks (serve, to shut down gracefully). Every other command
    // keeps the default disposition, so the first Ctrl-C/SIGTERM ends it at once with the
    // conventional status 130/143 (128 + signal number), as curl does.
    get stopSignal() {
      stopSignal ??= new Promise<string>((resolve) => {
        for (const sig of signals) {
          const listener = () => resolve(sig);
          listeners.push([sig, listener]);
          // once: a second signal during the graceful shutdown ends the process at once.
          process.once(sig, listener);
        }
      });
      return stopSignal;
    },
  };
  process.exitCode = await main(process.argv.slice(2), io);
  for (const [sig, listener] of listeners) process.off(sig, listener);
}
