/**
 * Scans one URL: a baseline as the trusted page sends it, one probe per attacker origin and method,
 * then findings from what the browser model granted. The policy engine is never consulted: the
 * only judge is the browser model.
 */
import { corsCheck, getHeader } from "../browser/cors-check.js";
import { type Exchange, resolveProfile, type ThirdPartyCookies, type WireRequest, type WireResponse } from "../browser/index.js";
import { type AddressSpace, type AuthKind, type Judgement, judgeGrant } from "./exploitability.js";
import type { CountingTransport } from "./politeness.js";
import { type ProbeContext, type ProbeMethod, type ProbeResult, runProbe } from "./probe.js";
import { fixFor, proofOfConcept } from "./remediation.js";
import { cacheability, credentialHeaderNames, invalidAllowCredentials, variesOnOrigin, wildcardsWithCredentials } from "./response-checks.js";
import { sampleOrigin, type TrustedOrigin } from "./trusted-origins.js";
import { FINDING_CODES, type Finding, type FindingCode, type ProbeOrigin, severityRank, type TargetReport } from "./types.js";

/** Everything {@link scanTarget} needs. */
export interface TargetScan {
  readonly url: string;
  readonly trusted: readonly TrustedOrigin[];
  /**
   * The probe origins, given the origins the server revealed: an `Access-Control-Allow-Origin`
   * naming an origin other than the one sent (a fixed allowlist entry, answered to anyone).
   */
  readonly probes: (revealed: readonly string[]) => readonly ProbeOrigin[];
  readonly transport: CountingTransport;
  readonly browser: "chromium" | "firefox";
  readonly thirdPartyCookies: ThirdPartyCookies;
  /** The victim's cookies for the target, Set-Cookie style. */
  readonly cookies: readonly string[];
  /** Headers the trusted page's script sends (e.g. the user's Authorization). */
  readonly authHeaders: readonly [string, string][];
  readonly auth: AuthKind;
  readonly space: AddressSpace;
  readonly methods: readonly ProbeMethod[];
  readonly sendUnsafe: boolean;
}

interface Grant {
  readonly probe: ProbeOrigin;
  readonly run: ProbeResult;
  readonly judgement: Judgement;
}

/** Origin classes implied by a more general grant of at least the same severity (reported once). */
const IMPLIED_BY: Partial<Record<FindingCode, readonly FindingCode[]>> = {
  "special-char-host": ["prefix-match"],
  // 'appxexample.com' also ends with 'example.com': with a suffix check it proves nothing about dots.
  "unescaped-dot": ["suffix-match"],
};

/** CORS failures that only a credentialed request gets: an uncredentialed one may still read. */
const CREDENTIALS_ONLY = new Set(["InvalidAllowCredentials", "WildcardOriginNotAllowed"]);

function better(a: Grant, b: Grant): Grant {
  const d = severityRank(b.judgement.severity) - severityRank(a.judgement.severity);
  if (d !== 0) return d > 0 ? b : a;
  return a.run.method === "GET" || b.run.method !== "GET" ? a : b;
}

function sortFindings(findings: Finding[]): Finding[] {
  const order = Object.keys(FINDING_CODES);
  return findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || order.indexOf(a.code) - order.indexOf(b.code));
}

/** Sends one raw request (for checks the model has no fetch() for); null on a network failure. */
async function raw(transport: CountingTransport, request: WireRequest): Promise<Exchange> {
  try {
    return { kind: "actual", request, response: await transport.send(request) };
  } catch {
    return { kind: "actual", request, response: null };
  }
}

/**
 * Scans `scan.url` and returns its report (findings most severe first).
 */
