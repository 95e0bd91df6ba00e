/** Fetch "Methods": facts about request methods shared by the policy and the browser model. */

/** Fetch "forbidden method": byte-case-insensitive CONNECT, TRACE, TRACK. Browsers refuse to send them. */
export function isForbiddenMethod(method: string): boolean {
  const upper = method.toUpperCase();
  return upper === "CONNECT" || upper === "TRACE" || upper === "TRACK";
}

const NORMALIZED = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);

/**
 * Fetch "normalize" a method: the six well-known methods are upper-cased when they match
 * case-insensitively; every other method keeps its exact bytes (`patch` stays `patch`).
 */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED.has(upper) ? upper : method;
}

/** Fetch "CORS-safelisted method": GET, HEAD or POST (after normalisation, case-sensitive). */
export function isCorsSafelistedMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "POST";
}
