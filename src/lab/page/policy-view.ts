/**
 * The policy playground: the policy text is re-checked as you type (debounced), problems are listed
 * with their fixes, the origin × method × header matrix is redrawn, and "serve" starts the demo API
 * under the policy on a local port to run requests against.
 */
import type { PolicyProblem, PolicyReport } from "../protocol.js";
import { api, byId, h } from "./dom.js";
import { setTarget } from "./request-view.js";

const EXAMPLE = `{
  "origin": ["http://localhost:5173", "https://app.example.com"],
  "methods": ["GET", "POST", "PUT"],
  "allowedHeaders": ["Content-Type"],
  "credentials": true,
  "maxAge": 600
}`;

/** Column labels short enough for 20 columns; the full header is in the title and the cell's label. */
const SHORT: Readonly<Record<string, string>> = { "": "none", "Content-Type": "JSON", Authorization: "Auth", "X-Requested-With": "XRW" };

function renderProblems(problems: readonly PolicyProblem[]): void {
  const list = byId("problems");
  if (problems.length === 0) {
    list.replaceChildren(h("li", { class: "none" }, "No problems: the engine accepts this policy."));
    return;
  }
  list.replaceChildren(
    ...problems.map((p) => h("li", { "data-code": p.code }, h("strong", {}, `${p.path}: `), p.message, h("br"), h("span", {}, `Fix: ${p.fix}`))),
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
  text.value = EXAMPLE;
  credentials.checked = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  const check = async () => {
    const mine = ++generation;
    const report = await api<PolicyReport>("/api/policy", {
      text: text.value,
      origins: origins.value
        .split("\n")
        .map((o) => o.trim())
        .filter(Boolean),
      credentials: credentials.checked ? "include" : "omit",
    });
    if (mine !== generation) return; // a newer edit already asked
    renderProblems(report.problems);
    renderMatrix(report);
    byId("view-policy").dataset.checked = String(mine);
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void check(), 250);
  };
  text.addEventListener("input", later);
  origins.addEventListener("input", later);
  credentials.addEventListener("change", later);
  void check();

  const served = byId("served");
  const stop = byId<HTMLButtonElement>("stop");
  byId("serve").addEventListener("click", async () => {
    const answer = await api<{ url: string | null; problems: PolicyProblem[] }>("/api/policy/serve", { text: text.value });
    if (answer.url === null) {
      served.textContent = "Fix the problems first.";
      return;
    }
    stop.disabled = false;
    served.replaceChildren(
      `Serving the demo API under this policy at ${answer.url}. `,
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