export async function scanTarget(scan: TargetScan): Promise<TargetReport> {
  const ctx: ProbeContext = {
    url: scan.url,
    transport: scan.transport,
    browser: scan.browser,
    thirdPartyCookies: scan.thirdPartyCookies,
    cookies: scan.cookies,
    sendUnsafe: scan.sendUnsafe,
  };
  const profile = resolveProfile(scan.browser);
  const trustedSources = scan.trusted.map((t) => t.source);
  const report = (findings: Finding[], error: string | null): TargetReport => ({
    url: scan.url,
    trustedOrigins: trustedSources,
    requests: scan.transport.sent(),
    budgetExhausted: scan.transport.exhausted(),
    error,
    findings: sortFindings(findings),
  });

  // A same-origin request with the victim's session: what a cache may store for everyone.
  const sessionHeaders: [string, string][] = [...scan.authHeaders];
  if (scan.cookies.length > 0) sessionHeaders.push(["Cookie", scan.cookies.map((c) => c.split(";")[0]!.trim()).join("; ")]);
  const plain = await raw(scan.transport, { method: "GET", url: scan.url, headers: sessionHeaders });
  if (plain.response === null) return report([], `network error: ${scan.url} did not answer`);

  const baseline = await Promise.all(scan.trusted.flatMap((t) => scan.methods.map((m) => runProbe(ctx, sampleOrigin(t), m, "include", scan.authHeaders))));
  const revealed = new Set<string>();
  for (const response of [plain.response, ...baseline.map((b) => lastResponse(b))]) {
    const acao = response === null ? undefined : getHeader(response, "access-control-allow-origin");
    if (acao !== undefined && acao !== "*" && acao !== "null") revealed.add(acao);
  }
  for (const b of baseline) revealed.delete(b.origin);
  const probes = scan.probes([...revealed]);
  const runs = await Promise.all(
    probes.map(async (probe) => {
      const results: ProbeResult[] = [];
      for (const method of scan.methods) {
        const r = await runProbe(ctx, probe.origin, method, "include");
        results.push(r);
        // Without credentials the same origin may still read: ask only when credentials were the obstacle.
        if (method === "GET" && !r.granted && CREDENTIALS_ONLY.has(r.result.error?.code ?? "")) results.push(await runProbe(ctx, probe.origin, method, "omit"));
      }
      return { probe, results };
    }),
  );

  const findings: Finding[] = [];
  const credentialed = baseline.some(
    (b) => b.granted && b.credentials === "include" && getHeader(lastResponse(b) ?? { status: 0, headers: [] }, "access-control-allow-credentials") === "true",
  );
  const finding = (code: FindingCode, f: Omit<Finding, "code" | "title" | "fix" | "url">): Finding => ({
    code,
    title: FINDING_CODES[code],
    url: scan.url,
    ...f,
    fix: fixFor(code, trustedSources, credentialed || scan.auth === "cookie"),
  });

  // Origin classes: the best grant per class, judged by exploitability x impact.
  const best = new Map<FindingCode, { grant: Grant; origins: Set<string> }>();
  for (const { probe, results } of runs) {
    for (const run of results) {
      if (!run.granted || (run.method !== "GET" && run.credentials === "omit")) continue;
      const response = lastResponse(run);
      const code: FindingCode =
        probe.code === "reflected-origin" && response && getHeader(response, "access-control-allow-origin") === "*" ? "wildcard-origin" : probe.code;
      const grant: Grant = { probe, run, judgement: judgeGrant(run, probe.attacker, scan.auth, scan.space) };
      const entry = best.get(code);
      if (entry === undefined) best.set(code, { grant, origins: new Set([probe.origin]) });
      else {
        entry.grant = better(entry.grant, grant);
        entry.origins.add(probe.origin);
      }
    }
  }
  const general = best.get("reflected-origin") ?? best.get("wildcard-origin");
  for (const [code, { grant, origins }] of best) {
    const severity = grant.judgement.severity;
    if (code !== "reflected-origin" && code !== "wildcard-origin" && code !== "null-origin") {
      if (general !== undefined && severityRank(general.grant.judgement.severity) >= severityRank(severity)) continue;
      if (
        (IMPLIED_BY[code] ?? []).some((c) => {
          const g = best.get(c);
          return g !== undefined && severityRank(g.grant.judgement.severity) >= severityRank(severity);
        })
      )
        continue;
    }
    findings.push(
      finding(code, {
        severity,
        origin: grant.probe.origin,
        origins: [...origins],
        browsers: grant.probe.browsers,
        method: grant.run.method,
        credentialed: grant.run.credentials === "include",
        attacker: grant.probe.attacker,
        attackerDomain: grant.probe.attackerDomain,
        reason: grant.run.heldBack
          ? `${grant.judgement.reason} (the ${grant.run.method} itself was not sent: pass --send-unsafe to send it)`
          : grant.judgement.reason,
        evidence: grant.run.result.trace,
        poc: proofOfConcept(probeRequestOf(grant.run, scan.url), FINDING_CODES[code]),
      }),
    );
  }

  const all = [...baseline, ...runs.flatMap((r) => r.results)];
  const plainFinding = (
    code: FindingCode,
    severity: Finding["severity"],
    reason: string,
    evidence: readonly Exchange[],
    origin: string | null,
    method = "GET",
  ): Finding =>
    finding(code, {
      severity,
      origin,
      origins: origin === null ? [] : [origin],
      browsers: ["chromium", "firefox", "safari"],
      method,
      credentialed: false,
      attacker: "none",
      attackerDomain: null,
      reason,
      evidence,
      poc: null,
    });

  // Vary: Origin on cacheable responses whose CORS headers depend on the Origin.
  const gets: Exchange[] = [
    plain,
    ...all.filter((r) => r.method === "GET").flatMap((r) => r.result.trace.filter((x) => x.kind === "actual" && x.response !== null)),
  ];
  const acaoValues = new Set(gets.map((x) => getHeader(x.response!, "access-control-allow-origin") ?? ""));
  if (acaoValues.size > 1) {
    const cached = gets.find((x) => cacheability(x.response!) !== "none" && !variesOnOrigin(x.response!));
    if (cached !== undefined) {
      const shared = cacheability(cached.response!) === "shared";
      const origin = cached.request.headers.find(([n]) => n.toLowerCase() === "origin")?.[1] ?? null;
      findings.push(
        plainFinding(
          "vary-origin-missing",
          shared ? "medium" : "low",
          `Access-Control-Allow-Origin differs by Origin (${[...acaoValues].map((v) => v || "(absent)").join(", ")}) but this ${shared ? "shared-cacheable" : "browser-cacheable"} response has no Vary: Origin: a cache can serve one origin's answer to another${shared ? " (cache poisoning, or the trusted page breaking)" : ""}`,
          [cached],
          origin,
        ),
      );
    }
  }

  // Credentials or tokens in headers an untrusted page can read.
  for (const g of [...best.values()].map((b) => b.grant)) {
    if (g.run.method !== "GET") continue;
    const names = credentialHeaderNames(g.run.result.exposedHeaders);
    if (names.length === 0) continue;
    findings.push(
      finding("credential-headers-exposed", {
        severity: g.judgement.severity,
        origin: g.probe.origin,
        origins: [g.probe.origin],
        browsers: g.probe.browsers,
        method: "GET",
        credentialed: g.run.credentials === "include",
        attacker: g.probe.attacker,
        attackerDomain: g.probe.attackerDomain,
        reason: `script at ${g.probe.origin} can read ${names.join(", ")}; ${g.judgement.reason}`,
        evidence: g.run.result.trace,
        poc: proofOfConcept(probeRequestOf(g.run, scan.url), FINDING_CODES["credential-headers-exposed"]),
      }),
    );
    break;
  }

  // Header values browsers read literally or reject: not exploitable, reported as info.
  const exchanges = all.flatMap((r) => r.result.trace).filter((x) => x.response !== null);
  const starred = exchanges.find((x) => wildcardsWithCredentials(x.response!).length > 0);
  if (starred !== undefined) {
    findings.push(
      plainFinding(
        "wildcard-with-credentials",
        "info",
        `${wildcardsWithCredentials(starred.response!).join(", ")} hold '*' next to Access-Control-Allow-Credentials: true; credentialed requests read '*' literally, so it grants nothing (and is often "fixed" into reflecting the Origin)`,
        [starred],
        originOf(starred.request),
        starred.request.method,
      ),
    );
  }
  const badAcac = exchanges.find(
    (x) => invalidAllowCredentials(x.response!) !== null && getHeader(x.response!, "access-control-allow-origin") === originOf(x.request),
  );
  if (badAcac !== undefined) {
    findings.push(
      plainFinding(
        "invalid-allow-credentials",
        "info",
        `Access-Control-Allow-Credentials: ${invalidAllowCredentials(badAcac.response!)} is not exactly 'true': browsers refuse the credentialed response, so it is not exploitable (and credentialed requests from trusted pages fail too)`,
        [badAcac],
        originOf(badAcac.request),
        badAcac.request.method,
      ),
    );
  }

  // Preflight and actual response disagree about the same origin.
  const mismatch = findMismatch(all, profile);
  if (mismatch !== null) findings.push(plainFinding("preflight-actual-mismatch", "info", mismatch.reason, mismatch.evidence, mismatch.origin, mismatch.method));

  // Private Network Access grants on private addresses (the preflight Chromium sent in its PNA era).
  if (scan.space !== "public") {
    const attacker = probes.find((p) => p.code === "reflected-origin")?.origin ?? "https://corsproof-attacker.com";
    const pna = await raw(scan.transport, {
      method: "OPTIONS",
      url: scan.url,
      headers: [
        ["Origin", attacker],
        ["Access-Control-Request-Method", "GET"],
        ["Access-Control-Request-Private-Network", "true"],
      ],
    });
    if (
      pna.response !== null &&
      getHeader(pna.response, "access-control-allow-private-network") === "true" &&
      corsCheck(pna.response, attacker, false, profile) === null
    ) {
      findings.push(
        finding("private-network-grant", {
          severity: "medium",
          origin: attacker,
          origins: [attacker],
          browsers: ["chromium"],
          method: "OPTIONS",
          credentialed: false,
          attacker: "registrable",
          attackerDomain: new URL(attacker).hostname,
          reason: `this ${scan.space}-network resource grants Private Network Access to ${attacker}: browsers enforcing PNA preflights let any public page reach it`,
          evidence: [pna],
          poc: proofOfConcept({ url: scan.url, origin: attacker, method: "GET", credentials: "omit" }, FINDING_CODES["private-network-grant"]),
        }),
      );
    }
  }
  return report(findings, null);
}

