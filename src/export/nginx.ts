/**
 * nginx (1.22+, PCRE2): `map` blocks for the http context and an include for each proxied
 * location. Exact origins go through a map's hash lookup, patterns and lists through anchored
 * regexes; one class variable per request picks every header value, so each CORS header is one
 * `add_header … always` (kept on 4xx/5xx) whose empty value nginx omits. A header every class sends
 * alike (Vary: Origin, usually) is a plain string: each map read costs every request a lookup.
 */
import type { EdgePolicy, EdgeResponse, EdgeValue } from "./edge-policy.js";
import { methodRules, originRules, requestHeadersRules, type Rule } from "./classify.js";
import type { ExportIssue } from "./export-error.js";
import { answeredPreflights, type RequestClass, headerNames, requestClasses } from "./target-kit.js";

const PREFIX = "corsproof";
/** Keys nginx's default map hash (map_hash_bucket_size 64 on 64-byte cache lines, map_hash_max_size 2048) holds. */
const LONGEST_DEFAULT_KEY = 40;
const MANY_KEYS = 500;

/** An nginx double-quoted string: nginx reads `\\` as `\` and `\"` as `"` inside quotes. */
function quote(text: string): string {
  return `"${text.replace(/["\\]/g, "\\$&")}"`;
}

/** nginx variables holding the request values the engine echoes. */
const REQUEST_VALUE: Record<Exclude<EdgeValue["kind"], "text">, string> = {
  origin: "$http_origin",
  method: "$http_access_control_request_method",
  headers: "$http_access_control_request_headers",
};

function value(v: EdgeValue): string {
  return v.kind === "text" ? quote(v.text) : REQUEST_VALUE[v.kind];
}

/** `map` entries for ordered regex rules: nginx tries regexes in order, the first match wins. */
function ruleEntries(rules: readonly Rule[]): string[] {
  return rules.map((r) => `    ${quote(`~${r.regex}`)} ${r.allow ? 1 : 0};`);
}

function map(source: string, variable: string, entries: readonly string[], comment: string): string {
  return [`# ${comment}`, `map ${source} $${PREFIX}_${variable} {`, ...entries, "}"].join("\n");
}

/** The option behind each listed header value, to name it in a refusal. */
const OPTION_OF_HEADER: Readonly<Record<string, string>> = {
  "Access-Control-Allow-Methods": "methods",
  "Access-Control-Allow-Headers": "allowedHeaders",
  "Access-Control-Expose-Headers": "exposedHeaders",
};

/** What nginx cannot carry out exactly. */
export function nginxIssues(p: EdgePolicy): ExportIssue[] {
  const issues: ExportIssue[] = [];
  const seen = new Set<string>();
  for (const r of Object.values(p.responses) as EdgeResponse[]) {
    for (const [name, v] of r.headers) {
      const option = OPTION_OF_HEADER[name] ?? name;
      if (v.kind === "text" && v.text.includes("$") && !seen.has(option)) {
        seen.add(option);
        issues.push({
          path: option,
          message: `the ${name} value '${v.text}' contains '$', which nginx reads as a variable.`,
          fix: `Remove the '$' from the ${option} entry, or export to Caddy or HAProxy.`,
        });
      }
    }
  }
  for (const [option, status] of [
    ["optionsSuccessStatus", p.responses.preflightOk.status],
    ["preflightFailureStatus", p.responses.preflightDenied.status],
  ] as const) {
    if ((status >= 300 && status < 400) || status === 444) {
      issues.push({ path: option, message: `nginx's return treats ${status} specially (redirect or closed connection).`, fix: "Use a 2xx or 4xx status." });
    }
  }
  return issues;
}

