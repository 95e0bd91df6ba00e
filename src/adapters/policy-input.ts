/** Adapters accept options (compiled once, here), a created policy, or a reloadable one. */
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
