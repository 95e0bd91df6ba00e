/**
 * Caddy (2.6+, Go RE2): a Caddyfile snippet. One `map` turns the Origin into the class of an
 * actual request (exact origins compared byte for byte, then anchored patterns, the first match
 * winning as in nginx), copied once into a variable because Caddy recomputes a map placeholder on
 * every read. Only a preflight enters the sub-route that reads Access-Control-Request-Method and
 * -Headers and answers with `respond`, so an actual request costs one map and a few variable
 * matchers. Deferred `header` handlers rewrite every response after the upstream's CORS headers
 * are removed, and `handle_errors` does the same for Caddy's own error responses.
 */
import { methodRules, originRules, requestHeadersRules, type Rule } from "./classify.js";
import type { EdgePolicy, EdgeValue } from "./edge-policy.js";
import type { ExportIssue } from "./export-error.js";
import { answeredPreflights, type RequestClass, requestClasses } from "./target-kit.js";

/** A double-quoted Caddyfile token: only `\"` is an escape inside quotes. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '\\"')}"`;
}

const REQUEST_VALUE: Record<Exclude<EdgeValue["kind"], "text">, string> = {
  origin: "{http.request.header.Origin}",
  method: "{http.request.header.Access-Control-Request-Method}",
  headers: "{http.request.header.Access-Control-Request-Headers}",
};

function map(indent: string, source: string, destination: string, entries: readonly string[]): string[] {
  return [`${indent}map ${source} {${destination}} {`, ...entries.map((e) => `${indent}\t${e}`), `${indent}}`];
}

function ruleEntries(rules: readonly Rule[], allow: string, deny: string): string[] {
  return rules.map((r) => `${quote(`~${r.regex}`)} ${r.allow ? allow : deny}`);
}

/** Caddy can carry out every exportable policy. */
export function caddyIssues(_p: EdgePolicy): ExportIssue[] {
  return [];
}

/** The header operations a class's answer needs: its headers set, Vary appended, the upstream's others removed. */
function operations(p: EdgePolicy, c: RequestClass): string[] {
  const ops: string[] = [];
  const set = new Set<string>();
  for (const [name, v] of c.response.headers) {
    if (v.kind === "headers") continue; // set by its own handler, only when non-empty
    ops.push(`${name} ${v.kind === "text" ? quote(v.text) : REQUEST_VALUE[v.kind]}`);
    set.add(name);
  }
  if (c.response.vary !== "") ops.push(`+Vary ${quote(c.response.vary)}`);
  for (const h of p.ownedHeaders) if (!set.has(h)) ops.push(`-${h}`);
  return ops;
}

/** Classes whose answers need the same operations, so one handler (and one matcher test) serves them all. */
function groups(p: EdgePolicy, classes: readonly RequestClass[]): { names: string[]; ops: string[] }[] {
  const byOps = new Map<string, { names: string[]; ops: string[] }>();
  for (const c of classes) {
    const ops = operations(p, c);
    const key = ops.join("\n");
    const group = byOps.get(key) ?? { names: [], ops };
    group.names.push(c.name);
    byOps.set(key, group);
  }
  return [...byOps.values()];
}

/** Named matchers for sets of classes, defined as they are first used. */
class ClassMatchers {
  readonly #defined = new Map<string, readonly string[]>();

  /** `@corsproof_a_b`, the matcher for classes a and b. */
  name(names: readonly string[]): string {
    const name = `@corsproof_${names.join("_")}`;
    this.#defined.set(name, names);
    return name;
  }

