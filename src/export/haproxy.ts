/**
 * HAProxy (2.6+, PCRE2): rules for a frontend. `http-request` rules classify the request into
 * transaction variables (ordered tests, the first match deciding and the rest skipped), preflights are answered with `http-request return`, and
 * `http-after-response` rules, which HAProxy runs on every response including its own returns
 * and errors, replace the upstream's CORS headers with the policy's.
 */
import { methodRules, originRules, requestHeadersRules, type Rule } from "./classify.js";
import type { EdgePolicy, EdgeValue } from "./edge-policy.js";
import type { ExportIssue } from "./export-error.js";
import { answeredPreflights, headerNames, requestClasses } from "./target-kit.js";

/** A double-quoted HAProxy word: a backslash escapes the next character, `$` would start an environment variable. */
function quote(text: string): string {
  return `"${text.replace(/["\\$]/g, "\\$&")}"`;
}

/** A log-format string (set-header values): `%` starts a fetch and is doubled in literal text. */
function logFormat(text: string): string {
  return quote(text.replace(/%/g, "%%"));
}

/** Exact origins per rule line, well under HAProxy's 64 words per line. */
const ORIGINS_PER_LINE = 40;

const REQUEST_VAR: Record<Exclude<EdgeValue["kind"], "text">, string> = {
  origin: "txn.corsproof_origin",
  method: "txn.corsproof_acrm",
  headers: "txn.corsproof_acrh",
};

/**
 * Sets `variable` to the verdict of the first matching test (0 when none matches). 2 stands for
 * "undecided": each later test first checks it, so once a test has decided, the rest (and their
 * regexes) are skipped (HAProxy evaluates a condition's terms left to right and stops at the first false).
 */
function verdict(variable: string, fetch: string, rules: readonly Rule[], first: readonly (readonly [number, string])[] = []): string[] {
  const v = `txn.${variable}`;
  const lines = [`http-request set-var(${v}) int(2)`];
  const tests: (readonly [number, string])[] = [...first, ...rules.map((r) => [r.allow ? 1 : 0, `{ ${fetch} -m reg ${quote(r.regex)} }`] as const)];
  for (const [value, condition] of tests) lines.push(`http-request set-var(${v}) int(${value}) if { var(${v}) -m int 2 } ${condition}`);
  lines.push(`http-request set-var(${v}) int(0) if { var(${v}) -m int 2 }`);
  return lines;
}

/** HAProxy can carry out every exportable policy. */
export function haproxyIssues(_p: EdgePolicy): ExportIssue[] {
  return [];
}

