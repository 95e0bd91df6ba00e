/**
 * SARIF 2.1.0 (OASIS) for code-scanning UIs: one rule per finding code, one result per finding,
 * located at the scanned URL. Validated against the official schema in the tests.
 */
import { FINDING_CODES, type FindingCode, type ScanReport, type Severity } from "./types.js";

const LEVEL: Record<Severity, "error" | "warning" | "note" | "none"> = { high: "error", medium: "warning", low: "note", info: "none" };
/** GitHub code scanning reads `security-severity` (0-10) to rank security results. */
const SCORE: Record<Severity, string> = { high: "8.0", medium: "5.5", low: "3.0", info: "0.0" };

/**
 * Converts a scan report to a SARIF 2.1.0 log.
 *
 * @example
 * writeFileSync("cors.sarif", JSON.stringify(sarifLog(await scan(urls, options))));
 */
export function sarifLog(report: ScanReport): Record<string, unknown> {
  const codes = Object.keys(FINDING_CODES) as FindingCode[];
  const rules = codes.map((code) => ({
    id: code,
    name: code.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: FINDING_CODES[code] },
    properties: { tags: ["security", "cors"] },
  }));
  const results = report.targets.flatMap((t) =>
    t.findings.map((f) => ({
      ruleId: f.code,
      ruleIndex: codes.indexOf(f.code),
      level: LEVEL[f.severity],
      message: { text: `${f.title}${f.origin === null ? "" : ` (origin ${f.origin}, ${f.method})`}: ${f.reason}. Fix: ${f.fix.text}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: t.url } } }],
      partialFingerprints: { corsproofFinding: `${f.code}|${t.url}|${f.method}` },
      properties: {
        severity: f.severity,
        "security-severity": SCORE[f.severity],
        origins: f.origins,
        browsers: f.browsers,
        credentialed: f.credentialed,
        attacker: f.attacker,
        evidence: f.evidence,
        ...(f.poc === null ? {} : { poc: f.poc }),
      },
    })),
  );
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "corsproof", version: report.tool.version, rules } },
        results,
        invocations: report.targets.map((t) => ({
          executionSuccessful: t.error === null,
          ...(t.error === null ? {} : { toolExecutionNotifications: [{ level: "error", message: { text: `${t.url}: ${t.error}` } }] }),
        })),
      },
    ],
  };
}
