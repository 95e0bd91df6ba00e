/**
 * The policy playground: the policy text (JSON, or a module like `serve --config policy.mjs`) is
 * re-checked as you type (debounced), problems are listed with their fixes and positions, the
 * origin × method × header matrix is redrawn, and "serve" starts the demo API under the policy on
 * a local port to run requests against. This page never evaluates the text: JSON is checked by
 * the lab server, a module runs in a sandboxed process the server starts, and the page says so.
 */
import type { PolicyFormat, PolicyProblem, PolicyReport, SandboxInfo } from "../protocol.js";
import { api, byId, h } from "./dom.js";
import { setTarget } from "./request-view.js";

const EXAMPLE = `{
  "origin": ["http://localhost:5173", "https://app.example.com"],
  "methods": ["GET", "POST", "PUT"],
  "allowedHeaders": ["Content-Type"],
  "credentials": true,
  "maxAge": 600
}`;

const MODULE_EXAMPLE = `// Like serve --config policy.mjs: RegExp and function origins, which JSON cannot say.
const previews = /^https:\\/\\/pr-\\d+\\.preview\\.example\\.com$/;

export default {
  origin: [previews, "http://localhost:5173", "https://app.example.com"],
  methods: ["GET", "POST", "PUT"],
  allowedHeaders: ["Content-Type"],
  credentials: true,
  maxAge: 600,
};`;

/** Column labels short enough for 20 columns; the full header is in the title and the cell's label. */
const SHORT: Readonly<Record<string, string>> = { "": "none", "Content-Type": "JSON", Authorization: "Auth", "X-Requested-With": "XRW" };

/** Puts the caret at `line`:`column` (1-based) of the policy text and scrolls there. */
function goTo(text: HTMLTextAreaElement, line: number, column: number): void {
  const lines = text.value.split("\n");
  const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  text.focus();
  text.setSelectionRange(offset, offset + 1);
  text.scrollTop = Math.max(0, (line - 3) * (text.scrollHeight / Math.max(lines.length, 1)));
}

function renderProblems(problems: readonly PolicyProblem[], text: HTMLTextAreaElement): void {
  const list = byId("problems");
  if (problems.length === 0) {
    list.replaceChildren(h("li", { class: "none" }, "No problems: the engine accepts this policy."));
    return;
  }
  list.replaceChildren(
    ...problems.map((p) => {
      const at =
        p.line === undefined
          ? null
          : h(
              "button",
              { type: "button", class: "at", "aria-label": `Go to line ${p.line}, column ${p.column ?? 1} of the policy` },
              `line ${p.line}:${p.column ?? 1}`,
            );
      at?.addEventListener("click", () => goTo(text, p.line ?? 1, p.column ?? 1));
      return h(
        "li",
        { "data-code": p.code, class: p.severity === "warning" ? "warning" : "" },
        h("strong", {}, `${p.severity === "warning" ? "warning " : ""}${p.path}: `),
        p.message,
        at,
        h("br"),
        h("span", {}, `Fix: ${p.fix}`),
      );
    }),
  );
}

/** Says where a module runs and what that means, from what the server reports. */
function renderSandbox(format: PolicyFormat, sandbox: SandboxInfo | undefined): void {
  const note = byId("sandbox-note");
  note.hidden = format !== "mjs";
  if (format !== "mjs") return;
  const what = "Not in this page: the lab runs the module on your machine in a separate Node process, under Node's permission model";
  if (sandbox === undefined) {
    note.textContent = `${what}.`;
    return;
  }
  note.className = `sandbox${sandbox.networkOpen ? " open" : ""}`;
  note.replaceChildren(
    `${what} (Node ${sandbox.node}, ${sandbox.flags[0]}), with a ${sandbox.heapMb} MB heap, stopped after ${sandbox.timeoutMs / 1000} s, one check at a time. `,
    `It cannot: ${sandbox.denied.join("; ")}. `,
    sandbox.networkOpen
      ? h(
          "strong",
          {},
          "On this Node the permission model does not cover the network: the module could still open connections (Node 25 and later close that). ",
        )
      : "",
    "Its RegExp and function origins are called for real there, for the matrix and when served. Paste only code you would run with corsproof serve --config.",
  );
}