export function haproxyRules(p: EdgePolicy): string {
  const lines: string[] = [];
  const has = (h: string) => `{ req.hdr_cnt(${h}) gt 0 }`;
  lines.push("# Origin: 1 allowed, 0 not. Exact origins are compared byte for byte (-m str); several Origin lines never match.");
  if (p.anyOrigin) lines.push("http-request set-var(txn.corsproof_o) int(1)");
  else {
    const first: (readonly [number, string])[] = [[0, "{ req.hdr_cnt(origin) gt 1 }"]];
    // HAProxy reads at most 64 words per line: long lists take several lines.
    for (let i = 0; i < p.exactOrigins.length; i += ORIGINS_PER_LINE) {
      first.push([
        1,
        `{ req.fhdr(origin) -m str ${p.exactOrigins
          .slice(i, i + ORIGINS_PER_LINE)
          .map(quote)
          .join(" ")} }`,
      ]);
    }
    lines.push(...verdict("corsproof_o", "req.fhdr(origin)", originRules(p), first));
  }
  lines.push("", "# Access-Control-Request-Method: 1 allowed (case-sensitive), 0 not.");
  // Node joins several lines with ", ", which is never a method: refused, as the engine refuses it.
  lines.push(
    ...verdict("corsproof_m", "req.fhdr(access-control-request-method)", methodRules(p, "pcre"), [
      // Only preflights need the verdict; other requests skip the tests.
      [0, "!METH_OPTIONS"],
      [0, "{ req.hdr_cnt(access-control-request-method) gt 1 }"],
    ]),
  );
  lines.push("", "# Access-Control-Request-Headers: 1 absent or allowed (the engine's list grammar and caps), 0 not.");
  lines.push(
    ...verdict("corsproof_h", "req.fhdr(access-control-request-headers)", requestHeadersRules(p, "pcre"), [
      [0, "!METH_OPTIONS"],
      [1, `!${has("access-control-request-headers")}`],
    ]),
  );
  lines.push("", "# The request's class; a preflight is OPTIONS with Origin and Access-Control-Request-Method.");
  const preflight = `METH_OPTIONS ${has("origin")} ${has("access-control-request-method")}`;
  lines.push(
    "http-request set-var(txn.corsproof_class) str(none)",
    `http-request set-var(txn.corsproof_class) str(denied) if ${has("origin")}`,
    `http-request set-var(txn.corsproof_class) str(allowed) if ${has("origin")} { var(txn.corsproof_o) -m int 1 }`,
    `http-request set-var(txn.corsproof_class) str(preflight_denied) if ${preflight}`,
    `http-request set-var(txn.corsproof_class) str(preflight_ok) if ${preflight} { var(txn.corsproof_o) -m int 1 } { var(txn.corsproof_m) -m int 1 } { var(txn.corsproof_h) -m int 1 }`,
    "http-request set-var(txn.corsproof_origin) req.fhdr(origin) if { var(txn.corsproof_class) -m str allowed preflight_ok }",
  );
  // Request values the answer copies, kept for http-after-response (preflights only).
  const ok = "if { var(txn.corsproof_class) -m str preflight_ok }";
  const kinds = new Set(p.responses.preflightOk.headers.map(([, v]) => v.kind));
  if (kinds.has("method")) lines.push(`http-request set-var(txn.corsproof_acrm) req.fhdr(access-control-request-method) ${ok}`);
  if (kinds.has("headers")) lines.push(`http-request set-var(txn.corsproof_acrh) req.fhdr(access-control-request-headers) ${ok}`);
  if (p.responses.preflightOk.privateNetwork.length > 0) {
    lines.push(`http-request set-var(txn.corsproof_pna) req.fhdr(access-control-request-private-network) ${ok}`);
  }
  const answered = answeredPreflights(p);
  if (answered.length > 0) lines.push("", "# Preflights are answered here; the application never sees them.");
  for (const [name, status] of answered) lines.push(`http-request return status ${status} if { var(txn.corsproof_class) -m str ${name} }`);
  lines.push("", "# Every response, error pages and the answers above included: the upstream's CORS headers out, the policy's in.");
  // Every Access-Control-* response header is the policy's: one pass removes them all.
  lines.push("http-after-response del-header access-control- -m beg");
  for (const h of p.ownedHeaders) if (!h.startsWith("Access-Control-")) lines.push(`http-after-response del-header ${h}`);
  const classes = requestClasses(p);
  for (const name of headerNames(p)) {
    // One rule per distinct value, for the classes that send it.
    const byValue = new Map<string, { value: EdgeValue; classes: string[] }>();
    for (const c of classes) {
      const found = c.response.headers.find(([n]) => n === name);
      if (found === undefined) continue;
      const key = JSON.stringify(found[1]);
      const entry = byValue.get(key) ?? { value: found[1], classes: [] };
      entry.classes.push(c.name);
      byValue.set(key, entry);
    }
    for (const { value, classes: names } of byValue.values()) {
      const when = `{ var(txn.corsproof_class) -m str ${names.join(" ")} }`;
      if (value.kind === "text") lines.push(`http-after-response set-header ${name} ${logFormat(value.text)} if ${when}`);
      else {
        // An echoed value that is empty is not sent (the engine echoes only non-empty values).
        const v = REQUEST_VAR[value.kind];
        lines.push(`http-after-response set-header ${name} "%[var(${v})]" if ${when} { var(${v}) -m reg . }`);
      }
    }
  }
  for (const c of classes) {
    for (const [name, value] of c.response.privateNetwork) {
      lines.push(
        `http-after-response set-header ${name} ${logFormat(value)} if { var(txn.corsproof_class) -m str ${c.name} } { var(txn.corsproof_pna) -m str true }`,
      );
    }
  }
  const varyBy = new Map<string, string[]>();
  for (const c of classes) if (c.response.vary !== "") varyBy.set(c.response.vary, [...(varyBy.get(c.response.vary) ?? []), c.name]);
  for (const [vary, names] of varyBy)
    lines.push(`http-after-response add-header Vary ${logFormat(vary)} if { var(txn.corsproof_class) -m str ${names.join(" ")} }`);
  return `${lines.join("\n")}\n`;
}
