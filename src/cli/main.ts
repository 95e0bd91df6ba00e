/**
 * The corsproof command line: `main(argv, io)` returns an exit code, so every command runs
 * in-process in tests; bin/corsproof.js only connects it to the process.
 */
import { packageVersion } from "../export/package-version.js";
import { ConfigFileError, formatIssues } from "./config-file-error.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./usage-error.js";

export const MAIN_HELP = `Usage: corsproof <command> [options]

Commands:
  check <url> --origin <origin>    test a live URL exactly as a browser would
  explain <url> --origin <origin>  offline: why a request preflights and what the server must send
  scan <url>...                    find the CORS misconfigurations an attacker's browser can exploit
  serve                            run the CORS-protected demo API, or a CORS gateway (--upstream)
  demo                             start the demo API and tour it
  export --target nginx|caddy|haproxy  compile a policy to edge-proxy configuration
  audit <config module>            judge a configuration: problems by severity, origin function probed
  lab                              a local page: your real browser and the model side by side

Run 'corsproof <command> --help' for a command's options.
  -v, --version   print the version
  -h, --help      this help
`;

/** The package version (one small module, shared with the exporter's file stamp). */
export { packageVersion as version };

/** A subcommand: parses its own arguments and returns the exit code. */
type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

/**
 * One loader per subcommand. A command's module is imported only when that command runs, so
 * `--version` loads this file and the version reader alone, and `check` never loads the policy engine, the servers or the
 * Public Suffix List (the bundler keeps each dynamic import in its own chunk; see tsup.config.ts).
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  check: async () => (await import("./commands/check.js")).checkCommand,
  explain: async () => (await import("./commands/explain.js")).explainCommand,
  scan: async () => (await import("./commands/scan.js")).scanCommand,
  serve: async () => (await import("./commands/serve.js")).serveCommand,
  demo: async () => (await import("./commands/demo.js")).demoCommand,
  export: async () => (await import("./commands/export.js")).exportCommand,
  audit: async () => (await import("./commands/audit.js")).auditCommand,
  lab: async () => (await import("./commands/lab.js")).labCommand,
};

/** Runs the CLI. Exit codes: 0 success/allowed, 1 blocked, 2 usage, configuration or network error. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    io.stdout.write(MAIN_HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === "-v" || command === "--version") {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (load === undefined) {
    io.stderr.write(`corsproof: unknown command '${command}' (try 'corsproof --help')\n`);
    return 2;
  }
  try {
    return await (await load())(rest, io);
  } catch (e) {
    if (e instanceof UsageError) io.stderr.write(`corsproof ${e.message.startsWith(`${command}:`) ? e.message : `${command}: ${e.message}`}\n`);
    else if (e instanceof ConfigFileError) io.stderr.write(`${formatIssues(e)}\n`);
    else throw e;
    return 2;
  }
}
