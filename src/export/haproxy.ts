/**
 * HAProxy (2.6+, PCRE2): rules for a frontend. A handful of `http-request` rules put the request
 * in its class (one transaction variable; each rule's condition is the first-match-wins rule list
 * of classify.ts written as an OR of ANDs, so the preflight tests cost an actual request one
 * `METH_OPTIONS` check each), preflights are answered with `http-request return` carrying their
 * headers, `http-response` rules remove the upstream's CORS headers, and `http-after-response`
 * rules, which HAProxy runs on every response including its own returns and errors, add the
 * policy's. Every rule costs each request its evaluation, so a header only a preflight answer sends
 * is written into that answer rather than tested for on every response.
 */
import { methodRules, originRules, requestHeadersRules, type Rule } from "./classify.js";
import type { EdgePolicy, EdgeResponse, EdgeValue } from "./edge-policy.js";
import type { ExportIssue } from "./export-error.js";
import { answeredPreflights, headerNames, type RequestClass, requestClasses } from "./target-kit.js";

/** A double-quoted HAProxy word: a backslash escapes the next character, `$` would start an environment variable. */
function quote(text: string): string {
  return `"${text.replace(/["\\$]/g, "\\$&")}"`;
}

/** A log-format string (set-header values): `%` starts a fetch and is doubled in literal text. */
function logFormat(text: string): string {
  return quote(text.replace(/%/g, "%%"));
}

/** Patterns (exact origins or regexes) per rule line, well under HAProxy's 64 words per line. */
const PATTERNS_PER_LINE = 30;

const REQUEST_VAR: Record<Exclude<EdgeValue["kind"], "text">, string> = {
  origin: "txn.corsproof_origin",
  method: "txn.corsproof_acrm",
  headers: "txn.corsproof_acrh",
};

const CLASS = "txn.corsproof_class";

/** `{ var(txn.corsproof_class) -m str a b }`: the class is one of `names`. */
function classIs(...names: readonly string[]): string {
  return `{ var(${CLASS}) -m str ${names.join(" ")} }`;
}

/** `{ fetch -m reg "re1" "re2" }` for regexes that all decide alike, split to respect the words per line. */
function regexTerms(fetch: string, regexes: readonly string[]): string[] {
  const terms: string[] = [];
  for (let i = 0; i < regexes.length; i += PATTERNS_PER_LINE)
    terms.push(
      `{ ${fetch} -m reg ${regexes
        .slice(i, i + PATTERNS_PER_LINE)
        .map(quote)
        .join(" ")} }`,
    );
  return terms;
}

/**
 * A first-match-wins rule list (classify.ts) as alternative conditions, any of which means
 * "allowed": each allow rule, preceded by the negation of every deny rule before it. Consecutive
 * allow rules with the same deny rules before them share one condition (HAProxy ORs the regexes of
 * one term).
 */
function allowConditions(fetch: string, rules: readonly Rule[]): string[] {
  const conditions: string[] = [];
  const denies: string[] = [];
  for (let i = 0; i < rules.length; ) {
    const rule = rules[i] as Rule;
    if (!rule.allow) {
      denies.push(rule.regex);
      i++;
      continue;
    }
    const allows: string[] = [];
    for (; i < rules.length && (rules[i] as Rule).allow; i++) allows.push((rules[i] as Rule).regex);
    const unless = denies.length > 0 ? `!${regexTerms(fetch, denies).join(" !")} ` : "";
    for (const term of regexTerms(fetch, allows)) conditions.push(`${unless}${term}`);
  }
  return conditions;
}

/** Where a request value is read: into a variable, or straight into a preflight's own answer (built while the request is there). */
const REQUEST_FETCH: Record<Exclude<EdgeValue["kind"], "text">, string> = {
  origin: "req.fhdr(origin)",
  method: "req.fhdr(access-control-request-method)",
  headers: "req.fhdr(access-control-request-headers)",
};

/** A header value a preflight's `return` can carry. */
type ReturnValue = Exclude<EdgeValue, { kind: "headers" }>;

/**
 * Whether a header of an answered preflight goes into its `return`: every value but the echoed
 * Access-Control-Request-Headers, which the engine omits when empty (a `return` header cannot be
 * conditional). A preflight only reaches its class with one non-empty Origin and method line.
 */
function inReturn(v: EdgeValue): v is ReturnValue {
  return v.kind !== "headers";
}

function returnHeaders(r: EdgeResponse): (readonly [string, ReturnValue])[] {
  return r.headers.filter((h): h is readonly [string, ReturnValue] => inReturn(h[1]));
}

function classResponse(p: EdgePolicy, name: "preflight_ok" | "preflight_denied"): EdgeResponse {
  return name === "preflight_ok" ? p.responses.preflightOk : p.responses.preflightDenied;
}

/** HAProxy can carry out every exportable policy. */
export function haproxyIssues(_p: EdgePolicy): ExportIssue[] {
  return [];
}

