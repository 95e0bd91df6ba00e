/**
 * `corsproof audit <config module>`: judges a configuration as the chosen adapter will build it
 * (every problem with its severity) and, when the origin is a function, calls it with the probe
 * origins `corsproof scan` sends, seeded by what the module reveals (the function's own string and
 * RegExp literals, origins listed beside it, any --origin), reporting each hole with the origin
 * that proves it.
 */
import { auditOriginFunction, type ConfigIssue } from "../../index.js";
import { type OptionsFlavour, validateCorsOptions } from "../../adapters/validate-options.js";
import { parse } from "../args.js";
import { readOptionsFile } from "../config-file.js";
import { type CliIo, style, useColor } from "../io.js";
import { UsageError } from "../usage-error.js";

export const AUDIT_HELP = `Usage: corsproof audit <config module> [options]

Judges the CORS options a module exports (default export; .mjs/.js/.cjs or .json) exactly as
the adapter will build them, then, when origin is a function, calls it with the origins
'corsproof scan' probes (any origin, an IPv4 page, null, prefix/suffix/substring look-alikes,
unescaped dots, http: copies, other ports, shared-hosting tenants), derived from the names the
module itself reveals: the function's string and RegExp literals ('.vercel.app', 'localhost',
/^https://.*.amplifyapp.com$/) and the origins listed in the options. It names each origin
the function wrongly allows. The function really runs: audit only functions without side effects.

Options:
  --flavour <name>   whose option names: corsproof (default), express, fastify, koa, hono
  --origin <origin>  an origin the function should allow that its source does not name
                     (repeatable; e.g. one read from an environment variable)
  --json             machine-readable output
  -h, --help         this help

Exit status: 0 when nothing was found, 1 when an error or a hole was found.
`;

const FLAVOURS: readonly OptionsFlavour[] = ["corsproof", "express", "fastify", "koa", "hono"];

export async function auditCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    "audit",
    argv,
    { flavour: { type: "string" }, origin: { type: "string", multiple: true }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    1,
  );
  if (values.help) {
    io.stdout.write(AUDIT_HELP);
    return 0;
  }
  const file = positionals[0];
  if (file === undefined) throw new UsageError("audit: missing <config module>, e.g. corsproof audit ./cors.config.mjs");
  const flavour = (values.flavour ?? "corsproof") as OptionsFlavour;
  if (!FLAVOURS.includes(flavour)) throw new UsageError(`audit: --flavour must be one of ${FLAVOURS.join(", ")}, not '${values.flavour}'`);
  const options = (await readOptionsFile(file)) as Record<string, unknown>;
  const issues: ConfigIssue[] = [...validateCorsOptions(options, { flavour })];
  if (typeof options.origin === "function") {
    const fn = options.origin as (origin: unknown, ...rest: unknown[]) => unknown;
    issues.push(
      ...(await auditOriginFunction(peerPredicate(fn, flavour), {
        origins: values.origin ?? [],
        config: options,
        credentials: options.credentials === true,
      })),
    );
  }
  const failed = issues.some((i) => i.severity === "error");
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ file, flavour, issues }, null, 2)}\n`);
    return failed ? 1 : 0;
  }
  const s = style(useColor(io));
  const out = issues.map((i) => `${i.severity === "error" ? s.red("error") : s.yellow("warning")} [${i.code}] ${i.path}: ${i.message}\n    Fix: ${i.fix}`);
  if (issues.length === 0) out.push(s.green(`No problems found in ${file}${typeof options.origin === "function" ? " (origin function probed)" : ""}.`));
  io.stdout.write(`${out.join("\n")}\n`);
  return failed ? 1 : 0;
}

/** The peer's origin function as a predicate: `(origin, callback)` styles answer through the callback. */
function peerPredicate(fn: (origin: unknown, ...rest: unknown[]) => unknown, flavour: OptionsFlavour): (origin: string) => unknown {
  // @koa/cors hands its function the Koa context: a minimal one that answers ctx.get("Origin").
  if (flavour === "koa")
    return (origin) =>
      fn({
        get: (name: string) => (name.toLowerCase() === "origin" ? origin : ""),
        headers: { origin },
        header: { origin },
        request: { headers: { origin }, header: { origin } },
      });
  if (fn.length < 2 || flavour === "hono") return (origin) => fn(origin);
  return (origin) =>
    new Promise((resolve, reject) => {
      const returned = fn(origin, (err: unknown, value: unknown) => (err ? reject(err) : resolve(value === true || value === origin)));
      if (returned !== undefined) Promise.resolve(returned).then((v) => resolve(v === true || v === origin), reject);
    });
}
