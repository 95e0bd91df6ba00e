/** An in-memory CliIo: what `main` wrote, and a stop signal the test can fire. */
import type { CliIo } from "../../src/cli/io.js";

export interface Captured extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
  readonly stop: (signal?: string) => void;
}

export function captureIo(env: Record<string, string | undefined> = {}, isTTY = false): Captured {
  let out = "";
  let err = "";
  let stop: (s: string) => void = () => {};
  const stopSignal = new Promise<string>((resolve) => {
    stop = resolve;
  });
  return {
    stdout: { write: (t: string) => (out += t), isTTY },
    stderr: { write: (t: string) => (err += t) },
    env,
    stopSignal,
    out: () => out,
    err: () => err,
    stop: (signal = "SIGTERM") => stop(signal),
  };
}
