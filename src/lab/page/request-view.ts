/**
 * The request view: the builder, the two columns (your browser / the model), the comparison, the
 * console-message paste box, "save scenario" and the sequence diagram.
 */
import { type Comparison, compareOutcomes } from "../compare.js";
import { PRESETS } from "../presets.js";
import type { Hosting, LabRequest, ModelBrowser, ModelOutcome, RealOutcome, SavedScenario } from "../protocol.js";
import { drawSequence } from "./diagram.js";
import { api, byId, h, headerText } from "./dom.js";

/** Longest wait for the real browser's fetch (its own network timeouts are longer still). */
const REAL_TIMEOUT_MS = 60_000;

const input = (id: string) => byId<HTMLInputElement>(id);
const area = (id: string) => byId<HTMLTextAreaElement>(id);
const select = (id: string) => byId<HTMLSelectElement>(id);

function parseHeaders(text: string): [string, string][] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const colon = line.indexOf(":");
      if (colon <= 0) throw new Error(`header line '${line}' needs the form Name: value`);
      return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    });
}

function readForm(): LabRequest {
  const body = area("body").value;
  return {
    url: input("url").value.trim(),
    origin: input("origin").value.trim(),
    method: input("method").value.trim(),
    headers: parseHeaders(area("headers").value),
    credentials: select("credentials").value as LabRequest["credentials"],
    redirect: select("redirect").value as LabRequest["redirect"],
    body: body === "" ? null : body,
  };
}

function fill(r: LabRequest): void {
  input("url").value = r.url;
  input("origin").value = r.origin;
  input("method").value = r.method;
  area("headers").value = headerText(r.headers);
  select("credentials").value = r.credentials;
  select("redirect").value = r.redirect;
  area("body").value = r.body ?? "";
}

/** The hidden iframe that plays the page origin, one at a time. */
class Runner {
  #frame: HTMLIFrameElement | null = null;
  #url = "";
  #ready: Promise<void> | null = null;
  #next = 1;

  async run(runnerUrl: string, request: LabRequest): Promise<RealOutcome> {
    if (this.#url !== runnerUrl || this.#frame === null) this.#load(runnerUrl);
    await this.#ready;
    const frame = this.#frame as HTMLIFrameElement;
    const id = this.#next++;
    const target = new URL(runnerUrl).origin;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        window.removeEventListener("message", onMessage);
        reject(new Error(`your browser did not finish the fetch within ${REAL_TIMEOUT_MS / 1000} s`));
      }, REAL_TIMEOUT_MS);
      const onMessage = (e: MessageEvent<{ id?: number; outcome?: RealOutcome }>) => {
        if (e.source !== frame.contentWindow || e.origin !== target || e.data?.id !== id || e.data.outcome === undefined) return;
        clearTimeout(timer);
        window.removeEventListener("message", onMessage);
        resolve(e.data.outcome);
      };
      window.addEventListener("message", onMessage);
      frame.contentWindow?.postMessage({ id, request }, target);
    });
  }

  #load(runnerUrl: string): void {
    this.#frame?.remove();
    const frame = h("iframe", { src: runnerUrl, title: "runner page at the chosen origin", hidden: true, id: "runner-frame" });
    this.#frame = frame;
    this.#url = runnerUrl;
    this.#ready = new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the runner page at ${runnerUrl} did not load (does ${new URL(runnerUrl).hostname} resolve to this machine?)`)),
        15_000,
      );
      const onMessage = (e: MessageEvent<{ ready?: boolean }>) => {
        if (e.source !== frame.contentWindow || e.data?.ready !== true) return;
        clearTimeout(timer);
        window.removeEventListener("message", onMessage);
        resolve();
      };
      window.addEventListener("message", onMessage);
    });
    document.body.append(frame);
  }
}

