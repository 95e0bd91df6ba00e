/** `corsproof explain <url> --origin <origin>`: offline, why a browser will (not) preflight and what the server must send. */
import { explainRequest } from "../../browser/index.js";
import { parse } from "../args.js";
import { frameworkFlag, optionsFor, snippet } from "../fix-snippet.js";
import { type CliIo, style, useColor } from "../io.js";
import { REQUEST_FLAGS, REQUEST_FLAGS_HELP, browserRequest, browserState } from "../request-options.js";

export const EXPLAIN_HELP = `Usage: corsproof explain <url> --origin <origin> [options]

Offline (nothing is sent): says whether a browser will preflight this request and exactly why,
shows the preflight it will send, and the minimal response headers the server must send.

Options:
${REQUEST_FLAGS_HELP}
  --framework <name>       write the configuration for express | fastify | koa | hono | next | nginx | node
                           (default node)

Exit codes: 0 explained, 2 usage error or a fetch() call that throws.
`;

export async function explainCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse("explain", argv, { ...REQUEST_FLAGS, framework: { type: "string" } }, 1);
  if (values.help) {
    io.stdout.write(EXPLAIN_HELP);
    return 0;
  }
  const { request, profile } = browserRequest(positionals[0], values, "explain");
  const framework = frameworkFlag(values.framework) ?? "node";
  const e = explainRequest(request, { profile, ...(await browserState(request.url, request.origin, values)) });
  // The minimal policy: this origin, and the method and headers the preflight asks for.
  const acrh = e.preflight.request?.headers.find(([n]) => n === "Access-Control-Request-Headers")?.[1];
  const options = e.required
    ? optionsFor({
        origins: [request.origin],
        anyOrigin: false,
        credentials: e.request?.credentials === "include",
        methods: e.preflight.reasons.some((r) => r.kind === "method") && e.request ? [e.request.method] : [],
        allowedHeaders: acrh === undefined ? [] : acrh.split(","),
        exposedHeaders: [],
        maxAge: null,
      })
    : null;
  if (values.json) io.stdout.write(`${JSON.stringify({ ...e, corsproof: options }, null, 2)}\n`);
  if (values.json && e.blockedBeforeCors) return 1;
  if (e.exception) {
    io.stderr.write(`corsproof explain: fetch() throws before sending anything: ${e.exception}\n`);
    return 2;
  }
  if (values.json) return 0;
  const s = style(useColor(io));
  const out: string[] = [];
  const r = e.request;
  out.push(`${s.bold(`${r?.method} ${request.url}`)} from a page at ${request.origin} (credentials: ${r?.credentials}, browser: ${profile})`);
  if (e.blockedBeforeCors) {
    out.push(`${s.red("Blocked before CORS:")} ${e.blockedBeforeCors.message}`, `${s.bold("Fix:")} ${e.blockedBeforeCors.fix}`);
    io.stdout.write(`${out.join("\n")}\n`);
    return 1;
  }
  if (e.cookies) {
    out.push(`Cookies sent: ${e.cookies.header ?? "(none)"}`);
    for (const w of e.cookies.withheld) if (!w.reasons.includes("DomainMismatch")) out.push(`  withheld ${w.cookie.name} (${w.reasons.join(", ")}): ${w.text}`);
  }
  if (!e.crossOrigin) out.push("Same origin: CORS does not apply.");
  else if (e.preflight.needed) {
    out.push(`${s.yellow("Preflight: yes")}, because:`);
    for (const reason of e.preflight.reasons) out.push(`  - ${reason.text}`);
  } else if (r?.mode === "cors") out.push(`${s.green("Preflight: no")} (a simple request: safelisted method and headers).`);
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
    if (options !== null)
      out.push("", framework === "nginx" ? "With nginx:" : "With corsproof:", `    ${snippet(framework, options).split("\n").join("\n    ")}`);
    // Offline, a block cannot be diagnosed; `check` sends the request and tells the causes apart.
    out.push(
      "",
      "If the browser blocks it anyway, `corsproof check` with the same flags sends the request and says whether auth or routing answered the preflight or the CORS layer refused it.",
    );
  }
  if (e.notes.length > 0) out.push("", "Notes:", ...e.notes.map((n) => `  - ${n}`));
  io.stdout.write(`${out.join("\n")}\n`);
  return 0;
}
