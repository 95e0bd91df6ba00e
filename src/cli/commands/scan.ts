/** `corsproof scan <url>...`: find the CORS misconfigurations an attacker's browser can exploit. */
import { readFileSync, statSync } from "node:fs";
import {
  type ScanOptions,
  ScanOptionsError,
  type ScanReport,
  type Severity,
  SEVERITIES,
  sarifLog,
  scan,
  severityRank,
  TrustedOriginError,
} from "../../scanner/index.js";
import { httpUrl, integer, parse } from "../args.js";
import { type CliIo, style, useColor } from "../io.js";
import { packageVersion } from "../../export/package-version.js";
import { renderScan } from "../render-scan.js";
import { NETWORK_FLAGS, NETWORK_FLAGS_HELP, transportOptions } from "../request-options.js";
import { UsageError } from "../usage-error.js";

export const SCAN_HELP = `Usage: corsproof scan <url>... [options]

Probes each URL with the origins an attacker's page could have (derived from the trusted origins:
null, prefix/suffix look-alikes, unescaped dots, special host characters, http:, other ports,
subdomains, shared hosting), sends them the way a browser does (GET, and preflighted PUT/DELETE
with JSON and Authorization), and reports only what the browser model says an attacker can exploit
(cookie SameSite/Secure rules included). The rest is reported as info with the reason.

Targets and trust:
  --targets <file>           more URLs, one per line (# comments allowed)
  --trusted-origin <origin>  an origin the site trusts, exact or https://*.example.com (repeatable;
                             default: each target's own origin)
Authentication (the victim's session):
  --cookie 'name=v; attrs'   a session cookie with its Set-Cookie attributes (repeatable)
  -H, --header 'Name: v'     a header the trusted page sends, e.g. Authorization (repeatable)
  --login-url <url>          POST here once per target and use the Set-Cookie it answers
  --login-data <form>        urlencoded body for --login-url, e.g. 'user=a&password=b'
Probing:
  --methods <list>           GET,PUT,DELETE (default)
  --browser <profile>        chromium (default) | firefox
  --third-party-cookies <s>  allowed (default: Chrome's default for users) | blocked
  --attacker-domain <name>   the domain you would host the PoC on (default corsproof-attacker.com)
  --send-unsafe              send PUT/DELETE after a granted preflight (they may change data)
  --address-space <space>    auto (default: from IP literals) | public | local | loopback
Politeness and network:
  --concurrency <n>          requests in flight (default 4)
  --rate <n>                 requests per second, 0 for no limit (default 10)
  --budget <n>               most requests per target (default 400)
  --timeout <ms>             network timeout per request (default 10000)
${NETWORK_FLAGS_HELP}
Output:
  --json                     one JSON document (schema: corsproof/schema/scan-report.schema.json)
  --sarif                    SARIF 2.1.0 for code-scanning UIs
  --fail-on <severity>       exit 1 for findings at or above: info | low | medium (default) | high
  -h, --help                 this help

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or network error.
`;

