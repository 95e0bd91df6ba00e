/**
 * The proxies against the engine: thousands of generated requests per target through real nginx,
 * Caddy and HAProxy on loopback, each compared with the engine's decision for the same policy —
 * status, who answered, every CORS header byte for byte (each sent exactly once) and Vary.
 * Requests the targets cannot tell apart by design (documented limits, tested in
 * proxies.test.ts) are not generated for them.
 *
 * CORSPROOF_EXPORT_PROBES sets the count per target (default 10 000, spread over the policies).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_TARGETS, exportPolicy } from "../../src/export/index.js";
import { createCorsPolicy } from "../../src/index.js";
import { EXPORT_POLICIES } from "./policies.js";
import { canonicalOutcome, engineOutcome, keepAliveAgent, pool, sendProbe } from "./support/exchange.js";
import { generateProbes } from "./support/generate.js";
import { startProxy, startUpstream, type Upstream, unavailable } from "./support/proxies.js";

const PER_TARGET = Number(process.env.CORSPROOF_EXPORT_PROBES ?? 10_000);
const SEED = Number(process.env.CORSPROOF_EXPORT_SEED ?? 20261130);
const CONCURRENCY = 16;

/** nginx and Caddy read an empty header as an absent one (proxies.test.ts pins that limit). */
const EMPTY_VALUES = { nginx: false, caddy: false, haproxy: true } as const;

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => {
  await upstream?.close();
});

describe.each(EXPORT_TARGETS)("%s answers as the engine does", (target) => {
  const names = Object.keys(EXPORT_POLICIES);
  it.skipIf(unavailable(target))(
    `${PER_TARGET} generated requests over ${names.length} policies`,
    async () => {
      const per = Math.ceil(PER_TARGET / names.length);
      let compared = 0;
      for (const [i, name] of names.entries()) {
        const options = EXPORT_POLICIES[name]!;
        const policy = createCorsPolicy(options);
        const proxy = await startProxy(target, upstream.port, exportPolicy(options, { target }).files);
        const agent = keepAliveAgent(CONCURRENCY);
        try {
          const seed = SEED + i;
          const probes = generateProbes(options, per, seed, { emptyValues: EMPTY_VALUES[target] });
          const seen = await pool(probes, CONCURRENCY, (p) => sendProbe(proxy.url, agent, p));
          const mismatches: unknown[] = [];
          const kinds = new Map<string, number>();
          probes.forEach((p, k) => {
            const e = engineOutcome(policy, p);
            const kind =
              p.origin === undefined ? "no-origin" : `${e.handled ? "preflight" : "actual"}-${Object.keys(e.cors).length > 0 ? "allowed" : "denied"}`;
            kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
            const observed = canonicalOutcome(seen[k]!);
            const expected = canonicalOutcome(engineOutcome(policy, p));
            if (observed !== expected) mismatches.push({ probe: p, expected, observed });
          });
          compared += probes.length;
          // The generator must reach every class of answer, or a broken class could hide.
          for (const kind of ["no-origin", "actual-allowed", "actual-denied", "preflight-allowed", "preflight-denied"]) {
            if (kind !== "actual-denied" || !policy.config.originMode.startsWith("any"))
              expect(kinds.get(kind) ?? 0, `${name}: ${kind}`).toBeGreaterThan(per / 100);
          }
          expect(mismatches.slice(0, 3), `${target} / ${name} (seed ${seed}): ${mismatches.length} of ${probes.length} differ`).toEqual([]);
        } finally {
          agent.destroy();
          await proxy.stop();
        }
      }
      expect(compared).toBeGreaterThanOrEqual(PER_TARGET);
    },
    300_000,
  );
});
