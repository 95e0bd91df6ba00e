/**
 * Which policy decides a request: the route's `config.cors`, the delegator's options, or the
 * plugin's. Every policy is compiled once: route policies when the route is registered, delegated
 * options once per distinct options object.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type CorsDecider, isCorsPolicy } from "../../index.js";
import { compile } from "../peer-options.js";
import { cacheControlOf, type FastifyCorsOptions, type FastifyPolicyOptions, type RouteCorsConfig, translateFastifyOptions } from "./options.js";

/** A compiled policy and the plugin-level extra that goes with it. */
export interface CompiledPolicy {
  readonly decider: CorsDecider;
  /** Cache-Control of successful preflights, or undefined. */
  readonly cacheControl: string | undefined;
}

type CallbackDelegator = (request: FastifyRequest, callback: (error: Error | null, options?: FastifyPolicyOptions) => void) => void;
type ReturningDelegator = (request: FastifyRequest) => FastifyPolicyOptions | Promise<FastifyPolicyOptions>;

export class PolicyResolver {
  /** The plugin's own policy. */
  readonly base: CompiledPolicy;
  readonly #options: FastifyCorsOptions;
  readonly #instance: FastifyInstance;
  readonly #routes = new WeakMap<object, CompiledPolicy>();
  readonly #delegated = new WeakMap<object, CompiledPolicy>();

  /** Throws a CorsConfigError when the plugin's options are invalid. */
  constructor(options: FastifyCorsOptions, instance: FastifyInstance) {
    this.#options = options;
    this.#instance = instance;
    this.base = options.policy !== undefined ? { decider: options.policy, cacheControl: cacheControlOf(options.cacheControl, []) } : this.#compile(options);
  }

  #compile(options: FastifyPolicyOptions): CompiledPolicy {
    const t = translateFastifyOptions(options, this.#instance);
    return { decider: compile(t), cacheControl: t.cacheControl };
  }

  /** A route's policy: its options merged over the plugin's (unless the plugin was given a policy). */
  forRoute(config: Exclude<RouteCorsConfig, false>): CompiledPolicy {
    let c = this.#routes.get(config);
    if (c === undefined) {
      if (isCorsPolicy(config)) c = { decider: config, cacheControl: this.base.cacheControl };
      else c = this.#compile(this.#options.policy !== undefined ? config : { ...this.#options, ...config });
      this.#routes.set(config, c);
    }
    return c;
  }

  #forOptions(options: FastifyPolicyOptions | undefined): CompiledPolicy {
    const key = options ?? this.#delegated;
    let c = this.#delegated.get(key);
    if (c === undefined) {
      c = this.#compile(options ?? {});
      this.#delegated.set(key, c);
    }
    return c;
  }

  /** The policy for a request whose route configuration is `config`; null when CORS is off for it. */
  forRequest(request: FastifyRequest, config: RouteCorsConfig | undefined): CompiledPolicy | null | Promise<CompiledPolicy | null> {
    if (config === false) return null;
    if (config !== undefined) return this.forRoute(config);
    const { delegator } = this.#options;
    if (delegator === undefined) return this.base;
    if (delegator.length >= 2) {
      return new Promise((resolve, reject) => {
        (delegator as CallbackDelegator)(request, (error, options) => {
          if (error) reject(error);
          else {
            try {
              resolve(this.#forOptions(options));
            } catch (e) {
              reject(e);
            }
          }
        });
      });
    }
    const out = (delegator as ReturningDelegator)(request);
    return out instanceof Promise ? out.then((o) => this.#forOptions(o)) : this.#forOptions(out);
  }
}
