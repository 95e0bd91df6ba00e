/**
 * `corsproof export --target nginx|caddy|haproxy [--config policy.json|.mjs] [--out-dir dir]`: the
 * policy the application runs, compiled to edge-proxy configuration. Exit 2 when the target cannot
 * express an option (never approximated), with the option named.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { EXPORT_TARGETS, ExportError, type ExportTarget, exportPolicy } from "../../export/index.js";
import { parse } from "../args.js";
import { loadPolicyFile } from "../config-file.js";
import type { CliIo } from "../io.js";
import { UsageError } from "../usage-error.js";
import { CLASSIC_DEFAULT_POLICY } from "./serve.js";

export const EXPORT_HELP = `Usage: corsproof export --target nginx|caddy|haproxy [--config policy.json|policy.mjs] [--out-dir <dir>]

Compiles a CORS policy to configuration for an edge proxy that sends exactly the CORS headers the
corsproof engine would (nginx 1.22+, Caddy 2.6+, HAProxy 2.6+). Options a proxy cannot express
exactly (an origin function, a RegExp, preflightContinue, ...) are refused, never approximated.

Options:
  --target <name>     nginx, caddy or haproxy
  --config <file>     the policy, as for 'corsproof serve': JSON with the library's option names,
                      or a .js/.mjs/.cjs module whose default export is the options (default: the
                      classic default, any origin)
  --out-dir <dir>     write the files there (nginx produces two: an http {} include and a
                      location {} include); without it they are printed, each under a header
  -h, --help          this help

The files name the corsproof version and the policy's sha256: regenerate in CI and diff.
`;

export async function exportCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(
    "export",
    argv,
    {
      target: { type: "string" },
      config: { type: "string" },
      "out-dir": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    0,
  );
  if (values.help) {
    io.stdout.write(EXPORT_HELP);
    return 0;
  }
  const target = values.target;
  if (target === undefined || !(EXPORT_TARGETS as readonly string[]).includes(target)) {
    throw new UsageError(`export: --target must be one of ${EXPORT_TARGETS.join(", ")}${target === undefined ? "" : `, not '${target}'`}`);
  }
  if (values.config === undefined) io.stderr.write("corsproof export: no --config; exporting the classic default (any origin).\n");
  const policy = values.config === undefined ? CLASSIC_DEFAULT_POLICY : await loadPolicyFile(values.config);
  let result: ReturnType<typeof exportPolicy>;
  try {
    result = exportPolicy(policy, { target: target as ExportTarget });
  } catch (e) {
    if (!(e instanceof ExportError)) throw e;
    io.stderr.write(`corsproof export: ${e.message}\n`);
    return 2;
  }
  const outDir = values["out-dir"];
  if (outDir !== undefined) {
    await mkdir(outDir, { recursive: true });
    for (const f of result.files) {
      await writeFile(join(outDir, f.name), f.contents);
      io.stdout.write(`${join(outDir, f.name)}: ${f.usage}\n`);
    }
    return 0;
  }
  const many = result.files.length > 1;
  for (const f of result.files) io.stdout.write(many ? `# ==> ${f.name} <==\n${f.contents}\n` : f.contents);
  return 0;
}