export function haproxyRules(p: EdgePolicy): string {
  const lines: string[] = [];
  const rule = (className: string, condition: string) => lines.push(`http-request set-var(${CLASS}) str(${className}) if ${condition}`);
  const origin = "req.fhdr(origin)";
  lines.push("# The request's class. No Origin: none (the variable stays unset). Origin: allowed or denied, compared");
  lines.push("# byte for byte (exact origins with -m str, patterns with anchored regexes); several Origin lines never pass.");
  if (p.anyOrigin) rule("allowed", "{ req.hdr_cnt(origin) gt 0 }");
  else {
    rule("denied", "{ req.hdr_cnt(origin) gt 0 }");
    const once = `${classIs("denied")} { req.hdr_cnt(origin) eq 1 }`;
    for (let i = 0; i < p.exactOrigins.length; i += PATTERNS_PER_LINE) {
      rule(
        "allowed",
        `${once} { ${origin} -m str ${p.exactOrigins
          .slice(i, i + PATTERNS_PER_LINE)
          .map(quote)
          .join(" ")} }`,
      );
    }
    for (const condition of allowConditions(origin, originRules(p))) rule("allowed", `${once} ${condition}`);
  }
  lines.push("# A preflight (OPTIONS with Origin and Access-Control-Request-Method) from an allowed origin: its");
  lines.push("# Access-Control-Request-Headers (absent, or the engine's list grammar and caps), then its method (case-sensitive;");
  lines.push("# several lines are joined by the engine, so refused).");
  const options = `METH_OPTIONS ${classIs("allowed")} { req.hdr_cnt(access-control-request-method) eq 1 }`;
  rule("allowed_h", `${options} !{ req.hdr_cnt(access-control-request-headers) gt 0 }`);
  for (const condition of allowConditions("req.fhdr(access-control-request-headers)", requestHeadersRules(p, "pcre")))
    rule("allowed_h", `${options} ${condition}`);
  for (const condition of allowConditions("req.fhdr(access-control-request-method)", methodRules(p, "pcre"))) {
    rule("preflight_ok", `METH_OPTIONS ${classIs("allowed_h")} ${condition}`);
  }
  rule("preflight_denied", `METH_OPTIONS ${classIs("allowed", "allowed_h", "denied")} { req.hdr_cnt(access-control-request-method) gt 0 }`);
  const classes = requestClasses(p);
  const answered = answeredPreflights(p);
  const answeredNames = new Set<string>(answered.map(([name]) => name));
  /** The headers http-after-response adds for a class: an answered preflight's others are in its return. */
  const added = (c: RequestClass) => c.response.headers.filter(([, v]) => !(answeredNames.has(c.name) && inReturn(v)));
  // Request values those headers copy, kept for http-after-response (the request is gone by then).
  for (const kind of ["origin", "method", "headers"] as const) {
    const names = classes.filter((c) => added(c).some(([, v]) => v.kind === kind)).map((c) => c.name);
    if (names.length > 0) lines.push(`http-request set-var(${REQUEST_VAR[kind]}) ${REQUEST_FETCH[kind]} if ${classIs(...names)}`);
  }
  if (p.responses.preflightOk.privateNetwork.length > 0) {
    lines.push(`http-request set-var(txn.corsproof_pna) req.fhdr(access-control-request-private-network) if ${classIs("preflight_ok")}`);
  }
  if (answered.length > 0) lines.push("", "# Preflights are answered here, with the headers every such answer carries; the application never sees them.");
  for (const [name, status] of answered) {
    const headers = returnHeaders(classResponse(p, name)).map(
      ([h, v]) => ` hdr ${h} ${v.kind === "text" ? logFormat(v.text) : `"%[${REQUEST_FETCH[v.kind]}]"`}`,
    );
    lines.push(`http-request return status ${status}${headers.join("")} if ${classIs(name)}`);
  }
  lines.push("", "# The upstream's CORS headers out (HAProxy's own answers and errors have none).");
  // Every Access-Control-* response header is the policy's: one pass removes them all, so the
  // policy's are added (not set) after it.
  lines.push("http-response del-header access-control- -m beg");
  for (const h of p.ownedHeaders) if (!h.startsWith("Access-Control-")) lines.push(`http-response del-header ${h}`);
  lines.push("", "# Every response, error pages and the answers above included: the policy's headers in.");
  /** The condition for a set of classes ("" when it is every class; the unset variable means none). */
  const when = (names: readonly string[]) => {
    if (names.length === classes.length) return "";
    const others = names.filter((n) => n !== "none");
    const terms = [...(names.includes("none") ? [`!{ var(${CLASS}) -m found }`] : []), ...(others.length > 0 ? [classIs(...others)] : [])];
    return ` if ${terms.join(" || ")}`;
  };
  for (const name of headerNames(p)) {
    // One rule per distinct value, for the classes that send it.
    const byValue = new Map<string, { value: EdgeValue; classes: string[] }>();
    for (const c of classes) {
      const found = added(c).find(([n]) => n === name);
      if (found === undefined) continue;
      const key = JSON.stringify(found[1]);
      const entry = byValue.get(key) ?? { value: found[1], classes: [] };
      entry.classes.push(c.name);
      byValue.set(key, entry);
    }
    for (const { value, classes: names } of byValue.values()) {
      if (value.kind === "text") lines.push(`http-after-response add-header ${name} ${logFormat(value.text)}${when(names)}`);
      else {
        const v = REQUEST_VAR[value.kind];
        // The engine echoes only non-empty values; an allowed Origin is never empty.
        const nonEmpty = value.kind === "origin" ? "" : ` { var(${v}) -m reg . }`;
        lines.push(`http-after-response add-header ${name} "%[var(${v})]" if ${classIs(...names)}${nonEmpty}`);
      }
    }
  }
  for (const c of classes) {
    for (const [name, value] of c.response.privateNetwork) {
      lines.push(`http-after-response add-header ${name} ${logFormat(value)} if ${classIs(c.name)} { var(txn.corsproof_pna) -m str true }`);
    }
  }
  const varyBy = new Map<string, string[]>();
  for (const c of classes) if (c.response.vary !== "") varyBy.set(c.response.vary, [...(varyBy.get(c.response.vary) ?? []), c.name]);
  for (const [vary, names] of varyBy) lines.push(`http-after-response add-header Vary ${logFormat(vary)}${when(names)}`);
  return `${lines.join("\n")}\n`;
}