const FLAGS = {
  targets: { type: "string" },
  "trusted-origin": { type: "string", multiple: true },
  cookie: { type: "string", multiple: true },
  header: { type: "string", short: "H", multiple: true },
  "login-url": { type: "string" },
  "login-data": { type: "string" },
  methods: { type: "string" },
  browser: { type: "string" },
  "third-party-cookies": { type: "string" },
  "attacker-domain": { type: "string" },
  "send-unsafe": { type: "boolean", default: false },
  "address-space": { type: "string" },
  concurrency: { type: "string" },
  rate: { type: "string" },
  budget: { type: "string" },
  timeout: { type: "string" },
  ...NETWORK_FLAGS,
  json: { type: "boolean", default: false },
  sarif: { type: "boolean", default: false },
  "fail-on": { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be ${allowed.join(", ")}, not '${value}'`);
  return value as T;
}

/** Largest --targets file read (a list of a hundred thousand URLs fits). */
const MAX_TARGETS_FILE_BYTES = 16 * 1024 * 1024;

function readTargets(file: string): string[] {
  let text: string;
  try {
    if (statSync(file).size > MAX_TARGETS_FILE_BYTES) throw new UsageError(`--targets: '${file}' is larger than 16 MiB`);
    text = readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--targets: cannot read '${file}' (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

/** Request bodies in the evidence are bytes; JSON shows them as the text they are. */
function bodiesAsText(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
}

export async function scanCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse("scan", argv, FLAGS, 10_000);
  if (values.help) {
    io.stdout.write(SCAN_HELP);
    return 0;
  }
  const urls = [...positionals, ...(values.targets === undefined ? [] : readTargets(values.targets))];
  if (urls.length === 0) throw new UsageError("scan: missing <url> (or --targets <file>)");
  for (const u of urls) httpUrl("<url>", u);
  if (values.json && values.sarif) throw new UsageError("--json and --sarif are exclusive: choose one output format");
  const methods = (values.methods ?? "GET,PUT,DELETE").split(",").map((m) => m.trim());
  for (const m of methods) if (!["GET", "PUT", "DELETE"].includes(m)) throw new UsageError(`--methods takes GET, PUT and DELETE, not '${m}'`);
  const headers = (values.header ?? []).map((h): [string, string] => {
    const colon = h.indexOf(":");
    if (colon <= 0) throw new UsageError(`--header must look like 'Name: value', not '${h}'`);
    return [h.slice(0, colon).trim(), h.slice(colon + 1).trim()];
  });
  if (values["login-url"] !== undefined) httpUrl("--login-url", values["login-url"]);
  const failOn = oneOf<Severity>("--fail-on", values["fail-on"], SEVERITIES, "medium");
  const many = urls.length > 1 && io.stderr.isTTY === true;
  const options: ScanOptions = {
    ...(values["trusted-origin"] === undefined ? {} : { trustedOrigins: values["trusted-origin"] }),
    cookies: values.cookie ?? [],
    headers,
    ...(values["login-url"] === undefined ? {} : { loginUrl: values["login-url"] }),
    ...(values["login-data"] === undefined ? {} : { loginData: values["login-data"] }),
    methods: methods as ScanOptions["methods"] & string[],
    browser: oneOf("--browser", values.browser, ["chromium", "firefox"] as const, "chromium"),
    thirdPartyCookies: oneOf("--third-party-cookies", values["third-party-cookies"], ["allowed", "blocked"] as const, "allowed"),
    ...(values["attacker-domain"] === undefined ? {} : { attackerDomain: values["attacker-domain"] }),
    sendUnsafe: values["send-unsafe"] === true,
    addressSpace: oneOf("--address-space", values["address-space"], ["auto", "public", "local", "loopback"] as const, "auto"),
    concurrency: integer("--concurrency", values.concurrency, 4, 1, 64),
    rate: integer("--rate", values.rate, 10, 0, 10_000),
    budget: integer("--budget", values.budget, 400, 10, 100_000),
    http: { ...transportOptions(values, io.env), timeout: integer("--timeout", values.timeout, 10_000, 1, 600_000) },
    toolVersion: packageVersion(),
    ...(many ? { onProgress: (done: number, total: number, url: string) => io.stderr.write(`\r\u001b[2K[${done}/${total}] ${url}`) } : {}),
  };
  let report: ScanReport;
  try {
    report = await scan(urls, options);
  } catch (e) {
    if (e instanceof ScanOptionsError || e instanceof TrustedOriginError) throw new UsageError(e.message);
    throw e;
  }
  if (many) io.stderr.write("\r\u001b[2K");
  if (values.json) io.stdout.write(`${JSON.stringify(report, bodiesAsText, 2)}\n`);
  else if (values.sarif) io.stdout.write(`${JSON.stringify(sarifLog(report), bodiesAsText, 2)}\n`);
  else io.stdout.write(renderScan(report, style(useColor(io))));
  const errors = report.targets.filter((t) => t.error !== null);
  for (const t of errors) io.stderr.write(`corsproof scan: ${t.url}: ${t.error}\n`);
  if (errors.length > 0) return 2;
  const failing = report.targets.some((t) => t.findings.some((f) => severityRank(f.severity) >= severityRank(failOn)));
  return failing ? 1 : 0;
}
