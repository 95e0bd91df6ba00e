/**
 * The legacy modes' warning says "strict mode would refuse this configuration" exactly when the
 * strict adapter refuses the same options: both come from one translation of the peer's names.
 */
import Fastify from "fastify";
import { afterEach, describe, expect, it, vi } from "vitest";
import expressCors from "../../../src/adapters/express.js";
import fastifyCors from "../../../src/adapters/fastify/index.js";
import koaCors from "../../../src/adapters/koa.js";

const APP = "https://app.example.com";

/** Configurations in each peer's names, valid and invalid, including the cases the copies disagreed on. */
const koaConfigs: Record<string, unknown>[] = [
  { origin: APP },
  { origin: APP, privateNetworkAccess: "yes" },
  { origin: APP, privateNetworkAccess: true },
  { credentials: () => true },
  { origin: () => APP, credentials: () => true, allowMethods: ["GET", "CONNECT"] },
  { origin: APP, maxAge: "600" },
  { origin: APP, maxAge: "ten" },
  { origin: APP, allowHeaders: "x-a", allowedHeaders: "x-b" },
];
const corsConfigs: Record<string, unknown>[] = [
  { origin: APP },
  { origin: true, credentials: true },
  { origin: (_o: unknown, cb: (e: null, v: boolean) => void) => cb(null, true), credentials: true },
  { origin: APP, maxAge: "600" },
  { origin: APP, maxAge: 99999 },
  { origin: APP, preflightContinue: "yes" },
];
const fastifyConfigs: Record<string, unknown>[] = [
  { origin: APP },
  { origin: true, credentials: true },
  { origin: APP, exposedHeaders: null },
  { origin: APP, cacheControl: -1 },
  { origin: APP, preflight: "no" },
  { origin: APP, methods: "GET,CONNECT" },
];

function warningOf(make: () => unknown): string {
  const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
  try {
    make();
    return warn.mock.calls.map((c) => String(c[0])).join("\n");
  } finally {
    warn.mockRestore();
  }
}

function refuses(make: () => unknown): boolean {
  try {
    make();
    return false;
  } catch {
    return true;
  }
}

afterEach(() => vi.restoreAllMocks());

describe("legacy warnings agree with strict mode", () => {
  for (const config of koaConfigs) {
    it(`@koa/cors names: ${JSON.stringify(config)}`, () => {
      const strict = refuses(() => koaCors(config as never));
      const warning = warningOf(() => koaCors({ ...config, legacy: true } as never));
      expect(warning.includes("Strict mode would refuse"), warning).toBe(strict);
    });
  }
  for (const config of corsConfigs) {
    it(`cors names: ${JSON.stringify(config)}`, () => {
      const strict = refuses(() => expressCors(config as never));
      const warning = warningOf(() => expressCors({ ...config, legacy: true } as never));
      expect(warning.includes("Strict mode would refuse"), warning).toBe(strict);
    });
  }
  for (const config of fastifyConfigs) {
    it(`@fastify/cors names: ${JSON.stringify(config)}`, async () => {
      const register = async (options: Record<string, unknown>) => {
        const app = Fastify();
        try {
          await app.register(fastifyCors, options as never);
          await app.ready();
        } finally {
          await app.close();
        }
      };
      const strict = await register(config).then(
        () => false,
        () => true,
      );
      const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
      await register({ ...config, legacy: true });
      const warning = warn.mock.calls.map((c) => String(c[0])).join("\n");
      warn.mockRestore();
      expect(warning.includes("Strict mode would refuse"), warning).toBe(strict);
    });
  }
});
