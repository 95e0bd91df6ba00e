/**
 * Access-Control-Allow-Private-Network: the answer to a Private Network Access preflight
 * (`Access-Control-Request-Private-Network: true`, WICG PNA §3). Sent only when enabled, only on
 * successful preflights that asked for it.
 */
export const ACAPN = "Access-Control-Allow-Private-Network";

/** Whether a preflight asked for private network access. */
export function asksPrivateNetwork(value: string | undefined): boolean {
  return value === "true";
}
