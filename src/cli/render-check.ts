/**
 * Text rendering of a simulated fetch, like a browser's network panel: the preflight and actual
 * exchanges (every request line as sent, the response headers that matter to CORS), the verdict,
 * Chromium's console message, and the fix.
 */
import { STATUS_CODES } from "node:http";
import type { BrowserResult, Exchange, Explanation, WireRequest, WireResponse } from "../browser/index.js";
import { type Framework, policyFor, snippet } from "./fix-snippet.js";
import type { Style } from "./io.js";

const SHOWN_RESPONSE = /^(access-control-|vary$|location$|timing-allow-origin$|set-cookie$)/i;
/** The request exactly as written on the wire: request line, then every header line (Host first). */
function requestLines(r: WireRequest, s: Style): string[] {
  const u = new URL(r.url);
  const lines = [`  ${s.cyan(">")} ${s.bold(r.method)} ${u.pathname}${u.search} HTTP/1.1`];
  for (const [n, v] of r.headers) lines.push(`  ${s.cyan(">")}   ${n}: ${v}`);
  return lines;
}

function responseLines(r: WireResponse | null, s: Style): string[] {
  if (r === null) return [`  ${s.red("<")} (no response: network failure)`];
  const ok = r.status >= 200 && r.status < 300;
  const lines = [`  ${s.cyan("<")} ${(ok ? s.green : s.yellow)(`${r.status} ${STATUS_CODES[r.status] ?? ""}`.trim())}`];
  let hidden = 0;
  for (const [n, v] of r.headers) {
    if (SHOWN_RESPONSE.test(n)) lines.push(`  ${s.cyan("<")}   ${n}: ${v}`);
    else hidden++;
  }
  if (!r.headers.some(([n]) => /^access-control-allow-origin$/i.test(n))) lines.push(`  ${s.cyan("<")}   ${s.dim("(no Access-Control-Allow-Origin)")}`);
  if (hidden > 0) lines.push(`  ${s.cyan("<")}   ${s.dim(`(${hidden} other header${hidden === 1 ? "" : "s"})`)}`);
  return lines;
}

const TITLES: Record<Exchange["kind"], string> = { preflight: "Preflight request", actual: "Actual request", redirect: "Redirect" };

/** Renders a check result for people. */
export function renderCheck(result: BrowserResult, explanation: Explanation, framework: Framework, s: Style): string {
  const out: string[] = [];
  if (explanation.preflight.needed) {
    out.push(s.bold("Preflight needed:"));
    for (const r of explanation.preflight.reasons) out.push(`  - ${r.text}`);
    if (result.preflightFromCache) out.push(`  ${s.dim("(answered from the preflight cache, none sent)")}`);
  } else if (explanation.crossOrigin) {
    out.push(`${s.bold("No preflight:")} a simple request (safelisted method and headers).`);
  }
  for (const x of result.trace) {
    out.push("", s.bold(TITLES[x.kind]), ...requestLines(x.request, s), ...responseLines(x.response, s));
  }
  out.push("");
  if (result.allowed) {
    const status = result.response?.status ?? 0;
    out.push(`${s.green(s.bold("ALLOWED"))}: script can read the response (status ${status}).`);
    out.push(`Readable headers: ${result.exposedHeaders.length > 0 ? result.exposedHeaders.join(", ") : "(none)"}`);
    for (const w of result.warnings) out.push(`${s.yellow("Warning:")} ${w}`);
    return `${out.join("\n")}\n`;
  }
  out.push(`${s.red(s.bold("BLOCKED"))}: fetch() rejects with "TypeError: Failed to fetch".`);
  if (result.message) out.push(`${s.bold("Console:")} ${result.message}`);
  if (result.error) {
    out.push(`${s.bold("Fix:")} ${result.error.fix}`);
    const required = result.error.preflight ? explanation.required?.preflight : explanation.required?.actual;
    if (required && required.length > 0) {
      out.push(`  The server must send on the ${result.error.preflight ? "preflight (with a 2xx status)" : "response"}:`);
      for (const [n, v] of required) out.push(`    ${n}: ${v}`);
      out.push(
        "  With corsproof:",
        ...snippet(framework, policyFor(explanation))
          .split("\n")
          .map((l) => `    ${l}`),
      );
    }
  }
  return `${out.join("\n")}\n`;
}
