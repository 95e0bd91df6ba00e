/**
 * Which policy decides a request: the route's `config.cors`, the delegator's options, or the
 * plugin's. Every policy is compiled once: route policies when the route is registered, delegated
 * options once per distinct options object.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type CorsDecider, isCorsPolicy } from "../../index.js";
import { compileTranslation } from "../peer-options.js";
import { compiledPer } from "../policy-input.js";
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
  /** A route's policy: its options merged over the plugin's (unless the plugin was given a policy). */
  readonly forRoute: (config: Exclude<RouteCorsConfig, false>) => CompiledPolicy;
  readonly #forOptions: (options: FastifyPolicyOptions | undefined) => CompiledPolicy;
  readonly #delegator: FastifyCorsOptions["delegator"];

  /** Throws a CorsConfigError when the plugin's options are invalid. */
  constructor(options: FastifyCorsOptions, instance: FastifyInstance) {
    const compiled = (o: FastifyPolicyOptions): CompiledPolicy => {
      const t = translateFastifyOptions(o, instance);
      return { decider: compileTranslation(t), cacheControl: t.cacheControl };
    };
    const { policy } = options;
    this.base = policy !== undefined ? { decider: policy, cacheControl: cacheControlOf(options.cacheControl, []) } : compiled(options);
    this.forRoute = compiledPer((config) => {
      const route = config as Exclude<RouteCorsConfig, false>;
      if (isCorsPolicy(route)) return { decider: route, cacheControl: this.base.cacheControl };
      return compiled(policy !== undefined ? route : { ...options, ...route });
    });
    this.#forOptions = compiledPer((o) => compiled(o ?? {}));
    this.#delegator = options.delegator;
  }

  /** The policy for a request whose route configuration is `config`; null when CORS is off for it. */
  forRequest(request: FastifyRequest, config: RouteCorsConfig | undefined): CompiledPolicy | null | Promise<CompiledPolicy | null> {
    if (config === false) return null;
    if (config !== undefined) return this.forRoute(config);
    const delegator = this.#delegator;
    if (delegator === undefined) return this.base;
    if (delegator.length >= 2) {
      const callback = delegator as CallbackDelegator;
      const options = new Promise<FastifyPolicyOptions | undefined>((resolve, reject) => callback(request, (error, o) => (error ? reject(error) : resolve(o))));
      return options.then((o) => this.#forOptions(o));
    }
    const out = (delegator as ReturningDelegator)(request);
    return out instanceof Promise ? out.then((o) => this.#forOptions(o)) : this.#forOptions(out);
  }
}