/** The http-context maps. */
export function nginxMaps(p: EdgePolicy): string {
  const blocks: string[] = [];
  const exact = p.exactOrigins.map((o) => `    ${quote(o)} 1;`);
  blocks.push(
    map(
      "$http_origin",
      "origin",
      p.anyOrigin ? ['    "" -;', "    default 1;"] : ['    "" -;', "    default 0;", ...exact, ...ruleEntries(originRules(p))],
      "Origin: '-' absent, 1 allowed, 0 not. Exact origins are a hash lookup, which nginx does case-insensitively; see corsproof_origin_case.",
    ),
    map(
      "$http_origin",
      "origin_case",
      p.anyOrigin ? ["    default 0;"] : ["    default 0;", `    ${quote("~[A-Z]")} 1;`],
      "1 when the Origin has upper-case letters: browsers never send them and origins compare byte for byte.",
    ),
    map(
      "$http_access_control_request_method",
      "method",
      ['    "" -;', "    default 0;", ...ruleEntries(methodRules(p, "pcre"))],
      "Access-Control-Request-Method: '-' absent, 1 allowed (case-sensitive), 0 not.",
    ),
    map(
      "$http_access_control_request_headers",
      "headers",
      ['    "" 1;', "    default 0;", ...ruleEntries(requestHeadersRules(p, "pcre"))],
      "Access-Control-Request-Headers: 1 absent or allowed, 0 not (the engine's list grammar and caps first).",
    ),
    // The class is found by hash lookups: regexes here would run on every request (Debian's nginx
    // runs PCRE without its JIT), and the preflight maps are only read for OPTIONS.
    map(
      `"$${PREFIX}_origin$${PREFIX}_origin_case"`,
      "actual",
      ["    default denied;", '    "-0" none;', '    "10" allowed;'],
      "The class of an actual request: no Origin, allowed, denied.",
    ),
    map(
      "$request_method",
      "class",
      // nginx refuses a method with lower-case letters (400) before any map, so this
      // case-insensitive key only ever meets OPTIONS itself.
      [`    default $${PREFIX}_actual;`, `    OPTIONS $${PREFIX}_preflight;`],
      "The request's class: no Origin, actual allowed/denied, preflight (OPTIONS + Origin + Access-Control-Request-Method) ok/denied.",
    ),
    map(
      `"$${PREFIX}_actual:$${PREFIX}_method:$${PREFIX}_headers"`,
      "preflight",
      ["    default preflight_denied;", '    "allowed:1:1" preflight_ok;', '    "~^none:" none;', '    "~^allowed:-:" allowed;', '    "~^denied:-:" denied;'],
      "An OPTIONS request's class: a preflight when it has an Origin and an Access-Control-Request-Method, else an actual request.",
    ),
  );
  const classes = requestClasses(p);
  for (const name of [...headerNames(p), "Vary"]) {
    if (sameInEveryClass(p, name) !== undefined) continue;
    const entries = ['    default "";'];
    const pna = classes.flatMap((c) => c.response.privateNetwork.filter(([n]) => n === name).map(([, v]) => [c.name, v] as const));
    if (pna.length > 0) {
      // Only for `Access-Control-Request-Private-Network: true`, byte for byte (a regex: map strings ignore case).
      for (const [c, v] of pna) entries.push(`    ${quote(`~^${c}:true$`)} ${quote(v)};`);
      blocks.push(
        map(`"$${PREFIX}_class:$http_access_control_request_private_network"`, variableOf(name), entries, `${name} by class, on private network preflights.`),
      );
      continue;
    }
    for (const c of classes) {
      const v = name === "Vary" ? (c.response.vary === "" ? undefined : quote(c.response.vary)) : header(c, name);
      if (v !== undefined) entries.push(`    ${c.name} ${v};`);
    }
    blocks.push(map(`$${PREFIX}_class`, variableOf(name), entries, `${name} by class (an empty value is not sent).`));
  }
  blocks.push(map('""', "empty", ['    default "";'], "An empty body for preflight answers."));
  const longest = Math.max(0, ...p.exactOrigins.map((o) => o.length));
  if (longest > LONGEST_DEFAULT_KEY || p.exactOrigins.length > MANY_KEYS) {
    // nginx sizes the exact-origin hash for short keys; it refuses to start ("could not build
    // map_hash") unless told. Remove these two lines if your http {} already sets larger values.
    blocks.unshift(
      `map_hash_bucket_size ${2 ** Math.ceil(Math.log2(Math.max(128, longest + 32)))};\nmap_hash_max_size ${2 ** Math.ceil(Math.log2(Math.max(2048, p.exactOrigins.length * 4)))};`,
    );
  }
  return `${blocks.join("\n\n")}\n`;
}

function header(c: RequestClass, name: string): string | undefined {
  const found = c.response.headers.find(([n]) => n === name);
  return found === undefined ? undefined : value(found[1]);
}

/** The quoted value when every class sends this header with the same text (typically Vary: Origin), so no map is needed. */
function sameInEveryClass(p: EdgePolicy, name: string): string | undefined {
  const values = new Set(
    requestClasses(p).map((c) => {
      if (c.response.privateNetwork.some(([n]) => n === name)) return undefined;
      if (name === "Vary") return c.response.vary === "" ? undefined : quote(c.response.vary);
      const found = c.response.headers.find(([n]) => n === name);
      return found?.[1].kind === "text" ? quote(found[1].text) : undefined;
    }),
  );
  const [only] = values;
  return values.size === 1 ? only : undefined;
}

function variableOf(name: string): string {
  return name.toLowerCase().replace(/-/g, "_");
}

/** The include for each location (or server) that proxies the application. */
export function nginxLocation(p: EdgePolicy): string {
  const lines: string[] = [];
  lines.push("# The upstream's own CORS headers are dropped, so each is sent exactly once.");
  for (const h of p.ownedHeaders) lines.push(`proxy_hide_header ${h};`);
  lines.push("", "# 'always': the headers stay on 4xx and 5xx answers (a 500 without them looks like a CORS error).");
  for (const name of [...headerNames(p), "Vary"]) lines.push(`add_header ${name} ${sameInEveryClass(p, name) ?? `$${PREFIX}_${variableOf(name)}`} always;`);
  const answered = answeredPreflights(p);
  if (answered.length > 0) lines.push("", "# Preflights are answered here; the application never sees them.");
  for (const [name, status] of answered) {
    // 204 has no body; other statuses get an empty text body (a bare `return 4xx` sends nginx's HTML page).
    lines.push(`if ($${PREFIX}_class = ${name}) { return ${status === 204 ? "204" : `${status} "$${PREFIX}_empty"`}; }`);
  }
  return `${lines.join("\n")}\n`;
}
