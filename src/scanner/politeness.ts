/**
 * Politeness: a scan must not look like (or be) a denial of service. Every request goes through
 * one limiter shared by all targets (bounded concurrency and a requests-per-second rate) and a
 * per-target budget, both wrapped around the browser model's {@link Transport}.
 */
import type { Transport, WireRequest, WireResponse } from "../browser/index.js";

/** Thrown (as a transport failure) when a target's request budget is spent. */
export class BudgetExhausted extends Error {
  override readonly name = "BudgetExhausted";
}

/** Bounded concurrency plus a minimum interval between request starts. */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/**
 * @param concurrency requests in flight at once (at least 1)
 * @param rate requests started per second; 0 for no rate limit
 */
export function createLimiter(concurrency: number, rate: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  const interval = rate > 0 ? 1000 / rate : 0;
  let nextStart = 0;
  const acquire = async () => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    if (interval > 0) {
      const now = Date.now();
      const at = Math.max(now, nextStart);
      nextStart = at + interval;
      if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
    }
  };
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return {
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

/** A transport that counts requests, refuses past `budget`, and goes through `limiter`. */
export interface CountingTransport extends Transport {
  readonly sent: () => number;
  readonly exhausted: () => boolean;
}

export function politeTransport(inner: Transport, limiter: Limiter, budget: number): CountingTransport {
  let sent = 0;
  let exhausted = false;
  return {
    sent: () => sent,
    exhausted: () => exhausted,
    send(request: WireRequest): Promise<WireResponse> {
      if (sent >= budget) {
        exhausted = true;
        return Promise.reject(new BudgetExhausted(`request budget of ${budget} spent`));
      }
      sent++;
      return limiter.run(() => inner.send(request));
    },
  };
}
