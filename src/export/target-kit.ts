/** What every target needs from an edge policy: the request classes and the header names in play. */
import type { EdgePolicy, EdgeResponse } from "./edge-policy.js";

/** A request class with the engine's answer for it. */
export interface RequestClass {
  readonly name: "none" | "allowed" | "denied" | "preflight_ok" | "preflight_denied";
  readonly response: EdgeResponse;
}

/** The classes, in the order the targets test them. */
export function requestClasses(p: EdgePolicy): readonly RequestClass[] {
  const r = p.responses;
  return [
    { name: "none", response: r.none },
    { name: "allowed", response: r.allowed },
    { name: "denied", response: r.denied },
    { name: "preflight_ok", response: r.preflightOk },
    { name: "preflight_denied", response: r.preflightDenied },
  ];
}

/**
 * The preflight classes the proxy answers itself, with their status. None with `origin: false`:
 * the engine then switches CORS off and every OPTIONS reaches the application (status 0).
 */
export function answeredPreflights(p: EdgePolicy): readonly (readonly ["preflight_ok" | "preflight_denied", number])[] {
  const answered: (readonly ["preflight_ok" | "preflight_denied", number])[] = [
    ["preflight_ok", p.responses.preflightOk.status],
    ["preflight_denied", p.responses.preflightDenied.status],
  ];
  return answered.filter(([, status]) => status !== 0);
}

/** Every CORS header any class sends, in the engine's order (the richest answers first). */
export function headerNames(p: EdgePolicy): readonly string[] {
  const names: string[] = [];
  for (const c of [p.responses.preflightOk, p.responses.allowed, p.responses.none, p.responses.denied, p.responses.preflightDenied]) {
    for (const [name] of [...c.headers, ...c.privateNetwork]) if (!names.includes(name)) names.push(name);
  }
  return names;
}