function renderMatrix(report: PolicyReport): void {
  const box = byId("matrix");
  const m = report.matrix;
  if (m === null) {
    box.replaceChildren(h("p", { class: "note" }, "Fix the problems above to see the matrix."));
    return;
  }
  const headerName = (set: (typeof m.headerSets)[number]) => (set.length === 0 ? "no extra header" : set.map(([n, v]) => `${n}: ${v}`).join(", "));
  const table = h(
    "table",
    { class: "matrix", "aria-label": `What the browser allows, credentials ${m.credentials}` },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { rowspan: "2", scope: "col" }, "page origin"),
        ...m.methods.map((method) => h("th", { colspan: String(m.headerSets.length), scope: "colgroup" }, method)),
      ),
      h(
        "tr",
        {},
        ...m.methods.flatMap(() =>
          m.headerSets.map((set) => h("th", { scope: "col", title: headerName(set) }, h("abbr", { title: headerName(set) }, SHORT[set[0]?.[0] ?? ""] ?? "—"))),
        ),
      ),
    ),
    h(
      "tbody",
      {},
      ...m.origins.map((origin, oi) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, origin),
          ...m.methods.flatMap((method, mi) =>
            m.headerSets.map((set, hi) => {
              const c = m.cells[oi]?.[mi]?.[hi];
              if (c === undefined) return h("td", {}, "?");
              const label = `${origin} ${method} ${headerName(set)}: ${c.allowed ? "allowed" : `blocked (${c.code})`}${c.preflight ? ", preflight" : ""}`;
              return h(
                "td",
                {
                  class: c.allowed ? "allowed" : "blocked",
                  title: c.message ?? label,
                  "aria-label": label,
                  "data-origin": origin,
                  "data-method": method,
                  "data-headers": String(hi),
                  "data-allowed": String(c.allowed),
                },
                c.allowed ? "✓" : "✗",
                c.preflight ? h("sup", { "aria-hidden": "true" }, "P") : null,
              );
            }),
          ),
        ),
      ),
    ),
  );
  box.replaceChildren(
    table,
    h(
      "p",
      { class: "note" },
      "✓ allowed, ✗ blocked, P: a preflight was sent. Columns: no extra header, Content-Type: application/json, Authorization, X-Requested-With. Hover a cell for the console message.",
    ),
  );
}

/** Wires the policy view. */
export function startPolicyView(showRequestView: () => void): void {
  const text = byId<HTMLTextAreaElement>("policy");
  const origins = byId<HTMLTextAreaElement>("policy-origins");
  const credentials = byId<HTMLInputElement>("policy-credentials");
  const format = (): PolicyFormat => (byId<HTMLInputElement>("format-mjs").checked ? "mjs" : "json");
  text.value = EXAMPLE;
  credentials.checked = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  const check = async () => {
    const mine = ++generation;
    const asked = format();
    renderSandbox(asked, undefined);
    const report = await api<PolicyReport>("/api/policy", {
      format: asked,
      text: text.value,
      origins: origins.value
        .split("\n")
        .map((o) => o.trim())
        .filter(Boolean),
      credentials: credentials.checked ? "include" : "omit",
    });
    if (mine !== generation) return; // a newer edit already asked
    renderProblems(report.problems, text);
    renderMatrix(report);
    renderSandbox(asked, report.module?.sandbox);
    const exported = byId<HTMLDetailsElement>("exported");
    exported.hidden = report.module?.exported == null;
    byId("exported-text").textContent = report.module?.exported ?? "";
    byId("view-policy").dataset.checked = String(mine);
  };
  const later = () => {
    clearTimeout(timer);
    // A module check starts a process: wait for a pause in typing a little longer.
    timer = setTimeout(() => void check(), format() === "mjs" ? 500 : 250);
  };
  text.addEventListener("input", later);
  origins.addEventListener("input", later);
  credentials.addEventListener("change", later);
  for (const id of ["format-json", "format-mjs"])
    byId(id).addEventListener("change", () => {
      // Carry the policy over: the examples swap, JSON becomes the module's default export.
      const t = text.value.trim();
      if (format() === "mjs") text.value = t === EXAMPLE.trim() || t === "" ? MODULE_EXAMPLE : `export default ${t};\n`;
      else if (t === MODULE_EXAMPLE.trim()) text.value = EXAMPLE;
      void check();
    });
  void check();

  const served = byId("served");
  const stop = byId<HTMLButtonElement>("stop");
  byId("serve").addEventListener("click", async () => {
    const answer = await api<{ url: string | null; problems: PolicyProblem[] }>("/api/policy/serve", { text: text.value, format: format() });
    if (answer.url === null) {
      served.textContent = `Fix the problems first${answer.problems[0] ? `: ${answer.problems[0].message}` : ""}.`;
      return;
    }
    stop.disabled = false;
    served.replaceChildren(
      format() === "mjs"
        ? `Serving the demo API under this module at ${answer.url}, from its sandboxed process (like corsproof serve --config). `
        : `Serving the demo API under this policy at ${answer.url}. `,
      h("button", { type: "button", id: "test-served" }, "Test a request against it"),
    );
    byId("test-served").addEventListener("click", () => {
      setTarget(`${answer.url}/api/items`);
      showRequestView();
    });
  });
  stop.addEventListener("click", async () => {
    await api("/api/policy/stop", {});
    stop.disabled = true;
    served.textContent = "Stopped.";
  });
}
