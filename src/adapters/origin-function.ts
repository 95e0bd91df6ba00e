/**
 * Peers' origin functions as corsproof predicates, in one place: `cors`'s `fn(origin, callback)`,
 * `@fastify/cors`'s callback-or-Promise functions, `@koa/cors`'s `fn(ctx)` and `hono/cors`'s
 * `fn(origin, c)`. Each may answer synchronously, through a callback or with a Promise; what an
 * answer means is the peer's ({@link AnswerRule}).
 */
import { matchesAllowlist, type OriginEntry } from "../index.js";

/** The callback an origin function receives. */
export type OriginFunctionCallback = (err: unknown, value?: unknown) => void;

/** Whether an origin function's (non-error) answer allows `origin`. */
export type AnswerRule = (origin: string, answer: unknown) => boolean;

/**
 * The rule of peers whose functions answer the Access-Control-Allow-Origin value (`@koa/cors`,
 * `hono/cors`): `true` or the request's own origin allows it; `"*"` allows it only without
 * credentials (browsers refuse `*` with credentials); anything else denies.
 */
export function echoRule(credentials: boolean): AnswerRule {
  return (origin, answer) => answer === true || answer === origin || (answer === "*" && !credentials);
}

/**
 * The rule of peers whose functions answer an allowlist (`cors`, `@fastify/cors`): `true` allows,
 * a falsy value denies, `star(answer)` decides the values the peer reads as "any origin" (undefined
 * for the others), and a string, RegExp or list must contain the request's origin.
 */
export function allowlistRule(star: (answer: unknown) => boolean | undefined): AnswerRule {
  return (origin, answer) => {
    if (answer === true) return true;
    if (!answer) return false;
    return star(answer) ?? matchesAllowlist(answer as OriginEntry | OriginEntry[], origin);
  };
}

/**
 * Turns `call(origin, context, callback)` into a predicate that resolves synchronously when it can.
 * The function may call `callback(err, answer)` (an error denies the origin; a second call is
 * ignored, as a Promise would), return a Promise of the answer (a rejection fails the check), or,
 * when `returns` is true, return the answer.
 */
export function originFunction(
  call: (origin: string, context: unknown, callback: OriginFunctionCallback) => unknown,
  returns: boolean,
  rule: AnswerRule,
): (origin: string, context?: unknown) => boolean | Promise<boolean> {
  type Outcome = { ok: boolean } | { error: unknown };
  return (origin, context) => {
    let outcome: Outcome | undefined;
    let settle: ((o: Outcome) => void) | undefined;
    const answer = (o: Outcome): void => {
      if (outcome !== undefined) return;
      outcome = o;
      settle?.(o);
    };
    const callback: OriginFunctionCallback = (err, value) => {
      try {
        answer({ ok: !err && rule(origin, value) });
      } catch (error) {
        answer({ error });
      }
    };
    const returned = call(origin, context, callback) as PromiseLike<unknown> | null | undefined;
    // Promise.resolve adopts any thenable as the language does (a `then` that throws, calls back
    // twice or late), the way `await` in @koa/cors and hono/cors reads the answer.
    if (returned !== null && typeof returned === "object" && typeof returned.then === "function")
      Promise.resolve(returned).then(
        (value) => callback(null, value),
        (error: unknown) => answer({ error }),
      );
    else if (returns) callback(null, returned);
    if (outcome === undefined) return new Promise<boolean>((resolve, reject) => (settle = (o) => ("ok" in o ? resolve(o.ok) : reject(o.error))));
    if ("error" in outcome) throw outcome.error;
    return outcome.ok;
  };
}
