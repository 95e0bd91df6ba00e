/** What the CLI needs from its environment, injectable so `main` runs in-process in tests. */

/** A writable text stream (process.stdout in production, a buffer in tests). */
export interface OutStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
}

/** The CLI's environment. */
export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Resolves when the user asks to stop (SIGINT/SIGTERM); `serve` shuts down gracefully then. Only
   * commands that read it get signal handlers (`run()` installs them on first access); the others
   * die by the signal at once.
   */
  readonly stopSignal?: Promise<string> | undefined;
}

/** Colour is on for terminals unless NO_COLOR is set (https://no-color.org); FORCE_COLOR forces it. */
export function useColor(io: CliIo): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.stdout.isTTY === true;
}

/** ANSI styling that collapses to plain text when colour is off. */
export interface Style {
  readonly green: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly cyan: (s: string) => string;
}

export function style(color: boolean): Style {
  const wrap = (open: number, close: number) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), bold: wrap(1, 22), dim: wrap(2, 22), cyan: wrap(36, 39) };
}
