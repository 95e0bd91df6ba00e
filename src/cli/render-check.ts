/**
 * Text rendering of a check, like a browser's network panel: the preflight and actual exchanges (every
 * request line exactly as sent; the response headers that matter to CORS, every one with `--verbose`),
 * corsproof's probes, the verdict, Chromium's console message, the diagnosis and the fix.
 */
import { STATUS_CODES } from "node:http";
import { BEFORE_CORS_CODES } from "../browser/console-messages.js";
import type { Exchange, ExchangeCookies, WireRequest, WireResponse } from "../browser/index.js";
import type { CheckRun } from "./check-run.js";
import { additionSentences } from "../browser/diagnose.js";
import { fixedOptions, snippet } from "./fix-snippet.js";
import type { Style } from "./io.js";

const SHOWN_RESPONSE = /^(access-control-|vary$|location$|timing-allow-origin$|set-cookie$|allow$|www-authenticate$)/i;

/** Rendering choices. */
export interface RenderOptions {
  /** Every header of every exchange. */
  readonly verbose?: boolean;
  /** The request comes from an origin the policy refuses on purpose (the demo's attacker). */
  readonly refusedByDesign?: boolean;
}

/** The request exactly as written on the wire: request line, then every header line (Host first). */
function requestLines(r: WireRequest, s: Style): string[] {
  const u = new URL(r.url);
  const lines = [`  ${s.cyan(">")} ${s.bold(r.method)} ${u.pathname}${u.search} HTTP/1.1`];
  for (const [n, v] of r.headers) lines.push(`  ${s.cyan(">")}   ${n}: ${v}`);
  return lines;
}

function responseLines(r: WireResponse | null, s: Style, verbose: boolean): string[] {
  if (r === null) return [`  ${s.red("<")} (no response: network failure)`];
  const ok = r.status >= 200 && r.status < 300;
  const lines = [`  ${s.cyan("<")} ${(ok ? s.green : s.yellow)(`${r.status} ${STATUS_CODES[r.status] ?? ""}`.trim())}`];
  let hidden = 0;
  for (const [n, v] of r.headers) {
    if (verbose || SHOWN_RESPONSE.test(n)) lines.push(`  ${s.cyan("<")}   ${n}: ${v}`);
    else hidden++;
  }
  if (!r.headers.some(([n]) => /^access-control-allow-origin$/i.test(n))) lines.push(`  ${s.cyan("<")}   ${s.dim("(no Access-Control-Allow-Origin)")}`);
  if (hidden > 0) lines.push(`  ${s.cyan("<")}   ${s.dim(`(${hidden} other header${hidden === 1 ? "" : "s"}; --verbose shows them)`)}`);
  return lines;
}

/** The cookie story of one exchange: withheld cookies for this host with DevTools' reasons, and each Set-Cookie's fate. */
function cookieLines(c: ExchangeCookies | undefined, s: Style): string[] {
  if (c === undefined) return [];
  const lines: string[] = [];
  if (c.sent.length > 0) lines.push(`  ${s.green("cookies sent:")} ${c.sent.map((k) => k.name).join(", ")}`);
  const elsewhere = c.withheld.filter((w) => w.reasons.includes("DomainMismatch")).length;
  for (const w of c.withheld) {
    if (!w.reasons.includes("DomainMismatch")) lines.push(`  ${s.yellow("cookie withheld:")} ${w.cookie.name} (${w.reasons.join(", ")}) ${s.dim(w.text)}`);
  }
  if (elsewhere > 0) lines.push(`  ${s.dim(`(${elsewhere} cookie${elsewhere === 1 ? "" : "s"} for other hosts)`)}`);
  for (const o of c.set) {
    const name = o.cookie?.name ?? o.line.split("=")[0];
    lines.push(
      o.stored ? `  ${s.green("Set-Cookie stored:")} ${name}` : `  ${s.yellow("Set-Cookie refused:")} ${name} (${o.reasons.join(", ")}) ${s.dim(o.text ?? "")}`,
    );
  }
  return lines;
}

const TITLES: Record<Exchange["kind"], string> = { preflight: "Preflight request", actual: "Actual request", redirect: "Redirect" };

function indent(text: string, by: string): string[] {
  return text.split("\n").map((l) => `${by}${l}`);
}