function lastResponse(run: ProbeResult): WireResponse | null {
  const trace = run.result.trace;
  for (let i = trace.length - 1; i >= 0; i--) if (trace[i]!.response !== null) return trace[i]!.response;
  return null;
}

function originOf(request: WireRequest): string | null {
  return request.headers.find(([n]) => n.toLowerCase() === "origin")?.[1] ?? null;
}

function probeRequestOf(run: ProbeResult, url: string) {
  const headers: [string, string][] = run.method === "PUT" ? [["Content-Type", "application/json"]] : [];
  return { url, origin: run.origin, method: run.method, credentials: run.credentials, headers, ...(run.method === "PUT" ? { body: "{}" } : {}) };
}

/** The first origin whose preflight and actual GET get different origin checks from the browser. */
function findMismatch(
  all: readonly ProbeResult[],
  profile: ReturnType<typeof resolveProfile>,
): { origin: string; method: string; reason: string; evidence: Exchange[] } | null {
  const byOrigin = new Map<string, ProbeResult[]>();
  for (const r of all) byOrigin.set(r.origin, [...(byOrigin.get(r.origin) ?? []), r]);
  for (const [origin, results] of byOrigin) {
    const get = results.find((r) => r.method === "GET" && r.credentials === "include");
    const actual = get?.result.trace.find((x) => x.kind === "actual" && x.response !== null);
    if (get === undefined || actual === undefined) continue;
    for (const write of results.filter((r) => r.method !== "GET")) {
      const pre = write.result.preflight;
      if (pre?.response == null) continue;
      const preOk = corsCheck(pre.response, origin, true, profile) === null;
      const actualOk = corsCheck(actual.response!, origin, true, profile) === null;
      if (preOk === actualOk) continue;
      return {
        origin,
        method: write.method,
        reason: preOk
          ? `the ${write.method} preflight allows ${origin} but the GET response does not: the browser sends the ${write.method} (the write happens) though script cannot read the answer`
          : `the GET response allows ${origin} but the ${write.method} preflight does not: the page's writes fail with a CORS error`,
        evidence: [{ kind: "preflight", request: pre.request, response: pre.response }, actual],
      };
    }
  }
  return null;
}
