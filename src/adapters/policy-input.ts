/**
 * What an adapter decides with: options (compiled once, here), a created policy, a reloadable one,
 * or policies compiled per request value (per options object, per answer of a peer's function).
 */
import { type CorsDecider, type CorsOptions, type CorsPolicy, createCorsPolicy, isCorsPolicy, type ReloadableCorsPolicy } from "../index.js";

/** Options, a policy created with `createCorsPolicy`, or a {@link ReloadableCorsPolicy}. */
export type PolicyInput = CorsOptions | CorsPolicy | ReloadableCorsPolicy;

/** Returns the decider, compiling options (and throwing CorsConfigError) at most once. */
export function deciderOf(input: PolicyInput): CorsDecider {
  return isCorsPolicy(input) ? input : createCorsPolicy(input);
}

/**
 * `withCors(handler, options)` takes the handler first (corsproof/node and corsproof/fetch alike):
 * the swapped order, common when coming from `cors(options)`, gets a message that says so.
 */
export function checkWithCorsArguments(handler: unknown, input: unknown): void {
  if (typeof handler === "function") return;
  if (typeof input === "function")
    throw new TypeError(
      "withCors(handler, options): the handler comes first, the options second; the arguments look swapped. Write withCors(handler, options).",
    );
  throw new TypeError(`withCors(handler, options): handler must be a function, not ${handler === null ? "null" : typeof handler}.`);
}

/**
 * `compile` memoised per options object (`undefined` is one more key), for options computed per
 * request: a delegate that returns the same object for the same configuration compiles it once.
 */
export function compiledPer<O extends object, T>(compile: (options: O | undefined) => T): (options: O | undefined) => T {
  const compiled = new WeakMap<object, T>();
  return (options) => {
    const key = options ?? compiled;
    const known = compiled.get(key);
    if (known !== undefined) return known;
    const c = compile(options);
    compiled.set(key, c);
    return c;
  };
}

/** Most distinct answers {@link perAnswer} keeps compiled (the oldest is forgotten). */
const ANSWERS = 64;

/** How a policy varies per request: see {@link perAnswer}. */
export interface Variation<A> {
  /** Whether a request with an Origin is asked (default: every one). */
  readonly when?: (method: string, acrm: string | undefined) => boolean;
  /** The peer's function, answering synchronously or with a Promise (or any thenable). */
  readonly ask: (origin: string, context: unknown) => A | PromiseLike<A>;
  /** Which answers share a policy. */
  readonly key: (answer: A) => string;
  readonly compile: (answer: A) => CorsDecider;
}

/**
 * A policy varied by a per-request answer, as one decider: Koa's `credentials(ctx)` and Hono's
 * `allowMethods(origin, c)`. Requests without an Origin, or not asked, are decided by `base`; the
 * others by the policy compiled for their answer, once per distinct key.
 */
export function perAnswer<A>(base: CorsDecider, { when, ask, key, compile }: Variation<A>): CorsDecider {
  const compiled = new Map<string, CorsDecider>();
  const policyFor = (answer: A): CorsDecider => {
    const k = key(answer);
    let policy = compiled.get(k);
    if (policy === undefined) {
      policy = compile(answer);
      if (compiled.size >= ANSWERS) compiled.delete(compiled.keys().next().value as string);
      compiled.set(k, policy);
    }
    return policy;
  };
  return {
    decide(method, origin, acrm, acrh, acrpn, context) {
      if (origin === undefined || (when !== undefined && !when(method, acrm))) return base.decide(method, origin, acrm, acrh, acrpn, context);
      const answer = ask(origin, context);
      // Promise.resolve adopts any thenable, as the peers' `await` does.
      if (typeof (answer as PromiseLike<A> | null)?.then === "function")
        return Promise.resolve(answer).then((a) => policyFor(a).decide(method, origin, acrm, acrh, acrpn, context));
      return policyFor(answer as A).decide(method, origin, acrm, acrh, acrpn, context);
    },
  };
}
