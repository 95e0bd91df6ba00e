/**
 * `hono/cors`'s option names and shapes, translated into corsproof options: the one translation
 * the strict middleware compiles and `corsproof/validate` judges.
 */
import type { Context } from "hono";
import type { ConfigIssue, CorsOptions, OriginOption, OriginPredicate } from "../index.js";
import { echoRule, originFunction } from "./origin-function.js";
import { withoutUndefined, type PeerNames, readPeerNames, type Translation } from "./peer-options.js";

/**
 * `hono/cors`'s origin function. Return the request's origin (or `true`) to allow it; `null`,
 * `undefined`, `false` or any other origin denies. `"*"` allows it only without credentials.
 */
export type HonoOriginFunction = (origin: string, c: Context) => string | boolean | null | undefined | Promise<string | boolean | null | undefined>;

/** `hono/cors`'s `allowMethods` as a function: the methods allowed for an origin, asked on preflights. */
export type MethodsFunction = (origin: string, c: Context) => string[] | Promise<string[]>;

/** Options of corsproof/hono: `hono/cors`'s names plus every corsproof option. */
export interface HonoCorsOptions extends Omit<CorsOptions, "origin"> {
  /** Default `"*"` (as `hono/cors`). */
  origin?: Exclude<OriginOption, OriginPredicate> | HonoOriginFunction | undefined;
  /** `hono/cors`'s name for `methods`; may be a function of the origin, asked on preflights. */
  allowMethods?: readonly string[] | MethodsFunction | undefined;
  /** `hono/cors`'s name for `allowedHeaders`; `[]` (the default) echoes valid requested headers. */
  allowHeaders?: readonly string[] | undefined;
  /** `hono/cors`'s name for `exposedHeaders`. */
  exposeHeaders?: readonly string[] | undefined;
}

/** `hono/cors`'s names and defaults (its default methods include QUERY). */
const HONO: PeerNames = {
  own: [],
  aliases: { allowMethods: "methods", allowHeaders: "allowedHeaders", exposeHeaders: "exposedHeaders" },
  methods: ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "QUERY"],
};

/** `hono/cors` options as corsproof options, and an `allowMethods` function asked on preflights. */
export interface HonoTranslation extends Translation {
  readonly methods: MethodsFunction | undefined;
}

/** Translates `hono/cors` names (and defaults) into corsproof options. */
export function translateHonoOptions(input: HonoCorsOptions): HonoTranslation {
  const issues: ConfigIssue[] = [];
  // hono/cors: an empty allowHeaders list means "echo what is requested" (corsproof's default).
  const { allowHeaders, ...rest } = input;
  const record = readPeerNames(Array.isArray(allowHeaders) && allowHeaders.length === 0 ? rest : input, HONO, issues);
  let methods: MethodsFunction | undefined;
  if (typeof record.methods === "function") {
    methods = record.methods as MethodsFunction;
    record.methods = HONO.methods;
  }
  const fn = record.origin;
  if (typeof fn === "function") record.origin = originFunction((origin, c) => fn(origin, c as Context), true, echoRule(record.credentials === true));
  return { options: withoutUndefined(record), methods, issues };
}
