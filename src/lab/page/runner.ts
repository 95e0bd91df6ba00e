/**
 * The runner page, served at the page origin under test: it runs the lab's fetch() for real, as a
 * page at that origin, and posts back what script saw. Messages are accepted from the lab's own
 * origins only, and answered to that origin only.
 */
import type { LabRequest, RealOutcome } from "../protocol.js";

async function run(r: LabRequest): Promise<RealOutcome> {
  const init: RequestInit = {
    method: r.method,
    headers: r.headers.map(([n, v]) => [n, v] as [string, string]),
    credentials: r.credentials,
    redirect: r.redirect,
    mode: "cors",
  };
  if (r.body !== null) init.body = r.body;
  try {
    const res = await fetch(r.url, init);
    await res.arrayBuffer().catch(() => undefined);
    return { allowed: true, status: res.status, type: res.type, redirected: res.redirected, headers: [...res.headers], error: null };
  } catch (e) {
    return { allowed: false, status: null, type: null, redirected: false, headers: [], error: String(e) };
  }
}

/** Starts listening for the lab's requests. */
export function startRunner(): void {
  const parents = new Set((document.body.dataset.parents ?? "").split(" ").filter(Boolean));
  window.addEventListener("message", async (event: MessageEvent<{ id: number; request: LabRequest }>) => {
    if (!parents.has(event.origin) || typeof event.data?.id !== "number") return;
    const outcome = await run(event.data.request);
    (event.source as Window | null)?.postMessage({ id: event.data.id, outcome }, event.origin);
  });
  window.parent.postMessage({ ready: true }, "*");
}
