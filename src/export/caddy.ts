/**
 * Caddy (2.6+, Go RE2): a Caddyfile snippet. `map` directives classify the request into
 * placeholders (mappings are tried in order, the first match wins, as in nginx), named matchers
 * on the class pick the headers, `respond` answers preflights, and deferred `header` handlers
 * rewrite every response, error responses included, after the upstream's CORS headers are removed.
 */
import { methodRules, originRules, requestHeadersRules, type Rule } from "./classify.js";
import type { EdgePolicy, EdgeValue } from "./edge-policy.js";
import type { ExportIssue } from "./export-error.js";
import { answeredPreflights, requestClasses } from "./target-kit.js";

/** A double-quoted Caddyfile token: only `\"` is an escape inside quotes. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '\\"')}"`;
}

const REQUEST_VALUE: Record<Exclude<EdgeValue["kind"], "text">, string> = {
  origin: "{http.request.header.Origin}",
  method: "{http.request.header.Access-Control-Request-Method}",
  headers: "{http.request.header.Access-Control-Request-Headers}",
};

function map(source: string, destination: string, entries: readonly string[]): string[] {
  return [`\tmap ${source} {${destination}} {`, ...entries.map((e) => `\t\t${e}`), "\t}"];
}

function ruleEntries(rules: readonly Rule[]): string[] {
  return rules.map((r) => `${quote(`~${r.regex}`)} ${r.allow ? 1 : 0}`);
}

/** Caddy can carry out every exportable policy. */
export function caddyIssues(_p: EdgePolicy): ExportIssue[] {
  return [];
}

export function caddySnippet(p: EdgePolicy): string {
  const lines: string[] = ["(corsproof) {"];
  lines.push("\t# Origin: 'x' absent ('-' means no value to Caddy's map), 1 allowed, 0 not (exact origins compared byte for byte, then anchored patterns).");
  lines.push(
    ...map(
      "{http.request.header.Origin}",
      "corsproof_o",
      p.anyOrigin ? ['"~^$" x', "default 1"] : ['"~^$" x', ...p.exactOrigins.map((o) => `${quote(o)} 1`), ...ruleEntries(originRules(p)), "default 0"],
    ),
  );
  lines.push("\t# Access-Control-Request-Method: 'x' absent, 1 allowed (case-sensitive), 0 not.");
  lines.push(...map("{http.request.header.Access-Control-Request-Method}", "corsproof_m", ['"~^$" x', ...ruleEntries(methodRules(p, "re2")), "default 0"]));
  lines.push("\t# Access-Control-Request-Headers: 1 absent or allowed (the engine's list grammar and caps), 0 not.");
  lines.push(
    ...map("{http.request.header.Access-Control-Request-Headers}", "corsproof_h", ['"~^$" 1', ...ruleEntries(requestHeadersRules(p, "re2")), "default 0"]),
  );
  lines.push("\t# The request's class; a preflight is OPTIONS with Origin and Access-Control-Request-Method.");
  lines.push(
    ...map("{corsproof_o}:{http.request.method}:{corsproof_m}:{corsproof_h}", "corsproof_class", [
      '"~^x" none',
      '"~^1:OPTIONS:1:1$" preflight_ok',
      '"~^[01]:OPTIONS:[01]:" preflight_denied',
      '"~^1:" allowed',
      "default denied",
    ]),
  );
  const classes = requestClasses(p);
  // Caddy recomputes a map placeholder on every read: the class is read once into a variable.
  for (const c of classes) lines.push(`\t@corsproof_${c.name} vars corsproof_c ${c.name}`);
  const route: string[] = [
    "\troute {",
    "\t\tvars corsproof_c {corsproof_class}",
    "\t\t# Deferred header handlers apply last-declared first, and within one handler set before delete: each",
    "\t\t# class's handler sets the policy's headers and removes the upstream's others, then the echoes are set.",
  ];
  const errors: string[] = ["\t# Caddy's own error responses (502 when the upstream is down, ...) keep the headers too.", "\thandle_errors {"];
  for (const c of classes) {
    const ops: string[] = [];
    const set = new Set<string>();
    for (const [name, v] of c.response.headers) {
      if (v.kind === "headers") {
        // The engine echoes Access-Control-Request-Headers only when it is non-empty.
        lines.push(`\t@corsproof_${c.name}_echo {`, `\t\tvars corsproof_c ${c.name}`, '\t\theader_regexp Access-Control-Request-Headers "."', "\t}");
        route.push(`\t\theader @corsproof_${c.name}_echo {`, `\t\t\t${name} ${REQUEST_VALUE.headers}`, "\t\t\tdefer", "\t\t}");
      } else {
        ops.push(`${name} ${v.kind === "text" ? quote(v.text) : REQUEST_VALUE[v.kind]}`);
        set.add(name);
      }
    }
    if (c.response.privateNetwork.length > 0) {
      lines.push(`\t@corsproof_${c.name}_pna {`, `\t\tvars corsproof_c ${c.name}`, "\t\theader Access-Control-Request-Private-Network true", "\t}");
      route.push(`\t\theader @corsproof_${c.name}_pna {`, ...c.response.privateNetwork.map(([n, v]) => `\t\t\t${n} ${quote(v)}`), "\t\t\tdefer", "\t\t}");
    }
    if (c.response.vary !== "") ops.push(`+Vary ${quote(c.response.vary)}`);
    for (const h of p.ownedHeaders) if (!set.has(h)) ops.push(`-${h}`);
    route.push(`\t\theader @corsproof_${c.name} {`, ...ops.map((o) => `\t\t\t${o}`), "\t\t\tdefer", "\t\t}");
    errors.push(`\t\theader @corsproof_${c.name} {`, ...ops.map((o) => `\t\t\t${o}`), "\t\t}");
  }
  lines.push(...route);
  const answered = answeredPreflights(p);
  if (answered.length > 0) lines.push("\t\t# Preflights are answered here; the application never sees them.");
  for (const [name, status] of answered) lines.push(`\t\trespond @corsproof_${name} ${status}`);
  lines.push("\t}");
  lines.push(...errors, "\t}");
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
