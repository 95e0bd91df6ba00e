/**
 * Text rendering of a scan for people: grouped by target, most severe first; each exploitable
 * finding with who can exploit it, why, the exchange that proves it and the fix. Findings the
 * browser model judged not exploitable are listed in one line each, with the reason.
 */
import type { Exchange } from "../browser/index.js";
import type { Finding, ScanReport, Severity } from "../scanner/index.js";
import type { Style } from "./io.js";

const SHOWN_REQUEST = /^(origin$|access-control-|authorization$|content-type$|cookie$)/i;
const SHOWN_RESPONSE = /^(access-control-|vary$|cache-control$|set-cookie$)/i;

function exchangeLines(x: Exchange, s: Style): string[] {
  const out = [`           ${s.cyan(">")} ${x.request.method} ${x.request.url}`];
  for (const [n, v] of x.request.headers) if (SHOWN_REQUEST.test(n)) out.push(`           ${s.cyan(">")}   ${n}: ${v}`);
  if (x.response === null) {
    out.push(`           ${s.cyan("<")} ${s.dim("(not sent or no response)")}`);
    return out;
  }
  out.push(`           ${s.cyan("<")} ${x.response.status}`);
  for (const [n, v] of x.response.headers) if (SHOWN_RESPONSE.test(n)) out.push(`           ${s.cyan("<")}   ${n}: ${v}`);
  return out;
}

function label(severity: Severity, s: Style): string {
  const text = severity.toUpperCase().padEnd(6);
  return severity === "high" ? s.red(s.bold(text)) : severity === "medium" ? s.yellow(s.bold(text)) : severity === "low" ? s.cyan(text) : s.dim(text);
}

function findingLines(f: Finding, s: Style): string[] {
  const out = [`  ${label(f.severity, s)} ${s.bold(f.code)}: ${f.title}`];
  if (f.origin !== null) {
    const more = f.origins.length > 1 ? ` (+${f.origins.length - 1} more: ${f.origins.slice(1, 4).join(", ")}${f.origins.length > 4 ? ", ..." : ""})` : "";
    out.push(`         origin ${f.origin}${more}; sent by ${f.browsers.join(", ")}; ${f.method}${f.credentialed ? " with credentials" : ""}`);
  }
  out.push(`         ${s.bold("why:")} ${f.reason}`);
  out.push(`         ${s.bold("evidence:")}`, ...f.evidence.flatMap((x) => exchangeLines(x, s)));
  out.push(`         ${s.bold("fix:")} ${f.fix.text}`);
  if (f.poc !== null) out.push(`         ${s.dim("PoC page: in the --json output (findings[].poc)")}`);
  return out;
}

/** Renders a report for a terminal or a log. */
export function renderScan(report: ScanReport, s: Style): string {
  const out: string[] = [];
  for (const t of report.targets) {
    out.push(`${s.bold(t.url)}  ${s.dim(`(trusted: ${t.trustedOrigins.join(", ")}; ${t.requests} requests${t.budgetExhausted ? ", budget exhausted" : ""})`)}`);
    if (t.error !== null) {
      out.push(`  ${s.red("error:")} ${t.error}`, "");
      continue;
    }
    const real = t.findings.filter((f) => f.severity !== "info");
    const info = t.findings.filter((f) => f.severity === "info");
    if (real.length === 0) out.push(`  ${s.green("no exploitable CORS misconfiguration found")}`);
    for (const f of real) out.push(...findingLines(f, s), "");
    if (info.length > 0) {
      out.push(`  ${s.dim("not exploitable (info):")}`);
      for (const f of info) out.push(`  ${label("info", s)} ${f.code}${f.origin === null ? "" : ` (${f.origin})`}: ${f.reason}`);
      out.push("");
    }
    if (real.length === 0 && info.length === 0) out.push("");
  }
  const sum = report.summary;
  out.push(
    `${report.targets.length} target${report.targets.length === 1 ? "" : "s"}: ${sum.high} high, ${sum.medium} medium, ${sum.low} low, ${sum.info} info (judged as ${report.browser} would)`,
  );
  return `${out.join("\n")}\n`;
}
