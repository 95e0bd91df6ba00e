/**
 * The page side of the conformance suites: runs a batch of fetch() calls inside the page and reports
 * what script saw. Shared by the Chromium and Firefox drivers; it is serialised into the page, so it
 * must stay self-contained (no imports, no closures).
 */

/** What script observed for one fetch. */
export interface PageOutcome {
  readonly id: string;
  readonly ok: boolean;
  readonly status?: number;
  readonly type?: string;
  readonly headers?: string[];
  readonly error?: string;
}

/** One fetch for the page to run. */
export interface PageFetch {
  readonly id: string;
  readonly url: string;
  readonly init: {
    method?: string;
    headers: [string, string][];
    credentials?: string;
    mode?: string;
    redirect?: string;
    referrerPolicy?: string;
    body?: { kind: string; value: string; type?: string };
  };
  /** Milliseconds to wait before this fetch (sequences only). */
  readonly waitBefore?: number;
}

/** Runs the fetches concurrently (in order when `sequential`), inside the page. */
export async function runFetches({ fetches, sequential }: { fetches: PageFetch[]; sequential: boolean }): Promise<PageOutcome[]> {
  const one = async (f: PageFetch): Promise<PageOutcome> => {
    const init: RequestInit = { headers: f.init.headers };
    if (f.init.method !== undefined) init.method = f.init.method;
    if (f.init.credentials !== undefined) init.credentials = f.init.credentials as RequestCredentials;
    if (f.init.mode !== undefined) init.mode = f.init.mode as RequestMode;
    if (f.init.redirect !== undefined) init.redirect = f.init.redirect as RequestRedirect;
    if (f.init.referrerPolicy !== undefined) init.referrerPolicy = f.init.referrerPolicy as ReferrerPolicy;
    const b = f.init.body;
    if (b !== undefined)
      init.body = b.kind === "text" ? b.value : b.kind === "urlencoded" ? new URLSearchParams(b.value) : new Blob([b.value], { type: b.type ?? "" });
    try {
      const r = await fetch(f.url, init);
      await r.arrayBuffer().catch(() => undefined);
      return { id: f.id, ok: true, status: r.status, type: r.type, headers: [...r.headers.keys()] };
    } catch (e) {
      return { id: f.id, ok: false, error: String(e) };
    }
  };
  if (!sequential) return Promise.all(fetches.map(one));
  const out: PageOutcome[] = [];
  for (const f of fetches) {
    if (f.waitBefore !== undefined) await new Promise((r) => setTimeout(r, f.waitBefore));
    out.push(await one(f));
  }
  return out;
}
