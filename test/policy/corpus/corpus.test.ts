/**
 * The validator judged on real configurations (test/policy/corpus/configs.ts): each entry gets the
 * verdict and codes a reviewer would give, through the same translation its adapter runs; every
 * insecure origin function's attacker origin is denied at request time or reported by the audit
 * (seeded only by the options themselves, as `corsproof audit` without `--origin`).
 */
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { translateCorsOptions } from "../../../src/adapters/express-options.js";
import { translateFastifyOptions } from "../../../src/adapters/fastify/options.js";
import { translateHonoOptions as translateHono } from "../../../src/adapters/hono-options.js";
import { translateKoaOptions } from "../../../src/adapters/koa-options.js";
import { validateCorsOptions } from "../../../src/adapters/validate-options.js";
import { auditOriginFunction, type CorsDecision, type CorsOptions, createCorsPolicy } from "../../../src/index.js";
import { type CorpusEntry, corpus, type Flavour } from "./configs.js";

function translated(flavour: Flavour, options: Record<string, unknown>): CorsOptions {
  if (flavour === "express") return translateCorsOptions(options).options;
  if (flavour === "koa") return translateKoaOptions(options).options;
  if (flavour === "hono") return translateHono(options).options;
  return translateFastifyOptions(options, {} as FastifyInstance).options;
}

/** What the peer hands its origin function besides the origin: a Koa context, a Hono context. */
function contextFor(flavour: Flavour, origin: string): unknown {
  if (flavour !== "koa") return undefined;
  return { get: (n: string) => (n.toLowerCase() === "origin" ? origin : ""), header: { origin }, request: { header: { origin } } };
}

describe("corpus of real configurations", () => {
  it("has at least 100 entries across the four dialects", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    expect(new Set(corpus.map((e) => e.flavour))).toEqual(new Set(["express", "fastify", "koa", "hono"]));
  });

  for (const entry of corpus) {
    it(`${entry.source} (${entry.flavour}): ${entry.verdict}${entry.codes.length > 0 ? ` [${entry.codes.join(", ")}]` : ""}${entry.hole ? `, ${entry.hole} hole stopped` : ""}`, async () => {
      const issues = validateCorsOptions(entry.options, { flavour: entry.flavour });
      expect(issues.map((i) => i.code)).toEqual(entry.codes);
      expect(issues.some((i) => i.severity === "error") ? "refused" : "accepted").toBe(entry.verdict);
      if (entry.attacker !== undefined) await expectAttackerStopped(entry);
    });
  }
});

/**
 * The attacker's origin is denied at request time, or the audit reports the function — told
 * nothing but the options, as `corsproof audit <module>` without `--origin` is.
 */
async function expectAttackerStopped(entry: CorpusEntry): Promise<void> {
  const options = translated(entry.flavour, entry.options);
  const attacker = entry.attacker as string;
  const predicate = options.origin as (origin: string, context?: unknown) => boolean | Promise<boolean>;
  const findings = await auditOriginFunction((o) => predicate(o, contextFor(entry.flavour, o)), {
    config: entry.options,
    credentials: options.credentials === true,
  });
  const audited = findings.some((f) => f.code === "origin-function-admits-attacker");
  // A refused configuration is never built; once its other problems are fixed, the audit must still catch the function.
  let guarded = false;
  if (entry.verdict === "accepted") {
    const policy = createCorsPolicy({ ...options, onWarning: () => {} });
    const decision = (await policy.decide("GET", attacker, undefined, undefined, undefined, contextFor(entry.flavour, attacker))) as CorsDecision;
    guarded = !decision.allowed;
  }
  expect({ audited, guarded }, `${entry.hole} hole: neither the audit nor the guard stops '${attacker}'`).not.toEqual({ audited: false, guarded: false });
}