  definitions(): string[] {
    return [...this.#defined].map(([name, names]) => `\t${name} vars corsproof_c ${names.join(" ")}`);
  }
}

/** Deferred header handlers for `classes`, the echo and private-network ones first (deferred handlers apply last-declared first). */
function headerHandlers(p: EdgePolicy, m: ClassMatchers, classes: readonly RequestClass[], indent: string, defer: boolean): string[] {
  const lines: string[] = [];
  const deferLine = defer ? [`${indent}\tdefer`] : [];
  for (const c of classes) {
    for (const [name, v] of c.response.headers) {
      // The engine echoes Access-Control-Request-Headers only when it is non-empty.
      if (v.kind === "headers")
        lines.push(`${indent}header @corsproof_${c.name}_echo {`, `${indent}\t${name} ${REQUEST_VALUE.headers}`, ...deferLine, `${indent}}`);
    }
    if (c.response.privateNetwork.length > 0) {
      lines.push(
        `${indent}header @corsproof_${c.name}_pna {`,
        ...c.response.privateNetwork.map(([n, v]) => `${indent}\t${n} ${quote(v)}`),
        ...deferLine,
        `${indent}}`,
      );
    }
  }
  for (const g of groups(p, classes)) lines.push(`${indent}header ${m.name(g.names)} {`, ...g.ops.map((o) => `${indent}\t${o}`), ...deferLine, `${indent}}`);
  return lines;
}

export function caddySnippet(p: EdgePolicy): string {
  const lines: string[] = ["(corsproof) {"];
  const classes = requestClasses(p);
  const actual = classes.filter((c) => !c.name.startsWith("preflight_"));
  const preflight = classes.filter((c) => c.name.startsWith("preflight_"));
  lines.push("\t# The class of an actual request: no Origin (Caddy reads an empty one as absent), allowed or denied.");
  lines.push("\t# Several Origin lines are read joined by ',', which no entry matches.");
  lines.push(
    ...map(
      "\t",
      "{http.request.header.Origin}",
      "corsproof_o",
      p.anyOrigin
        ? ['"" none', "default allowed"]
        : [...p.exactOrigins.map((o) => `${quote(o)} allowed`), '"" none', ...ruleEntries(originRules(p), "allowed", "denied"), "default denied"],
    ),
  );
  lines.push("\t# A preflight: OPTIONS with Origin and Access-Control-Request-Method.");
  lines.push("\t@corsproof_preflight {", "\t\tmethod OPTIONS", "\t\tvars corsproof_c allowed denied", `\t\tnot vars ${REQUEST_VALUE.method} ""`, "\t}");
  for (const c of preflight) {
    if (c.response.headers.some(([, v]) => v.kind === "headers")) {
      lines.push(`\t@corsproof_${c.name}_echo {`, `\t\tvars corsproof_c ${c.name}`, `\t\theader_regexp Access-Control-Request-Headers "."`, "\t}");
    }
    if (c.response.privateNetwork.length > 0) {
      lines.push(`\t@corsproof_${c.name}_pna {`, `\t\tvars corsproof_c ${c.name}`, "\t\theader Access-Control-Request-Private-Network true", "\t}");
    }
  }
  const m = new ClassMatchers();
  const body: string[] = ["\troute {", "\t\tvars corsproof_c {corsproof_o}", "\t\troute @corsproof_preflight {"];
  body.push("\t\t\t# Access-Control-Request-Method: 1 allowed (case-sensitive), 0 not.");
  body.push(...map("\t\t\t", REQUEST_VALUE.method, "corsproof_m", [...ruleEntries(methodRules(p, "re2"), "1", "0"), "default 0"]));
  body.push("\t\t\t# Access-Control-Request-Headers: 1 absent or allowed (the engine's list grammar and caps), 0 not.");
  body.push(...map("\t\t\t", REQUEST_VALUE.headers, "corsproof_h", ['"" 1', ...ruleEntries(requestHeadersRules(p, "re2"), "1", "0"), "default 0"]));
  body.push(...map("\t\t\t", "{http.vars.corsproof_c}:{corsproof_m}:{corsproof_h}", "corsproof_p", ["allowed:1:1 preflight_ok", "default preflight_denied"]));
  body.push("\t\t\tvars corsproof_c {corsproof_p}");
  body.push(...headerHandlers(p, m, preflight, "\t\t\t", true));
  const answered = answeredPreflights(p);
  if (answered.length > 0) body.push("\t\t\t# Preflights are answered here; the application never sees them.");
  for (const [name, status] of answered) body.push(`\t\t\trespond ${m.name([name])} ${status}`);
  body.push("\t\t}");
  body.push(...headerHandlers(p, m, actual, "\t\t", true));
  body.push("\t}");
  body.push("\t# Caddy's own error responses (502 when the upstream is down, ...) keep the headers too.", "\thandle_errors {");
  body.push(...headerHandlers(p, m, classes, "\t\t", false));
  body.push("\t}", "}");
  return `${[...lines, ...m.definitions(), ...body].join("\n")}\n`;
}
