/**
 * The gateway's timeouts, each named after what it bounds (the split nginx and Envoy make): one
 * idle timer cannot tell an upstream that drips its headers from a quiet event stream or a client
 * that reads slowly, so each wait has its own clock.
 */
import type { Readable, Writable } from "node:stream";

/** Every timeout of the gateway, in milliseconds; 0 turns one off. */
export interface GatewayTimeouts {
  /** TCP (and TLS) connect to the upstream, including the wait for a free upstream socket (nginx `proxy_connect_timeout`). */
  readonly connectMs: number;
  /** From the end of the request to the upstream's response headers (nginx `proxy_read_timeout` before the first byte). */
  readonly responseHeadersMs: number;
  /** Longest pause between two body chunks, per direction: upstream silent, or the peer not accepting what we write (nginx `proxy_read_timeout`/`proxy_send_timeout`/`send_timeout`). */
  readonly idleMs: number;
  /** The same pause for a response that declares `Content-Type: text/event-stream`, whose quiet periods are normal. */
  readonly streamIdleMs: number;
  /** Longest pause between two chunks of the client's request body (nginx `client_body_timeout`): 408. */
  readonly clientBodyMs: number;
}

/** Documented defaults (README, `serve --help`). */
export const DEFAULT_TIMEOUTS: GatewayTimeouts = {
  connectMs: 5_000,
  responseHeadersMs: 60_000,
  idleMs: 60_000,
  streamIdleMs: 3_600_000,
  clientBodyMs: 60_000,
};

/** A restartable one-shot timer; `ms` 0 means never. */
export class Timer {
  #handle: NodeJS.Timeout | undefined;
  constructor(
    private readonly ms: number,
    private readonly onExpire: () => void,
  ) {}
  /** (Re)starts the countdown. */
  start(): void {
    if (this.ms === 0) return;
    if (this.#handle === undefined) this.#handle = setTimeout(this.onExpire, this.ms);
    else this.#handle.refresh();
  }
  stop(): void {
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    this.#handle = undefined;
  }
}

/** The two waits of one direction of a body: for the source to send, for the sink to accept. */
export interface PumpTimers {
  /** Runs while we wait for the next chunk from `from`. */
  readonly source: Timer;
  /** Runs while `to` has not drained what we wrote. */
  readonly sink: Timer;
}

/**
 * Copies `from` to `to` with backpressure, attributing every wait to the side that causes it:
 * a paused source is not "idle", it is waiting for the sink. `onChunk` may refuse a chunk (body
 * limit), which stops the copy. Both timers are stopped when the copy ends.
 */
export function pump(from: Readable, to: Writable, timers: PumpTimers, onChunk: (chunk: Buffer) => boolean = () => true): void {
  const { source, sink } = timers;
  const onData = (chunk: Buffer) => {
    source.stop();
    if (!onChunk(chunk)) {
      from.off("data", onData);
      return;
    }
    if (to.write(chunk)) {
      source.start();
      return;
    }
    from.pause();
    sink.start();
    to.once("drain", () => {
      sink.stop();
      from.resume();
      source.start();
    });
  };
  from.on("data", onData);
  from.once("end", () => {
    source.stop();
    sink.stop();
    to.end();
  });
  from.once("close", () => {
    source.stop();
    sink.stop();
  });
  to.once("close", () => {
    source.stop();
    sink.stop();
  });
  source.start();
}
