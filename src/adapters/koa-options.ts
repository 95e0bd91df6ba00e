/**
 * `@koa/cors`'s option names and shapes, translated into corsproof options: the one translation
 * the strict middleware compiles and the legacy mode's warning validates.
 */
import type Koa from "koa";
import type { ConfigIssue, CorsOptions, ListOption, OriginOption, OriginPredicate } from "../index.js";
import { echoRule, originFunction } from "./origin-function.js";
import { withoutUndefined, type PeerNames, readPeerNames, type Translation } from "./peer-options.js";

/**
 * `@koa/cors`'s origin function. Return the request's Origin (`ctx.get("Origin")`) or `true` to
 * allow it; a falsy value or any other origin denies; `"*"` allows only without credentials.
 */
export type KoaOriginFunction = (ctx: Koa.Context) => string | boolean | null | undefined | Promise<string | boolean | null | undefined>;

/** Options of corsproof/koa: `@koa/cors`'s names plus every corsproof option. */
export interface KoaCorsOptions extends Omit<CorsOptions, "origin" | "maxAge" | "credentials"> {
  /** Default `"*"` (as `@koa/cors`). A function receives the Koa context. */
  origin?: Exclude<OriginOption, OriginPredicate> | KoaOriginFunction | undefined;
  /** A boolean, or `(ctx) => boolean` decided per request (both variants are compiled at start-up). */
  credentials?: boolean | ((ctx: Koa.Context) => boolean | Promise<boolean>) | undefined;
  /** Seconds, as a number or a numeric string. */
  maxAge?: number | string | undefined;
  /** `@koa/cors`'s name for `methods`. Default `GET,HEAD,PUT,POST,DELETE,PATCH`. */
  allowMethods?: ListOption | undefined;
  /** `@koa/cors`'s name for `allowedHeaders`. */
  allowHeaders?: ListOption | undefined;
  /** `@koa/cors`'s name for `exposedHeaders`. */
  exposeHeaders?: ListOption | undefined;
  /** Copy the CORS headers into `err.headers` when a downstream middleware throws. Default true. */
  keepHeadersOnError?: boolean | undefined;
  /** Also send `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`. */
  secureContext?: boolean | undefined;
  /** `@koa/cors`'s name for `privateNetwork`. */
  privateNetworkAccess?: boolean | undefined;
  /** Reproduce `@koa/cors` 5 exactly, quirks included; prints a one-time warning. */
  legacy?: boolean | undefined;
}

/** `@koa/cors`'s default methods, in its order. */
export const KOA_METHODS = "GET,HEAD,PUT,POST,DELETE,PATCH";

/** `@koa/cors`'s names and defaults. */
const KOA: PeerNames = {
  own: ["legacy", "keepHeadersOnError", "secureContext"],
  aliases: { allowMethods: "methods", allowHeaders: "allowedHeaders", exposeHeaders: "exposedHeaders", privateNetworkAccess: "privateNetwork" },
  methods: KOA_METHODS,
  flags: ["keepHeadersOnError", "secureContext"],
  digitMaxAge: true,
};

/** `@koa/cors` options as corsproof options. */
export interface KoaTranslation extends Translation {
  /** The options for a request whose credentials function answered `credentials`. */
  variant(credentials: boolean): CorsOptions;
  /** The credentials function, decided per request. */
  readonly credentials: ((ctx: Koa.Context) => boolean | Promise<boolean>) | undefined;
}

/** Translates `@koa/cors` names (and defaults) into corsproof options. */
export function translateKoaOptions(input: KoaCorsOptions): KoaTranslation {
  const issues: ConfigIssue[] = [];
  const record = readPeerNames(input, KOA, issues);
  withoutUndefined(record);
  const credentials = typeof record.credentials === "function" ? (record.credentials as KoaTranslation["credentials"]) : undefined;
  const originFn = typeof record.origin === "function" ? (record.origin as KoaOriginFunction) : undefined;
  const variant = (withCredentials: boolean): CorsOptions => {
    const options = { ...record };
    if (credentials !== undefined) options.credentials = withCredentials;
    if (originFn !== undefined) options.origin = originFunction((_origin, ctx) => originFn(ctx as Koa.Context), true, echoRule(withCredentials));
    return options as unknown as CorsOptions;
  };
  // `options` is the variant with credentials when a credentials function is given.
  return { options: variant(credentials !== undefined || record.credentials === true), variant, credentials, issues };
}
