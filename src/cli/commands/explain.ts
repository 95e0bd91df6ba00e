/** `corsproof explain <url> --origin <origin>`: offline, why a browser will (not) preflight and what the server must send. */
import { explainRequest } from "../../browser/index.js";
import { parse } from "../args.js";
import { policyFor, snippet } from "../fix-snippet.js";
import { type CliIo, style, useColor } from "../io.js";
import { REQUEST_FLAGS, REQUEST_FLAGS_HELP, browserRequest } from "../request-options.js";

export const EXPLAIN_HELP = `Usage: corsproof explain <url> --origin <origin> [options]

Offline (nothing is sent): says whether a browser will preflight this request and exactly why,
shows the preflight it will send, and the minimal response headers the server must send.

Options:
${REQUEST_FLAGS_HELP}
`;

export async function explainCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse("explain", argv, REQUEST_FLAGS, 1);
  if (values.help) {
    io.stdout.write(EXPLAIN_HELP);
    return 0;
  }
  const { request, profile } = browserRequest(positionals[0], values, "explain");
  const e = explainRequest(request, { profile });
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ ...e, corsproof: e.required ? policyFor(e) : null }, null, 2)}\n`);
    return e.exception ? 1 : 0;
  }
  const s = style(useColor(io));
  const out: string[] = [];
  if (e.exception) {
    out.push(`${s.red("fetch() throws before sending anything:")} ${e.exception}`);
    io.stdout.write(`${out.join("\n")}\n`);
    return 1;
  }
  const r = e.request;
  out.push(`${s.bold(`${r?.method} ${request.url}`)} from a page at ${request.origin} (credentials: ${r?.credentials}, browser: ${profile})`);
  if (!e.crossOrigin) out.push("Same origin: CORS does not apply.");
  else if (e.preflight.needed) {
    out.push(`${s.yellow("Preflight: yes")}, because:`);
    for (const reason of e.preflight.reasons) out.push(`  - ${reason.text}`);
  } else out.push(`${s.green("Preflight: no")} (a simple request: safelisted method and headers).`);
  if (e.preflight.request) {
    out.push("", "The browser sends first:", `  OPTIONS ${e.preflight.request.url}`);
    for (const [n, v] of e.preflight.request.headers) out.push(`    ${n}: ${v}`);
  }
  if (e.required) {
    if (e.required.preflight) {
      out.push("", "The server must answer the preflight with a 2xx status and:");
      for (const [n, v] of e.required.preflight) out.push(`    ${n}: ${v}`);
    }
    out.push("", `The server must send on the ${e.required.preflight ? "actual " : ""}response:`);
    for (const [n, v] of e.required.actual) out.push(`    ${n}: ${v}`);
    out.push("", "With corsproof:", `    ${snippet("node", policyFor(e)).split("\n").join("\n    ")}`);
  }
  if (e.notes.length > 0) out.push("", "Notes:", ...e.notes.map((n) => `  - ${n}`));
  io.stdout.write(`${out.join("\n")}\n`);
  return 0;
}
