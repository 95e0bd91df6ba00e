/**
 * Side by side on the scanner lab: `corsproof scan`, Corsy and CORScanner, scored against the lab's
 * labels; writes SCANNING.md. Not part of `npm test` (the peers are third-party Python code that is
 * never committed here):
 *
 *   npm run scan:compare -- --corsy <Corsy checkout> --corscanner <CORScanner checkout> [--python /usr/bin/python3]
 *
 * The peers need Debian's python3 with python3-requests (Corsy) and python3-gevent,
 * python3-tldextract, python3-future, python3-socks, python3-colorama (CORScanner).
 *
 * The peers derive their probes from the target URL's host and take no trusted origin, so they
 * scan `https://app.example.com/<id>` — the site's own name — through a proxy that leads to the
 * lab (HTTPS_PROXY; a CONNECT tunnel to the lab served over TLS with a throw-away certificate;
 * both peers skip certificate checks). Everything stays on 127.0.0.1.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { main } from "../src/cli/main.js";
import type { FindingCode, ScanReport } from "../src/scanner/index.js";
import { LAB, type LabEndpoint } from "../test/scanner/lab/endpoints.js";
import { labScanFlags } from "../test/scanner/lab/scan-options.js";
import { startLab } from "../test/scanner/lab/server.js";

const { values } = parseArgs({ options: { corsy: { type: "string" }, corscanner: { type: "string" }, python: { type: "string" }, out: { type: "string" } } });
const python = values.python ?? "/usr/bin/python3";
const ROOT = resolve(import.meta.dirname, "..");

/** Corsy's classes (db/details.json) and CORScanner's types (common/corscheck.py) as our codes. */
const CORSY: Record<string, FindingCode | null> = {
  "origin reflected": "reflected-origin",
  "post-domain wildcard": "prefix-match",
  "pre-domain wildcard": "suffix-match",
  "null origin allowed": "null-origin",
  "unrecognized underscore": "special-char-host",
  "broken parser": "special-char-host",
  "unescaped regex": "unescaped-dot",
  "http origin allowed": "insecure-origin",
  "wildcard value": "wildcard-origin",
  "third party allowed": null,
  "invalid value": null,
};
const CORSCANNER: Record<string, FindingCode | null> = {
  reflect_origin: "reflected-origin",
  prefix_match: "prefix-match",
  suffix_match: "suffix-match",
  trust_null: "null-origin",
  include_match: "substring-match",
  not_escape_dot: "unescaped-dot",
  custom_third_parties: "shared-hosting",
  special_characters_bypass: "special-char-host",
  trust_any_subdomain: "any-subdomain",
  https_trust_http: "insecure-origin",
};

/** What one tool reported for one endpoint: codes (or the tool's own names when it has no equivalent). */
type Verdicts = Map<string, string[]>;

async function runCorsproof(labUrl: (id: string) => string): Promise<Verdicts> {
  const out: Verdicts = new Map();
  await Promise.all(
    LAB.map(async (ep) => {
      let text = "";
      const io = { stdout: { write: (t: string) => (text += t) }, stderr: { write: () => true }, env: {} };
      await main(["scan", labUrl(ep.id), ...labScanFlags(ep), "--json", "--rate", "0", "--concurrency", "6"], io);
      const report = JSON.parse(text) as ScanReport;
      out.set(
        ep.id,
        report.targets[0]!.findings.filter((f) => f.severity !== "info").map((f) => f.code),
      );
    }),
  );
  return out;
}

/** Runs a peer asynchronously: the lab it scans lives in this process's event loop. */
function runPeer(name: string, dir: string, args: string[], env: NodeJS.ProcessEnv, input: string): Promise<{ ok: boolean; detail: string }> {
  return new Promise((done) => {
    const child = spawn(python, args, { cwd: dir, env, stdio: ["pipe", "ignore", "ignore"] });
    const timer = setTimeout(() => child.kill(), 600_000);
    child.on("error", (e) => done({ ok: false, detail: `${name}: ${e.message}` }));
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ ok: code === 0, detail: `${name}: exit ${code}` });
    });
    child.stdin.end(input);
  });
}

