/**
 * corsproof/validate: judge options exactly as one adapter will build them. Each adapter has its
 * peer's option names and defaults (`cors`'s `'*'` default origin, `@koa/cors`'s `allowMethods`,
 * `@fastify/cors`'s `hook`…); this runs the adapter's own translation, then the policy's
 * validation, so a linter, a config UI or a CI check sees the same problems, with the same
 * severities, as the adapter at start-up.
 * @packageDocumentation
 */
import type { FastifyInstance } from "fastify";
import { type ConfigIssue, type CorsOptions, validateCorsOptions as validatePolicyOptions } from "../index.js";
import { type ExpressCorsOptions, translateCorsOptions } from "./express-options.js";
import { type FastifyPolicyOptions, translateFastifyOptions } from "./fastify/options.js";
import { type HonoCorsOptions, translateHonoOptions } from "./hono-options.js";
import { type KoaCorsOptions, translateKoaOptions } from "./koa-options.js";
import type { Translation } from "./peer-options.js";

/** Whose option names and defaults the options are written in: corsproof's own, or an adapter's. */
export type OptionsFlavour = "corsproof" | "express" | "fastify" | "koa" | "hono";

/** Options of {@link validateCorsOptions}. */
export interface ValidateOptions {
  /** The adapter the options are for. Default `"corsproof"` (createCorsPolicy's options). */
  flavour?: OptionsFlavour | undefined;
}

/**
 * Lists every problem the adapter of `flavour` would find in `options` (an empty list means
 * clean), each with its severity: `error`s make the adapter throw at start-up, `warning`s are
 * reported through `onWarning` and the entry dropped or clamped.
 *
 * @example
 * ```ts
 * import { validateCorsOptions } from "corsproof/validate";
 * const issues = validateCorsOptions({ origin: process.env.CORS_ORIGIN, allowMethods: ["GET"] }, { flavour: "koa" });
 * for (const i of issues) console.log(i.severity, i.code, i.path, i.message, i.fix);
 * ```
 */
export function validateCorsOptions(options: unknown, { flavour = "corsproof" }: ValidateOptions = {}): readonly ConfigIssue[] {
  if (flavour === "corsproof" || options === null || typeof options !== "object") return validatePolicyOptions(options as CorsOptions);
  const t = TRANSLATIONS[flavour](options);
  return [...t.issues, ...validatePolicyOptions(t.options)];
}

/** Each adapter's own translation. */
const TRANSLATIONS: Record<Exclude<OptionsFlavour, "corsproof">, (options: object) => Translation> = {
  express: (o) => translateCorsOptions(o as ExpressCorsOptions),
  koa: (o) => translateKoaOptions(o as KoaCorsOptions),
  hono: (o) => translateHonoOptions(o as HonoCorsOptions),
  // The instance is only `this` for an origin function, which validation never calls.
  fastify: (o) => translateFastifyOptions(o as FastifyPolicyOptions, undefined as unknown as FastifyInstance),
};
