/**
 * A response with exactly the ServerResponse basics the `cors` package's own tests use
 * (getHeader, setHeader, end, statusCode). It records what a middleware did, in order, so two
 * middlewares can be compared call for call.
 */
export class RecordingResponse {
  statusCode = 200;
  ended = false;
  body: string | undefined;
  readonly calls: string[] = [];
  readonly #headers = new Map<string, { name: string; value: string | number | readonly string[] }>();

  getHeader(name: string): string | number | readonly string[] | undefined {
    return this.#headers.get(name.toLowerCase())?.value;
  }

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.calls.push(`set ${name}: ${String(value)}`);
    this.#headers.set(name.toLowerCase(), { name, value });
    return this;
  }

  end(chunk?: string): this {
    this.calls.push(`end ${this.statusCode}${chunk ? ` ${chunk}` : ""}`);
    this.ended = true;
    this.body = chunk;
    return this;
  }

  /** Headers with lower-case names, values as strings. */
  headers(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, { value }] of this.#headers) out[k] = Array.isArray(value) ? value.join(", ") : String(value);
    return out;
  }
}

/** A request with the fields middlewares read. */
export function fakeRequest(method: string, headers: Record<string, string | undefined>): { method: string; url: string; headers: Record<string, string> } {
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) h[k.toLowerCase()] = v;
  return { method, url: "/", headers: h };
}