/** Header lines sorted by name, the order a page's `response.headers` iterates in (Fetch "sort and combine"). */
function byName(headers: readonly (readonly [string, string])[]): (readonly [string, string])[] {
  return [...headers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function verdictBadge(allowed: boolean): HTMLElement {
  return h("span", { class: `verdict ${allowed ? "allowed" : "blocked"}` }, allowed ? "allowed" : "blocked");
}

function row(term: string, field: string, value: Node | string, mismatch: boolean): Node[] {
  return [h("dt", {}, term), h("dd", { "data-field": field, class: mismatch ? "mismatch" : "" }, value)];
}

function renderReal(real: RealOutcome | null, hosting: Hosting, cmp: Comparison[]): void {
  const col = byId("real");
  const bad = (f: Comparison["field"]) => cmp.some((c) => c.field === f && !c.agree);
  if (!hosting.hosted || real === null) {
    col.replaceChildren(
      h("h2", { id: "real-title" }, "Your browser"),
      h("p", { class: "note", "data-field": "model-only" }, `Model only: ${hosting.hosted ? "not run" : hosting.reason}`),
    );
    return;
  }
  col.replaceChildren(
    h("h2", { id: "real-title" }, "Your browser"),
    h(
      "dl",
      {},
      ...row("Verdict", "verdict", verdictBadge(real.allowed), bad("verdict")),
      ...row("Preflight", "preflight", "not visible to script (see DevTools → Network)", false),
      ...row("Status", "status", String(real.status ?? "-"), bad("status")),
      ...row("Response type", "type", real.type ?? "-", bad("type")),
      ...row("Redirected", "redirected", String(real.redirected), bad("redirected")),
      ...row("Readable headers", "headers", h("pre", {}, headerText(real.headers) || "(none)"), bad("headers")),
      ...row("Error", "error", real.error ?? "none", false),
      ...row("Console message", "console", area("console").value.trim() || "paste it below to compare", bad("console")),
    ),
  );
}

function renderModel(model: ModelOutcome, cmp: Comparison[]): void {
  const r = model.result;
  const bad = (f: Comparison["field"]) => cmp.some((c) => c.field === f && !c.agree);
  const preflight = r.preflight
    ? h(
        "div",
        {},
        "yes",
        h("pre", {}, `${r.preflight.request.method} ${r.preflight.request.url}\n${headerText(r.preflight.request.headers)}`),
        h("pre", {}, r.preflight.response ? `HTTP ${r.preflight.response.status}\n${headerText(r.preflight.response.headers)}` : "(no response)"),
      )
    : r.preflightFromCache
      ? "needed, answered from the preflight cache"
      : "no";
  const actual = r.trace.filter((x) => x.kind !== "preflight");
  byId("model").replaceChildren(
    h("h2", { id: "model-title" }, "corsproof model"),
    h(
      "dl",
      {},
      ...row("Verdict", "verdict", verdictBadge(r.allowed), bad("verdict")),
      ...row("Preflight", "preflight", preflight, false),
      ...(model.preflightReasons.length > 0 ? row("Why a preflight", "reasons", model.preflightReasons.join("; "), false) : []),
      ...row(
        "Actual exchange",
        "actual",
        actual.length === 0
          ? "not sent"
          : h("pre", {}, actual.map((x) => `${x.request.method} ${x.request.url} → ${x.response ? x.response.status : "no response"}`).join("\n")),
        false,
      ),
      ...row("Status", "status", String(r.response?.status ?? "-"), bad("status")),
      ...row("Response type", "type", r.response?.type ?? "-", bad("type")),
      ...row("Redirected", "redirected", String(r.response?.redirected ?? false), bad("redirected")),
      ...row("Readable headers", "headers", h("pre", {}, headerText(byName(r.response?.headers ?? [])) || "(none)"), bad("headers")),
      ...row("Error", "error", r.error ? `${r.error.code}${r.error.hint ? ` (${r.error.hint})` : ""}` : "none", false),
      ...row("Console message", "console", r.message ?? "none", bad("console")),
      ...(model.diagnosis.summary && model.diagnosis.summary !== model.fix?.line ? row("Why", "diagnosis", model.diagnosis.summary, false) : []),
      ...row(
        "Fix",
        "fix",
        model.fix
          ? h("div", {}, model.fix.line ?? "", ...model.fix.add.map((a) => h("div", {}, a)), model.fix.snippet ? h("pre", {}, model.fix.snippet) : null)
          : "nothing to fix",
        false,
      ),
    ),
    h("details", {}, h("summary", {}, "What corsproof check prints"), h("pre", {}, model.checkText)),
  );
}

/** Wires the request view. */
export function startRequestView(): void {
  const presetSelect = select("preset");
  for (const p of PRESETS) presetSelect.append(h("option", { value: p.id }, p.title));
  presetSelect.addEventListener("change", () => {
    const p = PRESETS.find((x) => x.id === presetSelect.value);
    if (p === undefined) return;
    fill(p.request);
    byId("preset-why").textContent = p.why;
    void checkHosting();
  });
  fill((PRESETS.find((p) => p.id === "simple-get") ?? (PRESETS[0] as (typeof PRESETS)[number])).request);

  const runner = new Runner();
  let hosting: Hosting = { hosted: false, reason: "not checked yet" };
  let last: { request: LabRequest; browser: ModelBrowser; real: RealOutcome | null; model: ModelOutcome } | null = null;
  // The model plays the browser this page runs in, so the columns compare like with like.
  select("browser").value = /Firefox\//.test(navigator.userAgent) ? "firefox" : "chromium";
  const status = byId("status");
  const form = byId<HTMLFormElement>("builder");

  async function checkHosting(): Promise<Hosting> {
    const origin = input("origin").value.trim();
    const p = byId("hosting");
    try {
      hosting = await api<Hosting>("/api/host", { origin });
    } catch (e) {
      hosting = { hosted: false, reason: (e as Error).message };
    }
    p.className = `hosting${hosting.hosted ? "" : " model-only"}`;
    p.textContent = hosting.hosted ? `Your browser runs it for real, from a page the lab serves at ${origin}.` : `Model only: ${hosting.reason}`;
    return hosting;
  }
  input("origin").addEventListener("change", () => void checkHosting());
  void checkHosting();

  function showComparison(): void {
    if (last === null) return;
    const agreement = byId("agreement");
    const cmp = last.real ? compareOutcomes(last.real, last.model, area("console").value) : [];
    renderReal(last.real, hosting, cmp);
    renderModel(last.model, cmp);
    const off = cmp.filter((c) => !c.agree);
    if (last.real === null) {
      agreement.className = "agreement model-only";
      agreement.dataset.agree = "model-only";
      agreement.textContent = "Model only: this origin cannot be played in your browser from here.";
    } else if (off.length === 0) {
      agreement.className = "agreement agree";
      agreement.dataset.agree = "true";
      agreement.textContent = `Your browser and the model agree (${cmp.map((c) => c.field).join(", ")}).`;
    } else {
      agreement.className = "agreement disagree";
      agreement.dataset.agree = "false";
      agreement.textContent = `Mismatch in ${off.map((c) => `${c.field} (browser: ${c.real || "-"}; model: ${c.model || "-"})`).join("; ")}. Save the scenario and file it: the model is wrong.`;
    }
    byId<HTMLButtonElement>("save").disabled = false;
  }
  area("console").addEventListener("input", showComparison);

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const run = byId<HTMLButtonElement>("run");
    run.disabled = true;
    form.dataset.state = "running";
    status.textContent = "Running…";
    try {
      const request = readForm();
      const where = await checkHosting();
      const real = where.hosted ? await runner.run(where.runnerUrl, request) : null;
      const browser = select("browser").value as ModelBrowser;
      const model = await api<ModelOutcome>("/api/run", { request, browser });
      last = { request, browser, real, model };
      showComparison();
      drawSequence(byId("diagram"), request.origin, model.result);
      status.textContent = "Done.";
    } catch (err) {
      status.textContent = `Error: ${(err as Error).message}`;
    } finally {
      run.disabled = false;
      form.dataset.state = "done";
      // Finished runs, for whoever waits on the page (assistive tech gets #status; tests read this).
      form.dataset.runs = String(Number(form.dataset.runs ?? "0") + 1);
    }
  });

  byId("clear-cache").addEventListener("click", async () => {
    await api("/api/cache/clear", {});
    status.textContent = "The model's preflight cache is empty (your browser keeps its own until the entries expire).";
  });

  byId("save").addEventListener("click", () => {
    if (last === null) return;
    const consoleMessage = area("console").value.trim();
    const scenario: SavedScenario = {
      corsproofLab: 1,
      userAgent: navigator.userAgent,
      request: last.request,
      browser: last.browser,
      real: last.real,
      consoleMessage: consoleMessage === "" ? null : consoleMessage,
      model: last.model,
      mismatches: last.real
        ? compareOutcomes(last.real, last.model, consoleMessage)
            .filter((c) => !c.agree)
            .map((c) => c.field)
        : [],
    };
    const a = h("a", {
      href: URL.createObjectURL(new Blob([JSON.stringify(scenario, null, 2)], { type: "application/json" })),
      download: "corsproof-lab-scenario.json",
    });
    a.click();
    URL.revokeObjectURL(a.href);
  });
}

/** Fills the builder (used by "test against it" from the policy view). */
export function setTarget(url: string): void {
  input("url").value = url;
}