function peerCommit(dir: string): string {
  try {
    return execFileSync("git", ["-C", dir, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown commit";
  }
}

interface Score {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  rightCode: number;
}

function score(verdicts: Verdicts): Score {
  const s: Score = { tp: 0, fp: 0, fn: 0, tn: 0, rightCode: 0 };
  for (const ep of LAB) {
    const found = verdicts.get(ep.id) ?? [];
    const vulnerable = ep.expect.length > 0;
    if (vulnerable && found.length > 0) s.tp++;
    if (!vulnerable && found.length > 0) s.fp++;
    if (vulnerable && found.length === 0) s.fn++;
    if (!vulnerable && found.length === 0) s.tn++;
    if (vulnerable && ep.expect.every((c) => found.includes(c))) s.rightCode++;
  }
  return s;
}

const pct = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(0)}%`);

function tableRow(tool: string, s: Score): string {
  const vulnerable = s.tp + s.fn;
  return `| ${tool} | ${pct(s.tp, s.tp + s.fp)} | ${pct(s.tp, vulnerable)} | ${pct(s.rightCode, vulnerable)} | ${s.tp} | ${s.fp} | ${s.fn} | ${s.tn} |`;
}

const cell = (v: string[] | undefined) => (v === undefined ? "(not run)" : v.length === 0 ? "—" : [...new Set(v)].join(", "));

function verdictMark(ep: LabEndpoint, v: string[] | undefined): string {
  if (v === undefined) return cell(v);
  const vulnerable = ep.expect.length > 0;
  const ok = vulnerable ? ep.expect.every((c) => v.includes(c)) : v.length === 0;
  return `${ok ? "✓" : vulnerable && v.length > 0 ? "~" : "✗"} ${cell(v)}`;
}

const lab = await startLab();
const work = mkdtempSync(join(tmpdir(), "corsproof-compare-"));
try {
  // The lab over TLS, reachable by CONNECT through a proxy on the lab's plain-HTTP listener.
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      join(work, "key.pem"),
      "-out",
      join(work, "cert.pem"),
      "-days",
      "1",
      "-subj",
      "/CN=app.example.com",
    ],
    { stdio: "ignore" },
  );
  const tls = createHttpsServer({ key: readFileSync(join(work, "key.pem")), cert: readFileSync(join(work, "cert.pem")) }, lab.listener);
  await new Promise<void>((r) => tls.listen(0, "127.0.0.1", r));
  const tlsPort = (tls.address() as AddressInfo).port;
  const proxy = createHttpServer(lab.listener);
  proxy.on("connect", (_req, client, head) => {
    const upstream = connect(tlsPort, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const peerEnv = { ...process.env, HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, http_proxy: proxyUrl, https_proxy: proxyUrl, NO_PROXY: "", no_proxy: "" };
  const peerUrls = LAB.map((ep) => `https://app.example.com/${ep.id}`);
  const idOf = (url: string) => new URL(url).pathname.slice(1);

  const tools: { name: string; verdicts: Verdicts | null; note: string }[] = [];
  const t0 = Date.now();
  tools.push({
    name: "corsproof scan",
    verdicts: await runCorsproof(lab.url),
    note: `corsproof ${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}, ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  });

  if (values.corsy) {
    const out = join(work, "corsy.json");
    const t = Date.now();
    const r = await runPeer("Corsy", values.corsy, ["corsy.py", "-q", "-t", "4", "-o", out], peerEnv, `${peerUrls.join("\n")}\n`);
    let found: Record<string, { class: string }> = {};
    try {
      found = JSON.parse(readFileSync(out, "utf8"));
    } catch {
      // Corsy writes no file when it found nothing.
    }
    const v: Verdicts = new Map(LAB.map((ep) => [ep.id, []]));
    for (const [url, info] of Object.entries(found)) v.get(idOf(url))?.push(CORSY[info.class] ?? info.class);
    tools.push({
      name: "Corsy",
      verdicts: r.ok ? v : null,
      note: `s0md3v/Corsy ${peerCommit(values.corsy)}, ${((Date.now() - t) / 1000).toFixed(1)} s${r.ok ? "" : `; ${r.detail}`}`,
    });
  }
  if (values.corscanner) {
    const input = join(work, "urls.txt");
    writeFileSync(input, `${peerUrls.join("\n")}\n`);
    const out = join(work, "corscanner.json");
    const t = Date.now();
    const r = await runPeer("CORScanner", values.corscanner, ["cors_scan.py", "-i", input, "-t", "8", "-o", out], peerEnv, "");
    const v: Verdicts = new Map(LAB.map((ep) => [ep.id, []]));
    for (const hit of JSON.parse(readFileSync(out, "utf8")) as { url: string; type: string }[]) v.get(idOf(hit.url))?.push(CORSCANNER[hit.type] ?? hit.type);
    tools.push({
      name: "CORScanner",
      verdicts: r.ok ? v : null,
      note: `chenjj/CORScanner ${peerCommit(values.corscanner)}, ${((Date.now() - t) / 1000).toFixed(1)} s${r.ok ? "" : `; ${r.detail}`}`,
    });
  }
  tls.close();
  proxy.close();
  proxy.closeAllConnections();

  const vulnerable = LAB.filter((e) => e.expect.length > 0).length;
  const lines = [
    "<!-- Generated by `npm run scan:compare` (scripts/scan-compare.ts); edit the script, not this file. -->",
    "# Scanning: how `corsproof scan` compares",
    "",
    readFileSync(join(import.meta.dirname, "scanning-intro.md"), "utf8").trim(),
    "",
    "## Results on the lab",
    "",
    `${LAB.length} endpoints (${vulnerable} vulnerable, ${LAB.length - vulnerable} safe), see test/scanner/lab/endpoints.ts. An endpoint counts as *flagged* when the tool reports anything for it (for corsproof: a finding above \`info\`). *Right code*: every expected class reported.`,
    "",
    "| tool | precision | recall | right code | true pos. | false pos. | missed | true neg. |",
    "|---|---|---|---|---|---|---|---|",
    ...tools.map((t) => (t.verdicts === null ? `| ${t.name} | did not run | | | | | | |` : tableRow(t.name, score(t.verdicts)))),
    "",
    ...tools.map((t) => `- ${t.name}: ${t.note}`),
    ...(values.corsy ? [] : ["- Corsy: not run (pass --corsy <checkout>)"]),
    ...(values.corscanner ? [] : ["- CORScanner: not run (pass --corscanner <checkout>)"]),
    "",
    "## Per endpoint",
    "",
    "✓ as labelled, ~ flagged under another class, ✗ wrong (missed, or a safe endpoint flagged). Peer classes are mapped to our codes (scripts/scan-compare.ts).",
    "",
    `| endpoint | stack | expected | ${tools.map((t) => t.name).join(" | ")} |`,
    `|---|---|---|${tools.map(() => "---").join("|")}|`,
    ...LAB.map(
      (ep) => `| ${ep.id} | ${ep.stack} | ${ep.expect.join(", ") || "safe"} | ${tools.map((t) => verdictMark(ep, t.verdicts?.get(ep.id))).join(" | ")} |`,
    ),
    "",
  ];
  writeFileSync(values.out ?? join(ROOT, "SCANNING.md"), lines.join("\n"));
  console.log(
    lines
      .slice(lines.indexOf("| tool | precision | recall | right code | true pos. | false pos. | missed | true neg. |"), lines.indexOf("## Per endpoint"))
      .join("\n"),
  );
} finally {
  await lab.close();
  rmSync(work, { recursive: true, force: true });
}