/** Renders a check for people. */
export function renderCheck(run: CheckRun, s: Style, options: RenderOptions = {}): string {
  const { result, explanation, diagnosis: d } = run;
  const verbose = options.verbose === true;
  const out: string[] = [];
  if (explanation.preflight.needed) {
    out.push(s.bold("Preflight needed:"));
    for (const r of explanation.preflight.reasons) out.push(`  - ${r.text}`);
    if (result.preflightFromCache) out.push(`  ${s.dim("(answered from the preflight cache, none sent)")}`);
  } else if (explanation.crossOrigin && explanation.request?.mode === "cors") {
    out.push(`${s.bold("No preflight:")} a simple request (safelisted method and headers).`);
  }
  for (const n of result.notes ?? []) out.push(`${s.dim("Note:")} ${n}`);
  for (const x of result.trace)
    out.push("", s.bold(TITLES[x.kind]), ...requestLines(x.request, s), ...responseLines(x.response, s, verbose), ...cookieLines(x.cookies, s));
  for (const p of run.probes) {
    out.push("", `${s.bold("Probe")} ${s.dim(`(sent by corsproof, not by the browser: ${p.purpose}; --no-probe skips it)`)}`);
    for (const x of p.result.trace) out.push(...requestLines(x.request, s), ...responseLines(x.response, s, verbose));
  }
  out.push("");
  const fix = fixedOptions(d);
  const showSnippet = (title: string) => {
    if (fix === null) return;
    out.push(`  ${title}`, ...indent(snippet(run.framework, fix, d.current.origins.length === 0 && !d.current.anyOrigin), "    "));
  };
  if (result.allowed) {
    const status = result.response?.status ?? 0;
    out.push(
      `${s.green(s.bold("ALLOWED"))}: script can read the response (status ${status}${result.response?.type === "opaque" ? ", opaque: mode no-cors" : ""}).`,
    );
    if (result.response?.type !== "opaque") out.push(`Readable headers: ${result.exposedHeaders.length > 0 ? result.exposedHeaders.join(", ") : "(none)"}`);
    if (d.unreadableHeaders.length > 0) {
      const names = d.unreadableHeaders.join(", ");
      out.push(
        `${s.yellow("Not readable:")} the server sends ${names} but script cannot read ${d.unreadableHeaders.length === 1 ? "it" : "them"} (response.headers.get() returns null): ` +
          `${d.unreadableHeaders.length === 1 ? "it is" : "they are"} not in Access-Control-Expose-Headers.`,
        `${s.bold("Fix:")} ${additionSentences(d).join("; ")} (the server then sends \`Access-Control-Expose-Headers: ${[...d.current.exposedHeaders, ...d.unreadableHeaders].join(", ")}\`).`,
      );
      showSnippet("With corsproof, keeping what the server sends today:");
    }
    for (const w of [...result.warnings, ...d.warnings]) out.push(`${s.yellow("Warning:")} ${w}`);
    return `${out.join("\n")}\n`;
  }
  if (result.error?.code === "InvalidRequest") {
    out.push(`${s.red(s.bold("INVALID"))}: fetch() throws ${result.error.exception} before sending anything.`);
    return `${out.join("\n")}\n`;
  }
  out.push(`${s.red(s.bold("BLOCKED"))}: fetch() rejects with "TypeError: Failed to fetch".`);
  if (result.message) out.push(`${s.bold("Console:")} ${result.message}`);
  for (const w of d.warnings) out.push(`${s.yellow("Warning:")} ${w}`);
  if (result.error && BEFORE_CORS_CODES.has(result.error.code)) {
    // Decided before CORS (mixed content, Local Network Access): no response header changes it.
    out.push(`${s.bold("Fix:")} ${result.error.fix}`);
    if (result.error.code === "LocalNetworkAccessPermissionDenied")
      out.push(
        `  Chromium asks the user first (Local Network Access); headless Chromium cannot ask and denies. Run again with ${s.bold("--local-network-access granted")} to see what happens once the user allows it.`,
      );
    return `${out.join("\n")}\n`;
  }
  if (options.refusedByDesign) {
    out.push(
      `${s.bold("Nothing to fix:")} ${run.request.origin} is not in the allowlist, so the server sends it no CORS headers and the browser keeps the response from that page.`,
    );
    return `${out.join("\n")}\n`;
  }
  if (d.summary !== null) out.push(`${s.bold("Diagnosis:")} ${d.summary}`);
  for (const e of d.evidence) out.push(`  - ${e}`);
  const additions = additionSentences(d);
  if (additions.length > 0) {
    // When the preflight never reached the CORS layer, its place is the fix; the additions come with it.
    const order = d.cause === "preflight-not-handled" ? "mount the CORS layer before auth and routing, and in it: " : "";
    out.push(`${s.bold("Fix:")} ${order}${additions.join("; ")}.`);
  } else if (d.cause === "preflight-not-handled") out.push(`${s.bold("Fix:")} mount the CORS layer before auth and routing.`);
  else if (d.summary === null && result.error) out.push(`${s.bold("Fix:")} ${result.error.fix}`);
  const required = result.error?.preflight ? explanation.required?.preflight : explanation.required?.actual;
  if (fix !== null && required && required.length > 0) {
    out.push(`  The server must send on the ${result.error?.preflight ? "preflight (with a 2xx status)" : "response"}:`);
    for (const [n, v] of required) out.push(`    ${n}: ${v}`);
    showSnippet(run.framework === "nginx" ? "With nginx:" : "With corsproof, keeping what the server sends today:");
  }
  if (d.confirm !== null) out.push(`${s.bold("To confirm:")} ${d.confirm}`);
  return `${out.join("\n")}\n`;
}
